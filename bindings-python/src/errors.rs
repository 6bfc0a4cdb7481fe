//! Core errors as Python exceptions carrying structured records.
//!
//! The exception classes and `ErrorRecord` are written in Python (`errors.py`, compiled
//! into this module at import) so that `ValidationError` can also be a `ValueError` and
//! `PlanwatchIOError` an `OSError`.

use planwatch::{Error, ErrorKind};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use std::ffi::CString;

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

const SOURCE: &str = include_str!("errors.py");

/// The exported names of `errors.py`.
const NAMES: [&str; 5] = [
    "ErrorRecord",
    "PlanwatchError",
    "ValidationError",
    "RuleError",
    "PlanwatchIOError",
];

/// Compiles `errors.py` and adds its classes to the native module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let code = CString::new(SOURCE)?;
    let module = PyModule::from_code(
        py,
        &code,
        c"planwatch/_errors.py",
        c"planwatch._planwatch_errors",
    )?;
    for name in NAMES {
        m.add(name, module.getattr(name)?)?;
    }
    let _ = ERRORS.set(py, module.unbind());
    Ok(())
}

/// Where a list of errors came from: it decides the exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A plan and its monitoring data.
    Data,
    /// A rule set.
    Rules,
}

fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    match ERRORS.get(py) {
        Some(m) => m.bind(py).getattr(name),
        None => Err(PyRuntimeError::new_err(
            "planwatch errors are not initialised",
        )),
    }
}

/// One core error as an `ErrorRecord`.
pub(crate) fn record<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    let loc = e.location();
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", e.kind().code())?;
    kwargs.set_item("message", e.message())?;
    kwargs.set_item("path", &loc.path)?;
    kwargs.set_item(
        "file",
        loc.file.as_ref().map(|f| f.to_string_lossy().to_string()),
    )?;
    kwargs.set_item("line", loc.line)?;
    kwargs.set_item("column", loc.column)?;
    kwargs.set_item("subject", e.subject())?;
    kwargs.set_item("sheet", loc.sheet.as_deref())?;
    kwargs.set_item("row", loc.row)?;
    kwargs.set_item("column_name", loc.column_name.as_deref())?;
    kwargs.set_item("location_text", loc.to_string())?;
    class(py, "ErrorRecord")?.call((), Some(&kwargs))
}

/// Every core error as an `ErrorRecord`, in order.
pub(crate) fn records<'py>(py: Python<'py>, errors: &[Error]) -> PyResult<Vec<Bound<'py, PyAny>>> {
    errors.iter().map(|e| record(py, e)).collect()
}

fn raise(py: Python<'_>, name: &str, message: &str, errors: &[Error]) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let records = records(py, errors)?;
        let instance = class(py, name)?.call1((message, records))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

/// The exception for a non-empty list of core errors: `PlanwatchIOError` when a file
/// could not be read, `RuleError` for a rule set, `ValidationError` otherwise.
pub(crate) fn from_errors(py: Python<'_>, errors: &[Error], origin: Origin) -> PyErr {
    let message = match errors {
        [one] => one.to_string(),
        many => {
            let lines: Vec<String> = many.iter().map(Error::to_string).collect();
            format!("{} errors:\n{}", many.len(), lines.join("\n"))
        }
    };
    let name = if errors.iter().any(|e| e.kind() == ErrorKind::Io) {
        "PlanwatchIOError"
    } else if origin == Origin::Rules {
        "RuleError"
    } else {
        "ValidationError"
    };
    raise(py, name, &message, errors)
}

/// A `ValidationError` about an argument (`what`), with one `invalid_value` record.
pub(crate) fn invalid_argument(py: Python<'_>, what: &str, message: &str) -> PyErr {
    let error = Error::new(
        ErrorKind::InvalidValue,
        message,
        planwatch::Location::path(what),
    );
    raise(
        py,
        "ValidationError",
        &format!("{what}: {message}"),
        &[error],
    )
}

/// A `PlanwatchError` without records (an internal error).
pub(crate) fn internal(py: Python<'_>, message: &str) -> PyErr {
    raise(py, "PlanwatchError", message, &[])
}
