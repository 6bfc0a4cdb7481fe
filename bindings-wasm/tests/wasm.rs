//! wasm-bindgen tests of the binding, run in Node and in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown -p planwatch-wasm` (Node), the same with
//! `WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver` (Chromium).
//! They compare what crosses the boundary with what the core computes in the same module.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use planwatch::{Dataset, RuleSet};
use planwatch_wasm::{Evaluation, FilterArg, MonitoringArg, Plan, RulesArg};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const NSP_PLAN: &str = include_str!("../../examples/nsp-2019-2023/plan.json");
const NSP_MONITORING: &str = include_str!("../../examples/nsp-2019-2023/monitoring.json");
const CYCLE_PLAN: &str = include_str!("../../tests/fixtures/invalid/dependency_cycle/plan.json");
const MANY_PLAN: &str =
    include_str!("../../tests/fixtures/invalid/many_errors_collected/plan.json");
const MANY_MONITORING: &str =
    include_str!("../../tests/fixtures/invalid/many_errors_collected/monitoring.json");

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn json(v: &JsValue) -> serde_json::Value {
    let text: String = js_sys::JSON::stringify(v).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

/// The same value with every number as an f64 rounded to 12 significant digits
/// (JavaScript has one number type; serde_json's parser may differ in the last bit).
fn norm(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(|x| format!("{x:.11e}").parse::<f64>().ok())
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(a) => Value::Array(a.into_iter().map(norm).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, norm(v))).collect()),
        other => other,
    }
}

fn nsp() -> Plan {
    Plan::from_json(NSP_PLAN, Some(NSP_MONITORING.to_string()), None, None).unwrap()
}

fn evaluate(plan: &Plan, day: &str) -> Evaluation {
    plan.evaluate(day, None).unwrap()
}

#[wasm_bindgen_test]
fn nsp_findings_match_the_core() {
    let core = Dataset::from_json(NSP_PLAN, NSP_MONITORING).unwrap();
    let want = core.evaluate(&RuleSet::default(), "2021-06-30".parse().unwrap());
    let ev = evaluate(&nsp(), "2021-06-30");
    assert_eq!(ev.total(), want.findings.len());
    assert_eq!(ev.as_of(), "2021-06-30");
    let findings = norm(json(&ev.findings(None).unwrap()));
    let want_findings = norm(serde_json::to_value(&want.findings).unwrap());
    for (got, want) in findings
        .as_array()
        .unwrap()
        .iter()
        .zip(want_findings.as_array().unwrap())
    {
        assert_eq!(got, want);
    }
    let whole = norm(json(&ev.to_object().unwrap()));
    assert!(whole == norm(serde_json::to_value(&want).unwrap()));
    let summary = ev.summary().unwrap();
    assert_eq!(
        get(&summary, "total").as_f64(),
        Some(want.findings.len() as f64)
    );
    // Maps arrive as plain objects, not Map.
    assert!(!get(&summary, "by_severity").is_instance_of::<js_sys::Map>());
    assert!(get(&get(&summary, "by_rule"), "overdue").as_f64().unwrap() > 0.0);
}

#[wasm_bindgen_test]
fn filter_is_forwarded_to_the_core() {
    let ev = evaluate(&nsp(), "2021-06-30");
    let filter =
        js_sys::JSON::parse(r#"{"provinces": ["pcct-mondulkiri"], "min_severity": "warning"}"#)
            .unwrap();
    let found = json(
        &ev.findings(Some(filter.unchecked_into::<FilterArg>()))
            .unwrap(),
    );
    let found = found.as_array().unwrap();
    assert!(!found.is_empty());
    assert!(found.iter().all(|f| f["province"] == "pcct-mondulkiri"));
    let bad = js_sys::JSON::parse(r#"{"province": ["x"]}"#).unwrap();
    let err = ev
        .findings(Some(bad.unchecked_into::<FilterArg>()))
        .unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "invalid_value");
    // What the evaluation cannot have a finding about is refused by the core's check.
    let typo = js_sys::JSON::parse(r#"{"rules": ["overdu"]}"#).unwrap();
    let err = ev
        .findings(Some(typo.unchecked_into::<FilterArg>()))
        .unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "unknown_rule");
}

#[wasm_bindgen_test]
fn report_matrix_forecast_indicators_and_stats() {
    let plan = nsp();
    let m = plan.report_matrix("monthly", "2021-06-30").unwrap();
    let m = json(&m);
    assert_eq!(m["reporters"].as_array().unwrap().len(), 36);
    assert_eq!(m["periods"].as_array().unwrap().len(), 60);
    assert_eq!(m["cells"][0][59], "pending");
    let err = plan.report_matrix("weekly", "2021-06-30").unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "invalid_value");
    let ev = evaluate(&plan, "2021-06-30");
    let forecast = json(&ev.forecast().unwrap());
    assert_eq!(forecast["activities"].as_array().unwrap().len(), 235);
    assert!(json(&ev.indicators().unwrap()).as_array().is_some());
    assert!(json(&ev.rollups().unwrap())["by_province"].is_object());
    let stats = json(&plan.stats().unwrap());
    assert_eq!(stats["expected_reports"], 3600);
    assert_eq!(plan.id(), "nsp-2019-2023");
}

