//! `due_soon`: an activity not done or cancelled whose deadline is within the next `days`
//! days, counting the as-of day: from `deadline - days` up to the deadline itself, both
//! included. With the default 30 days and a deadline of 2021-06-30, it is reported from
//! 2021-05-31 (30 days left) to 2021-06-30 (due today, 0 days left); from 2021-07-01 the
//! activity is overdue (see `overdue`) and no longer due soon.
//!
//! Parameters: `days` (default 30).
//!
//! Evidence: `deadline`, `days_left` (deadline - as-of day), `days`, `status`, and
//! `progress` when known; `baseline_deadline` and `deadline_moved_days` (deadline -
//! baseline deadline) when the schedule baseline covers the activity.

use crate::eval::{Context, Ev, FindingRef, RuleSink, Sentence};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "due_soon";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_days")]
    days: u32,
}

fn default_days() -> u32 {
    30
}

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "baseline_deadline",
    "days",
    "days_left",
    "deadline",
    "deadline_moved_days",
    "progress",
    "status",
];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        let days_left = (a.deadline - ctx.as_of).num_days();
        if !(0..=i64::from(params.days)).contains(&days_left) {
            continue;
        }
        let state = ctx.state(i);
        if state.status.is_closed() || !ctx.activity_in_scope(settings, i) {
            continue;
        }
        let mut head = ctx.activity_head(settings.severity, i);
        head.sort_date = Some(a.deadline);
        let (baseline_deadline, moved) = super::deadline_against_baseline(ctx, i);
        out.push(
            head,
            &[
                baseline_deadline,
                Ev::int(params.days),
                Ev::Int(days_left),
                Ev::Date(a.deadline),
                moved,
                Ev::float_if(state.progress),
                Ev::status(state.status),
            ],
        );
    }
}

/// `activity 1.2.3 is due in 12 days, on 2021-07-12 (in progress, 40% done)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let mut m = Sentence::with_capacity(96);
    m.push("activity ").push(f.subject_id()).push(" is due ");
    match f.int("days_left") {
        0 => m.push("today"),
        1 => m.push("tomorrow"),
        n => m.push("in ").int(n).push(" days"),
    };
    m.push(", on ").date_if(f.date("deadline")).push(" (");
    super::push_state(&mut m, f);
    m.push(")");
    m.into()
}
