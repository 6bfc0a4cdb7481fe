//! Storing findings given as [`Finding`] values: custom rules, whose findings are few (one
//! per subject whose condition holds) and carry their rendered message and evidence.

use super::{Ev, Findings, IdExtra, Keys, RuleEntry, NONE};
use crate::eval::{Finding, SubjectKind};
use crate::period::Period;
use std::borrow::Cow;
use std::collections::HashMap;

/// Id lookups for converting [`Finding`] values into rows.
pub(crate) struct Lookup {
    groups: HashMap<String, u32>,
    strategies: HashMap<String, u32>,
    obligations: HashMap<String, u32>,
}

impl Lookup {
    pub(crate) fn new(findings: &Findings) -> Lookup {
        let plan = findings.dataset.plan();
        let pos = |ids: &mut dyn Iterator<Item = &String>| {
            ids.enumerate()
                .map(|(i, id)| (id.clone(), i as u32))
                .collect::<HashMap<_, _>>()
        };
        Lookup {
            groups: pos(&mut plan.groups.iter().map(|g| &g.id)),
            strategies: pos(&mut plan.strategies.iter().map(|s| &s.id)),
            obligations: pos(&mut plan
                .reporting_obligations
                .iter()
                .map(|o| &o.id)
                .chain(plan.meeting_obligations.iter().map(|o| &o.id))),
        }
    }
}

impl Findings {
    /// Adds a rule whose findings come as [`Finding`] values.
    pub(crate) fn owned_rule(&mut self, id: &str) -> u16 {
        let code = u16::try_from(self.rules.len()).unwrap_or(u16::MAX);
        self.rules.push(RuleEntry {
            id: Cow::Owned(id.to_string()),
            keys: Keys::Whole,
            render: None,
            extra: IdExtra::WholeId,
        });
        code
    }

    /// Stores `finding` under rule code `rule`.
    pub(crate) fn push_owned(&mut self, rule: u16, finding: Finding, lookup: &Lookup) {
        self.settle();
        let ds = self.dataset.clone();
        let index = &ds.index;
        let subject = match finding.subject.kind {
            SubjectKind::Activity => index.activity.get(&finding.subject.id).copied(),
            SubjectKind::Organisation => index.org.get(&finding.subject.id).copied(),
            SubjectKind::Indicator => index.indicator.get(&finding.subject.id).copied(),
            SubjectKind::Group => lookup.groups.get(&finding.subject.id).copied(),
            SubjectKind::Obligation => lookup.obligations.get(&finding.subject.id).copied(),
            SubjectKind::Plan => Some(0),
        }
        .unwrap_or(NONE);
        let period = finding
            .period
            .as_deref()
            .and_then(|p| Period::parse(p, ds.calendar()).ok());
        self.texts.push(finding.id);
        let extra = (self.texts.len() - 1) as u32;
        self.texts.push(finding.message);
        let message = (self.texts.len() - 1) as u32;
        let evidence = self.evidence.len() as u32;
        self.json
            .push(crate::eval::Value::Map(finding.evidence.into()));
        self.evidence.push(Ev::Json((self.json.len() - 1) as u32));
        self.rows.push(super::Row {
            rule,
            severity: finding.severity,
            kind: finding.subject.kind,
            subject,
            period,
            extra,
            owner: finding
                .owner
                .as_ref()
                .and_then(|o| index.org.get(o))
                .copied()
                .unwrap_or(NONE),
            strategy: finding
                .strategy
                .as_ref()
                .and_then(|s| lookup.strategies.get(s))
                .copied()
                .unwrap_or(NONE),
            province: NONE,
            sort_date: finding.sort_date,
            evidence,
            message,
        });
    }
}

impl Findings {
    /// A store of findings read back from JSON (see [`IdExtra::Detached`]), in the order
    /// given, about `dataset`, a plan that holds none of their subjects: every text is
    /// kept, and the rules are those of the findings in order of first appearance.
    pub(crate) fn detached(dataset: &crate::Dataset, findings: Vec<Finding>) -> Findings {
        let mut store = Findings::new(dataset);
        let mut rules: HashMap<String, u16> = HashMap::new();
        let none = String::new;
        for f in findings {
            let next = u16::try_from(store.rules.len()).unwrap_or(u16::MAX);
            let rule = *rules.entry(f.rule.clone()).or_insert_with(|| {
                store.rules.push(RuleEntry {
                    id: Cow::Owned(f.rule.clone()),
                    keys: Keys::Whole,
                    render: None,
                    extra: IdExtra::Detached,
                });
                next
            });
            let extra = store.texts.len() as u32;
            store.texts.extend([
                f.id,
                f.period.unwrap_or_else(none),
                f.subject.id,
                f.owner.unwrap_or_else(none),
                f.strategy.unwrap_or_else(none),
                f.province.unwrap_or_else(none),
                f.message,
            ]);
            let evidence = store.evidence.len() as u32;
            store.json.push(crate::eval::Value::Map(f.evidence.into()));
            store.evidence.push(Ev::Json((store.json.len() - 1) as u32));
            store.rows.push(super::Row {
                rule,
                severity: f.severity,
                kind: f.subject.kind,
                subject: NONE,
                period: None,
                extra,
                owner: NONE,
                strategy: NONE,
                province: NONE,
                sort_date: f.sort_date,
                evidence,
                message: extra + 6,
            });
        }
        store
    }
}
