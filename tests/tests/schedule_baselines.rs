//! Schedule baselines: the forecast's variance, the exports and the rule set's choice, on
//! the NSP data set (which carries the original 2019 plan and a mid-term re-baselining),
//! checked against the baselines' dates read from plan.json independently of the engine.

use planwatch::export::Table;
use planwatch::{Dataset, ErrorKind, RuleSet};
use planwatch_tests::workspace_root;
use serde_json::Value;
use std::collections::BTreeMap;

fn nsp() -> Dataset {
    Dataset::load_dir(workspace_root().join("examples/nsp-2019-2023")).unwrap()
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// The dates of each activity in baseline `id`, straight from plan.json.
fn baseline_dates(id: &str) -> BTreeMap<String, (String, String)> {
    let text =
        std::fs::read_to_string(workspace_root().join("examples/nsp-2019-2023/plan.json")).unwrap();
    let plan: Value = serde_json::from_str(&text).unwrap();
    let baseline = plan["schedule_baselines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == id)
        .unwrap();
    baseline["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["activity"].as_str().unwrap().to_string(),
                (
                    d["planned_start"].as_str().unwrap().to_string(),
                    d["deadline"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

fn check_variance(rules: &RuleSet, id: &str) {
    let ds = nsp();
    let ev = ds.evaluate(rules, day("2021-06-30"));
    let forecast = ev.forecast();
    assert_eq!(forecast.schedule_baseline.as_deref(), Some(id));
    let dates = baseline_dates(id);
    assert_eq!(forecast.activities.len(), dates.len());
    for a in &forecast.activities {
        let (start, finish) = &dates[&a.activity];
        let (start, finish) = (day(start), day(finish));
        assert_eq!(a.baseline_start, Some(start), "{}", a.activity);
        assert_eq!(a.baseline_finish, Some(finish), "{}", a.activity);
        assert_eq!(
            a.start_variance_days,
            Some((a.early_start - start).num_days()),
            "{}",
            a.activity
        );
        assert_eq!(
            a.finish_variance_days,
            Some((a.early_finish - finish).num_days()),
            "{}",
            a.activity
        );
    }
}

#[test]
fn the_forecast_reports_variance_against_the_original_by_default() {
    check_variance(&RuleSet::default(), "original-2019");
}

#[test]
fn the_rule_set_chooses_another_baseline() {
    let rules = RuleSet::from_json(r#"{"schedule_baseline": "mid-term-2021"}"#).unwrap();
    check_variance(&rules, "mid-term-2021");
    // The mid-term baseline holds the plan's own dates: its variance is the slip since.
    let ev = nsp().evaluate(&rules, day("2021-06-30"));
    let plan = nsp();
    for (a, p) in ev.forecast().activities.iter().zip(&plan.plan().activities) {
        assert_eq!(a.baseline_finish, Some(p.deadline));
    }
}

#[test]
fn deadline_moved_lists_every_activity_the_review_moved_past_30_days() {
    let ds = nsp();
    let ev = ds.evaluate(&RuleSet::default(), day("2021-06-30"));
    let original = baseline_dates("original-2019");
    let mut expected: Vec<String> = ds
        .plan()
        .activities
        .iter()
        .filter(|a| {
            let (_, deadline) = &original[&a.id];
            (a.deadline - day(deadline)).num_days() > 30
        })
        .map(|a| format!("deadline_moved:{}", a.id))
        .collect();
    let mut got: Vec<String> = ev
        .findings
        .iter()
        .filter(|f| f.rule == "deadline_moved")
        .map(|f| f.id)
        .collect();
    expected.sort();
    got.sort();
    assert!(!got.is_empty());
    assert_eq!(got, expected);
}

#[test]
fn the_forecast_table_gains_the_variance_columns_only_with_a_baseline() {
    let ev = nsp().evaluate(&RuleSet::default(), day("2021-06-30"));
    let table = Table::forecast(&ev, None);
    assert_eq!(table.columns, Table::FORECAST_WITH_BASELINE);
    let mini = Dataset::load_dir(workspace_root().join("tests/fixtures/valid-mini")).unwrap();
    let ev = mini.evaluate(&RuleSet::default(), day("2020-06-30"));
    assert_eq!(ev.forecast().schedule_baseline, None);
    assert_eq!(Table::forecast(&ev, None).columns, Table::FORECAST);
    let json = serde_json::to_value(ev.forecast()).unwrap();
    assert!(json.get("schedule_baseline").is_none());
    assert!(json["activities"][0].get("finish_variance_days").is_none());
}

#[test]
fn a_baseline_the_plan_lacks_is_refused_by_name() {
    let ds = nsp();
    let rules = RuleSet::from_json(r#"{"schedule_baseline": "final-2023"}"#).unwrap();
    let err = rules.check_against(&ds).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownReference);
    assert_eq!(
        err.message(),
        "unknown schedule baseline `final-2023`: the plan has `original-2019`, `mid-term-2021`"
    );
    // Evaluated all the same (in Rust, without the check): no variance, nothing moved.
    let ev = ds.evaluate(&rules, day("2021-06-30"));
    assert_eq!(ev.forecast().schedule_baseline, None);
    assert_eq!(ev.summary.by_rule["deadline_moved"], 0);
    let empty = RuleSet::from_json(r#"{"schedule_baseline": ""}"#).unwrap_err();
    assert_eq!(empty[0].location().path, "schedule_baseline");
}
