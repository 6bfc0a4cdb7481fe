//! [`Findings`]: an evaluation's findings as columns of small integers.
//!
//! A finding is stored as one fixed-size row of codes (rule, severity, subject kind and
//! position in the plan, period, owner, strategy, the day it sorts by) and a run of typed
//! evidence values ([`Ev`]); no text is built while rules run (a finding's province is its
//! owner's, looked up when read). Ids, messages and
//! evidence objects are rendered when someone reads them: [`Findings::get`] and
//! [`Findings::iter`] give today's owned [`Finding`] values, [`FindingRef`] reads one
//! finding's fields without building the others, and serialising the store writes the
//! findings one by one (so that output does not need them all as text at once).

mod evidence;
mod order;
mod owned;
mod packed;
mod sentence;
mod sink;
mod view;

pub(crate) use evidence::{Ev, EvOf};
pub(crate) use order::{order_of, IdRanks};
pub(crate) use packed::{EvColumn, Packed};
pub(crate) use sentence::Sentence;
pub(crate) use sink::{Head, RuleSink};
pub use view::FindingRef;

use super::{Finding, SubjectKind};
use crate::dataset::Dataset;
use crate::period::Period;
use crate::rules::Severity;
use chrono::NaiveDate;
use std::borrow::Cow;

/// "No value" in an integer column.
pub(crate) const NONE: u32 = u32::MAX;

/// Renders a built-in rule's message from a stored finding.
pub(crate) type RenderMessage = fn(&FindingRef<'_>) -> String;

/// What follows `rule:subject[@period]` in a finding id, for rules that can find more
/// than one thing about a subject and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdExtra {
    /// Nothing.
    None,
    /// `@` and the id of the activity at position `extra` (a dependency's predecessor).
    AtActivity,
    /// `/` and the kept text at position `extra`, after the `@period` (a breakdown's
    /// dimension, a relation's other indicator).
    SlashText,
    /// `:` and the id of the meeting obligation at position `extra`, before the
    /// `@period` (`meeting_missed:organiser:obligation@period`).
    ColonMeeting,
    /// `#` and the kept text at position `extra`, after the `@period` (a custom rule's
    /// finding about one of two values reported for the same indicator and period).
    HashText,
    /// A finding read back from JSON, about no plan: the kept texts from position `extra`
    /// are its id, period, subject id, owner, strategy and province, in that order (an
    /// empty text for an absent one); the row's positions point nowhere in the plan.
    Detached,
}

/// The evidence keys of a rule, sorted by name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Keys {
    /// A built-in rule's.
    Static(&'static [&'static str]),
    /// A custom rule's: the variables its condition reads, and the keys a failed
    /// condition adds (`condition_error`, `error_kind`).
    Named(Vec<&'static str>),
    /// One value, a JSON object that is the whole evidence (findings read back from
    /// JSON).
    Whole,
}

impl Keys {
    pub(crate) fn len(&self) -> usize {
        match self {
            Keys::Static(k) => k.len(),
            Keys::Named(k) => k.len(),
            Keys::Whole => 1,
        }
    }

    pub(crate) fn get(&self, i: usize) -> &str {
        match self {
            Keys::Static(k) => k.get(i).copied().unwrap_or(""),
            Keys::Named(k) => k.get(i).copied().unwrap_or(""),
            Keys::Whole => "",
        }
    }

    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.get(i) == key)
    }
}

/// A rule whose findings the store holds.
#[derive(Debug, Clone)]
pub(crate) struct RuleEntry {
    pub(crate) id: Cow<'static, str>,
    pub(crate) keys: Keys,
    /// Renders the message; `None` when each finding keeps its message as text.
    pub(crate) render: Option<RenderMessage>,
    pub(crate) extra: IdExtra,
}

/// One finding's codes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Row {
    pub(crate) rule: u16,
    pub(crate) severity: Severity,
    pub(crate) kind: SubjectKind,
    pub(crate) subject: u32,
    pub(crate) period: Option<Period>,
    /// See [`IdExtra`].
    pub(crate) extra: u32,
    pub(crate) owner: u32,
    pub(crate) strategy: u32,
    pub(crate) sort_date: Option<NaiveDate>,
    /// Position of the first evidence value; the rule's key count gives how many.
    pub(crate) evidence: u32,
    /// Position of the kept message text, or [`NONE`] when the rule renders it.
    pub(crate) message: u32,
}

