//! The progress report (the native side of `planwatch.Report`): core's `Report`, its
//! HTML, its periods and its file.

use crate::errors;
use crate::guarded;
use planwatch::report::Report;
use pyo3::prelude::*;
use std::path::PathBuf;

/// A progress report: one self-contained HTML document.
#[pyclass(frozen, name = "RawReport", module = "planwatch._planwatch")]
pub struct PyReport {
    pub(crate) report: Report,
}

#[pymethods]
impl PyReport {
    /// The document.
    #[getter]
    fn html(&self) -> &str {
        self.report.html()
    }

    /// The id of the period covered.
    #[getter]
    fn period(&self) -> String {
        self.report.period().id()
    }

    /// The id of the period the changes are counted from, if any.
    #[getter]
    fn previous(&self) -> Option<String> {
        self.report.previous().map(planwatch::Period::id)
    }

    /// The day evaluated.
    #[getter]
    fn as_of(&self) -> chrono::NaiveDate {
        self.report.as_of()
    }

    /// The document inside an `<iframe srcdoc>`, as notebooks show it.
    fn iframe(&self) -> String {
        self.report.iframe()
    }

    /// Writes the document to `path` (core's `Report::save`).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let report = &self.report;
        guarded(py, || report.save(&path))?
            .map_err(|e| errors::from_errors(py, std::slice::from_ref(&e), errors::Origin::Data))
    }

    fn __repr__(&self) -> String {
        format!(
            "<RawReport {} as of {}>",
            self.report.period().id(),
            self.report.as_of()
        )
    }
}
