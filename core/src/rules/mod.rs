//! The monitoring rules and their settings.
//!
//! | rule             | subject      | finds                                                   |
//! |------------------|--------------|---------------------------------------------------------|
//! | `overdue`        | activity     | not done or cancelled, and the as-of day is past the deadline plus `grace_days` |
//! | `missing_report` | organisation | an expected report whose due day has passed, not submitted by the as-of day |

mod catalogue;
pub(crate) mod missing_report;
pub(crate) mod overdue;
mod rule_set;
mod severity;

pub(crate) use catalogue::params;
pub use catalogue::{rule_info, RuleInfo, RULES};
pub use rule_set::{RuleSet, RuleSettings};
pub use severity::Severity;
