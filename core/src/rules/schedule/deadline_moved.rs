//! `deadline_moved`: an activity whose deadline is later than in the schedule baseline by
//! more than `threshold_days`.
//!
//! The schedule baseline is the plan's first (its original) unless the rule set's
//! `schedule_baseline` names another (see
//! [`ScheduleBaseline`](crate::model::ScheduleBaseline)). An activity the baseline does not
//! cover is not reported, nor one whose deadline moved earlier. Every status counts, and
//! the evidence holds none: the rule is about what was agreed, not about progress, so its
//! findings change only when the plan does.
//!
//! Days moved count from the baseline deadline: with a baseline deadline of 2021-06-30,
//! a deadline of 2021-12-31 moved by 184 days; with the default 30 threshold days, a
//! deadline of 2021-07-30 (30 days) is not reported and one of 2021-07-31 is.
//!
//! Parameters: `threshold_days` (default 30).
//!
//! Evidence: `baseline` (its id), `baseline_start`, `baseline_deadline`,
//! `planned_start`, `deadline`, `deadline_moved_days` (deadline - baseline deadline),
//! `threshold_days`.

use crate::eval::{Context, Ev, FindingRef, RuleSink, Sentence};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "deadline_moved";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_threshold")]
    threshold_days: u32,
}

fn default_threshold() -> u32 {
    30
}

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "baseline",
    "baseline_deadline",
    "baseline_start",
    "deadline",
    "deadline_moved_days",
    "planned_start",
    "threshold_days",
];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    if ctx.baseline.is_none() {
        return;
    }
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        let Some([baseline_start, baseline_deadline]) = ctx.baseline_dates(i) else {
            continue;
        };
        let moved = (a.deadline - baseline_deadline).num_days();
        if moved <= i64::from(params.threshold_days) || !ctx.activity_in_scope(settings, i) {
            continue;
        }
        let mut head = ctx.activity_head(settings.severity, i);
        head.sort_date = Some(a.deadline);
        out.push(
            head,
            &[
                ctx.baseline_ev(),
                Ev::Date(baseline_deadline),
                Ev::Date(baseline_start),
                Ev::Date(a.deadline),
                Ev::Int(moved),
                Ev::Date(a.planned_start),
                Ev::int(params.threshold_days),
            ],
        );
    }
}

/// `activity 2.1.4's deadline 2022-06-30 is 181 days later than in baseline original-2019
/// (2021-12-31)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let mut m = Sentence::with_capacity(112);
    m.push("activity ")
        .push(f.subject_id())
        .push("'s deadline ")
        .date_if(f.date("deadline"))
        .push(" is ")
        .int(f.int("deadline_moved_days"))
        .push(" days later than in baseline ")
        .push(&f.text("baseline"))
        .push(" (")
        .date_if(f.date("baseline_deadline"))
        .push(")");
    m.into()
}
