//! Who must act next (tests/fixtures/agenda): the golden agendas and reminders
//! (cases.json), the hand-made table of agenda cases and of reminder cadences over
//! simulated daily runs (table.json), a property that daily runs never send a reminder
//! twice, the agreement of the overdue items with the rules, and the checks of the
//! `reminders` key of rules.json.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use planwatch::agenda::{Agenda, ReminderCadence, Reminders};
use planwatch::{Dataset, ErrorKind, RuleSet};
use planwatch_tests::{fixtures, workspace_root};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixtures().join("agenda").join(path)).unwrap())
        .unwrap()
}

#[test]
fn the_golden_agendas_and_reminders() {
    let cases = json("cases.json");
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 4);
    for case in cases {
        let src = workspace_root().join(case["src"].as_str().unwrap());
        let ds = Dataset::load(&src).unwrap();
        let as_of = day(case["as_of"].as_str().unwrap());
        let owner = case["owner"].as_str();
        let read = |key: &str| {
            std::fs::read_to_string(fixtures().join("agenda").join(case[key].as_str().unwrap()))
                .unwrap()
        };
        let name = case["golden"].as_str().unwrap();
        if case["reminders"].as_bool().unwrap_or(false) {
            let rules = match case["rules"].as_str() {
                Some(r) => RuleSet::load(workspace_root().join(r)).unwrap(),
                None => RuleSet::load_dir(&src).unwrap(),
            };
            let r = ds.reminders(as_of, rules.reminders(), owner).unwrap();
            assert!(r.total > 0, "{name} sends something");
            assert_eq!(
                serde_json::to_string_pretty(&r).unwrap() + "\n",
                read("golden"),
                "{name}"
            );
            if case.get("csv").is_some() {
                let t = planwatch::export::Table::reminders(&r);
                assert_eq!(planwatch::export::csv::to_csv(&t).unwrap(), read("csv"));
            }
        } else {
            let days = case["days"].as_u64().map_or(30, |d| d as u32);
            let a = Agenda::of(&ds, as_of, days, owner).unwrap();
            assert_eq!(
                serde_json::to_string_pretty(&a).unwrap() + "\n",
                read("golden"),
                "{name}"
            );
            if case.get("csv").is_some() {
                let t = planwatch::export::Table::agenda(&a);
                assert_eq!(planwatch::export::csv::to_csv(&t).unwrap(), read("csv"));
            }
            if case.get("ics").is_some() {
                assert_eq!(planwatch::export::calendar::agenda_ics(&a), read("ics"));
            }
        }
    }
}

fn table_dataset(table: &Value, case: &Value) -> Dataset {
    let monitoring = case.get("monitoring").cloned().unwrap_or(Value::Null);
    let monitoring = if monitoring.is_null() {
        "{}".to_string()
    } else {
        monitoring.to_string()
    };
    Dataset::from_json(&table["plan"].to_string(), &monitoring).unwrap()
}

/// `[id, days]` pairs as the table writes them.
fn pairs(items: &[planwatch::agenda::AgendaItem], late: bool) -> Vec<(String, i64)> {
    items
        .iter()
        .map(|i| {
            let days = if late { i.days_late } else { i.days_left };
            (i.id.clone(), days.unwrap())
        })
        .collect()
}

fn want_pairs(v: &Value) -> Vec<(String, i64)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_i64().unwrap()))
        .collect()
}

#[test]
fn the_hand_made_agenda_cases() {
    let table = json("table.json");
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let ds = table_dataset(&table, case);
        let days = case["days"].as_u64().unwrap() as u32;
        let a = Agenda::of(
            &ds,
            day(case["as_of"].as_str().unwrap()),
            days,
            case["owner"].as_str(),
        )
        .unwrap();
        let expect = case["expect"].as_array().unwrap();
        let got_owners: Vec<Option<&str>> = a.owners.iter().map(|o| o.owner.as_deref()).collect();
        let want_owners: Vec<Option<&str>> = expect.iter().map(|o| o["owner"].as_str()).collect();
        assert_eq!(got_owners, want_owners, "{name}: owners");
        for (o, e) in a.owners.iter().zip(expect) {
            assert_eq!(
                pairs(&o.upcoming, false),
                want_pairs(&e["upcoming"]),
                "{name}: {:?} upcoming",
                o.owner
            );
            assert_eq!(
                pairs(&o.overdue, true),
                want_pairs(&e["overdue"]),
                "{name}: {:?} overdue",
                o.owner
            );
        }
        let upcoming: usize = a.owners.iter().map(|o| o.upcoming.len()).sum();
        assert_eq!(a.summary.upcoming, upcoming, "{name}");
    }
}

