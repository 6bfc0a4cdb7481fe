//! The report's section on indicators: each one's latest value against its target, its
//! status, and a chart of its values and targets so far.

use super::chart::{css, IndicatorChart, ACTUAL, TARGET};
use super::page::{figure, heading, percent, Cell, Page};
use crate::dataset::Dataset;
use crate::eval::indicator_status::{known_values, parse_targets, target_for};
use crate::eval::{IndicatorStatus, Progress, ProgressStatus};
use crate::export::html::escape;
use crate::export::names::Names;
use crate::model::{Direction, TargetKind};
use crate::period::Period;
use chrono::NaiveDate;

/// The chart of indicator `k` as of `as_of`: every period of its frequency that ended by
/// then (or has a known value), with the value the status compares where one is known
/// (the period's value, or the running total for cumulative targets) and the period's
/// target, by the rules of [`crate::eval::indicator_status`].
pub(super) fn chart_of(dataset: &Dataset, k: usize, as_of: NaiveDate) -> IndicatorChart {
    let plan = dataset.plan();
    let Some(ind) = plan.indicators.get(k) else {
        return IndicatorChart::default();
    };
    let cal = dataset.calendar();
    let targets = parse_targets(ind, cal);
    let known = known_values(dataset, k, as_of);
    let mut periods = Period::ending_between(ind.frequency, plan.start, as_of.min(plan.end), cal);
    periods.extend(known.iter().map(|v| v.period));
    periods.sort_by_key(|p| (p.start(), p.end()));
    periods.dedup();
    let mut running = 0.0;
    let mut values = known.iter().peekable();
    let points = periods
        .into_iter()
        .map(|p| {
            let value = values.next_if(|v| v.period == p).map(|v| v.value);
            running += value.unwrap_or(0.0);
            let actual = value.map(|v| match ind.target_kind {
                TargetKind::PerPeriod => v,
                TargetKind::Cumulative => running,
            });
            let target = target_for(ind, &targets, p, plan.start).map(|t| t.value);
            (p.id(), actual, target)
        })
        .collect();
    IndicatorChart { points }
}

/// Writes the section: a summary table, then each indicator with its chart.
pub(super) fn write(
    page: &mut Page,
    dataset: &Dataset,
    statuses: &[IndicatorStatus],
    as_of: NaiveDate,
) {
    let plan = dataset.plan();
    let names = Names::new(dataset);
    page.raw("<h2>3. Indicators against their targets</h2>\n");
    if plan.indicators.is_empty() {
        page.raw("<p>The plan has no indicators.</p>\n");
        return;
    }
    let status_cell = |s: &IndicatorStatus| {
        Cell::Html(format!(
            "<span class=\"s-{}\">{}</span>",
            s.status.name(),
            escape(&heading(s.status.name()))
        ))
    };
    let with_progress = statuses.iter().any(|s| s.progress.is_some());
    let progress_cell = |s: &IndicatorStatus| match &s.progress {
        Some(p) => Cell::Html(format!(
            "<span class=\"s-{}\">{}</span>",
            p.status.name(),
            escape(&heading(p.status.name()))
        )),
        None => Cell::Text("-".into()),
    };
    let rows: Vec<Vec<Cell>> = plan
        .indicators
        .iter()
        .zip(statuses)
        .map(|(ind, s)| {
            let mut row = vec![
                Cell::Text(ind.name.clone()),
                Cell::Text(s.period.clone().unwrap_or_else(|| "-".into())),
                Cell::Num(s.actual.map_or_else(|| "-".into(), figure)),
                Cell::Num(s.target.map_or_else(|| "-".into(), figure)),
                Cell::Num(percent(s.ratio)),
                status_cell(s),
            ];
            if with_progress {
                row.push(progress_cell(s));
            }
            row
        })
        .collect();
    let mut columns = vec![
        "Indicator",
        "Latest period",
        "n:Actual",
        "n:Target",
        "n:Of target",
        "Status",
    ];
    if with_progress {
        columns.push("Progress to the final target");
    }
    page.table(&columns, &rows, None);
    let legend = format!(
        "<p class=\"legend\"><span><i class=\"swatch\" style=\"background:{}\"></i>actual</span>\
         <span><i class=\"swatch\" style=\"background:{}\"></i>target</span></p>\n",
        css(ACTUAL),
        css(TARGET)
    );
    for (k, (ind, s)) in plan.indicators.iter().zip(statuses).enumerate() {
        page.raw("<div class=\"indicator\">\n");
        page.element("h3", None, &ind.name);
        let owner = ind
            .owner
            .as_deref()
            .map(|o| format!("Figures from {}. ", names.organisation(o).unwrap_or(o)))
            .unwrap_or_default();
        let direction = match ind.direction {
            Direction::HigherIsBetter => "higher is better",
            Direction::LowerIsBetter => "lower is better",
        };
        let kind = match ind.target_kind {
            TargetKind::PerPeriod => "targets per period",
            TargetKind::Cumulative => "cumulative targets (running totals)",
        };
        let latest = match (&s.period, s.actual, s.target) {
            (Some(p), Some(a), Some(t)) => format!(
                " Latest, {p}: {} {} against a target of {} ({} of it): {}.",
                figure(a),
                ind.unit,
                figure(t),
                percent(s.ratio),
                heading(s.status.name()).to_lowercase()
            ),
            (Some(p), Some(a), None) => format!(
                " Latest, {p}: {} {}, with no target for the period.",
                figure(a),
                ind.unit
            ),
            _ => " No value known yet.".to_string(),
        };
        let latest = match &s.progress {
            Some(p) => format!("{latest}{}", progress_sentence(p)),
            None => latest,
        };
        page.element(
            "p",
            Some("meta"),
            &format!(
                "{owner}{} {}, {}, {direction}.{latest}",
                heading(&ind.unit),
                ind.frequency,
                kind
            ),
        );
        let chart = chart_of(dataset, k, as_of);
        match chart.svg() {
            Ok(svg) => {
                page.raw(&svg);
                page.raw("\n");
                page.raw(&legend);
            }
            Err(e) => page.element("p", None, &format!("The chart could not be drawn: {e}")),
        }
        page.raw("</div>\n");
    }
}

/// The sentence on progress towards the final target: ` Towards 200 by 2021, growing
/// 22.5% a year against 26.0% needed: needs acceleration.`
fn progress_sentence(p: &Progress) -> String {
    let rate = |r: f64| {
        if r < 0.0 {
            format!("falling {:.1}% a year", -r * 100.0)
        } else {
            format!("growing {:.1}% a year", r * 100.0)
        }
    };
    let towards = match (p.final_target, &p.final_target_period) {
        (Some(t), Some(period)) => format!(" Towards {} by {period}", figure(t)),
        _ => " Progress".to_string(),
    };
    let status = heading(p.status.name()).to_lowercase();
    match (p.status, p.observed_rate, p.required_rate) {
        (ProgressStatus::NotAvailable, _, _) => format!(
            "{towards}: not measurable ({}).",
            p.reason.map_or("no data", |r| r.name()).replace('_', " ")
        ),
        (_, Some(o), Some(r)) => format!(
            "{towards}, {} where {} is needed: {status}.",
            rate(o),
            rate(r)
        ),
        _ => format!("{towards}: {status}."),
    }
}
