//! Measures custom rules on the NSP data set: compile time per condition and custom-rule
//! evaluations (one condition on one subject) per second.
//!
//! `cargo run --release -p planwatch --example custom_rule_speed`
//!
//! With an activity count, measures one condition at scale instead: the NSP activities
//! (and their status updates) copied under new ids up to that many, evaluated with only
//! that custom rule enabled, in the `activity.x` form and the bare form:
//!
//! `cargo run --release -p planwatch --example custom_rule_speed -- 1000000 [member|bare] [runs]`

use planwatch::custom::{compile_condition, CustomSubject};
use planwatch::{Dataset, RuleSet};
use std::time::Instant;

/// The condition of the scale run, in the subject-map form and with bare variables.
const MEMBER: &str = "activity.progress != null && activity.progress < 50.0 && days_between(activity.deadline, as_of) < 30 && activity.status != 'done'";
const BARE: &str =
    "progress != null && progress < 50.0 && days_between(deadline, as_of) < 30 && status != 'done'";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(n) = args.first() {
        let forms: Vec<&str> = match args.get(1).map(String::as_str) {
            Some("member") => vec!["member"],
            Some("bare") => vec!["bare"],
            _ => vec!["member", "bare"],
        };
        let runs = args.get(2).map_or(Ok(3), |r| r.parse())?;
        return scale(n.parse()?, &forms, runs);
    }
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

/// The NSP plan with its activities copied (ids suffixed `~k`) up to `n`.
fn large(n: usize) -> Result<Dataset, Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/nsp-2019-2023");
    let ds = Dataset::load_dir(&dir)?;
    let mut plan = ds.plan().clone();
    let mut monitoring = ds.monitoring().clone();
    let base = plan.activities.clone();
    let updates = monitoring.status_updates.clone();
    let rename = |id: &str, k: usize| format!("{id}~{k}");
    let mut k = 1;
    while plan.activities.len() < n {
        for a in &base {
            if plan.activities.len() >= n {
                break;
            }
            let mut a = a.clone();
            a.id = rename(&a.id, k);
            for d in &mut a.depends_on {
                d.activity = rename(&d.activity, k);
            }
            plan.activities.push(a);
        }
        k += 1;
    }
    plan.activities.truncate(n);
    let copies = k;
    for k in 1..copies {
        for u in &updates {
            let mut u = u.clone();
            u.activity = rename(&u.activity, k);
            monitoring.status_updates.push(u);
        }
    }
    let kept: std::collections::HashSet<String> =
        plan.activities.iter().map(|a| a.id.clone()).collect();
    monitoring
        .status_updates
        .retain(|u| kept.contains(&u.activity));
    for a in &mut plan.activities {
        a.depends_on.retain(|d| kept.contains(&d.activity));
    }
    Ok(Dataset::new(plan, monitoring)?)
}

fn scale(n: usize, forms: &[&str], runs: usize) -> Result<(), Box<dyn std::error::Error>> {
    let start = Instant::now();
    let ds = large(n)?;
    println!(
        "{} activities, {} status updates, built in {:.2} s",
        ds.plan().activities.len(),
        ds.monitoring().status_updates.len(),
        start.elapsed().as_secs_f64()
    );
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).ok_or("date")?;
    let rules_for = |condition: &str| -> Result<RuleSet, Box<dyn std::error::Error>> {
        let json = serde_json::json!({"custom": [{"id": "c", "subject": "activity",
            "condition": condition, "severity": "warning",
            "message": "{activity.id} at {progress}% with deadline {deadline}"}]});
        let mut rules = RuleSet::from_json(&json.to_string())?;
        let builtin: Vec<String> = rules.iter().map(|(id, _)| id.to_string()).collect();
        for id in builtin {
            rules.set_enabled(&id, false);
        }
        Ok(rules)
    };
    let time = |rules: &RuleSet| {
        let mut best = f64::INFINITY;
        let mut findings = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let ev = ds.evaluate(rules, as_of);
            best = best.min(start.elapsed().as_secs_f64());
            findings = ev.findings.len();
        }
        (best, findings)
    };
    let mut none = RuleSet::default();
    let builtin: Vec<String> = none.iter().map(|(id, _)| id.to_string()).collect();
    for id in builtin {
        none.set_enabled(&id, false);
    }
    let (base, _) = time(&none);
    println!("evaluate without rules: {base:.3} s (best of {runs})");
    if forms.len() > 1 {
        let (never, _) = time(&rules_for("false")?);
        println!(
            "evaluate with the condition `false`: {never:.3} s, {:.3} s over none",
            never - base
        );
    }
    for form in forms {
        let condition = if *form == "bare" { BARE } else { MEMBER };
        let (t, findings) = time(&rules_for(condition)?);
        println!(
            "{form:>6}: {t:.3} s, {:.3} s over none, {findings} findings (best of {runs}): {condition}",
            t - base
        );
    }
    Ok(())
}
