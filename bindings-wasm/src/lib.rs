//! WebAssembly bindings of [planwatch](planwatch): the npm package `planwatch`.
//!
//! A thin layer: it converts JavaScript values to the core's inputs, forwards, and
//! converts the results back to plain JavaScript objects with `serde-wasm-bindgen`
//! (maps as objects). It holds no rule logic. JavaScript names are camelCase; the objects
//! it returns keep the core's snake_case field names, exactly as the JSON export, the CLI
//! and the Python binding spell them.
//!
//! Errors are thrown as JavaScript `Error`s named `PlanwatchError` with a `code` (the core's
//! [`ErrorKind`](planwatch::ErrorKind) code, `invalid_input` when several errors are
//! reported at once, `internal` for a bug) and structured `details` (see [`errors`]).
//!
//! The TypeScript definitions of the returned objects are generated from the core's Rust
//! types (JSON Schema via `schemars`, then `json-schema-to-typescript`; see `build.sh`).

mod convert;
pub mod errors;

use chrono::NaiveDate;
use convert::{json_text, to_js};
use errors::{errors_to_js, one_error};
use planwatch::{Dataset, ErrorKind, FindingFilter, PeriodType, RuleSet};
use wasm_bindgen::prelude::*;

/// Installs the panic hook that turns a Rust panic into a `PlanwatchError` with code
/// `internal` (runs once, when the module is instantiated).
#[wasm_bindgen(start, skip_typescript)]
fn on_load() {
    errors::install_panic_hook();
}

#[wasm_bindgen(typescript_custom_section)]
const PLANWATCH_ERROR: &str = r#"
/** What every function of this package throws (see the README). */
export interface PlanwatchError extends Error {
    name: "PlanwatchError";
    /** The error kind code; `invalid_input` when several errors; `internal` for a bug. */
    code: ErrorKind | "invalid_input" | "internal";
    /** The error; the list of them when several. */
    details: PlanwatchErrorDetail | PlanwatchErrorDetail[];
    /** Every error, always a list. */
    errors: PlanwatchErrorDetail[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The monitoring data: JSON text or a plain object.
    #[wasm_bindgen(typescript_type = "string | MonitoringDocument")]
    pub type MonitoringArg;
    /// A rule set: JSON text or a plain object (the `rules.json` format).
    #[wasm_bindgen(typescript_type = "string | RuleSetDocument")]
    pub type RulesArg;
    /// A finding filter (the core's `FindingFilter`) as a plain object.
    #[wasm_bindgen(typescript_type = "FindingFilter")]
    pub type FilterArg;
}

/// The version of the planwatch engine.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Deliberately panics inside the module: lets the tests check that a panic surfaces as a
/// `PlanwatchError` with code `internal` and that the module keeps working afterwards, as
/// `planwatch._planwatch._panic_for_tests` does in Python. Not part of the API.
#[wasm_bindgen(js_name = _panicForTests, skip_typescript)]
pub fn panic_for_tests() {
    panic!("deliberate panic for the tests")
}

/// A validated plan with its monitoring data, ready to evaluate.
#[wasm_bindgen]
pub struct Plan {
    dataset: Dataset,
}

/// Parses an ISO day (`2021-06-30`); `what` names the argument in the error.
fn parse_day(text: &str, what: &str) -> Result<NaiveDate, JsValue> {
    planwatch::load::parse_day(text)
        .map_err(|e| one_error(ErrorKind::InvalidValue, e.message(), what))
}

/// The monitoring text of an optional argument: `{}` when absent.
fn monitoring_text(monitoring: Option<MonitoringArg>, what: &str) -> Result<String, JsValue> {
    match monitoring {
        Some(v) if !v.is_undefined() && !v.is_null() => json_text(&v, what),
        _ => Ok("{}".to_string()),
    }
}

#[wasm_bindgen]
impl Plan {
    /// Parses and validates a plan and its monitoring data from JSON text. Throws a
    /// `PlanwatchError` listing every problem found (JSON path, line and column).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(plan: &str, monitoring: Option<String>) -> Result<Plan, JsValue> {
        let monitoring = monitoring.unwrap_or_else(|| "{}".to_string());
        Dataset::from_json(plan, &monitoring)
            .map(|dataset| Plan { dataset })
            .map_err(|e| errors_to_js(&e))
    }

    /// Validates a plan and its monitoring data given as JavaScript objects (they go
    /// through `JSON.stringify`, so errors carry exact JSON paths).
    #[wasm_bindgen(js_name = fromObjects)]
    pub fn from_objects(
        #[wasm_bindgen(unchecked_param_type = "PlanDocument")] plan: JsValue,
        monitoring: Option<MonitoringArg>,
    ) -> Result<Plan, JsValue> {
        let plan = json_text(&plan, "plan")?;
        let monitoring = monitoring_text(monitoring, "monitoring")?;
        Plan::from_json(&plan, Some(monitoring))
    }

    /// Checks a plan and its monitoring data (JSON text or objects) without keeping them:
    /// the list of every error found, empty when they are valid.
    #[wasm_bindgen(unchecked_return_type = "PlanwatchErrorDetail[]")]
    pub fn validate(
        #[wasm_bindgen(unchecked_param_type = "string | PlanDocument")] plan: JsValue,
        monitoring: Option<MonitoringArg>,
    ) -> Result<JsValue, JsValue> {
        let plan = json_text(&plan, "plan")?;
        let monitoring = monitoring_text(monitoring, "monitoring")?;
        match Dataset::from_json(&plan, &monitoring) {
            Ok(_) => to_js(&Vec::<planwatch::Error>::new()),
            Err(errors) => to_js(&errors),
        }
    }