/// An evaluation's findings, in [`Finding::order`].
///
/// Cheap to hold (a few integers per finding); text is built when read.
///
/// ```
/// use planwatch::{Dataset, RuleSet};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let ev = ds.evaluate(&RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let first = ev.findings.view(0).unwrap();
/// assert_eq!(first.rule(), "overdue");
/// assert_eq!(first.id(), "overdue:2.7.11");
/// assert_eq!(ev.findings.get(0).unwrap().message, first.message());
/// assert_eq!(ev.findings.iter().count(), ev.findings.len());
/// ```
#[derive(Clone)]
pub struct Findings {
    pub(crate) dataset: Dataset,
    pub(crate) rules: Vec<RuleEntry>,
    /// The rows in the order the rules wrote them.
    pub(crate) rows: Vec<Row>,
    /// The finding order: finding `k` is `rows[order[k]]`; empty while the rows are in
    /// finding order themselves (before [`order_of`] and in stores built in order). Sorting
    /// writes this index instead of moving 2 million rows of 56 bytes at random: the
    /// rules' blocks stay where they were written, so reading findings in order still
    /// reads the rows nearly sequentially.
    pub(crate) order: Vec<u32>,
    /// The evidence values, 8 bytes each (a rule's run of values starts at its row's
    /// `evidence`).
    pub(crate) evidence: EvColumn,
    pub(crate) texts: Vec<String>,
    pub(crate) json: Vec<crate::eval::Value>,
    /// Lists of activity positions, for [`Ev::Activities`].
    pub(crate) lists: Vec<u32>,
}

impl Findings {
    /// An empty store for findings about `dataset`.
    pub(crate) fn new(dataset: &Dataset) -> Findings {
        Findings {
            dataset: dataset.clone(),
            rules: Vec::new(),
            rows: Vec::new(),
            order: Vec::new(),
            evidence: EvColumn::default(),
            texts: Vec::new(),
            json: Vec::new(),
            lists: Vec::new(),
        }
    }

