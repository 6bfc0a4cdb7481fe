//! [`Value`]: one evidence value of a finding, as planwatch's own type.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// One figure a finding rests on: what a key of [`Evidence`](super::Evidence) holds.
///
/// The values are those of JSON, and a value serialises as the JSON it stands for: days
/// are text written `YYYY-MM-DD` (read them with [`Value::as_date`]), ids are text, lists
/// of ids are lists. Integers and numbers with a fraction are kept apart, as serde_json
/// keeps them, so a finding read back from JSON equals the one written. A number that is
/// not finite is written as `null`, as JSON has no such number.
///
/// ```
/// use planwatch::{Dataset, RuleSet, Value};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let ev = ds.evaluate(&RuleSet::default(), as_of);
/// let overdue = ev.findings.iter().find(|f| f.rule == "overdue").unwrap();
/// let deadline = overdue.evidence["deadline"].as_date().unwrap();
/// assert!(deadline < as_of);
/// assert!(overdue.evidence["days_overdue"].as_i64().unwrap() > 0);
/// assert_eq!(overdue.evidence.get("status"), Some(&Value::from("in_progress")));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum Value {
    /// No value (JSON `null`).
    #[default]
    Null,
    /// True or false.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction (a ratio, a value of an indicator).
    Float(f64),
    /// Text: an id, a name, a status, a day written `YYYY-MM-DD`.
    Text(String),
    /// A list, such as the ids of an activity's late predecessors.
    List(Vec<Value>),
    /// Values by name, in name order.
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// Whether it is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The text, when it is text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The whole number, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }

    /// The number, whole or not.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::Float(x) => Some(x),
            _ => None,
        }
    }

    /// The truth value, when it is one.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The day, when it is text written `YYYY-MM-DD`.
    pub fn as_date(&self) -> Option<chrono::NaiveDate> {
        crate::load::date::parse_iso(self.as_str()?).ok()
    }

    /// The list, when it is one.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(v) => Some(v),
            _ => None,
        }
    }

    /// The values by name, when it is a map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Float(x)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<chrono::NaiveDate> for Value {
    fn from(day: chrono::NaiveDate) -> Value {
        Value::Text(crate::load::date::IsoDate(day).to_string())
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Value {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}

/// Compact JSON, as the evidence column of the exports writes it.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_string(self) {
            Ok(text) => f.write_str(&text),
            Err(_) => Err(fmt::Error),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_none(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Float(x) if x.is_finite() => s.serialize_f64(*x),
            Value::Float(_) => s.serialize_none(),
            Value::Text(t) => s.serialize_str(t),
            Value::List(items) => s.collect_seq(items),
            Value::Map(m) => s.collect_map(m),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }

    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(i64::try_from(u).map_or(Value::Float(u as f64), Value::Int))
    }

    fn visit_f64<E: de::Error>(self, x: f64) -> Result<Value, E> {
        Ok(Value::Float(x))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::Text(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::Text(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            out.insert(k, v);
        }
        Ok(Value::Map(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_every_kind() {
        let text =
            r#"{"a":null,"b":true,"c":-3,"d":0.25,"e":"2021-06-30","f":["x",1],"g":{"h":2.0}}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), text);
        assert_eq!(v.to_string(), text);
        let m = v.as_map().unwrap();
        assert_eq!(m["c"].as_i64(), Some(-3));
        assert_eq!(m["c"].as_f64(), Some(-3.0));
        assert_eq!(m["d"].as_i64(), None);
        assert_eq!(m["g"].as_map().unwrap()["h"], Value::Float(2.0));
        assert_eq!(
            m["e"].as_date(),
            chrono::NaiveDate::from_ymd_opt(2021, 6, 30)
        );
        assert_eq!(m["f"].as_list().unwrap().len(), 2);
        assert!(m["a"].is_null());
    }

    #[test]
    fn numbers_that_json_cannot_hold_are_null() {
        assert_eq!(
            serde_json::to_string(&Value::Float(f64::NAN)).unwrap(),
            "null"
        );
        assert_eq!(
            serde_json::to_string(&Value::Float(f64::INFINITY)).unwrap(),
            "null"
        );
    }

    #[test]
    fn large_unsigned_numbers_are_numbers() {
        let v: Value = serde_json::from_str("18446744073709551615").unwrap();
        assert_eq!(v, Value::Float(18446744073709551615.0));
    }
}
