//! `stale_update`: an activity in progress on the as-of day whose latest status update
//! is more than `days` days old. With the default 90 days and a last update on
//! 2021-01-01, it is reported from 2021-04-02 (91 days since); on 2021-04-01 (90 days) it
//! is not. Updates dated after the as-of day are not known yet and do not count. Done,
//! cancelled and not-started activities are not reported (see `late_start` for those).
//!
//! Parameters: `days` (default 90).
//!
//! Evidence: `last_update`, `days_since_update`, `days`, and `progress` when known.

use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::model::ActivityStatus;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "stale_update";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_days")]
    days: u32,
}

fn default_days() -> u32 {
    90
}

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &["days", "days_since_update", "last_update", "progress"];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    for i in 0..ctx.plan().activities.len() {
        let state = ctx.state(i);
        if state.status != ActivityStatus::InProgress {
            continue;
        }
        let Some(last) = state.last_update else {
            continue;
        };
        let days_since = (ctx.as_of - last).num_days();
        if days_since <= i64::from(params.days) || !ctx.activity_in_scope(settings, i) {
            continue;
        }
        let mut head = ctx.activity_head(settings.severity, i);
        head.sort_date = Some(last);
        out.push(
            head,
            &[
                Ev::int(params.days),
                Ev::Int(days_since),
                Ev::Date(last),
                Ev::float_if(state.progress),
            ],
        );
    }
}

/// `activity 1.2.3 is in progress with no status update for 120 days (last 2021-03-01)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let last = f
        .date("last_update")
        .map(|d| crate::load::date::IsoDate(d).to_string())
        .unwrap_or_default();
    format!(
        "activity {} is in progress with no status update for {} days (last {last})",
        f.subject_id(),
        f.int("days_since_update")
    )
}
