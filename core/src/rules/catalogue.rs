//! The built-in rules: ids, subjects, descriptions, default severities, parameter checks
//! and the function that runs each. Each rule family (schedule, reporting, indicators,
//! structure) lists its rules in its own module; this module puts them together.

use super::{RuleSettings, Severity};
use crate::eval::{Context, IdExtra, RenderMessage, RuleSink, SubjectKind};
use serde::de::DeserializeOwned;

/// How a rule runs and how its findings read: it writes codes and typed evidence to the
/// findings store, and its messages are rendered from them when read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Run {
    /// Evaluates the rule in a context and writes its findings.
    pub run: fn(&Context<'_>, &RuleSettings, &mut RuleSink<'_>),
    /// The evidence keys, sorted by name; each finding gives one value per key.
    pub evidence: &'static [&'static str],
    /// Renders a finding's message.
    pub message: RenderMessage,
    /// What follows `rule:subject[@period]` in its finding ids.
    pub extra: IdExtra,
}

/// A built-in rule's description.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// Its id, as used in rule sets and findings.
    pub id: &'static str,
    /// Its family: `schedule`, `reporting`, `indicators` or `structure`.
    pub family: &'static str,
    /// What its findings are about; decides which `scope` keys apply.
    pub subject: SubjectKind,
    /// What it finds.
    pub description: &'static str,
    /// The severity of its findings unless a rule set says otherwise.
    pub default_severity: Severity,
    /// Checks a parameter object, naming the offending parameter.
    pub(crate) check_params: fn(&serde_json::Map<String, serde_json::Value>) -> Result<(), String>,
    /// Runs it.
    pub(crate) run: Run,
}

/// Parses rule parameters into the rule's own parameter type.
pub(crate) fn params<T: DeserializeOwned>(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::Object(map.clone()))
        .map_err(|e| crate::load::lowercase_first(&e.to_string()))
}

/// The rule's parameters from its settings; the defaults should they not parse (they
/// were checked when the rule set was read, so only a rule set built in code gets here).
pub(crate) fn params_or_default<T: DeserializeOwned>(settings: &RuleSettings) -> Option<T> {
    params(&settings.params)
        .or_else(|_| params(&serde_json::Map::new()))
        .ok()
}

/// `check_params` for a rule whose parameters deserialise into `T`.
pub(crate) fn check<T: DeserializeOwned>(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), String> {
    params::<T>(map).map(|_: T| ())
}

/// The parameters of a rule that takes none: any parameter given is refused by name.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoParams {}

/// The rule families, in the order their rules run.
const FAMILIES: &[&[RuleInfo]] = &[
    super::schedule::RULES,
    super::reporting::RULES,
    super::indicators::RULES,
    super::structure::RULES,
];

/// Every built-in rule, family by family.
///
/// ```
/// let ids: Vec<&str> = planwatch::rules::all_rules().map(|r| r.id).collect();
/// assert!(ids.contains(&"overdue"));
/// assert!(ids.contains(&"missing_report"));
/// ```
pub fn all_rules() -> impl Iterator<Item = &'static RuleInfo> {
    FAMILIES.iter().flat_map(|f| f.iter())
}

/// The description of rule `id`.
///
/// ```
/// assert!(planwatch::rule_info("overdue").is_some());
/// assert!(planwatch::rule_info("nope").is_none());
/// ```
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    all_rules().find(|r| r.id == id)
}

/// Parameter ranges, checked as the parameters are read (so `check_params` refuses a
/// rules.json that breaks them, naming the parameter).
pub(crate) mod range {
    use serde::{de::Error as _, Deserialize, Deserializer};

    /// A number of 0 or more (a tolerance, a margin, a threshold).
    pub(crate) fn non_negative<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let v = f64::deserialize(d)?;
        if v >= 0.0 {
            Ok(v)
        } else {
            Err(D::Error::custom(format!(
                "{v} is negative: expected 0 or more"
            )))
        }
    }

    /// A share: a number from 0 to 1.
    pub(crate) fn share<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        let v = f64::deserialize(d)?;
        if (0.0..=1.0).contains(&v) {
            Ok(v)
        } else {
            Err(D::Error::custom(format!(
                "{v} is not a share: expected 0 to 1"
            )))
        }
    }

    /// A count read as a 32-bit unsigned integer on every target (usize is 32 bits in
    /// WebAssembly), so that the same rules.json means the same everywhere.
    pub(crate) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
        let v = u32::deserialize(d)?;
        usize::try_from(v).map_err(|_| D::Error::custom("count out of range"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn evidence_keys_are_sorted_plain_identifiers() {
        // The findings table writes these keys between quotes as they are, without an
        // escaping pass (eval::store::view, write_evidence_json).
        for rule in super::all_rules() {
            let keys = rule.run.evidence;
            assert!(
                keys.windows(2).all(|w| w[0] < w[1]),
                "{}: {keys:?}",
                rule.id
            );
            for k in keys {
                assert!(
                    !k.is_empty()
                        && k.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                    "{}: {k:?}",
                    rule.id
                );
            }
        }
    }
}
