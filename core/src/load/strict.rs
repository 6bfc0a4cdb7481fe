//! Strict reading of the documents: an object where the format has an object, and each key
//! of a map once.
//!
//! serde's derived structs also accept their *sequence form*, a JSON array of the fields in
//! declaration order, so `["A1", "SS", 3]` would read as a dependency on A1 with a 3-day
//! lag, and `[]` as an empty monitoring file. Maps (`rules`, `params`, a disaggregation)
//! keep the last of a key given twice, where an object of the format refuses it. Neither is
//! what a user who typed the file meant, so [`Strict`] wraps any [`Deserializer`] and
//! refuses both, everywhere below the point where it is applied:
//!
//! - a struct is read as a map, so an array in its place is `invalid type: sequence,
//!   expected struct ...` (a `wrong_type` error);
//! - a map remembers the text of its keys, and a second one is `duplicate key `k``
//!   (an `invalid_value` error, as a field given twice in an object is);
//! - a string longer than [`MAX_STRING_BYTES`] is refused (a `limit_exceeded` error).
//!
//! Every value the wrapped deserializer hands out (elements, keys, values, options, enum
//! contents) is wrapped in turn, so the rules hold at any depth. Values that serde buffers
//! before deciding what they are (untagged enums) are read by serde's own buffer, below this
//! wrapper; the model has none.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeSet;
use std::fmt;

/// The longest string read, in bytes (1 MiB): an id, a title, a note, a condition. Longer
/// is a [`LimitExceeded`](crate::ErrorKind::LimitExceeded) error at its path.
pub const MAX_STRING_BYTES: usize = 1 << 20;

/// The words that mark a limit's error among serde's messages (see `classify`).
pub(crate) const LONGER_THAN_LIMIT: &str = "longer than the limit";

/// A [`Deserializer`] that refuses the sequence form of structs and duplicate map keys.
pub(crate) struct Strict<D> {
    inner: D,
}

impl<D> Strict<D> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: D) -> Strict<D> {
        Strict { inner }
    }
}

