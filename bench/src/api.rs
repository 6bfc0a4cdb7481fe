//! Every use of planwatch's Rust API by the benchmarks, in one place: the evaluation's
//! types are being redesigned, and only this module should need adapting.
//!
//! The benchmarks touch planwatch through [`planwatch::Dataset::load_dir`],
//! [`planwatch::evaluate`], [`planwatch::RuleSet`] (`default`, `iter`, `set_enabled`,
//! `load`), [`planwatch::rule_info`] (for rule families), `serde_json::to_writer` of
//! the evaluation and [`planwatch::arrow::findings_batch`].

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// A loaded, validated plan.
pub type Dataset = planwatch::Dataset;
/// The result of an evaluation.
pub type Evaluation = planwatch::Evaluation;
/// A rule set.
pub type RuleSet = planwatch::RuleSet;

/// The as-of day of the synthetic plans ([`crate::synth::AS_OF`]).
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 31).unwrap_or(NaiveDate::MIN)
}

/// Loads (parses and validates) a plan directory; the errors as text.
pub fn load(dir: &Path) -> Result<Dataset, String> {
    planwatch::Dataset::load_dir(dir).map_err(|e| format!("{}: {e:?}", dir.display()))
}

/// Reads a rule set file; the errors as text.
pub fn load_rules(path: &Path) -> Result<RuleSet, String> {
    planwatch::RuleSet::load(path).map_err(|e| format!("{}: {e:?}", path.display()))
}

/// Every built-in rule enabled with its defaults.
pub fn default_rules() -> RuleSet {
    RuleSet::default()
}

/// The ids of the built-in rules.
pub fn builtin_rule_ids() -> Vec<String> {
    RuleSet::default()
        .iter()
        .map(|(id, _)| id.to_string())
        .collect()
}

/// The family (`schedule`, `reporting`, `indicators`, `structure`) of a built-in rule.
pub fn family_of(rule: &str) -> Option<&'static str> {
    planwatch::rule_info(rule).map(|r| r.family)
}

/// The rule families, sorted.
pub fn families() -> Vec<&'static str> {
    let mut f: Vec<&'static str> = builtin_rule_ids()
        .iter()
        .filter_map(|id| family_of(id))
        .collect();
    f.sort_unstable();
    f.dedup();
    f
}

/// The default rule set with only the rules for which `keep` holds enabled.
pub fn rules_where(keep: impl Fn(&str) -> bool) -> RuleSet {
    let mut rules = RuleSet::default();
    for id in builtin_rule_ids() {
        rules.set_enabled(&id, keep(&id));
    }
    rules
}

/// The default rule set with only the rules of `family` enabled.
pub fn family_rules(family: &str) -> RuleSet {
    rules_where(|id| family_of(id) == Some(family))
}

/// Evaluates a dataset with a rule set as of a day.
pub fn evaluate(ds: &Dataset, rules: &RuleSet, as_of: NaiveDate) -> Evaluation {
    planwatch::evaluate(ds, rules, as_of)
}

/// Serialises an evaluation as JSON into `w` (the CLI's `check --format json` body).
pub fn write_json(ev: &Evaluation, w: impl io::Write) -> io::Result<()> {
    serde_json::to_writer(w, ev).map_err(io::Error::other)
}

/// Builds the findings table (`planwatch::arrow::findings_batch`, every column) and gives
/// its row count.
pub fn findings_table_rows(ev: &Evaluation) -> Result<usize, String> {
    planwatch::arrow::findings_batch(&ev.findings, None)
        .map(|b| b.num_rows())
        .map_err(|e| e.to_string())
}

/// The number of findings of an evaluation.
pub fn finding_count(ev: &Evaluation) -> usize {
    ev.summary.total
}

/// Findings by rule (every enabled rule, zero counts included).
pub fn findings_by_rule(ev: &Evaluation) -> BTreeMap<String, usize> {
    ev.summary.by_rule.clone()
}

/// The number of activities of a dataset.
pub fn activity_count(ds: &Dataset) -> usize {
    ds.plan().activities.len()
}
