//! [`Table`]: an evaluation's results as rows of typed cells, with the names of the
//! organisations, indicators and activities beside their ids. The CSV and Excel exports
//! write these; `docs/exports.md` documents every column.

use super::names::Names;
use crate::error::{Error, ErrorKind, Location};
use crate::eval::{Evaluation, Rate};
use chrono::NaiveDate;

/// One cell of a [`Table`], typed so that a workbook can store numbers as numbers and
/// dates as dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (an absent optional value).
    Empty,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A number.
    Number(f64),
    /// A day.
    Date(NaiveDate),
    /// True or false.
    Bool(bool),
}

impl Cell {
    /// The cell as CSV text: dates as `YYYY-MM-DD`, numbers in their shortest exact
    /// decimal form, booleans as `true`/`false`, nothing as an empty field.
    ///
    /// ```
    /// use planwatch::export::Cell;
    /// assert_eq!(Cell::Number(0.25).text(), "0.25");
    /// assert_eq!(Cell::Date(chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap()).text(), "2021-06-30");
    /// assert_eq!(Cell::Empty.text(), "");
    /// ```
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Number(x) => x.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn opt_text(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, text)
}

fn opt_number(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, Cell::Number)
}

fn int(n: impl TryInto<i64>) -> Cell {
    n.try_into().map_or(Cell::Empty, Cell::Int)
}

