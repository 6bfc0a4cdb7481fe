//! Indicator rules: about indicator values against targets, breakdowns and each other.

use super::catalogue::RuleInfo;

/// The indicator rules.
pub(crate) const RULES: &[RuleInfo] = &[];
