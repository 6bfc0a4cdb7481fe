//! An evaluation's results: findings as Python objects, every other part through serde,
//! tables through Arrow.

use crate::errors;
use crate::guarded;
use crate::ordered::Json;
use crate::plan::report_matrix;
use crate::tables;
use planwatch::{Dataset, Evaluation, Finding, FindingFilter, Findings, RuleSet};
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use std::sync::{Arc, OnceLock};

/// Evaluates `$body` with `$v` bound to the evaluation's part `$name` (not the
/// findings), giving `Some` of it, or `None` when there is no such part.
macro_rules! with_part {
    ($ev:expr, $name:expr, |$v:ident| $body:expr) => {{
        let ev: &Evaluation = $ev;
        match $name {
            "plan" => Some({
                let $v = &ev.plan;
                $body
            }),
            "as_of" => Some({
                let $v = &ev.as_of;
                $body
            }),
            "summary" => Some({
                let $v = &ev.summary;
                $body
            }),
            "rollups" => Some({
                let $v = &ev.rollups;
                $body
            }),
            "indicators" => Some({
                let $v = &ev.indicators;
                $body
            }),
            "forecast" => Some({
                let $v = ev.forecast();
                $body
            }),
            "reporting" => Some({
                let $v = &ev.reporting;
                $body
            }),
            "meetings" => Some({
                let $v = &ev.meetings;
                $body
            }),
            _ => None,
        }
    }};
}

/// The result of evaluating a plan as of a day (the native side of
/// `planwatch.Evaluation`).
#[pyclass(frozen, name = "RawEvaluation", module = "planwatch._planwatch")]
pub struct PyEvaluation {
    dataset: Arc<Dataset>,
    /// The rule set evaluated with (the progress report evaluates the previous period's
    /// end with it).
    rules: Arc<RuleSet>,
    /// The evaluation with its findings moved out.
    pub(crate) rest: Evaluation,
    /// The findings, in order.
    pub(crate) findings: Findings,
    /// Each part of `rest` (by its position in `Evaluation::PARTS`), serialised on first use.
    parts: Vec<OnceLock<Json>>,
}

