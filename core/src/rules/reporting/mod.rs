//! Reporting rules: about expected reports and meetings.
//!
//! The rules share the definitions of [`crate::eval::rates`]: a report (or meeting) is due
//! on its period's last day plus the obligation's grace days, and only what is dated on
//! or before the as-of day exists as of that day.

pub mod late_report;
pub mod low_completeness;
pub mod meeting_missed;
pub mod missing_report;
pub mod unexpected_report;

use super::catalogue::{check, NoParams, RuleInfo, Run};
use super::{RuleSettings, Severity};
use crate::eval::{Finding, Subject, SubjectKind};
use crate::model::Organisation;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A finding of a reporting rule about an organisation (reporter or organiser), which
/// also owns it.
#[allow(clippy::too_many_arguments)]
pub(crate) fn organisation_finding(
    rule: &str,
    id: String,
    settings: &RuleSettings,
    organisation: &Organisation,
    message: String,
    period: Option<String>,
    sort_date: Option<NaiveDate>,
    evidence: BTreeMap<String, serde_json::Value>,
) -> Finding {
    Finding {
        id,
        rule: rule.into(),
        severity: settings.severity,
        subject: Subject {
            kind: SubjectKind::Organisation,
            id: organisation.id.clone(),
        },
        period,
        message,
        owner: Some(organisation.id.clone()),
        strategy: None,
        province: None,
        evidence,
        sort_date,
    }
}

/// `1 day late`, `5 days late`.
pub(crate) fn days_late_text(days: i64) -> String {
    if days == 1 {
        "1 day late".to_string()
    } else {
        format!("{days} days late")
    }
}

/// The reporting rules.
pub(crate) const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: missing_report::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "an expected report whose due date has passed and that was never submitted",
        default_severity: Severity::Warning,
        check_params: check::<NoParams>,
        run: Run::Legacy(missing_report::run),
    },
    RuleInfo {
        id: late_report::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "an expected report submitted after its due date",
        default_severity: Severity::Info,
        check_params: check::<NoParams>,
        run: Run::Legacy(late_report::run),
    },
    RuleInfo {
        id: unexpected_report::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "a submission that matches no expected report",
        default_severity: Severity::Info,
        check_params: check::<NoParams>,
        run: Run::Legacy(unexpected_report::run),
    },
    RuleInfo {
        id: low_completeness::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "a reporter whose completeness over a trailing window is under a threshold",
        default_severity: Severity::Warning,
        check_params: low_completeness::check_params,
        run: Run::Legacy(low_completeness::run),
    },
    RuleInfo {
        id: meeting_missed::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "an expected meeting whose due date has passed with none held",
        default_severity: Severity::Warning,
        check_params: check::<NoParams>,
        run: Run::Legacy(meeting_missed::run),
    },
];
