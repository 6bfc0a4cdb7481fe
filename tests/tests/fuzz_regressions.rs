//! Inputs kept from fuzzing (tests/fixtures/fuzz-regressions/<target>/, see
//! scripts/fuzz.sh), run the way their cargo-fuzz target runs them, so that what once
//! crashed, hung or exhausted memory stays fixed. Each must load and evaluate, or give
//! errors, without panicking.
//! - `load_json/`: plan.json text, a NUL byte, monitoring.json text (`{}` without one);
//!   evaluated as of a day derived from the last bytes, when the plan spans at most 30 years.
//! - `custom_rule/`: subject byte, day byte, condition, then after a NUL the message;
//!   compiled through `RuleSet::from_json` and evaluated on tests/fixtures/valid-mini.
//! - `period/`: a period id up to the first NUL byte, parsed on every fiscal calendar.
//! - `load_tables/`: CSV tables or an xlsx workbook (see `load_tables_inputs`).

use chrono::{Days, NaiveDate};
use planwatch::{CustomSubject, Dataset, FiscalCalendar, Period, RuleSet};
use planwatch_tests::fixtures;
use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir: PathBuf = fixtures().join("fuzz-regressions").join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs for {target}");
    out
}

#[test]
fn load_json_inputs() {
    for (name, data) in inputs("load_json") {
        let (plan, monitoring) = match data.iter().position(|&b| b == 0) {
            Some(i) => (&data[..i], &data[i + 1..]),
            None => (&data[..], &b"{}"[..]),
        };
        let (Ok(plan), Ok(monitoring)) =
            (std::str::from_utf8(plan), std::str::from_utf8(monitoring))
        else {
            continue;
        };
        let Ok(dataset) = Dataset::from_json(plan, monitoring) else {
            continue;
        };
        let p = dataset.plan();
        let span = (p.end - p.start).num_days();
        if span > 366 * 30 {
            continue;
        }
        let seed = data
            .iter()
            .rev()
            .take(2)
            .fold(0u64, |acc, &b| acc * 256 + u64::from(b));
        let offset = seed % (span.max(0) as u64 + 400);
        if let Some(as_of) = p
            .start
            .checked_sub_days(Days::new(30))
            .and_then(|d| d.checked_add_days(Days::new(offset)))
        {
            let ev = dataset.evaluate(&RuleSet::default(), as_of);
            serde_json::to_string(&ev).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn custom_rule_inputs() {
    let dir = fixtures().join("valid-mini");
    let dataset = Dataset::load_dir(&dir).unwrap();
    for (name, data) in inputs("custom_rule") {
        let [kind, day, rest @ ..] = &data[..] else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(rest) else {
            continue;
        };
        let (condition, message) = text.split_once('\0').unwrap_or((text, "found {id}"));
        let subject = CustomSubject::ALL[usize::from(*kind) % CustomSubject::ALL.len()];
        let rules = serde_json::json!({"custom": [{
            "id": "fuzz", "subject": subject.name(), "condition": condition,
            "severity": "warning", "message": message,
        }]});
        let Ok(rules) = RuleSet::from_json(&rules.to_string()) else {
            continue;
        };
        let as_of = NaiveDate::from_ymd_opt(2018, 12, 1).unwrap() + Days::new(u64::from(*day) * 4);
        let ev = dataset.evaluate(&rules, as_of);
        serde_json::to_string(&ev).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn period_inputs() {
    for (name, data) in inputs("period") {
        let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
        let Ok(id) = std::str::from_utf8(&data[..end]) else {
            continue;
        };
        for month in 1..=12 {
            let cal = FiscalCalendar::new(month).unwrap();
            if let Ok(p) = Period::parse(id, cal) {
                assert_eq!(p.id(), id, "{name}");
                assert!(p.start() <= p.end(), "{name}");
                let _ = p.next(cal);
                let _ = p.due(u32::MAX);
            }
        }
    }
}

/// `load_tables/`: a form byte (even: CSV, odd: xlsx), then for CSV tables separated by NUL
/// bytes, each `name\n` and its text, for xlsx the workbook's bytes. What loads is
/// evaluated on its plan's last day and must read back from its own tables unchanged.
#[test]
fn load_tables_inputs() {
    let mut loaded = 0;
    for (name, data) in inputs("load_tables") {
        let Some((&form, rest)) = data.split_first() else {
            continue;
        };
        let set = if form % 2 == 0 {
            let Ok(text) = std::str::from_utf8(rest) else {
                continue;
            };
            let parts: Vec<(&str, &str)> = text
                .split('\0')
                .map(|part| part.split_once('\n').unwrap_or((part, "")))
                .collect();
            planwatch::tables::read_csv_texts(parts)
        } else {
            planwatch::tables::read_xlsx_bytes(rest, None)
        };
        let Ok(set) = set else { continue };
        let Ok(dataset) = Dataset::from_tables(&set) else {
            continue;
        };
        let ev = dataset.evaluate(&RuleSet::default(), dataset.plan().end);
        serde_json::to_string(&ev).unwrap_or_else(|e| panic!("{name}: {e}"));
        let again = planwatch::tables::encode(dataset.plan(), dataset.monitoring());
        let back = Dataset::from_tables(&again).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back.plan(), dataset.plan(), "{name}");
        assert_eq!(back.monitoring(), dataset.monitoring(), "{name}");
        loaded += 1;
    }
    // the seeds (valid-mini as CSV and as a workbook) load
    assert!(loaded >= 2, "only {loaded} table inputs loaded");
}