/// The snake_case name a serde enum is written with in JSON.
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// One table of results: a name (the workbook's sheet), fixed columns and typed rows.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let ev = ds.evaluate(&planwatch::RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let t = planwatch::export::Table::findings(&ev, None);
/// assert_eq!(t.rows.len(), ev.findings.len());
/// assert_eq!(&t.columns[..3], ["id", "severity", "rule"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The table's name: `findings`, `rates`, `forecast` or `indicators`.
    pub name: &'static str,
    /// The column headers, in order.
    pub columns: &'static [&'static str],
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The columns of [`Table::findings`].
    pub const FINDINGS: &'static [&'static str] = &[
        "id",
        "severity",
        "rule",
        "subject_kind",
        "subject_id",
        "subject_name",
        "period",
        "owner",
        "owner_name",
        "strategy",
        "strategy_title",
        "province",
        "province_name",
        "message",
        "evidence",
    ];

    /// The columns of [`Table::rates`].
    pub const RATES: &'static [&'static str] = &[
        "measure",
        "organisation",
        "organisation_name",
        "kind",
        "expected",
        "actual",
        "on_time",
        "completeness",
        "timeliness",
        "on_time_of_actual",
    ];

    /// The columns of [`Table::forecast`].
    pub const FORECAST: &'static [&'static str] = &[
        "activity",
        "activity_title",
        "group",
        "owner",
        "owner_name",
        "status",
        "deadline",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "slack_days",
        "critical",
        "driving_predecessor",
        "driving_predecessor_title",
        "driving_link",
    ];

    /// The columns of [`Table::forecast`] when the forecast reports variance against a
    /// schedule baseline: [`Table::FORECAST`]'s, then the baseline's dates and the
    /// variance in days (empty for an activity the baseline does not cover).
    pub const FORECAST_WITH_BASELINE: &'static [&'static str] = &[
        "activity",
        "activity_title",
        "group",
        "owner",
        "owner_name",
        "status",
        "deadline",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "slack_days",
        "critical",
        "driving_predecessor",
        "driving_predecessor_title",
        "driving_link",
        "baseline_start",
        "baseline_finish",
        "start_variance_days",
        "finish_variance_days",
    ];

    /// The columns of [`Table::indicators`].
    pub const INDICATORS: &'static [&'static str] = &[
        "indicator",
        "indicator_name",
        "unit",
        "owner",
        "owner_name",
        "direction",
        "frequency",
        "target_kind",
        "period",
        "reported",
        "actual",
        "target",
        "target_basis",
        "ratio",
        "deviation",
        "margin",
        "status",
    ];

    /// The columns of [`Table::indicators`] when some indicator is measured by the Open
    /// SDG method: [`Table::INDICATORS`]'s, then its progress (empty for an indicator
    /// measured by the margin only).
    pub const INDICATORS_WITH_PROGRESS: &'static [&'static str] = &[
        "indicator",
        "indicator_name",
        "unit",
        "owner",
        "owner_name",
        "direction",
        "frequency",
        "target_kind",
        "period",
        "reported",
        "actual",
        "target",
        "target_basis",
        "ratio",
        "deviation",
        "margin",
        "status",
        "progress",
        "progress_reason",
        "base",
        "base_date",
        "final_target",
        "final_target_period",
        "observed_rate",
        "required_rate",
        "progress_ratio",
    ];

    /// The four tables of an evaluation, in sheet order: findings, rates, forecast,
    /// indicators; with `owner`, only the rows of that organisation.
    pub fn all(evaluation: &Evaluation, owner: Option<&str>) -> Vec<Table> {
        vec![
            Table::findings(evaluation, owner),
            Table::rates(evaluation, owner),
            Table::forecast(evaluation, owner),
            Table::indicators(evaluation, owner),
        ]
    }

    /// The names of the tables, in sheet order.
    pub const NAMES: [&'static str; 4] = ["findings", "rates", "forecast", "indicators"];

    /// The table called `name` (one of [`Table::NAMES`]); another name is an
    /// [`ErrorKind::InvalidValue`] error that lists them.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let ev = ds.evaluate(&planwatch::RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
    /// assert_eq!(planwatch::export::Table::named(&ev, "rates", None).unwrap().name, "rates");
    /// let err = planwatch::export::Table::named(&ev, "totals", None).unwrap_err();
    /// assert_eq!(err.message(), "unknown table totals: use findings, rates, forecast or indicators");
    /// ```
    pub fn named(evaluation: &Evaluation, name: &str, owner: Option<&str>) -> Result<Table, Error> {
        match name {
            "findings" => Ok(Table::findings(evaluation, owner)),
            "rates" => Ok(Table::rates(evaluation, owner)),
            "forecast" => Ok(Table::forecast(evaluation, owner)),
            "indicators" => Ok(Table::indicators(evaluation, owner)),
            other => Err(Error::new(
                ErrorKind::InvalidValue,
                format!("unknown table {other}: use findings, rates, forecast or indicators"),
                Location::default(),
            )),
        }
    }

    /// The findings in their documented order; `evidence` is a JSON object. With
    /// `owner`, only the findings that organisation is responsible for.
    pub fn findings(evaluation: &Evaluation, owner: Option<&str>) -> Table {
        let names = Names::new(&evaluation.findings.dataset);
        let rows = evaluation
            .findings
            .views()
            .filter(|f| owner.is_none() || f.owner() == owner)
            .map(|f| {
                let kind = f.subject_kind();
                let subject = f.subject_id();
                let evidence = serde_json::to_string(&f.evidence()).unwrap_or_default();
                vec![
                    Cell::Text(f.id()),
                    text(f.severity().name()),
                    text(f.rule()),
                    text(kind.name()),
                    text(subject),
                    opt_text(names.subject(kind, subject)),
                    f.period().map_or(Cell::Empty, |p| Cell::Text(p.id())),
                    opt_text(f.owner()),
                    opt_text(f.owner().and_then(|o| names.organisation(o))),
                    opt_text(f.strategy()),
                    opt_text(f.strategy().and_then(|s| names.strategy(s))),
                    opt_text(f.province()),
                    opt_text(f.province().and_then(|p| names.organisation(p))),
                    Cell::Text(f.message()),
                    Cell::Text(evidence),
                ]
            })
            .collect();
        Table {
            name: "findings",
            columns: Table::FINDINGS,
            rows,
        }
    }

    /// Reporting rates per reporter, then the reporting `overall` row, then meeting rates
    /// per organiser and the meeting `overall` row (whole plan up to the as-of day; an
    /// overall row has no organisation and the kind `overall`). With `owner`, only that
    /// organisation's rows.
    pub fn rates(evaluation: &Evaluation, owner: Option<&str>) -> Table {
        let names = Names::new(&evaluation.findings.dataset);
        let mut rows = Vec::new();
        let mut push = |measure: &str, org: Option<(&str, &str)>, rate: &Rate| {
            let (id, kind) = org.map_or((None, "overall"), |(id, kind)| (Some(id), kind));
            let mut row = vec![
                text(measure),
                opt_text(id),
                opt_text(id.and_then(|i| names.organisation(i))),
                text(kind),
            ];
            row.extend(rate_cells(rate));
            rows.push(row);
        };
        let keep = |id: &str| owner.is_none_or(|o| o == id);
        let reporting = &evaluation.reporting;
        for r in reporting.by_reporter.iter().filter(|r| keep(&r.id)) {
            push("reporting", Some((&r.id, &r.kind)), &r.rate);
        }
        if owner.is_none() {
            push("reporting", None, &reporting.overall);
        }
        let meetings = &evaluation.meetings;
        for r in meetings.by_organiser.iter().filter(|r| keep(&r.id)) {
            push("meetings", Some((&r.id, &r.kind)), &r.rate);
        }
        if owner.is_none() {
            push("meetings", None, &meetings.overall);
        }
        Table {
            name: "rates",
            columns: Table::RATES,
            rows,
        }
    }

    /// The schedule forecast, one row per activity in plan order. With `owner`, only the
    /// activities that organisation leads. When the forecast reports variance against a
    /// schedule baseline, its columns are [`Table::FORECAST_WITH_BASELINE`].
    pub fn forecast(evaluation: &Evaluation, owner: Option<&str>) -> Table {
        let dataset = &evaluation.findings.dataset;
        let names = Names::new(dataset);
        let activities = &dataset.plan().activities;
        let with_baseline = evaluation.forecast().schedule_baseline.is_some();
        let rows = evaluation
            .forecast()
            .activities
            .iter()
            .zip(activities)
            .filter(|(_, a)| owner.is_none() || a.lead.as_deref() == owner)
            .map(|(f, a)| {
                let lead = a.lead.as_deref();
                let driver = f.driving_predecessor.as_deref();
                let mut row = vec![
                    text(&f.activity),
                    text(&a.title),
                    text(&a.group),
                    opt_text(lead),
                    opt_text(lead.and_then(|o| names.organisation(o))),
                    text(f.status.name()),
                    Cell::Date(f.deadline),
                    Cell::Date(f.early_start),
                    Cell::Date(f.early_finish),
                    Cell::Date(f.late_start),
                    Cell::Date(f.late_finish),
                    Cell::Int(f.slack_days),
                    Cell::Bool(f.critical),
                    opt_text(driver),
                    opt_text(driver.and_then(|d| names.activity(d))),
                    f.driving_link
                        .map_or(Cell::Empty, |l| Cell::Text(l.to_string())),
                ];
                if with_baseline {
                    row.extend([
                        f.baseline_start.map_or(Cell::Empty, Cell::Date),
                        f.baseline_finish.map_or(Cell::Empty, Cell::Date),
                        f.start_variance_days.map_or(Cell::Empty, Cell::Int),
                        f.finish_variance_days.map_or(Cell::Empty, Cell::Int),
                    ]);
                }
                row
            })
            .collect();
        Table {
            name: "forecast",
            columns: if with_baseline {
                Table::FORECAST_WITH_BASELINE
            } else {
                Table::FORECAST
            },
            rows,
        }
    }

    /// Every indicator's status on the as-of day, in plan order. With `owner`, only the
    /// indicators that organisation owns. When some indicator of the evaluation is
    /// measured by the Open SDG method, its columns are [`Table::INDICATORS_WITH_PROGRESS`].
    pub fn indicators(evaluation: &Evaluation, owner: Option<&str>) -> Table {
        let dataset = &evaluation.findings.dataset;
        let names = Names::new(dataset);
        let with_progress = evaluation.indicators.iter().any(|s| s.progress.is_some());
        let rows = evaluation
            .indicators
            .iter()
            .filter(|s| owner.is_none() || s.owner.as_deref() == owner)
            .map(|s| {
                let unit = dataset
                    .index
                    .indicator
                    .get(&s.indicator)
                    .and_then(|&i| dataset.plan().indicators.get(i as usize))
                    .map(|x| x.unit.as_str());
                let owner = s.owner.as_deref();
                let mut row = vec![
                    text(&s.indicator),
                    opt_text(names.indicator(&s.indicator)),
                    opt_text(unit),
                    opt_text(owner),
                    opt_text(owner.and_then(|o| names.organisation(o))),
                    Cell::Text(serde_name(&s.direction)),
                    text(s.frequency.name()),
                    Cell::Text(serde_name(&s.target_kind)),
                    opt_text(s.period.as_deref()),
                    s.reported.map_or(Cell::Empty, Cell::Date),
                    opt_number(s.actual),
                    opt_number(s.target),
                    s.target_basis
                        .map_or(Cell::Empty, |b| Cell::Text(b.name().to_string())),
                    opt_number(s.ratio),
                    opt_number(s.deviation),
                    Cell::Number(s.margin),
                    text(s.status.name()),
                ];
                if with_progress {
                    row.extend(progress_cells(s.progress.as_ref()));
                }
                row
            })
            .collect();
        Table {
            name: "indicators",
            columns: if with_progress {
                Table::INDICATORS_WITH_PROGRESS
            } else {
                Table::INDICATORS
            },
            rows,
        }
    }
}

