//! Which subjects a rule looks at.

use crate::eval::SubjectKind;
use serde::{Deserialize, Serialize};

/// Limits a rule to some subjects. Every non-empty list must match (a subject matches a
/// list when it has any of its values); an empty scope matches everything.
///
/// | key           | activity subjects        | organisation subjects (reporters, organisers) | indicator subjects | group subjects |
/// |---------------|--------------------------|-----------------------------------------------|--------------------|----------------|
/// | `tags`        | any of the activity's tags | -                                           | -                  | -              |
/// | `strategies`  | the activity's strategy  | -                                             | -                  | the group's strategy |
/// | `groups`      | the activity's group     | -                                             | -                  | the group      |
/// | `owners`      | the activity's lead      | the organisation                              | the indicator's owner | the group's lead |
/// | `owner_kinds` | the lead's kind          | the organisation's kind (the reporter kind)   | the owner's kind   | the lead's kind |
///
/// A key marked `-` does not apply to that rule's subjects; a rule set that uses it is
/// refused.
///
/// ```
/// let rules = planwatch::RuleSet::from_json(r#"{"rules": {"missing_report":
///     {"scope": {"owner_kinds": ["provincial_committee"]}}}}"#).unwrap();
/// assert_eq!(rules.get("missing_report").unwrap().scope.owner_kinds, ["provincial_committee"]);
/// let err = planwatch::RuleSet::from_json(r#"{"rules": {"missing_report":
///     {"scope": {"tags": ["x"]}}}}"#).unwrap_err();
/// assert_eq!(err[0].kind(), planwatch::ErrorKind::InvalidRuleParameter);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Activity tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Strategy ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strategies: Vec<String>,
    /// Activity group ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    /// Organisation ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Organisation kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owner_kinds: Vec<String>,
}

impl Scope {
    /// Whether the scope names nothing (and so matches everything).
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
            && self.strategies.is_empty()
            && self.groups.is_empty()
            && self.owners.is_empty()
            && self.owner_kinds.is_empty()
    }

    /// The first key set that does not apply to subjects of `kind`.
    pub(crate) fn inapplicable_key(&self, kind: SubjectKind) -> Option<&'static str> {
        let keys = [
            (
                "tags",
                !self.tags.is_empty(),
                matches!(kind, SubjectKind::Activity),
            ),
            (
                "strategies",
                !self.strategies.is_empty(),
                matches!(kind, SubjectKind::Activity | SubjectKind::Group),
            ),
            (
                "groups",
                !self.groups.is_empty(),
                matches!(kind, SubjectKind::Activity | SubjectKind::Group),
            ),
            (
                "owners",
                !self.owners.is_empty(),
                !matches!(kind, SubjectKind::Plan | SubjectKind::Obligation),
            ),
            (
                "owner_kinds",
                !self.owner_kinds.is_empty(),
                !matches!(kind, SubjectKind::Plan | SubjectKind::Obligation),
            ),
        ];
        keys.into_iter()
            .find(|(_, set, applies)| *set && !applies)
            .map(|(k, _, _)| k)
    }
}

/// True when `list` is empty or contains `value`.
pub(crate) fn admits(list: &[String], value: Option<&str>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.iter().any(|x| x == v))
}
