//! The schedule forecast through the public API: a hand-computed scenario on the textbook
//! network, the textbook forward pass, the NSP data set, a long chain, and invariants
//! over random plans (proptest).
//!
//! Dates are inclusive: planned duration = deadline - planned start + 1; FS lag 0 lets the
//! successor start the day after its predecessor finishes (see `planwatch::Forecast`).

use chrono::NaiveDate;
use planwatch::model::{ActivityStatus, LinkType};
use planwatch::{Dataset, Forecast, RuleSet};
use proptest::prelude::*;
use serde_json::{json, Value};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn plan(activities: Vec<Value>) -> String {
    json!({
        "id": "cp", "title": "critical path", "start": "2019-01-01", "end": "2023-12-31",
        "strategies": [{"id": "1", "title": "s"}],
        "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
        "activities": activities,
    })
    .to_string()
}

fn activity(id: &str, start: &str, deadline: &str, deps: &[&str]) -> Value {
    let deps: Vec<Value> = deps
        .iter()
        .map(|d| json!({"activity": d, "type": "FS", "lag_days": 0}))
        .collect();
    json!({"id": id, "group": "1.1", "title": id, "planned_start": start,
           "deadline": deadline, "depends_on": deps})
}

fn row<'a>(f: &'a Forecast, id: &str) -> &'a planwatch::ActivityForecast {
    f.activities.iter().find(|a| a.activity == id).unwrap()
}

/// The textbook network A(3) -> B(4) -> D(5) -> F(2), A -> C(2) -> E(3) -> F, with
/// every activity planned on its textbook early window (day 1 = 2021-03-01):
///
/// ```text
/// A 03-01..03-03  B 03-04..03-07  C 03-04..03-05  D 03-08..03-12  E 03-06..03-08
/// F 03-13..03-14
/// ```
fn textbook_plan() -> String {
    plan(vec![
        activity("A", "2021-03-01", "2021-03-03", &[]),
        activity("B", "2021-03-04", "2021-03-07", &["A"]),
        activity("C", "2021-03-04", "2021-03-05", &["A"]),
        activity("D", "2021-03-08", "2021-03-12", &["B"]),
        activity("E", "2021-03-06", "2021-03-08", &["C"]),
        activity("F", "2021-03-13", "2021-03-14", &["D", "E"]),
    ])
}

