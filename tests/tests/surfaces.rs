//! One answer on every surface (tests/fixtures/evaluation/surfaces.json): each plan
//! directory, loaded with `Dataset::load_dir` and `RuleSet::load_dir` (its rules.json when
//! it has one), gives the golden evaluation JSON byte for byte.

use chrono::NaiveDate;
use planwatch::{Dataset, RuleSet};
use planwatch_tests::workspace_root;

fn cases() -> Vec<serde_json::Value> {
    let path = workspace_root().join("tests/fixtures/evaluation/surfaces.json");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    manifest["cases"].as_array().unwrap().clone()
}

#[test]
fn every_directory_gives_its_golden_evaluation() {
    let cases = cases();
    assert!(cases.len() >= 3);
    for case in cases {
        let dir = workspace_root().join(case["dir"].as_str().unwrap());
        let as_of: NaiveDate = case["as_of"].as_str().unwrap().parse().unwrap();
        let ds = Dataset::load_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let rules = RuleSet::load_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        assert_eq!(
            dir.join("rules.json").exists(),
            case["rules"].as_bool().unwrap(),
            "{}",
            dir.display()
        );
        assert_eq!(
            rules != RuleSet::default(),
            case["rules"].as_bool().unwrap()
        );
        let ev = ds.evaluate(&rules, as_of);
        assert_eq!(ev.findings.len() as u64, case["findings"].as_u64().unwrap());
        let text = serde_json::to_string_pretty(&ev).unwrap() + "\n";
        let golden_path = workspace_root()
            .join("tests/fixtures/evaluation")
            .join(case["golden"].as_str().unwrap());
        let golden = std::fs::read_to_string(&golden_path).unwrap();
        assert!(
            text == golden,
            "{} as of {as_of} differs from {}",
            dir.display(),
            golden_path.display()
        );
    }
}

#[test]
fn every_example_directory_is_listed() {
    let listed: Vec<String> = cases()
        .iter()
        .map(|c| c["dir"].as_str().unwrap().to_string())
        .collect();
    let examples = workspace_root().join("examples");
    for entry in std::fs::read_dir(&examples).unwrap() {
        let path = entry.unwrap().path();
        if path.join("plan.json").exists() {
            let name = format!("examples/{}", path.file_name().unwrap().to_string_lossy());
            assert!(listed.contains(&name), "{name} is not in surfaces.json");
        }
    }
}

#[test]
fn an_invalid_rules_json_is_named() {
    let dir = std::env::temp_dir().join(format!("planwatch-surfaces-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("rules.json"), r#"{"rules": {"overdew": {}}}"#).unwrap();
    let err = RuleSet::load_dir(&dir).unwrap_err();
    assert_eq!(err[0].kind(), planwatch::ErrorKind::UnknownRule);
    let file = err[0].location().file.clone().unwrap();
    assert!(file.ends_with("rules.json"), "{}", file.display());
    std::fs::remove_dir_all(&dir).ok();
}
