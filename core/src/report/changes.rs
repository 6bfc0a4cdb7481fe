//! The report's section on the changes since the previous report period: the engine's
//! [`Diff`] from the evaluation at that period's end to the report's.

use super::findings::{item, LISTED};
use super::page::{words, Cell, Page};
use crate::dataset::Dataset;
use crate::diff::{Change, Diff};
use crate::period::Period;
use crate::rules::Severity;

/// Writes the section; `previous` is the period the changes are counted from, `None`
/// when the plan has none before the report's.
pub(super) fn write(page: &mut Page, dataset: &Dataset, previous: Option<(&Period, &Diff)>) {
    page.raw("<h2>5. Changes since the previous report period</h2>\n");
    let Some((prev, diff)) = previous else {
        page.raw("<p>The plan has no report period before this one: no changes to show.</p>\n");
        return;
    };
    let t = &diff.summary.total;
    page.element(
        "p",
        None,
        &format!(
            "From the end of {} ({}) to {}: {} new findings, {} resolved, {} changed ({} escalated, {} de-escalated, {} with other evidence).",
            prev.id(),
            diff.from,
            diff.to,
            t.new,
            t.resolved,
            t.changed,
            t.escalated,
            t.de_escalated,
            t.evidence_moved
        ),
    );
    let mut rows: Vec<Vec<Cell>> = diff
        .summary
        .by_rule
        .iter()
        .map(|(rule, c)| {
            vec![
                Cell::Text(words(rule)),
                Cell::Num(c.new.to_string()),
                Cell::Num(c.resolved.to_string()),
                Cell::Num(c.escalated.to_string()),
                Cell::Num(c.de_escalated.to_string()),
                Cell::Num(c.evidence_moved.to_string()),
            ]
        })
        .collect();
    if rows.is_empty() {
        return;
    }
    rows.push(vec![
        Cell::Text("All rules".into()),
        Cell::Num(t.new.to_string()),
        Cell::Num(t.resolved.to_string()),
        Cell::Num(t.escalated.to_string()),
        Cell::Num(t.de_escalated.to_string()),
        Cell::Num(t.evidence_moved.to_string()),
    ]);
    let at = rows.len() - 1;
    page.table(
        &[
            "Rule",
            "n:New",
            "n:Resolved",
            "n:Escalated",
            "n:De-escalated",
            "n:Other evidence",
        ],
        &rows,
        Some(at),
    );
    let serious: Vec<String> = diff
        .new
        .views()
        .filter(|f| f.severity() >= Severity::Error)
        .take(LISTED)
        .map(|f| item(dataset, &f))
        .collect();
    if !serious.is_empty() {
        page.raw("<h3>New critical and error findings</h3>\n");
        page.list(&serious);
    }
    let escalated: Vec<String> = diff
        .changed
        .iter()
        .filter(|c| c.change == Change::Escalated)
        .take(LISTED)
        .map(|c| format!("{} (was {})", item(dataset, &c.after), c.before.severity()))
        .collect();
    if !escalated.is_empty() {
        page.raw("<h3>Escalated findings</h3>\n");
        page.list(&escalated);
    }
}