/// As of 2021-03-06: A done on time (03-01..03-03); C done a day early (03-04..03-04);
/// B started 03-04 and 25% done; D, E, F not started.
///
/// Forward (early dates):
/// - A: actual 03-01..03-03. C: actual 03-04..03-04.
/// - B: remaining ceil(4 x 0.75) = 3 days from 03-06: 03-04..03-08 (deadline 03-07).
/// - E: max(planned 03-06, as-of 03-06, C finish + 1 = 03-05) = 03-06, 3 days: ..03-08;
///   C does not push it, so no driving predecessor.
/// - D: max(planned 03-08, B finish + 1 = 03-09) = 03-09 (driven by B), 5 days: ..03-13.
/// - F: max(planned 03-13, D + 1 = 03-14, E + 1 = 03-09) = 03-14 (driven by D): ..03-15.
///
/// Backward (late finish = min(own deadline, successors' late start - 1)):
/// - F: LF 03-14, LS 03-13 (2 days). Slack 03-14 - 03-15 = -1.
/// - D: LF min(03-12, 03-12) = 03-12, LS 03-08. Slack -1.
/// - E: LF min(03-08, 03-12) = 03-08, LS 03-06. Slack 0.
/// - B: LF min(03-07, LS(D) - 1 = 03-07) = 03-07; forecast span 03-04..03-08 is 5 days,
///   so LS 03-03. Slack -1.
/// - C: LF min(03-05, LS(E) - 1 = 03-05) = 03-05, 1 day: LS 03-05. Slack +1 (done early).
/// - A: LF min(03-03, LS(B) - 1 = 03-02, LS(C) - 1 = 03-04) = 03-02, LS 03-01 - 1 =
///   02-28 (3 days). Slack 03-02 - 03-03 = -1 (done, so never critical).
///
/// Critical path: the open activity with the least slack (-1: B, D, F) and the latest
/// finish is F; back through driving predecessors D and B (open, slack <= 0): B, D, F.
#[test]
fn hand_computed_scenario_on_the_textbook_network() {
    let monitoring = json!({"status_updates": [
        {"activity": "A", "date": "2021-03-03", "status": "done", "progress": 100,
         "actual_start": "2021-03-01", "actual_finish": "2021-03-03"},
        {"activity": "C", "date": "2021-03-04", "status": "done", "progress": 100,
         "actual_start": "2021-03-04", "actual_finish": "2021-03-04"},
        {"activity": "B", "date": "2021-03-06", "status": "in_progress", "progress": 25,
         "actual_start": "2021-03-04"},
    ]});
    let ds = Dataset::from_json(&textbook_plan(), &monitoring.to_string()).unwrap();
    let f = ds.forecast(day("2021-03-06"));
    let expect = [
        // id, ES, EF, LS, LF, slack, driver, critical
        ("A", "03-01", "03-03", "02-28", "03-02", -1, None, false),
        ("B", "03-04", "03-08", "03-03", "03-07", -1, None, true),
        ("C", "03-04", "03-04", "03-05", "03-05", 1, None, false),
        ("D", "03-09", "03-13", "03-08", "03-12", -1, Some("B"), true),
        ("E", "03-06", "03-08", "03-06", "03-08", 0, None, false),
        ("F", "03-14", "03-15", "03-13", "03-14", -1, Some("D"), true),
    ];
    for (id, es, ef, ls, lf, slack, driver, critical) in expect {
        let r = row(&f, id);
        let d = |md: &str| day(&format!("2021-{md}"));
        assert_eq!(
            (r.early_start, r.early_finish, r.late_start, r.late_finish),
            (d(es), d(ef), d(ls), d(lf)),
            "{id}"
        );
        assert_eq!(r.slack_days, slack, "{id}");
        assert_eq!(r.driving_predecessor.as_deref(), driver, "{id}");
        assert_eq!(r.critical, critical, "{id}");
    }
    assert_eq!(f.critical_path, ["B", "D", "F"]);

    // The evaluation carries the same forecast, and forecast_slip reports B, D and F.
    let ev = ds.evaluate(&RuleSet::default(), day("2021-03-06"));
    assert_eq!(ev.forecast(), &f);
    let slips: Vec<String> = ev
        .findings
        .iter()
        .filter(|x| x.rule == "forecast_slip")
        .map(|x| x.subject.id)
        .collect();
    assert_eq!(slips, ["B", "D", "F"]);
}

/// With every activity planned to start on the project's first day (durations A3 B4 C2
/// D5 E3 F2) and nothing started, the forward pass is the textbook one: ES/EF (day 1 =
/// 2021-03-01) A 1-3, B 4-7, C 4-5, D 8-12, E 6-8, F 13-14. The late dates are not the
/// textbook's here: each activity's own (early) deadline binds them.
#[test]
fn textbook_forward_pass() {
    let ds = Dataset::from_json(
        &plan(vec![
            activity("A", "2021-03-01", "2021-03-03", &[]),
            activity("B", "2021-03-01", "2021-03-04", &["A"]),
            activity("C", "2021-03-01", "2021-03-02", &["A"]),
            activity("D", "2021-03-01", "2021-03-05", &["B"]),
            activity("E", "2021-03-01", "2021-03-03", &["C"]),
            activity("F", "2021-03-01", "2021-03-02", &["D", "E"]),
        ]),
        "{}",
    )
    .unwrap();
    let f = ds.forecast(day("2021-03-01"));
    let got: Vec<(u32, u32)> = f
        .activities
        .iter()
        .map(|a| {
            use chrono::Datelike;
            (a.early_start.day(), a.early_finish.day())
        })
        .collect();
    assert_eq!(got, [(1, 3), (4, 7), (4, 5), (8, 12), (6, 8), (13, 14)]);
    assert_eq!(f.critical_path, ["A", "B", "D", "F"]);
}

#[test]
fn nsp_forecast_matches_forecast_slip() {
    let ds = Dataset::load_dir(planwatch_tests::nsp_dir()).unwrap();
    let as_of = day("2021-06-30");
    let ev = ds.evaluate(&RuleSet::default(), as_of);
    assert_eq!(ev.forecast().activities.len(), 235);
    assert!(!ev.forecast().critical_path.is_empty());
    let slipping = ev
        .forecast()
        .activities
        .iter()
        .filter(|a| {
            matches!(
                a.status,
                ActivityStatus::NotStarted | ActivityStatus::InProgress
            ) && a.early_finish > a.deadline
        })
        .count();
    assert_eq!(ev.summary.by_rule["forecast_slip"], slipping);
    assert!(slipping > 0);
    for rule in [
        "late_start",
        "dependency_violation",
        "blocked",
        "stale_update",
    ] {
        assert!(ev.summary.by_rule[rule] > 0, "{rule}");
    }
}