impl PyEvaluation {
    /// Wraps an evaluation of `dataset` with `rules`.
    pub(crate) fn new(
        dataset: Arc<Dataset>,
        rules: Arc<RuleSet>,
        mut evaluation: Evaluation,
    ) -> PyEvaluation {
        let empty = evaluation.findings.emptied();
        let findings = std::mem::replace(&mut evaluation.findings, empty);
        PyEvaluation {
            dataset,
            rules,
            rest: evaluation,
            findings,
            parts: Evaluation::PARTS.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The whole evaluation, findings included.
    fn full(&self) -> Evaluation {
        let mut full = self.rest.clone();
        full.findings = self.findings.clone();
        full
    }

    /// One part of the evaluation (not the findings) as an ordered JSON tree, serialised
    /// on first use: reading one part costs that part, not the whole evaluation.
    fn part(&self, py: Python<'_>, name: &str) -> PyResult<Option<&Json>> {
        let Some(slot) = Evaluation::PARTS
            .iter()
            .position(|p| *p == name && *p != "findings")
            .and_then(|i| self.parts.get(i))
        else {
            return Ok(None);
        };
        if let Some(v) = slot.get() {
            return Ok(Some(v));
        }
        let rest = &self.rest;
        let value = guarded(py, || with_part!(rest, name, |v| Json::of(v)))?;
        match value {
            Some(Ok(v)) => Ok(Some(slot.get_or_init(|| v))),
            Some(Err(e)) => Err(errors::internal(py, &e.to_string())),
            None => Ok(None),
        }
    }

    fn finding_filter(
        py: Python<'_>,
        filter: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<FindingFilter> {
        match filter {
            None => Ok(FindingFilter::default()),
            Some(obj) => pythonize::depythonize::<FindingFilter>(obj)
                .map_err(|e| errors::invalid_argument(py, "filter", &e.to_string())),
        }
    }

    /// Positions of the findings that pass `filter` (core's `FindingFilter`), once core's
    /// `Evaluation::check_filter` finds every rule, owner, province and strategy named.
    fn selected(&self, py: Python<'_>, filter: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<usize>> {
        let filter = Self::finding_filter(py, filter)?;
        if let Err(e) = self.rest.check_filter(&filter) {
            return Err(errors::from_errors(py, &e, errors::Origin::Data));
        }
        let findings = &self.findings;
        guarded(py, || {
            findings
                .views()
                .enumerate()
                .filter(|(_, f)| filter.matches_ref(f))
                .map(|(i, _)| i)
                .collect()
        })
    }
}

#[pymethods]
impl PyEvaluation {
    /// The plan's id.
    #[getter]
    fn plan_id(&self) -> &str {
        &self.rest.plan
    }

    /// The day evaluated.
    #[getter]
    fn as_of(&self) -> chrono::NaiveDate {
        self.rest.as_of
    }

    fn __len__(&self) -> usize {
        self.findings.len()
    }

    /// The findings that pass a filter (a dict in the shape of core's `FindingFilter`:
    /// `min_severity`, `severities`, `rules`, `owners`, `strategies`, `provinces`,
    /// `subject_kinds`, `subjects`), in order; all of them without one.
    #[pyo3(signature = (filter=None))]
    fn findings(
        &self,
        py: Python<'_>,
        filter: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyFinding>> {
        let rows = self.selected(py, filter)?;
        Ok(rows
            .into_iter()
            .filter_map(|i| self.findings.get(i))
            .map(|finding| PyFinding { finding })
            .collect())
    }

    /// The names of the evaluation's parts besides `findings` (`plan`, `as_of`,
    /// `summary`, `rollups`, `indicators`, `forecast`, ...).
    fn field_names(&self) -> Vec<String> {
        Evaluation::PARTS
            .iter()
            .filter(|p| **p != "findings")
            .map(|p| p.to_string())
            .collect()
    }

    /// One part of the evaluation, as plain Python values (dates as ISO strings).
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        if name == "findings" {
            return self.to_dict(py)?.get_item("findings");
        }
        match with_part!(&self.rest, name, |v| pythonize::pythonize(py, v)) {
            Some(v) => Ok(v?),
            None => Err(PyAttributeError::new_err(format!(
                "the evaluation has no part `{name}`"
            ))),
        }
    }

    /// The whole evaluation as plain Python values (the JSON format).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let full = self.full();
        Ok(pythonize::pythonize(py, &full)?)
    }

    /// The whole evaluation as JSON text, indented when `indent` is true.
    #[pyo3(signature = (indent=false))]
    fn to_json(&self, py: Python<'_>, indent: bool) -> PyResult<String> {
        let full = self.full();
        let text = guarded(py, || {
            if indent {
                serde_json::to_string_pretty(&full)
            } else {
                serde_json::to_string(&full)
            }
        })?;
        text.map_err(|e| errors::internal(py, &e.to_string()))
    }

    /// The findings that pass a filter, as an Arrow table (one row per finding), with
    /// all the columns or those named.
    #[pyo3(signature = (filter=None, columns=None))]
    fn findings_table(
        &self,
        py: Python<'_>,
        filter: Option<&Bound<'_, PyAny>>,
        columns: Option<Vec<String>>,
    ) -> PyResult<PyTable> {
        let rows = self.selected(py, filter)?;
        let findings = &self.findings;
        let all = rows.len() == findings.len();
        let rows = (!all).then_some(rows.as_slice());
        let batch = match columns {
            None => guarded(py, || planwatch::arrow::findings_batch(findings, rows))?,
            Some(columns) => {
                let names: Vec<&str> = columns.iter().map(String::as_str).collect();
                let batch = guarded(py, || {
                    planwatch::arrow::findings_batch_of(findings, rows, &names)
                })?;
                Ok(batch.map_err(|e| {
                    errors::from_errors(py, std::slice::from_ref(&e), errors::Origin::Data)
                })?)
            }
        };
        tables::into_table(py, batch)
    }

    /// The schedule forecast as an Arrow table: one row per activity, with its title,
    /// group, lead and planned start from the plan.
    fn forecast_table(&self, py: Python<'_>) -> PyResult<PyTable> {
        let (rest, ds) = (&self.rest, &self.dataset);
        let batch = guarded(py, || planwatch::arrow::forecast_batch(ds, rest.forecast()))?;
        tables::into_table(py, batch)
    }

    /// A part of the evaluation (`path`, dotted: `indicators`, `rollups.by_owner`,
    /// `reporting.by_reporter`, ...) as an Arrow table: a list of objects gives a row
    /// each, a map of objects a row per key (in a column named `key_column`), an object
    /// a single row.
    #[pyo3(signature = (path, key_column="key"))]
    fn table(&self, py: Python<'_>, path: &str, key_column: &str) -> PyResult<PyTable> {
        let mut parts = path.split('.');
        let mut node = match parts.next() {
            Some(first) => self.part(py, first)?,
            None => None,
        };
        for part in parts {
            node = node.and_then(|n| n.get(part));
        }
        let Some(node) = node else {
            return Err(PyAttributeError::new_err(format!(
                "the evaluation has no part `{path}`"
            )));
        };
        let batch = guarded(py, || tables::json_batch(node, key_column))?;
        tables::into_table(py, batch)
    }

    /// The reporting (`of="reporting"`) or meeting (`of="meetings"`) rates by province as
    /// an Arrow table (core's `ReportingRates::by_province`): one row per province of the
    /// reporters (or organisers) in natural id order, then one row with a null `province`
    /// for those of no province.
    #[pyo3(signature = (of="reporting"))]
    fn province_rates_table(&self, py: Python<'_>, of: &str) -> PyResult<PyTable> {
        let (rest, ds) = (&self.rest, &self.dataset);
        let rows = match of {
            "reporting" => guarded(py, || rest.reporting.by_province(ds))?,
            "meetings" => guarded(py, || rest.meetings.by_province(ds))?,
            other => {
                return Err(errors::invalid_argument(
                    py,
                    "of",
                    &format!("unknown rates part `{other}`: use reporting or meetings"),
                ))
            }
        };
        let json = Json::of(&rows).map_err(|e| errors::internal(py, &e.to_string()))?;
        let batch = guarded(py, || tables::json_batch(&json, "province"))?;
        tables::into_table(py, batch)
    }

    /// The reporting matrix of a report type as of the evaluation's day.
    fn report_matrix<'py>(
        &self,
        py: Python<'py>,
        report_type: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        report_matrix(py, &self.dataset, report_type, self.rest.as_of)
    }

    /// The HTML summary notebooks show, with the `worst` first findings.
    #[pyo3(signature = (worst=10))]
    fn html(&self, py: Python<'_>, worst: usize) -> PyResult<String> {
        let mut head = self.rest.clone();
        head.findings = self.findings.first(worst);
        guarded(py, || {
            planwatch::export::html::evaluation_html(&head, worst)
        })
    }

    /// The progress report of `period` (a period id; `None`: the period of the plan's
    /// main report type that contains the as-of day) as one HTML document (core's
    /// `Report::build`).
    #[pyo3(signature = (period=None))]
    fn report(&self, py: Python<'_>, period: Option<&str>) -> PyResult<crate::report::PyReport> {
        let (ds, rules, full) = (&self.dataset, &self.rules, self.full());
        let built = guarded(py, || {
            planwatch::report::Report::build(ds, rules, &full, period)
        })?;
        built
            .map(|report| crate::report::PyReport { report })
            .map_err(|e| errors::from_errors(py, std::slice::from_ref(&e), errors::Origin::Data))
    }

    /// The export in the format of `extension` (`csv`: a table, the findings by default;
    /// `xlsx`: the workbook; `ics`, `dot`, `mmd`) as bytes; with `owner`, that
    /// organisation's rows.
    #[pyo3(signature = (extension, owner=None, table=None))]
    fn render<'py>(
        &self,
        py: Python<'py>,
        extension: &str,
        owner: Option<&str>,
        table: Option<&str>,
    ) -> PyResult<Bound<'py, pyo3::types::PyBytes>> {
        let options = planwatch::export::ExportOptions { owner, table };
        crate::export::render(py, &self.dataset, &self.full(), extension, &options)
    }

    /// Writes the export that `path`'s extension asks for (as `planwatch export`);
    /// returns the extension.
    #[pyo3(signature = (path, owner=None))]
    fn export(
        &self,
        py: Python<'_>,
        path: std::path::PathBuf,
        owner: Option<&str>,
    ) -> PyResult<&'static str> {
        crate::export::write(py, &self.dataset, &self.full(), &path, owner)
    }

    fn __repr__(&self) -> String {
        format!(
            "<RawEvaluation {} as of {}: {} findings>",
            self.rest.plan,
            self.rest.as_of,
            self.findings.len()
        )
    }
}

