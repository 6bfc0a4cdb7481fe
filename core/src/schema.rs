//! JSON Schemas of the three files of a plan directory (`plan.json`, `monitoring.json`,
//! `rules.json`), generated from the Rust types the loader reads them into (with the
//! `schema` feature).
//!
//! The schemas say what the loader accepts as far as a schema can: types, required and
//! unknown fields (every object denies fields it does not know), dates as strings of
//! format `date`, the names of enumerations. What only validation can tell (unknown ids,
//! dependency cycles, dates outside the plan, rule parameters, custom rule expressions) is
//! left to [`crate::Dataset`] and [`crate::RuleSet`].
//!
//! The same schemas are shipped in the repository's `schema/` directory, printed by
//! `planwatch schema plan|monitoring|rules`, and turned into the TypeScript types of the
//! WebAssembly package.
//!
//! ```
//! let plan = planwatch::schema::plan();
//! assert_eq!(plan["title"], "Plan");
//! assert_eq!(plan["additionalProperties"], false);
//! let rules = planwatch::schema::Document::Rules.schema();
//! assert!(rules["properties"]["custom"].is_object());
//! ```

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Value};

/// The draft every schema is written in: draft-07, which the TypeScript generator and
/// most validators read.
pub const DRAFT: &str = "http://json-schema.org/draft-07/schema#";

/// One of the files of a plan directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Document {
    /// `plan.json`: the plan.
    Plan,
    /// `monitoring.json`: the monitoring data.
    Monitoring,
    /// `rules.json`: the rule set (built-in rule settings and custom rules).
    Rules,
}

impl Document {
    /// Every document, in the order of a plan directory's files.
    pub const ALL: [Document; 3] = [Document::Plan, Document::Monitoring, Document::Rules];

    /// The document's short name: `plan`, `monitoring` or `rules`.
    pub fn name(self) -> &'static str {
        match self {
            Document::Plan => "plan",
            Document::Monitoring => "monitoring",
            Document::Rules => "rules",
        }
    }

    /// The document named `name` (`plan`, `monitoring` or `rules`).
    pub fn from_name(name: &str) -> Option<Document> {
        Document::ALL.into_iter().find(|d| d.name() == name)
    }

    /// The file the document is read from in a plan directory (`plan.json`, ...).
    pub fn file_name(self) -> &'static str {
        match self {
            Document::Plan => crate::load::PLAN_FILE,
            Document::Monitoring => crate::load::MONITORING_FILE,
            Document::Rules => crate::load::RULES_FILE,
        }
    }

    /// The name of the shipped schema file: `plan.schema.json`, ...
    pub fn schema_file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The document's JSON Schema.
    pub fn schema(self) -> Value {
        match self {
            Document::Plan => plan(),
            Document::Monitoring => monitoring(),
            Document::Rules => rules(),
        }
    }

    /// The document's JSON Schema as the shipped file holds it: pretty JSON (two-space
    /// indent, keys in the generator's order) ending with a newline.
    pub fn schema_text(self) -> String {
        to_text(&self.schema())
    }
}

/// A schema generator with the settings every planwatch schema uses (draft-07, shared
/// definitions under `definitions`). The WebAssembly package generates the TypeScript
/// types of its API with it.
pub fn generator() -> SchemaGenerator {
    SchemaSettings::draft07().into_generator()
}

/// The JSON Schema of `plan.json`.
pub fn plan() -> Value {
    document::<crate::model::Plan>(Document::Plan)
}

/// The JSON Schema of `monitoring.json`.
pub fn monitoring() -> Value {
    document::<crate::model::Monitoring>(Document::Monitoring)
}

/// The JSON Schema of `rules.json`: `rules` (settings of built-in rules, each field
/// optional) and `custom` (custom rules).
pub fn rules() -> Value {
    document::<crate::rules::RuleSetDocument>(Document::Rules)
}

/// The name of the shipped schema file of the DHIS2 mapping (`dhis2-mapping.schema.json`).
#[cfg(feature = "dhis2")]
pub const DHIS2_MAPPING_FILE: &str = "dhis2-mapping.schema.json";

/// The JSON Schema of a DHIS2 mapping file ([`crate::dhis2::Mapping`], the `--mapping` of
/// `planwatch import-dhis2`; features `schema` and `dhis2`).
///
/// ```
/// let schema = planwatch::schema::dhis2_mapping();
/// assert_eq!(schema["title"], "Mapping");
/// assert!(schema["properties"]["org_units"].is_object());
/// ```
#[cfg(feature = "dhis2")]
pub fn dhis2_mapping() -> Value {
    schema_for::<crate::dhis2::Mapping>(DHIS2_MAPPING_FILE)
}

/// Pretty JSON text with a final newline, as the shipped schema files are written.
pub fn to_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

fn document<T: JsonSchema>(which: Document) -> Value {
    schema_for::<T>(&which.schema_file_name())
}

fn schema_for<T: JsonSchema>(file_name: &str) -> Value {
    let mut schema = generator().into_root_schema_for::<T>().to_value();
    clean(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("$schema".into(), json!(DRAFT));
        obj.insert(
            "$id".into(),
            json!(format!(
                "https://example.invalid/planwatch/schema/{file_name}"
            )),
        );
    }
    schema
}

/// Removes the Rust doc examples (fenced code blocks) and the trailing blank lines from
/// every description: they are about the Rust API, not the file.
pub fn clean(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    ("description", Value::String(text)) => {
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
                    (_, v) => clean(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(clean),
        _ => {}
    }
}
