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

mod agenda;
mod convert;
mod diff;
pub mod errors;
#[cfg(feature = "report")]
mod report;

pub use agenda::{Agenda, Reminders};
use chrono::NaiveDate;
use convert::{json_text, to_js};
pub use diff::Diff;
use errors::{errors_to_js, one_error};
use planwatch::{Dataset, ErrorKind, Errors, FindingFilter, Limits, PeriodType, RuleSet};
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

/** Bounds on the work a plan implies, checked when it is read (see SECURITY.md). */
export interface Limits {
    /** The longest plan, in years from its start to its end (default 100). */
    max_plan_years?: number;
    /** The most reports the obligations may expect: reporters times periods (default 50 000 000). */
    max_expected_reports?: number;
    /** The most meetings the obligations may expect (default 10 000 000). */
    max_expected_meetings?: number;
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
    /// Limits (the core's `Limits`) as a plain object or its JSON text.
    #[wasm_bindgen(typescript_type = "Limits | string")]
    pub type LimitsArg;
    /// CSV tables of the plan layout: an object from table name (`activities`, or the
    /// file name `activities.csv`) to the CSV text of that table.
    #[wasm_bindgen(typescript_type = "Record<string, string>")]
    pub type CsvTablesArg;
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

/// The names of the tables of the plan layout (`docs/tables.md`), in order: what
/// [`Plan.fromCsvTables`](Plan::from_csv_tables) reads, each from `<name>.csv`.
#[wasm_bindgen(js_name = tableNames)]
pub fn table_names() -> Vec<String> {
    planwatch::tables::table_names()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// A validated plan with its monitoring data, ready to evaluate, and the rule set of its
/// plan directory (its `rules.json`) when one was given.
#[wasm_bindgen]
pub struct Plan {
    dataset: Dataset,
    /// What `evaluate` applies when given no rule set.
    rules: Option<RuleSet>,
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

/// The limits of an optional argument (an object of [`Limits`] fields, or its JSON text)
/// over the defaults; `limits.<field>` names a field that is wrong.
fn limits_arg(limits: Option<LimitsArg>) -> Result<Limits, JsValue> {
    match limits {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            let text = json_text(&v, "limits")?;
            planwatch::load::deserialize::<Limits, _>(&mut serde_json::Deserializer::from_str(
                &text,
            ))
            .map_err(|e| {
                let path = match e.location().path.as_str() {
                    "" => "limits".to_string(),
                    p => format!("limits.{p}"),
                };
                errors_to_js(&Errors::from(e.at(planwatch::Location::path(path))))
            })
        }
        _ => Ok(Limits::default()),
    }
}

/// `rules` once checked against the plan (the schedule baseline it names).
fn checked_rules(dataset: &Dataset, rules: Option<RuleSet>) -> Result<Option<RuleSet>, JsValue> {
    if let Some(r) = &rules {
        r.check_against(dataset)
            .map_err(|e| errors_to_js(&Errors::from(e)))?;
    }
    Ok(rules)
}

/// The rule set of an optional argument (text or object); `None` when absent.
fn rules_arg(rules: Option<RulesArg>) -> Result<Option<RuleSet>, JsValue> {
    match rules {
        Some(v) if !v.is_undefined() && !v.is_null() => {
            RuleSet::from_json(&json_text(&v, "rules")?)
                .map(Some)
                .map_err(|e| errors_to_js(&e))
        }
        _ => Ok(None),
    }
}

#[wasm_bindgen]
impl Plan {
    /// Parses and validates a plan and its monitoring data from JSON text, with the rule
    /// set of its plan directory (the `rules.json` text or object) when it has one: what
    /// [`evaluate`](Plan::evaluate) then applies when given no rule set, as the CLI
    /// does. Throws a `PlanwatchError` listing every problem found (JSON path, line and
    /// column); the rule set's once the plan and monitoring data are valid.
    ///
    /// `limits` lowers or raises the bounds on the work the plan implies, checked before
    /// any of it is done (`max_plan_years`, default 100; `max_expected_reports`, default
    /// 50 000 000; `max_expected_meetings`, default 10 000 000): a page that takes plans
    /// from its users should lower them. A plan past one is a `limit_exceeded` error.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        plan: &str,
        monitoring: Option<String>,
        rules: Option<RulesArg>,
        limits: Option<LimitsArg>,
    ) -> Result<Plan, JsValue> {
        let monitoring = monitoring.unwrap_or_else(|| "{}".to_string());
        let limits = limits_arg(limits)?;
        let dataset = Dataset::from_json_with_limits(plan, &monitoring, &limits)
            .map_err(|e| errors_to_js(&e))?;
        let rules = checked_rules(&dataset, rules_arg(rules)?)?;
        Ok(Plan { dataset, rules })
    }

    /// Validates a plan and its monitoring data given as JavaScript objects (they go
    /// through `JSON.stringify`, so errors carry exact JSON paths), with the rule set of
    /// its plan directory when it has one (as [`fromJson`](Plan::from_json)).
    #[wasm_bindgen(js_name = fromObjects)]
    pub fn from_objects(
        #[wasm_bindgen(unchecked_param_type = "PlanDocument")] plan: JsValue,
        monitoring: Option<MonitoringArg>,
        rules: Option<RulesArg>,
        limits: Option<LimitsArg>,
    ) -> Result<Plan, JsValue> {
        let plan = json_text(&plan, "plan")?;
        let monitoring = monitoring_text(monitoring, "monitoring")?;
        Plan::from_json(&plan, Some(monitoring), rules, limits)
    }

    /// Validates a plan and its monitoring data given as CSV tables of the plan layout
    /// (`docs/tables.md`): an object from table name (`activities`, or `activities.csv`)
    /// to CSV text, as read from the files of a tables directory; the `plan` table is
    /// required, every other may be absent. With the rule set of its directory when it
    /// has one (as [`fromJson`](Plan::from_json)). Throws a `PlanwatchError` listing every
    /// problem, each located by file (`activities.csv`), row and column
    /// (`location.file`, `location.row`, `location.column_name`); a name that is not a
    /// table of the layout is an `unknown_field` error.
    #[wasm_bindgen(js_name = fromCsvTables)]
    pub fn from_csv_tables(tables: CsvTablesArg, rules: Option<RulesArg>) -> Result<Plan, JsValue> {
        let texts = csv_texts(&tables)?;
        let set =
            planwatch::tables::read_csv_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .map_err(|e| errors_to_js(&e))?;
        let dataset = Dataset::from_tables(&set).map_err(|e| errors_to_js(&e))?;
        let rules = checked_rules(&dataset, rules_arg(rules)?)?;
        Ok(Plan { dataset, rules })
    }

    /// Validates a plan given as an `.xlsx` workbook of the table layout (its bytes; one
    /// sheet per table), with the rule set of its plan directory when it has one. Errors
    /// name the sheet, row and column. Only with the crate's `xlsx` feature.
    #[cfg(feature = "xlsx")]
    #[wasm_bindgen(js_name = fromXlsx)]
    pub fn from_xlsx(bytes: &[u8], rules: Option<RulesArg>) -> Result<Plan, JsValue> {
        let file = std::path::Path::new("workbook.xlsx");
        let set =
            planwatch::tables::read_xlsx_bytes(bytes, Some(file)).map_err(|e| errors_to_js(&e))?;
        let dataset = Dataset::from_tables(&set).map_err(|e| errors_to_js(&e))?;
        let rules = checked_rules(&dataset, rules_arg(rules)?)?;
        Ok(Plan { dataset, rules })
    }

    /// Checks a plan and its monitoring data (JSON text or objects), and a rule set when
    /// given, without keeping them: the list of every error found (the rule set's once
    /// the plan and monitoring data are valid), empty when they are valid.
    #[wasm_bindgen(unchecked_return_type = "PlanwatchErrorDetail[]")]
    pub fn validate(
        #[wasm_bindgen(unchecked_param_type = "string | PlanDocument")] plan: JsValue,
        monitoring: Option<MonitoringArg>,
        rules: Option<RulesArg>,
    ) -> Result<JsValue, JsValue> {
        let plan = json_text(&plan, "plan")?;
        let monitoring = monitoring_text(monitoring, "monitoring")?;
        let dataset = match Dataset::from_json(&plan, &monitoring) {
            Ok(ds) => ds,
            Err(errors) => return to_js(&errors),
        };
        match rules {
            Some(v) if !v.is_undefined() && !v.is_null() => {
                match RuleSet::from_json(&json_text(&v, "rules")?) {
                    Ok(r) => match r.check_against(&dataset) {
                        Ok(()) => to_js(&Vec::<planwatch::Error>::new()),
                        Err(e) => to_js(&vec![e]),
                    },
                    Err(errors) => to_js(&errors),
                }
            }
            _ => to_js(&Vec::<planwatch::Error>::new()),
        }
    }

    /// Whether the plan was given its directory's rule set (`rules.json`), which
    /// [`evaluate`](Plan::evaluate) applies when given none.
    #[wasm_bindgen(getter, js_name = hasRules)]
    pub fn has_rules(&self) -> bool {
        self.rules.is_some()
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
    /// format, as text or object). Without one: the rule set the plan was given with
    /// its data (its directory's `rules.json`), else every rule with its defaults. An
    /// explicit rule set wins; `{}` gives the defaults even then.
    pub fn evaluate(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
        rules: Option<RulesArg>,
    ) -> Result<Evaluation, JsValue> {
        let as_of = parse_day(as_of, "asOf")?;
        let explicit = checked_rules(&self.dataset, rules_arg(rules)?)?;
        let default;
        let rules = match (&explicit, &self.rules) {
            (Some(r), _) | (None, Some(r)) => r,
            (None, None) => {
                default = RuleSet::default();
                &default
            }
        };
        Ok(Evaluation {
            inner: self.dataset.evaluate(rules, as_of),
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

    /// The iCalendar text (`.ics`, RFC 5545) of the plan's activity deadlines and report
    /// and meeting due days, for every organisation or for `owner` only (the activities
    /// it leads, the reports it owes, the meetings it organises); `asOf` (`YYYY-MM-DD`)
    /// is every event's `DTSTAMP`. Byte for byte what `planwatch export DIR --as-of D
    /// --output FILE.ics` writes. An `owner` that is not an organisation of the plan is
    /// an `unknown_reference` error.
    #[wasm_bindgen(js_name = calendarIcs)]
    pub fn calendar_ics(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
        owner: Option<String>,
    ) -> Result<String, JsValue> {
        let as_of = parse_day(as_of, "asOf")?;
        planwatch::export::calendar::calendar_ics(&self.dataset, as_of, owner.as_deref())
            .map_err(|e| errors_to_js(&e.into()))
    }
}

/// The `(name, text)` pairs of a tables argument: a plain object whose values are
/// strings.
fn csv_texts(tables: &JsValue) -> Result<Vec<(String, String)>, JsValue> {
    if !tables.is_object() || js_sys::Array::is_array(tables) || tables.is_function() {
        return Err(one_error(
            ErrorKind::WrongType,
            "`tables` must be an object from table name to CSV text",
            "tables",
        ));
    }
    let mut texts = Vec::new();
    for entry in js_sys::Object::entries(tables.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        match pair.get(1).as_string() {
            Some(text) => texts.push((name, text)),
            None => {
                return Err(one_error(
                    ErrorKind::WrongType,
                    &format!("`tables.{name}` must be the CSV text of the table (a string)"),
                    &format!("tables.{name}"),
                ))
            }
        }
    }
    Ok(texts)
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
    /// `provinces`, `subject_kinds`, `subjects`). A rule, owner, province or strategy the
    /// evaluation cannot have (core's `Evaluation::check_filter`) is refused with an
    /// `unknown_rule` or `unknown_reference` error naming the close ones.
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn findings(&self, filter: Option<FilterArg>) -> Result<JsValue, JsValue> {
        match filter {
            Some(v) if !v.is_undefined() && !v.is_null() => {
                let filter: FindingFilter = convert::from_js_json(&v, "filter")?;
                self.inner
                    .check_filter(&filter)
                    .map_err(|e| errors_to_js(&e))?;
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
        to_js(self.inner.forecast())
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

    /// The whole evaluation as pretty JSON text, byte for byte what the CLI's
    /// `check --format json` prints (without its final newline) and Python's
    /// `to_json(indent=True)` gives; `JSON.stringify` of the object would write `95.0`
    /// as `95`.
    #[wasm_bindgen(js_name = toJsonText)]
    pub fn to_json_text(&self) -> Result<String, JsValue> {
        serde_json::to_string_pretty(&self.inner)
            .map_err(|e| errors::internal_error(&format!("cannot write the evaluation: {e}")))
    }

    /// The findings as CSV text, byte for byte what `planwatch check DIR --as-of D
    /// --format csv` prints: one row per finding in the core's order, names beside ids
    /// (the columns of `docs/exports.md`); with `owner`, only the findings that
    /// organisation is responsible for.
    #[wasm_bindgen(js_name = findingsCsv)]
    pub fn findings_csv(&self, owner: Option<String>) -> Result<String, JsValue> {
        let table = planwatch::export::Table::findings(&self.inner, owner.as_deref());
        planwatch::export::csv::to_csv(&table).map_err(|e| errors_to_js(&e.into()))
    }

    /// One table of the evaluation as CSV text: `findings`, `rates`, `forecast` or
    /// `indicators` (what `planwatch export ... --output FILE.csv --table NAME` writes);
    /// with `owner`, only that organisation's rows. Another name is an `invalid_value`
    /// error.
    #[wasm_bindgen(js_name = tableCsv)]
    pub fn table_csv(&self, name: &str, owner: Option<String>) -> Result<String, JsValue> {
        let table = planwatch::export::Table::named(&self.inner, name, owner.as_deref())
            .map_err(|e| errors_to_js(&e.into()))?;
        planwatch::export::csv::to_csv(&table).map_err(|e| errors_to_js(&e.into()))
    }

    /// The evaluation's findings, rates, forecast and indicators tables as an `.xlsx`
    /// workbook (its bytes), as `planwatch export ... --output FILE.xlsx` writes it. Only
    /// with the crate's `xlsx` feature.
    #[cfg(feature = "xlsx")]
    #[wasm_bindgen(js_name = evaluationXlsx)]
    pub fn evaluation_xlsx(&self, owner: Option<String>) -> Result<Vec<u8>, JsValue> {
        planwatch::export::xlsx::evaluation_xlsx(&self.inner, owner.as_deref())
            .map_err(|e| errors_to_js(&e.into()))
    }

    /// The same as [`toObject`](Evaluation::to_object), for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "EvaluationData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        self.to_object()
    }
}
