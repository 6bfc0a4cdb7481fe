//! The JSON Schemas shipped in `schema/` are what the engine generates from its types
//! (`planwatch::schema`), so that they cannot drift from what the loader reads.
//!
//! After a deliberate change of the plan, monitoring or rule set types, regenerate them:
//!     PLANWATCH_UPDATE_SCHEMAS=1 cargo test -p planwatch-tests --test schemas
//! (or `planwatch schema plan > schema/plan.schema.json`, and so on).

use planwatch::schema::Document;
use planwatch_tests::workspace_root;

#[test]
fn shipped_schemas_are_the_generated_ones() {
    let dir = workspace_root().join("schema");
    let update = std::env::var_os("PLANWATCH_UPDATE_SCHEMAS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for doc in Document::ALL {
        let path = dir.join(doc.schema_file_name());
        let generated = doc.schema_text();
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &generated).unwrap();
            continue;
        }
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        if shipped != generated {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "the shipped schemas differ from the generated ones: {}\n\
         regenerate them with: PLANWATCH_UPDATE_SCHEMAS=1 cargo test -p planwatch-tests --test schemas",
        stale.join(", ")
    );
}

/// The DHIS2 mapping's schema (schema/dhis2-mapping.schema.json) likewise, and the
/// example mapping reads as its type.
#[test]
fn the_dhis2_mapping_schema_is_the_generated_one() {
    let path = workspace_root()
        .join("schema")
        .join(planwatch::schema::DHIS2_MAPPING_FILE);
    let generated = planwatch::schema::to_text(&planwatch::schema::dhis2_mapping());
    if std::env::var_os("PLANWATCH_UPDATE_SCHEMAS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
    }
    let shipped = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        shipped == generated,
        "{} differs from the generated schema; regenerate it with: PLANWATCH_UPDATE_SCHEMAS=1 cargo test -p planwatch-tests --test schemas",
        path.display()
    );
    let schema = planwatch::schema::dhis2_mapping();
    assert_eq!(schema["additionalProperties"], false);
    let example = workspace_root().join("examples/dhis2/mapping.json");
    assert!(planwatch::dhis2::Mapping::load(example).is_ok());
}

#[test]
fn schema_names_and_files() {
    for doc in Document::ALL {
        assert_eq!(Document::from_name(doc.name()), Some(doc));
        assert_eq!(doc.file_name(), format!("{}.json", doc.name()));
        let schema = doc.schema();
        assert_eq!(schema["$schema"], planwatch::schema::DRAFT);
        assert_eq!(schema["additionalProperties"], false, "{}", doc.name());
    }
    assert_eq!(Document::from_name("nope"), None);
    let rules = planwatch::schema::rules();
    assert!(rules["properties"]["rules"].is_object());
    assert!(rules["properties"]["custom"].is_object());
}

#[test]
fn shipped_documents_read_as_their_rust_types() {
    // The rule set document type reads every shipped rules.json as RuleSet does.
    let text = std::fs::read_to_string(planwatch_tests::nsp_dir().join("rules.json")).unwrap();
    let doc: planwatch::rules::RuleSetDocument = serde_json::from_str(&text).unwrap();
    assert!(!doc.custom.is_empty());
    assert!(planwatch::RuleSet::from_json(&text).is_ok());
}
