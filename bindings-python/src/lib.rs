//! `planwatch._planwatch`: the native module behind the Python package `planwatch`.
//!
//! A thin layer over the `planwatch` crate: it converts Python arguments into core types,
//! calls core (with the GIL released, panics caught) and converts the results back: plain
//! Python values through serde ([`pythonize`]), tables as Arrow record batches handed over
//! through the Arrow PyCapsule interface ([`pyo3_arrow`]). It holds no rule logic.
//!
//! The public Python API lives in the pure-Python package (`python/planwatch`), which
//! re-exports what it needs from here.

/// mimalloc rather than the system allocator, as in the CLI: loading, evaluating and
/// dropping a large plan cost about a third less (see the workspace's Cargo.toml). It
/// serves this module's Rust allocations only; Python's objects keep Python's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod agenda;
mod dhis2;
mod diff;
mod errors;
mod evaluation;
mod export;
mod ordered;
mod plan;
mod portable;
mod report;
mod tables;

use pyo3::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `f` (a call into core) with the GIL released, turning a panic into a
/// `PlanwatchError` instead of pyo3's `PanicException` (a `BaseException`).
pub(crate) fn guarded<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(value) => Ok(value),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(errors::internal(
                py,
                &format!("internal error in planwatch (please report it): {what}"),
            ))
        }
    }
}

/// Parses an ISO day (`2021-06-30`); a `ValidationError` naming `what` otherwise.
pub(crate) fn parse_day(py: Python<'_>, text: &str, what: &str) -> PyResult<chrono::NaiveDate> {
    planwatch::load::parse_day(text).map_err(|e| errors::invalid_argument(py, what, e.message()))
}

/// Deliberately panics inside core's guard: lets the tests check that a panic surfaces
/// as `PlanwatchError` rather than aborting or raising a `BaseException`.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guarded(py, || -> () { panic!("deliberate panic for the tests") })
}

/// The built-in rules: id, family, subject kind, description and default severity.
#[pyfunction]
fn rule_catalogue(py: Python<'_>) -> PyResult<Vec<Bound<'_, PyAny>>> {
    planwatch::rules::all_rules()
        .map(|r| {
            let value = serde_json::json!({
                "id": r.id,
                "family": r.family,
                "subject": r.subject,
                "description": r.description,
                "default_severity": r.default_severity,
            });
            Ok(pythonize::pythonize(py, &value)?)
        })
        .collect()
}

/// The native module.
#[pymodule]
fn _planwatch(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<plan::PyPlan>()?;
    m.add_class::<evaluation::PyEvaluation>()?;
    m.add_class::<evaluation::PyFinding>()?;
    m.add_class::<diff::PyDiff>()?;
    m.add_class::<report::PyReport>()?;
    m.add_class::<agenda::PyAgenda>()?;
    m.add_class::<agenda::PyReminders>()?;
    m.add_function(wrap_pyfunction!(diff::diff, m)?)?;
    m.add_function(wrap_pyfunction!(dhis2::import_dhis2, m)?)?;
    m.add_function(wrap_pyfunction!(plan::load, m)?)?;
    m.add_function(wrap_pyfunction!(plan::from_json, m)?)?;
    m.add_function(wrap_pyfunction!(plan::from_objects, m)?)?;
    m.add_function(wrap_pyfunction!(plan::from_tables, m)?)?;
    m.add_function(wrap_pyfunction!(plan::validate_files, m)?)?;
    m.add_function(wrap_pyfunction!(plan::validate_json, m)?)?;
    m.add_function(wrap_pyfunction!(plan::check_rules, m)?)?;
    m.add_function(wrap_pyfunction!(portable::rebuild, m)?)?;
    m.add_function(wrap_pyfunction!(portable::merge_reporting_rates, m)?)?;
    m.add_function(wrap_pyfunction!(rule_catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let severities: Vec<&str> = planwatch::Severity::ALL.iter().map(|s| s.name()).collect();
    m.add("SEVERITIES", severities)?;
    use planwatch::eval::ReportState;
    let states: Vec<&str> = [
        ReportState::OnTime,
        ReportState::Late,
        ReportState::Missing,
        ReportState::Pending,
        ReportState::NotExpected,
    ]
    .iter()
    .map(|s| s.name())
    .collect();
    m.add("REPORT_STATES", states)?;
    Ok(())
}
