//! An evaluation written as JSON reads back (`Evaluation: Deserialize`): every golden
//! evaluation of tests/fixtures/evaluation reads back to the evaluation that wrote it and
//! writes the same bytes again, and a kept evaluation diffs against a new one as the
//! evaluation it was written from does.

use chrono::NaiveDate;
use planwatch::{Dataset, Evaluation, RuleSet, Value};
use planwatch_tests::workspace_root;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_golden_evaluation_reads_back_to_the_same_bytes() {
    let dir = workspace_root().join("tests/fixtures/evaluation");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("surfaces.json")).unwrap()).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 3);
    for case in cases {
        let path = dir.join(case["golden"].as_str().unwrap());
        let golden = std::fs::read_to_string(&path).unwrap();
        let back: Evaluation =
            serde_json::from_str(&golden).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            serde_json::to_string_pretty(&back).unwrap() + "\n",
            golden,
            "{}",
            path.display()
        );
        let plan_dir = workspace_root().join(case["dir"].as_str().unwrap());
        let ds = Dataset::load_dir(&plan_dir).unwrap();
        let rules = RuleSet::load_dir(&plan_dir).unwrap();
        let ev = ds.evaluate(&rules, day(case["as_of"].as_str().unwrap()));
        assert_eq!(back.summary, ev.summary);
        assert!(back.findings == ev.findings, "{}: findings", path.display());
        assert!(back.rollups == ev.rollups, "{}: rollups", path.display());
        assert!(
            back.indicators == ev.indicators,
            "{}: indicators",
            path.display()
        );
        assert!(
            back.forecast() == ev.forecast(),
            "{}: forecast",
            path.display()
        );
        assert!(
            back.reporting == ev.reporting,
            "{}: reporting",
            path.display()
        );
        assert!(back.meetings == ev.meetings, "{}: meetings", path.display());
        assert_eq!(back, ev, "{}", path.display());
    }
}

#[test]
fn a_kept_evaluation_diffs_as_the_one_it_was_written_from() {
    let ds = Dataset::load_dir(workspace_root().join("examples/nsp-2019-2023")).unwrap();
    let rules = RuleSet::load_dir(workspace_root().join("examples/nsp-2019-2023")).unwrap();
    let march = ds.evaluate(&rules, day("2021-03-31"));
    let june = ds.evaluate(&rules, day("2021-06-30"));
    let kept: Evaluation = serde_json::from_str(&serde_json::to_string(&march).unwrap()).unwrap();
    let want = serde_json::to_string(&march.diff(&june)).unwrap();
    assert_eq!(serde_json::to_string(&kept.diff(&june)).unwrap(), want);
    // The golden diff of the CLI (tests/fixtures/diff) is the same document.
    let golden = std::fs::read_to_string(
        workspace_root().join("tests/fixtures/diff/nsp-2021-03-31-to-2021-06-30.json"),
    )
    .unwrap();
    let golden: serde_json::Value = serde_json::from_str(&golden).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&want).unwrap(),
        golden
    );
}

#[test]
fn read_back_findings_keep_their_fields_and_typed_evidence() {
    let ds = Dataset::load_dir(workspace_root().join("examples/nsp-2019-2023")).unwrap();
    let ev = ds.evaluate(&RuleSet::default(), day("2021-06-30"));
    let back: Evaluation = serde_json::from_str(&serde_json::to_string(&ev).unwrap()).unwrap();
    for (a, b) in ev.findings.views().zip(back.findings.views()) {
        assert_eq!(a.id(), b.id());
        assert_eq!(a.subject_id(), b.subject_id());
        assert_eq!(a.owner(), b.owner());
        assert_eq!(a.strategy(), b.strategy());
        assert_eq!(a.province(), b.province());
        assert_eq!(a.period_id(), b.period_id());
        assert_eq!(a.message(), b.message());
        assert_eq!(a.evidence(), b.evidence());
        // Names are in the plan, which a read-back evaluation does not hold.
        assert_eq!(b.owner_name(), None);
    }
    let late = back
        .findings
        .iter()
        .find(|f| f.rule == "late_report")
        .expect("NSP has late reports as of 2021-06-30");
    assert!(late.evidence["days_late"].as_i64().unwrap() > 0);
    assert!(late.evidence["due"].as_date().unwrap() < day("2021-06-30"));
    assert_eq!(late.evidence["no_such_key"], Value::Null);
}

#[test]
fn what_is_not_an_evaluation_is_refused_by_name() {
    let e = serde_json::from_str::<Evaluation>(r#"{"plan": "p"}"#).unwrap_err();
    assert!(e.to_string().contains("missing field `as_of`"), "{e}");
    let ds = Dataset::load_dir(workspace_root().join("tests/fixtures/valid-mini")).unwrap();
    let ev = ds.evaluate(&RuleSet::default(), day("2020-06-30"));
    let mut doc = serde_json::to_value(&ev).unwrap();
    doc["extra"] = serde_json::json!(1);
    let e = serde_json::from_value::<Evaluation>(doc).unwrap_err();
    assert!(e.to_string().contains("unknown field `extra`"), "{e}");
}
