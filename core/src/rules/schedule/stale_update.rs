//! `stale_update`: an activity in progress on the as-of day whose latest status update
//! is more than `days` days old. With the default 90 days and a last update on
//! 2021-01-01, it is reported from 2021-04-02 (91 days since); on 2021-04-01 (90 days) it
//! is not. Updates dated after the as-of day are not known yet and do not count. Done,
//! cancelled and not-started activities are not reported (see `late_start` for those).
//!
//! Parameters: `days` (default 90).
//!
//! Evidence: `last_update`, `days_since_update`, `days`, and `progress` when known.

use super::{activity_finding, Draft};
use crate::eval::{Context, Finding};
use crate::model::ActivityStatus;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

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

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    for (i, a) in ctx.plan().activities.iter().enumerate() {
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
        let mut evidence = BTreeMap::new();
        evidence.insert("last_update".into(), json!(last));
        evidence.insert("days_since_update".into(), json!(days_since));
        evidence.insert("days".into(), json!(params.days));
        if let Some(p) = state.progress {
            evidence.insert("progress".into(), json!(p));
        }
        out.extend(activity_finding(
            ctx,
            settings,
            i,
            Draft {
                rule: ID,
                id: format!("{ID}:{}", a.id),
                message: format!(
                    "activity {} is in progress with no status update for {days_since} days (last {last})",
                    a.id
                ),
                evidence,
                sort_date: Some(last),
            },
        ));
    }
}