/// Forwards a `deserialize_*` method to the inner deserializer with the visitor wrapped.
macro_rules! forward {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.inner.$method(Wrap::new(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_identifier
        deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_unit_struct(name, Wrap::new(visitor))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner
            .deserialize_newtype_struct(name, Wrap::new(visitor))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_tuple(len, Wrap::new(visitor))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner
            .deserialize_tuple_struct(name, len, Wrap::new(visitor))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_map(Wrap {
            visitor,
            unique_keys: true,
        })
    }

    /// A struct is read as a map: an array in its place is refused by the inner
    /// deserializer with the struct's own expectation. Its fields need no duplicate check
    /// here: the derived visitor refuses a field given twice.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_map(Wrap::new(visitor))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner
            .deserialize_enum(name, variants, Wrap::new(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor whose nested deserializers and accessors are [`Strict`] too.
struct Wrap<V> {
    visitor: V,
    /// Whether a map visited by it must have each key once (a map, not a struct).
    unique_keys: bool,
}

impl<V> Wrap<V> {
    fn new(visitor: V) -> Wrap<V> {
        Wrap {
            visitor,
            unique_keys: false,
        }
    }
}

/// Forwards `visit_*` methods that carry a plain value.
macro_rules! forward_visit {
    ($($method:ident($ty:ty))*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.visitor.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    forward_visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char)
        visit_bytes(&[u8]) visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        bounded(v)?;
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        bounded(v)?;
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        bounded(&v)?;
        self.visitor.visit_string(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Strict::new(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(Strict::new(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(Elements { inner: seq })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(Entries {
            inner: map,
            seen: self.unique_keys.then(BTreeSet::new),
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(Variant { inner: data })
    }
}

/// Refuses a string longer than [`MAX_STRING_BYTES`].
fn bounded<E: de::Error>(v: &str) -> Result<(), E> {
    if v.len() > MAX_STRING_BYTES {
        return Err(E::custom(format_args!(
            "string of {} bytes is {LONGER_THAN_LIMIT} of {MAX_STRING_BYTES} bytes",
            v.len()
        )));
    }
    Ok(())
}

/// A seed whose deserializer is [`Strict`]; a key seed also writes the key's text to `key`.
struct Seed<'k, S> {
    seed: S,
    key: Option<&'k mut Option<String>>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        match self.key {
            None => self.seed.deserialize(Strict::new(d)),
            Some(slot) => self.seed.deserialize(KeyText { inner: d, slot }),
        }
    }
}

struct Elements<A> {
    inner: A,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Elements<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner.next_element_seed(Seed { seed, key: None })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct Entries<A> {
    inner: A,
    /// The keys read so far, for a map (not for a struct, whose visitor checks its fields).
    seen: Option<BTreeSet<String>>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Entries<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(seen) = self.seen.as_mut() else {
            return self.inner.next_key_seed(Seed { seed, key: None });
        };
        let mut text = None;
        let key = self.inner.next_key_seed(Seed {
            seed,
            key: Some(&mut text),
        })?;
        if let Some(text) = text {
            if let Some(text) = seen.replace(text) {
                return Err(de::Error::custom(format_args!("duplicate key `{text}`")));
            }
        }
        Ok(key)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(Seed { seed, key: None })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

struct Variant<A> {
    inner: A,
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Variant<A> {
    type Error = A::Error;
    type Variant = A::Variant;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, A::Variant), A::Error> {
        // The variant's name is read strictly; its contents are the format's (the model's
        // enums are names only, and serde_json's variant contents cannot be wrapped
        // without reimplementing its enum access).
        self.inner.variant_seed(Seed { seed, key: None })
    }
}

/// The deserializer of a map key: [`Strict`], and the key's text is kept for the
/// duplicate check.
struct KeyText<'k, D> {
    inner: D,
    slot: &'k mut Option<String>,
}

/// Forwards a `deserialize_*` method of a key to the inner deserializer, recording text.
macro_rules! forward_key {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.inner.$method(KeyVisitor { visitor, slot: self.slot })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyText<'_, D> {
    type Error = D::Error;

    forward_key! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Strict::new(self.inner).deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        // An id newtype (`ActivityId(String)`) as a key: its text is what repeats.
        self.inner.deserialize_newtype_struct(
            name,
            KeyVisitor {
                visitor,
                slot: self.slot,
            },
        )
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Strict::new(self.inner).deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Strict::new(self.inner).deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Strict::new(self.inner).deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_enum(
            name,
            variants,
            KeyVisitor {
                visitor,
                slot: self.slot,
            },
        )
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// The visitor of a map key: writes the key's text, then visits as [`Wrap`] does.
struct KeyVisitor<'k, V> {
    visitor: V,
    slot: &'k mut Option<String>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        bounded(v)?;
        *self.slot = Some(v.to_owned());
        self.visitor.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        bounded(v)?;
        *self.slot = Some(v.to_owned());
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        bounded(&v)?;
        *self.slot = Some(v.clone());
        self.visitor.visit_string(v)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(KeyText {
            inner: d,
            slot: self.slot,
        })
    }

    forward_visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char)
        visit_bytes(&[u8]) visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Strict::new(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        Wrap::new(self.visitor).visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        Wrap::new(self.visitor).visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_enum(Variant { inner: data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Link {
        to: String,
        lag: i32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Doc {
        links: Vec<Link>,
        #[serde(default)]
        params: BTreeMap<String, BTreeMap<String, f64>>,
        #[serde(default)]
        first: Option<Link>,
    }

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        let mut de = serde_json::Deserializer::from_str(text);
        T::deserialize(Strict::new(&mut de)).map_err(|e| e.to_string())
    }

    #[test]
    fn objects_read_as_before() {
        let doc: Doc =
            read(r#"{"links": [{"to": "a", "lag": 3}], "params": {"r": {"x": 1, "y": 2}}}"#)
                .unwrap();
        assert_eq!(
            doc.links,
            vec![Link {
                to: "a".into(),
                lag: 3
            }]
        );
        assert_eq!(doc.params["r"]["y"], 2.0);
        // plain serde_json agrees on valid input
        let plain: Doc = serde_json::from_str(
            r#"{"links": [{"to": "a", "lag": 3}], "params": {"r": {"x": 1, "y": 2}}}"#,
        )
        .unwrap();
        assert_eq!(doc, plain);
    }

    #[test]
    fn the_sequence_form_of_a_struct_is_refused_at_any_depth() {
        // serde_json alone accepts all three
        assert!(serde_json::from_str::<Doc>(r#"{"links": [["a", 3]]}"#).is_ok());
        assert!(serde_json::from_str::<Doc>(r#"[[]]"#).is_ok());
        assert!(serde_json::from_str::<Doc>(r#"{"links": [], "first": ["a", 1]}"#).is_ok());
        for text in [
            r#"{"links": [["a", 3]]}"#,
            r#"[[]]"#,
            r#"{"links": [], "first": ["a", 1]}"#,
        ] {
            let e = read::<Doc>(text).unwrap_err();
            assert!(
                e.starts_with("invalid type: sequence, expected struct"),
                "{text}: {e}"
            );
        }
    }

    #[test]
    fn a_map_key_given_twice_is_refused_at_any_depth() {
        assert!(
            serde_json::from_str::<Doc>(r#"{"links": [], "params": {"r": {}, "r": {}}}"#).is_ok()
        );
        let e = read::<Doc>(r#"{"links": [], "params": {"r": {}, "r": {}}}"#).unwrap_err();
        assert!(e.starts_with("duplicate key `r`"), "{e}");
        let e = read::<Doc>(r#"{"links": [], "params": {"r": {"x": 1, "x": 2}}}"#).unwrap_err();
        assert!(e.starts_with("duplicate key `x`"), "{e}");
        // the same key in two maps is fine
        let doc: Doc = read(r#"{"links": [], "params": {"r": {"x": 1}, "s": {"x": 2}}}"#).unwrap();
        assert_eq!(doc.params.len(), 2);
    }

    #[test]
    fn a_string_past_the_limit_is_refused() {
        let at = format!(r#"{{"to": "{}", "lag": 1}}"#, "x".repeat(MAX_STRING_BYTES));
        assert_eq!(read::<Link>(&at).unwrap().to.len(), MAX_STRING_BYTES);
        let over = format!(
            r#"{{"to": "{}", "lag": 1}}"#,
            "x".repeat(MAX_STRING_BYTES + 1)
        );
        let e = read::<Link>(&over).unwrap_err();
        assert!(
            e.starts_with("string of 1048577 bytes is longer than the limit of 1048576 bytes"),
            "{e}"
        );
        // a key too
        let key = format!(
            r#"{{"links": [], "params": {{"{}": {{}}}}}}"#,
            "k".repeat(MAX_STRING_BYTES + 1)
        );
        assert!(read::<Doc>(&key).unwrap_err().contains(LONGER_THAN_LIMIT));
    }

    #[test]
    fn a_struct_field_given_twice_is_still_refused_by_the_struct() {
        let e = read::<Link>(r#"{"to": "a", "to": "b", "lag": 1}"#).unwrap_err();
        assert!(e.starts_with("duplicate field `to`"), "{e}");
    }
}
