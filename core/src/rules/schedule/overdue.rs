//! `overdue`: an activity not done or cancelled whose deadline plus grace days has passed.
//!
//! Days overdue count from the deadline itself: with a deadline of 2021-06-01 and
//! 0 grace days, the activity is overdue from 2021-06-02, by 1 day. With grace days `g`
//! it is reported from the day after deadline + `g`, still counting from the deadline.
//! The finding's severity is the rule's, raised to the highest `escalation` step whose
//! `after_days` the days overdue reach.
//!
//! Evidence: `days_overdue`, `deadline`, `grace_days`, `status`, `progress` and
//! `last_update` when known, and, when the schedule baseline covers the activity,
//! `baseline_deadline` and `deadline_moved_days` (deadline - baseline deadline).

use crate::eval::{Context, Ev, FindingRef, RuleSink, Sentence};
use crate::rules::catalogue::params_or_default;
use crate::rules::{RuleSettings, Severity};
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "overdue";

/// One escalation step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Step {
    after_days: i64,
    severity: Severity,
}

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default)]
    grace_days: u32,
    #[serde(default = "default_escalation")]
    escalation: Vec<Step>,
}

fn default_escalation() -> Vec<Step> {
    vec![
        Step {
            after_days: 180,
            severity: Severity::Error,
        },
        Step {
            after_days: 365,
            severity: Severity::Critical,
        },
    ]
}

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "baseline_deadline",
    "days_overdue",
    "deadline",
    "deadline_moved_days",
    "grace_days",
    "last_update",
    "progress",
    "status",
];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        if !ctx.activity_in_scope(settings, i) {
            continue;
        }
        let state = ctx.state(i);
        if state.status.is_closed() {
            continue;
        }
        let days_overdue = (ctx.as_of - a.deadline).num_days();
        if days_overdue <= i64::from(params.grace_days) {
            continue;
        }
        let severity = params
            .escalation
            .iter()
            .filter(|s| days_overdue >= s.after_days)
            .map(|s| s.severity)
            .fold(settings.severity, Severity::max);
        let mut head = ctx.activity_head(severity, i);
        head.sort_date = Some(a.deadline);
        let (baseline_deadline, moved) = super::deadline_against_baseline(ctx, i);
        out.push(
            head,
            &[
                baseline_deadline,
                Ev::Int(days_overdue),
                Ev::Date(a.deadline),
                moved,
                Ev::int(params.grace_days),
                Ev::date_if(state.last_update),
                Ev::float_if(state.progress),
                Ev::status(state.status),
            ],
        );
    }
}

/// `activity 2.7.11 is 792 days past its deadline 2019-04-30 (in progress, 95% done)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let mut m = Sentence::with_capacity(96);
    m.push("activity ")
        .push(f.subject_id())
        .push(" is ")
        .int(f.int("days_overdue"))
        .push(" days past its deadline ")
        .date_if(f.date("deadline"))
        .push(" (");
    super::push_state(&mut m, f);
    m.push(")");
    m.into()
}
