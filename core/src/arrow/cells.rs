//! Any [`Table`] of typed cells as a record batch.

use super::{batch, date32};
use crate::export::{Cell, Table};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::ArrowError;
use std::sync::Arc;

/// The type of a column: that of its first non-empty cell; a column whose cells are of
/// more than one type, or all empty, is text (each cell's [`Cell::text`]).
fn column(table: &Table, c: usize) -> ArrayRef {
    let cells = || {
        table
            .rows
            .iter()
            .map(move |r| r.get(c).unwrap_or(&Cell::Empty))
    };
    let same = |a: &Cell, b: &Cell| std::mem::discriminant(a) == std::mem::discriminant(b);
    let first = cells().find(|x| **x != Cell::Empty);
    let uniform = first.is_some_and(|f| cells().all(|x| *x == Cell::Empty || same(x, f)));
    let n = table.rows.len();
    match first.filter(|_| uniform) {
        Some(Cell::Int(_)) => {
            let mut b = Int64Builder::with_capacity(n);
            cells()
                .for_each(|x| b.append_option(if let Cell::Int(v) = x { Some(*v) } else { None }));
            Arc::new(b.finish())
        }
        Some(Cell::Number(_)) => {
            let mut b = Float64Builder::with_capacity(n);
            cells().for_each(|x| {
                b.append_option(if let Cell::Number(v) = x {
                    Some(*v)
                } else {
                    None
                })
            });
            Arc::new(b.finish())
        }
        Some(Cell::Date(_)) => {
            let mut b = Date32Builder::with_capacity(n);
            cells().for_each(|x| {
                b.append_option(if let Cell::Date(d) = x {
                    Some(date32(*d))
                } else {
                    None
                })
            });
            Arc::new(b.finish())
        }
        Some(Cell::Bool(_)) => {
            let mut b = BooleanBuilder::with_capacity(n);
            cells().for_each(|x| {
                b.append_option(if let Cell::Bool(v) = x {
                    Some(*v)
                } else {
                    None
                })
            });
            Arc::new(b.finish())
        }
        _ => {
            let mut b = StringBuilder::with_capacity(n, n * 16);
            cells().for_each(|x| match x {
                Cell::Empty => b.append_null(),
                other => b.append_value(other.text()),
            });
            Arc::new(b.finish())
        }
    }
}

/// `table` as a record batch, one nullable column per table column (empty cells are
/// nulls): whole numbers as Int64, numbers as Float64, days as Date32, booleans as
/// Boolean, text (and columns of mixed cells) as Utf8.
///
/// ```
/// use planwatch::export::{Cell, Table};
/// let t = Table { name: "t", columns: &["a", "b"], rows: vec![vec![Cell::Text("x".into()), Cell::Int(2)], vec![Cell::Empty, Cell::Empty]] };
/// let b = planwatch::arrow::table_batch(&t).unwrap();
/// assert_eq!((b.num_rows(), b.schema().field(1).data_type().to_string()), (2, "Int64".to_string()));
/// ```
pub fn table_batch(table: &Table) -> Result<RecordBatch, ArrowError> {
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(c, name)| (*name, column(table, c)))
        .collect();
    batch(columns)
}
