//! Evaluation: a dataset, a rule set and an as-of day give findings.

mod finding;

pub use finding::{Finding, Subject, SubjectKind};

use crate::dataset::{ActivityState, Dataset};
use crate::model::Plan;
use crate::rules::{self, RuleSet, RuleSettings, Severity};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// What one evaluation computes once and every rule shares.
pub(crate) struct Context<'a> {
    pub dataset: &'a Dataset,
    pub as_of: NaiveDate,
    states: Vec<ActivityState>,
}

impl<'a> Context<'a> {
    fn new(dataset: &'a Dataset, as_of: NaiveDate) -> Context<'a> {
        let states = (0..dataset.plan().activities.len())
            .map(|i| dataset.state_at(i, as_of))
            .collect();
        Context {
            dataset,
            as_of,
            states,
        }
    }

    pub fn plan(&self) -> &'a Plan {
        self.dataset.plan()
    }

    /// The state of activity `i` on the as-of day.
    pub fn state(&self, i: usize) -> ActivityState {
        self.states.get(i).copied().unwrap_or_default()
    }

    /// The strategy id of activity `i`.
    pub fn strategy_of_activity(&self, i: usize) -> Option<&'a str> {
        let index = &self.dataset.index;
        let g = *index.activity_group.get(i)?;
        let s = *index.group_strategy.get(g as usize)?;
        self.plan()
            .strategies
            .get(s as usize)
            .map(|s| s.id.as_str())
    }
}

/// Counts of findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// All findings.
    pub total: usize,
    /// By severity, every severity present (zero included).
    pub by_severity: BTreeMap<Severity, usize>,
    /// By rule, every enabled rule present (zero included).
    pub by_rule: BTreeMap<String, usize>,
}

/// The result of evaluating a dataset as of a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// The plan's id.
    pub plan: String,
    /// The day evaluated.
    pub as_of: NaiveDate,
    /// Counts of findings.
    pub summary: Summary,
    /// The findings, in [`Finding::order`].
    pub findings: Vec<Finding>,
}

/// Evaluates `dataset` with `rules` as of `as_of`.
///
/// Pure and deterministic: the same input gives the same findings in the same order.
///
/// ```
/// use planwatch::{Dataset, RuleSet};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let ev = planwatch::evaluate(&ds, &RuleSet::default(), as_of);
/// assert!(ev.summary.by_rule["overdue"] > 0);
/// assert!(ev.summary.by_rule["missing_report"] > 0);
/// ```
pub fn evaluate(dataset: &Dataset, rules: &RuleSet, as_of: NaiveDate) -> Evaluation {
    let ctx = Context::new(dataset, as_of);
    let mut findings = Vec::new();
    let mut by_rule = BTreeMap::new();
    for (id, settings) in rules.iter().filter(|(_, s)| s.enabled) {
        let before = findings.len();
        run_rule(&ctx, id, settings, &mut findings);
        by_rule.insert(id.to_string(), findings.len() - before);
    }
    findings.sort_by(Finding::order);
    let mut by_severity: BTreeMap<Severity, usize> =
        Severity::ALL.iter().map(|&s| (s, 0)).collect();
    for f in &findings {
        *by_severity.entry(f.severity).or_default() += 1;
    }
    Evaluation {
        plan: dataset.plan().id.clone(),
        as_of,
        summary: Summary {
            total: findings.len(),
            by_severity,
            by_rule,
        },
        findings,
    }
}

/// Runs one rule. Parameters were checked when the rule set was built; should they not
/// parse here (a rule set built in code), the rule runs with its defaults.
fn run_rule(ctx: &Context<'_>, id: &str, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let empty = serde_json::Map::new();
    match id {
        rules::overdue::ID => {
            let p = rules::params(&settings.params).or_else(|_| rules::params(&empty));
            if let Ok(p) = p {
                rules::overdue::run(ctx, settings, p, out);
            }
        }
        rules::missing_report::ID => {
            let p = rules::params(&settings.params).or_else(|_| rules::params(&empty));
            if let Ok(p) = p {
                rules::missing_report::run(ctx, settings, p, out);
            }
        }
        _ => {}
    }
}

impl Dataset {
    /// Evaluates this dataset with `rules` as of `as_of`; see [`evaluate`].
    pub fn evaluate(&self, rules: &RuleSet, as_of: NaiveDate) -> Evaluation {
        evaluate(self, rules, as_of)
    }
}
