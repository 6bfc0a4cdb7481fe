//! The monitoring rules and their settings.
//!
//! Rules come in families: [`schedule`] (activities and their dates), [`reporting`]
//! (reports and meetings), [`indicators`] (values against targets) and [`structure`] (the
//! plan itself). [`all_rules`] lists them; each rule's module documents exactly what it
//! finds, its parameters and its evidence. A [`RuleSet`] says which rules run, with what
//! severity, parameters and [`Scope`].

mod catalogue;
pub mod indicators;
pub mod reporting;
mod rule_set;
pub mod schedule;
pub(crate) mod scope;
mod severity;
pub mod structure;

pub(crate) use catalogue::Run;

/// The built-in rules that read the schedule forecast.
pub(crate) const USES_FORECAST: &[&str] = &[schedule::forecast_slip::ID];
pub use catalogue::{all_rules, rule_info, RuleInfo};
pub use rule_set::{PartialRuleSettings, RuleSet, RuleSetDocument, RuleSettings};
pub use scope::Scope;
pub use severity::Severity;
