//! `due_soon`: an activity not done or cancelled whose deadline is within the next `days`
//! days, counting the as-of day: from `deadline - days` up to the deadline itself, both
//! included. With the default 30 days and a deadline of 2021-06-30, it is reported from
//! 2021-05-31 (30 days left) to 2021-06-30 (due today, 0 days left); from 2021-07-01 the
//! activity is overdue (see `overdue`) and no longer due soon.
//!
//! Parameters: `days` (default 30).
//!
//! Evidence: `deadline`, `days_left` (deadline - as-of day), `days`, `status`, and
//! `progress` when known.

use super::{activity_finding, status_words, Draft};
use crate::eval::{Context, Finding};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

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

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
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
        let mut evidence = BTreeMap::new();
        evidence.insert("deadline".into(), json!(a.deadline));
        evidence.insert("days_left".into(), json!(days_left));
        evidence.insert("days".into(), json!(params.days));
        evidence.insert("status".into(), json!(state.status));
        if let Some(p) = state.progress {
            evidence.insert("progress".into(), json!(p));
        }
        let when = match days_left {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n => format!("in {n} days"),
        };
        let progress = state
            .progress
            .map(|p| format!(", {p:.0}% done"))
            .unwrap_or_default();
        out.extend(activity_finding(
            ctx,
            settings,
            i,
            Draft {
                rule: ID,
                id: format!("{ID}:{}", a.id),
                message: format!(
                    "activity {} is due {when}, on {} ({}{progress})",
                    a.id,
                    a.deadline,
                    status_words(state.status)
                ),
                evidence,
                sort_date: Some(a.deadline),
            },
        ));
    }
}
