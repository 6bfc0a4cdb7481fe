//! Excel exports: an evaluation's [`Table`]s as the sheets of one `.xlsx` workbook
//! (rust_xlsxwriter; feature `xlsx`).
//!
//! Each table is one sheet named after it, with a bold, frozen header row and an
//! autofilter; numbers are number cells, dates are date cells shown as `yyyy-mm-dd`,
//! booleans are boolean cells, absent values are blank. The output is deterministic: the
//! document's creation time is the evaluation's as-of day (midnight UTC) and the zip
//! entries carry a fixed time, so the same input gives the same bytes.

use super::table::{Cell, Table};
use crate::error::{Error, ErrorKind, Location};
use crate::eval::Evaluation;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// Widest a column is made, in characters.
const MAX_WIDTH: usize = 60;

fn fail(e: XlsxError) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("cannot write the workbook: {e}"),
        Location::default(),
    )
}

fn excel_date(day: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(day.year()).ok()?;
    ExcelDateTime::from_ymd(year, day.month() as u8, day.day() as u8).ok()
}

/// The tables as an `.xlsx` workbook, one sheet each in the given order; `as_of` is the
/// document's creation day (for determinism).
pub fn tables_xlsx(tables: &[Table], as_of: NaiveDate, title: &str) -> Result<Vec<u8>, Error> {
    let mut workbook = Workbook::new();
    let mut properties = DocProperties::new()
        .set_title(title)
        .set_author("planwatch");
    if let Some(created) = excel_date(as_of) {
        properties = properties.set_creation_datetime(&created);
    }
    workbook.set_properties(&properties);
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name).map_err(fail)?;
        let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
        for (c, name) in table.columns.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, *name, &header)
                .map_err(fail)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidValue,
                    format!("the {} table has too many rows for a sheet", table.name),
                    Location::default(),
                )
            })?;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                let shown = match cell {
                    Cell::Empty => 0,
                    Cell::Text(s) => {
                        sheet.write_string(r, col, s).map_err(fail)?;
                        s.chars().count()
                    }
                    Cell::Int(n) => {
                        sheet.write_number(r, col, *n as f64).map_err(fail)?;
                        n.to_string().len()
                    }
                    Cell::Number(x) => {
                        sheet.write_number(r, col, *x).map_err(fail)?;
                        x.to_string().len().min(12)
                    }
                    Cell::Date(d) => {
                        match excel_date(*d) {
                            Some(x) => sheet.write_datetime_with_format(r, col, &x, &date),
                            None => sheet.write_string(r, col, d.to_string()),
                        }
                        .map_err(fail)?;
                        10
                    }
                    Cell::Bool(b) => {
                        sheet.write_boolean(r, col, *b).map_err(fail)?;
                        5
                    }
                };
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(shown);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet
                .set_column_width(c as u16, (w.min(&MAX_WIDTH) + 2) as f64)
                .map_err(fail)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(fail)?;
        let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
        let last_col = table.columns.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, last_row, last_col).map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

/// An evaluation's four tables (findings, rates, forecast, indicators; see
/// [`Table::all`]) as an `.xlsx` workbook; with `owner`, only that organisation's rows.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let ev = ds.evaluate(&planwatch::RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let bytes = planwatch::export::xlsx::evaluation_xlsx(&ev, None).unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
pub fn evaluation_xlsx(evaluation: &Evaluation, owner: Option<&str>) -> Result<Vec<u8>, Error> {
    let title = format!("{} as of {}", evaluation.plan, evaluation.as_of);
    tables_xlsx(&Table::all(evaluation, owner), evaluation.as_of, &title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dataset, RuleSet};

    #[test]
    fn the_same_evaluation_gives_the_same_bytes() {
        let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
        let day = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        let a = evaluation_xlsx(&ds.evaluate(&RuleSet::default(), day), None).unwrap();
        let b = evaluation_xlsx(&ds.evaluate(&RuleSet::default(), day), None).unwrap();
        assert!(a.starts_with(b"PK\x03\x04"));
        assert_eq!(a, b);
        // The creation time is the as-of day, not the clock.
        let c = evaluation_xlsx(
            &ds.evaluate(&RuleSet::default(), day.succ_opt().unwrap()),
            None,
        )
        .unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn dates_outside_excel_fall_back_to_text() {
        let t = Table {
            name: "t",
            columns: &["d"],
            rows: vec![vec![Cell::Date(
                NaiveDate::from_ymd_opt(1800, 1, 1).unwrap(),
            )]],
        };
        let day = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        assert!(tables_xlsx(&[t], day, "t").is_ok());
    }
}
