//! What an import did: rows read, indicator values and submissions made (per indicator
//! and per data set), entries of the directory's monitoring data replaced, rows skipped.

use crate::period::PeriodType;
use serde::Serialize;
use std::fmt::Write;

/// Which kind of DHIS2 id a skipped row's unknown id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// A data set (of a registration).
    DataSet,
    /// A data element (of a data value).
    DataElement,
    /// A category option combo of a data element whose combos the mapping lists.
    CategoryOptionCombo,
    /// An organisation unit.
    OrgUnit,
}

impl IdKind {
    /// The kind in words (`data element`).
    pub fn words(self) -> &'static str {
        match self {
            IdKind::DataSet => "data set",
            IdKind::DataElement => "data element",
            IdKind::CategoryOptionCombo => "category option combo",
            IdKind::OrgUnit => "organisation unit",
        }
    }
}

/// An id the mapping does not name, and how many rows gave it (with `"unknown_ids":
/// "skip"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownId {
    /// Which kind of id.
    pub kind: IdKind,
    /// The id.
    pub id: String,
    /// The rows left out for it.
    pub rows: usize,
}

/// Rows read but not imported.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Skipped {
    /// Data values marked deleted.
    pub deleted: usize,
    /// Registrations marked not completed.
    pub incomplete: usize,
    /// Rows given again later (the same data element, period, organisation unit and
    /// option combos; or the same data set, period, organisation unit and attribute option
    /// combo): the later one is imported, as DHIS2 would keep it.
    pub superseded: usize,
    /// Rows with an id the mapping does not name, per kind and id (in that order).
    pub unknown: Vec<UnknownId>,
}

/// Entries of the directory's monitoring data that imported ones replaced.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Replaced {
    /// Submissions of the same reporter, report type and period.
    pub submissions: usize,
    /// Indicator values of the same indicator, period and reporter.
    pub indicator_values: usize,
}

/// What an indicator got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorCount {
    /// The indicator id.
    pub indicator: String,
    /// The data values that went into its values.
    pub data_values: usize,
    /// Its indicator values (one per period and reporter).
    pub indicator_values: usize,
}

/// What a data set gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataSetCount {
    /// The data set id.
    pub data_set: String,
    /// The obligation it is mapped to.
    pub obligation: String,
    /// Its report type.
    pub report_type: PeriodType,
    /// Its registrations read (after those superseded).
    pub registrations: usize,
    /// The submissions they made (one per reporter and period: the earliest registration).
    pub submissions: usize,
}

/// What an import did; [`Summary::text`] is what `planwatch import-dhis2` prints.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// The export files read.
    pub files: usize,
    /// Data value rows read (skipped ones included).
    pub data_values: usize,
    /// Registration rows read (skipped ones included).
    pub registrations: usize,
    /// Indicator values made.
    pub indicator_values: usize,
    /// Submissions made.
    pub submissions: usize,
    /// Per indicator with data values, in the plan's order.
    pub indicators: Vec<IndicatorCount>,
    /// Per data set with registrations, in id order.
    pub data_sets: Vec<DataSetCount>,
    /// Entries of the directory's monitoring data replaced.
    pub replaced: Replaced,
    /// Rows not imported.
    pub skipped: Skipped,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Rows of cells as aligned text, indented: the first `left` columns (names)
/// left-aligned, the others (counts) right-aligned.
fn aligned(rows: &[Vec<String>], left: usize) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::from("  ");
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c < left {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
            if c + 1 < row.len() {
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

impl Summary {
    /// The summary for people, as `planwatch import-dhis2` prints it.
    ///
    /// ```
    /// let summary = planwatch::dhis2::Summary::default();
    /// assert!(summary.text().starts_with("read 0 files: 0 data values, 0 registrations\n"));
    /// ```
    pub fn text(&self) -> String {
        let mut out = format!(
            "read {}: {}, {}\n",
            plural(self.files, "file", "files"),
            plural(self.data_values, "data value", "data values"),
            plural(self.registrations, "registration", "registrations"),
        );
        let _ = writeln!(
            out,
            "imported {} and {}",
            plural(self.indicator_values, "indicator value", "indicator values"),
            plural(self.submissions, "submission", "submissions"),
        );
        if !self.indicators.is_empty() {
            let mut rows = vec![vec![
                "indicator".to_string(),
                "values".to_string(),
                "data values".to_string(),
            ]];
            rows.extend(self.indicators.iter().map(|i| {
                vec![
                    i.indicator.clone(),
                    i.indicator_values.to_string(),
                    i.data_values.to_string(),
                ]
            }));
            out.push_str(&aligned(&rows, 1));
        }
        if !self.data_sets.is_empty() {
            let mut rows = vec![vec![
                "data set".to_string(),
                "obligation".to_string(),
                "report type".to_string(),
                "submissions".to_string(),
                "registrations".to_string(),
            ]];
            rows.extend(self.data_sets.iter().map(|d| {
                vec![
                    d.data_set.clone(),
                    d.obligation.clone(),
                    d.report_type.to_string(),
                    d.submissions.to_string(),
                    d.registrations.to_string(),
                ]
            }));
            out.push_str(&aligned(&rows, 3));
        }
        let _ = writeln!(
            out,
            "replaced {} and {} of the monitoring data",
            plural(self.replaced.submissions, "submission", "submissions"),
            plural(
                self.replaced.indicator_values,
                "indicator value",
                "indicator values"
            ),
        );
        let s = &self.skipped;
        let unknown: usize = s.unknown.iter().map(|u| u.rows).sum();
        let _ = write!(
            out,
            "skipped {} deleted, {} not completed, {} given again later, {} with ids not in the mapping",
            plural(s.deleted, "data value", "data values"),
            plural(s.incomplete, "registration", "registrations"),
            plural(s.superseded, "row", "rows"),
            plural(unknown, "row", "rows"),
        );
        if s.unknown.is_empty() {
            out.push('\n');
        } else {
            out.push_str(":\n");
            for u in &s.unknown {
                let _ = writeln!(
                    out,
                    "  {} `{}`: {}",
                    u.kind.words(),
                    u.id,
                    plural(u.rows, "row", "rows")
                );
            }
        }
        out
    }
}
