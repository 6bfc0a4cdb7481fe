//! Dates as the JSON files write them, parsed without chrono's general format parser.
//!
//! chrono parses a `NaiveDate` through its strftime-like machinery, about 900 instructions
//! a date: at a million activities, with their status updates and submissions, that was a
//! quarter of the parse. The plan format writes dates as `YYYY-MM-DD` and only so: four
//! digits of year, two of month, two of day, nothing around them. Those are read here
//! directly; anything else (`2020-6-3`, ` 2020-06-03`, `2020-06-03T00:00`) is refused
//! with a message that names the format, and an impossible day (`2021-02-30`) with one
//! that says so. Used through `#[serde(deserialize_with)]` on the model's date fields.

use chrono::NaiveDate;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// Why a text is not a date of the format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Not `YYYY-MM-DD`.
    Format,
    /// `YYYY-MM-DD`, but no such day (`2021-02-30`, `2021-13-01`).
    NoSuchDay,
}

/// Reads `YYYY-MM-DD`, strictly.
pub(crate) fn parse_iso(s: &str) -> Result<NaiveDate, DateError> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DateError::Format);
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    match (digits(0..4), digits(5..7), digits(8..10)) {
        (Some(y), Some(m), Some(d)) => {
            NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay)
        }
        _ => Err(DateError::Format),
    }
}

/// The message for a text that is not a date of the format.
pub(crate) fn date_message(s: &str, error: DateError) -> String {
    let shown: String = s.chars().take(40).flat_map(char::escape_debug).collect();
    match error {
        DateError::Format => format!("invalid date \"{shown}\": expected YYYY-MM-DD"),
        DateError::NoSuchDay => format!("invalid date \"{shown}\": there is no such day"),
    }
}

/// Reads a day written `YYYY-MM-DD` (an as-of day, a window bound), strictly: the same
/// rule as the date fields of the files, on every surface.
///
/// ```
/// use planwatch::load::parse_day;
/// assert_eq!(parse_day("2021-06-30").unwrap().to_string(), "2021-06-30");
/// let e = parse_day("30/06/2021").unwrap_err();
/// assert_eq!(e.kind(), planwatch::ErrorKind::InvalidValue);
/// assert_eq!(e.message(), "invalid date \"30/06/2021\": expected YYYY-MM-DD");
/// ```
pub fn parse_day(text: &str) -> Result<NaiveDate, crate::Error> {
    parse_iso(text).map_err(|e| {
        crate::Error::new(
            crate::ErrorKind::InvalidValue,
            date_message(text, e),
            crate::Location::default(),
        )
    })
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = NaiveDate;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        // chrono's words, so that type errors read as before.
        formatter.write_str("a formatted date string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<NaiveDate, E> {
        parse_iso(value).map_err(|e| E::custom(date_message(value, e)))
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

/// A date written `YYYY-MM-DD` without chrono's formatter (which writes a character at a
/// time: a quarter of building a findings table went there). The same text as chrono's
/// `Display`, years outside 0-9999 included (those are handed to chrono).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct IsoDate(pub NaiveDate);

impl IsoDate {
    /// The ten bytes of `YYYY-MM-DD`, for years 0 to 9999.
    pub(crate) fn bytes(self) -> Option<[u8; 10]> {
        use chrono::Datelike;
        let d = self.0;
        let y = u32::try_from(d.year()).ok().filter(|&y| y <= 9999)?;
        let (m, day) = (d.month(), d.day());
        let digit = |v: u32| b'0' + (v % 10) as u8;
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(day / 10),
            digit(day),
        ])
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.bytes() {
            Some(b) => f.write_str(std::str::from_utf8(&b).unwrap_or_default()),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

impl serde::Serialize for IsoDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.bytes() {
            Some(b) => s.serialize_str(std::str::from_utf8(&b).unwrap_or_default()),
            None => self.0.serialize(s),
        }
    }
}

/// Serialises a date as [`IsoDate`] does (for `#[serde(serialize_with)]`).
pub(crate) fn write_date<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&IsoDate(*d), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(s: &str) -> Result<NaiveDate, String> {
        DateVisitor
            .visit_str::<serde_json::Error>(s)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn only_iso_days_are_dates() {
        let ok = |y, m, d| Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let format = Err("invalid date \"{}\": expected YYYY-MM-DD");
        let no_day = Err("invalid date \"{}\": there is no such day");
        let cases = [
            ("2019-01-01", ok(2019, 1, 1)),
            ("2020-02-29", ok(2020, 2, 29)),
            ("0000-01-01", ok(0, 1, 1)),
            ("9999-12-31", ok(9999, 12, 31)),
            ("2019-02-29", no_day),
            ("2019-13-01", no_day),
            ("2019-00-10", no_day),
            ("2019-04-31", no_day),
            ("2019-1-01", format),
            ("2020-6-3", format),
            ("2019-01-1", format),
            ("2019/01/01", format),
            ("+2019-01-01", format),
            (" 2019-01-01", format),
            ("2019-01-01 ", format),
            ("2019-01-0a", format),
            ("20190101", format),
            ("", format),
            ("2019-01-01T00:00:00", format),
            ("１９１９-01-01", format),
        ];
        for (s, want) in cases {
            let want = want.map_err(|m: &str| m.replace("{}", &s.escape_debug().to_string()));
            assert_eq!(ours(s), want, "{s:?}");
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

    #[test]
    fn iso_date_writes_what_chrono_writes() {
        let days = [
            NaiveDate::from_ymd_opt(2021, 6, 30),
            NaiveDate::from_ymd_opt(1, 1, 1),
            NaiveDate::from_ymd_opt(0, 12, 31),
            NaiveDate::from_ymd_opt(9999, 12, 31),
            NaiveDate::from_ymd_opt(10000, 1, 1),
            NaiveDate::from_ymd_opt(-1, 3, 4),
            Some(NaiveDate::MIN),
            Some(NaiveDate::MAX),
        ];
        for d in days.into_iter().flatten() {
            assert_eq!(IsoDate(d).to_string(), d.to_string());
            assert_eq!(
                serde_json::to_string(&IsoDate(d)).ok(),
                serde_json::to_string(&d).ok()
            );
        }
    }
}
