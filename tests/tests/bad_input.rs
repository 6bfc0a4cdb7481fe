//! The bad-input corpus (tests/bad-input, written by make_bad_input.py): every case must
//! give the outcome its manifest entry names — "valid", or the first error by kind, file
//! and JSON path — and never panic. Python (bindings-python/tests/test_bad_input.py) and
//! WebAssembly (bindings-wasm/test/bad_input.test.mjs) run the same manifest.

use planwatch::{Dataset, RuleSet};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bad-input")
}

/// The outcome of one case, in the manifest's form.
fn outcome(dir: &Path, as_of: planwatch::chrono::NaiveDate) -> Value {
    let first = |errors: planwatch::Errors| {
        let e = &errors[0];
        json!({
            "kind": e.kind().code(),
            "file": e.location().file.as_ref().and_then(|f| f.file_name()).map(|f| f.to_string_lossy().to_string()),
            "path": e.location().path,
        })
    };
    let dataset = match Dataset::load_dir(dir) {
        Ok(d) => d,
        Err(errors) => return first(errors),
    };
    let rules_path = dir.join("rules.json");
    let rules = if rules_path.exists() {
        match RuleSet::load(&rules_path) {
            Ok(r) => r,
            Err(errors) => return first(errors),
        }
    } else {
        RuleSet::default()
    };
    let evaluation = dataset.evaluate(&rules, as_of);
    serde_json::to_string(&evaluation).expect("an evaluation serialises");
    json!("valid")
}

#[test]
fn every_bad_input_case_gives_its_manifest_outcome() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join("manifest.json")).expect("manifest"),
    )
    .expect("manifest json");
    let as_of = manifest["as_of"].as_str().unwrap().parse().unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 150, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let dir = corpus().join("cases").join(name);
        for file in case["files"].as_array().unwrap() {
            assert!(dir.join(file.as_str().unwrap()).is_file(), "{name}: {file}");
        }
        let got = outcome(&dir, as_of);
        if got != case["expect"] {
            failures.push(format!("{name}: expected {} got {got}", case["expect"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_corpus_covers_every_input_error_kind() {
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus().join("manifest.json")).expect("manifest"),
    )
    .expect("manifest json");
    let kinds: std::collections::BTreeSet<&str> = manifest["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["expect"]["kind"].as_str())
        .collect();
    for kind in [
        "syntax",
        "unknown_field",
        "missing_field",
        "wrong_type",
        "invalid_value",
        "duplicate_id",
        "unknown_reference",
        "dependency_cycle",
        "self_dependency",
        "deadline_before_start",
        "invalid_period",
        "period_outside_plan",
        "unknown_rule",
        "invalid_rule_parameter",
        "expression",
        "expression_limit",
        "limit_exceeded",
    ] {
        assert!(kinds.contains(kind), "no case of kind {kind}");
    }
}
