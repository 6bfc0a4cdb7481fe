//! [`RuleSink`]: where one rule writes its findings during an evaluation.

use super::{Ev, Findings, Row, NONE};
use crate::eval::SubjectKind;
use crate::period::Period;
use crate::rules::Severity;
use chrono::NaiveDate;

/// The codes of one finding, as a rule gives them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Head {
    pub severity: Severity,
    pub kind: SubjectKind,
    /// Position of the subject among the plan's items of its kind.
    pub subject: u32,
    pub period: Option<Period>,
    /// See [`super::IdExtra`]; [`NONE`] when unused.
    pub extra: u32,
    /// Position of the owning organisation.
    pub owner: Option<u32>,
    /// Position of the strategy.
    pub strategy: Option<u32>,
    pub sort_date: Option<NaiveDate>,
}

impl Head {
    /// A finding about `subject` of `kind` with no period, owner, strategy or sort day.
    pub fn new(severity: Severity, kind: SubjectKind, subject: u32) -> Head {
        Head {
            severity,
            kind,
            subject,
            period: None,
            extra: NONE,
            owner: None,
            strategy: None,
            sort_date: None,
        }
    }
}

/// Appends one rule's findings to an evaluation's [`Findings`].
pub(crate) struct RuleSink<'a> {
    pub(super) findings: &'a mut Findings,
    pub(super) rule: u16,
    pub(super) width: usize,
}

impl RuleSink<'_> {
    /// A finding whose message the rule renders when it is read; `evidence` holds one
    /// value per evidence key of the rule, in the keys' order.
    pub fn push(&mut self, head: Head, evidence: &[Ev]) {
        self.push_row(head, evidence, NONE);
    }

    /// A finding with its message given as text.
    pub fn push_with_message(&mut self, head: Head, message: String, evidence: &[Ev]) {
        let m = self.keep_text(message);
        self.push_row(head, evidence, m);
    }

    /// Keeps `text` beside the findings, for [`Ev::Text`] or an id suffix.
    pub fn keep_text(&mut self, text: String) -> u32 {
        let i = u32::try_from(self.findings.texts.len()).unwrap_or(NONE);
        self.findings.texts.push(text);
        i
    }

    /// Keeps a value (a list, a map) beside the findings, as an evidence value.
    pub fn json(&mut self, value: crate::eval::Value) -> Ev {
        let i = u32::try_from(self.findings.json.len()).unwrap_or(NONE);
        self.findings.json.push(value);
        Ev::Json(i)
    }

    /// Keeps a list of activity positions beside the findings, as an evidence value.
    pub fn activities(&mut self, positions: impl IntoIterator<Item = u32>) -> Ev {
        let lists = &mut self.findings.lists;
        let start = lists.len();
        lists.extend(positions);
        let len = lists.len() - start;
        Ev::Activities {
            start: u32::try_from(start).unwrap_or(NONE),
            len: u32::try_from(len).unwrap_or(0),
        }
    }

    fn push_row(&mut self, head: Head, evidence: &[Ev], message: u32) {
        debug_assert_eq!(evidence.len(), self.width, "evidence of rule {}", self.rule);
        let start = u32::try_from(self.findings.evidence.len()).unwrap_or(NONE);
        let given = evidence.len().min(self.width);
        let column = &mut self.findings.evidence;
        column.extend(evidence.get(..given).unwrap_or(&[]));
        column.push_absent(self.width - given);
        self.findings.rows.push(Row {
            rule: self.rule,
            severity: head.severity,
            kind: head.kind,
            subject: head.subject,
            period: head.period,
            extra: head.extra,
            owner: head.owner.unwrap_or(NONE),
            strategy: head.strategy.unwrap_or(NONE),
            sort_date: head.sort_date,
            evidence: start,
            message,
        });
    }
}
