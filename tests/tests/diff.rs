//! What changed (tests/fixtures/diff/cases.json): the golden diffs, and what a user relies
//! on in them: matched by id, nothing lost, before and after as the two evaluations have
//! them.

use chrono::NaiveDate;
use planwatch::diff::Change;
use planwatch::{Dataset, Evaluation, RuleSet, Severity};
use planwatch_tests::{fixtures, workspace_root};
use std::collections::BTreeSet;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn evaluate(dir: &str, as_of: &str) -> Evaluation {
    let dir = workspace_root().join(dir);
    let ds = Dataset::load_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let rules = RuleSet::load_dir(&dir).unwrap();
    ds.evaluate(&rules, day(as_of))
}

fn cases() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(fixtures().join("diff/cases.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    manifest["cases"].as_array().unwrap().clone()
}

#[test]
fn every_case_gives_its_golden_diff() {
    let cases = cases();
    assert!(cases.len() >= 2);
    for case in cases {
        let s = |k: &str| case[k].as_str().unwrap();
        let old = evaluate(s("old"), s("from"));
        let new = evaluate(s("new"), s("to"));
        let diff = old.diff(&new);
        let text = serde_json::to_string_pretty(&diff).unwrap() + "\n";
        let golden = std::fs::read_to_string(fixtures().join("diff").join(s("golden"))).unwrap();
        assert!(text == golden, "{} differs", s("golden"));
        if let Some(csv) = case["csv"].as_str() {
            let table = planwatch::export::Table::diff(&diff, None);
            let text = planwatch::export::csv::to_csv(&table).unwrap();
            let golden = std::fs::read_to_string(fixtures().join("diff").join(csv)).unwrap();
            assert!(text == golden, "{csv} differs");
        }
    }
}

fn ids(findings: &planwatch::Findings) -> BTreeSet<String> {
    findings.views().map(|f| f.id()).collect()
}

#[test]
fn new_and_resolved_are_what_one_side_has_and_the_other_not() {
    let old = evaluate("examples/nsp-2019-2023", "2021-03-31");
    let new = evaluate("examples/nsp-2019-2023", "2021-06-30");
    let diff = old.diff(&new);
    let (a, b) = (ids(&old.findings), ids(&new.findings));
    assert_eq!(ids(&diff.new), b.difference(&a).cloned().collect());
    assert_eq!(ids(&diff.resolved), a.difference(&b).cloned().collect());
    assert!(!diff.new.is_empty() && !diff.resolved.is_empty() && !diff.changed.is_empty());
    // Changed: exactly the common ids whose severity or evidence differ.
    let by_id = |ev: &Evaluation| -> std::collections::BTreeMap<String, planwatch::Finding> {
        ev.findings.iter().map(|f| (f.id.clone(), f)).collect()
    };
    let (old_by, new_by) = (by_id(&old), by_id(&new));
    let expected: BTreeSet<String> = a
        .intersection(&b)
        .filter(|id| {
            let (x, y) = (&old_by[*id], &new_by[*id]);
            x.severity != y.severity || x.evidence != y.evidence
        })
        .cloned()
        .collect();
    let changed: BTreeSet<String> = diff.changed.iter().map(|c| c.after.id()).collect();
    assert_eq!(changed, expected);
    for c in diff.changed.iter() {
        let (x, y) = (&old_by[&c.before.id()], &new_by[&c.after.id()]);
        assert_eq!(&c.before.to_finding(), x);
        assert_eq!(&c.after.to_finding(), y);
        let want = match y.severity.cmp(&x.severity) {
            std::cmp::Ordering::Greater => Change::Escalated,
            std::cmp::Ordering::Less => Change::DeEscalated,
            std::cmp::Ordering::Equal => Change::EvidenceMoved,
        };
        assert_eq!(c.change, want, "{}", x.id);
    }
    // Each part in its evaluation's documented order.
    let in_order = |f: &planwatch::Findings| {
        let v = f.to_vec();
        v.windows(2)
            .all(|w| planwatch::Finding::order(&w[0], &w[1]).is_le())
    };
    assert!(in_order(&diff.new) && in_order(&diff.resolved) && in_order(diff.changed.after()));
}

#[test]
fn the_counts_add_up_by_rule_owner_and_province() {
    let old = evaluate("examples/nsp-2019-2023", "2021-03-31");
    let new = evaluate("examples/nsp-2019-2023", "2021-06-30");
    let diff = old.diff(&new);
    let t = diff.summary.total;
    assert_eq!(t.new, diff.new.len());
    assert_eq!(t.resolved, diff.resolved.len());
    assert_eq!(t.changed, diff.changed.len());
    assert_eq!(t.changed, t.escalated + t.de_escalated + t.evidence_moved);
    let sum = |m: &std::collections::BTreeMap<String, planwatch::diff::DiffCounts>| {
        m.values().fold((0, 0, 0), |s, c| {
            (s.0 + c.new, s.1 + c.resolved, s.2 + c.changed)
        })
    };
    assert_eq!(sum(&diff.summary.by_rule), (t.new, t.resolved, t.changed));
    let owned = diff.new.views().filter(|f| f.owner().is_some()).count();
    assert_eq!(sum(&diff.summary.by_owner).0, owned);
    let pcct = diff
        .resolved
        .views()
        .filter(|f| f.province() == Some("pcct-kampot"))
        .count();
    assert_eq!(
        diff.summary
            .by_province
            .get("pcct-kampot")
            .map_or(0, |c| c.resolved),
        pcct
    );
    assert!(diff.summary.by_province.len() > 1);
}

#[test]
fn a_diff_with_itself_is_empty_and_reversing_swaps_the_sides() {
    let old = evaluate("examples/nsp-2019-2023", "2021-03-31");
    let new = evaluate("examples/nsp-2019-2023", "2021-06-30");
    let same = new.diff(&new);
    assert!(same.new.is_empty() && same.resolved.is_empty() && same.changed.is_empty());
    let (ahead, back) = (old.diff(&new), new.diff(&old));
    assert_eq!(ids(&back.new), ids(&ahead.resolved));
    assert_eq!(ids(&back.resolved), ids(&ahead.new));
    assert_eq!(
        back.summary.total.escalated,
        ahead.summary.total.de_escalated
    );
    assert_eq!(
        back.summary.total.de_escalated,
        ahead.summary.total.escalated
    );
}

#[test]
fn a_later_snapshot_resolves_what_was_done_and_submitted() {
    let old = evaluate("tests/fixtures/valid-mini", "2020-06-30");
    let new = evaluate("tests/fixtures/diff/valid-mini-later", "2020-06-30");
    let diff = old.diff(&new);
    let resolved = ids(&diff.resolved);
    // 1.1.1 was finished, pcct-a's February and March 2020 reports and pcct-b's January
    // report came in, the second quarter's case count was reported.
    for id in [
        "overdue:1.1.1",
        "missing_report:pcct-a@2019-02",
        "missing_report:pcct-a@2020-03",
        "missing_report:pcct-b@2019-01",
        "indicator_not_reported:cases@2019Q2",
    ] {
        assert!(resolved.contains(id), "{id} not resolved: {resolved:?}");
    }
    // Reporting completeness rose: same finding, other figures.
    let moved = diff
        .changed
        .iter()
        .find(|c| c.after.id() == "low_completeness:pcct-a")
        .expect("low_completeness:pcct-a changed");
    assert_eq!(moved.change, Change::EvidenceMoved);
    assert_ne!(moved.before.evidence(), moved.after.evidence());
    assert!(
        !diff.new.is_empty(),
        "the late report and the partial disaggregation are new"
    );
    assert_eq!(diff.from, diff.to);
}

#[test]
fn escalation_is_reported_with_before_and_after() {
    // One activity, late by 10 days on the first day and by 200 on the second: overdue
    // escalates with the days late.
    let plan = r#"{"id": "p", "title": "t", "start": "2019-01-01", "end": "2020-12-31",
        "organisations": [{"id": "o", "name": "O", "kind": "ministry"}],
        "strategies": [{"id": "1", "title": "s"}],
        "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
        "activities": [{"id": "a", "group": "1.1", "title": "x", "lead": "o",
                        "planned_start": "2019-01-01", "deadline": "2019-06-30"}]}"#;
    let ds = Dataset::from_json(plan, "{}").unwrap();
    let rules = RuleSet::default();
    let early = ds.evaluate(&rules, day("2019-07-10"));
    let late = ds.evaluate(&rules, day("2020-01-16"));
    let diff = early.diff(&late);
    let c = diff
        .changed
        .iter()
        .find(|c| c.after.id() == "overdue:a")
        .expect("overdue:a changed");
    assert!(c.after.severity() > c.before.severity(), "{c:?}");
    assert_eq!(c.change, Change::Escalated);
    assert_eq!(diff.summary.by_owner["o"].escalated, 1);
    assert!(c.after.severity() >= Severity::Error);
}
