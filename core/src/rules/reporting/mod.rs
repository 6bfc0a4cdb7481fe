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
use crate::eval::{Ev, Head, IdExtra, SubjectKind};
use crate::period::Period;

/// The head of a finding of a reporting rule about the organisation at position `org`
/// (reporter or organiser), which also owns it; about `period` and sorted by its start
/// when given.
pub(crate) fn organisation_head(settings: &RuleSettings, org: u32, period: Option<Period>) -> Head {
    let mut head = Head::new(settings.severity, SubjectKind::Organisation, org);
    head.owner = Some(org);
    head.period = period;
    head.sort_date = period.map(|p| p.start());
    head
}

/// The evidence `missing_report` and `late_report` share about an expected report, in
/// the order of their keys: days late, due, obligation, period, report type, reporter.
pub(crate) fn expected_report_evidence(
    expected: &crate::dataset::ExpectedReport,
    report_type: crate::period::PeriodType,
    days_late: i64,
) -> [Ev; 6] {
    [
        Ev::Int(days_late),
        Ev::Date(expected.due),
        Ev::ReportingObligation(expected.obligation),
        Ev::Period,
        Ev::period_type(report_type),
        Ev::Organisation(expected.reporter),
    ]
}

/// A report type as messages write it: `semi-annual`, `ten-month`.
pub(crate) fn kind_text(report_type: &str) -> String {
    report_type.replace('_', "-")
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
        run: Run {
            run: missing_report::run,
            evidence: missing_report::EVIDENCE,
            message: missing_report::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: late_report::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "an expected report submitted after its due date",
        default_severity: Severity::Info,
        check_params: check::<NoParams>,
        run: Run {
            run: late_report::run,
            evidence: late_report::EVIDENCE,
            message: late_report::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: unexpected_report::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "a submission that matches no expected report",
        default_severity: Severity::Info,
        check_params: check::<NoParams>,
        run: Run {
            run: unexpected_report::run,
            evidence: unexpected_report::EVIDENCE,
            message: unexpected_report::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: low_completeness::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "a reporter whose completeness over a trailing window is under a threshold",
        default_severity: Severity::Warning,
        check_params: low_completeness::check_params,
        run: Run {
            run: low_completeness::run,
            evidence: low_completeness::EVIDENCE,
            message: low_completeness::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: meeting_missed::ID,
        family: "reporting",
        subject: SubjectKind::Organisation,
        description: "an expected meeting whose due date has passed with none held",
        default_severity: Severity::Warning,
        check_params: check::<NoParams>,
        run: Run {
            run: meeting_missed::run,
            evidence: meeting_missed::EVIDENCE,
            message: meeting_missed::message,
            extra: IdExtra::ColonMeeting,
        },
    },
];
