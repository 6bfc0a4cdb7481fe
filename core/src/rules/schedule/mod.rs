//! Schedule rules: about activities and their dates.
//!
//! | rule                   | default severity | finds                                                       |
//! |------------------------|------------------|-------------------------------------------------------------|
//! | [`overdue`]            | warning          | not done or cancelled, deadline (plus grace) passed         |
//! | [`due_soon`]           | info             | not done or cancelled, deadline within N days               |
//! | [`late_start`]         | warning          | not started, planned start (plus grace) passed              |
//! | [`dependency_violation`] | warning        | started or finished before a dependency link allowed        |
//! | [`blocked`]            | warning          | planned start passed, held by an unfinished predecessor     |
//! | [`forecast_slip`]      | warning          | forecast finish (critical-path forecast) after the deadline |
//! | [`stale_update`]       | warning          | in progress without a status update for more than N days    |
//!
//! Dates are inclusive days, and links are read as in [`Forecast`](crate::Forecast): FS
//! lag 0 lets the successor start the day after the predecessor finishes.

pub mod blocked;
pub mod dependency_violation;
pub mod due_soon;
pub mod forecast_slip;
pub mod late_start;
pub mod overdue;
pub mod stale_update;

use super::catalogue::{check, RuleInfo, Run};
use super::{RuleSettings, Severity};
use crate::eval::IdExtra;
use crate::eval::{Context, Finding, Subject, SubjectKind};
use crate::model::ActivityStatus;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The schedule rules.
pub(crate) const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: overdue::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description:
            "an activity not done or cancelled whose deadline (plus grace days) has passed",
        default_severity: Severity::Warning,
        check_params: check::<overdue::Params>,
        run: Run::Store {
            run: overdue::run,
            evidence: overdue::EVIDENCE,
            message: overdue::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: due_soon::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity not done or cancelled whose deadline is within the next days",
        default_severity: Severity::Info,
        check_params: check::<due_soon::Params>,
        run: Run::Legacy(due_soon::run),
    },
    RuleInfo {
        id: late_start::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity not started whose planned start (plus grace days) has passed",
        default_severity: Severity::Warning,
        check_params: check::<late_start::Params>,
        run: Run::Legacy(late_start::run),
    },
    RuleInfo {
        id: dependency_violation::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity that started or finished before a dependency link allowed",
        default_severity: Severity::Warning,
        check_params: check::<dependency_violation::Params>,
        run: Run::Legacy(dependency_violation::run),
    },
    RuleInfo {
        id: blocked::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity past its planned start that a predecessor not done holds back",
        default_severity: Severity::Warning,
        check_params: check::<blocked::Params>,
        run: Run::Legacy(blocked::run),
    },
    RuleInfo {
        id: forecast_slip::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an open activity whose forecast finish is after its deadline",
        default_severity: Severity::Warning,
        check_params: check::<forecast_slip::Params>,
        run: Run::Legacy(forecast_slip::run),
    },
    RuleInfo {
        id: stale_update::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity in progress without a status update for more than some days",
        default_severity: Severity::Warning,
        check_params: check::<stale_update::Params>,
        run: Run::Legacy(stale_update::run),
    },
];

/// The default `max_chain` of the rules that list a chain of predecessors.
pub(crate) fn default_max_chain() -> usize {
    10
}

/// A status as words (`in progress`).
pub(crate) fn status_words(status: ActivityStatus) -> String {
    status.name().replace('_', " ")
}

/// The parts of a finding about an activity that a rule decides.
pub(crate) struct Draft {
    pub rule: &'static str,
    pub id: String,
    pub message: String,
    pub evidence: BTreeMap<String, serde_json::Value>,
    pub sort_date: Option<NaiveDate>,
}

/// A finding about activity `i` with the rule's severity, its lead as owner and its
/// strategy; `None` for an unknown position.
pub(crate) fn activity_finding(
    ctx: &Context<'_>,
    settings: &RuleSettings,
    i: usize,
    draft: Draft,
) -> Option<Finding> {
    let a = ctx.plan().activities.get(i)?;
    Some(Finding {
        id: draft.id,
        rule: draft.rule.into(),
        severity: settings.severity,
        subject: Subject {
            kind: SubjectKind::Activity,
            id: a.id.clone(),
        },
        period: None,
        message: draft.message,
        owner: a.lead.clone(),
        strategy: ctx.strategy_of_activity(i).map(str::to_string),
        evidence: draft.evidence,
        sort_date: draft.sort_date,
        province: None,
    })
}
