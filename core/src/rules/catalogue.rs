//! The built-in rules: ids, descriptions, default severities, parameter checks.

use super::Severity;
use serde::de::DeserializeOwned;

/// A built-in rule's description.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Its id, as used in rule sets and findings.
    pub id: &'static str,
    /// What it finds.
    pub description: &'static str,
    /// The severity of its findings unless a rule set says otherwise.
    pub default_severity: Severity,
    /// Checks a parameter object, naming the offending parameter.
    pub(crate) check_params: fn(&serde_json::Map<String, serde_json::Value>) -> Result<(), String>,
}

/// Parses rule parameters into the rule's own parameter type.
pub(crate) fn params<T: DeserializeOwned>(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::Object(map.clone()))
        .map_err(|e| crate::load::lowercase_first(&e.to_string()))
}

fn check<T: DeserializeOwned>(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), String> {
    params::<T>(map).map(|_: T| ())
}

/// Every built-in rule, by id.
pub const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: super::overdue::ID,
        description:
            "an activity not done or cancelled whose deadline (plus grace days) has passed",
        default_severity: Severity::Warning,
        check_params: check::<super::overdue::Params>,
    },
    RuleInfo {
        id: super::missing_report::ID,
        description: "an expected report whose due date has passed and that was never submitted",
        default_severity: Severity::Warning,
        check_params: check::<super::missing_report::Params>,
    },
];

/// The description of rule `id`.
///
/// ```
/// assert!(planwatch::rule_info("overdue").is_some());
/// assert!(planwatch::rule_info("nope").is_none());
/// ```
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}
