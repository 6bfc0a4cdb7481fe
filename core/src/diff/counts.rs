//! [`DiffCounts`] and [`DiffSummary`]: how many findings appeared, went and changed,
//! overall and by rule, owner and province.

use super::Change;
use crate::eval::FindingRef;
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts of a diff's findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DiffCounts {
    /// Findings that appeared.
    pub new: usize,
    /// Findings that disappeared.
    pub resolved: usize,
    /// Findings in both that changed (the sum of the next three).
    pub changed: usize,
    /// Changed findings whose severity rose.
    pub escalated: usize,
    /// Changed findings whose severity fell.
    pub de_escalated: usize,
    /// Changed findings of the same severity with other evidence.
    pub evidence_moved: usize,
}

impl DiffCounts {
    fn add_change(&mut self, change: Change) {
        self.changed += 1;
        match change {
            Change::Escalated => self.escalated += 1,
            Change::DeEscalated => self.de_escalated += 1,
            Change::EvidenceMoved => self.evidence_moved += 1,
        }
    }
}

/// The counts of a diff: overall, and by rule, owner and province (keys in byte order of
/// their ids). A new finding counts under its rule, owner and province in the new
/// evaluation, a resolved one under those it had in the old one, a changed one under
/// those it has now. Findings without an owner are left out of `by_owner`, findings
/// outside any province out of `by_province`, as in the evaluation's rollups.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffSummary {
    /// All of the diff's findings.
    pub total: DiffCounts,
    /// By rule id.
    pub by_rule: BTreeMap<String, DiffCounts>,
    /// By owner id.
    pub by_owner: BTreeMap<String, DiffCounts>,
    /// By province id.
    pub by_province: BTreeMap<String, DiffCounts>,
}

/// Which count a finding adds to.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    New,
    Resolved,
    Changed(Change),
}

impl DiffSummary {
    /// Counts `f` as a finding of `kind`.
    pub(crate) fn add(&mut self, f: &FindingRef<'_>, kind: Kind) {
        let bump = |c: &mut DiffCounts| match kind {
            Kind::New => c.new += 1,
            Kind::Resolved => c.resolved += 1,
            Kind::Changed(change) => c.add_change(change),
        };
        bump(&mut self.total);
        bump(entry(&mut self.by_rule, f.rule()));
        if let Some(owner) = f.owner() {
            bump(entry(&mut self.by_owner, owner));
        }
        if let Some(province) = f.province() {
            bump(entry(&mut self.by_province, province));
        }
    }
}

/// The counts under `key`, made when missing.
fn entry<'m>(map: &'m mut BTreeMap<String, DiffCounts>, key: &str) -> &'m mut DiffCounts {
    map.entry(key.to_string()).or_default()
}
