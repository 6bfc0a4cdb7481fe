//! [`Change`] and [`ChangedFindings`]: findings present in both evaluations that differ.

use crate::eval::{FindingRef, Findings};
use crate::rules::Severity;
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

/// How a finding present in both evaluations changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Its severity rose.
    Escalated,
    /// Its severity fell.
    DeEscalated,
    /// Same severity, other evidence (more days late, another value, ...).
    EvidenceMoved,
}

impl Change {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Change::Escalated => "escalated",
            Change::DeEscalated => "de_escalated",
            Change::EvidenceMoved => "evidence_moved",
        }
    }

    /// How the finding `before` changed into `after` (the same id): by severity first,
    /// then by evidence; `None` when neither differs.
    pub(crate) fn of(before: &FindingRef<'_>, after: &FindingRef<'_>) -> Option<Change> {
        let (b, a): (Severity, Severity) = (before.severity(), after.severity());
        if a > b {
            Some(Change::Escalated)
        } else if a < b {
            Some(Change::DeEscalated)
        } else if before.evidence() != after.evidence() {
            Some(Change::EvidenceMoved)
        } else {
            None
        }
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The findings that are in both evaluations and changed: each as it was (`before`, read
/// from the old evaluation) and as it is (`after`), in the new evaluation's order.
///
/// Serialises as a list of `{"id", "change", "before", "after"}` objects, `before` and
/// `after` each a whole finding.
#[derive(Clone, Debug)]
pub struct ChangedFindings {
    pub(crate) changes: Vec<Change>,
    pub(crate) before: Findings,
    pub(crate) after: Findings,
}

/// One changed finding, read in place.
#[derive(Clone, Copy, Debug)]
pub struct ChangedRef<'a> {
    /// How it changed.
    pub change: Change,
    /// As it was, in the old evaluation.
    pub before: FindingRef<'a>,
    /// As it is, in the new evaluation.
    pub after: FindingRef<'a>,
}

impl ChangedFindings {
    /// The number of changed findings.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Whether none changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changed finding at position `i`.
    pub fn get(&self, i: usize) -> Option<ChangedRef<'_>> {
        Some(ChangedRef {
            change: *self.changes.get(i)?,
            before: self.before.view(i)?,
            after: self.after.view(i)?,
        })
    }

    /// Every changed finding, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = ChangedRef<'_>> + '_ {
        self.changes
            .iter()
            .zip(self.before.views().zip(self.after.views()))
            .map(|(&change, (before, after))| ChangedRef {
                change,
                before,
                after,
            })
    }

    /// The findings as they were, in the order of [`ChangedFindings::iter`].
    pub fn before(&self) -> &Findings {
        &self.before
    }

    /// The findings as they are, in the order of [`ChangedFindings::iter`].
    pub fn after(&self) -> &Findings {
        &self.after
    }
}

impl PartialEq for ChangedFindings {
    fn eq(&self, other: &ChangedFindings) -> bool {
        self.changes == other.changes && self.before == other.before && self.after == other.after
    }
}

impl Serialize for ChangedRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ChangedFinding", 4)?;
        st.serialize_field("id", &self.after.id())?;
        st.serialize_field("change", &self.change)?;
        st.serialize_field("before", &self.before)?;
        st.serialize_field("after", &self.after)?;
        st.end()
    }
}

impl Serialize for ChangedFindings {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for c in self.iter() {
            seq.serialize_element(&c)?;
        }
        seq.end()
    }
}
