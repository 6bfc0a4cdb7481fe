//! Renderings of a [`Diff`]: the aligned text `planwatch diff` prints and the diff table
//! its `--format csv` writes ([`Table::diff`]).

use super::table::{Cell, Table};
use crate::diff::{Diff, DiffCounts};
use crate::eval::FindingRef;
use std::collections::BTreeMap;
use std::fmt::Write;

fn opt(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
}

/// One row of the diff table: `change`, then the finding's identity from `now` (the later
/// side, or the earlier one for a resolved finding), then before and after.
fn row(
    change: &str,
    now: &FindingRef<'_>,
    before: Option<&FindingRef<'_>>,
    after: Option<&FindingRef<'_>>,
) -> Vec<Cell> {
    let severity = |f: Option<&FindingRef<'_>>| opt(f.map(|f| f.severity().name()));
    let message = |f: Option<&FindingRef<'_>>| f.map_or(Cell::Empty, |f| Cell::Text(f.message()));
    let evidence = |f: Option<&FindingRef<'_>>| {
        f.map_or(Cell::Empty, |f| {
            Cell::Text(serde_json::to_string(&f.evidence()).unwrap_or_default())
        })
    };
    vec![
        Cell::Text(change.to_string()),
        Cell::Text(now.id()),
        Cell::Text(now.rule().to_string()),
        Cell::Text(now.subject_kind().name().to_string()),
        Cell::Text(now.subject_id().to_string()),
        opt(now.subject_name()),
        now.period().map_or(Cell::Empty, |p| Cell::Text(p.id())),
        opt(now.owner()),
        opt(now.owner_name()),
        opt(now.strategy()),
        opt(now.province()),
        opt(now.province_name()),
        severity(before),
        severity(after),
        message(before),
        message(after),
        evidence(before),
        evidence(after),
    ]
}

impl Table {
    /// The columns of [`Table::diff`].
    pub const DIFF: &'static [&'static str] = &[
        "change",
        "id",
        "rule",
        "subject_kind",
        "subject_id",
        "subject_name",
        "period",
        "owner",
        "owner_name",
        "strategy",
        "province",
        "province_name",
        "severity_before",
        "severity_after",
        "message_before",
        "message_after",
        "evidence_before",
        "evidence_after",
    ];

    /// A diff's findings, one row each: the new ones (`change` = `new`, nothing before),
    /// then the resolved ones (`resolved`, nothing after), then the changed ones
    /// (`escalated`, `de_escalated` or `evidence_moved`), each part in the [`Diff`]'s
    /// order; evidence as JSON objects. With `owner`, only the rows of findings that
    /// organisation is responsible for (now, or last for a resolved finding).
    ///
    /// ```
    /// use planwatch::{Dataset, RuleSet};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let day = |m, d| chrono::NaiveDate::from_ymd_opt(2021, m, d).unwrap();
    /// let diff = ds.evaluate(&RuleSet::default(), day(3, 31)).diff(&ds.evaluate(&RuleSet::default(), day(6, 30)));
    /// let t = planwatch::export::Table::diff(&diff, None);
    /// assert_eq!(t.rows.len(), diff.new.len() + diff.resolved.len() + diff.changed.len());
    /// assert_eq!(t.rows[0][0].text(), "new");
    /// ```
    pub fn diff(diff: &Diff, owner: Option<&str>) -> Table {
        let keep = |f: &FindingRef<'_>| owner.is_none() || f.owner() == owner;
        let mut rows = Vec::new();
        for f in diff.new.views().filter(keep) {
            rows.push(row("new", &f, None, Some(&f)));
        }
        for f in diff.resolved.views().filter(keep) {
            rows.push(row("resolved", &f, Some(&f), None));
        }
        let mut table = Table::diff_changed(diff, owner);
        rows.append(&mut table.rows);
        table.rows = rows;
        table
    }

    /// The changed findings' rows of [`Table::diff`] alone (same columns).
    pub fn diff_changed(diff: &Diff, owner: Option<&str>) -> Table {
        let rows = diff
            .changed
            .iter()
            .filter(|c| owner.is_none() || c.after.owner() == owner)
            .map(|c| row(c.change.name(), &c.after, Some(&c.before), Some(&c.after)))
            .collect();
        Table {
            name: "diff",
            columns: Table::DIFF,
            rows,
        }
    }
}

