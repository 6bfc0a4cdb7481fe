//! Loading, validating and evaluating a plan: `Dataset` and the module functions.

use crate::errors::{self, Origin};
use crate::evaluation::PyEvaluation;
use crate::{guarded, parse_day};
use chrono::NaiveDate;
use planwatch::model::{Monitoring, Plan};
use planwatch::{Dataset, Errors, Limits, PeriodType, RuleSet};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;
use pythonize::Depythonizer;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A day given from Python: a `datetime.date` (or `datetime`) or an ISO string.
#[derive(Debug, Clone)]
pub(crate) enum Day {
    /// `2021-06-30`.
    Text(String),
    /// A `datetime.date`.
    Date(NaiveDate),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Day {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Day> {
        if let Ok(text) = obj.extract::<String>() {
            return Ok(Day::Text(text));
        }
        Ok(Day::Date(obj.extract::<NaiveDate>()?))
    }
}

impl Day {
    /// The day, or a `ValidationError` naming the argument `what`.
    pub(crate) fn resolve(&self, py: Python<'_>, what: &str) -> PyResult<NaiveDate> {
        match self {
            Day::Text(t) => parse_day(py, t, what),
            Day::Date(d) => Ok(*d),
        }
    }
}

/// Parses a report type name (`monthly`, `quarterly`, `semi_annual`, `ten_month`,
/// `annual`).
pub(crate) fn period_type(py: Python<'_>, name: &str) -> PyResult<PeriodType> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).map_err(|_| {
        errors::invalid_argument(
            py,
            "report_type",
            &format!(
                "unknown report type `{name}` (monthly, quarterly, semi_annual, ten_month, annual)"
            ),
        )
    })
}

/// Reads a rule set from JSON text or a file; the defaults when neither is given.
pub(crate) fn rule_set(
    py: Python<'_>,
    json: Option<&str>,
    path: Option<&Path>,
) -> PyResult<RuleSet> {
    let parsed = guarded(py, || match (json, path) {
        (Some(text), _) => RuleSet::from_json(text),
        (None, Some(p)) => RuleSet::load(p),
        (None, None) => Ok(RuleSet::default()),
    })?;
    parsed.map_err(|e| errors::from_errors(py, &e, Origin::Rules))
}

/// Refuses a rule set that names a schedule baseline the plan does not have.
pub(crate) fn check_rules_against(
    py: Python<'_>,
    rules: &RuleSet,
    dataset: &Dataset,
) -> PyResult<()> {
    rules
        .check_against(dataset)
        .map_err(|e| errors::from_errors(py, &[e], Origin::Rules))
}

fn load_dataset(
    path: &Path,
    monitoring: Option<&Path>,
    limits: &Limits,
) -> Result<Dataset, Errors> {
    match (path.is_dir(), monitoring) {
        // Any source: a JSON or CSV directory, plan.json, a workbook.
        (_, None) => Dataset::load_with_limits(path, limits),
        (true, Some(m)) => {
            Dataset::load_files_with_limits(&path.join("plan.json"), Some(m), limits)
        }
        (false, m) => Dataset::load_files_with_limits(path, m, limits),
    }
}

/// The limits of an optional `limits` argument: a dict of [`Limits`] fields over the
/// defaults; an unknown key or a wrong type is a `ValidationError` naming it.
pub(crate) fn limits_arg(py: Python<'_>, limits: Option<&Bound<'_, PyAny>>) -> PyResult<Limits> {
    match limits {
        None => Ok(Limits::default()),
        Some(obj) if obj.is_none() => Ok(Limits::default()),
        Some(obj) => planwatch::load::deserialize::<Limits, _>(&mut Depythonizer::from_object(obj))
            .map_err(|e| {
                let path = match e.location().path.as_str() {
                    "" => "limits".to_string(),
                    p => format!("limits.{p}"),
                };
                let e = e.at(planwatch::Location::path(path));
                errors::from_errors(py, &Errors::from(e), Origin::Data)
            }),
    }
}

/// The rule set that goes with `path`, and its file: core's
/// [`planwatch::load::Input::rules`], as the CLI reads it.
fn directory_rules(path: &Path) -> Result<Option<(RuleSet, PathBuf)>, Errors> {
    planwatch::load::Input::detect(path).rules()
}

/// What loading gave: the data's errors, else the directory's rules' errors, else both.
enum Loaded {
    Data(Errors),
    Rules(Errors),
    Ok(Box<(Dataset, Option<(RuleSet, PathBuf)>)>),
}

