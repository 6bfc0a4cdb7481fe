//! Rule settings: which rules run, how severe their findings are, their parameters.

use super::catalogue::{all_rules, rule_info};
use super::{Scope, Severity};
use crate::agenda::ReminderCadence;
use crate::custom::{CustomRule, CustomRuleDef, CustomRulePart, MAX_CUSTOM_RULES};
use crate::error::{Error, ErrorKind, Location};
use crate::load::parse_json;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The settings of one rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// Whether the rule runs.
    #[serde(default = "enabled_default")]
    pub enabled: bool,
    /// The severity of its findings (some rules escalate from it).
    pub severity: Severity,
    /// The rule's parameters; absent ones take the rule's defaults.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Which subjects the rule looks at; everything when empty.
    #[serde(default, skip_serializing_if = "Scope::is_empty")]
    pub scope: Scope,
}

fn enabled_default() -> bool {
    true
}

/// A rule set file (`rules.json`): settings of the built-in rules it names (the others
/// keep their defaults) and custom rules. Rule ids, parameters, scopes and custom rule
/// expressions are checked when the rule set is read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSetDocument {
    /// The version of the file's format: absent or 1, the only version so far; any other
    /// is refused by name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::format_version"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1)))]
    pub format: Option<u32>,
    /// The settings of built-in rules, by rule id; rules not named keep their defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, PartialRuleSettings>,
    /// Custom rules (conditions in CEL), in the order they run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<CustomRuleDef>,
    /// When reminders go out (`before`, `after`, `repeat_after`, in days); default: Kausal
    /// Watch's cadence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminders: Option<ReminderCadence>,
    /// The schedule baseline (an id of the plan's `schedule_baselines`) that the forecast,
    /// the schedule rules and the exports report variance against, and that
    /// `deadline_moved` measures from; default: the plan's first baseline, its original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule_baseline: Option<String>,
}

/// The settings of one built-in rule in a rule set file; absent ones keep their defaults.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartialRuleSettings {
    /// Whether the rule runs; default: it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The severity of its findings; default: the rule's default severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// The rule's parameters; absent ones take the rule's defaults.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Which subjects the rule looks at; everything when empty.
    #[serde(default, skip_serializing_if = "Scope::is_empty")]
    pub scope: Scope,
}

/// Which rules run and how: every built-in rule with its settings.
///
/// [`RuleSet::default`] enables every rule with its default severity and parameters; a
/// rule set file (`rules.json`) overrides only what it names:
///
/// ```
/// let rules = planwatch::RuleSet::from_json(
///     r#"{"rules": {"overdue": {"severity": "error", "params": {"grace_days": 14}}}}"#,
/// ).unwrap();
/// assert_eq!(rules.get("overdue").unwrap().severity, planwatch::Severity::Error);
/// assert!(rules.get("missing_report").unwrap().enabled);
///
/// let err = planwatch::RuleSet::from_json(r#"{"rules": {"overdew": {}}}"#).unwrap_err();
/// assert_eq!(err[0].kind(), planwatch::ErrorKind::UnknownRule);
/// ```
///
/// Custom rules (see [`crate::custom`]) follow in a `custom` list; they are compiled when
/// the rule set is read:
///
/// ```
/// let rules = planwatch::RuleSet::from_json(r#"{"custom": [{"id": "late_cp",
///     "subject": "activity", "condition": "days_overdue > 30 && 'child-protection' in tags",
///     "message": "{activity.id} is {days_overdue} days late"}]}"#).unwrap();
/// assert_eq!(rules.custom_rules()[0].id(), "late_cp");
///
/// let err = planwatch::RuleSet::from_json(r#"{"custom": [{"id": "x",
///     "subject": "activity", "condition": "days_overdue > limit", "message": "m"}]}"#)
///     .unwrap_err();
/// assert_eq!(err[0].kind(), planwatch::ErrorKind::Expression);
/// assert_eq!(err[0].location().path, "custom[0].condition");
/// assert!(err[0].message().contains("line 1, column 16"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleSet {
    rules: BTreeMap<String, RuleSettings>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    custom: Vec<CustomRule>,
    #[serde(skip_serializing_if = "ReminderCadence::is_default")]
    reminders: ReminderCadence,
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule_baseline: Option<String>,
}

impl Default for RuleSet {
    fn default() -> RuleSet {
        RuleSet {
            rules: all_rules()
                .map(|r| {
                    (
                        r.id.to_string(),
                        RuleSettings {
                            enabled: true,
                            severity: r.default_severity,
                            params: serde_json::Map::new(),
                            scope: Scope::default(),
                        },
                    )
                })
                .collect(),
            custom: Vec::new(),
            reminders: ReminderCadence::default(),
            schedule_baseline: None,
        }
    }
}

