//! Plans that travel: pickling a `Dataset` in core's compact form, and merging the
//! reporting rates of partitions (core's `ReportingRates::merge`).

use crate::errors::{self, Origin};
use crate::guarded;
use crate::plan::PyPlan;
use planwatch::eval::ReportingRates;
use planwatch::{Dataset, Limits, RuleSet};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// What a pickled plan holds: plan JSON, monitoring JSON, the directory's rule set (a
/// `rules.json`), the file it was read from, and the limits it was read within (JSON).
pub(crate) type State = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// `(planwatch._planwatch._rebuild, state)`.
pub(crate) fn reduce<'py>(py: Python<'py>, plan: &PyPlan) -> PyResult<(Bound<'py, PyAny>, State)> {
    let ds = &plan.dataset;
    let rules = plan.rules.as_deref();
    let (form, rules) = guarded(py, || {
        (
            ds.to_portable(),
            rules.map(RuleSet::to_portable).transpose(),
        )
    })?;
    let (plan_json, monitoring_json) =
        form.map_err(|e| errors::from_errors(py, &[e], Origin::Data))?;
    let rules_json = rules.map_err(|e| errors::from_errors(py, &[e], Origin::Rules))?;
    let rules_file = plan
        .rules_file
        .as_ref()
        .map(|p| p.to_string_lossy().into_owned());
    let limits = (ds.limits() != &Limits::default())
        .then(|| serde_json::to_string(ds.limits()))
        .transpose()
        .map_err(|e| errors::invalid_argument(py, "limits", &e.to_string()))?;
    let rebuild = py.import("planwatch._planwatch")?.getattr("_rebuild")?;
    Ok((
        rebuild,
        (plan_json, monitoring_json, rules_json, rules_file, limits),
    ))
}

/// Rebuilds a pickled plan (see `Dataset.__reduce__`): core reads the canonical JSON
/// back and builds the dataset's indexes in its one validation pass.
#[pyfunction(name = "_rebuild")]
#[pyo3(signature = (plan, monitoring, rules=None, rules_file=None, limits=None))]
pub fn rebuild(
    py: Python<'_>,
    plan: String,
    monitoring: String,
    rules: Option<String>,
    rules_file: Option<PathBuf>,
    limits: Option<String>,
) -> PyResult<PyPlan> {
    let limits = match limits {
        None => Limits::default(),
        Some(text) => planwatch::load::deserialize::<Limits, _>(
            &mut serde_json::Deserializer::from_str(&text),
        )
        .map_err(|e| errors::from_errors(py, &[e], Origin::Data))?,
    };
    let (ds, rules) = guarded(py, || {
        (
            Dataset::from_json_with_limits(&plan, &monitoring, &limits),
            rules.as_deref().map(RuleSet::from_json).transpose(),
        )
    })?;
    let ds = ds.map_err(|e| errors::from_errors(py, &e, Origin::Data))?;
    let rules = rules.map_err(|e| errors::from_errors(py, &e, Origin::Rules))?;
    Ok(PyPlan {
        dataset: Arc::new(ds),
        rules: rules.map(Arc::new),
        rules_file,
    })
}

/// The reporting rates of the reporters of all the parts (each the JSON text of
/// `reporting_rates_json` of a plan narrowed by `for_reporters`), as JSON text: core's
/// `ReportingRates::merge` (every count summed, the ratios computed again). With `plan`,
/// the whole plan's rates: the reporters no part counts are counted with that plan
/// (core's `Dataset::merge_reporting_rates`).
#[pyfunction]
#[pyo3(signature = (parts, plan=None))]
pub fn merge_reporting_rates(
    py: Python<'_>,
    parts: Vec<String>,
    plan: Option<PyRef<'_, PyPlan>>,
) -> PyResult<String> {
    let mut rates = Vec::with_capacity(parts.len());
    for (i, text) in parts.iter().enumerate() {
        let part: ReportingRates = serde_json::from_str(text).map_err(|e| {
            errors::invalid_argument(
                py,
                &format!("parts[{i}]"),
                &format!("not reporting rates: {e}"),
            )
        })?;
        rates.push(part);
    }
    let dataset = plan.map(|p| p.dataset.clone());
    let merged = guarded(py, || match &dataset {
        Some(ds) => ds.merge_reporting_rates(&rates),
        None => ReportingRates::merge(&rates),
    })?
    .map_err(|e| errors::from_errors(py, &[e], Origin::Data))?;
    serde_json::to_string(&merged).map_err(|e| errors::internal(py, &e.to_string()))
}
