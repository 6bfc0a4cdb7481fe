//! `late_start`: an activity that has not started (status `not_started` on the as-of day,
//! so neither done, cancelled nor in progress) although its planned start plus
//! `grace_days` has passed.
//!
//! Days late count from the planned start itself: with a planned start of 2021-03-01 and
//! 0 grace days, the activity is late from 2021-03-02, by 1 day; on 2021-03-01 it is not.
//! With grace days `g` it is reported from the day after planned start + `g`, still
//! counting from the planned start.
//!
//! Parameters: `grace_days` (default 0).
//!
//! Evidence: `planned_start`, `days_late`, `grace_days`, `deadline`, and `last_update`
//! when there is one; `baseline_start` and `start_moved_days` (planned start - baseline
//! start) when the schedule baseline covers the activity.

use crate::eval::{Context, Ev, FindingRef, RuleSink, Sentence};
use crate::model::ActivityStatus;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "late_start";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default)]
    grace_days: u32,
}

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "baseline_start",
    "days_late",
    "deadline",
    "grace_days",
    "last_update",
    "planned_start",
    "start_moved_days",
];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        let days_late = (ctx.as_of - a.planned_start).num_days();
        if days_late <= i64::from(params.grace_days) {
            continue;
        }
        let state = ctx.state(i);
        if state.status != ActivityStatus::NotStarted || !ctx.activity_in_scope(settings, i) {
            continue;
        }
        let mut head = ctx.activity_head(settings.severity, i);
        head.sort_date = Some(a.planned_start);
        let (baseline_start, moved) = match ctx.baseline_dates(i) {
            Some([start, _]) => (
                Ev::Date(start),
                Ev::Int((a.planned_start - start).num_days()),
            ),
            None => (Ev::Absent, Ev::Absent),
        };
        out.push(
            head,
            &[
                baseline_start,
                Ev::Int(days_late),
                Ev::Date(a.deadline),
                Ev::int(params.grace_days),
                Ev::date_if(state.last_update),
                Ev::Date(a.planned_start),
                moved,
            ],
        );
    }
}

/// `activity 1.2.3 has not started, 45 days after its planned start 2021-05-16`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let mut m = Sentence::with_capacity(96);
    m.push("activity ")
        .push(f.subject_id())
        .push(" has not started, ")
        .int(f.int("days_late"))
        .push(" days after its planned start ")
        .date_if(f.date("planned_start"));
    m.into()
}
