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
/// Names sit beside their ids (`subject_name` is null for a reporting obligation); the
/// names of owners and provinces, the rule, severity, kind, owner, strategy and province are
/// dictionary columns, the rest text.
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

/// Positions in [`FINDING_COLUMNS`] of the columns written as text per finding (`id`,
/// `subject_id`, `subject_name`, `period`, `message`, `evidence`): the costly ones, built in
/// parallel runs. `subject_name` is text rather than a dictionary: subjects are nearly as
/// many as findings, and a pandas categorical of a million titles cost more to build (2.4 s
/// at 1M activities) than the column itself.
const TEXT_COLUMNS: [usize; 6] = [0, 4, 5, 6, 7, 13];

/// Findings under [`TEXT_RUN`] are written on one thread.
const TEXT_RUN: usize = 20_000;

/// The text columns of one run of findings.
struct TextColumns {
    id: StringBuilder,
    subject: StringBuilder,
    subject_name: StringBuilder,
    period: StringBuilder,
    message: StringBuilder,
    evidence: StringBuilder,
    text: String,
    json: Vec<u8>,
}

impl TextColumns {
    /// Builders for `rows` findings, with capacity only for the columns wanted.
    fn new(rows: usize, wanted: &[bool; 14]) -> TextColumns {
        let builder = |column: usize, bytes_per_row: usize| {
            let n = if wanted[column] { rows } else { 0 };
            StringBuilder::with_capacity(n, n * bytes_per_row)
        };
        TextColumns {
            id: builder(0, 32),
            subject: builder(4, 12),
            subject_name: builder(5, 64),
            period: builder(6, 8),
            message: builder(7, 80),
            evidence: builder(13, 64),
            text: String::with_capacity(256),
            json: Vec::with_capacity(256),
        }
    }

    fn push(&mut self, f: &FindingRef<'_>, wanted: &[bool; 14]) {
        if wanted[0] {
            self.text.clear();
            self.text.push_str(f.rule());
            self.text.push(':');
            self.text.push_str(f.subject_id());
            f.push_id_tail(&mut self.text);
            self.id.append_value(&self.text);
        }
        if wanted[4] {
            self.subject.append_value(f.subject_id());
        }
        if wanted[5] {
            self.subject_name.append_option(f.subject_name());
        }
        if wanted[6] {
            match f.period() {
                Some(p) => {
                    use std::fmt::Write;
                    self.text.clear();
                    let _ = write!(self.text, "{p}");
                    self.period.append_value(&self.text);
                }
                None => self.period.append_null(),
            }
        }
        if wanted[7] {
            self.message.append_value(f.message());
        }
        if wanted[13] {
            self.json.clear();
            f.write_evidence_json(&mut self.json);
            match std::str::from_utf8(&self.json) {
                Ok(text) => self.evidence.append_value(text),
                Err(_) => self.evidence.append_null(),
            }
        }
    }

    /// The columns in [`TEXT_COLUMNS`] order.
    fn finish(mut self) -> [StringArray; 6] {
        [
            self.id.finish(),
            self.subject.finish(),
            self.subject_name.finish(),
            self.period.finish(),
            self.message.finish(),
            self.evidence.finish(),
        ]
    }
}

