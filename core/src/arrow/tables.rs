//! Arrow record batches in: a table of the plan layout (see [`tables`](crate::tables))
//! from the columns of a data frame, without text in between.

use crate::error::{Error, ErrorKind};
use crate::tables::{Cell, Table};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float16Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use chrono::NaiveDate;

/// The table `name` of the plan layout from record batches (a pandas or polars data frame,
/// an Arrow table), row after row; the header is the batches' column names.
///
/// Cells are read by Arrow type: nulls (and NaN) are empty cells, strings text (a
/// dictionary of strings, such as a pandas categorical, too), integers and floats numbers,
/// booleans booleans, dates and timestamps dates (the day of a timestamp, its time of day
/// dropped). Any other type is a `wrong_type` error naming the table and the column. The
/// layout then reads each cell as its column wants, as it reads CSV files and workbooks.
///
/// ```
/// use planwatch::arrow::{record_batch, table_from_batches};
/// use std::sync::Arc;
/// let ids = Arc::new(arrow_array::StringArray::from(vec!["1", "2"]));
/// let titles = Arc::new(arrow_array::StringArray::from(vec![Some("Prevention"), None]));
/// let batch = record_batch(vec![("id", ids), ("title", titles)]).unwrap();
/// let table = table_from_batches("strategies", &[batch]).unwrap();
/// assert_eq!(table.rows.len(), 2);
/// assert!(table.rows[1].cells[1].is_empty());
/// ```
pub fn table_from_batches(name: &str, batches: &[RecordBatch]) -> Result<Table, Error> {
    let header: Vec<String> = match batches.first() {
        Some(b) => b
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect(),
        None => Vec::new(),
    };
    let mut table = Table::new(name, header.iter().cloned());
    for batch in batches {
        let names: Vec<&String> = batch
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name())
            .collect();
        if names.iter().copied().ne(header.iter()) {
            return Err(Error::new(
                ErrorKind::WrongType,
                "the batches of the table have different columns",
                table.location(),
            ));
        }
        let columns: Vec<Vec<Cell>> = batch
            .columns()
            .iter()
            .zip(&header)
            .map(|(column, column_name)| {
                cells(column).ok_or_else(|| {
                    Error::new(
                        ErrorKind::WrongType,
                        format!(
                            "column {column_name} has arrow type {}, which is not text, a number, a boolean or a date",
                            column.data_type()
                        ),
                        table.location_at(None, Some(column_name)),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let mut columns: Vec<std::vec::IntoIter<Cell>> =
            columns.into_iter().map(Vec::into_iter).collect();
        for _ in 0..batch.num_rows() {
            let row = columns
                .iter_mut()
                .map(|c| c.next().unwrap_or_default())
                .collect();
            table.push_row(row);
        }
    }
    Ok(table)
}

/// The cells of one column; `None` for a type planwatch does not read.
fn cells(array: &ArrayRef) -> Option<Vec<Cell>> {
    let n = array.len();
    let each = |f: &dyn Fn(usize) -> Cell| -> Vec<Cell> {
        (0..n)
            .map(|i| if array.is_null(i) { Cell::Empty } else { f(i) })
            .collect()
    };
    let number = |x: f64| {
        if x.is_nan() {
            Cell::Empty
        } else {
            Cell::Number(x)
        }
    };
    macro_rules! numbers {
        ($t:ty) => {{
            let a = array.as_primitive::<$t>();
            each(&|i| number(a.value(i) as f64))
        }};
    }
    macro_rules! timestamps {
        ($t:ty, $per_day:expr) => {{
            let a = array.as_primitive::<$t>();
            each(&|i| day_of(a.value(i).div_euclid($per_day)))
        }};
    }
    Some(match array.data_type() {
        DataType::Null => vec![Cell::Empty; n],
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            each(&|i| Cell::text(a.value(i)))
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            each(&|i| Cell::text(a.value(i)))
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            each(&|i| Cell::text(a.value(i)))
        }
        DataType::Boolean => {
            let a = array.as_boolean();
            each(&|i| Cell::Bool(a.value(i)))
        }
        DataType::Int8 => numbers!(Int8Type),
        DataType::Int16 => numbers!(Int16Type),
        DataType::Int32 => numbers!(Int32Type),
        DataType::Int64 => numbers!(Int64Type),
        DataType::UInt8 => numbers!(UInt8Type),
        DataType::UInt16 => numbers!(UInt16Type),
        DataType::UInt32 => numbers!(UInt32Type),
        DataType::UInt64 => numbers!(UInt64Type),
        DataType::Float16 => {
            let a = array.as_primitive::<Float16Type>();
            each(&|i| number(f64::from(a.value(i))))
        }
        DataType::Float32 => numbers!(Float32Type),
        DataType::Float64 => numbers!(Float64Type),
        DataType::Date32 => {
            let a = array.as_primitive::<Date32Type>();
            each(&|i| day_of(i64::from(a.value(i))))
        }
        DataType::Date64 => timestamps!(Date64Type, 86_400_000),
        DataType::Timestamp(TimeUnit::Second, _) => timestamps!(TimestampSecondType, 86_400),
        DataType::Timestamp(TimeUnit::Millisecond, _) => {
            timestamps!(TimestampMillisecondType, 86_400_000)
        }
        DataType::Timestamp(TimeUnit::Microsecond, _) => {
            timestamps!(TimestampMicrosecondType, 86_400_000_000)
        }
        DataType::Timestamp(TimeUnit::Nanosecond, _) => {
            timestamps!(TimestampNanosecondType, 86_400_000_000_000)
        }
        DataType::Dictionary(_, _) => {
            let dict = array.as_any_dictionary_opt()?;
            let values = cells(dict.values())?;
            let keys = dict.normalized_keys();
            (0..n)
                .map(|i| {
                    if array.is_null(i) {
                        Cell::Empty
                    } else {
                        keys.get(i)
                            .and_then(|&k| values.get(k))
                            .cloned()
                            .unwrap_or_default()
                    }
                })
                .collect()
        }
        _ => return None,
    })
}

/// The day `days` after 1970-01-01, as a date cell; text naming the number when out of
/// the calendar's range (the layout then refuses it as a date).
fn day_of(days: i64) -> Cell {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| {
            let delta = chrono::TimeDelta::try_days(days)?;
            epoch.checked_add_signed(delta)
        })
        .map_or_else(
            || Cell::Text(format!("{days} days after 1970-01-01")),
            Cell::Date,
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arrow::record_batch;
    use arrow_array::{
        BooleanArray, Date32Array, DictionaryArray, Float64Array, Int64Array, StringArray,
        TimestampNanosecondArray,
    };
    use std::sync::Arc;

    #[test]
    fn cells_by_arrow_type() {
        let d = |y, m, dd| Cell::Date(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        let dict: DictionaryArray<Int32Type> =
            vec![Some("a"), None, Some("b")].into_iter().collect();
        let batch = record_batch(vec![
            (
                "text",
                Arc::new(StringArray::from(vec![Some("x"), None, Some("")])) as ArrayRef,
            ),
            (
                "int",
                Arc::new(Int64Array::from(vec![Some(3), None, Some(-1)])),
            ),
            (
                "float",
                Arc::new(Float64Array::from(vec![Some(1.5), Some(f64::NAN), None])),
            ),
            (
                "bool",
                Arc::new(BooleanArray::from(vec![Some(true), None, Some(false)])),
            ),
            (
                "date",
                Arc::new(Date32Array::from(vec![Some(18_628), None, Some(-1)])),
            ),
            (
                "stamp",
                Arc::new(TimestampNanosecondArray::from(vec![
                    Some(1_609_459_200_000_000_000 + 3_600_000_000_000),
                    None,
                    Some(-1),
                ])),
            ),
            ("category", Arc::new(dict)),
        ])
        .unwrap();
        let t = table_from_batches("t", &[batch.clone(), batch]).unwrap();
        assert_eq!(
            t.header,
            ["text", "int", "float", "bool", "date", "stamp", "category"]
        );
        assert_eq!(t.rows.len(), 6);
        assert_eq!(t.rows[5].number, 7);
        assert_eq!(
            t.rows[0].cells,
            [
                Cell::text("x"),
                Cell::Number(3.0),
                Cell::Number(1.5),
                Cell::Bool(true),
                d(2021, 1, 1),
                d(2021, 1, 1),
                Cell::text("a"),
            ]
        );
        assert!(t.rows[1].is_blank());
        assert_eq!(t.rows[2].cells[4], d(1969, 12, 31));
        assert_eq!(t.rows[2].cells[5], d(1969, 12, 31));
        assert!(t.rows[2].cells[0].is_empty());
    }

    #[test]
    fn unreadable_types_are_named() {
        let list = arrow_array::ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(
            vec![Some(1)],
        )]);
        let batch = record_batch(vec![("nested", Arc::new(list) as ArrayRef)]).unwrap();
        let e = table_from_batches("activities", &[batch]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::WrongType);
        assert_eq!(e.location().column_name.as_deref(), Some("nested"));
        assert!(
            e.message().starts_with("column nested has arrow type List"),
            "{}",
            e.message()
        );
    }
}