    /// Adds a rule and returns a sink for its findings.
    pub(crate) fn rule(&mut self, entry: RuleEntry) -> RuleSink<'_> {
        self.settle();
        let code = u16::try_from(self.rules.len()).unwrap_or(u16::MAX);
        let width = entry.keys.len();
        self.rules.push(entry);
        RuleSink {
            findings: self,
            rule: code,
            width,
        }
    }

    /// The number of findings.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The position in `rows` of finding `k` (`order` is empty or a permutation of the
    /// rows' positions).
    fn position(&self, k: usize) -> usize {
        self.order.get(k).map_or(k, |&i| i as usize)
    }

    /// The row of finding `k`.
    pub(crate) fn row(&self, k: usize) -> Option<&Row> {
        self.rows.get(self.position(k))
    }

    /// The rows, in finding order.
    pub(crate) fn ordered_rows(&self) -> impl ExactSizeIterator<Item = &Row> + '_ {
        // `order` is empty or a permutation of the rows' positions (built by `sort` over
        // them, dropped by `settle` before rows are added), so the indexing cannot fail.
        #[allow(clippy::indexing_slicing)]
        (0..self.rows.len()).map(move |k| &self.rows[self.position(k)])
    }

    /// Puts the rows themselves in finding order (moving them in place) and drops the
    /// index; done before rows are added or stores joined.
    pub(crate) fn settle(&mut self) {
        if !self.order.is_empty() {
            let order = std::mem::take(&mut self.order);
            order::permute(&mut self.rows, &order);
        }
    }

    /// The finding at position `i`, read in place.
    pub fn view(&self, i: usize) -> Option<FindingRef<'_>> {
        let row = self.row(i)?;
        Some(FindingRef {
            findings: self,
            row,
        })
    }

    /// Every finding, read in place, in order.
    pub fn views(&self) -> impl ExactSizeIterator<Item = FindingRef<'_>> + '_ {
        self.ordered_rows().map(move |row| FindingRef {
            findings: self,
            row,
        })
    }

    /// The finding at position `i`, as an owned value.
    pub fn get(&self, i: usize) -> Option<Finding> {
        self.view(i).map(|f| f.to_finding())
    }

    /// Every finding as an owned value, in order (each built when reached).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Finding> + '_ {
        self.views().map(|f| f.to_finding())
    }

    /// Every finding as an owned value.
    pub fn to_vec(&self) -> Vec<Finding> {
        self.iter().collect()
    }

    /// Whether the findings were read back from JSON (see [`IdExtra::Detached`]).
    #[cfg(feature = "arrow")]
    pub(crate) fn is_detached(&self) -> bool {
        self.rules.iter().any(|r| r.extra == IdExtra::Detached)
    }

    /// The rule id of code `rule`.
    pub(crate) fn rule_id(&self, rule: u16) -> &str {
        self.rules.get(usize::from(rule)).map_or("", |r| &r.id)
    }

    /// The activity positions of an [`Ev::Activities`] list (empty for any other value).
    pub(crate) fn activity_list(&self, ev: Ev) -> &[u32] {
        match ev {
            Ev::Activities { start, len } => {
                let start = start as usize;
                self.lists.get(start..start + len as usize).unwrap_or(&[])
            }
            _ => &[],
        }
    }

    /// The first `n` findings, in a store of their own.
    pub fn first(&self, n: usize) -> Findings {
        self.copied(self.ordered_rows().take(n))
    }

    /// The findings at `positions` (in the order given; positions past the end are
    /// skipped), in a store of their own: their rows and evidence are copied, the kept
    /// texts shared by value.
    pub(crate) fn select(&self, positions: &[u32]) -> Findings {
        self.copied(positions.iter().filter_map(|&p| self.row(p as usize)))
    }

    /// A store of `rows` (rows of this store) with their evidence, the texts shared.
    fn copied<'a>(&self, rows: impl Iterator<Item = &'a Row>) -> Findings {
        let mut out = self.emptied();
        out.evidence = self.evidence.emptied_sharing();
        out.texts = self.texts.clone();
        out.json = self.json.clone();
        out.lists = self.lists.clone();
        out.rows.reserve(rows.size_hint().0);
        for row in rows {
            let width = self
                .rules
                .get(usize::from(row.rule))
                .map_or(0, |r| r.keys.len());
            let start = row.evidence as usize;
            let mut row = *row;
            row.evidence = out.evidence.len() as u32;
            out.evidence.extend_from(self.evidence.slice(start, width));
            out.rows.push(row);
        }
        out
    }

    /// Moves the findings of `other`, a store of other rules about the same dataset, to the
    /// end of this one: its rules, evidence, texts, JSON values and lists follow this
    /// store's, and every position into them is moved along.
    pub(crate) fn append(&mut self, mut other: Findings) {
        self.settle();
        other.settle();
        let base = |len: usize| u32::try_from(len).unwrap_or(NONE);
        let rule_base = u16::try_from(self.rules.len()).unwrap_or(u16::MAX);
        let (evidence_base, text_base) = (base(self.evidence.len()), base(self.texts.len()));
        let (json_base, list_base) = (base(self.json.len()), base(self.lists.len()));
        let shift = |i: u32, by: u32| {
            if i == NONE {
                NONE
            } else {
                i.saturating_add(by)
            }
        };
        // Rules whose `extra` is the position of a kept text.
        let extra_is_text: Vec<bool> = other
            .rules
            .iter()
            .map(|r| {
                matches!(
                    r.extra,
                    IdExtra::SlashText | IdExtra::HashText | IdExtra::Detached
                )
            })
            .collect();
        self.rows.extend(other.rows.into_iter().map(|mut row| {
            if extra_is_text.get(usize::from(row.rule)) == Some(&true) {
                row.extra = shift(row.extra, text_base);
            }
            row.rule = row.rule.saturating_add(rule_base);
            row.evidence = shift(row.evidence, evidence_base);
            row.message = shift(row.message, text_base);
            row
        }));
        self.evidence.append(other.evidence, |ev| match ev {
            Ev::Text(i) => Ev::Text(shift(i, text_base)),
            Ev::Json(i) => Ev::Json(shift(i, json_base)),
            Ev::Activities { start, len } => Ev::Activities {
                start: shift(start, list_base),
                len,
            },
            ev => ev,
        });
        self.rules.extend(other.rules);
        self.texts.extend(other.texts);
        self.json.extend(other.json);
        self.lists.extend(other.lists);
    }

    /// A store with the same rules and no findings.
    pub fn emptied(&self) -> Findings {
        Findings {
            dataset: self.dataset.clone(),
            rules: self.rules.clone(),
            rows: Vec::new(),
            order: Vec::new(),
            evidence: EvColumn::default(),
            texts: Vec::new(),
            json: Vec::new(),
            lists: Vec::new(),
        }
    }
}

impl std::fmt::Debug for Findings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Findings {
    fn eq(&self, other: &Findings) -> bool {
        self.len() == other.len() && self.views().zip(other.views()).all(|(a, b)| a == b)
    }
}

impl serde::Serialize for Findings {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.views())
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Findings {
    fn schema_name() -> Cow<'static, str> {
        "Findings".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<Finding>>::json_schema(generator)
    }

    fn inline_schema() -> bool {
        true
    }
}
