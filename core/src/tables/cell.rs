//! [`Cell`]: one typed value of a table, as a spreadsheet or a CSV file holds it.

use chrono::NaiveDate;
use std::fmt;

/// One cell of a [`Table`](super::Table): what a spreadsheet cell can hold.
///
/// CSV files give only [`Cell::Text`] and [`Cell::Empty`]; workbooks give every kind. The
/// layout decides, column by column, how a cell is read (see
/// [`tables`](crate::tables)): `"5"` and `5.0` are the same number in a number column, and
/// `"2019-03-31"` and a date cell the same date in a date column.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    /// No value: the field is absent.
    #[default]
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A boolean.
    Bool(bool),
    /// A date (a spreadsheet date cell).
    Date(NaiveDate),
}

impl Cell {
    /// Whether the cell holds nothing (also an empty text).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.is_empty(),
            _ => false,
        }
    }

    /// A text cell, or [`Cell::Empty`] for the empty string.
    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }
}

/// The cell as CSV writes it: text as is, numbers in their shortest exact form
/// (`1`, `0.25`), `true`/`false`, dates as `YYYY-MM-DD`, nothing for an empty cell.
impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Empty => Ok(()),
            Cell::Text(s) => f.write_str(s),
            Cell::Number(n) => write!(f, "{n}"),
            Cell::Bool(b) => write!(f, "{b}"),
            Cell::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_csv_writes_it() {
        let day = NaiveDate::from_ymd_opt(2019, 3, 31).unwrap();
        for (cell, text) in [
            (Cell::Empty, ""),
            (Cell::text("a b"), "a b"),
            (Cell::Number(1.0), "1"),
            (Cell::Number(0.1), "0.1"),
            (Cell::Number(-2.5), "-2.5"),
            (Cell::Number(1e21), "1000000000000000000000"),
            (Cell::Bool(true), "true"),
            (Cell::Date(day), "2019-03-31"),
        ] {
            assert_eq!(cell.to_string(), text, "{cell:?}");
        }
        assert!(Cell::text("").is_empty());
        assert!(!Cell::Number(0.0).is_empty());
    }

    #[test]
    fn numbers_round_trip_through_their_text() {
        for n in [0.1, 1.0 / 3.0, 123456789.123, 5e-324, f64::MAX, -0.0] {
            let back: f64 = Cell::Number(n).to_string().parse().unwrap();
            assert_eq!(back.to_bits(), n.to_bits(), "{n}");
        }
    }
}