/// A chain of 100,000 one-day activities linked SS, all planned on 2019-01-01 except the
/// first, planned on 2019-01-05: the first drives the whole chain 4 days late. No
/// recursion to overflow; the critical path is the whole chain (ties in slack and finish
/// go to the longest driving chain).
#[test]
fn long_chain() {
    let n = 100_000;
    let acts: Vec<Value> = (0..n)
        .map(|i| {
            let d = if i == 0 { "2019-01-05" } else { "2019-01-01" };
            let mut a = json!({"id": format!("a{i}"), "group": "1.1", "title": "x",
                "planned_start": d, "deadline": d});
            if i > 0 {
                a["depends_on"] = json!([{"activity": format!("a{}", i - 1), "type": "SS"}]);
            }
            a
        })
        .collect();
    let ds = Dataset::from_json(&plan(acts), "{}").unwrap();
    let f = ds.forecast(day("2019-01-01"));
    assert_eq!(f.activities.len(), n);
    // a1 must start (SS) by its deadline 01-01, so a0 must too: a0's slack is -4 as well.
    assert_eq!(f.activities[0].slack_days, -4);
    assert_eq!(f.activities[n - 1].slack_days, -4);
    assert_eq!(f.activities[n - 1].early_finish, day("2019-01-05"));
    assert_eq!(f.critical_path.len(), n);
    assert_eq!(f.driving_chain(n - 1).count(), n - 1);
    assert_eq!(
        f.chain_root(n - 1).map(|(r, k)| (r.activity.as_str(), k)),
        Some(("a0", n - 1))
    );
}

#[derive(Debug, Clone)]
struct Gen {
    start: u32,
    dur: u32,
    deps: Vec<(u32, u8, i32)>,
    status: u8,
    progress: u8,
    update_back: u32,
    start_back: u32,
    finish_back: u32,
}

fn gen_activity() -> impl Strategy<Value = Gen> {
    (
        0u32..700,
        1u32..120,
        proptest::collection::vec((0u32..1000, 0u8..4, -20i32..40), 0..4),
        0u8..4,
        0u8..=100,
        (0u32..60, 0u32..200, 0u32..100),
    )
        .prop_map(
            |(start, dur, deps, status, progress, (update_back, start_back, finish_back))| Gen {
                start,
                dur,
                deps,
                status,
                progress,
                update_back,
                start_back,
                finish_back,
            },
        )
}

