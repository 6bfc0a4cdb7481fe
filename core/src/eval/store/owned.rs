//! Storing findings given as [`Finding`] values: findings read back from JSON, which
//! carry their ids, messages and evidence as text.

use super::{Ev, Findings, IdExtra, Keys, RuleEntry, NONE};
use crate::eval::Finding;
use std::borrow::Cow;
use std::collections::HashMap;

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
                sort_date: f.sort_date,
                evidence,
                message: extra + 6,
            });
        }
        store
    }
}
