//! Findings: what a rule found, about what, with the evidence.

use crate::order::natural_cmp;
use crate::rules::Severity;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// What kind of thing a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// An activity.
    Activity,
    /// An organisation (as reporter, organiser or owner).
    Organisation,
    /// An indicator.
    Indicator,
    /// An activity group.
    Group,
    /// A reporting or meeting obligation.
    Obligation,
    /// The plan as a whole.
    Plan,
}

impl SubjectKind {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            SubjectKind::Activity => "activity",
            SubjectKind::Organisation => "organisation",
            SubjectKind::Indicator => "indicator",
            SubjectKind::Group => "group",
            SubjectKind::Obligation => "obligation",
            SubjectKind::Plan => "plan",
        }
    }
}

impl fmt::Display for SubjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The thing a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Subject {
    /// Its kind.
    pub kind: SubjectKind,
    /// Its id.
    pub id: String,
}

/// One thing a rule found.
///
/// Its `id` is stable across evaluations: `rule:subject-id`, followed by `@period` for
/// findings about one period (`missing_report:pcct-kampot@2021Q1`), so a front end can
/// track a finding from one evaluation to the next.
///
/// Two findings are equal when everything they serialise is: a finding read back from
/// its JSON equals the one written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// Stable id (see above).
    pub id: String,
    /// The rule that found it.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// What it is about.
    pub subject: Subject,
    /// The period it is about, for reporting and indicator findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// One sentence for people.
    pub message: String,
    /// The organisation responsible: an activity's lead, a report's reporter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The strategy of the subject, when it belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    /// The province the owner belongs to (see [`PROVINCE_KIND`](super::rollup::PROVINCE_KIND)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// The figures the finding rests on, by name.
    pub evidence: super::Evidence,
    /// The day that orders findings of one subject in time: the period's start or the
    /// activity's deadline.
    #[serde(skip)]
    pub(crate) sort_date: Option<NaiveDate>,
}

impl PartialEq for Finding {
    fn eq(&self, other: &Finding) -> bool {
        // Destructured so that a new field cannot be left out; `sort_date` is not written.
        let Finding {
            id,
            rule,
            severity,
            subject,
            period,
            message,
            owner,
            strategy,
            province,
            evidence,
            sort_date: _,
        } = self;
        *id == other.id
            && *rule == other.rule
            && *severity == other.severity
            && *subject == other.subject
            && *period == other.period
            && *message == other.message
            && *owner == other.owner
            && *strategy == other.strategy
            && *province == other.province
            && *evidence == other.evidence
    }
}

impl Finding {
    /// The documented order of findings: most severe first, then by rule id, then by
    /// subject kind and id (natural order, so `1.2.9` before `1.10.1`), then by period
    /// (earliest first), then by finding id.
    pub fn order(a: &Finding, b: &Finding) -> Ordering {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.subject.kind.cmp(&b.subject.kind))
            .then_with(|| natural_cmp(&a.subject.id, &b.subject.id))
            .then_with(|| a.sort_date.cmp(&b.sort_date))
            .then_with(|| a.id.cmp(&b.id))
    }
}