/// One finding: what a rule found, about what, with the evidence.
#[pyclass(frozen, name = "Finding", module = "planwatch")]
pub struct PyFinding {
    finding: Finding,
}

#[pymethods]
impl PyFinding {
    /// Stable id: `rule:subject-id`, then `@period` for findings about one period.
    #[getter]
    fn id(&self) -> &str {
        &self.finding.id
    }

    /// The rule that found it.
    #[getter]
    fn rule(&self) -> &str {
        &self.finding.rule
    }

    /// `info`, `warning`, `error` or `critical`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.finding.severity.name()
    }

    /// What kind of thing it is about: `activity`, `organisation`, `indicator`, `group`,
    /// `obligation` or `plan`.
    #[getter]
    fn subject_kind(&self) -> &'static str {
        self.finding.subject.kind.name()
    }

    /// The id of the thing it is about.
    #[getter]
    fn subject_id(&self) -> &str {
        &self.finding.subject.id
    }

    /// The period it is about, for reporting and indicator findings.
    #[getter]
    fn period(&self) -> Option<&str> {
        self.finding.period.as_deref()
    }

    /// One sentence for people.
    #[getter]
    fn message(&self) -> &str {
        &self.finding.message
    }

    /// The organisation responsible.
    #[getter]
    fn owner(&self) -> Option<&str> {
        self.finding.owner.as_deref()
    }

    /// The strategy of the subject.
    #[getter]
    fn strategy(&self) -> Option<&str> {
        self.finding.strategy.as_deref()
    }

    /// The province the owner belongs to.
    #[getter]
    fn province(&self) -> Option<&str> {
        self.finding.province.as_deref()
    }

    /// The figures the finding rests on, by name.
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.finding.evidence)?)
    }

    /// The finding as plain Python values (the JSON format).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(pythonize::pythonize(py, &self.finding)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyFinding>() {
            Ok(o) => o.get().finding == self.finding,
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.finding.id.hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        format!(
            "Finding({} {} {}: {})",
            self.finding.severity, self.finding.rule, self.finding.subject.id, self.finding.message
        )
    }

    fn __str__(&self) -> String {
        format!("[{}] {}", self.finding.severity, self.finding.message)
    }
}
