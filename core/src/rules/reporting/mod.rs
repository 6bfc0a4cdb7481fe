//! Reporting rules: about expected reports and meetings.

pub mod missing_report;

use super::catalogue::{check, RuleInfo};
use super::Severity;
use crate::eval::SubjectKind;

/// The reporting rules.
pub(crate) const RULES: &[RuleInfo] = &[RuleInfo {
    id: missing_report::ID,
    family: "reporting",
    subject: SubjectKind::Organisation,
    description: "an expected report whose due date has passed and that was never submitted",
    default_severity: Severity::Warning,
    check_params: check::<missing_report::Params>,
    run: missing_report::run,
}];
