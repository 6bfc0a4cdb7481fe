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

use super::{days_late_text, organisation_head};
use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::rules::RuleSettings;

/// The rule id.
pub(crate) const ID: &str = "meeting_missed";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "days_late",
    "due",
    "frequency",
    "obligation",
    "organiser",
    "period",
];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
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
        let (Some(obligation), Some(_)) = (
            plan.meeting_obligations.get(expected.obligation as usize),
            plan.organisations.get(expected.organiser as usize),
        ) else {
            continue;
        };
        let days_late = (ctx.as_of - expected.due).num_days();
        let mut head = organisation_head(settings, expected.organiser, Some(expected.period));
        // The id names the obligation: `meeting_missed:organiser:obligation@period`.
        head.extra = expected.obligation;
        out.push(
            head,
            &[
                Ev::Int(days_late),
                Ev::Date(expected.due),
                Ev::period_type(obligation.frequency),
                Ev::MeetingObligation(expected.obligation),
                Ev::Organisation(expected.organiser),
                Ev::Period,
            ],
        );
    }
}

/// `D1 held no meeting for M1 in 2020Q1 (due 2020-04-15, 30 days late)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let due = f
        .date("due")
        .map(|d| crate::load::date::IsoDate(d).to_string())
        .unwrap_or_default();
    format!(
        "{} held no meeting for {} in {} (due {due}, {})",
        f.subject_id(),
        f.text("obligation"),
        f.text("period"),
        days_late_text(f.int("days_late"))
    )
}
