//! A custom rule: its definition as written in the rule set file, compiled once.

use super::expression::{compile_condition, Condition, ExpressionError, ExpressionErrorKind};
use super::CustomSubject;
use crate::rules::{RuleSettings, Scope, Severity};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A custom rule as written in the `custom` list of a rule set file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomRuleDef {
    /// Its id, used in findings; must not be a built-in rule id.
    pub id: String,
    /// What it finds, for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What its findings are about.
    pub subject: CustomSubject,
    /// The CEL condition; a subject for which it is true gives a finding.
    pub condition: String,
    /// The severity of its findings.
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// The finding message, with `{variable}` or `{variable.field}` placeholders (`{{`
    /// and `}}` for braces).
    pub message: String,
    /// Which subjects it looks at, as for the built-in rules.
    #[serde(default, skip_serializing_if = "Scope::is_empty")]
    pub scope: Scope,
    /// Whether it runs.
    #[serde(default = "enabled_default")]
    pub enabled: bool,
}

fn default_severity() -> Severity {
    Severity::Warning
}

fn enabled_default() -> bool {
    true
}

/// One piece of a message template.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    Text(String),
    /// A variable (by name) and field path into it.
    Var(&'static str, Vec<String>),
}

/// The longest message template accepted, in bytes: a message is written once per
/// finding, so its template bounds what a finding's text can cost.
pub const MAX_TEMPLATE_BYTES: usize = 4096;

/// The most custom rules a rule set may have: each is evaluated over every subject of its
/// kind.
pub const MAX_CUSTOM_RULES: usize = 1000;

/// Parses a message template, checking each placeholder against the subject's variables;
/// errors give the 1-based character column within the template.
pub(crate) fn parse_template(
    template: &str,
    subject: CustomSubject,
) -> Result<Vec<Part>, ExpressionError> {
    if template.len() > MAX_TEMPLATE_BYTES {
        return Err(ExpressionError {
            kind: ExpressionErrorKind::TooLong,
            message: format!(
                "message template is {} bytes long, more than {MAX_TEMPLATE_BYTES}",
                template.len()
            ),
            line: None,
            column: None,
        });
    }
    let names = subject.condition_names();
    let fields = subject.variable_names();
    let mut parts = Vec::new();
    let mut text = String::new();
    let chars: Vec<char> = template.chars().collect();
    let mut i = 0;
    let err = |message: String, col: usize| ExpressionError {
        kind: ExpressionErrorKind::UnknownVariable,
        message,
        line: Some(1),
        column: Some(col),
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '{' && chars.get(i + 1) == Some(&'{') {
            text.push('{');
            i += 2;
        } else if c == '}' && chars.get(i + 1) == Some(&'}') {
            text.push('}');
            i += 2;
        } else if c == '{' {
            let start = i;
            let Some(len) = chars[i + 1..].iter().position(|&c| c == '}') else {
                return Err(ExpressionError {
                    kind: ExpressionErrorKind::Syntax,
                    ..err("unclosed `{` in message".into(), start + 1)
                });
            };
            let inner: String = chars[i + 1..i + 1 + len].iter().collect();
            let mut path = inner.trim().split('.').map(str::to_string);
            let root = path.next().unwrap_or_default();
            let rest: Vec<String> = path.collect();
            let Some(&name) = names.iter().find(|n| **n == root) else {
                return Err(err(
                    format!(
                        "unknown placeholder `{{{inner}}}` in message for {} subjects (known: {})",
                        subject.name(),
                        names.join(", ")
                    ),
                    start + 1,
                ));
            };
            if name == subject.name() {
                match rest.first() {
                    Some(f) if fields.contains(&f.as_str()) => {}
                    _ => {
                        return Err(ExpressionError {
                            kind: ExpressionErrorKind::UnknownField,
                            ..err(
                                format!(
                                    "placeholder `{{{inner}}}` must name a field of `{name}` (known: {})",
                                    fields.join(", ")
                                ),
                                start + 1,
                            )
                        })
                    }
                }
            }
            if !text.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text)));
            }
            parts.push(Part::Var(name, rest));
            i += len + 2;
        } else if c == '}' {
            return Err(ExpressionError {
                kind: ExpressionErrorKind::Syntax,
                ..err("unmatched `}` in message (write `}}`)".into(), i + 1)
            });
        } else {
            text.push(c);
            i += 1;
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    Ok(parts)
}

/// A custom rule, compiled: its definition, condition and message template.
#[derive(Debug, Clone)]
pub struct CustomRule {
    def: CustomRuleDef,
    pub(crate) settings: RuleSettings,
    pub(crate) condition: Arc<Condition>,
    pub(crate) message: Arc<Vec<Part>>,
}

impl PartialEq for CustomRule {
    fn eq(&self, other: &CustomRule) -> bool {
        self.def == other.def
    }
}

impl Serialize for CustomRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.def.serialize(s)
    }
}

/// Which part of a custom rule failed to compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomRulePart {
    /// The condition.
    Condition,
    /// The message template.
    Message,
    /// The scope.
    Scope,
}

impl CustomRule {
    /// Compiles a definition: condition, message template and scope.
    ///
    /// ```
    /// use planwatch::custom::{CustomRule, CustomRuleDef, CustomSubject};
    /// let def: CustomRuleDef = serde_json::from_str(r#"{"id": "late_cp",
    ///   "subject": "activity", "condition": "days_overdue > 30",
    ///   "message": "{activity.id} is {days_overdue} days late"}"#).unwrap();
    /// let rule = CustomRule::compile(def).unwrap();
    /// assert_eq!(rule.id(), "late_cp");
    /// ```
    pub fn compile(def: CustomRuleDef) -> Result<CustomRule, (CustomRulePart, ExpressionError)> {
        let condition = compile_condition(&def.condition, def.subject)
            .map_err(|e| (CustomRulePart::Condition, e))?;
        let message =
            parse_template(&def.message, def.subject).map_err(|e| (CustomRulePart::Message, e))?;
        if let Some(key) = def.scope.inapplicable_key(def.subject.finding_kind()) {
            return Err((
                CustomRulePart::Scope,
                ExpressionError {
                    kind: ExpressionErrorKind::UnknownField,
                    message: format!(
                        "scope `{key}` does not apply to {} subjects",
                        def.subject.name()
                    ),
                    line: None,
                    column: None,
                },
            ));
        }
        let settings = RuleSettings {
            enabled: def.enabled,
            severity: def.severity,
            params: serde_json::Map::new(),
            scope: def.scope.clone(),
        };
        Ok(CustomRule {
            def,
            settings,
            condition: Arc::new(condition),
            message: Arc::new(message),
        })
    }

    /// Its id.
    pub fn id(&self) -> &str {
        &self.def.id
    }

    /// Its definition.
    pub fn def(&self) -> &CustomRuleDef {
        &self.def
    }

    /// The compiled condition.
    pub fn condition(&self) -> &Condition {
        &self.condition
    }

    /// Whether it runs.
    pub fn enabled(&self) -> bool {
        self.settings.enabled
    }
}
