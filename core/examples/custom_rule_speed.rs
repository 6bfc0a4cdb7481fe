//! Measures custom rules on the NSP data set: compile time per condition and custom-rule
//! evaluations (one condition on one subject) per second.
//!
//! `cargo run --release -p planwatch --example custom_rule_speed`

use planwatch::custom::{compile_condition, CustomSubject};
use planwatch::{Dataset, RuleSet};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/nsp-2019-2023");
    let ds = Dataset::load_dir(&dir)?;
    let text = std::fs::read_to_string(dir.join("rules.json"))?;
    let mut file: serde_json::Value = serde_json::from_str(&text)?;
    // Without scopes, so that every rule sees every subject of its kind.
    for rule in file["custom"].as_array_mut().into_iter().flatten() {
        if let Some(r) = rule.as_object_mut() {
            r.remove("scope");
        }
    }
    let mut rules = RuleSet::from_json(&file.to_string())?;
    let builtin: Vec<String> = rules.iter().map(|(id, _)| id.to_string()).collect();
    for id in builtin {
        rules.set_enabled(&id, false);
    }
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).ok_or("date")?;

    // Compile time.
    let n = 2_000;
    for rule in rules.custom_rules() {
        let src = rule.def().condition.clone();
        let start = Instant::now();
        for _ in 0..n {
            compile_condition(&src, rule.def().subject)?;
        }
        let per = start.elapsed().as_secs_f64() / n as f64;
        println!(
            "compile {:<28} {:>4} bytes  {:>8.1} us",
            rule.id(),
            src.len(),
            per * 1e6
        );
    }

    // Subjects per kind, as the custom rules see them.
    let subjects = |kind: CustomSubject| -> usize {
        match kind {
            CustomSubject::Activity => ds.plan().activities.len(),
            CustomSubject::IndicatorValue => ds
                .monitoring()
                .indicator_actuals
                .iter()
                .filter(|v| v.reported.is_some_and(|r| r <= as_of))
                .count(),
            CustomSubject::ReportObligation => {
                ds.expected_reports().filter(|e| e.due < as_of).count()
            }
            CustomSubject::Organisation => ds.plan().organisations.len(),
        }
    };
    let evaluations: usize = rules
        .custom_rules()
        .iter()
        .map(|r| subjects(r.def().subject))
        .sum();
    let empty = {
        let mut r = RuleSet::default();
        let ids: Vec<String> = r.iter().map(|(id, _)| id.to_string()).collect();
        for id in ids {
            r.set_enabled(&id, false);
        }
        r
    };
    let runs = 50;
    let time = |rules: &RuleSet| {
        let start = Instant::now();
        let mut findings = 0;
        for _ in 0..runs {
            findings = ds.evaluate(rules, as_of).findings.len();
        }
        (start.elapsed().as_secs_f64() / runs as f64, findings)
    };
    let (base, _) = time(&empty);
    let (with, findings) = time(&rules);
    let custom = (with - base).max(1e-9);
    println!(
        "evaluate {} custom rules on NSP as of {as_of}: {evaluations} condition evaluations, {findings} findings, {:.2} ms per evaluation ({:.2} ms without custom rules)",
        rules.custom_rules().len(),
        with * 1e3,
        base * 1e3
    );
    println!(
        "custom-rule evaluations per second: {:.0} ({:.2} us each, variable binding and findings included)",
        evaluations as f64 / custom,
        custom / evaluations as f64 * 1e6
    );
    Ok(())
}
