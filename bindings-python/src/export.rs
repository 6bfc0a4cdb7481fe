//! Files out: the CSV, `.xlsx`, iCalendar, DOT and Mermaid exports of `planwatch::export`,
//! forwarded (the GIL released) with their errors converted.

use crate::errors::{self, Origin};
use crate::guarded;
use chrono::NaiveDate;
use planwatch::export::{write_export, ExportOptions, FileFormat};
use planwatch::{Dataset, Error, Evaluation};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::Path;

fn raise(py: Python<'_>, e: &Error) -> PyErr {
    errors::from_errors(py, std::slice::from_ref(e), Origin::Data)
}

/// The export in the format of `extension` (`csv`, `xlsx`, `ics`, `dot`, `mmd`) as bytes.
pub(crate) fn render<'py>(
    py: Python<'py>,
    dataset: &Dataset,
    evaluation: &Evaluation,
    extension: &str,
    options: &ExportOptions<'_>,
) -> PyResult<Bound<'py, PyBytes>> {
    let name = format!("export.{}", extension.trim_start_matches('.'));
    let bytes = guarded(py, || {
        FileFormat::from_path(Path::new(&name)).and_then(|f| f.render(dataset, evaluation, options))
    })?;
    match bytes {
        Ok(b) => Ok(PyBytes::new(py, &b)),
        Err(e) => Err(raise(py, &e)),
    }
}

/// Writes the export that `path`'s extension asks for; returns the extension.
pub(crate) fn write(
    py: Python<'_>,
    dataset: &Dataset,
    evaluation: &Evaluation,
    path: &Path,
    owner: Option<&str>,
) -> PyResult<&'static str> {
    let options = ExportOptions { owner, table: None };
    match guarded(py, || write_export(path, dataset, evaluation, &options))? {
        Ok(format) => Ok(format.extension()),
        Err(e) => Err(raise(py, &e)),
    }
}

/// The iCalendar of deadlines and due days, for everyone or `owner`.
pub(crate) fn calendar(
    py: Python<'_>,
    dataset: &Dataset,
    as_of: NaiveDate,
    owner: Option<&str>,
) -> PyResult<String> {
    match guarded(py, || {
        planwatch::export::calendar::calendar_ics(dataset, as_of, owner)
    })? {
        Ok(text) => Ok(text),
        Err(e) => Err(raise(py, &e)),
    }
}

/// The dependency graph as DOT (or Mermaid), with the critical path as of `as_of`.
pub(crate) fn graph(
    py: Python<'_>,
    dataset: &Dataset,
    as_of: NaiveDate,
    mermaid: bool,
) -> PyResult<String> {
    guarded(py, || {
        let forecast = dataset.forecast(as_of);
        if mermaid {
            planwatch::export::mermaid::graph_mermaid(dataset, &forecast)
        } else {
            planwatch::export::dot::graph_dot(dataset, &forecast)
        }
    })
}
