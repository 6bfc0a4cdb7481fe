//! The layout as one .xlsx workbook, one sheet per table (feature `xlsx`).
//!
//! Read with calamine: dates may be date cells or `YYYY-MM-DD` text, numbers numeric cells
//! or text. Written with rust_xlsxwriter: sheets in the layout's order, columns in the
//! layout's order, the header in bold, dates as date cells formatted `yyyy-mm-dd`, numbers
//! as numeric cells, booleans as boolean cells, everything else as text; the document's
//! creation time is fixed (2019-01-01) so that the same data give the same bytes.

use super::{layout, Cell, Table, TableSet};
use crate::error::{Error, ErrorKind, Errors, Location};
use crate::load::lowercase_first;
use calamine::{Data, Reader};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::path::Path;

fn error(kind: ErrorKind, message: String, file: Option<&Path>) -> Error {
    Error::new(kind, message, Location::default()).in_file(file)
}

/// Reads every sheet of the workbook named like a table of the layout (other sheets
/// are ignored).
pub fn read_xlsx(path: impl AsRef<Path>) -> Result<TableSet, Errors> {
    let path = path.as_ref();
    let bytes = crate::load::read_bytes(path)?;
    read_xlsx_bytes(&bytes, Some(path))
}

/// Reads a workbook from its bytes; `file` names it in errors.
///
/// calamine can panic on a malformed workbook (fuzzing found an arithmetic overflow in its
/// cell references, which panics in builds with overflow checks, as debug builds have):
/// such a panic is caught here and reported as the workbook's `syntax` error, never
/// passed to the caller. (Where panics abort, as in WebAssembly release builds, overflow
/// checks are off and calamine does not panic there.)
pub fn read_xlsx_bytes(bytes: &[u8], file: Option<&Path>) -> Result<TableSet, Errors> {
    let read = std::panic::catch_unwind(|| read_workbook(bytes, file));
    read.unwrap_or_else(|_| {
        Err(Errors::from(error(
            ErrorKind::Syntax,
            "not an .xlsx workbook: its reader failed on a malformed part".to_string(),
            file,
        )))
    })
}

fn read_workbook(bytes: &[u8], file: Option<&Path>) -> Result<TableSet, Errors> {
    let cursor = std::io::Cursor::new(bytes);
    let mut workbook = calamine::Xlsx::new(cursor).map_err(|e| {
        error(
            ErrorKind::Syntax,
            format!("not an .xlsx workbook: {}", lowercase_first(&e.to_string())),
            file,
        )
    })?;
    let mut set = TableSet::new();
    let mut errors = Vec::new();
    for sheet in workbook.sheet_names() {
        if layout::spec(&sheet).is_none() {
            continue;
        }
        let location = Location {
            file: file.map(Path::to_path_buf),
            sheet: Some(sheet.clone()),
            ..Location::default()
        };
        let range = match workbook.worksheet_range(&sheet) {
            Ok(range) => range,
            Err(e) => {
                errors.push(Error::new(
                    ErrorKind::Syntax,
                    format!("cannot read sheet: {}", lowercase_first(&e.to_string())),
                    location,
                ));
                continue;
            }
        };
        match sheet_table(&sheet, &range, file) {
            Ok(table) => set.insert(table),
            Err(e) => errors.push(e),
        }
    }
    match Errors::from_vec(errors) {
        Some(errors) => Err(errors),
        None => Ok(set),
    }
}

fn sheet_table(
    name: &str,
    range: &calamine::Range<Data>,
    file: Option<&Path>,
) -> Result<Table, Error> {
    let mut table = Table {
        name: name.to_string(),
        file: file.map(Path::to_path_buf),
        sheet: Some(name.to_string()),
        ..Table::default()
    };
    let Some((first_row, first_col)) = range.start() else {
        return Ok(table);
    };
    // Row numbers are the sheet's; columns left of the used range are empty.
    let pad = first_col as usize;
    for (i, cells) in range.rows().enumerate() {
        let number = first_row as usize + i + 1;
        let mut row = vec![Cell::Empty; pad];
        for (j, data) in cells.iter().enumerate() {
            row.push(cell(data).map_err(|message| {
                let column = table.header.get(pad + j).cloned();
                let mut at = table.location_at(Some(number), column.as_deref());
                if column.is_none() {
                    at.column_name = Some(format!("{}", pad + j + 1));
                }
                Error::new(ErrorKind::InvalidValue, message, at)
            })?);
        }
        if i == 0 {
            table.header = row.iter().map(|c| c.to_string()).collect();
        } else {
            table.rows.push(super::table::Row { number, cells: row });
        }
    }
    Ok(table)
}

fn cell(data: &Data) -> Result<Cell, String> {
    Ok(match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d)) {
                Some(day) => Cell::Date(day),
                None => return Err(format!("date cell {} is not a valid date", dt.as_f64())),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::Error(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
    })
}

/// Writes the tables as a workbook at `path`.
pub fn write_xlsx(tables: &TableSet, path: impl AsRef<Path>) -> Result<(), Errors> {
    let path = path.as_ref();
    let bytes = xlsx_bytes(tables).map_err(|e| e.in_file(Some(path)))?;
    std::fs::write(path, bytes).map_err(|e| {
        Errors::from(error(
            ErrorKind::Io,
            format!("cannot write: {}", lowercase_first(&e.to_string())),
            Some(path),
        ))
    })
}

/// The bytes of the workbook of `tables`: the same tables give the same bytes.
pub fn xlsx_bytes(tables: &TableSet) -> Result<Vec<u8>, Error> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        Error::new(
            ErrorKind::InvalidValue,
            format!("cannot write workbook: {}", lowercase_first(&e.to_string())),
            Location::default(),
        )
    };
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2019, 1, 1).map_err(fail)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.name).map_err(fail)?;
        for (j, name) in table.header.iter().enumerate() {
            sheet
                .write_string_with_format(0, col(j), name, &bold)
                .map_err(fail)?;
        }
        for (i, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(i + 1).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidValue,
                    "too many rows for a sheet",
                    table.location(),
                )
            })?;
            for (j, value) in row.cells.iter().enumerate() {
                let c = col(j);
                match value {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s).map_err(fail)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, c, *n).map_err(fail)?;
                    }
                    Cell::Bool(b) => {
                        sheet.write_boolean(r, c, *b).map_err(fail)?;
                    }
                    Cell::Date(d) => match excel_date(*d) {
                        Some(dt) => {
                            sheet
                                .write_datetime_with_format(r, c, &dt, &date_format)
                                .map_err(fail)?;
                        }
                        None => {
                            sheet
                                .write_string(r, c, d.format("%Y-%m-%d").to_string())
                                .map_err(fail)?;
                        }
                    },
                }
            }
        }
        if !table.header.is_empty() {
            sheet.set_freeze_panes(1, 0).map_err(fail)?;
        }
    }
    workbook.save_to_buffer().map_err(fail)
}

fn col(j: usize) -> u16 {
    u16::try_from(j).unwrap_or(u16::MAX)
}

/// A date cell for days Excel shows faithfully (from 1900-03-01, after its 1900 leap-year
/// bug, to 9999-12-31); other days are written as text.
fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    if d < NaiveDate::from_ymd_opt(1900, 3, 1)? {
        return None;
    }
    let year = u16::try_from(d.year()).ok()?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}