fn counts_rows(map: &BTreeMap<String, DiffCounts>) -> Vec<Vec<String>> {
    map.iter()
        .map(|(k, c)| {
            vec![
                k.clone(),
                c.new.to_string(),
                c.resolved.to_string(),
                c.changed.to_string(),
                c.escalated.to_string(),
                c.de_escalated.to_string(),
            ]
        })
        .collect()
}

/// A diff for people: the totals, the counts by rule, owner and province, then the
/// findings (new, resolved, changed, as in [`Table::diff`]); `limit` caps the number of
/// findings shown.
///
/// ```
/// use planwatch::{Dataset, RuleSet};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let day = |m, d| chrono::NaiveDate::from_ymd_opt(2021, m, d).unwrap();
/// let diff = ds.evaluate(&RuleSet::default(), day(3, 31)).diff(&ds.evaluate(&RuleSet::default(), day(6, 30)));
/// let text = planwatch::export::diff_text(&diff, Some(5));
/// assert!(text.starts_with("nsp-2019-2023 from 2021-03-31 to 2021-06-30:"));
/// ```
pub fn diff_text(diff: &Diff, limit: Option<usize>) -> String {
    let t = &diff.summary.total;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} from {} to {}: {} new, {} resolved, {} changed ({} escalated, {} de-escalated, {} evidence moved)",
        diff.plan,
        diff.from,
        diff.to,
        t.new,
        t.resolved,
        t.changed,
        t.escalated,
        t.de_escalated,
        t.evidence_moved
    );
    let head = ["NEW", "RESOLVED", "CHANGED", "ESCALATED", "DE-ESCALATED"];
    for (name, map) in [
        ("RULE", &diff.summary.by_rule),
        ("OWNER", &diff.summary.by_owner),
        ("PROVINCE", &diff.summary.by_province),
    ] {
        if map.is_empty() {
            continue;
        }
        out.push('\n');
        let mut header = vec![name];
        header.extend(head);
        out.push_str(&super::table(&header, &counts_rows(map)));
    }
    let total = diff.new.len() + diff.resolved.len() + diff.changed.len();
    let shown = limit.unwrap_or(usize::MAX).min(total);
    let line = |change: &str, f: &FindingRef<'_>, severity: String, message: String| {
        vec![
            change.to_string(),
            severity,
            f.rule().to_string(),
            format!("{} {}", f.subject_kind(), f.subject_id()),
            f.period().map_or_else(|| "-".to_string(), |p| p.id()),
            message,
        ]
    };
    let rows: Vec<Vec<String>> = diff
        .new
        .views()
        .map(|f| line("new", &f, f.severity().to_string(), f.message()))
        .chain(
            diff.resolved
                .views()
                .map(|f| line("resolved", &f, f.severity().to_string(), f.message())),
        )
        .chain(diff.changed.iter().map(|c| {
            let severity = if c.before.severity() == c.after.severity() {
                c.after.severity().to_string()
            } else {
                format!("{} -> {}", c.before.severity(), c.after.severity())
            };
            line(c.change.name(), &c.after, severity, c.after.message())
        }))
        .take(shown)
        .collect();
    out.push('\n');
    out.push_str(&super::table(
        &["CHANGE", "SEVERITY", "RULE", "SUBJECT", "PERIOD", "MESSAGE"],
        &rows,
    ));
    if shown < total {
        let _ = writeln!(
            out,
            "... {} more (use --limit N, --limit 0 for all, or --format json)",
            total - shown
        );
    }
    out
}
