//! `meeting_missed`: an expected meeting whose due day has passed with none held.
//!
//! A meeting is expected from each organiser bound by a meeting obligation for each
//! period of its frequency (see [`crate::Dataset::expected_meetings`]) and is due on the
//! period's last day plus the obligation's grace days. It is missed when the as-of day is
//! after the due day and no meeting for that obligation, organiser and period was held
//! on or before the as-of day (a meeting held late, after the due day but by the as-of
//! day, is not missed; meeting rates count it as not on time). On the due day itself it
//! is not missed yet.
//!
//! Parameters: none.
//!
//! Evidence: `obligation`, `organiser`, `frequency`, `period`, `due` and `days_late`
//! (as-of day - due day).
//!
//! Finding id: `meeting_missed:<organiser>:<obligation>@<period>` (the obligation is part
//! of the id because one organiser may hold several meetings of the same frequency).

use super::organisation_finding;
use crate::eval::{Context, Finding};
use crate::rules::RuleSettings;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "meeting_missed";

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let ds = ctx.dataset;
    let plan = ds.plan();
    for expected in ds.expected_meetings() {
        if ctx.as_of <= expected.due {
            continue;
        }
        let held = ds
            .meeting_held(expected.obligation, expected.organiser, expected.period)
            .is_some_and(|d| d <= ctx.as_of);
        if held || !ctx.org_in_scope(settings, expected.organiser) {
            continue;
        }
        let (Some(obligation), Some(organiser)) = (
            plan.meeting_obligations.get(expected.obligation as usize),
            plan.organisations.get(expected.organiser as usize),
        ) else {
            continue;
        };
        let days_late = (ctx.as_of - expected.due).num_days();
        let period = expected.period.id();
        let mut evidence = BTreeMap::new();
        evidence.insert("obligation".into(), json!(obligation.id));
        evidence.insert("organiser".into(), json!(organiser.id));
        evidence.insert("frequency".into(), json!(obligation.frequency));
        evidence.insert("period".into(), json!(period));
        evidence.insert("due".into(), json!(expected.due));
        evidence.insert("days_late".into(), json!(days_late));
        out.push(organisation_finding(
            ID,
            format!("{ID}:{}:{}@{period}", organiser.id, obligation.id),
            settings,
            organiser,
            format!(
                "{} held no meeting for {} in {period} (due {}, {})",
                organiser.id,
                obligation.id,
                expected.due,
                super::days_late_text(days_late)
            ),
            Some(period),
            Some(expected.period.start()),
            evidence,
        ));
    }
}
