//! The generator is deterministic, and a small generated plan loads, validates and
//! evaluates with findings of (nearly) every built-in rule.

use planwatch_bench::{api, synth};

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("planwatch-bench-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn same_size_and_seed_give_the_same_bytes() {
    let (a, b, c) = (tmp("a"), tmp("b"), tmp("c"));
    synth::generate(2_000, 7, &a).unwrap();
    synth::generate(2_000, 7, &b).unwrap();
    synth::generate(2_000, 8, &c).unwrap();
    for f in ["plan.json", "monitoring.json", synth::RACE_RULES_FILE] {
        let x = std::fs::read(a.join(f)).unwrap();
        assert_eq!(x, std::fs::read(b.join(f)).unwrap(), "{f} differs");
    }
    assert_ne!(
        std::fs::read(a.join("monitoring.json")).unwrap(),
        std::fs::read(c.join("monitoring.json")).unwrap()
    );
    for d in [a, b, c] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn a_small_plan_loads_and_finds_most_rules() {
    let dir = tmp("small");
    let g = synth::generate(2_000, 1, &dir).unwrap();
    assert_eq!(g.shape.activities, 2_000);
    let ds = api::load(&dir).unwrap();
    assert_eq!(api::activity_count(&ds), 2_000);
    let ev = api::evaluate(&ds, &api::default_rules(), api::as_of());
    let by_rule = api::findings_by_rule(&ev);
    let silent: Vec<&String> = by_rule
        .iter()
        .filter(|(_, &n)| n == 0)
        .map(|(r, _)| r)
        .collect();
    assert!(
        silent.len() <= 3,
        "rules without findings: {silent:?} (all: {by_rule:?})"
    );
    for rule in [
        "overdue",
        "blocked",
        "missing_report",
        "late_report",
        "dependency_violation",
    ] {
        assert!(
            by_rule.get(rule).copied().unwrap_or(0) > 0,
            "{rule}: {by_rule:?}"
        );
    }
    // The race's rule set reads and finds something.
    let rules = api::load_rules(&dir.join(synth::RACE_RULES_FILE)).unwrap();
    let race = api::evaluate(&ds, &rules, api::as_of());
    let n = api::findings_by_rule(&race)
        .get(synth::RACE_RULE)
        .copied()
        .unwrap_or(0);
    assert!(n > 0 && n == api::finding_count(&race), "{n}");
    let _ = std::fs::remove_dir_all(dir);
}
