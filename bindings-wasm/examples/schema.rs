//! Prints one JSON Schema (draft-07) holding, under `definitions`, every type the
//! WebAssembly API takes or returns, derived from the core's Rust types
//! (`planwatch` with the `schema` feature). `build.sh` turns it into TypeScript with
//! `json-schema-to-typescript`.
//!
//! Run: `cargo run -p planwatch-wasm --example schema > schema.json`.
//!
//! Types whose names clash with the classes of the package get a suffix: the plan and
//! monitoring documents are `PlanDocument` and `MonitoringDocument`, the evaluation as a
//! plain object is `EvaluationData`, a core error is `PlanwatchErrorDetail`. The rule set
//! document (`rules.json`) is `RuleSetDocument`: `{rules: {<rule id>: RuleSettings with
//! every field optional}}`, as the core reads it.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Value};

/// The API's types, as the fields of one root so that they share definitions.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct Api {
    plan: planwatch::model::Plan,
    monitoring: planwatch::model::Monitoring,
    evaluation: planwatch::Evaluation,
    filter: planwatch::FindingFilter,
    report_matrix: planwatch::eval::ReportMatrix,
    stats: planwatch::PlanStats,
    error: planwatch::Error,
    rule_settings: planwatch::RuleSettings,
    period_type: planwatch::PeriodType,
}

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

/// Removes the Rust doc examples (fenced code blocks) from every description.
fn strip_code_blocks(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "description" {
                    if let Value::String(text) = v {
                        let mut kept = Vec::new();
                        let mut in_code = false;
                        for line in text.lines() {
                            if line.trim_start().starts_with("```") {
                                in_code = !in_code;
                            } else if !in_code {
                                kept.push(line);
                            }
                        }
                        *text = kept.join("\n").trim().to_string();
                    }
                } else {
                    strip_code_blocks(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_code_blocks),
        _ => {}
    }
}

fn main() {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<Api>().to_value();
    for (from, to) in [
        ("Plan", "PlanDocument"),
        ("Monitoring", "MonitoringDocument"),
        ("Evaluation", "EvaluationData"),
        ("Error", "PlanwatchErrorDetail"),
    ] {
        rename(&mut schema, from, to);
    }
    // `Error` is a transparent wrapper: its fields are those of its private inner struct.
    if let Some(defs) = schema["definitions"].as_object_mut() {
        defs.remove("PlanwatchErrorDetail");
    }
    rename(&mut schema, "ErrorInner", "PlanwatchErrorDetail");
    strip_code_blocks(&mut schema);
    // The rule set document, as the core reads it: every setting optional.
    let mut partial = schema["definitions"]["RuleSettings"].clone();
    if let Some(obj) = partial.as_object_mut() {
        obj.remove("required");
        obj.insert("title".into(), json!("PartialRuleSettings"));
        obj.insert(
            "description".into(),
            json!(
                "The settings of one rule in a rule set document; absent ones keep their defaults."
            ),
        );
    }
    if let Some(defs) = schema["definitions"].as_object_mut() {
        defs.insert("PartialRuleSettings".into(), partial);
        defs.insert(
            "RuleSetDocument".into(),
            json!({
                "title": "RuleSetDocument",
                "description": "A rule set document (`rules.json`): the settings of the rules it names.",
                "type": "object",
                "properties": {
                    "rules": {
                        "type": "object",
                        "additionalProperties": {"$ref": "#/definitions/PartialRuleSettings"}
                    }
                },
                "additionalProperties": false
            }),
        );
    }
    schema["title"] = json!("PlanwatchApi");
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).unwrap_or_default()
    );
}