fn load_all(path: &Path, monitoring: Option<&Path>, limits: &Limits) -> Loaded {
    match load_dataset(path, monitoring, limits) {
        Err(e) => Loaded::Data(e),
        Ok(ds) => match directory_rules(path) {
            Err(e) => Loaded::Rules(e),
            Ok(Some((rules, file))) => match rules.check_against(&ds) {
                Err(e) => Loaded::Rules(Errors::from(e.in_file(Some(&file)))),
                Ok(()) => Loaded::Ok(Box::new((ds, Some((rules, file))))),
            },
            Ok(None) => Loaded::Ok(Box::new((ds, None))),
        },
    }
}

/// A validated plan with its monitoring data (the native side of `planwatch.Plan`), and
/// the rule set of the directory it was loaded from, when it has a `rules.json`.
#[pyclass(frozen, name = "Dataset", module = "planwatch._planwatch")]
pub struct PyPlan {
    pub(crate) dataset: Arc<Dataset>,
    /// The directory's rules: what `evaluate` applies when given no rule set.
    pub(crate) rules: Option<Arc<RuleSet>>,
    /// The file those rules were read from.
    pub(crate) rules_file: Option<PathBuf>,
}

/// Loads a plan directory (`plan.json`, optional `monitoring.json` and `rules.json`) or
/// a plan file with an optional monitoring file.
#[pyfunction]
#[pyo3(signature = (path, monitoring=None, limits=None))]
pub fn load(
    py: Python<'_>,
    path: PathBuf,
    monitoring: Option<PathBuf>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPlan> {
    let limits = limits_arg(py, limits)?;
    match guarded(py, || load_all(&path, monitoring.as_deref(), &limits))? {
        Loaded::Ok(loaded) => {
            let (ds, rules) = *loaded;
            let (rules, rules_file) =
                rules.map_or((None, None), |(r, f)| (Some(Arc::new(r)), Some(f)));
            Ok(PyPlan {
                dataset: Arc::new(ds),
                rules,
                rules_file,
            })
        }
        Loaded::Data(e) => Err(errors::from_errors(py, &e, Origin::Data)),
        Loaded::Rules(e) => Err(errors::from_errors(py, &e, Origin::Rules)),
    }
}

/// A plan built from text, objects or tables: no directory, so no rules of its own.
fn without_rules(py: Python<'_>, loaded: Result<Dataset, Errors>) -> PyResult<PyPlan> {
    match loaded {
        Ok(ds) => Ok(PyPlan {
            dataset: Arc::new(ds),
            rules: None,
            rules_file: None,
        }),
        Err(e) => Err(errors::from_errors(py, &e, Origin::Data)),
    }
}

/// Parses and validates a plan and its monitoring data from JSON text.
#[pyfunction]
#[pyo3(signature = (plan, monitoring=None, limits=None))]
pub fn from_json(
    py: Python<'_>,
    plan: String,
    monitoring: Option<String>,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPlan> {
    let limits = limits_arg(py, limits)?;
    let loaded = guarded(py, || {
        Dataset::from_json_with_limits(&plan, monitoring.as_deref().unwrap_or("{}"), &limits)
    })?;
    without_rules(py, loaded)
}

/// Validates a plan and its monitoring data given as Python objects in the JSON format
/// (dicts, lists, strings, numbers, booleans, None), read without going through JSON text:
/// errors name the path of the problem (`status_updates[0].actual_finish`).
#[pyfunction]
#[pyo3(signature = (plan, monitoring=None))]
pub fn from_objects(
    py: Python<'_>,
    plan: &Bound<'_, PyAny>,
    monitoring: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPlan> {
    let plan: Result<Plan, planwatch::Error> =
        planwatch::load::deserialize(&mut Depythonizer::from_object(plan));
    let monitoring: Result<Monitoring, planwatch::Error> = match monitoring {
        Some(m) => planwatch::load::deserialize(&mut Depythonizer::from_object(m)),
        None => Ok(Monitoring::default()),
    };
    let (plan, monitoring) = match (plan, monitoring) {
        (Ok(p), Ok(m)) => (p, m),
        (p, m) => {
            let errors: Vec<planwatch::Error> = p.err().into_iter().chain(m.err()).collect();
            return Err(errors::from_errors(py, &errors, Origin::Data));
        }
    };
    without_rules(py, guarded(py, || Dataset::new(plan, monitoring))?)
}

/// Validates a plan given as tables of the plan layout (`docs/tables.md`): a list of
/// `(name, table)` pairs, each table any object with the Arrow PyCapsule stream interface
/// (a pyarrow Table, a polars DataFrame, ...). Errors name the table, row and column.
#[pyfunction]
pub fn from_tables(py: Python<'_>, tables: Vec<(String, PyTable)>) -> PyResult<PyPlan> {
    let set = table_set(py, tables)?;
    without_rules(py, guarded(py, || Dataset::from_tables(&set))?)
}

/// Named Arrow tables as core's table set; an error names the table, row and column.
pub(crate) fn table_set(
    py: Python<'_>,
    tables: Vec<(String, PyTable)>,
) -> PyResult<planwatch::tables::TableSet> {
    let mut set = planwatch::tables::TableSet::new();
    for (name, table) in tables {
        let (batches, _) = table.into_inner();
        match planwatch::arrow::table_from_batches(&name, &batches) {
            Ok(t) => set.insert(t),
            Err(e) => return Err(errors::from_errors(py, &[e], Origin::Data)),
        }
    }
    Ok(set)
}

/// Every problem of a plan directory or file, as error records (empty when valid);
/// unreadable files are records of kind `io`. A directory's `rules.json` is checked
/// once its plan and monitoring data are valid (as `planwatch validate` does).
#[pyfunction]
#[pyo3(signature = (path, monitoring=None))]
pub fn validate_files<'py>(
    py: Python<'py>,
    path: PathBuf,
    monitoring: Option<PathBuf>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    match guarded(py, || {
        load_all(&path, monitoring.as_deref(), &Limits::default())
    })? {
        Loaded::Data(e) | Loaded::Rules(e) => errors::records(py, &e),
        Loaded::Ok(..) => Ok(Vec::new()),
    }
}

/// Every problem of a plan given as JSON text, as error records (empty when valid).
#[pyfunction]
#[pyo3(signature = (plan, monitoring=None))]
pub fn validate_json<'py>(
    py: Python<'py>,
    plan: String,
    monitoring: Option<String>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let loaded = guarded(py, || {
        Dataset::from_json(&plan, monitoring.as_deref().unwrap_or("{}")).err()
    })?;
    match loaded {
        Some(e) => errors::records(py, &e),
        None => Ok(Vec::new()),
    }
}

/// Every problem of a rule set given as JSON text or a file, as error records.
#[pyfunction]
#[pyo3(signature = (json=None, path=None))]
pub fn check_rules<'py>(
    py: Python<'py>,
    json: Option<String>,
    path: Option<PathBuf>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let parsed = guarded(py, || match (json.as_deref(), path.as_deref()) {
        (Some(text), _) => RuleSet::from_json(text).err(),
        (None, Some(p)) => RuleSet::load(p).err(),
        (None, None) => None,
    })?;
    match parsed {
        Some(e) => errors::records(py, &e),
        None => Ok(Vec::new()),
    }
}

