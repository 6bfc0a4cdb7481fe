//! The layout as a directory of CSV files, one `<table>.csv` per table.
//!
//! Files are UTF-8 (a byte-order mark is allowed), comma-separated, with a header row;
//! quoting as RFC 4180. Written with `\n` line ends, every field quoted only when needed.

use super::{layout, Cell, Table, TableSet};
use crate::error::{Error, ErrorKind, Errors, Location};
use crate::load::lowercase_first;
use std::path::{Path, PathBuf};

/// The file of table `name` in `dir`.
pub fn csv_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.csv"))
}

/// Whether `dir` holds a CSV file of any table of the layout.
pub fn has_csv_tables(dir: &Path) -> bool {
    layout::all().any(|s| crate::load::is_present(&csv_path(dir, s.name)))
}

/// Reads every `<table>.csv` of the layout that `dir` holds (other files are ignored).
pub fn read_csv_dir(dir: impl AsRef<Path>) -> Result<TableSet, Errors> {
    let dir = dir.as_ref();
    let mut set = TableSet::new();
    let mut errors = Vec::new();
    for spec in layout::all() {
        let path = csv_path(dir, spec.name);
        if !crate::load::is_present(&path) {
            continue;
        }
        match read_csv(&path, spec.name) {
            Ok(table) => set.insert(table),
            Err(e) => errors.push(e),
        }
    }
    match Errors::from_vec(errors) {
        Some(errors) => Err(errors),
        None => Ok(set),
    }
}

/// Reads one CSV file as the table `name`: every cell is text (empty cells are empty).
pub fn read_csv(path: &Path, name: &str) -> Result<Table, Error> {
    // A regular file of bounded size, as every input (crate::load::read_bytes).
    let bytes = crate::load::read_bytes(path)?;
    read_csv_from(bytes.as_slice(), name, Some(path))
}

/// Reads CSV text from `reader` as the table `name`; `file` names it in errors.
pub fn read_csv_from(
    reader: impl std::io::Read,
    name: &str,
    file: Option<&Path>,
) -> Result<Table, Error> {
    let mut table = Table {
        name: name.to_string(),
        file: file.map(Path::to_path_buf),
        ..Table::default()
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(reader);
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                number += 1;
                if number == 1 {
                    table.header = record
                        .iter()
                        .map(|h| h.trim_start_matches('\u{feff}').to_string())
                        .collect();
                    continue;
                }
                let mut cells: Vec<Cell> = record.iter().map(Cell::text).collect();
                if cells.len() > table.header.len() {
                    if cells[table.header.len()..].iter().any(|c| !c.is_empty()) {
                        return Err(Error::new(
                            ErrorKind::Syntax,
                            format!(
                                "row has {} cells but the header has {}",
                                cells.len(),
                                table.header.len()
                            ),
                            table.location_at(Some(number), None),
                        ));
                    }
                    cells.truncate(table.header.len());
                }
                table.rows.push(super::table::Row { number, cells });
            }
            Err(e) => {
                let row = e.position().map_or(number + 1, |p| p.record() as usize + 1);
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "invalid utf-8".to_string(),
                    _ => lowercase_first(&e.to_string()),
                };
                return Err(Error::new(
                    ErrorKind::Syntax,
                    message,
                    table.location_at(Some(row), None),
                ));
            }
        }
    }
    Ok(table)
}

/// Reads CSV texts held in memory (files a browser was given, say) as the tables they
/// name: `(name, text)` pairs, `name` a table of the layout with or without its `.csv`
/// extension (`activities`, `activities.csv`). Each table is named `<name>.csv` in errors,
/// with the row and column. A name that is not a table of the layout is an
/// [`UnknownField`](ErrorKind::UnknownField) error, a table given twice a
/// [`DuplicateId`](ErrorKind::DuplicateId) one; every text is read and every error
/// reported. The tables are kept in the layout's order, whatever the order given.
///
/// ```
/// use planwatch::tables::read_csv_texts;
/// let set = read_csv_texts([("strategies.csv", "id,title\n1,Prevention\n")]).unwrap();
/// assert_eq!(set.get("strategies").unwrap().rows.len(), 1);
/// let err = read_csv_texts([("activites", "id\n")]).unwrap_err();
/// assert_eq!(err[0].kind(), planwatch::ErrorKind::UnknownField);
/// assert_eq!(err[0].location().file.as_deref(), Some(std::path::Path::new("activites.csv")));
/// ```
pub fn read_csv_texts<'a>(
    texts: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<TableSet, Errors> {
    let mut tables: Vec<Option<Table>> = layout::all().map(|_| None).collect();
    let mut errors = Vec::new();
    for (given, text) in texts {
        let name = given.strip_suffix(".csv").unwrap_or(given);
        let file = PathBuf::from(format!("{name}.csv"));
        let Some(index) = layout::all().position(|s| s.name == name) else {
            let names: Vec<&str> = layout::all().map(|s| s.name).collect();
            errors.push(
                Error::new(
                    ErrorKind::UnknownField,
                    format!(
                        "`{name}` is not a table of the layout, expected one of {}",
                        names.join(", ")
                    ),
                    Location::default(),
                )
                .in_file(Some(&file)),
            );
            continue;
        };
        if tables[index].is_some() {
            errors.push(
                Error::new(
                    ErrorKind::DuplicateId,
                    format!("table `{name}` is given twice"),
                    Location::default(),
                )
                .in_file(Some(&file)),
            );
            continue;
        }
        match read_csv_from(text.as_bytes(), name, Some(&file)) {
            Ok(table) => tables[index] = Some(table),
            Err(e) => errors.push(e),
        }
    }
    match Errors::from_vec(errors) {
        Some(errors) => Err(errors),
        None => Ok(tables.into_iter().flatten().collect()),
    }
}

/// Writes each table as `<name>.csv` in `dir`, creating the directory.
pub fn write_csv_dir(tables: &TableSet, dir: impl AsRef<Path>) -> Result<(), Errors> {
    let dir = dir.as_ref();
    let io = |e: std::io::Error, path: &Path| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write: {}", lowercase_first(&e.to_string())),
            Location::default(),
        )
        .in_file(Some(path))
    };
    std::fs::create_dir_all(dir).map_err(|e| io(e, dir))?;
    for table in tables {
        let path = csv_path(dir, &table.name);
        std::fs::write(&path, csv_text(table)).map_err(|e| io(e, &path))?;
    }
    Ok(())
}

/// The CSV text of a table: its header, then one line per row.
pub fn csv_text(table: &Table) -> String {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = out.write_record(&table.header);
    for row in &table.rows {
        let mut cells: Vec<String> = row.cells.iter().map(Cell::to_string).collect();
        cells.resize(table.header.len(), String::new());
        let _ = out.write_record(&cells);
    }
    let bytes = out.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