    /// The plan's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.dataset.plan().id.clone()
    }

    /// The plan as a plain object (the plan JSON format, defaults filled in).
    #[wasm_bindgen(unchecked_return_type = "PlanDocument")]
    pub fn document(&self) -> Result<JsValue, JsValue> {
        to_js(self.dataset.plan())
    }

    /// Counts of what the plan holds and expects.
    #[wasm_bindgen(unchecked_return_type = "PlanStats")]
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_js(&self.dataset.stats())
    }

    /// Evaluates the plan as of a day (`YYYY-MM-DD`) with a rule set (the `rules.json`
    /// format, as text or object; every rule with its defaults when absent).
    pub fn evaluate(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
        rules: Option<RulesArg>,
    ) -> Result<Evaluation, JsValue> {
        let as_of = parse_day(as_of, "asOf")?;
        let rules = match rules {
            Some(v) if !v.is_undefined() && !v.is_null() => {
                RuleSet::from_json(&json_text(&v, "rules")?).map_err(|e| errors_to_js(&e))?
            }
            _ => RuleSet::default(),
        };
        Ok(Evaluation {
            inner: self.dataset.evaluate(&rules, as_of),
        })
    }

    /// The reporting matrix of a report type (`monthly`, `quarterly`, ...) as of a day:
    /// reporters x periods, each cell `on_time`, `late`, `missing`, `pending` or
    /// `not_expected`. What a completeness heat map draws.
    #[wasm_bindgen(js_name = reportMatrix, unchecked_return_type = "ReportMatrix")]
    pub fn report_matrix(
        &self,
        #[wasm_bindgen(js_name = reportType, unchecked_param_type = "PeriodType")]
        report_type: &str,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
    ) -> Result<JsValue, JsValue> {
        let report_type: PeriodType = serde_json::from_value(serde_json::Value::String(
            report_type.to_string(),
        ))
        .map_err(|_| {
            one_error(
                ErrorKind::InvalidValue,
                &format!("`{report_type}` is not a report type"),
                "reportType",
            )
        })?;
        let as_of = parse_day(as_of, "asOf")?;
        to_js(&self.dataset.report_matrix(report_type, as_of))
    }
}

/// The result of one evaluation. Its parts convert to plain objects on demand.
#[wasm_bindgen]
pub struct Evaluation {
    inner: planwatch::Evaluation,
}

#[wasm_bindgen]
impl Evaluation {
    /// The day evaluated (`YYYY-MM-DD`).
    #[wasm_bindgen(getter, js_name = asOf)]
    pub fn as_of(&self) -> String {
        self.inner.as_of.to_string()
    }

    /// The number of findings.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> usize {
        self.inner.findings.len()
    }

    /// Counts of findings by severity and by rule.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summary)
    }

    /// The findings, in the core's order; with a filter, those that pass it (the core's
    /// `FindingFilter`: `min_severity`, `severities`, `rules`, `owners`, `strategies`,
    /// `provinces`, `subject_kinds`, `subjects`).
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn findings(&self, filter: Option<FilterArg>) -> Result<JsValue, JsValue> {
        match filter {
            Some(v) if !v.is_undefined() && !v.is_null() => {
                let filter: FindingFilter = convert::from_js_json(&v, "filter")?;
                to_js(&self.inner.filter(&filter))
            }
            _ => to_js(&self.inner.findings),
        }
    }

    /// Finding counts by severity, rule, owner, strategy and province.
    #[wasm_bindgen(unchecked_return_type = "Rollups")]
    pub fn rollups(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.rollups)
    }

    /// Every indicator's status on the day, in plan order.
    #[wasm_bindgen(unchecked_return_type = "IndicatorStatus[]")]
    pub fn indicators(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.indicators)
    }

    /// The schedule forecast (early and late dates, slack, critical path).
    #[wasm_bindgen(unchecked_return_type = "Forecast")]
    pub fn forecast(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.forecast)
    }

    /// The reporting and meeting rates of the evaluation: `{reporting, meetings}`, the
    /// fields of that name of [`toObject`](Evaluation::to_object) (`undefined` each when
    /// the engine does not compute them).
    #[wasm_bindgen(
        unchecked_return_type = "Pick<EvaluationData, Extract<\"reporting\" | \"meetings\", keyof EvaluationData>>"
    )]
    pub fn rates(&self) -> Result<JsValue, JsValue> {
        let all = self.to_object()?;
        let rates = js_sys::Object::new();
        for key in ["reporting", "meetings"] {
            let key = JsValue::from_str(key);
            js_sys::Reflect::set(&rates, &key, &js_sys::Reflect::get(&all, &key)?)?;
        }
        Ok(rates.into())
    }

    /// One field of the evaluation as a plain object (`undefined` when there is none).
    #[wasm_bindgen(unchecked_return_type = "unknown")]
    pub fn field(&self, name: &str) -> Result<JsValue, JsValue> {
        let all = self.to_object()?;
        js_sys::Reflect::get(&all, &JsValue::from_str(name))
    }

    /// The whole evaluation as one plain object: every field of the core's `Evaluation`.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "EvaluationData")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }

    /// The same as [`toObject`](Evaluation::to_object), for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "EvaluationData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        self.to_object()
    }
}
