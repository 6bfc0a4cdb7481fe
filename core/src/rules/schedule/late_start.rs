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
//! when there is one.

use super::{activity_finding, Draft};
use crate::eval::{Context, Finding};
use crate::model::ActivityStatus;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "late_start";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default)]
    grace_days: u32,
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
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
        let mut evidence = BTreeMap::new();
        evidence.insert("planned_start".into(), json!(a.planned_start));
        evidence.insert("days_late".into(), json!(days_late));
        evidence.insert("grace_days".into(), json!(params.grace_days));
        evidence.insert("deadline".into(), json!(a.deadline));
        if let Some(d) = state.last_update {
            evidence.insert("last_update".into(), json!(d));
        }
        out.extend(activity_finding(
            ctx,
            settings,
            i,
            Draft {
                rule: ID,
                id: format!("{ID}:{}", a.id),
                message: format!(
                    "activity {} has not started, {days_late} days after its planned start {}",
                    a.id, a.planned_start
                ),
                evidence,
                sort_date: Some(a.planned_start),
            },
        ));
    }
}
