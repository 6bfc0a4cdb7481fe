//! Table-driven: every directory under `tests/fixtures/invalid` is a small plan with
//! deliberate faults and an `expected.json` listing the errors, in order, by kind, file,
//! JSON path and subject. planwatch must report exactly those, each with a line number.

use planwatch::Dataset;
use planwatch_tests::fixtures;
use serde_json::{json, Value};

#[test]
fn every_invalid_fixture_reports_its_errors() {
    let mut dirs: Vec<_> = std::fs::read_dir(fixtures().join("invalid"))
        .expect("fixtures directory")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "only {} cases", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                .unwrap();
        let errors = match Dataset::load_dir(dir) {
            Ok(_) => {
                failures.push(format!("{name}: loaded without errors"));
                continue;
            }
            Err(errors) => errors,
        };
        let got: Vec<Value> = errors
            .iter()
            .map(|e| {
                let mut v = json!({
                    "kind": e.kind().code(),
                    "file": e.location().file.as_ref().and_then(|f| f.file_name()).map(|f| f.to_string_lossy().to_string()),
                    "path": e.location().path,
                });
                if let Some(s) = e.subject() {
                    v["subject"] = json!(s);
                }
                v
            })
            .collect();
        if Value::Array(got.clone()) != expected["errors"] {
            failures.push(format!(
                "{name}:\n  expected {}\n  got      {}\n  messages: {}",
                expected["errors"],
                Value::Array(got),
                errors
            ));
            continue;
        }
        for e in errors.iter() {
            if e.location().line.is_none() || e.location().column.is_none() {
                failures.push(format!("{name}: no line/column in `{e}`"));
            }
            let m = e.message();
            if m.is_empty() || m.ends_with('.') || m.starts_with(|c: char| c.is_uppercase()) {
                failures.push(format!("{name}: message style `{m}`"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cycle_message_prints_the_whole_cycle() {
    let errors = Dataset::load_dir(fixtures().join("invalid/dependency_cycle")).unwrap_err();
    assert_eq!(
        errors[0].message(),
        "dependency cycle: 1.1.1 -> 1.1.2 -> 1.1.3 -> 1.1.1"
    );
}

#[test]
fn unknown_field_is_named() {
    let errors = Dataset::load_dir(fixtures().join("invalid/unknown_field")).unwrap_err();
    assert!(errors[0].message().contains("`owner`"), "{}", errors[0]);
}

#[test]
fn many_errors_are_all_reported_with_lines() {
    let errors = Dataset::load_dir(fixtures().join("invalid/many_errors_collected")).unwrap_err();
    assert_eq!(errors.len(), 5);
    // activities[0].lead is on the line of "lead": "nobody" in plan.json.
    let text = std::fs::read_to_string(fixtures().join("invalid/many_errors_collected/plan.json"))
        .unwrap();
    let line = text.lines().position(|l| l.contains("\"nobody\"")).unwrap() + 1;
    assert_eq!(errors[1].location().line, Some(line));
}

#[test]
fn missing_directory_is_an_io_error_naming_the_file() {
    let errors = Dataset::load_dir("/nonexistent/planwatch").unwrap_err();
    assert_eq!(errors[0].kind(), planwatch::ErrorKind::Io);
    assert!(errors[0]
        .to_string()
        .contains("/nonexistent/planwatch/plan.json"));
}

#[test]
fn the_valid_base_loads() {
    let ds = Dataset::load_dir(fixtures().join("valid-mini")).unwrap();
    assert_eq!(ds.plan().activities.len(), 3);
}

#[test]
fn errors_serialise_with_code_and_location() {
    let errors = Dataset::load_dir(fixtures().join("invalid/unknown_owner")).unwrap_err();
    let v = serde_json::to_value(&errors).unwrap();
    assert_eq!(v[0]["kind"], "unknown_reference");
    assert_eq!(v[0]["subject"], "1.1.1");
    assert_eq!(v[0]["location"]["path"], "activities[0].lead");
    assert!(v[0]["location"]["line"].as_u64().unwrap() > 1);
}
