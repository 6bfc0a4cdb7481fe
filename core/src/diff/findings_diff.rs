//! [`Diff`]: what changed between two evaluations.

use super::counts::{DiffSummary, Kind};
use super::matching::Matching;
use super::{Change, ChangedFindings};
use crate::eval::{Evaluation, Findings};
use chrono::NaiveDate;
use serde::Serialize;

/// What changed from one evaluation (`from`) to another (`to`): the same data on two
/// days, or last month's snapshot against this month's.
///
/// Findings are matched by their stable id ([`Finding::id`](crate::Finding::id)):
/// - `new`: in `to` and not in `from`, in `to`'s order ([`Finding::order`](crate::Finding::order));
/// - `resolved`: in `from` and not in `to`, in `from`'s order;
/// - `changed`: in both, with another severity or other evidence, before and after, in
///   `to`'s order.
///
/// Serialises as `{"plan", "from", "to", "summary", "new", "resolved", "changed"}`
/// (`plan` is `to`'s plan id). New and resolved findings are kept as columns, like an
/// evaluation's, and rendered as text only when read.
///
/// ```
/// use planwatch::{Dataset, RuleSet};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let rules = RuleSet::load_dir("../examples/nsp-2019-2023").unwrap();
/// let day = |m, d| chrono::NaiveDate::from_ymd_opt(2021, m, d).unwrap();
/// let march = ds.evaluate(&rules, day(3, 31));
/// let june = ds.evaluate(&rules, day(6, 30));
/// let diff = march.diff(&june);
/// assert!(diff.summary.total.new > 0);
/// assert_eq!(diff.new.len(), diff.summary.total.new);
/// // What is in June and not new was there in March.
/// assert_eq!(june.findings.len(), march.findings.len() + diff.new.len() - diff.resolved.len());
/// assert!(diff.changed.iter().all(|c| c.before.id() == c.after.id()));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The plan id of the later evaluation.
    pub plan: String,
    /// The day of the earlier evaluation.
    pub from: NaiveDate,
    /// The day of the later evaluation.
    pub to: NaiveDate,
    /// The counts, overall and by rule, owner and province.
    pub summary: DiffSummary,
    /// Findings that appeared.
    pub new: Findings,
    /// Findings that disappeared.
    pub resolved: Findings,
    /// Findings that changed.
    pub changed: ChangedFindings,
}

impl Diff {
    /// What changed from `old` to `new` (see [`Diff`]).
    pub fn between(old: &Evaluation, new: &Evaluation) -> Diff {
        Diff::of(&old.findings, old.as_of, &new.findings, new.as_of)
    }

    /// What changed from the findings `old` of the day `from` to the findings `new` of
    /// the day `to`: [`Diff::between`] for a caller that keeps an evaluation's findings
    /// apart from the rest of it.
    pub fn of(old: &Findings, from: NaiveDate, new: &Findings, to: NaiveDate) -> Diff {
        let (of, nf) = (old, new);
        let m = Matching::between(of, nf);
        let mut summary = DiffSummary::default();
        let mut changes = Vec::new();
        let mut before = Vec::new();
        let mut after = Vec::new();
        for &(o, n) in &m.both {
            let (Some(b), Some(a)) = (of.view(o as usize), nf.view(n as usize)) else {
                continue;
            };
            if let Some(change) = Change::of(&b, &a) {
                summary.add(&a, Kind::Changed(change));
                changes.push(change);
                before.push(o);
                after.push(n);
            }
        }
        drop(m.both);
        for f in m.only_new.iter().filter_map(|&p| nf.view(p as usize)) {
            summary.add(&f, Kind::New);
        }
        for f in m.only_old.iter().filter_map(|&p| of.view(p as usize)) {
            summary.add(&f, Kind::Resolved);
        }
        Diff {
            plan: nf.dataset.plan().id.clone(),
            from,
            to,
            summary,
            new: nf.select(&m.only_new),
            resolved: of.select(&m.only_old),
            changed: ChangedFindings {
                changes,
                before: of.select(&before),
                after: nf.select(&after),
            },
        }
    }

    /// The names of the diff's parts, in the order they are serialised.
    pub const PARTS: &'static [&'static str] = &[
        "plan", "from", "to", "summary", "new", "resolved", "changed",
    ];
}

impl Evaluation {
    /// What changed from this evaluation to `other`, a later one: see [`Diff`].
    pub fn diff(&self, other: &Evaluation) -> Diff {
        Diff::between(self, other)
    }
}
