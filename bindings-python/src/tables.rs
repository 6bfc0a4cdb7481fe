//! Arrow record batches handed to Python through the Arrow PyCapsule interface
//! (`pyarrow.table(obj)`, `polars.DataFrame(obj)` read them without copying row by row).
//! The findings and forecast tables are core's (`planwatch::arrow`); this module only
//! turns the serialised parts of an evaluation (`ev.table(path)`) into tables.

use crate::ordered::Json;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, Schema};
use chrono::{Datelike, NaiveDate};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::sync::Arc;

/// `num_days_from_ce` of 1970-01-01: Arrow's `Date32` counts days from there.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn date32(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// Wraps a batch as a table object exposing `__arrow_c_stream__`.
pub(crate) fn into_table(
    py: Python<'_>,
    batch: Result<RecordBatch, ArrowError>,
) -> PyResult<PyTable> {
    let batch = batch.map_err(|e| crate::errors::internal(py, &format!("arrow: {e}")))?;
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)
}

use planwatch::arrow::record_batch as batch;

/// What a column holds, widened as values are seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Only nulls so far.
    Null,
    Bool,
    Int,
    Float,
    /// Strings that are all ISO days.
    Date,
    Str,
    /// Anything else: written as JSON text.
    Json,
}

fn kind_of(v: &Json) -> Kind {
    match v {
        Json::Null => Kind::Null,
        Json::Bool(_) => Kind::Bool,
        Json::Int(_) => Kind::Int,
        Json::Float(_) => Kind::Float,
        Json::Str(s) if is_day(s) => Kind::Date,
        Json::Str(_) => Kind::Str,
        Json::Array(_) | Json::Object(_) => Kind::Json,
    }
}

fn is_day(s: &str) -> bool {
    s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') && s.parse::<NaiveDate>().is_ok()
}

fn widen(a: Kind, b: Kind) -> Kind {
    use Kind::*;
    match (a, b) {
        (x, y) if x == y => x,
        (Null, x) | (x, Null) => x,
        (Int, Float) | (Float, Int) => Float,
        (Date, Str) | (Str, Date) => Str,
        _ => Json,
    }
}

fn json_text(v: &Json) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn column(values: &[Option<&Json>], kind: Kind) -> ArrayRef {
    let n = values.len();
    match kind {
        Kind::Bool => {
            let mut b = BooleanBuilder::with_capacity(n);
            for v in values {
                b.append_option(match v {
                    Some(Json::Bool(x)) => Some(*x),
                    _ => None,
                });
            }
            Arc::new(b.finish())
        }
        Kind::Int => {
            let mut b = Int64Builder::with_capacity(n);
            for v in values {
                b.append_option(match v {
                    Some(Json::Int(x)) => Some(*x),
                    _ => None,
                });
            }
            Arc::new(b.finish())
        }
        Kind::Float => {
            let mut b = Float64Builder::with_capacity(n);
            for v in values {
                b.append_option(match v {
                    Some(Json::Int(x)) => Some(*x as f64),
                    Some(Json::Float(x)) => Some(*x),
                    _ => None,
                });
            }
            Arc::new(b.finish())
        }
        Kind::Date => {
            let mut b = Date32Builder::with_capacity(n);
            for v in values {
                b.append_option(match v {
                    Some(Json::Str(s)) => s.parse::<NaiveDate>().ok().map(date32),
                    _ => None,
                });
            }
            Arc::new(b.finish())
        }
        Kind::Null | Kind::Str | Kind::Json => {
            let mut b = StringBuilder::with_capacity(n, n * 8);
            for v in values {
                match v {
                    None | Some(Json::Null) => b.append_null(),
                    Some(Json::Str(s)) => b.append_value(s),
                    Some(other) => b.append_value(json_text(other)),
                }
            }
            Arc::new(b.finish())
        }
    }
}

/// A serialised part of an evaluation as a table: a list of objects gives a row each, a
/// map whose values are all objects a row per key (the key in column `key_column`), any
/// other object a single row; scalars land in a column `value`. Columns come in the order
/// their keys first appear; integers, floats, booleans and ISO days get typed columns,
/// nested values JSON text.
pub(crate) fn json_batch(node: &Json, key_column: &str) -> Result<RecordBatch, ArrowError> {
    let key_pair = |k: &str| (key_column.to_string(), Json::Str(k.to_string()));
    let rows: Vec<Vec<(String, Json)>> = match node {
        Json::Array(items) => items
            .iter()
            .map(|item| match item {
                Json::Object(pairs) => pairs.clone(),
                other => vec![("value".to_string(), other.clone())],
            })
            .collect(),
        Json::Object(pairs)
            if !pairs.is_empty() && pairs.iter().all(|(_, v)| matches!(v, Json::Object(_))) =>
        {
            pairs
                .iter()
                .map(|(k, v)| {
                    let mut row = vec![key_pair(k)];
                    if let Json::Object(inner) = v {
                        row.extend(inner.iter().cloned());
                    }
                    row
                })
                .collect()
        }
        Json::Object(pairs)
            if !pairs.is_empty()
                && pairs
                    .iter()
                    .all(|(_, v)| !matches!(v, Json::Object(_) | Json::Array(_))) =>
        {
            vec![pairs.clone()]
        }
        Json::Object(pairs) => pairs
            .iter()
            .map(|(k, v)| vec![key_pair(k), ("value".to_string(), v.clone())])
            .collect(),
        other => vec![vec![("value".to_string(), other.clone())]],
    };
    let mut names: Vec<&str> = Vec::new();
    for row in &rows {
        for (k, _) in row {
            if !names.contains(&k.as_str()) {
                names.push(k);
            }
        }
    }
    if names.is_empty() {
        return Ok(RecordBatch::new_empty(Arc::new(Schema::empty())));
    }
    let mut columns = Vec::with_capacity(names.len());
    for name in &names {
        let values: Vec<Option<&Json>> = rows
            .iter()
            .map(|r| r.iter().find(|(k, _)| k == name).map(|(_, v)| v))
            .collect();
        let kind = values
            .iter()
            .flatten()
            .fold(Kind::Null, |acc, v| widen(acc, kind_of(v)));
        columns.push((*name, column(&values, kind)));
    }
    batch(columns)
}
