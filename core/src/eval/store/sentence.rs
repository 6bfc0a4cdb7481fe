//! [`Sentence`]: a finding's message written piece by piece, without `core::fmt`.
//!
//! Messages are rendered when read, once per finding, so a findings table or a CSV export
//! of a national plan renders millions of them. Through `format!` the message of one
//! `dependency_violation` finding cost about 5,700 instructions (measured with callgrind);
//! pushing its pieces costs a fraction of that. The text is exactly what `format!` gives
//! (`{}` for text and integers, `{:+}` for [`Sentence::signed`], dates as
//! [`IsoDate`](crate::load::date::IsoDate)).

use crate::load::date::IsoDate;
use chrono::NaiveDate;

/// A message being written.
#[derive(Debug, Default)]
pub(crate) struct Sentence(String);

impl Sentence {
    /// An empty sentence with room for `bytes`.
    pub fn with_capacity(bytes: usize) -> Sentence {
        Sentence(String::with_capacity(bytes))
    }

    /// Appends `text`.
    pub fn push(&mut self, text: &str) -> &mut Sentence {
        self.0.push_str(text);
        self
    }

    /// Appends `text` with `_` written as a space (`in_progress` gives `in progress`).
    pub fn words(&mut self, text: &str) -> &mut Sentence {
        self.replacing(text, '_', ' ')
    }

    /// Appends `text` with every `from` written as `to` (`semi_annual` gives `semi-annual`
    /// with `_` and `-`).
    pub fn replacing(&mut self, text: &str, from: char, to: char) -> &mut Sentence {
        for (i, part) in text.split(from).enumerate() {
            if i > 0 {
                self.0.push(to);
            }
            self.0.push_str(part);
        }
        self
    }

    /// Appends an integer as `{}` writes it.
    pub fn int(&mut self, value: i64) -> &mut Sentence {
        self.0.push_str(itoa::Buffer::new().format(value));
        self
    }

    /// Appends an integer with its sign, as `{:+}` writes it (`+3`, `-2`, `+0`).
    pub fn signed(&mut self, value: i64) -> &mut Sentence {
        if value >= 0 {
            self.0.push('+');
        }
        self.int(value)
    }

    /// Appends a day as `YYYY-MM-DD` (as [`IsoDate`] writes it).
    pub fn date(&mut self, day: NaiveDate) -> &mut Sentence {
        match IsoDate(day).bytes() {
            Some(b) => self.0.push_str(std::str::from_utf8(&b).unwrap_or_default()),
            None => {
                use std::fmt::Write;
                let _ = write!(self.0, "{}", IsoDate(day));
            }
        }
        self
    }

    /// Appends a day if there is one (nothing otherwise).
    pub fn date_if(&mut self, day: Option<NaiveDate>) -> &mut Sentence {
        if let Some(d) = day {
            self.date(d);
        }
        self
    }

    /// Appends a number rounded to no decimals, as `{:.0}` writes it.
    pub fn whole(&mut self, value: f64) -> &mut Sentence {
        use std::fmt::Write;
        let _ = write!(self.0, "{value:.0}");
        self
    }
}

impl From<Sentence> for String {
    fn from(s: Sentence) -> String {
        s.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_written_as_format_writes_them() {
        let day = NaiveDate::from_ymd_opt(2021, 4, 2).unwrap();
        let far = NaiveDate::from_ymd_opt(12345, 1, 1).unwrap();
        let before = NaiveDate::from_ymd_opt(-3, 1, 1).unwrap();
        for (value, want) in [
            (0i64, "+0"),
            (3, "+3"),
            (-2, "-2"),
            (i64::MIN, "-9223372036854775808"),
        ] {
            let mut s = Sentence::default();
            s.signed(value);
            assert_eq!(String::from(s), want);
            assert_eq!(format!("{value:+}"), want);
        }
        let mut s = Sentence::with_capacity(8);
        s.push("a ")
            .int(-12)
            .push(" ")
            .date(day)
            .push(" ")
            .date(far)
            .push(" ")
            .date(before)
            .push(" ")
            .words("in_progress_now")
            .push(" ")
            .replacing("semi_annual", '_', '-')
            .push(" ")
            .whole(95.5)
            .date_if(None);
        assert_eq!(
            String::from(s),
            format!(
                "a {} {} {} {} in progress now semi-annual {:.0}",
                -12,
                IsoDate(day),
                IsoDate(far),
                IsoDate(before),
                95.5
            )
        );
    }
}