impl RuleSet {
    /// Parses a rule set from JSON text over the defaults, checking rule ids and
    /// parameters.
    pub fn from_json(text: &str) -> Result<RuleSet, crate::Errors> {
        RuleSet::parse(text, None)
    }

    /// Reads a rule set file.
    pub fn load(path: impl AsRef<Path>) -> Result<RuleSet, crate::Errors> {
        let path = path.as_ref();
        let text = crate::load::read_text(path)?;
        RuleSet::parse(&text, Some(path))
    }

    /// The rule set of a plan directory: its `rules.json` when there is one, else the
    /// defaults.
    ///
    /// ```
    /// let rules = planwatch::RuleSet::load_dir("../examples/nsp-2019-2023").unwrap();
    /// assert!(!rules.custom_rules().is_empty());
    /// let none = planwatch::RuleSet::load_dir("../tests/fixtures/valid-mini").unwrap();
    /// assert_eq!(none, planwatch::RuleSet::default());
    /// ```
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<RuleSet, crate::Errors> {
        let path = dir.as_ref().join(crate::load::RULES_FILE);
        if crate::load::is_present(&path) {
            RuleSet::load(path)
        } else {
            Ok(RuleSet::default())
        }
    }

    fn parse(text: &str, file: Option<&Path>) -> Result<RuleSet, crate::Errors> {
        let parsed: RuleSetDocument = parse_json(text, file)?;
        let mut set = RuleSet::default();
        let mut errors = Vec::new();
        for (id, partial) in parsed.rules {
            let at = |suffix: &str| {
                let path = format!("rules.{id}{suffix}");
                let pos = crate::load::locate_key(text, &path);
                let mut e = Location::path(path).in_file(file);
                if let Some((l, c)) = pos {
                    e.line = Some(l);
                    e.column = Some(c);
                }
                e
            };
            let Some(settings) = set.rules.get_mut(&id) else {
                let known: Vec<&str> = all_rules().map(|r| r.id).collect();
                errors.push(
                    Error::new(
                        ErrorKind::UnknownRule,
                        format!("unknown rule `{id}` (known rules: {})", known.join(", ")),
                        at(""),
                    )
                    .with_subject(&id),
                );
                continue;
            };
            if let Some(e) = partial.enabled {
                settings.enabled = e;
            }
            if let Some(s) = partial.severity {
                settings.severity = s;
            }
            settings.params = partial.params;
            settings.scope = partial.scope;
            if let Some(info) = rule_info(&id) {
                if let Some(key) = settings.scope.inapplicable_key(info.subject) {
                    errors.push(
                        Error::new(
                            ErrorKind::InvalidRuleParameter,
                            format!(
                                "scope `{key}` does not apply to {} subjects of rule `{id}`",
                                info.subject
                            ),
                            at(".scope"),
                        )
                        .with_subject(&id),
                    );
                }
                if let Err(message) = (info.check_params)(&settings.params) {
                    errors.push(
                        Error::new(ErrorKind::InvalidRuleParameter, message, at(".params"))
                            .with_subject(&id),
                    );
                }
            }
        }
        set.custom = compile_custom(parsed.custom, text, file, &mut errors);
        if let Some(cadence) = parsed.reminders {
            errors.extend(cadence.check(text, file));
            set.reminders = cadence;
        }
        if let Some(id) = parsed.schedule_baseline {
            if id.is_empty() {
                let mut at = Location::path("schedule_baseline").in_file(file);
                if let Some((l, c)) = crate::load::locate(text, "schedule_baseline") {
                    at.line = Some(l);
                    at.column = Some(c);
                }
                errors.push(Error::new(
                    ErrorKind::InvalidValue,
                    "schedule baseline id is empty",
                    at,
                ));
            }
            set.schedule_baseline = Some(id);
        }
        match crate::Errors::from_vec(errors) {
            Some(e) => Err(e),
            None => Ok(set),
        }
    }

    /// When reminders go out: the `reminders` of the rule set file, else the default
    /// cadence (see [`ReminderCadence`]).
    pub fn reminders(&self) -> &ReminderCadence {
        &self.reminders
    }

    /// The schedule baseline named by the rule set's `schedule_baseline`, if any (see
    /// [`Dataset::schedule_baseline`](crate::Dataset::schedule_baseline) for the one an
    /// evaluation uses).
    pub fn schedule_baseline(&self) -> Option<&str> {
        self.schedule_baseline.as_deref()
    }

    /// Chooses the schedule baseline variance is reported against (`None`: the plan's
    /// first).
    pub fn set_schedule_baseline(&mut self, id: Option<String>) {
        self.schedule_baseline = id;
    }

