//! Runs every rule table in `tests/fixtures/rules/*.json` (see the README there): each
//! case evaluates a small plan as of a day and must give exactly the expected findings of
//! the table's rule, in order, with the expected severity, period and evidence.

use planwatch::{Dataset, RuleSet};
use planwatch_tests::fixtures;
use serde_json::{Map, Value};

fn run_table(path: &std::path::Path) -> (usize, Vec<String>) {
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rule = table["rule"].as_str().unwrap();
    let mut failures = Vec::new();
    let cases = table["cases"].as_array().unwrap();
    for case in cases {
        let name = format!("{}: {}", rule, case["name"].as_str().unwrap());
        let mut plan = table["plan"].clone();
        if let Some(patch) = case.get("plan_patch").and_then(Value::as_object) {
            for (k, v) in patch {
                plan[k] = v.clone();
            }
        }
        let monitoring = case
            .get("monitoring")
            .cloned()
            .unwrap_or(Value::Object(Map::new()));
        let ds = match Dataset::from_json(&plan.to_string(), &monitoring.to_string()) {
            Ok(ds) => ds,
            Err(e) => {
                failures.push(format!("{name}: invalid input: {e}"));
                continue;
            }
        };
        let rules = match case.get("rules") {
            Some(r) => RuleSet::from_json(&r.to_string()).unwrap(),
            None => RuleSet::default(),
        };
        let as_of = case["as_of"].as_str().unwrap().parse().unwrap();
        let ev = ds.evaluate(&rules, as_of);
        let got: Vec<planwatch::Finding> = ev.findings.iter().filter(|f| f.rule == rule).collect();
        let expect = case["expect"].as_array().unwrap();
        let got_ids: Vec<&str> = got.iter().map(|f| f.id.as_str()).collect();
        let want_ids: Vec<&str> = expect.iter().map(|e| e["id"].as_str().unwrap()).collect();
        if got_ids != want_ids {
            failures.push(format!("{name}: expected {want_ids:?}, got {got_ids:?}"));
            continue;
        }
        for (f, e) in got.iter().zip(expect) {
            let fv = serde_json::to_value(f).unwrap();
            for key in ["severity", "period"] {
                if let Some(want) = e.get(key) {
                    if &fv[key] != want {
                        failures.push(format!("{name}: {} {key} {} != {}", f.id, fv[key], want));
                    }
                }
            }
            if let Some(ev) = e.get("evidence").and_then(Value::as_object) {
                for (k, want) in ev {
                    let have = &fv["evidence"][k];
                    let same = match (have.as_f64(), want.as_f64()) {
                        (Some(a), Some(b)) => a == b,
                        _ => have == want,
                    };
                    if !same {
                        failures.push(format!(
                            "{name}: {} evidence {k} = {have}, expected {want}",
                            f.id
                        ));
                    }
                }
            }
        }
    }
    (cases.len(), failures)
}

#[test]
fn rule_tables() {
    let mut files: Vec<_> = std::fs::read_dir(fixtures().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut total = 0;
    for f in &files {
        let (n, fails) = run_table(f);
        total += n;
        failures.extend(fails);
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
