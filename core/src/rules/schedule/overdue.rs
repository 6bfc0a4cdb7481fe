//! `overdue`: an activity not done or cancelled whose deadline plus grace days has passed.
//!
//! Days overdue count from the deadline itself: with a deadline of 2021-06-01 and
//! 0 grace days, the activity is overdue from 2021-06-02, by 1 day. With grace days `g`
//! it is reported from the day after deadline + `g`, still counting from the deadline.
//! The finding's severity is the rule's, raised to the highest `escalation` step whose
//! `after_days` the days overdue reach.

use crate::eval::{Context, Finding, Subject, SubjectKind};
use crate::rules::catalogue::params_or_default;
use crate::rules::{RuleSettings, Severity};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

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

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
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
        let progress = state
            .progress
            .map(|p| format!(", {p:.0}% done"))
            .unwrap_or_default();
        let mut evidence = BTreeMap::new();
        evidence.insert("deadline".into(), json!(a.deadline));
        evidence.insert("days_overdue".into(), json!(days_overdue));
        evidence.insert("grace_days".into(), json!(params.grace_days));
        evidence.insert("status".into(), json!(state.status));
        if let Some(p) = state.progress {
            evidence.insert("progress".into(), json!(p));
        }
        if let Some(d) = state.last_update {
            evidence.insert("last_update".into(), json!(d));
        }
        out.push(Finding {
            id: format!("{ID}:{}", a.id),
            rule: ID.into(),
            severity,
            subject: Subject {
                kind: SubjectKind::Activity,
                id: a.id.clone(),
            },
            period: None,
            message: format!(
                "activity {} is {days_overdue} days past its deadline {} ({}{progress})",
                a.id,
                a.deadline,
                state.status.name().replace('_', " ")
            ),
            owner: a.lead.clone(),
            strategy: ctx.strategy_of_activity(i).map(str::to_string),
            evidence,
            sort_date: Some(a.deadline),
            province: None,
        });
    }
}
