//! The findings table.

use super::batch;
use crate::eval::{FindingRef, Findings};
use arrow_array::builder::StringBuilder;
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, DictionaryArray, Int32Array, RecordBatch, StringArray};
use arrow_schema::ArrowError;
use std::sync::Arc;

/// A dictionary column over dense codes: the dictionary holds the values that occur, in
/// the order they first appear, and no string is hashed or copied per row.
struct Coded {
    /// Dictionary key of each code, once it has appeared.
    key_of: Vec<i32>,
    values: Vec<String>,
    keys: Vec<Option<i32>>,
}

impl Coded {
    fn new(codes: usize, rows: usize) -> Coded {
        Coded {
            key_of: vec![-1; codes],
            values: Vec::new(),
            keys: Vec::with_capacity(rows),
        }
    }

    /// Appends code `code` (`None` for null); `name` gives its text the first time.
    fn push<'a>(&mut self, code: Option<usize>, name: impl FnOnce() -> &'a str) {
        let key = code.and_then(|c| {
            let slot = self.key_of.get_mut(c)?;
            if *slot < 0 {
                *slot = self.values.len() as i32;
                self.values.push(name().to_string());
            }
            Some(*slot)
        });
        self.keys.push(key);
    }

    fn finish(self) -> Result<ArrayRef, ArrowError> {
        let keys = Int32Array::from(self.keys);
        let values = StringArray::from(self.values);
        Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
            keys,
            Arc::new(values),
        )?))
    }
}

/// The findings (all, or those at positions `rows`), one row each: `id`, `rule`,
/// `severity`, `subject_kind`, `subject_id`, `period`, `message`, `owner`, `strategy`,
/// `province` and the evidence as JSON text.
pub fn findings_batch(
    findings: &Findings,
    rows: Option<&[usize]>,
) -> Result<RecordBatch, ArrowError> {
    let plan = findings.dataset.plan();
    let n = rows.map_or(findings.len(), <[usize]>::len);
    let n_orgs = plan.organisations.len();
    let mut id = StringBuilder::with_capacity(n, n * 32);
    let mut rule = Coded::new(findings.rules.len(), n);
    let mut severity = Coded::new(4, n);
    let mut kind = Coded::new(6, n);
    let mut subject = StringBuilder::with_capacity(n, n * 12);
    let mut period = StringBuilder::with_capacity(n, n * 8);
    let mut message = StringBuilder::with_capacity(n, n * 80);
    let mut owner = Coded::new(n_orgs, n);
    let mut strategy = Coded::new(plan.strategies.len(), n);
    let mut province = Coded::new(n_orgs, n);
    let mut evidence = StringBuilder::with_capacity(n, n * 64);
    let mut text = String::with_capacity(256);
    let mut add = |f: FindingRef<'_>| {
        text.clear();
        text.push_str(f.rule());
        text.push(':');
        text.push_str(f.subject_id());
        f.push_id_tail(&mut text);
        id.append_value(&text);
        rule.push(Some(usize::from(f.rule_code())), || f.rule());
        severity.push(Some(f.severity() as usize), || f.severity().name());
        kind.push(Some(f.subject_kind() as usize), || f.subject_kind().name());
        subject.append_value(f.subject_id());
        match f.period() {
            Some(p) => {
                use std::fmt::Write;
                text.clear();
                let _ = write!(text, "{p}");
                period.append_value(&text);
            }
            None => period.append_null(),
        }
        message.append_value(f.message());
        owner.push(f.owner_index().map(|i| i as usize), || {
            f.owner().unwrap_or("")
        });
        strategy.push(f.strategy_index().map(|i| i as usize), || {
            f.strategy().unwrap_or("")
        });
        province.push(f.province_index().map(|i| i as usize), || {
            f.province().unwrap_or("")
        });
        match serde_json::to_string(&f.evidence_json()) {
            Ok(json) => evidence.append_value(json),
            Err(_) => evidence.append_null(),
        }
    };
    match rows {
        Some(rows) => rows
            .iter()
            .filter_map(|&i| findings.view(i))
            .for_each(&mut add),
        None => findings.views().for_each(&mut add),
    }
    batch(vec![
        ("id", Arc::new(id.finish())),
        ("rule", rule.finish()?),
        ("severity", severity.finish()?),
        ("subject_kind", kind.finish()?),
        ("subject_id", Arc::new(subject.finish())),
        ("period", Arc::new(period.finish())),
        ("message", Arc::new(message.finish())),
        ("owner", owner.finish()?),
        ("strategy", strategy.finish()?),
        ("province", province.finish()?),
        ("evidence", Arc::new(evidence.finish())),
    ])
}