#[pymethods]
impl PyPlan {
    /// The plan's id.
    #[getter]
    fn id(&self) -> &str {
        &self.dataset.plan().id
    }

    /// The plan's title.
    #[getter]
    fn title(&self) -> &str {
        &self.dataset.plan().title
    }

    /// The plan's first day.
    #[getter]
    fn start(&self) -> NaiveDate {
        self.dataset.plan().start
    }

    /// The plan's last day.
    #[getter]
    fn end(&self) -> NaiveDate {
        self.dataset.plan().end
    }

    /// A part of the plan in the JSON format: `activities`, `organisations`,
    /// `strategies`, `groups`, `indicators`, `reporting_obligations`,
    /// `meeting_obligations`, `plan` (the whole plan) or `monitoring`.
    fn part<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let plan = self.dataset.plan();
        let value = match name {
            "activities" => pythonize::pythonize(py, &plan.activities),
            "organisations" => pythonize::pythonize(py, &plan.organisations),
            "strategies" => pythonize::pythonize(py, &plan.strategies),
            "groups" => pythonize::pythonize(py, &plan.groups),
            "indicators" => pythonize::pythonize(py, &plan.indicators),
            "reporting_obligations" => pythonize::pythonize(py, &plan.reporting_obligations),
            "meeting_obligations" => pythonize::pythonize(py, &plan.meeting_obligations),
            "plan" => pythonize::pythonize(py, plan),
            "monitoring" => pythonize::pythonize(py, self.dataset.monitoring()),
            other => {
                return Err(errors::invalid_argument(
                    py,
                    "name",
                    &format!("no part `{other}`"),
                ))
            }
        };
        Ok(value?)
    }

    /// Counts of what the plan holds and expects.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let ds = &self.dataset;
        let stats = guarded(py, || ds.stats())?;
        Ok(pythonize::pythonize(py, &stats)?)
    }

    /// The `rules.json` of the directory the plan was loaded from, when it has one.
    #[getter]
    fn rules_file(&self) -> Option<String> {
        self.rules_file
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
    }

    /// Evaluates the plan as of a day with a rule set (JSON text or a file); without
    /// one, with the rules of the directory it was loaded from (its `rules.json`), else
    /// the defaults.
    #[pyo3(signature = (as_of, rules_json=None, rules_path=None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        as_of: Day,
        rules_json: Option<String>,
        rules_path: Option<PathBuf>,
    ) -> PyResult<PyEvaluation> {
        let as_of = as_of.resolve(py, "as_of")?;
        let rules = match (&self.rules, rules_json.is_none() && rules_path.is_none()) {
            (Some(own), true) => own.clone(),
            _ => Arc::new(rule_set(py, rules_json.as_deref(), rules_path.as_deref())?),
        };
        check_rules_against(py, &rules, &self.dataset)?;
        let ds = &self.dataset;
        let evaluation = guarded(py, || ds.evaluate(&rules, as_of))?;
        Ok(PyEvaluation::new(self.dataset.clone(), rules, evaluation))
    }

    /// The reporting matrix of a report type as of a day: `reporters`, `periods` and
    /// `cells` (`cells[row][column]`: `on_time`, `late`, `missing`, `pending`,
    /// `not_expected`).
    fn report_matrix<'py>(
        &self,
        py: Python<'py>,
        report_type: &str,
        as_of: Day,
    ) -> PyResult<Bound<'py, PyAny>> {
        report_matrix(py, &self.dataset, report_type, as_of.resolve(py, "as_of")?)
    }

    /// Pickling: the plan travels in core's compact form (its canonical JSON, and the
    /// directory's rule set as a `rules.json`), rebuilt by `_rebuild` on arrival.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, crate::portable::State)> {
        crate::portable::reduce(py, self)
    }

    /// The same plan (and directory rule set) with the monitoring data that the tables
    /// give (`status_updates`, `submissions`, `indicator_values`, `meetings`; an absent
    /// one is empty): a list of `(name, table)` pairs as for `from_tables`.
    fn with_monitoring_tables(
        &self,
        py: Python<'_>,
        tables: Vec<(String, PyTable)>,
    ) -> PyResult<PyPlan> {
        let set = table_set(py, tables)?;
        let ds = &self.dataset;
        match guarded(py, || ds.with_monitoring_tables(&set))? {
            Ok(ds) => Ok(self.with_dataset(ds)),
            Err(e) => Err(errors::from_errors(py, &e, Origin::Data)),
        }
    }

    /// The same plan, monitoring data and rule set, expecting the reports of `reporters`
    /// only (organisation ids): core's `Dataset::for_reporters`, how one partition of a
    /// large submissions table is counted without walking the whole plan's reports.
    fn for_reporters(&self, py: Python<'_>, reporters: Vec<String>) -> PyResult<PyPlan> {
        let ds = &self.dataset;
        match guarded(py, || ds.for_reporters(&reporters))? {
            Ok(ds) => Ok(self.with_dataset(ds)),
            Err(e) => Err(errors::from_errors(py, &[e], Origin::Data)),
        }
    }

    /// The reporting rates as of a day over the whole plan, as JSON text (the
    /// evaluation's `reporting` part, without evaluating the rules).
    fn reporting_rates_json(&self, py: Python<'_>, as_of: Day) -> PyResult<String> {
        let as_of = as_of.resolve(py, "as_of")?;
        let ds = &self.dataset;
        let text = guarded(py, || {
            serde_json::to_string(&ds.reporting_rates(as_of, planwatch::eval::Window::whole_plan()))
        })?;
        text.map_err(|e| errors::internal(py, &e.to_string()))
    }

    /// The HTML summary notebooks show.
    fn html(&self, py: Python<'_>) -> PyResult<String> {
        let ds = &self.dataset;
        guarded(py, || planwatch::export::html::dataset_html(ds))
    }

    /// The iCalendar (RFC 5545) of activity deadlines and report and meeting due days,
    /// for every organisation or `owner`; `as_of` gives the events' DTSTAMP.
    #[pyo3(signature = (as_of, owner=None))]
    fn calendar_ics(&self, py: Python<'_>, as_of: Day, owner: Option<&str>) -> PyResult<String> {
        let as_of = as_of.resolve(py, "as_of")?;
        crate::export::calendar(py, &self.dataset, as_of, owner)
    }

    /// Who must act next as of a day: per owner, what falls due in the next `days` days
    /// and what is overdue (core's `Agenda`), for every owner or `owner`. `days`
    /// defaults to core's `DEFAULT_AGENDA_DAYS`, written as the literal 30 so that the
    /// signature Python shows (and stubtest checks) names it.
    #[pyo3(signature = (as_of, days=30, owner=None))]
    fn agenda(
        &self,
        py: Python<'_>,
        as_of: Day,
        days: u32,
        owner: Option<&str>,
    ) -> PyResult<crate::agenda::PyAgenda> {
        let as_of = as_of.resolve(py, "as_of")?;
        crate::agenda::agenda(py, &self.dataset, as_of, days, owner)
    }

    /// The reminders due on a day, per owner, on the cadence of a rule set (JSON text or
    /// a file); without one, of the directory's rules, else the default cadence.
    #[pyo3(signature = (as_of, owner=None, rules_json=None, rules_path=None))]
    fn reminders(
        &self,
        py: Python<'_>,
        as_of: Day,
        owner: Option<&str>,
        rules_json: Option<String>,
        rules_path: Option<PathBuf>,
    ) -> PyResult<crate::agenda::PyReminders> {
        let as_of = as_of.resolve(py, "as_of")?;
        let rules = self.rules_or_own(py, rules_json.as_deref(), rules_path.as_deref())?;
        let rules: &RuleSet = &rules;
        crate::agenda::reminders(py, &self.dataset, as_of, rules, owner)
    }

    /// The dependency graph as Graphviz DOT, the critical path as of `as_of` in red.
    fn graph_dot(&self, py: Python<'_>, as_of: Day) -> PyResult<String> {
        let as_of = as_of.resolve(py, "as_of")?;
        crate::export::graph(py, &self.dataset, as_of, false)
    }

    /// The dependency graph as a Mermaid flowchart, the critical path as of `as_of` in red.
    fn graph_mermaid(&self, py: Python<'_>, as_of: Day) -> PyResult<String> {
        let as_of = as_of.resolve(py, "as_of")?;
        crate::export::graph(py, &self.dataset, as_of, true)
    }

    fn __repr__(&self) -> String {
        let p = self.dataset.plan();
        format!(
            "<Dataset {} ({} to {}): {} activities, {} organisations>",
            p.id,
            p.start,
            p.end,
            p.activities.len(),
            p.organisations.len()
        )
    }
}