/// The text columns of the findings (all, or those at positions `rows`), in
/// [`TEXT_COLUMNS`] order; runs of findings are written on the cores at once and joined in
/// order, so the columns are those one thread would write.
fn text_columns(
    findings: &Findings,
    rows: Option<&[usize]>,
    wanted: &[bool; 14],
) -> Result<[ArrayRef; 6], ArrowError> {
    let n = rows.map_or(findings.len(), <[usize]>::len);
    let any = TEXT_COLUMNS.iter().any(|&c| wanted[c]);
    let run = if any { TEXT_RUN } else { usize::MAX };
    let mut runs = crate::threads::split_map(n, run, |range| {
        let mut columns = TextColumns::new(range.len(), wanted);
        for k in range {
            let position = match rows {
                Some(rows) => rows.get(k).copied(),
                None => Some(k),
            };
            if let Some(f) = position.and_then(|i| findings.view(i)) {
                columns.push(&f, wanted);
            }
        }
        columns.finish()
    });
    if runs.len() == 1 {
        if let Some(one) = runs.pop() {
            return Ok(one.map(|a| Arc::new(a) as ArrayRef));
        }
    }
    let mut joined: Vec<ArrayRef> = Vec::with_capacity(TEXT_COLUMNS.len());
    for c in 0..TEXT_COLUMNS.len() {
        let parts: Vec<&dyn arrow_array::Array> = runs
            .iter()
            .filter_map(|r| r.get(c))
            .map(|a| a as &dyn arrow_array::Array)
            .collect();
        joined.push(arrow_select::concat::concat(&parts)?);
    }
    joined
        .try_into()
        .map_err(|_| ArrowError::ComputeError("findings table: text columns".to_string()))
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
    // The text columns first, on every core; then the coded ones in one pass.
    let [id, subject, subject_name, period, message, evidence] =
        text_columns(findings, rows, &wanted)?;
    // Capacity only for the columns built.
    let n_all = rows.map_or(findings.len(), <[usize]>::len);
    let n_for = |name: &str| if want(name) { n_all } else { 0 };
    let n_orgs = plan.organisations.len();
    let mut rule = Coded::new(findings.rules.len(), n_for("rule"));
    let mut severity = Coded::new(4, n_for("severity"));
    let mut kind = Coded::new(6, n_for("subject_kind"));
    let mut owner_name = Coded::names(n_orgs, n_for("owner_name"));
    let mut province_name = Coded::names(n_orgs, n_for("province_name"));
    // The owner, strategy and province of findings read back from JSON are kept texts,
    // coded by their position among them (one dictionary entry per distinct text).
    let (mut owner, mut strategy, mut province) = if findings.is_detached() {
        let n_texts = findings.texts.len();
        (
            Coded::names(n_texts, n_for("owner")),
            Coded::names(n_texts, n_for("strategy")),
            Coded::names(n_texts, n_for("province")),
        )
    } else {
        (
            Coded::new(n_orgs, n_for("owner")),
            Coded::new(plan.strategies.len(), n_for("strategy")),
            Coded::new(n_orgs, n_for("province")),
        )
    };
    let coded = [1, 2, 3, 8, 9, 10, 11, 12].iter().any(|&c| wanted[c]);
    let mut add = |f: FindingRef<'a>| {
        if wanted[1] {
            rule.push(Some(usize::from(f.rule_code())), || f.rule());
        }
        if wanted[2] {
            severity.push(Some(f.severity() as usize), || f.severity().name());
        }
        if wanted[3] {
            kind.push(Some(f.subject_kind() as usize), || f.subject_kind().name());
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
    };
    if coded {
        match rows {
            Some(rows) => rows
                .iter()
                .filter_map(|&i| findings.view(i))
                .for_each(&mut add),
            None => findings.views().for_each(&mut add),
        }
    }
    let mut built: Vec<(&'static str, ArrayRef)> = Vec::with_capacity(order.len());
    let mut take = |name: &'static str, array: ArrayRef| {
        if want(name) {
            built.push((name, array));
        }
    };
    take("id", id);
    take("rule", rule.finish()?);
    take("severity", severity.finish()?);
    take("subject_kind", kind.finish()?);
    take("subject_id", subject);
    take("subject_name", subject_name);
    take("period", period);
    take("message", message);
    take("owner", owner.finish()?);
    take("owner_name", owner_name.finish()?);
    take("strategy", strategy.finish()?);
    take("province", province.finish()?);
    take("province_name", province_name.finish()?);
    take("evidence", evidence);
    // In the order asked for, each column once.
    let mut ordered = Vec::with_capacity(built.len());
    for name in order {
        if let Some(k) = built.iter().position(|(n, _)| n == name) {
            ordered.push(built.swap_remove(k));
        }
    }
    batch(ordered)
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

    /// A plan of `n` activities, each overdue, late to start and without an indicator.
    fn late_plan(n: usize) -> crate::Dataset {
        let activities: Vec<String> = (0..n)
            .map(|i| {
                format!(
                    r#"{{"id": "a{i}", "group": "1.1", "title": "activity {i}", "lead": "o",
                        "planned_start": "2019-01-01", "deadline": "2019-06-30"}}"#
                )
            })
            .collect();
        let plan = format!(
            r#"{{"id": "p", "title": "t", "start": "2019-01-01", "end": "2019-12-31",
                "organisations": [{{"id": "o", "name": "O", "kind": "ministry"}}],
                "strategies": [{{"id": "1", "title": "s"}}],
                "groups": [{{"id": "1.1", "strategy": "1", "title": "g"}}],
                "activities": [{}]}}"#,
            activities.join(",")
        );
        crate::Dataset::from_json(&plan, "{}").unwrap()
    }

    #[test]
    fn text_columns_written_in_runs_are_those_of_each_finding_in_order() {
        // Enough findings for several runs (TEXT_RUN each) where there are several cores.
        let ds = late_plan(TEXT_RUN);
        let as_of = chrono::NaiveDate::from_ymd_opt(2019, 12, 1).unwrap();
        let ev = ds.evaluate(&crate::RuleSet::default(), as_of);
        assert!(ev.findings.len() >= 2 * TEXT_RUN, "{}", ev.findings.len());
        let every: Vec<usize> = (0..ev.findings.len()).rev().step_by(2).collect();
        for rows in [None, Some(every.as_slice())] {
            let batch = findings_batch(&ev.findings, rows).unwrap();
            let column = |name: &str| batch.column_by_name(name).unwrap().as_string::<i32>();
            let (id, message, subject) = (column("id"), column("message"), column("subject_id"));
            let evidence = column("evidence");
            let positions: Vec<usize> = match rows {
                Some(r) => r.to_vec(),
                None => (0..ev.findings.len()).collect(),
            };
            assert_eq!(batch.num_rows(), positions.len());
            for (k, &i) in positions.iter().enumerate() {
                let f = ev.findings.view(i).unwrap();
                assert_eq!(id.value(k), f.id());
                assert_eq!(message.value(k), f.message());
                assert_eq!(subject.value(k), f.subject_id());
                let json: serde_json::Value = serde_json::from_str(evidence.value(k)).unwrap();
                assert_eq!(json, serde_json::to_value(f.evidence()).unwrap());
                assert_eq!(text(&batch, "rule", k).as_deref(), Some(f.rule()));
            }
        }
    }

    #[test]
    fn evidence_column_is_byte_for_byte_what_serde_json_writes() {
        // NSP with its rules (custom rules give their variables as evidence), with one reporter's
        // id holding a quote, a line break, a NUL, a backslash and non-ASCII text, so that
        // the escaping path is taken as well as the copying one.
        let dir = std::path::Path::new("../examples/nsp-2019-2023");
        let odd = r#""pcct-kampot\"\n\u0000\\é""#;
        let read = |f: &str| {
            std::fs::read_to_string(dir.join(f))
                .unwrap()
                .replace(r#""pcct-kampot""#, odd)
        };
        let ds = crate::Dataset::from_json(&read("plan.json"), &read("monitoring.json")).unwrap();
        assert!(ds.plan().organisations.iter().any(|o| o.id.contains('\0')));
        let rules = crate::RuleSet::load_dir(dir).unwrap();
        let mut escaped = 0;
        for as_of in [(2020, 6, 30), (2021, 6, 30), (2023, 12, 31)] {
            let as_of = chrono::NaiveDate::from_ymd_opt(as_of.0, as_of.1, as_of.2).unwrap();
            let ev = ds.evaluate(&rules, as_of);
            let batch = findings_batch(&ev.findings, None).unwrap();
            let evidence = batch.column_by_name("evidence").unwrap().as_string::<i32>();
            for i in 0..ev.findings.len() {
                let f = ev.findings.view(i).unwrap();
                let want = serde_json::to_string(&f.evidence_json()).unwrap();
                assert_eq!(evidence.value(i), want, "{}", f.id());
                escaped += usize::from(want.contains("\\u0000"));
            }
        }
        assert!(escaped > 0, "no evidence names the odd id");
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
            let names = batch
                .column_by_name("subject_name")
                .unwrap()
                .as_string::<i32>();
            assert_eq!(
                (!names.is_null(i)).then(|| names.value(i)),
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
        for name in ["owner_name", "province_name"] {
            let dict = batch
                .column_by_name(name)
                .unwrap()
                .as_dictionary::<Int32Type>();
            let values: Vec<&str> = dict.values().as_string::<i32>().iter().flatten().collect();
            let unique: std::collections::BTreeSet<&str> = values.iter().copied().collect();
            assert_eq!(values.len(), unique.len(), "{name}");
        }
    }

    #[test]
    fn a_read_back_evaluation_gives_the_same_table_without_names() {
        let ds = crate::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
        let rules = crate::RuleSet::load_dir("../examples/nsp-2019-2023").unwrap();
        let ev = ds.evaluate(
            &rules,
            chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
        );
        let back: crate::Evaluation =
            serde_json::from_str(&serde_json::to_string(&ev).unwrap()).unwrap();
        let (a, b) = (
            findings_batch(&ev.findings, None).unwrap(),
            findings_batch(&back.findings, None).unwrap(),
        );
        assert_eq!(a.num_rows(), b.num_rows());
        for k in 0..a.num_rows() {
            for name in [
                "rule",
                "severity",
                "subject_kind",
                "owner",
                "strategy",
                "province",
            ] {
                assert_eq!(text(&a, name, k), text(&b, name, k), "{name} of row {k}");
            }
            for name in ["id", "subject_id", "period", "message", "evidence"] {
                let (x, y) = (
                    a.column_by_name(name).unwrap().as_string::<i32>(),
                    b.column_by_name(name).unwrap().as_string::<i32>(),
                );
                assert_eq!(x.is_null(k), y.is_null(k), "{name} of row {k}");
                assert_eq!(x.value(k), y.value(k), "{name} of row {k}");
            }
            assert_eq!(text(&b, "owner_name", k), None);
        }
        assert!((0..a.num_rows()).any(|k| text(&b, "province", k).is_some()));
        // Dictionaries hold each text once, as pandas categories must.
        for name in ["owner", "strategy", "province"] {
            let dict = b.column_by_name(name).unwrap().as_dictionary::<Int32Type>();
            let values: Vec<&str> = dict.values().as_string::<i32>().iter().flatten().collect();
            let unique: std::collections::BTreeSet<&str> = values.iter().copied().collect();
            assert_eq!(values.len(), unique.len(), "{name}");
        }
    }
}
