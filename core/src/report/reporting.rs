//! The report's sections on reporting completeness and timeliness by reporter kind
//! (provinces, units, working groups) and on meetings held: the engine's
//! [`ReportingRates`] and [`MeetingRates`] over the period, laid out.

use super::page::{heading, percent, Cell, Page};
use crate::dataset::Dataset;
use crate::eval::{MeetingRates, Rate, ReportingRates};
use crate::export::names::Names;
use crate::order::natural_cmp;

/// The count and ratio cells of a rate.
fn rate_cells(rate: &Rate) -> [Cell; 5] {
    [
        Cell::Num(rate.expected.to_string()),
        Cell::Num(rate.actual.to_string()),
        Cell::Num(rate.on_time.to_string()),
        Cell::Num(percent(rate.completeness)),
        Cell::Num(percent(rate.timeliness)),
    ]
}

/// Writes the reporting section: one table per reporter kind, a row per reporter (by
/// name), the kind's total, then the overall figures.
pub(super) fn write_reporting(page: &mut Page, dataset: &Dataset, rates: &ReportingRates) {
    let names = Names::new(dataset);
    page.raw("<h2>2. Reporting completeness and timeliness</h2>\n");
    page.element(
        "p",
        None,
        &format!(
            "Reports due from {} to {} (and before the as-of day {}): {} expected, {} received ({}), {} on time ({}).",
            rates.from,
            rates.until,
            rates.as_of,
            rates.overall.expected,
            rates.overall.actual,
            percent(rates.overall.completeness),
            rates.overall.on_time,
            percent(rates.overall.timeliness)
        ),
    );
    let header = [
        "Reporter",
        "n:Expected",
        "n:Received",
        "n:On time",
        "n:Completeness",
        "n:Timeliness",
    ];
    for (kind, total) in &rates.by_kind {
        let mut reporters: Vec<(&str, &Rate)> = rates
            .by_reporter
            .iter()
            .filter(|r| &r.kind == kind)
            .map(|r| (names.organisation(&r.id).unwrap_or(r.id.as_str()), &r.rate))
            .collect();
        reporters.sort_by(|a, b| natural_cmp(a.0, b.0));
        let mut rows: Vec<Vec<Cell>> = reporters
            .into_iter()
            .map(|(name, rate)| {
                std::iter::once(Cell::Text(name.to_string()))
                    .chain(rate_cells(rate))
                    .collect()
            })
            .collect();
        rows.push(
            std::iter::once(Cell::Text(format!("All ({})", rows.len())))
                .chain(rate_cells(total))
                .collect(),
        );
        let at = rows.len() - 1;
        page.element("h3", None, &heading(kind));
        page.table(&header, &rows, Some(at));
    }
}

/// Writes the meetings section: a row per meeting obligation, then the overall figures.
pub(super) fn write_meetings(page: &mut Page, rates: &MeetingRates) {
    page.raw("<h2>4. Meetings held</h2>\n");
    if rates.by_obligation.is_empty() {
        page.raw("<p>The plan asks for no meetings.</p>\n");
        return;
    }
    page.element(
        "p",
        None,
        &format!(
            "Meetings due from {} to {} (and before the as-of day {}).",
            rates.from, rates.until, rates.as_of
        ),
    );
    let mut rows: Vec<Vec<Cell>> = rates
        .by_obligation
        .iter()
        .map(|o| {
            let mut row = vec![
                Cell::Text(o.title.clone()),
                Cell::Text(heading(o.frequency.name())),
            ];
            row.extend(rate_cells(&o.rate));
            row
        })
        .collect();
    let mut total = vec![Cell::Text("All meetings".into()), Cell::Text(String::new())];
    total.extend(rate_cells(&rates.overall));
    rows.push(total);
    let at = rows.len() - 1;
    page.table(
        &[
            "Meeting",
            "How often",
            "n:Expected",
            "n:Held",
            "n:On time",
            "n:Held share",
            "n:On time share",
        ],
        &rows,
        Some(at),
    );
}