/// The progress cells of an indicator row (all empty without progress).
fn progress_cells(p: Option<&crate::eval::Progress>) -> [Cell; 9] {
    let Some(p) = p else {
        return std::array::from_fn(|_| Cell::Empty);
    };
    [
        text(p.status.name()),
        p.reason.map_or(Cell::Empty, |r| text(r.name())),
        opt_number(p.base),
        p.base_date.map_or(Cell::Empty, Cell::Date),
        opt_number(p.final_target),
        opt_text(p.final_target_period.as_deref()),
        opt_number(p.observed_rate),
        opt_number(p.required_rate),
        opt_number(p.ratio),
    ]
}

/// The count and ratio cells of a rate row.
fn rate_cells(rate: &Rate) -> [Cell; 6] {
    [
        int(rate.expected),
        int(rate.actual),
        int(rate.on_time),
        opt_number(rate.completeness),
        opt_number(rate.timeliness),
        opt_number(rate.on_time_of_actual),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Dataset, RuleSet};

    fn nsp() -> Evaluation {
        let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
        ds.evaluate(
            &RuleSet::default(),
            NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
        )
    }

    #[test]
    fn every_row_has_one_cell_per_column_and_names_beside_ids() {
        let ev = nsp();
        for t in Table::all(&ev, None) {
            assert!(!t.rows.is_empty(), "{}", t.name);
            for row in &t.rows {
                assert_eq!(row.len(), t.columns.len(), "{}", t.name);
            }
            for (i, column) in t.columns.iter().enumerate() {
                let Some(name_col) = t.columns.iter().position(|c| {
                    *c == format!("{column}_name") || *c == format!("{column}_title")
                }) else {
                    continue;
                };
                assert_eq!(name_col, i + 1, "{column} has its name beside it");
                for row in &t.rows {
                    if row[i] != Cell::Empty {
                        assert_ne!(row[name_col], Cell::Empty, "{}: {:?}", t.name, row[i]);
                    }
                }
            }
        }
    }

    #[test]
    fn owner_keeps_only_that_organisations_rows() {
        let ev = nsp();
        let all = Table::findings(&ev, None);
        let mine = Table::findings(&ev, Some("pcct-kampot"));
        assert!(!mine.rows.is_empty() && mine.rows.len() < all.rows.len());
        assert!(mine
            .rows
            .iter()
            .all(|r| r[7] == Cell::Text("pcct-kampot".into())));
        let rates = Table::rates(&ev, Some("pcct-kampot"));
        assert!(rates
            .rows
            .iter()
            .all(|r| r[1] == Cell::Text("pcct-kampot".into())));
    }
}
