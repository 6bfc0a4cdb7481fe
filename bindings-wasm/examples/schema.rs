//! Prints one JSON Schema (draft-07) holding, under `definitions`, every type the
//! WebAssembly API takes or returns, derived from the core's Rust types
//! (`planwatch` with the `schema` feature, through `planwatch::schema`). `build.sh` turns
//! it into TypeScript with `json-schema-to-typescript`.
//!
//! Run: `cargo run -p planwatch-wasm --example schema > schema.json`.
//!
//! Types whose names clash with the classes of the package get a suffix: the plan and
//! monitoring documents are `PlanDocument` and `MonitoringDocument`, the evaluation as a
//! plain object is `EvaluationData` (the agenda and the reminders `AgendaData` and
//! `RemindersData`), a core error is `PlanwatchErrorDetail`. The rule set
//! document (`rules.json`, built-in rule settings and custom rules) is `RuleSetDocument`.
//!
//! The three documents are the schemas shipped in the repository's `schema/` directory:
//! before printing, this checks that their definitions here are exactly those of
//! `planwatch::schema::{plan, monitoring, rules}` (and fails otherwise), so the TypeScript
//! types come from the same schemas.

use planwatch::schema::Document;
use schemars::JsonSchema;
use serde_json::{json, Value};

/// The API's types, as the fields of one root so that they share definitions.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct Api {
    plan: planwatch::model::Plan,
    monitoring: planwatch::model::Monitoring,
    rules: planwatch::rules::RuleSetDocument,
    evaluation: planwatch::Evaluation,
    filter: planwatch::FindingFilter,
    report_matrix: planwatch::eval::ReportMatrix,
    stats: planwatch::PlanStats,
    error: planwatch::Error,
    rule_settings: planwatch::RuleSettings,
    period_type: planwatch::PeriodType,
    agenda: planwatch::agenda::Agenda,
    reminders: planwatch::agenda::Reminders,
}

/// The names given here to the definitions of the three documents.
const RENAMES: [(&str, &str); 6] = [
    ("Plan", "PlanDocument"),
    ("Monitoring", "MonitoringDocument"),
    ("Evaluation", "EvaluationData"),
    ("Error", "PlanwatchErrorDetail"),
    ("Agenda", "AgendaData"),
    ("Reminders", "RemindersData"),
];

/// Renames definition `from` to `to`, with every reference to it.
fn rename(schema: &mut Value, from: &str, to: &str) {
    let text = schema.to_string().replace(
        &format!("\"#/definitions/{from}\""),
        &format!("\"#/definitions/{to}\""),
    );
    if let Ok(mut renamed) = serde_json::from_str::<Value>(&text) {
        if let Some(defs) = renamed["definitions"].as_object_mut() {
            if let Some(mut def) = defs.remove(from) {
                def["title"] = json!(to);
                defs.insert(to.to_string(), def);
            }
        }
        *schema = renamed;
    }
}

/// The differences between a shipped document schema and the API schema's definitions:
/// its root must be the definition `root` (but for the title), each of its definitions
/// the API's of the same name.
fn differences(api: &Value, doc: Document, root: &str) -> Vec<String> {
    let mut shipped = doc.schema();
    for (from, to) in RENAMES {
        rename(&mut shipped, from, to);
    }
    let mut out = Vec::new();
    let defs = shipped["definitions"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    for (name, def) in &defs {
        if api["definitions"].get(name) != Some(def) {
            out.push(format!("{}: definition {name}", doc.name()));
        }
    }
    let mut top = shipped.clone();
    let mut want = api["definitions"][root].clone();
    for key in ["$schema", "$id", "definitions", "title"] {
        if let Some(obj) = top.as_object_mut() {
            obj.remove(key);
        }
        if let Some(obj) = want.as_object_mut() {
            obj.remove(key);
        }
    }
    if top != want {
        out.push(format!("{}: the document itself ({root})", doc.name()));
    }
    out
}

fn main() {
    let mut schema = planwatch::schema::generator()
        .into_root_schema_for::<Api>()
        .to_value();
    for (from, to) in RENAMES {
        rename(&mut schema, from, to);
    }
    // `Error` is a transparent wrapper: its fields are those of its private inner struct.
    if let Some(defs) = schema["definitions"].as_object_mut() {
        defs.remove("PlanwatchErrorDetail");
    }
    rename(&mut schema, "ErrorInner", "PlanwatchErrorDetail");
    planwatch::schema::clean(&mut schema);
    let mut problems = Vec::new();
    for (doc, root) in [
        (Document::Plan, "PlanDocument"),
        (Document::Monitoring, "MonitoringDocument"),
        (Document::Rules, "RuleSetDocument"),
    ] {
        problems.extend(differences(&schema, doc, root));
    }
    if !problems.is_empty() {
        eprintln!(
            "the API schema's documents differ from planwatch::schema's: {}",
            problems.join("; ")
        );
        std::process::exit(1);
    }
    schema["title"] = json!("PlanwatchApi");
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    );
}
