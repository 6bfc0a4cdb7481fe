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
//! chain) and `root_cause`.

use super::{activity_finding, default_max_chain, status_words, Draft};
use crate::eval::{Context, Finding};
use crate::model::ActivityStatus;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "forecast_slip";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_min_slip")]
    min_slip_days: u32,
    #[serde(default = "default_max_chain")]
    max_chain: usize,
}

fn default_min_slip() -> u32 {
    1
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let min_slip = i64::from(params.min_slip_days.max(1));
    let forecast = ctx.forecast();
    for (i, f) in forecast.activities.iter().enumerate() {
        if !matches!(
            f.status,
            ActivityStatus::NotStarted | ActivityStatus::InProgress
        ) {
            continue;
        }
        let slip = (f.early_finish - f.deadline).num_days();
        if slip < min_slip || !ctx.activity_in_scope(settings, i) {
            continue;
        }
        let state = ctx.state(i);
        let mut evidence = BTreeMap::new();
        evidence.insert("forecast_start".into(), json!(f.early_start));
        evidence.insert("forecast_finish".into(), json!(f.early_finish));
        evidence.insert("deadline".into(), json!(f.deadline));
        evidence.insert("slip_days".into(), json!(slip));
        evidence.insert("slack_days".into(), json!(f.slack_days));
        evidence.insert("status".into(), json!(f.status));
        if let Some(p) = state.progress {
            evidence.insert("progress".into(), json!(p));
        }
        let mut driven = String::new();
        if let Some(d) = &f.driving_predecessor {
            let chain: Vec<&str> = forecast
                .driving_chain(i)
                .take(params.max_chain)
                .map(|c| c.activity.as_str())
                .collect();
            evidence.insert("driving_predecessor".into(), json!(d));
            evidence.insert("driving_chain".into(), json!(chain));
            if let Some((root, len)) = forecast.chain_root(i) {
                evidence.insert("chain_length".into(), json!(len));
                evidence.insert("root_cause".into(), json!(root.activity));
                driven = if root.activity == *d {
                    format!(", driven by {d}")
                } else {
                    format!(", driven by {d} (first cause {})", root.activity)
                };
            }
        }
        out.extend(activity_finding(
            ctx,
            settings,
            i,
            Draft {
                rule: ID,
                id: format!("{ID}:{}", f.activity),
                message: format!(
                    "activity {} ({}) is forecast to finish on {}, {slip} days after its deadline {}{driven}",
                    f.activity,
                    status_words(f.status),
                    f.early_finish,
                    f.deadline
                ),
                evidence,
                sort_date: Some(f.deadline),
            },
        ));
    }
}
