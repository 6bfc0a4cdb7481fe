//! Who must act next (the native side of `planwatch.Agenda` and `planwatch.Reminders`):
//! core's `Agenda` and `Reminders`, their tables as Arrow, their JSON, CSV, iCalendar and
//! text.

use crate::errors::{self, Origin};
use crate::guarded;
use crate::tables;
use planwatch::agenda::{Agenda, Reminders};
use planwatch::export::Table;
use planwatch::{Dataset, RuleSet};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

/// Who must act next, per owner, as of a day.
#[pyclass(frozen, name = "RawAgenda", module = "planwatch._planwatch")]
pub struct PyAgenda {
    agenda: Agenda,
}

/// The reminders due on a day, per owner.
#[pyclass(frozen, name = "RawReminders", module = "planwatch._planwatch")]
pub struct PyReminders {
    reminders: Reminders,
}

/// A core error of the agenda (a window too long, an unknown owner) as a
/// `ValidationError`.
fn failed(py: Python<'_>, e: planwatch::Error) -> PyErr {
    errors::from_errors(py, std::slice::from_ref(&e), Origin::Data)
}

/// Serialises `value` as JSON text, indented when `indent` is true.
fn json<T: serde::Serialize + Sync>(py: Python<'_>, value: &T, indent: bool) -> PyResult<String> {
    let text = guarded(py, || {
        if indent {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        }
    })?;
    text.map_err(|e| errors::internal(py, &e.to_string()))
}

/// `table` as CSV text.
fn csv(py: Python<'_>, table: &Table) -> PyResult<String> {
    let text = guarded(py, || planwatch::export::csv::to_csv(table))?;
    text.map_err(|e| errors::from_errors(py, std::slice::from_ref(&e), Origin::Data))
}

/// The agenda of `dataset` (core's `Agenda::of`).
pub(crate) fn agenda(
    py: Python<'_>,
    dataset: &Dataset,
    as_of: chrono::NaiveDate,
    days: u32,
    owner: Option<&str>,
) -> PyResult<PyAgenda> {
    match guarded(py, || Agenda::of(dataset, as_of, days, owner))? {
        Ok(agenda) => Ok(PyAgenda { agenda }),
        Err(e) => Err(failed(py, e)),
    }
}

/// The reminders of `dataset` on the cadence of `rules` (core's `Reminders::of`).
pub(crate) fn reminders(
    py: Python<'_>,
    dataset: &Dataset,
    as_of: chrono::NaiveDate,
    rules: &RuleSet,
    owner: Option<&str>,
) -> PyResult<PyReminders> {
    match guarded(py, || {
        Reminders::of(dataset, as_of, rules.reminders(), owner)
    })? {
        Ok(reminders) => Ok(PyReminders { reminders }),
        Err(e) => Err(failed(py, e)),
    }
}

#[pymethods]
impl PyAgenda {
    /// The day it is drawn up as of.
    #[getter]
    fn as_of(&self) -> chrono::NaiveDate {
        self.agenda.as_of
    }

    /// The window, in days after the as-of day.
    #[getter]
    fn days(&self) -> u32 {
        self.agenda.days
    }

    /// The window's last day.
    #[getter]
    fn until(&self) -> chrono::NaiveDate {
        self.agenda.until
    }

    /// The numbers of owners, upcoming and overdue items.
    fn counts(&self) -> (usize, usize, usize) {
        let s = &self.agenda.summary;
        (s.owners, s.upcoming, s.overdue)
    }

    /// The agenda as JSON text, indented when `indent` is true.
    #[pyo3(signature = (indent=false))]
    fn to_json(&self, py: Python<'_>, indent: bool) -> PyResult<String> {
        json(py, &self.agenda, indent)
    }

    /// The agenda table (one row per item) as an Arrow table.
    fn table(&self, py: Python<'_>) -> PyResult<PyTable> {
        let agenda = &self.agenda;
        let batch = guarded(py, || planwatch::arrow::table_batch(&Table::agenda(agenda)))?;
        tables::into_table(py, batch)
    }

    /// The agenda table as CSV text, as `planwatch agenda --format csv` prints it.
    fn csv(&self, py: Python<'_>) -> PyResult<String> {
        let agenda = &self.agenda;
        let table = guarded(py, || Table::agenda(agenda))?;
        csv(py, &table)
    }

    /// The agenda as an iCalendar, as `planwatch agenda --format ics` prints it.
    fn ics(&self, py: Python<'_>) -> PyResult<String> {
        let agenda = &self.agenda;
        guarded(py, || planwatch::export::calendar::agenda_ics(agenda))
    }

    /// The aligned text `planwatch agenda` prints.
    fn text(&self, py: Python<'_>) -> PyResult<String> {
        let agenda = &self.agenda;
        guarded(py, || planwatch::export::agenda_text(agenda))
    }

    fn __repr__(&self) -> String {
        let a = &self.agenda;
        format!(
            "<Agenda {} as of {}, next {} days: {} upcoming, {} overdue, {} owners>",
            a.plan, a.as_of, a.days, a.summary.upcoming, a.summary.overdue, a.summary.owners
        )
    }
}

#[pymethods]
impl PyReminders {
    /// The day they are due on.
    #[getter]
    fn as_of(&self) -> chrono::NaiveDate {
        self.reminders.as_of
    }

    /// How many reminders there are.
    #[getter]
    fn total(&self) -> usize {
        self.reminders.total
    }

    /// The reminders as JSON text, indented when `indent` is true.
    #[pyo3(signature = (indent=false))]
    fn to_json(&self, py: Python<'_>, indent: bool) -> PyResult<String> {
        json(py, &self.reminders, indent)
    }

    /// The reminders table (one row per reminder) as an Arrow table.
    fn table(&self, py: Python<'_>) -> PyResult<PyTable> {
        let reminders = &self.reminders;
        let batch = guarded(py, || {
            planwatch::arrow::table_batch(&Table::reminders(reminders))
        })?;
        tables::into_table(py, batch)
    }

    /// The reminders table as CSV text, as `planwatch agenda --reminders --format csv`
    /// prints it.
    fn csv(&self, py: Python<'_>) -> PyResult<String> {
        let reminders = &self.reminders;
        let table = guarded(py, || Table::reminders(reminders))?;
        csv(py, &table)
    }

    /// The aligned text `planwatch agenda --reminders` prints.
    fn text(&self, py: Python<'_>) -> PyResult<String> {
        let reminders = &self.reminders;
        guarded(py, || planwatch::export::reminders_text(reminders))
    }

    fn __repr__(&self) -> String {
        let r = &self.reminders;
        format!("<Reminders {} on {}: {}>", r.plan, r.as_of, r.total)
    }
}