/// The reporting matrix as a Python dict.
pub(crate) fn report_matrix<'py>(
    py: Python<'py>,
    dataset: &Dataset,
    report_type: &str,
    as_of: NaiveDate,
) -> PyResult<Bound<'py, PyAny>> {
    let kind = period_type(py, report_type)?;
    let matrix = guarded(py, || dataset.report_matrix(kind, as_of))?;
    Ok(pythonize::pythonize(py, &matrix)?)
}

impl PyPlan {
    /// Another dataset with this plan's rule set and rules file (the plan narrowed or with
    /// other monitoring data).
    fn with_dataset(&self, dataset: Dataset) -> PyPlan {
        PyPlan {
            dataset: Arc::new(dataset),
            rules: self.rules.clone(),
            rules_file: self.rules_file.clone(),
        }
    }

    /// The rule set given by `rules_json` or `rules_path`, else the plan's own (read with
    /// the plan), else the defaults.
    fn rules_or_own(
        &self,
        py: Python<'_>,
        rules_json: Option<&str>,
        rules_path: Option<&Path>,
    ) -> PyResult<std::borrow::Cow<'_, RuleSet>> {
        let rules = match (&self.rules, rules_json.is_none() && rules_path.is_none()) {
            (Some(own), true) => std::borrow::Cow::Borrowed(&**own),
            _ => std::borrow::Cow::Owned(rule_set(py, rules_json, rules_path)?),
        };
        check_rules_against(py, &rules, &self.dataset)?;
        Ok(rules)
    }
}