#[wasm_bindgen_test]
fn as_of_changes_the_findings() {
    let plan = nsp();
    let early = evaluate(&plan, "2020-01-31").total();
    let late = evaluate(&plan, "2022-12-31").total();
    assert_ne!(early, late);
}

#[wasm_bindgen_test]
fn objects_load_like_text() {
    let plan = js_sys::JSON::parse(NSP_PLAN).unwrap();
    let monitoring = js_sys::JSON::parse(NSP_MONITORING).unwrap();
    let from_objects = Plan::from_objects(
        plan,
        Some(monitoring.unchecked_into::<MonitoringArg>()),
        None,
        None,
    )
    .unwrap();
    assert_eq!(
        evaluate(&from_objects, "2021-06-30").total(),
        evaluate(&nsp(), "2021-06-30").total()
    );
}

#[wasm_bindgen_test]
fn rules_as_text_or_object() {
    let plan = nsp();
    let rules = js_sys::JSON::parse(r#"{"rules": {"overdue": {"enabled": false}}}"#).unwrap();
    let ev = plan
        .evaluate("2021-06-30", Some(rules.unchecked_into::<RulesArg>()))
        .unwrap();
    let by_rule = get(&ev.summary().unwrap(), "by_rule");
    assert!(get(&by_rule, "overdue").is_undefined());
    let err = plan
        .evaluate(
            "2021-06-30",
            Some(JsValue::from_str(r#"{"rules": {"overdew": {}}}"#).unchecked_into::<RulesArg>()),
        )
        .err()
        .unwrap();
    assert_eq!(get(&err, "code").as_string().unwrap(), "unknown_rule");
}

#[wasm_bindgen_test]
fn one_error_is_a_js_error_with_code_and_details() {
    let err = Plan::from_json(CYCLE_PLAN, None, None, None).err().unwrap();
    assert!(err.is_instance_of::<js_sys::Error>());
    let e: &js_sys::Error = err.unchecked_ref();
    assert_eq!(String::from(e.name()), "PlanwatchError");
    assert!(
        String::from(e.message()).contains("dependency cycle: 1.1.1 -> 1.1.2 -> 1.1.3 -> 1.1.1")
    );
    assert_eq!(get(&err, "code").as_string().unwrap(), "dependency_cycle");
    let details = json(&get(&err, "details"));
    assert_eq!(details["kind"], "dependency_cycle");
    assert!(details["location"]["path"]
        .as_str()
        .unwrap()
        .starts_with("activities["));
    assert!(details["location"]["line"].as_u64().is_some());
    assert!(details["subject"].is_string());
}

#[wasm_bindgen_test]
fn several_errors_are_invalid_input_with_every_detail() {
    let err = Plan::from_json(MANY_PLAN, Some(MANY_MONITORING.to_string()), None, None)
        .err()
        .unwrap();
    assert_eq!(get(&err, "code").as_string().unwrap(), "invalid_input");
    let details = json(&get(&err, "details"));
    let kinds: Vec<&str> = details
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "duplicate_id",
            "unknown_reference",
            "deadline_before_start",
            "self_dependency",
            "unknown_reference"
        ]
    );
    let listed = Plan::validate(
        JsValue::from_str(MANY_PLAN),
        Some(JsValue::from_str(MANY_MONITORING).unchecked_into::<MonitoringArg>()),
        None,
    )
    .unwrap();
    assert_eq!(json(&listed), details);
    let valid = Plan::validate(
        JsValue::from_str(NSP_PLAN),
        Some(JsValue::from_str(NSP_MONITORING).unchecked_into::<MonitoringArg>()),
        None,
    );
    assert_eq!(json(&valid.unwrap()), serde_json::json!([]));
}

#[wasm_bindgen_test]
fn bad_arguments_are_errors_not_panics() {
    let plan = nsp();
    let err = plan.evaluate("30/06/2021", None).err().unwrap();
    assert_eq!(get(&err, "code").as_string().unwrap(), "invalid_value");
    assert_eq!(json(&get(&err, "details"))["location"]["path"], "asOf");
    let err = Plan::from_json("{not json", None, None, None)
        .err()
        .unwrap();
    assert_eq!(get(&err, "code").as_string().unwrap(), "syntax");
    let err = Plan::from_objects(JsValue::UNDEFINED, None, None, None)
        .err()
        .unwrap();
    assert_eq!(get(&err, "code").as_string().unwrap(), "wrong_type");
}

const NSP_RULES: &str = include_str!("../../examples/nsp-2019-2023/rules.json");

#[wasm_bindgen_test]
fn the_directory_rules_are_the_default_rule_set() {
    // Given with the data, the directory's rules.json is what evaluate applies when given
    // none: the CLI's answer, byte for byte; an explicit rule set still wins.
    let rules = JsValue::from_str(NSP_RULES).unchecked_into::<RulesArg>();
    let plan = Plan::from_json(
        NSP_PLAN,
        Some(NSP_MONITORING.to_string()),
        Some(rules),
        None,
    )
    .unwrap();
    assert!(plan.has_rules());
    assert!(!nsp().has_rules());
    let core = Dataset::from_json(NSP_PLAN, NSP_MONITORING).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    let with_rules = core.evaluate(&RuleSet::from_json(NSP_RULES).unwrap(), day);
    let ev = evaluate(&plan, "2021-06-30");
    assert_eq!(ev.total(), with_rules.findings.len());
    assert_eq!(
        ev.to_json_text().unwrap(),
        serde_json::to_string_pretty(&with_rules).unwrap()
    );
    let defaults = plan
        .evaluate(
            "2021-06-30",
            Some(JsValue::from_str("{}").unchecked_into::<RulesArg>()),
        )
        .unwrap();
    assert_eq!(
        defaults.total(),
        core.evaluate(&RuleSet::default(), day).findings.len()
    );
    assert_ne!(defaults.total(), ev.total());
    // An invalid rule set is refused when the plan is built.
    let bad = JsValue::from_str(r#"{"rules": {"overdew": {}}}"#).unchecked_into::<RulesArg>();
    let err = Plan::from_json(NSP_PLAN, Some(NSP_MONITORING.to_string()), Some(bad), None)
        .err()
        .unwrap();
    assert_eq!(get(&err, "code").as_string().unwrap(), "unknown_rule");
}

/// The CSV files of examples/nsp-2019-2023/tables, by file name.
const NSP_TABLES: [(&str, &str); 19] = {
    macro_rules! tables {
        ($($name:literal),*) => {
            [$(($name, include_str!(concat!("../../examples/nsp-2019-2023/tables/", $name)))),*]
        };
    }
    tables!(
        "plan.csv",
        "organisations.csv",
        "strategies.csv",
        "groups.csv",
        "activities.csv",
        "dependencies.csv",
        "indicators.csv",
        "targets.csv",
        "indicator_disaggregations.csv",
        "indicator_relations.csv",
        "reporting_obligations.csv",
        "meeting_obligations.csv",
        "schedule_baselines.csv",
        "baseline_dates.csv",
        "monitoring.csv",
        "status_updates.csv",
        "submissions.csv",
        "indicator_values.csv",
        "meetings.csv"
    )
};

fn tables_arg(tables: &[(&str, &str)]) -> planwatch_wasm::CsvTablesArg {
    let object = js_sys::Object::new();
    for (name, text) in tables {
        js_sys::Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(text)).unwrap();
    }
    object.unchecked_into()
}

#[wasm_bindgen_test]
fn csv_tables_give_the_json_plan_and_the_core_exports() {
    let plan = Plan::from_csv_tables(tables_arg(&NSP_TABLES), None).unwrap();
    let from_json = nsp();
    let (a, b) = (
        evaluate(&plan, "2021-06-30"),
        evaluate(&from_json, "2021-06-30"),
    );
    assert_eq!(a.to_json_text().unwrap(), b.to_json_text().unwrap());
    let core = Dataset::from_json(NSP_PLAN, NSP_MONITORING).unwrap();
    let day = "2021-06-30".parse().unwrap();
    let ev = core.evaluate(&RuleSet::default(), day);
    let csv = planwatch::export::csv::to_csv(&planwatch::export::Table::findings(&ev, None));
    assert_eq!(a.findings_csv(None).unwrap(), csv.unwrap());
    let ics = planwatch::export::calendar::calendar_ics(&core, day, Some("pcct-kampot"));
    assert_eq!(
        plan.calendar_ics("2021-06-30", Some("pcct-kampot".into()))
            .unwrap(),
        ics.unwrap()
    );
}

#[wasm_bindgen_test]
fn csv_table_errors_name_file_row_and_column() {
    let tables = [
        NSP_TABLES[0],
        ("strategies.csv", "id,title,colour\n1,Prevention,red\n"),
    ];
    let err = Plan::from_csv_tables(tables_arg(&tables), None)
        .err()
        .expect("an unknown column");
    assert_eq!(
        get(&err, "code").as_string().as_deref(),
        Some("unknown_field")
    );
    let location = get(&get(&err, "details"), "location");
    assert_eq!(json(&location)["file"], "strategies.csv");
    assert_eq!(json(&location)["row"], 1);
    assert_eq!(json(&location)["column_name"], "colour");
}