fn build(gens: &[Gen], as_of: NaiveDate) -> Dataset {
    let base = day("2020-01-01");
    let add = |d: NaiveDate, n: u32| d + chrono::Days::new(u64::from(n));
    let sub = |d: NaiveDate, n: u32| d - chrono::Days::new(u64::from(n));
    let types = ["FS", "SS", "FF", "SF"];
    let mut acts = Vec::new();
    let mut updates = Vec::new();
    for (i, g) in gens.iter().enumerate() {
        let s = add(base, g.start);
        let mut preds = std::collections::BTreeSet::new();
        let deps: Vec<Value> = g
            .deps
            .iter()
            .filter(|_| i > 0)
            .filter(|(p, _, _)| preds.insert(*p as usize % i.max(1)))
            .map(|(p, t, lag)| {
                json!({"activity": format!("a{}", *p as usize % i.max(1)),
                       "type": types[*t as usize], "lag_days": lag})
            })
            .collect();
        acts.push(json!({"id": format!("a{i}"), "group": "1.1", "title": "x",
            "planned_start": s, "deadline": add(s, g.dur - 1), "depends_on": deps}));
        let date = sub(as_of, g.update_back);
        let id = format!("a{i}");
        match g.status {
            1 => updates.push(
                json!({"activity": id, "date": date, "status": "in_progress",
                "progress": g.progress, "actual_start": sub(date, g.start_back)}),
            ),
            2 => updates.push(json!({"activity": id, "date": date, "status": "done",
                "actual_start": sub(date, g.start_back + g.finish_back),
                "actual_finish": sub(date, g.finish_back)})),
            3 => updates.push(json!({"activity": id, "date": date, "status": "cancelled"})),
            _ => {}
        }
    }
    Dataset::from_json(&plan(acts), &json!({"status_updates": updates}).to_string()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn forecast_invariants(gens in proptest::collection::vec(gen_activity(), 1..25),
                           as_of in 0u32..1000) {
        let as_of = day("2020-01-01") + chrono::Days::new(u64::from(as_of));
        let ds = build(&gens, as_of);
        let f = ds.forecast(as_of);
        prop_assert_eq!(&f, &ds.forecast(as_of));
        let plan = ds.plan();
        prop_assert_eq!(f.activities.len(), plan.activities.len());
        let pos = |id: &str| plan.activities.iter().position(|a| a.id == id).unwrap();
        for (i, (a, r)) in plan.activities.iter().zip(&f.activities).enumerate() {
            prop_assert!(r.early_finish >= r.early_start, "{}", a.id);
            prop_assert_eq!(r.slack_days, (r.late_finish - r.early_finish).num_days());
            prop_assert_eq!(
                (r.late_finish - r.late_start).num_days(),
                (r.early_finish - r.early_start).num_days()
            );
            if r.status == ActivityStatus::Cancelled {
                continue;
            }
            prop_assert!(r.late_finish <= a.deadline, "{}", a.id);
            if r.status == ActivityStatus::NotStarted {
                prop_assert!(r.early_start >= a.planned_start.max(as_of));
                prop_assert_eq!(
                    (r.early_finish - r.early_start).num_days(),
                    (a.deadline - a.planned_start).num_days()
                );
            }
            if r.status == ActivityStatus::InProgress {
                prop_assert!(r.early_finish >= as_of);
            }
            if let Some(d) = &r.driving_predecessor {
                prop_assert!(a.depends_on.iter().any(|x| &x.activity == d));
                prop_assert_eq!(f.driving_chain(i).next().map(|x| x.activity.as_str()), Some(d.as_str()));
            }
            for dep in &a.depends_on {
                let p = &f.activities[pos(&dep.activity)];
                if p.status == ActivityStatus::Cancelled {
                    continue;
                }
                let lag = i64::from(dep.lag_days);
                let days = |x: NaiveDate, y: NaiveDate| (x - y).num_days();
                // Late dates always satisfy the links.
                let late_gap = match dep.link_type {
                    LinkType::FS => days(r.late_start, p.late_finish) - 1 - lag,
                    LinkType::SS => days(r.late_start, p.late_start) - lag,
                    LinkType::FF => days(r.late_finish, p.late_finish) - lag,
                    LinkType::SF => days(r.late_finish, p.late_start) + 1 - lag,
                };
                prop_assert!(late_gap >= 0, "late {} -> {} {:?}", dep.activity, a.id, dep.link_type);
                // Early dates of a not-started successor satisfy every link; in progress,
                // the finish links.
                let early_gap = match dep.link_type {
                    LinkType::FS => days(r.early_start, p.early_finish) - 1 - lag,
                    LinkType::SS => days(r.early_start, p.early_start) - lag,
                    LinkType::FF => days(r.early_finish, p.early_finish) - lag,
                    LinkType::SF => days(r.early_finish, p.early_start) + 1 - lag,
                };
                let applies = match r.status {
                    ActivityStatus::NotStarted => true,
                    ActivityStatus::InProgress => matches!(dep.link_type, LinkType::FF | LinkType::SF),
                    _ => false,
                };
                if applies {
                    prop_assert!(early_gap >= 0, "early {} -> {} {:?}", dep.activity, a.id, dep.link_type);
                }
            }
        }
        // The critical path: open, slack <= 0, each driven by the one before.
        for w in f.critical_path.windows(2) {
            let next = &f.activities[pos(&w[1])];
            prop_assert_eq!(next.driving_predecessor.as_deref(), Some(w[0].as_str()));
        }
        for id in &f.critical_path {
            let r = &f.activities[pos(id)];
            prop_assert!(r.critical && r.slack_days <= 0);
            prop_assert!(matches!(r.status, ActivityStatus::NotStarted | ActivityStatus::InProgress));
        }
        prop_assert_eq!(
            f.activities.iter().filter(|a| a.critical).count(),
            f.critical_path.len()
        );
    }
}
