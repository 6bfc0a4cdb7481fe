//! No input makes planwatch panic: arbitrary edits of a valid plan and its monitoring data
//! either load (and then evaluate) or give errors.

use chrono::NaiveDate;
use planwatch::{Dataset, RuleSet};
use planwatch_tests::fixtures;
use proptest::prelude::*;

fn base() -> (String, String) {
    let dir = fixtures().join("valid-mini");
    (
        std::fs::read_to_string(dir.join("plan.json")).unwrap(),
        std::fs::read_to_string(dir.join("monitoring.json")).unwrap(),
    )
}

/// Replaces, deletes or inserts a few characters at random places.
fn mutate(text: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, op, c) in edits {
        if chars.is_empty() {
            break;
        }
        let i = at % chars.len();
        match op % 3 {
            0 => chars[i] = c,
            1 => {
                chars.remove(i);
            }
            _ => chars.insert(i, c),
        }
    }
    chars.into_iter().collect()
}

fn edit() -> impl Strategy<Value = (usize, u8, char)> {
    (
        any::<usize>(),
        any::<u8>(),
        prop_oneof![
            Just('"'),
            Just('{'),
            Just(']'),
            Just(','),
            Just('9'),
            Just('-'),
            Just('x'),
            Just('1'),
            any::<char>()
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn mutated_inputs_never_panic(
        plan_edits in proptest::collection::vec(edit(), 0..4),
        mon_edits in proptest::collection::vec(edit(), 0..4),
        day in 0i64..2000,
    ) {
        let (plan, mon) = base();
        let plan = mutate(&plan, &plan_edits);
        let mon = mutate(&mon, &mon_edits);
        match Dataset::from_json(&plan, &mon) {
            Ok(ds) => {
                let as_of = NaiveDate::from_ymd_opt(2018, 6, 1).unwrap() + chrono::Duration::days(day);
                let ev = ds.evaluate(&RuleSet::default(), as_of);
                prop_assert_eq!(ev.summary.total, ev.findings.len());
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors.iter() {
                    prop_assert!(!e.message().is_empty());
                }
            }
        }
    }

    #[test]
    fn any_rule_set_text_is_accepted_or_refused_cleanly(text in "\\PC{0,80}") {
        let _ = RuleSet::from_json(&text);
    }
}

#[test]
fn extreme_dates_and_numbers_do_not_panic() {
    let (plan, _) = base();
    for (from, to) in [
        ("\"2020-12-31\"", "\"+262143-12-31\""),
        ("\"lag_days\": 5", "\"lag_days\": 2147483647"),
        ("\"grace_days\": 10", "\"grace_days\": 4294967295"),
    ] {
        let p = plan.replacen(from, to, 1);
        if let Ok(ds) = Dataset::from_json(&p, "{}") {
            for day in [
                NaiveDate::MIN,
                NaiveDate::MAX,
                NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            ] {
                let _ = ds.evaluate(&RuleSet::default(), day);
            }
        }
    }
}
