//! Dates as the JSON files write them, parsed without chrono's general format parser.
//!
//! chrono parses a `NaiveDate` through its strftime-like machinery, about 900 instructions
//! a date: at a million activities, with their status updates and submissions, that was a
//! quarter of the parse. The plan format writes dates as `YYYY-MM-DD`; those are read here
//! directly, and anything else goes to chrono exactly as before, so what is accepted and
//! every error message stay chrono's. Used through `#[serde(deserialize_with)]` on the
//! model's date fields.

use chrono::NaiveDate;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// `YYYY-MM-DD` read directly; `None` for anything else (including impossible dates,
/// whose error chrono then gives).
fn fast(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        // chrono's words, so that type errors read as before.
        formatter.write_str("a formatted date string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<NaiveDate, E> {
        match fast(value) {
            Some(date) => Ok(date),
            None => value.parse().map_err(E::custom),
        }
    }
}

/// A date field.
pub(crate) fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    deserializer.deserialize_str(DateVisitor)
}

struct Date(NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        date(deserializer).map(Date)
    }
}

/// An optional date field (`null` is `None`; give the field `#[serde(default)]` too).
pub(crate) fn opt_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    Option::<Date>::deserialize(deserializer).map(|d| d.map(|Date(d)| d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono(s: &str) -> Result<NaiveDate, String> {
        s.parse::<NaiveDate>().map_err(|e| e.to_string())
    }

    fn ours(s: &str) -> Result<NaiveDate, String> {
        DateVisitor
            .visit_str::<serde_json::Error>(s)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn agrees_with_chrono() {
        for s in [
            "2019-01-01",
            "2023-12-31",
            "2020-02-29",
            "2019-02-29",
            "2019-13-01",
            "2019-00-10",
            "2019-04-31",
            "0000-01-01",
            "9999-12-31",
            "2019-1-01",
            "2019-01-1",
            "2019/01/01",
            "+2019-01-01",
            " 2019-01-01",
            "2019-01-01 ",
            "2019-01-0a",
            "20190101",
            "",
            "2019-01-01T00:00:00",
            "１９１９-01-01",
        ] {
            assert_eq!(ours(s), chrono(s), "{s:?}");
        }
    }

    #[test]
    fn type_errors_read_as_chrono_s() {
        let ours = date(&mut serde_json::Deserializer::from_str("5")).unwrap_err();
        let theirs = serde_json::from_str::<NaiveDate>("5").unwrap_err();
        assert_eq!(ours.to_string(), theirs.to_string());
        let ours: Option<NaiveDate> =
            opt_date(&mut serde_json::Deserializer::from_str("null")).unwrap();
        assert_eq!(ours, None);
        let ours = opt_date(&mut serde_json::Deserializer::from_str("\"2019-05-06\"")).unwrap();
        assert_eq!(ours, NaiveDate::from_ymd_opt(2019, 5, 6));
    }
}
