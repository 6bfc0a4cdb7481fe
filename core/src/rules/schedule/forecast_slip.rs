//! `forecast_slip`: an open activity (not started or in progress) whose forecast finish,
//! from the evaluation's critical-path forecast (see [`Forecast`](crate::Forecast)), is
//! after its deadline by at least `min_slip_days`.
//!
//! The forecast starts from the as-of day: a not-started activity takes its whole planned
//! window from the latest of its planned start, the as-of day and what its predecessors
//! allow; an activity in progress needs `planned duration x (1 - progress / 100)` more
//! days from the as-of day. So an activity still on plan (forecast finish on its
//! deadline) is not reported, one that cannot finish in time is. Activities already past
//! their deadline are reported too (they are forecast to finish after it); `overdue`
//! reports them as well.
//!
//! Parameters: `min_slip_days` (default 1), `max_chain` (default 10): the most chain
//! entries listed in the evidence.
//!
//! Evidence: `forecast_start`, `forecast_finish`, `deadline`, `slip_days` (forecast
//! finish - deadline), `slack_days` (also counting successors' deadlines), `status`,
//! `progress` when known, and, when a predecessor drives the forecast,
//! `driving_predecessor`, `driving_chain` (activity ids, nearest first, at most
//! `max_chain`; the evaluation's forecast has their dates), `chain_length` (the whole
//! chain) and `root_cause`; `baseline_deadline` and `finish_variance_days` (forecast
//! finish - baseline deadline) when the schedule baseline covers the activity.

use super::default_max_chain;
use crate::eval::{Context, Ev, FindingRef, RuleSink, Sentence};
use crate::model::ActivityStatus;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "forecast_slip";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_min_slip")]
    min_slip_days: u32,
    #[serde(
        default = "default_max_chain",
        deserialize_with = "crate::rules::catalogue::range::count"
    )]
    max_chain: usize,
}

fn default_min_slip() -> u32 {
    1
}

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "baseline_deadline",
    "chain_length",
    "deadline",
    "driving_chain",
    "driving_predecessor",
    "finish_variance_days",
    "forecast_finish",
    "forecast_start",
    "progress",
    "root_cause",
    "slack_days",
    "slip_days",
    "status",
];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let min_slip = i64::from(params.min_slip_days.max(1));
    let forecast = ctx.forecast();
    let activities = &ctx.plan().activities;
    for i in 0..forecast.len() {
        let status = forecast.status(i);
        if !matches!(
            status,
            ActivityStatus::NotStarted | ActivityStatus::InProgress
        ) {
            continue;
        }
        let Some(deadline) = activities.get(i).map(|a| a.deadline) else {
            continue;
        };
        let early_finish = forecast.early_finish(i);
        let slip = (early_finish - deadline).num_days();
        if slip < min_slip || !ctx.activity_in_scope(settings, i) {
            continue;
        }
        let state = ctx.state(i);
        let (mut driver, mut chain, mut length, mut root) =
            (Ev::Absent, Ev::Absent, Ev::Absent, Ev::Absent);
        if let Some(d) = forecast.driver_position(i) {
            driver = Ev::Activity(d);
            chain = out.activities(forecast.driving_positions(i).take(params.max_chain));
            if let Some((r, len)) = forecast.chain_root_position(i) {
                length = Ev::int(len);
                root = Ev::Activity(r);
            }
        }
        let mut head = ctx.activity_head(settings.severity, i);
        head.sort_date = Some(deadline);
        let (baseline_deadline, variance) = match forecast.variance(ctx.dataset, i) {
            Some(v) => (Ev::Date(v.finish), Ev::Int(v.finish_days)),
            None => (Ev::Absent, Ev::Absent),
        };
        out.push(
            head,
            &[
                baseline_deadline,
                length,
                Ev::Date(deadline),
                chain,
                driver,
                variance,
                Ev::Date(early_finish),
                Ev::Date(forecast.early_start(i)),
                Ev::float_if(state.progress),
                root,
                Ev::Int(forecast.slack_days(i)),
                Ev::Int(slip),
                Ev::status(status),
            ],
        );
    }
}

/// `activity 1.1.5 (not started) is forecast to finish on 2023-05-01, 61 days after its
/// deadline 2023-03-01, driven by 1.1.3 (first cause 1.1.2)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let mut m = Sentence::with_capacity(128);
    m.push("activity ")
        .push(f.subject_id())
        .push(" (")
        .words(&f.text("status"))
        .push(") is forecast to finish on ")
        .date_if(f.date("forecast_finish"))
        .push(", ")
        .int(f.int("slip_days"))
        .push(" days after its deadline ")
        .date_if(f.date("deadline"));
    if f.ev("root_cause") != Ev::Absent {
        let (d, root) = (f.text("driving_predecessor"), f.text("root_cause"));
        m.push(", driven by ").push(&d);
        if root != d {
            m.push(" (first cause ").push(&root).push(")");
        }
    }
    m.into()
}
