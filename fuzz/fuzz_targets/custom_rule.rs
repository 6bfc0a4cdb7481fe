//! Custom rules: a condition (and, after a NUL byte, a message template) compiled through
//! `RuleSet::from_json` for the subject kind chosen by the first byte, then evaluated on
//! the small valid fixture plan as of a day chosen by the second byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planwatch::chrono::{Days, NaiveDate};
use planwatch::{CustomSubject, Dataset, RuleSet};
use std::sync::OnceLock;

fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        Dataset::from_json(
            include_str!("../../tests/fixtures/valid-mini/plan.json"),
            include_str!("../../tests/fixtures/valid-mini/monitoring.json"),
        )
        .expect("the fixture loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let [kind, day, rest @ ..] = data else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (condition, message) = text.split_once('\0').unwrap_or((text, "found {id}"));
    let subject = CustomSubject::ALL[usize::from(*kind) % CustomSubject::ALL.len()];
    let rules = serde_json::json!({
        "custom": [{
            "id": "fuzz",
            "subject": subject.name(),
            "condition": condition,
            "severity": "warning",
            "message": message,
        }]
    });
    let Ok(rules) = RuleSet::from_json(&rules.to_string()) else {
        return;
    };
    let start = NaiveDate::from_ymd_opt(2018, 12, 1).expect("a day");
    let as_of = start + Days::new(u64::from(*day) * 4);
    let evaluation = dataset().evaluate(&rules, as_of);
    let _ = serde_json::to_string(&evaluation).expect("an evaluation serialises");
});
