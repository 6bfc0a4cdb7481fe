//! The findings table.

use super::batch;
use crate::eval::{FindingRef, Findings};
use arrow_array::builder::StringBuilder;
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, DictionaryArray, Int32Array, RecordBatch, StringArray};
use arrow_schema::ArrowError;
use std::collections::HashMap;
use std::sync::Arc;

/// A dictionary column over dense codes: the dictionary holds the values that occur, in
/// the order they first appear, and no string is hashed or copied per row.
struct Coded<'a> {
    /// Dictionary key of each code, once it has appeared.
    key_of: Vec<i32>,
    values: Vec<String>,
    keys: Vec<Option<i32>>,
    /// For names, which two codes may share: the key of each text, so that the dictionary
    /// holds each text once (pandas categories must be unique).
    key_of_text: Option<HashMap<&'a str, i32, foldhash::fast::FixedState>>,
}

impl<'a> Coded<'a> {
    fn new(codes: usize, rows: usize) -> Coded<'a> {
        Coded {
            key_of: vec![-1; codes],
            values: Vec::new(),
            keys: Vec::with_capacity(rows),
            key_of_text: None,
        }
    }

    /// A column of names: codes whose texts are equal share one dictionary entry.
    fn names(codes: usize, rows: usize) -> Coded<'a> {
        Coded {
            key_of_text: Some(HashMap::default()),
            ..Coded::new(codes, rows)
        }
    }

    /// Appends code `code` (`None` for null); `name` gives its text the first time.
    fn push(&mut self, code: Option<usize>, name: impl FnOnce() -> &'a str) {
        let key = code.and_then(|c| {
            let slot = self.key_of.get_mut(c)?;
            if *slot < 0 {
                let text = name();
                let next = self.values.len() as i32;
                *slot = match &mut self.key_of_text {
                    Some(by_text) => *by_text.entry(text).or_insert(next),
                    None => next,
                };
                if *slot == next {
                    self.values.push(text.to_string());
                }
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

/// The columns of [`findings_batch`], in order.
pub const FINDING_COLUMNS: [&str; 14] = [
    "id",
    "rule",
    "severity",
    "subject_kind",
    "subject_id",
    "subject_name",
    "period",
    "message",
    "owner",
    "owner_name",
    "strategy",
    "province",
    "province_name",
    "evidence",
];

/// The findings (all, or those at positions `rows`), one row each: `id`, `rule`,
/// `severity`, `subject_kind`, `subject_id`, `subject_name`, `period`, `message`, `owner`,
/// `owner_name`, `strategy`, `province`, `province_name` and the evidence as JSON text.
/// Names sit beside their ids (`subject_name` is null for a reporting obligation).
pub fn findings_batch(
    findings: &Findings,
    rows: Option<&[usize]>,
) -> Result<RecordBatch, ArrowError> {
    build(findings, rows, [true; 14], &FINDING_COLUMNS)
}

/// [`findings_batch`] with only the named `columns` (of [`FINDING_COLUMNS`]), in the order
/// given: the text of a column nobody asked for (messages, evidence, ids) is not built.
///
/// ```
/// use planwatch::{Dataset, RuleSet};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let ev = ds.evaluate(&RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let batch = planwatch::arrow::findings_batch_of(&ev.findings, None, &["subject_id", "rule"]).unwrap();
/// assert_eq!(batch.num_columns(), 2);
/// assert_eq!(batch.schema().field(0).name(), "subject_id");
/// let err = planwatch::arrow::findings_batch_of(&ev.findings, None, &["colour"]).unwrap_err();
/// assert_eq!(err.kind(), planwatch::ErrorKind::InvalidValue);
/// ```
pub fn findings_batch_of(
    findings: &Findings,
    rows: Option<&[usize]>,
    columns: &[&str],
) -> Result<RecordBatch, crate::Error> {
    if columns.is_empty() {
        return Err(crate::Error::new(
            crate::ErrorKind::InvalidValue,
            format!(
                "no findings column asked for: use {}",
                FINDING_COLUMNS.join(", ")
            ),
            crate::Location::default(),
        ));
    }
    let mut wanted = [false; 14];
    for c in columns {
        match FINDING_COLUMNS.iter().position(|k| k == c) {
            Some(i) => wanted[i] = true,
            None => {
                return Err(crate::Error::new(
                    crate::ErrorKind::InvalidValue,
                    format!(
                        "unknown findings column {}: use {}",
                        crate::export::printable(c),
                        FINDING_COLUMNS.join(", ")
                    ),
                    crate::Location::default(),
                ))
            }
        }
    }
    build(findings, rows, wanted, columns).map_err(|e| {
        crate::Error::new(
            crate::ErrorKind::InvalidValue,
            format!("findings table: {e}"),
            crate::Location::default(),
        )
    })
}

fn build<'a>(
    findings: &'a Findings,
    rows: Option<&[usize]>,
    wanted: [bool; 14],
    order: &[&str],
) -> Result<RecordBatch, ArrowError> {
    let plan = findings.dataset.plan();
    let want = |name: &str| {
        FINDING_COLUMNS
            .iter()
            .position(|k| *k == name)
            .is_some_and(|i| wanted[i])
    };
    // Capacity only for the columns built.
    let n_all = rows.map_or(findings.len(), <[usize]>::len);
    let n_for = |name: &str| if want(name) { n_all } else { 0 };
    let n_orgs = plan.organisations.len();
    let mut id = StringBuilder::with_capacity(n_for("id"), n_for("id") * 32);
    let mut rule = Coded::new(findings.rules.len(), n_for("rule"));
    let mut severity = Coded::new(4, n_for("severity"));
    let mut kind = Coded::new(6, n_for("subject_kind"));
    let mut subject = StringBuilder::with_capacity(n_for("subject_id"), n_for("subject_id") * 12);
    // One code space over every kind of subject: (kind, position) -> code.
    let offsets = subject_offsets(plan);
    let mut subject_name = Coded::names(offsets[offsets.len() - 1], n_for("subject_name"));
    let mut period = StringBuilder::with_capacity(n_for("period"), n_for("period") * 8);
    let mut message = StringBuilder::with_capacity(n_for("message"), n_for("message") * 80);
    let mut owner = Coded::new(n_orgs, n_for("owner"));
    let mut owner_name = Coded::names(n_orgs, n_for("owner_name"));
    let mut province_name = Coded::names(n_orgs, n_for("province_name"));
    let mut strategy = Coded::new(plan.strategies.len(), n_for("strategy"));
    let mut province = Coded::new(n_orgs, n_for("province"));
    let mut evidence = StringBuilder::with_capacity(n_for("evidence"), n_for("evidence") * 64);
    let mut text = String::with_capacity(256);
    let mut json: Vec<u8> = Vec::with_capacity(256);
    let mut add = |f: FindingRef<'a>| {
        if wanted[0] {
            text.clear();
            text.push_str(f.rule());
            text.push(':');
            text.push_str(f.subject_id());
            f.push_id_tail(&mut text);
            id.append_value(&text);
        }
        if wanted[1] {
            rule.push(Some(usize::from(f.rule_code())), || f.rule());
        }
        if wanted[2] {
            severity.push(Some(f.severity() as usize), || f.severity().name());
        }
        if wanted[3] {
            kind.push(Some(f.subject_kind() as usize), || f.subject_kind().name());
        }
        if wanted[4] {
            subject.append_value(f.subject_id());
        }
        if wanted[5] {
            let name = f.subject_name();
            let code = offsets
                .get(f.subject_kind() as usize)
                .and_then(|o| o.checked_add(f.subject_position() as usize))
                .filter(|_| name.is_some());
            subject_name.push(code, || name.unwrap_or(""));
        }
        if wanted[6] {
            match f.period() {
                Some(p) => {
                    use std::fmt::Write;
                    text.clear();
                    let _ = write!(text, "{p}");
                    period.append_value(&text);
                }
                None => period.append_null(),
            }
        }
        if wanted[7] {
            message.append_value(f.message());
        }
        if wanted[8] {
            owner.push(f.owner_index().map(|i| i as usize), || {
                f.owner().unwrap_or("")
            });
        }
        if wanted[9] {
            owner_name.push(f.owner_index().map(|i| i as usize), || {
                f.owner_name().unwrap_or("")
            });
        }
        if wanted[10] {
            strategy.push(f.strategy_index().map(|i| i as usize), || {
                f.strategy().unwrap_or("")
            });
        }
        if wanted[11] {
            province.push(f.province_index().map(|i| i as usize), || {
                f.province().unwrap_or("")
            });
        }
        if wanted[12] {
            province_name.push(f.province_index().map(|i| i as usize), || {
                f.province_name().unwrap_or("")
            });
        }
        if wanted[13] {
            json.clear();
            match serde_json::to_writer(&mut json, &f.evidence_json()) {
                Ok(()) => match std::str::from_utf8(&json) {
                    Ok(text) => evidence.append_value(text),
                    Err(_) => evidence.append_null(),
                },
                Err(_) => evidence.append_null(),
            }
        }
    };
    match rows {
        Some(rows) => rows
            .iter()
            .filter_map(|&i| findings.view(i))
            .for_each(&mut add),
        None => findings.views().for_each(&mut add),
    }
    let mut built: Vec<(&'static str, ArrayRef)> = Vec::with_capacity(order.len());
    let mut take = |name: &'static str, array: ArrayRef| {
        if want(name) {
            built.push((name, array));
        }
    };
    take("id", Arc::new(id.finish()));
    take("rule", rule.finish()?);
    take("severity", severity.finish()?);
    take("subject_kind", kind.finish()?);
    take("subject_id", Arc::new(subject.finish()));
    take("subject_name", subject_name.finish()?);
    take("period", Arc::new(period.finish()));
    take("message", Arc::new(message.finish()));
    take("owner", owner.finish()?);
    take("owner_name", owner_name.finish()?);
    take("strategy", strategy.finish()?);
    take("province", province.finish()?);
    take("province_name", province_name.finish()?);
    take("evidence", Arc::new(evidence.finish()));
    // In the order asked for, each column once.
    let mut ordered = Vec::with_capacity(built.len());
    for name in order {
        if let Some(k) = built.iter().position(|(n, _)| n == name) {
            ordered.push(built.swap_remove(k));
        }
    }
    batch(ordered)
}

/// Where each subject kind's codes start in one code space (indexed by `SubjectKind as
/// usize`), the last entry being the total.
fn subject_offsets(plan: &crate::model::Plan) -> [usize; 7] {
    use crate::eval::SubjectKind as K;
    let mut sizes = [0usize; 6];
    for (kind, size) in [
        (K::Activity, plan.activities.len()),
        (K::Organisation, plan.organisations.len()),
        (K::Indicator, plan.indicators.len()),
        (K::Group, plan.groups.len()),
        (
            K::Obligation,
            plan.reporting_obligations.len() + plan.meeting_obligations.len(),
        ),
        (K::Plan, 1),
    ] {
        if let Some(s) = sizes.get_mut(kind as usize) {
            *s = size;
        }
    }
    let mut offsets = [0usize; 7];
    for k in 0..6 {
        offsets[k + 1] = offsets[k] + sizes[k];
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::Array;

    /// The text of row `i` of dictionary column `name`.
    fn text(batch: &RecordBatch, name: &str, i: usize) -> Option<String> {
        let column = batch.column_by_name(name)?;
        let dict = column.as_dictionary::<Int32Type>();
        if dict.is_null(i) {
            return None;
        }
        let key = dict.keys().value(i) as usize;
        Some(dict.values().as_string::<i32>().value(key).to_string())
    }

    #[test]
    fn names_sit_beside_their_ids() {
        let ds = crate::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
        let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        let ev = ds.evaluate(
            &crate::RuleSet::load_dir("../examples/nsp-2019-2023").unwrap(),
            as_of,
        );
        let batch = findings_batch(&ev.findings, None).unwrap();
        let plan = ds.plan();
        let org = |id: &str| {
            plan.organisations
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.name.clone())
        };
        for (i, f) in ev.findings.views().enumerate() {
            assert_eq!(
                text(&batch, "owner_name", i),
                f.owner().and_then(org),
                "{}",
                f.id()
            );
            assert_eq!(
                text(&batch, "province_name", i),
                f.province().and_then(org),
                "{}",
                f.id()
            );
            assert_eq!(
                text(&batch, "subject_name", i).as_deref(),
                f.subject_name(),
                "{}",
                f.id()
            );
        }
        let first = ev.findings.view(0).unwrap();
        assert_eq!(first.subject_id(), "2.7.11");
        assert_eq!(
            first.subject_name(),
            plan.activities
                .iter()
                .find(|a| a.id == "2.7.11")
                .map(|a| a.title.as_str())
        );
        // Each name once in its dictionary, even where two subjects share a name.
        for name in ["subject_name", "owner_name", "province_name"] {
            let dict = batch
                .column_by_name(name)
                .unwrap()
                .as_dictionary::<Int32Type>();
            let values: Vec<&str> = dict.values().as_string::<i32>().iter().flatten().collect();
            let unique: std::collections::BTreeSet<&str> = values.iter().copied().collect();
            assert_eq!(values.len(), unique.len(), "{name}");
        }
    }
}
