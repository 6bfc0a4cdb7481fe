//! Schedule rules: about activities and their dates.

pub mod overdue;

use super::catalogue::{check, RuleInfo};
use super::Severity;
use crate::eval::SubjectKind;

/// The schedule rules.
pub(crate) const RULES: &[RuleInfo] = &[RuleInfo {
    id: overdue::ID,
    family: "schedule",
    subject: SubjectKind::Activity,
    description: "an activity not done or cancelled whose deadline (plus grace days) has passed",
    default_severity: Severity::Warning,
    check_params: check::<overdue::Params>,
    run: overdue::run,
}];
