//! From a plan and its monitoring data to the tables of the layout.

use super::encoding::{encode_list, encode_text};
use super::layout::{self, Column, Kind, Spec};
use super::{Cell, Table, TableSet};
use crate::model::{Monitoring, Plan};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

/// The tables of `plan` and `monitoring`: every table of the layout, in its order, with
/// every column, even when empty. [`decode`](super::decode) gives back equal values.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../tests/fixtures/valid-mini").unwrap();
/// let tables = planwatch::tables::encode(ds.plan(), ds.monitoring());
/// assert_eq!(tables.get("activities").unwrap().header[0], "id");
/// let (plan, monitoring) = planwatch::tables::decode(&tables).unwrap();
/// assert_eq!(&plan, ds.plan());
/// assert_eq!(&monitoring, ds.monitoring());
/// ```
pub fn encode(plan: &Plan, monitoring: &Monitoring) -> TableSet {
    let mut set = TableSet::new();
    set.insert(key_values(&layout::PLAN, layout::PLAN_KEYS, plan));
    set.insert(rows(&layout::ORGANISATIONS, &plan.organisations));
    set.insert(rows(&layout::STRATEGIES, &plan.strategies));
    set.insert(rows(&layout::GROUPS, &plan.groups));
    set.insert(rows(&layout::ACTIVITIES, &plan.activities));
    set.insert(children(
        &layout::DEPENDENCIES,
        plan.activities
            .iter()
            .flat_map(|a| a.depends_on.iter().map(move |d| (a.id.as_str(), d))),
    ));
    set.insert(rows(&layout::INDICATORS, &plan.indicators));
    set.insert(children(
        &layout::TARGETS,
        plan.indicators
            .iter()
            .flat_map(|x| x.targets.iter().map(move |t| (x.id.as_str(), t))),
    ));
    set.insert(children(
        &layout::INDICATOR_DISAGGREGATIONS,
        plan.indicators
            .iter()
            .flat_map(|x| x.disaggregations.iter().map(move |d| (x.id.as_str(), d))),
    ));
    set.insert(rows(
        &layout::INDICATOR_RELATIONS,
        &plan.indicator_relations,
    ));
    set.insert(rows(
        &layout::REPORTING_OBLIGATIONS,
        &plan.reporting_obligations,
    ));
    set.insert(rows(
        &layout::MEETING_OBLIGATIONS,
        &plan.meeting_obligations,
    ));
    set.insert(rows(&layout::SCHEDULE_BASELINES, &plan.schedule_baselines));
    set.insert(children(
        &layout::BASELINE_DATES,
        plan.schedule_baselines
            .iter()
            .flat_map(|b| b.activities.iter().map(move |d| (b.id.as_str(), d))),
    ));
    set.insert(key_values(
        &layout::MONITORING,
        layout::MONITORING_KEYS,
        monitoring,
    ));
    set.insert(rows(&layout::STATUS_UPDATES, &monitoring.status_updates));
    set.insert(rows(&layout::SUBMISSIONS, &monitoring.submissions));
    set.insert(indicator_values(monitoring));
    set.insert(rows(&layout::MEETINGS, &monitoring.meetings));
    set
}

fn empty(spec: &Spec) -> Table {
    Table::new(spec.name, spec.columns.iter().map(|c| c.name))
}

fn rows<T: Serialize>(spec: &Spec, items: &[T]) -> Table {
    let mut table = empty(spec);
    for item in items {
        let value = serde_json::to_value(item).unwrap_or(Value::Null);
        table.push_row(spec.columns.iter().map(|c| cell(&value, c)).collect());
    }
    table
}

fn children<'a, T: Serialize + 'a>(
    spec: &Spec,
    items: impl Iterator<Item = (&'a str, &'a T)>,
) -> Table {
    let mut table = empty(spec);
    for (parent, item) in items {
        let value = serde_json::to_value(item).unwrap_or(Value::Null);
        table.push_row(
            spec.columns
                .iter()
                .map(|c| match c.kind {
                    Kind::Parent => Cell::text(encode_text(parent)),
                    _ => cell(&value, c),
                })
                .collect(),
        );
    }
    table
}

fn key_values<T: Serialize>(spec: &Spec, keys: &[Column], item: &T) -> Table {
    let mut table = empty(spec);
    let value = serde_json::to_value(item).unwrap_or(Value::Null);
    for key in keys {
        match (key.kind, value.get(key.field)) {
            (_, None | Some(Value::Null)) => {}
            (Kind::Lines, Some(Value::Array(items))) => {
                for item in items {
                    let text = item.as_str().unwrap_or_default();
                    table.push_row(vec![Cell::text(key.name), Cell::text(encode_text(text))]);
                }
            }
            (_, Some(v)) => table.push_row(vec![Cell::text(key.name), to_cell(v, key.kind)]),
        }
    }
    table
}

/// The long form of the indicator values: each value's total row, then one row per
/// category of its breakdown (dimensions and categories in name order, as stored).
fn indicator_values(monitoring: &Monitoring) -> Table {
    let spec = &layout::INDICATOR_VALUES;
    let mut table = empty(spec);
    let text = |s: &str| Cell::text(encode_text(s));
    for a in &monitoring.indicator_actuals {
        let key = [
            text(&a.indicator),
            text(&a.period),
            a.reported_by.as_deref().map_or(Cell::Empty, text),
            a.reported.map_or(Cell::Empty, Cell::Date),
        ];
        let mut row = key.to_vec();
        row.extend([Cell::Empty, Cell::Empty, Cell::Number(a.value)]);
        table.push_row(row);
        for (dimension, categories) in &a.disaggregation {
            if categories.is_empty() {
                let mut row = key.to_vec();
                row.extend([text(dimension), Cell::Empty, Cell::Empty]);
                table.push_row(row);
            }
            for (category, value) in categories {
                let mut row = key.to_vec();
                row.extend([text(dimension), text(category), Cell::Number(*value)]);
                table.push_row(row);
            }
        }
    }
    table
}

fn cell(item: &Value, column: &Column) -> Cell {
    let mut v = item;
    for part in column.field.split('.') {
        match v.get(part) {
            Some(inner) => v = inner,
            None => return Cell::Empty,
        }
    }
    to_cell(v, column.kind)
}

fn to_cell(v: &Value, kind: Kind) -> Cell {
    match v {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => n.as_f64().map_or(Cell::Empty, Cell::Number),
        Value::String(s) if kind == Kind::Date => match s.parse::<NaiveDate>() {
            Ok(d) => Cell::Date(d),
            Err(_) => Cell::text(encode_text(s)),
        },
        Value::String(s) => Cell::text(encode_text(s)),
        Value::Array(items) => {
            let items: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            Cell::text(encode_list(&items))
        }
        Value::Object(_) => Cell::Empty,
    }
}
