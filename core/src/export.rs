//! Renderings of results: aligned text tables, as the CLI prints them; HTML summaries;
//! and files to hand on ([`write_export`]): the evaluation's tables ([`Table`]) as CSV
//! and `.xlsx` (feature `xlsx`), an iCalendar of deadlines and due days, and the
//! dependency graph as DOT and Mermaid. `docs/exports.md` documents every column.

mod agenda;
pub mod calendar;
pub mod csv;
mod diagram;
mod diff;
pub mod dot;
mod file_format;
pub mod html;
pub mod mermaid;
pub(crate) mod names;
mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use agenda::{agenda_text, reminders_text};
pub use diff::diff_text;
#[cfg(feature = "report")]
pub(crate) use file_format::write_replacing;
pub use file_format::{write_export, ExportOptions, FileFormat};
pub use table::{Cell, Table};

use crate::dataset::Dataset;
use crate::eval::{Breakdown, Evaluation, MeetingRates, Rate, ReportingRates};
use crate::stats::PlanStats;
use std::fmt::Write;

/// `text` safe to print on a terminal: control characters (C0, DEL, C1: escapes that clear
/// the screen, carriage returns and line feeds that forge rows, NUL) and the bidirectional
/// formatting characters (U+202E and its kin, which reorder what follows) are written as
/// `\u{..}` escapes; everything else, Khmer included, is left as it is.
///
/// ```
/// use planwatch::export::printable;
/// assert_eq!(printable("ok \u{1b}[2J\r\nforged\u{202e}"), "ok \\u{1b}[2J\\u{d}\\u{a}forged\\u{202e}");
/// assert_eq!(printable("ក្រសួង"), "ក្រសួង");
/// ```
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Pads cells to column widths (in chars) and joins rows with newlines; every cell is
/// made [`printable`].
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| printable(c).into_owned()).collect())
        .collect();
    let rows = &rows;
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            if i + 1 == widths.len() {
                s.push_str(cell);
            } else {
                let pad = widths[i].saturating_sub(cell.chars().count());
                s.push_str(cell);
                s.extend(std::iter::repeat_n(' ', pad + 2));
            }
        }
        out.push_str(s.trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

/// The summary of an evaluation (counts by severity and by rule), then its findings as a
/// table; `limit` caps the number of findings shown.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let ev = ds.evaluate(&planwatch::RuleSet::default(), as_of);
/// let text = planwatch::export::evaluation_text(&ev, Some(5));
/// assert!(text.starts_with("nsp-2019-2023 as of 2021-06-30:"));
/// ```
pub fn evaluation_text(evaluation: &Evaluation, limit: Option<usize>) -> String {
    summary_and_findings(evaluation, None, limit)
}

/// [`evaluation_text`] of `filtered`, an evaluation narrowed by
/// [`Evaluation::filtered`], out of `total` findings before the filter: the first line
/// says `N of M findings (filtered)`, the counts by severity and by rule are those of the
/// findings kept.
///
/// ```
/// use planwatch::FindingFilter;
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let ev = ds.evaluate(&planwatch::RuleSet::default(), as_of);
/// let filter = FindingFilter { rules: vec!["overdue".into()], ..FindingFilter::default() };
/// let overdue = ev.filtered(&filter);
/// let text = planwatch::export::filtered_evaluation_text(&overdue, ev.summary.total, Some(5));
/// let head = format!(
///     "nsp-2019-2023 as of 2021-06-30: {} of {} findings (filtered)",
///     overdue.summary.total, ev.summary.total
/// );
/// assert!(text.starts_with(&head));
/// ```
pub fn filtered_evaluation_text(
    filtered: &Evaluation,
    total: usize,
    limit: Option<usize>,
) -> String {
    summary_and_findings(filtered, Some(total), limit)
}

/// The summary and the findings table; `of` is the number of findings before a filter.
fn summary_and_findings(
    evaluation: &Evaluation,
    of: Option<usize>,
    limit: Option<usize>,
) -> String {
    let s = &evaluation.summary;
    let mut out = String::new();
    match of {
        None => {
            let _ = writeln!(
                out,
                "{} as of {}: {} findings",
                evaluation.plan, evaluation.as_of, s.total
            );
        }
        Some(total) => {
            let _ = writeln!(
                out,
                "{} as of {}: {} of {} findings (filtered)",
                evaluation.plan, evaluation.as_of, s.total, total
            );
        }
    }
    let severities: Vec<String> = s
        .by_severity
        .iter()
        .rev()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(out, "  by severity: {}", severities.join(", "));
    let rules: Vec<String> = s.by_rule.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let _ = writeln!(out, "  by rule: {}", rules.join(", "));
    out.push('\n');
    let shown = limit.unwrap_or(usize::MAX).min(evaluation.findings.len());
    let rows: Vec<Vec<String>> = evaluation
        .findings
        .iter()
        .take(shown)
        .map(|f| {
            vec![
                f.severity.to_string(),
                f.rule.clone(),
                format!("{} {}", f.subject.kind, f.subject.id),
                f.period.clone().unwrap_or_else(|| "-".into()),
                f.message.clone(),
            ]
        })
        .collect();
    out.push_str(&table(
        &["SEVERITY", "RULE", "SUBJECT", "PERIOD", "MESSAGE"],
        &rows,
    ));
    if shown < evaluation.findings.len() {
        let _ = writeln!(
            out,
            "... {} more (use --limit N, --limit 0 for all, or --format json)",
            evaluation.findings.len() - shown
        );
    }
    out
}

/// Dataset counts as aligned `name  value` lines.
pub fn stats_text(stats: &PlanStats) -> String {
    let rows: Vec<Vec<String>> = stats
        .rows()
        .into_iter()
        .map(|(name, value)| vec![name, value.to_string()])
        .collect();
    format!("{}\n{}", stats.plan, table(&["COUNT", "VALUE"], &rows))
}

/// A ratio as a percentage with one decimal (`83.3%`), `-` when there is none.
fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// The count and ratio cells of a rate row.
fn rate_cells(rate: &Rate) -> [String; 5] {
    [
        rate.expected.to_string(),
        rate.actual.to_string(),
        rate.on_time.to_string(),
        percent(rate.completeness),
        percent(rate.timeliness),
    ]
}

/// What the province column of [`rates_text`] says for the reporters of no province.
pub const NO_PROVINCE: &str = "(no province)";

/// Reporting rates as a table: one row per reporter, reporter kind, report type, period
/// or province (`by`) with expected, actual and on-time counts, completeness and
/// timeliness, then an `overall` row; with `meetings`, a closing line of meeting
/// compliance. The provinces are those of `dataset`, the plan the rates are of (see
/// [`ReportingRates::by_province`]); the reporters of no province share the last row,
/// [`NO_PROVINCE`].
///
/// ```
/// use planwatch::eval::{Breakdown, Window};
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let rates = ds.reporting_rates(as_of, Window::whole_plan());
/// let text = planwatch::export::rates_text(&ds, &rates, None, Breakdown::Kind);
/// assert!(text.lines().any(|l| l.starts_with("working_group")));
/// assert!(text.lines().any(|l| l.starts_with("overall")));
/// let text = planwatch::export::rates_text(&ds, &rates, None, Breakdown::Province);
/// assert!(text.lines().any(|l| l.starts_with("pcct-kampot")));
/// assert!(text.lines().any(|l| l.starts_with("(no province)")));
/// ```
pub fn rates_text(
    dataset: &Dataset,
    reporting: &ReportingRates,
    meetings: Option<&MeetingRates>,
    by: Breakdown,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "reporting rates as of {}: reports due {} to {}, before the as-of day",
        reporting.as_of, reporting.from, reporting.until
    );
    let counts = [
        "EXPECTED",
        "ACTUAL",
        "ON TIME",
        "COMPLETENESS",
        "TIMELINESS",
    ];
    let row = |lead: Vec<String>, rate: &Rate| -> Vec<String> {
        lead.into_iter().chain(rate_cells(rate)).collect()
    };
    let (lead, mut rows): (Vec<&str>, Vec<Vec<String>>) = match by {
        Breakdown::Reporter => (
            vec!["REPORTER", "KIND"],
            reporting
                .by_reporter
                .iter()
                .map(|r| row(vec![r.id.clone(), r.kind.clone()], &r.rate))
                .collect(),
        ),
        Breakdown::Kind => (
            vec!["KIND"],
            reporting
                .by_kind
                .iter()
                .map(|(k, r)| row(vec![k.clone()], r))
                .collect(),
        ),
        Breakdown::Type => (
            vec!["TYPE"],
            reporting
                .by_type
                .iter()
                .map(|(t, r)| row(vec![t.name().to_string()], r))
                .collect(),
        ),
        Breakdown::Period => (
            vec!["PERIOD"],
            reporting
                .by_period
                .iter()
                .map(|p| row(vec![p.period.clone()], &p.rate))
                .collect(),
        ),
        Breakdown::Province => (
            vec!["PROVINCE", "REPORTERS"],
            reporting
                .by_province(dataset)
                .iter()
                .map(|p| {
                    let province = p.province.as_deref().unwrap_or(NO_PROVINCE);
                    row(vec![province.to_string(), p.reporters.to_string()], &p.rate)
                })
                .collect(),
        ),
    };
    let mut overall = vec!["overall".to_string()];
    overall.resize(lead.len(), String::new());
    rows.push(row(overall, &reporting.overall));
    let header: Vec<&str> = lead.iter().chain(counts.iter()).copied().collect();
    out.push_str(&table(&header, &rows));
    if let Some(m) = meetings {
        let o = &m.overall;
        let _ = writeln!(
            out,
            "meetings: {} of {} held ({}), {} on time ({})",
            o.actual,
            o.expected,
            percent(o.completeness),
            o.on_time,
            percent(o.timeliness)
        );
    }
    out
}
