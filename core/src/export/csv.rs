//! CSV exports: one [`Table`] as RFC 4180 CSV (UTF-8, a header row, fields quoted only
//! when they hold a comma, a quote or a line break, quotes doubled, rows ended by `\n`).

use super::table::Table;
use crate::error::{Error, ErrorKind, Location};

/// The table as CSV text: the header row, then one line per row (see [`Cell::text`](super::Cell::text)).
///
/// ```
/// use planwatch::export::{Cell, Table};
/// let t = Table { name: "t", columns: &["a", "b"], rows: vec![vec![Cell::Text("x, \"y\"".into()), Cell::Int(2)]] };
/// assert_eq!(planwatch::export::csv::to_csv(&t).unwrap(), "a,b\n\"x, \"\"y\"\"\",2\n");
/// ```
pub fn to_csv(table: &Table) -> Result<String, Error> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let fail = |e: &dyn std::fmt::Display| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write the {} table as csv: {e}", table.name),
            Location::default(),
        )
    };
    writer.write_record(table.columns).map_err(|e| fail(&e))?;
    for row in &table.rows {
        writer
            .write_record(row.iter().map(|c| c.text()))
            .map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::Cell;

    #[test]
    fn quotes_commas_quotes_and_newlines_only() {
        let cells = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("cr\r\nlf", "\"cr\r\nlf\""),
            ("ក្រសួង", "ក្រសួង"),
            ("", ""),
        ];
        for (input, want) in cells {
            let t = Table {
                name: "t",
                columns: &["x", "n"],
                rows: vec![vec![Cell::Text(input.into()), Cell::Empty]],
            };
            assert_eq!(to_csv(&t).unwrap(), format!("x,n\n{want},\n"), "{input:?}");
        }
    }

    #[test]
    fn typed_cells_are_written_as_text() {
        let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        let t = Table {
            name: "t",
            columns: &["d", "x", "n", "b", "e"],
            rows: vec![vec![
                Cell::Date(day),
                Cell::Number(5.0 / 6.0),
                Cell::Int(-3),
                Cell::Bool(true),
                Cell::Empty,
            ]],
        };
        assert_eq!(
            to_csv(&t).unwrap(),
            "d,x,n,b,e\n2021-06-30,0.8333333333333334,-3,true,\n"
        );
    }
}
