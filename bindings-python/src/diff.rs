//! What changed between two evaluations (the native side of `planwatch.Diff`): core's
//! `Diff`, its findings as Arrow tables, its counts and JSON.

use crate::errors;
use crate::evaluation::PyEvaluation;
use crate::guarded;
use crate::ordered::Json;
use crate::tables;
use planwatch::diff::Diff;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// What changed from one evaluation to another.
#[pyclass(frozen, name = "RawDiff", module = "planwatch._planwatch")]
pub struct PyDiff {
    diff: Diff,
}

/// What changed from `old` to `new` (core's `Diff::of`).
#[pyfunction]
pub(crate) fn diff(py: Python<'_>, old: &PyEvaluation, new: &PyEvaluation) -> PyResult<PyDiff> {
    let diff = guarded(py, || {
        Diff::of(&old.findings, old.rest.as_of, &new.findings, new.rest.as_of)
    })?;
    Ok(PyDiff { diff })
}

#[pymethods]
impl PyDiff {
    /// The plan id of the later evaluation.
    #[getter]
    fn plan_id(&self) -> &str {
        &self.diff.plan
    }

    /// The day of the earlier evaluation.
    #[getter(from_day)]
    fn earlier_day(&self) -> chrono::NaiveDate {
        self.diff.from
    }

    /// The day of the later evaluation.
    #[getter(to_day)]
    fn later_day(&self) -> chrono::NaiveDate {
        self.diff.to
    }

    /// The numbers of new, resolved and changed findings.
    fn counts(&self) -> (usize, usize, usize) {
        let d = &self.diff;
        (d.new.len(), d.resolved.len(), d.changed.len())
    }

    /// The whole diff as JSON text, indented when `indent` is true.
    #[pyo3(signature = (indent=false))]
    fn to_json(&self, py: Python<'_>, indent: bool) -> PyResult<String> {
        let diff = &self.diff;
        let text = guarded(py, || {
            if indent {
                serde_json::to_string_pretty(diff)
            } else {
                serde_json::to_string(diff)
            }
        })?;
        text.map_err(|e| errors::internal(py, &e.to_string()))
    }

    /// The new (`part="new"`) or resolved (`"resolved"`) findings as an Arrow table with
    /// the columns of `findings_table`; the changed ones (`"changed"`) with the columns of
    /// the diff table (`change`, `id`, ..., `severity_before`, `severity_after`, ...).
    fn table(&self, py: Python<'_>, part: &str) -> PyResult<PyTable> {
        let diff = &self.diff;
        let batch = match part {
            "new" => guarded(py, || planwatch::arrow::findings_batch(&diff.new, None))?,
            "resolved" => guarded(py, || {
                planwatch::arrow::findings_batch(&diff.resolved, None)
            })?,
            "changed" => guarded(py, || {
                planwatch::arrow::table_batch(&planwatch::export::Table::diff_changed(diff, None))
            })?,
            other => {
                return Err(errors::invalid_argument(
                    py,
                    "part",
                    &format!(
                        "unknown diff part {}: use new, resolved or changed",
                        planwatch::export::printable(other)
                    ),
                ))
            }
        };
        tables::into_table(py, batch)
    }

    /// The counts by `by` (`rule`, `owner` or `province`) as an Arrow table, one row per
    /// key (in a column named `by`), or the totals (`by="total"`) as one row.
    fn counts_table(&self, py: Python<'_>, by: &str) -> PyResult<PyTable> {
        let s = &self.diff.summary;
        let json = match by {
            "rule" => Json::of(&s.by_rule),
            "owner" => Json::of(&s.by_owner),
            "province" => Json::of(&s.by_province),
            "total" => Json::of(&s.total),
            other => {
                return Err(errors::invalid_argument(
                    py,
                    "by",
                    &format!(
                        "unknown diff breakdown {}: use rule, owner, province or total",
                        planwatch::export::printable(other)
                    ),
                ))
            }
        }
        .map_err(|e| errors::internal(py, &e.to_string()))?;
        let batch = guarded(py, || tables::json_batch(&json, by))?;
        tables::into_table(py, batch)
    }

    /// The aligned text `planwatch diff` prints; `limit` caps the findings shown (none:
    /// all).
    #[pyo3(signature = (limit=None))]
    fn text(&self, py: Python<'_>, limit: Option<usize>) -> PyResult<String> {
        let diff = &self.diff;
        guarded(py, || planwatch::export::diff_text(diff, limit))
    }

    /// The diff table as CSV text, as `planwatch diff ... --format csv` prints it.
    fn csv(&self, py: Python<'_>) -> PyResult<String> {
        let diff = &self.diff;
        let text = guarded(py, || {
            planwatch::export::csv::to_csv(&planwatch::export::Table::diff(diff, None))
        })?;
        text.map_err(|e| errors::from_errors(py, std::slice::from_ref(&e), errors::Origin::Data))
    }

    fn __repr__(&self) -> String {
        let d = &self.diff;
        format!(
            "<Diff {} from {} to {}: {} new, {} resolved, {} changed>",
            d.plan,
            d.from,
            d.to,
            d.new.len(),
            d.resolved.len(),
            d.changed.len()
        )
    }
}
