//! [`Table`]: a header and rows of typed cells, whatever file or sheet they came from.

use super::Cell;
use crate::error::Location;
use std::path::PathBuf;

/// One row of a [`Table`], with its 1-based row number in the source (the header is
/// row 1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// The row number in the file or sheet (1-based; the header is row 1).
    pub number: usize,
    /// The cells, one per header column (missing ones are empty).
    pub cells: Vec<Cell>,
}

impl Row {
    /// The cell in column `index`; [`Cell::Empty`] past the end.
    pub fn cell(&self, index: usize) -> &Cell {
        const EMPTY: &Cell = &Cell::Empty;
        self.cells.get(index).unwrap_or(EMPTY)
    }

    /// Whether every cell is empty (such rows are skipped).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// A named table: a header of column names and rows of [`Cell`]s, with the file (and the
/// sheet, for a workbook) it came from, to name them in errors.
///
/// ```
/// use planwatch::tables::{Cell, Table};
/// let mut t = Table::new("strategies", ["id", "title"]);
/// t.push_row(vec![Cell::text("1"), Cell::text("Prevention")]);
/// assert_eq!(t.rows[0].number, 2);
/// assert_eq!(t.column("title"), Some(1));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The table name, like `activities`.
    pub name: String,
    /// The file it came from: `activities.csv`, or the workbook.
    pub file: Option<PathBuf>,
    /// The sheet of the workbook it came from.
    pub sheet: Option<String>,
    /// The column names, in order.
    pub header: Vec<String>,
    /// The rows below the header.
    pub rows: Vec<Row>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new<S: Into<String>>(
        name: impl Into<String>,
        header: impl IntoIterator<Item = S>,
    ) -> Table {
        Table {
            name: name.into(),
            header: header.into_iter().map(Into::into).collect(),
            ..Table::default()
        }
    }

    /// Appends a row, numbered after the last one (the first is row 2).
    pub fn push_row(&mut self, cells: Vec<Cell>) {
        let number = self.rows.last().map_or(2, |r| r.number + 1);
        self.rows.push(Row { number, cells });
    }

    /// The position of the column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The location of the table itself (its file and sheet), for errors. A table from
    /// no file (built in memory) is named by its name in the `sheet` field.
    pub fn location(&self) -> Location {
        let sheet = match (&self.file, &self.sheet) {
            (None, None) => Some(self.name.clone()),
            (_, sheet) => sheet.clone(),
        };
        Location {
            file: self.file.clone(),
            sheet,
            ..Location::default()
        }
    }

    /// The location of a row and (when given) a column of the table, for errors.
    pub fn location_at(&self, row: Option<usize>, column: Option<&str>) -> Location {
        Location {
            row,
            column_name: column.map(str::to_string),
            ..self.location()
        }
    }
}