    /// Checks what the rule set says of a plan's data against `dataset`: that the
    /// schedule baseline it names is one of the plan's. The CLI, Python and WebAssembly
    /// check this when they pair a rule set with a plan; [`evaluate`](crate::evaluate)
    /// itself reports no variance for a baseline the plan does not have.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let mut rules = planwatch::RuleSet::default();
    /// rules.set_schedule_baseline(Some("final-2023".into()));
    /// let err = rules.check_against(&ds).unwrap_err();
    /// assert_eq!(err.kind(), planwatch::ErrorKind::UnknownReference);
    /// assert_eq!(err.location().path, "schedule_baseline");
    /// assert_eq!(
    ///     err.message(),
    ///     "unknown schedule baseline `final-2023`: the plan has `original-2019`, `mid-term-2021`"
    /// );
    /// ```
    pub fn check_against(&self, dataset: &crate::Dataset) -> Result<(), Error> {
        let Some(id) = self.schedule_baseline() else {
            return Ok(());
        };
        let baselines = &dataset.plan().schedule_baselines;
        if baselines.iter().any(|b| b.id == id) {
            return Ok(());
        }
        let known: Vec<String> = baselines.iter().map(|b| format!("`{}`", b.id)).collect();
        let known = if known.is_empty() {
            "the plan has none".to_string()
        } else {
            format!("the plan has {}", known.join(", "))
        };
        Err(Error::new(
            ErrorKind::UnknownReference,
            format!("unknown schedule baseline `{id}`: {known}"),
            Location::path("schedule_baseline"),
        )
        .with_subject(id))
    }

    /// The custom rules, in file order.
    pub fn custom_rules(&self) -> &[CustomRule] {
        &self.custom
    }

    /// The settings of rule `id`, if planwatch has such a rule.
    pub fn get(&self, id: &str) -> Option<&RuleSettings> {
        self.rules.get(id)
    }

    /// Turns rule `id` on or off; false when there is no such rule.
    pub fn set_enabled(&mut self, id: &str, enabled: bool) -> bool {
        match self.rules.get_mut(id) {
            Some(s) => {
                s.enabled = enabled;
                true
            }
            None => false,
        }
    }

    /// Every rule and its settings, by rule id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RuleSettings)> {
        self.rules.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// Compiles the custom rules, refusing duplicate ids and ids of built-in rules.
fn compile_custom(
    defs: Vec<CustomRuleDef>,
    text: &str,
    file: Option<&Path>,
    errors: &mut Vec<Error>,
) -> Vec<CustomRule> {
    let mut out: Vec<CustomRule> = Vec::new();
    if defs.len() > MAX_CUSTOM_RULES {
        let mut e = Error::new(
            ErrorKind::ExpressionLimit,
            format!(
                "{} custom rules, more than the {MAX_CUSTOM_RULES} a rule set may have",
                defs.len()
            ),
            Location::path("custom").in_file(file),
        );
        if let Some((l, c)) = crate::load::locate(text, "custom") {
            e = e.at_line(l, c);
        }
        errors.push(e);
        return out;
    }
    let mut seen = std::collections::BTreeSet::new();
    for (k, def) in defs.into_iter().enumerate() {
        let at = |suffix: &str| {
            let path = format!("custom[{k}]{suffix}");
            let mut loc = Location::path(&path).in_file(file);
            if let Some((l, c)) = crate::load::locate(text, &path) {
                loc.line = Some(l);
                loc.column = Some(c);
            }
            loc
        };
        let id = def.id.clone();
        if rule_info(&id).is_some() || !seen.insert(id.clone()) {
            let what = if rule_info(&id).is_some() {
                "is the id of a built-in rule"
            } else {
                "is used by another custom rule"
            };
            errors.push(
                Error::new(
                    ErrorKind::DuplicateId,
                    format!("custom rule id `{id}` {what}"),
                    at(".id"),
                )
                .with_subject(&id),
            );
            continue;
        }
        match CustomRule::compile(def) {
            Ok(rule) => out.push(rule),
            Err((part, e)) => {
                let (suffix, what) = match part {
                    CustomRulePart::Condition => (".condition", "condition"),
                    CustomRulePart::Message => (".message", "message"),
                    CustomRulePart::Scope => (".scope", "scope"),
                };
                let kind = if e.kind.is_limit() {
                    ErrorKind::ExpressionLimit
                } else if part == CustomRulePart::Scope {
                    ErrorKind::InvalidRuleParameter
                } else {
                    ErrorKind::Expression
                };
                let pos = match (e.line, e.column) {
                    (Some(l), Some(c)) => format!(" at line {l}, column {c} of the {what}"),
                    _ => String::new(),
                };
                errors.push(
                    Error::new(
                        kind,
                        format!("custom rule `{id}`: {}{pos}", e.message),
                        at(suffix),
                    )
                    .with_subject(&id),
                );
            }
        }
    }
    out
}