/// Runs the reminders every day from `from` to `to`, both included: every reminder sent
/// with its day, in the order sent.
fn daily_runs(
    ds: &Dataset,
    cadence: &ReminderCadence,
    owner: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(String, NaiveDate, Reminders)> {
    let mut sent = Vec::new();
    let mut d = from;
    while d <= to {
        let r = Reminders::of(ds, d, cadence, owner).unwrap();
        for rem in r.owners.iter().flat_map(|o| &o.reminders) {
            sent.push((rem.id.clone(), d, r.clone()));
        }
        d = d.succ_opt().unwrap();
    }
    sent
}

#[test]
fn the_reminder_cadence_over_simulated_daily_runs() {
    let table = json("table.json");
    let cases = table["reminder_cases"].as_array().unwrap();
    assert!(cases.len() >= 4);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let ds = table_dataset(&table, case);
        let rules = match case.get("rules") {
            Some(r) => RuleSet::from_json(&r.to_string()).unwrap(),
            None => RuleSet::default(),
        };
        let sent = daily_runs(
            &ds,
            rules.reminders(),
            case["owner"].as_str(),
            day(case["from"].as_str().unwrap()),
            day(case["to"].as_str().unwrap()),
        );
        let got: Vec<(String, String)> = sent
            .iter()
            .map(|(id, d, _)| (id.clone(), d.to_string()))
            .collect();
        let want: Vec<(String, String)> = case["expect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn a_year_of_daily_runs_on_the_nsp_data_sends_each_reminder_once() {
    let ds = Dataset::load(planwatch_tests::nsp_dir()).unwrap();
    let cadence = ReminderCadence::default();
    let sent = daily_runs(&ds, &cadence, None, day("2021-01-01"), day("2021-12-31"));
    let mut seen = BTreeMap::new();
    for (id, d, _) in &sent {
        assert!(seen.insert(id.clone(), *d).is_none(), "{id} sent twice");
    }
    assert!(seen.len() > 1000, "{} reminders", seen.len());
    // Each kind of reminder of the cadence is there.
    for suffix in [
        "#due_soon-30",
        "#due_soon-7",
        "#due_soon-1",
        "#late-1",
        "#late-7",
        "#late-37",
    ] {
        assert!(seen.keys().any(|k| k.ends_with(suffix)), "{suffix}");
    }
}

#[test]
fn the_overdue_items_are_what_the_rules_find_without_grace() {
    // With the defaults (no grace days on `overdue`, no scopes), what the agenda calls
    // overdue is exactly what `overdue`, `missing_report` and `meeting_missed` find.
    let ds = Dataset::load(planwatch_tests::nsp_dir()).unwrap();
    let as_of = day("2021-06-30");
    let ev = ds.evaluate(&RuleSet::default(), as_of);
    let mut from_rules: Vec<String> = ev
        .findings
        .iter()
        .filter_map(|f| {
            let period = f.period.as_ref().map(|p| p.to_string()).unwrap_or_default();
            let subject = &f.subject.id;
            match f.rule.as_str() {
                "overdue" => Some(format!("deadline:{subject}")),
                "missing_report" => Some(format!(
                    "report:{subject}:{}@{period}",
                    f.evidence["obligation"].as_str().unwrap()
                )),
                "meeting_missed" => Some(format!(
                    "meeting:{subject}:{}@{period}",
                    f.evidence["obligation"].as_str().unwrap()
                )),
                _ => None,
            }
        })
        .collect();
    let a = ds.agenda(as_of, 30, None).unwrap();
    let mut overdue: Vec<String> = a
        .owners
        .iter()
        .flat_map(|o| o.overdue.iter().map(|i| i.id.clone()))
        .collect();
    from_rules.sort();
    overdue.sort();
    assert_eq!(overdue.len(), 13 + 115 + 67);
    assert_eq!(overdue, from_rules);
}

#[test]
fn the_window_is_bounded_and_the_owner_known() {
    let ds = Dataset::load(planwatch_tests::nsp_dir()).unwrap();
    let as_of = day("2021-06-30");
    assert!(ds
        .agenda(as_of, planwatch::agenda::MAX_AGENDA_DAYS, None)
        .is_ok());
    let e = ds.agenda(as_of, 3661, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    assert_eq!(
        e.message(),
        "an agenda of 3661 days is longer than the 3660 days allowed"
    );
    assert_eq!(e.location().path, "days");
    let e = ds.agenda(NaiveDate::MAX, 1, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    for e in [
        ds.agenda(as_of, 30, Some("nobody")).unwrap_err(),
        ds.reminders(as_of, &ReminderCadence::default(), Some("nobody"))
            .unwrap_err(),
    ] {
        assert_eq!(e.kind(), ErrorKind::UnknownReference);
        assert_eq!(e.message(), "unknown organisation nobody");
    }
}

#[test]
fn the_reminders_key_of_rules_json_is_checked_at_its_json_path() {
    let cases: &[(&str, ErrorKind, &str)] = &[
        (
            r#"{"reminders": {"befor": [1]}}"#,
            ErrorKind::UnknownField,
            "reminders.befor",
        ),
        (
            r#"{"reminders": {"before": "30"}}"#,
            ErrorKind::WrongType,
            "reminders.before",
        ),
        (
            r#"{"reminders": {"before": [7, -1]}}"#,
            ErrorKind::InvalidValue,
            "reminders.before[1]",
        ),
        (
            r#"{"reminders": {"repeat_after": 1.5}}"#,
            ErrorKind::WrongType,
            "reminders.repeat_after",
        ),
        (
            r#"{"reminders": {"after": [1, 0]}}"#,
            ErrorKind::InvalidValue,
            "reminders.after[1]",
        ),
        (
            r#"{"reminders": {"before": [3661]}}"#,
            ErrorKind::InvalidValue,
            "reminders.before[0]",
        ),
        (
            r#"{"reminders": {"before": [7, 30, 7]}}"#,
            ErrorKind::InvalidValue,
            "reminders.before[2]",
        ),
        (
            r#"{"reminders": {"repeat_after": 4000}}"#,
            ErrorKind::InvalidValue,
            "reminders.repeat_after",
        ),
        (r#"{"reminders": []}"#, ErrorKind::WrongType, "reminders"),
    ];
    for &(text, kind, path) in cases {
        let errors = RuleSet::from_json(text).unwrap_err();
        let e = &errors[0];
        assert_eq!(
            (e.kind(), e.location().path.as_str()),
            (kind, path),
            "{text}: {e}"
        );
        assert!(e.location().line.is_some(), "{text}: {e}");
    }
    let many = format!(
        r#"{{"reminders": {{"after": {:?}}}}}"#,
        (1..=65).collect::<Vec<u32>>()
    );
    let e = &RuleSet::from_json(&many).unwrap_err()[0];
    assert_eq!(e.location().path, "reminders.after");
    assert_eq!(e.message(), "65 reminder offsets, more than the 64 allowed");
    // Every problem is reported, not only the first.
    let errors = RuleSet::from_json(
        r#"{"reminders": {"before": [0, 0], "after": [0], "repeat_after": 5000}}"#,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 3);
    // A valid cadence keeps what it does not name at the defaults, and travels with the
    // rule set (the portable form Python pickles and the distributed runs send).
    let rules = RuleSet::from_json(r#"{"reminders": {"before": [], "repeat_after": 0}}"#).unwrap();
    assert_eq!(
        rules.reminders(),
        &ReminderCadence {
            before: vec![],
            after: vec![1, 7],
            repeat_after: 0
        }
    );
    let back = RuleSet::from_json(&rules.to_portable().unwrap()).unwrap();
    assert_eq!(back.reminders(), rules.reminders());
    assert_eq!(RuleSet::default().reminders(), &ReminderCadence::default());
}

/// A small plan with one activity and one monthly report, its monitoring data from the
/// strategy's choices.
fn small_plan(done: Option<u32>, submitted: Option<u32>) -> Dataset {
    let base = day("2021-01-01");
    let on = |d: u32| (base + chrono::Days::new(u64::from(d))).to_string();
    let plan = serde_json::json!({
        "id": "p", "title": "t", "start": "2021-01-01", "end": "2021-12-31",
        "organisations": [{"id": "o", "name": "O", "kind": "provincial_committee"}],
        "strategies": [{"id": "1", "title": "s"}],
        "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
        "activities": [{"id": "a", "group": "1.1", "title": "x", "lead": "o",
                        "planned_start": "2021-02-01", "deadline": "2021-05-31"}],
        "reporting_obligations": [{"id": "r", "report_type": "monthly",
                                   "reporters": {"ids": ["o"]}, "grace_days": 10}],
        "meeting_obligations": [{"id": "m", "title": "M", "frequency": "quarterly",
                                 "organisers": {"ids": ["o"]}}]
    });
    let mut monitoring = serde_json::json!({});
    if let Some(d) = done {
        monitoring["status_updates"] = serde_json::json!([{"activity": "a", "date": on(d),
            "status": "done", "progress": 100, "actual_start": on(d), "actual_finish": on(d)}]);
    }
    if let Some(d) = submitted {
        monitoring["submissions"] = serde_json::json!([{"reporter": "o", "report_type": "monthly",
            "period": "2021-03", "submitted": on(d)}]);
    }
    Dataset::from_json(&plan.to_string(), &monitoring.to_string()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever the cadence and the data, running every day never sends a reminder
    /// twice, sends each on the day its offset says, and only about what the agenda of
    /// that day holds.
    #[test]
    fn daily_runs_never_send_a_reminder_twice(
        before in proptest::collection::btree_set(0u32..60, 0..5),
        after in proptest::collection::btree_set(1u32..60, 0..4),
        repeat_after in 0u32..40,
        done in proptest::option::of(0u32..300),
        submitted in proptest::option::of(0u32..300),
        start in 0u32..200,
    ) {
        let cadence = ReminderCadence {
            before: before.into_iter().rev().collect(),
            after: after.into_iter().collect(),
            repeat_after,
        };
        let ds = small_plan(done, submitted);
        let from = day("2021-01-01") + chrono::Days::new(u64::from(start));
        let to = from + chrono::Days::new(150);
        let sent = daily_runs(&ds, &cadence, None, from, to);
        let mut seen = BTreeMap::new();
        for (id, d, r) in &sent {
            prop_assert!(seen.insert(id.clone(), *d).is_none(), "{} sent twice", id);
            let rem = r.owners.iter().flat_map(|o| &o.reminders).find(|x| &x.id == id).unwrap();
            let offset = (*d - rem.item.due).num_days();
            match rem.kind {
                planwatch::agenda::ReminderKind::DueSoon => {
                    prop_assert_eq!(-offset, rem.days);
                    prop_assert!(cadence.before.contains(&(rem.days as u32)));
                }
                planwatch::agenda::ReminderKind::Late => {
                    prop_assert_eq!(offset, rem.days);
                    prop_assert!(cadence.late_on(rem.days));
                }
            }
            let agenda = Agenda::of(&ds, *d, 60, None).unwrap();
            prop_assert!(agenda.owners.iter().any(|o| o.upcoming.iter().chain(&o.overdue)
                .any(|i| i.id == rem.item.id)), "{} is not on the agenda of {}", id, d);
        }
    }
}
