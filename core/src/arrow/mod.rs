//! Arrow record batches of an evaluation's results, built from the findings store's
//! columns (feature `arrow`).
//!
//! Codes become dictionary keys directly: the `rule`, `severity`, `subject_kind`, `owner`,
//! `strategy` and `province` columns are dictionary-encoded strings whose dictionaries hold
//! the values present, in the order they first appear. Python receives these batches
//! through the Arrow PyCapsule interface; any Arrow consumer (polars, duckdb, pyarrow,
//! DataFusion) reads them without conversion.
//!
//! ```
//! let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
//! let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
//! let ev = ds.evaluate(&planwatch::RuleSet::default(), as_of);
//! let batch = planwatch::arrow::findings_batch(&ev.findings, None).unwrap();
//! assert_eq!(batch.num_rows(), ev.findings.len());
//! assert_eq!(batch.schema().field(1).name(), "rule");
//! let forecast = planwatch::arrow::forecast_batch(&ds, ev.forecast()).unwrap();
//! assert_eq!(forecast.num_rows(), 235);
//! ```

mod cells;
mod findings;
mod forecast;
mod tables;

pub use arrow_array::RecordBatch;
pub use arrow_schema::ArrowError;
pub use cells::table_batch;
pub use findings::{findings_batch, findings_batch_of, FINDING_COLUMNS};
pub use forecast::forecast_batch;
pub use tables::table_from_batches;

use arrow_array::ArrayRef;
use arrow_schema::{Field, Schema};
use chrono::{Datelike, NaiveDate};
use std::sync::Arc;

/// `num_days_from_ce` of 1970-01-01: Arrow's `Date32` counts days from there.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn date32(d: NaiveDate) -> i32 {
    d.num_days_from_ce() - EPOCH_DAYS_FROM_CE
}

/// A batch of nullable columns, each named.
pub fn record_batch(columns: Vec<(&str, ArrayRef)>) -> Result<RecordBatch, ArrowError> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
}

use record_batch as batch;
