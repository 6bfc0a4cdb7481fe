//! [`Evidence`]: the figures a finding rests on, by name.

use super::Value;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The figures a finding rests on, by name, in name order.
///
/// Each rule documents its keys ([`RuleInfo::evidence`](crate::RuleInfo)); the values are
/// planwatch's own [`Value`]s and serialise as the JSON object the exports write.
///
/// ```
/// use planwatch::{Evidence, Value};
/// let evidence: Evidence = [("days_overdue", Value::Int(12)), ("status", "in_progress".into())]
///     .into_iter()
///     .collect();
/// assert_eq!(evidence["days_overdue"].as_i64(), Some(12));
/// assert!(evidence.get("deadline").is_none());
/// assert_eq!(evidence.to_string(), r#"{"days_overdue":12,"status":"in_progress"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Evidence(BTreeMap<String, Value>);

/// The value of a key that is absent: what indexing with a missing key gives.
static NULL: Value = Value::Null;

impl Evidence {
    /// No figures.
    pub fn new() -> Evidence {
        Evidence::default()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Sets `key` to `value`, returning the value it had.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        self.0.insert(key.into(), value.into())
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys and their values, in key order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> + '_ {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.0.keys().map(String::as_str)
    }

    /// The values by name, as a map.
    pub fn as_map(&self) -> &BTreeMap<String, Value> {
        &self.0
    }
}

/// The value of `key`, or [`Value::Null`] when it is absent (as a JSON object reads).
impl std::ops::Index<&str> for Evidence {
    type Output = Value;

    fn index(&self, key: &str) -> &Value {
        self.0.get(key).unwrap_or(&NULL)
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Evidence {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Evidence {
        // Inserted one by one: `BTreeMap::from_iter` sorts, and a sort of this one type
        // would cost the WebAssembly package about 4 KB.
        let mut evidence = Evidence::new();
        for (k, v) in items {
            evidence.insert(k, v);
        }
        evidence
    }
}

impl IntoIterator for Evidence {
    type Item = (String, Value);
    type IntoIter = std::collections::btree_map::IntoIter<String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Evidence {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<Evidence> for BTreeMap<String, Value> {
    fn from(evidence: Evidence) -> BTreeMap<String, Value> {
        evidence.0
    }
}

impl From<BTreeMap<String, Value>> for Evidence {
    fn from(map: BTreeMap<String, Value>) -> Evidence {
        Evidence(map)
    }
}

/// Compact JSON, as the evidence column of the exports writes it.
impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_string(self) {
            Ok(text) => f.write_str(&text),
            Err(_) => Err(std::fmt::Error),
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Evidence {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Evidence".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, serde_json::Value>>::json_schema(generator)
    }

    fn inline_schema() -> bool {
        true
    }
}
