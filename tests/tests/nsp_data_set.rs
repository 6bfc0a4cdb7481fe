//! The shipped NSP 2019-2023 data set: its counts match the seed, it evaluates, and
//! evaluation is deterministic.

use chrono::NaiveDate;
use planwatch::{Dataset, RuleSet};
use planwatch_tests::nsp_dir;
use std::collections::BTreeMap;

fn nsp() -> Dataset {
    Dataset::load_dir(nsp_dir()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn counts_match_the_seed() {
    let s = nsp().stats();
    assert_eq!(s.activities, 235);
    assert_eq!(s.strategies, 4);
    // 1.1-1.6, 2.1-2.10, 3.1-3.3, 4.1-4.2
    assert_eq!(s.groups, 6 + 10 + 3 + 2);
    assert_eq!(s.organisations_by_kind["ministry"], 21);
    assert_eq!(s.organisations_by_kind["specialised_unit"], 5);
    assert_eq!(s.organisations_by_kind["working_group"], 6);
    assert_eq!(s.organisations_by_kind["provincial_committee"], 25);
    assert_eq!(s.reporters, 36);
    assert_eq!(s.expected_reports, 36 * (60 + 20 + 10 + 5 + 5));
    assert_eq!(s.expected_reports_by_type["ten_month"], 36 * 5);
}

#[test]
fn activities_per_group_and_strategy_match_the_declared_counts() {
    let ds = nsp();
    let plan = ds.plan();
    let mut per_group: BTreeMap<&str, u32> = BTreeMap::new();
    for a in &plan.activities {
        *per_group.entry(a.group.as_str()).or_default() += 1;
    }
    for g in &plan.groups {
        assert_eq!(
            Some(per_group.get(g.id.as_str()).copied().unwrap_or(0)),
            g.declared_activity_count,
            "group {}",
            g.id
        );
    }
    for s in &plan.strategies {
        let n: u32 = plan
            .groups
            .iter()
            .filter(|g| g.strategy == s.id)
            .map(|g| per_group[g.id.as_str()])
            .sum();
        assert_eq!(Some(n), s.declared_activity_count, "strategy {}", s.id);
    }
}

#[test]
fn working_groups_are_led_by_the_seed_ministries() {
    let ds = nsp();
    let lead: BTreeMap<&str, &str> = ds
        .plan()
        .organisations
        .iter()
        .filter(|o| o.kind == "working_group")
        .map(|o| (o.id.as_str(), o.led_by.as_deref().unwrap_or("")))
        .collect();
    let leads: Vec<&str> = lead.values().copied().collect();
    for ministry in ["moeys", "mosvy", "moj", "mowa", "molvt"] {
        assert!(
            leads.contains(&ministry),
            "{ministry} leads no working group: {lead:?}"
        );
    }
}

#[test]
fn evaluation_as_of_mid_2021_finds_overdue_activities_and_missing_reports() {
    let ds = nsp();
    let as_of = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    let ev = ds.evaluate(&RuleSet::default(), as_of);
    assert!(ev.summary.by_rule["overdue"] > 0);
    assert!(ev.summary.by_rule["missing_report"] > 0);
    // Nothing about the future: every missing report was due before the as-of day.
    for f in ev.findings.iter().filter(|f| f.rule == "missing_report") {
        let due: NaiveDate = f.evidence["due"].as_str().unwrap().parse().unwrap();
        assert!(due < as_of, "{}", f.id);
    }
    let ids: std::collections::HashSet<String> = ev.findings.iter().map(|f| f.id).collect();
    assert_eq!(ids.len(), ev.findings.len(), "finding ids are unique");
}

#[test]
fn evaluation_is_deterministic_and_sorted() {
    let a = serde_json::to_string(&nsp().evaluate(
        &RuleSet::default(),
        NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
    ))
    .unwrap();
    let b = serde_json::to_string(&nsp().evaluate(
        &RuleSet::default(),
        NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
    ))
    .unwrap();
    assert_eq!(a, b);
    let ev = nsp().evaluate(
        &RuleSet::default(),
        NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
    );
    assert!(ev
        .findings
        .to_vec()
        .windows(2)
        .all(|w| planwatch::Finding::order(&w[0], &w[1]).is_le()));
}

#[test]
fn later_as_of_days_never_lose_missing_reports_that_stay_unsubmitted() {
    // A report missing on day d and never submitted is missing on every later day.
    let ds = nsp();
    let d1 = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let d2 = NaiveDate::from_ymd_opt(2023, 12, 31).unwrap();
    let later: std::collections::HashSet<String> = ds
        .evaluate(&RuleSet::default(), d2)
        .findings
        .iter()
        .map(|f| f.id)
        .collect();
    let submitted: std::collections::HashSet<(String, String)> = ds
        .monitoring()
        .submissions
        .iter()
        .map(|s| (s.reporter.clone(), s.period.clone()))
        .collect();
    for f in ds
        .evaluate(&RuleSet::default(), d1)
        .findings
        .iter()
        .filter(|f| f.rule == "missing_report")
    {
        let key = (f.subject.id.clone(), f.period.clone().unwrap());
        if !submitted.contains(&key) {
            assert!(later.contains(&f.id), "{} disappeared", f.id);
        }
    }
}

#[test]
fn rollups_add_up_and_provinces_are_provincial_committees() {
    let ds = nsp();
    let ev = ds.evaluate(
        &RuleSet::default(),
        NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
    );
    let cell_total: usize = ev.rollups.cells.iter().map(|c| c.count).sum();
    assert_eq!(cell_total, ev.findings.len());
    assert!(!ev.rollups.by_province.is_empty());
    let kinds: BTreeMap<&str, &str> = ds
        .plan()
        .organisations
        .iter()
        .map(|o| (o.id.as_str(), o.kind.as_str()))
        .collect();
    for province in ev.rollups.by_province.keys() {
        assert_eq!(kinds[province.as_str()], planwatch::eval::PROVINCE_KIND);
    }
    let by_province: usize = ev.rollups.by_province.values().map(|c| c.total).sum();
    let with_province = ev.findings.iter().filter(|f| f.province.is_some()).count();
    assert_eq!(by_province, with_province);
    // A provincial committee's own missing reports roll up to itself.
    let f = ev
        .findings
        .iter()
        .find(|f| {
            f.owner
                .as_deref()
                .is_some_and(|o| o.starts_with("pcct-") && !o.ends_with("-secretariat"))
        })
        .unwrap();
    assert_eq!(f.province, f.owner);
}

#[test]
fn stored_findings_read_the_same_in_place_and_owned() {
    // The store renders each finding when read: in place (FindingRef), as an owned Finding,
    // and serialised; all three must agree, and ids must follow `rule:subject[@period]`.
    let ds = nsp();
    let rules = planwatch::RuleSet::load_dir("../examples/nsp-2019-2023").unwrap();
    for day in ["2019-06-30", "2021-06-30", "2024-01-31"] {
        let ev = ds.evaluate(&rules, day.parse().unwrap());
        assert_eq!(ev.findings.len(), ev.summary.total);
        for (i, (view, owned)) in ev.findings.views().zip(ev.findings.iter()).enumerate() {
            assert_eq!(
                serde_json::to_value(view).unwrap(),
                serde_json::to_value(&owned).unwrap(),
                "{day} finding {i}"
            );
            assert_eq!(view.id(), owned.id);
            assert_eq!(view.message(), owned.message);
            assert_eq!(view.evidence(), owned.evidence);
            let head = format!("{}:{}", owned.rule, owned.subject.id);
            assert!(owned.id.starts_with(&head), "{}", owned.id);
            if let Some(p) = &owned.period {
                assert!(owned.id.contains(&format!("@{p}")), "{}", owned.id);
            }
            assert_eq!(ev.findings.get(i).as_ref(), Some(&owned));
        }
        let first = ev.findings.first(5);
        assert_eq!(
            first.to_vec(),
            ev.findings.iter().take(5).collect::<Vec<_>>()
        );
    }
}

#[test]
fn evaluation_json_is_the_shared_golden_evaluation() {
    // tests/fixtures/evaluation: the same bytes from the CLI, Rust, Python and JavaScript.
    let ds = nsp();
    let rules = planwatch::RuleSet::load_dir("../examples/nsp-2019-2023").unwrap();
    let ev = ds.evaluate(&rules, NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
    let text = serde_json::to_string_pretty(&ev).unwrap() + "\n";
    let golden = std::fs::read_to_string("fixtures/evaluation/nsp-2021-06-30.json").unwrap();
    assert!(
        text == golden,
        "the evaluation differs from the golden evaluation"
    );
}
