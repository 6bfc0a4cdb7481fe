//! The report's section on activities: per strategy and activity group, how many are
//! done, on track, late and not started, and the latest ones.

use super::activity_progress::{ActivityProgress, StandingCounts};
use super::page::{text, Cell, Page};
use crate::dataset::Dataset;
use crate::export::html::escape;
use crate::export::names::Names;

/// The count cells of a row, then the total.
fn count_cells(counts: &StandingCounts) -> Vec<Cell> {
    counts
        .0
        .iter()
        .map(|n| Cell::Num(n.to_string()))
        .chain(std::iter::once(Cell::Num(counts.total().to_string())))
        .collect()
}

/// Writes the section.
pub(super) fn write(page: &mut Page, dataset: &Dataset, progress: &ActivityProgress) {
    let plan = dataset.plan();
    let names = Names::new(dataset);
    page.raw("<h2>1. Activities</h2>\n");
    let header: Vec<String> = std::iter::once("Activity group".to_string())
        .chain(
            super::activity_progress::Standing::ALL
                .iter()
                .map(|s| format!("n:{}", s.label())),
        )
        .chain(std::iter::once("n:Total".to_string()))
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    for sp in &progress.strategies {
        let Some(strategy) = plan.strategies.get(sp.strategy) else {
            continue;
        };
        page.element(
            "h3",
            None,
            &format!("Strategy {}: {}", strategy.id, strategy.title),
        );
        let mut rows: Vec<Vec<Cell>> = sp
            .groups
            .iter()
            .filter_map(|g| {
                let group = plan.groups.get(g.group)?;
                let mut row = vec![Cell::Text(format!("{} {}", group.id, group.title))];
                row.extend(count_cells(&g.counts));
                Some(row)
            })
            .collect();
        let mut total = vec![Cell::Text(format!("Strategy {}", strategy.id))];
        total.extend(count_cells(&sp.counts));
        rows.push(total);
        let at = rows.len() - 1;
        page.table(&header, &rows, Some(at));
        if sp.worst.is_empty() {
            page.raw("<p>No activity of this strategy is late.</p>\n");
            continue;
        }
        page.raw("<p>Latest activities:</p>\n");
        let items: Vec<String> = sp
            .worst
            .iter()
            .filter_map(|x| {
                let a = plan.activities.get(x.activity)?;
                let lead = a
                    .lead
                    .as_deref()
                    .map(|l| names.organisation(l).unwrap_or(l))
                    .map(|name| format!(", led by {}", text(name)))
                    .unwrap_or_default();
                let what = if x.not_started {
                    format!(
                        "not started {} days after its planned start {}",
                        x.days_late, x.due
                    )
                } else {
                    format!("{} days past its deadline {}", x.days_late, x.due)
                };
                Some(format!(
                    "<span class=\"s-late\">{}</span>{lead}: {}",
                    text(&a.title),
                    escape(&what)
                ))
            })
            .collect();
        page.list(&items);
    }
}
