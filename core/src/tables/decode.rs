//! From the tables of the layout to a plan and its monitoring data, with errors at the
//! file or sheet, row and column.

use super::encoding::{decode_list, decode_text};
use super::layout::{self, Column, Kind, Spec};
use super::source_map::SourceMap;
use super::{Cell, Table, TableSet};
use crate::error::{Error, ErrorKind, Errors, Location};
use crate::load::{classify, lowercase_first};
use crate::model::{IndicatorActual, Monitoring, Plan};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The plan and monitoring data the tables hold, checked for form (types, required
/// columns, known columns) but not yet validated: [`Dataset::from_tables`] does both.
///
/// The `plan` table is required; every other table may be absent (no items). Blank rows
/// are skipped. Errors name the table's file or sheet, the row and the column.
///
/// [`Dataset::from_tables`]: crate::Dataset::from_tables
pub fn decode(tables: &TableSet) -> Result<(Plan, Monitoring), Errors> {
    let (decoded, _) = decode_with(tables, None, None);
    decoded.map_err(to_errors)
}

pub(crate) fn to_errors(errors: Vec<Error>) -> Errors {
    Errors::from_vec(errors).unwrap_or_else(|| {
        Errors::from(Error::new(
            ErrorKind::InvalidValue,
            "invalid input",
            Location::default(),
        ))
    })
}

/// Decodes the tables; the plan's metadata and collections that no table gives come from
/// `plan` (from plan.json), the monitoring data's from `monitoring`.
pub(crate) fn decode_with(
    tables: &TableSet,
    plan: Option<Plan>,
    monitoring: Option<Monitoring>,
) -> (Result<(Plan, Monitoring), Vec<Error>>, SourceMap) {
    let mut d = Decoder {
        tables,
        errors: Vec::new(),
        map: SourceMap::default(),
    };
    let plan = d.plan(plan);
    let monitoring = d.monitoring(monitoring.unwrap_or_default());
    let result = match plan {
        Some(plan) if d.errors.is_empty() => Ok((plan, monitoring)),
        _ => Err(d.errors),
    };
    (result, d.map)
}

struct Decoder<'a> {
    tables: &'a TableSet,
    errors: Vec<Error>,
    map: SourceMap,
}

/// One decoded row: its number, its parent id (for a child table) and the item.
struct Item<T> {
    row: usize,
    parent: Option<String>,
    value: T,
}

impl<'a> Decoder<'a> {
    fn plan(&mut self, base: Option<Plan>) -> Option<Plan> {
        let meta = self.key_values::<Plan>(&layout::PLAN, layout::PLAN_KEYS);
        let mut plan = match (meta, base) {
            (Some(meta), Some(base)) => Plan {
                id: meta.id,
                title: meta.title,
                start: meta.start,
                end: meta.end,
                fiscal_year_start_month: meta.fiscal_year_start_month,
                source: meta.source,
                notes: meta.notes,
                ..base
            },
            (Some(meta), None) => meta,
            (None, base) => match base {
                Some(base) => base,
                None => {
                    if !self.tables.contains(layout::PLAN.name) {
                        self.errors.push(Error::new(
                            ErrorKind::MissingField,
                            "no `plan` table: the plan's id, title, start and end are missing",
                            Location::default(),
                        ));
                    }
                    return None;
                }
            },
        };
        if let Some(items) = self.items(&layout::ORGANISATIONS) {
            plan.organisations = items;
        }
        if let Some(items) = self.items(&layout::STRATEGIES) {
            plan.strategies = items;
        }
        if let Some(items) = self.items(&layout::GROUPS) {
            plan.groups = items;
        }
        if let Some(items) = self.items(&layout::ACTIVITIES) {
            plan.activities = items;
        }
        if let Some(deps) = self.rows(&layout::DEPENDENCIES) {
            let ids: Vec<&str> = plan.activities.iter().map(|a| a.id.as_str()).collect();
            let mut rows = vec![Vec::new(); ids.len()];
            for (i, item) in self.attach(&layout::DEPENDENCIES, "activity", &ids, deps) {
                rows[i].push(item.row);
                if let Some(a) = plan.activities.get_mut(i) {
                    a.depends_on.push(item.value);
                }
            }
            self.map.children(layout::DEPENDENCIES.name, rows);
        }
        if let Some(items) = self.items(&layout::INDICATORS) {
            plan.indicators = items;
        }
        let ids: Vec<String> = plan.indicators.iter().map(|x| x.id.clone()).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        if let Some(targets) = self.rows(&layout::TARGETS) {
            let mut rows = vec![Vec::new(); ids.len()];
            for (i, item) in self.attach(&layout::TARGETS, "indicator", &ids, targets) {
                rows[i].push(item.row);
                if let Some(x) = plan.indicators.get_mut(i) {
                    x.targets.push(item.value);
                }
            }
            self.map.children(layout::TARGETS.name, rows);
        }
        if let Some(disaggs) = self.rows(&layout::INDICATOR_DISAGGREGATIONS) {
            let spec = &layout::INDICATOR_DISAGGREGATIONS;
            let mut rows = vec![Vec::new(); ids.len()];
            for (i, item) in self.attach(spec, "indicator", &ids, disaggs) {
                rows[i].push(item.row);
                if let Some(x) = plan.indicators.get_mut(i) {
                    x.disaggregations.push(item.value);
                }
            }
            self.map.children(spec.name, rows);
        }
        if let Some(items) = self.items(&layout::INDICATOR_RELATIONS) {
            plan.indicator_relations = items;
        }
        if let Some(items) = self.items(&layout::REPORTING_OBLIGATIONS) {
            plan.reporting_obligations = items;
        }
        if let Some(items) = self.items(&layout::MEETING_OBLIGATIONS) {
            plan.meeting_obligations = items;
        }
        if let Some(items) = self.items(&layout::SCHEDULE_BASELINES) {
            plan.schedule_baselines = items;
        }
        if let Some(dates) = self.rows(&layout::BASELINE_DATES) {
            let ids: Vec<String> = plan
                .schedule_baselines
                .iter()
                .map(|b| b.id.clone())
                .collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let mut rows = vec![Vec::new(); ids.len()];
            for (i, item) in self.attach(&layout::BASELINE_DATES, "schedule baseline", &ids, dates)
            {
                rows[i].push(item.row);
                if let Some(b) = plan.schedule_baselines.get_mut(i) {
                    b.activities.push(item.value);
                }
            }
            self.map.children(layout::BASELINE_DATES.name, rows);
        }
        Some(plan)
    }

    fn monitoring(&mut self, base: Monitoring) -> Monitoring {
        let mut m =
            match self.key_values::<Monitoring>(&layout::MONITORING, layout::MONITORING_KEYS) {
                Some(meta) => Monitoring {
                    plan: meta.plan,
                    synthetic: meta.synthetic,
                    notes: meta.notes,
                    ..base
                },
                None => base,
            };
        if let Some(items) = self.items(&layout::STATUS_UPDATES) {
            m.status_updates = items;
        }
        if let Some(items) = self.items(&layout::SUBMISSIONS) {
            m.submissions = items;
        }
        if let Some(items) = self.indicator_values() {
            m.indicator_actuals = items;
        }
        if let Some(items) = self.items(&layout::MEETINGS) {
            m.meetings = items;
        }
        m
    }

    /// The table `spec` and, for each of its columns, the layout column (header checked).
    fn table(&mut self, spec: &'static Spec) -> Option<(&'a Table, Vec<Option<&'static Column>>)> {
        let table = self.tables.get(spec.name)?;
        self.map.origin(spec.name, table.location());
        let mut columns = Vec::with_capacity(table.header.len());
        for (i, name) in table.header.iter().enumerate() {
            let name = name.trim();
            let at = || table.location_at(Some(1), Some(name));
            let column = if name.is_empty() {
                if table.rows.iter().any(|r| !r.cell(i).is_empty()) {
                    self.errors.push(Error::new(
                        ErrorKind::UnknownField,
                        format!("column {} has values but no header", i + 1),
                        table.location_at(Some(1), None),
                    ));
                }
                None
            } else if let Some(column) = spec.column(name) {
                if columns.contains(&Some(column)) {
                    self.errors.push(Error::new(
                        ErrorKind::InvalidValue,
                        format!("column `{name}` appears twice"),
                        at(),
                    ));
                    None
                } else {
                    Some(column)
                }
            } else {
                let expected: Vec<String> = spec
                    .columns
                    .iter()
                    .map(|c| format!("`{}`", c.name))
                    .collect();
                self.errors.push(Error::new(
                    ErrorKind::UnknownField,
                    format!(
                        "unknown column `{name}`, expected one of {}",
                        expected.join(", ")
                    ),
                    at(),
                ));
                None
            };
            columns.push(column);
        }
        Some((table, columns))
    }

    /// The items of a top-level table, or `None` when there is no such table.
    fn items<T: DeserializeOwned>(&mut self, spec: &'static Spec) -> Option<Vec<T>> {
        let items = self.rows::<T>(spec)?;
        self.map
            .rows(spec.name, items.iter().map(|i| i.row).collect());
        Some(items.into_iter().map(|i| i.value).collect())
    }

    /// Every non-blank row of the table decoded to `T`; rows with errors are left out.
    fn rows<T: DeserializeOwned>(&mut self, spec: &'static Spec) -> Option<Vec<Item<T>>> {
        let (table, columns) = self.table(spec)?;
        let mut items = Vec::with_capacity(table.rows.len());
        let top_level = !spec.columns.iter().any(|c| c.kind == Kind::Parent);
        for (index, row) in table.rows.iter().filter(|r| !r.is_blank()).enumerate() {
            let mut object = Map::new();
            let mut parent = None;
            for (i, column) in columns.iter().enumerate() {
                let Some(column) = column else { continue };
                let cell = row.cell(i);
                if column.kind == Kind::Parent {
                    parent = text(cell);
                    continue;
                }
                if let Some(value) = to_json(cell, column.kind) {
                    insert(&mut object, column.field, value);
                }
            }
            for name in spec.objects {
                object
                    .entry(name.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
            }
            if let Some(column) = spec.columns.iter().find(|c| c.kind == Kind::Parent) {
                if parent.is_none() {
                    self.errors.push(Error::new(
                        ErrorKind::MissingField,
                        format!("missing `{}`", column.name),
                        table.location_at(Some(row.number), Some(column.name)),
                    ));
                    continue;
                }
            }
            let decoded = deserialize::<T>(Value::Object(object), table, spec, row.number);
            match decoded.map_err(|e| {
                if top_level {
                    in_collection(e, spec, index)
                } else {
                    e
                }
            }) {
                Ok(value) => items.push(Item {
                    row: row.number,
                    parent,
                    value,
                }),
                Err(e) => self.errors.push(e),
            }
        }
        Some(items)
    }

    /// Pairs each child row with the position of its parent among `ids` (the first with
    /// that id), reporting rows whose parent does not exist.
    fn attach<T>(
        &mut self,
        spec: &'static Spec,
        what: &str,
        ids: &[&str],
        items: Vec<Item<T>>,
    ) -> Vec<(usize, Item<T>)> {
        let mut positions: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            positions.entry(id).or_insert(i);
        }
        let location = self
            .tables
            .get(spec.name)
            .map(Table::location)
            .unwrap_or_default();
        let column = spec.columns.iter().find(|c| c.kind == Kind::Parent);
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let parent = item.parent.clone().unwrap_or_default();
            match positions.get(parent.as_str()) {
                Some(&i) => out.push((i, item)),
                None => {
                    let mut at = location.clone();
                    at.row = Some(item.row);
                    at.column_name = column.map(|c| c.name.to_string());
                    self.errors.push(
                        Error::new(
                            ErrorKind::UnknownReference,
                            format!("unknown {what} `{parent}`"),
                            at,
                        )
                        .with_subject(parent),
                    );
                }
            }
        }
        out
    }

    /// A key/value table (`plan`, `monitoring`) decoded to `T`, or `None` when there is
    /// no such table or it has errors.
    fn key_values<T: DeserializeOwned>(
        &mut self,
        spec: &'static Spec,
        keys: &'static [Column],
    ) -> Option<T> {
        let (table, columns) = self.table(spec)?;
        let key_col = columns
            .iter()
            .position(|c| c.is_some_and(|c| c.name == "key"));
        let value_col = columns
            .iter()
            .position(|c| c.is_some_and(|c| c.name == "value"));
        let before = self.errors.len();
        for (name, found) in [("key", key_col), ("value", value_col)] {
            if found.is_none() {
                self.errors.push(Error::new(
                    ErrorKind::MissingField,
                    format!("missing column `{name}`"),
                    table.location_at(Some(1), None),
                ));
            }
        }
        let (Some(key_col), Some(value_col)) = (key_col, value_col) else {
            return None;
        };
        let mut object = Map::new();
        let mut rows: HashMap<&str, usize> = HashMap::new();
        for row in table.rows.iter().filter(|r| !r.is_blank()) {
            let at = |column: &str| table.location_at(Some(row.number), Some(column));
            let Some(name) = text(row.cell(key_col)) else {
                self.errors.push(Error::new(
                    ErrorKind::MissingField,
                    "missing `key`",
                    at("key"),
                ));
                continue;
            };
            let Some(key) = keys.iter().find(|k| k.name == name.trim()) else {
                let expected: Vec<String> = keys.iter().map(|k| format!("`{}`", k.name)).collect();
                self.errors.push(Error::new(
                    ErrorKind::UnknownField,
                    format!(
                        "unknown key `{name}`, expected one of {}",
                        expected.join(", ")
                    ),
                    at("key"),
                ));
                continue;
            };
            self.map.key(spec.name, key.name, row.number);
            let cell = row.cell(value_col);
            if key.kind == Kind::Lines {
                let line = text(cell).unwrap_or_default();
                let list = object
                    .entry(key.field.to_string())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = list {
                    list.push(Value::String(line));
                }
                continue;
            }
            if let Some(&first) = rows.get(key.name) {
                self.errors.push(Error::new(
                    ErrorKind::InvalidValue,
                    format!("key `{}` appears twice (first in row {first})", key.name),
                    at("key"),
                ));
                continue;
            }
            rows.insert(key.name, row.number);
            if let Some(value) = to_json(cell, key.kind) {
                object.insert(key.field.to_string(), value);
            }
        }
        if self.errors.len() > before {
            return None;
        }
        match crate::load::tracked_value::<T>(Value::Object(object)) {
            Ok(value) => Some(value),
            Err((path, inner)) => {
                let kind = classify(&inner);
                let message = lowercase_first(&crate::load::strip_position(&inner.to_string()));
                let field = path
                    .split(['.', '['])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let error = if kind == ErrorKind::MissingField {
                    let name = backticked(&message).unwrap_or_default();
                    let key = keys
                        .iter()
                        .find(|k| k.field == name)
                        .map_or(name, |k| k.name);
                    Error::new(
                        kind,
                        format!("missing key `{key}`"),
                        table.location_at(None, Some("key")),
                    )
                } else {
                    let key = keys.iter().find(|k| k.field == field);
                    let row = key.and_then(|k| rows.get(k.name).copied());
                    Error::new(kind, message, table.location_at(row, Some("value")))
                };
                let mut location = error.location().clone();
                location.path = path.trim_start_matches('.').to_string();
                self.errors.push(error.at(location));
                None
            }
        }
    }

    /// The `indicator_values` table in long form.
    fn indicator_values(&mut self) -> Option<Vec<IndicatorActual>> {
        let spec = &layout::INDICATOR_VALUES;
        let (table, columns) = self.table(spec)?;
        let find = |name: &str| {
            columns
                .iter()
                .position(|c| c.is_some_and(|c| c.name == name))
        };
        let key_columns: Vec<(&'static Column, Option<usize>)> =
            ["indicator", "period", "reported_by", "reported"]
                .iter()
                .filter_map(|n| spec.column(n))
                .map(|c| (c, find(c.name)))
                .collect();
        let (dim_col, cat_col, value_col) = (find("dimension"), find("category"), find("value"));
        let mut actuals: Vec<IndicatorActual> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        let mut breakdowns: Vec<Vec<(String, String, usize)>> = Vec::new();
        let mut last_total: HashMap<String, usize> = HashMap::new();
        for row in table.rows.iter().filter(|r| !r.is_blank()) {
            let cell = |col: Option<usize>| col.map_or(&Cell::Empty, |i| row.cell(i));
            let mut object = Map::new();
            for (column, index) in &key_columns {
                if let Some(v) = to_json(cell(*index), column.kind) {
                    object.insert(column.field.to_string(), v);
                }
            }
            let key = serde_json::to_string(&object).unwrap_or_default();
            let value = to_json(cell(value_col), Kind::Number);
            let at = |column: &str| table.location_at(Some(row.number), Some(column));
            let Some(dimension) = text(cell(dim_col)) else {
                if !cell(cat_col).is_empty() {
                    self.errors.push(Error::new(
                        ErrorKind::MissingField,
                        "a row with a `category` needs a `dimension`",
                        at("dimension"),
                    ));
                    continue;
                }
                if let Some(v) = value {
                    object.insert("value".to_string(), v);
                }
                let decoded =
                    deserialize::<IndicatorActual>(Value::Object(object), table, spec, row.number);
                match decoded.map_err(|e| in_collection(e, spec, actuals.len())) {
                    Ok(actual) => {
                        last_total.insert(key, actuals.len());
                        actuals.push(actual);
                        rows.push(row.number);
                        breakdowns.push(Vec::new());
                    }
                    Err(e) => self.errors.push(e),
                }
                continue;
            };
            let Some(&i) = last_total.get(&key) else {
                let name = |f: &str| {
                    object
                        .get(f)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                self.errors.push(Error::new(
                    ErrorKind::InvalidValue,
                    format!(
                        "breakdown row without a total row above it for indicator `{}` and period `{}`",
                        name("indicator"),
                        name("period")
                    ),
                    at("dimension"),
                ));
                continue;
            };
            let category = text(cell(cat_col));
            let (Some(actual), Some(sources)) = (actuals.get_mut(i), breakdowns.get_mut(i)) else {
                continue;
            };
            let categories = actual.disaggregation.entry(dimension.clone()).or_default();
            match (category, value) {
                (None, None) => sources.push((dimension, String::new(), row.number)),
                (None, Some(_)) => self.errors.push(Error::new(
                    ErrorKind::MissingField,
                    "a breakdown value needs a `category`",
                    at("category"),
                )),
                (Some(_), None) => self.errors.push(Error::new(
                    ErrorKind::MissingField,
                    "missing field `value`",
                    at("value"),
                )),
                (Some(category), Some(v)) => match serde_json::from_value::<f64>(v) {
                    Ok(v) => {
                        categories.insert(category.clone(), v);
                        sources.push((dimension, category, row.number));
                    }
                    Err(e) => self.errors.push(Error::new(
                        classify(&e),
                        lowercase_first(&e.to_string()),
                        at("value"),
                    )),
                },
            }
        }
        self.map.rows(spec.name, rows);
        self.map.breakdowns(breakdowns);
        Some(actuals)
    }
}

/// Deserialises one row's object, naming the row and column of an error.
fn deserialize<T: DeserializeOwned>(
    object: Value,
    table: &Table,
    spec: &Spec,
    row: usize,
) -> Result<T, Error> {
    crate::load::tracked_value::<T>(object).map_err(|(path, inner)| {
        let path = path.trim_start_matches('.');
        let kind = classify(&inner);
        let message = lowercase_first(&crate::load::strip_position(&inner.to_string()));
        let field = match (kind, backticked(&message)) {
            (ErrorKind::MissingField, Some(name)) if path.is_empty() => name.to_string(),
            (ErrorKind::MissingField, Some(name)) => format!("{path}.{name}"),
            _ => path.to_string(),
        };
        let column = spec.column_for(&field);
        let message = match (kind, column) {
            (ErrorKind::MissingField, Some(c)) => format!("missing `{}`", c.name),
            _ => message,
        };
        let mut location = table.location_at(Some(row), column.map(|c| c.name));
        location.path = field;
        Error::new(kind, message, location)
    })
}

/// The error with its path inside the JSON collection, like `activities[3].deadline`.
fn in_collection(error: Error, spec: &Spec, index: usize) -> Error {
    let mut location = error.location().clone();
    location.path = if location.path.is_empty() {
        format!("{}[{index}]", spec.collection)
    } else {
        format!("{}[{index}].{}", spec.collection, location.path)
    };
    error.at(location)
}

/// The first `` `name` `` of a message.
fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// Inserts `value` at the dotted `field` of `object`.
fn insert(object: &mut Map<String, Value>, field: &str, value: Value) {
    match field.split_once('.') {
        None => {
            object.insert(field.to_string(), value);
        }
        Some((head, tail)) => {
            let inner = object
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = inner {
                insert(inner, tail, value);
            }
        }
    }
}

/// The text of a cell, as a text column reads it; `None` when empty.
fn text(cell: &Cell) -> Option<String> {
    match to_json(cell, Kind::Text) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// A number's text: `2019` for 2019.0, `1.5` for 1.5.
fn number_text(n: f64) -> String {
    n.to_string()
}

/// The JSON value a cell gives in a column of `kind`; `None` for an empty cell. A cell
/// that does not fit is given as it is, so that deserialising names the problem as it
/// would in JSON (`invalid type: string "x", expected u32`).
pub(crate) fn to_json(cell: &Cell, kind: Kind) -> Option<Value> {
    let text_value = |s: &str| Value::String(s.to_string());
    let date = |d: &chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Some(match (cell, kind) {
        (Cell::Empty, _) => return None,
        (Cell::Text(s), _) if s.is_empty() => return None,
        (Cell::Text(s), Kind::Text | Kind::Parent | Kind::Lines) => Value::String(decode_text(s)),
        (Cell::Text(s), Kind::List) => {
            Value::Array(decode_list(s).into_iter().map(Value::String).collect())
        }
        (Cell::Text(s), Kind::Integer) => {
            let t = s.trim();
            match (t.parse::<i64>(), t.parse::<f64>()) {
                (Ok(i), _) => Value::from(i),
                (_, Ok(f)) => {
                    serde_json::Number::from_f64(f).map_or_else(|| text_value(s), Value::Number)
                }
                _ => text_value(s),
            }
        }
        (Cell::Text(s), Kind::Number) => match s.trim().parse::<f64>() {
            Ok(f) => serde_json::Number::from_f64(f).map_or_else(|| text_value(s), Value::Number),
            Err(_) => text_value(s),
        },
        (Cell::Text(s), Kind::Bool) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => text_value(s),
        },
        (Cell::Text(s), Kind::Date) => text_value(s.trim()),
        (Cell::Number(n), Kind::Integer) if n.fract() == 0.0 && n.abs() < 9.0e15 => {
            Value::from(*n as i64)
        }
        (Cell::Number(n), Kind::Integer | Kind::Number | Kind::Bool | Kind::Date) => {
            serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number)
        }
        (Cell::Number(n), Kind::List) => Value::Array(vec![Value::String(number_text(*n))]),
        (Cell::Number(n), _) => Value::String(number_text(*n)),
        (Cell::Bool(b), Kind::List) => Value::Array(vec![Value::String(b.to_string())]),
        (Cell::Bool(b), Kind::Text | Kind::Parent | Kind::Lines) => Value::String(b.to_string()),
        (Cell::Bool(b), _) => Value::Bool(*b),
        (Cell::Date(d), Kind::List) => Value::Array(vec![Value::String(date(d))]),
        (Cell::Date(d), _) => Value::String(date(d)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;
    use std::path::PathBuf;

    /// The valid-mini fixture as CSV tables (each named as its file).
    fn mini() -> TableSet {
        let ds = Dataset::load_dir("../tests/fixtures/valid-mini").unwrap();
        super::super::encode(ds.plan(), ds.monitoring())
            .iter()
            .map(|t| Table {
                file: Some(PathBuf::from(format!("{}.csv", t.name))),
                ..t.clone()
            })
            .collect()
    }

    /// `set` with the cell at (`table`, row number, column) replaced, or a column added.
    fn with_cell(set: &TableSet, table: &str, row: usize, column: &str, cell: Cell) -> TableSet {
        let mut t = set.get(table).unwrap().clone();
        let j = t.column(column).unwrap_or_else(|| {
            t.header.push(column.to_string());
            t.header.len() - 1
        });
        let r = t.rows.iter_mut().find(|r| r.number == row).unwrap();
        r.cells.resize(t.header.len(), Cell::Empty);
        r.cells[j] = cell;
        let mut set = set.clone();
        set.insert(t);
        set
    }

    #[test]
    fn bad_cells_are_named_by_file_row_and_column() {
        use Cell::{Bool, Empty, Number};
        let t = |s: &str| Cell::text(s);
        let cases: Vec<(&str, usize, &str, Cell, ErrorKind, &str)> = vec![
            // Form: the errors of decoding, as JSON would give them.
            (
                "activities",
                3,
                "deadline",
                Empty,
                ErrorKind::MissingField,
                "activities.csv row 3, column deadline",
            ),
            (
                "activities",
                2,
                "deadline",
                t("2019-02-30"),
                ErrorKind::InvalidValue,
                "activities.csv row 2, column deadline",
            ),
            (
                "activities",
                2,
                "planned_start",
                Number(43000.0),
                ErrorKind::WrongType,
                "activities.csv row 2, column planned_start",
            ),
            (
                "activities",
                2,
                "bogus",
                t("x"),
                ErrorKind::UnknownField,
                "activities.csv row 1, column bogus",
            ),
            (
                "activities",
                2,
                "title",
                t(&"x".repeat(crate::load::MAX_STRING_BYTES + 1)),
                ErrorKind::LimitExceeded,
                "activities.csv row 2, column title",
            ),
            (
                "activities",
                2,
                "title_status",
                t("lost"),
                ErrorKind::InvalidValue,
                "activities.csv row 2, column title_status",
            ),
            (
                "dependencies",
                2,
                "lag_days",
                t("five"),
                ErrorKind::WrongType,
                "dependencies.csv row 2, column lag_days",
            ),
            (
                "dependencies",
                3,
                "lag_days",
                Number(1.5),
                ErrorKind::WrongType,
                "dependencies.csv row 3, column lag_days",
            ),
            (
                "dependencies",
                2,
                "type",
                t("XX"),
                ErrorKind::InvalidValue,
                "dependencies.csv row 2, column type",
            ),
            (
                "dependencies",
                2,
                "activity",
                t("9.9.9"),
                ErrorKind::UnknownReference,
                "dependencies.csv row 2, column activity",
            ),
            (
                "dependencies",
                2,
                "activity",
                Empty,
                ErrorKind::MissingField,
                "dependencies.csv row 2, column activity",
            ),
            (
                "indicators",
                2,
                "baseline_value",
                Number(3.0),
                ErrorKind::MissingField,
                "indicators.csv row 2, column baseline_date",
            ),
            (
                "indicators",
                2,
                "frequency",
                t("weekly"),
                ErrorKind::InvalidValue,
                "indicators.csv row 2, column frequency",
            ),
            (
                "status_updates",
                2,
                "progress",
                t("forty"),
                ErrorKind::WrongType,
                "status_updates.csv row 2, column progress",
            ),
            (
                "status_updates",
                2,
                "status",
                t("late"),
                ErrorKind::InvalidValue,
                "status_updates.csv row 2, column status",
            ),
            (
                "monitoring",
                3,
                "value",
                t("maybe"),
                ErrorKind::WrongType,
                "monitoring.csv row 3, column value",
            ),
            (
                "monitoring",
                3,
                "key",
                t("synthetik"),
                ErrorKind::UnknownField,
                "monitoring.csv row 3, column key",
            ),
            (
                "plan",
                4,
                "value",
                t("2019-13-01"),
                ErrorKind::InvalidValue,
                "plan.csv row 4, column value",
            ),
            (
                "plan",
                3,
                "key",
                t("id"),
                ErrorKind::InvalidValue,
                "plan.csv row 3, column key",
            ),
            (
                "reporting_obligations",
                2,
                "grace_days",
                Number(-1.0),
                ErrorKind::InvalidValue,
                "reporting_obligations.csv row 2, column grace_days",
            ),
            (
                "indicator_values",
                3,
                "value",
                t("six"),
                ErrorKind::WrongType,
                "indicator_values.csv row 3, column value",
            ),
            (
                "indicator_values",
                3,
                "period",
                t("2019Q2"),
                ErrorKind::InvalidValue,
                "indicator_values.csv row 3, column dimension",
            ),
            (
                "indicator_values",
                2,
                "category",
                t("female"),
                ErrorKind::MissingField,
                "indicator_values.csv row 2, column dimension",
            ),
            (
                "meetings",
                2,
                "date",
                Bool(true),
                ErrorKind::WrongType,
                "meetings.csv row 2, column date",
            ),
            // Validation: the errors of the model's checks, moved to the row and column.
            (
                "activities",
                2,
                "lead",
                t("nobody"),
                ErrorKind::UnknownReference,
                "activities.csv row 2, column lead",
            ),
            (
                "activities",
                3,
                "supporting",
                t("ncct;ghost"),
                ErrorKind::UnknownReference,
                "activities.csv row 3, column supporting",
            ),
            (
                "activities",
                4,
                "deadline",
                t("2019-12-31"),
                ErrorKind::DeadlineBeforeStart,
                "activities.csv row 4, column deadline",
            ),
            (
                "organisations",
                5,
                "id",
                t("moi"),
                ErrorKind::DuplicateId,
                "organisations.csv row 5, column id",
            ),
            (
                "dependencies",
                2,
                "depends_on",
                t("1.1.2"),
                ErrorKind::SelfDependency,
                "dependencies.csv row 2, column depends_on",
            ),
            (
                "dependencies",
                3,
                "depends_on",
                t("1.1.9"),
                ErrorKind::UnknownReference,
                "dependencies.csv row 3, column depends_on",
            ),
            (
                "indicator_disaggregations",
                2,
                "categories",
                Empty,
                ErrorKind::MissingField,
                "indicator_disaggregations.csv row 2, column categories",
            ),
            (
                "indicator_disaggregations",
                2,
                "categories",
                t("[]"),
                ErrorKind::MissingField,
                "indicator_disaggregations.csv row 2, column categories",
            ),
            (
                "reporting_obligations",
                2,
                "reporter_kinds",
                t("province"),
                ErrorKind::UnknownReference,
                "reporting_obligations.csv row 2, column reporter_kinds",
            ),
            (
                "status_updates",
                2,
                "activity",
                t("7.7.7"),
                ErrorKind::UnknownReference,
                "status_updates.csv row 2, column activity",
            ),
            (
                "status_updates",
                2,
                "progress",
                Number(140.0),
                ErrorKind::InvalidValue,
                "status_updates.csv row 2, column progress",
            ),
            (
                "submissions",
                2,
                "period",
                t("2019Q5"),
                ErrorKind::InvalidPeriod,
                "submissions.csv row 2, column period",
            ),
            (
                "submissions",
                2,
                "reporter",
                t("pcct-z"),
                ErrorKind::UnknownReference,
                "submissions.csv row 2, column reporter",
            ),
            (
                "indicator_values",
                4,
                "category",
                t("other"),
                ErrorKind::InvalidValue,
                "indicator_values.csv row 4, column value",
            ),
            (
                "meetings",
                2,
                "obligation",
                t("weekly"),
                ErrorKind::UnknownReference,
                "meetings.csv row 2, column obligation",
            ),
            (
                "plan",
                4,
                "value",
                t("2025-01-01"),
                ErrorKind::DeadlineBeforeStart,
                "plan.csv row 5, column value",
            ),
        ];
        let base = mini();
        // The same cases in a workbook: `plan.xlsx sheet activities row 5, column ...`.
        let workbook: TableSet = base
            .iter()
            .map(|t| Table {
                file: Some(PathBuf::from("plan.xlsx")),
                sheet: Some(t.name.clone()),
                ..t.clone()
            })
            .collect();
        let cases = cases
            .into_iter()
            .flat_map(|(table, row, column, cell, kind, location)| {
                let in_workbook = match location.split_once(".csv") {
                    Some((name, rest)) => format!("plan.xlsx sheet {name}{rest}"),
                    None => location.to_string(),
                };
                [
                    (
                        &base,
                        table,
                        row,
                        column,
                        cell.clone(),
                        kind,
                        location.to_string(),
                    ),
                    (&workbook, table, row, column, cell, kind, in_workbook),
                ]
            });
        let mut failures = Vec::new();
        for (base, table, row, column, cell, kind, location) in cases {
            let set = with_cell(base, table, row, column, cell.clone());
            let got = match Dataset::from_tables(&set) {
                Ok(_) => {
                    failures.push(format!("{table} row {row} {column} = {cell:?}: no error"));
                    continue;
                }
                Err(errors) => errors,
            };
            let first = &got[0];
            let shown = first.location().to_string();
            if first.kind() != kind || (!location.is_empty() && shown != location) {
                failures.push(format!(
                    "{table} row {row} {column} = {cell:?}: expected {kind} at {location}, got {got}"
                ));
            }
            for e in got.iter() {
                let m = e.message();
                if m.ends_with('.') || m.starts_with(|c: char| c.is_uppercase()) {
                    failures.push(format!("message style: {m}"));
                }
                if e.location().row.is_none() && e.location().column_name.is_none() {
                    failures.push(format!("{table} {column}: no row or column in `{e}`"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn missing_plan_table_and_columns_are_named() {
        let mut set: TableSet = mini()
            .iter()
            .filter(|t| t.name != "plan")
            .cloned()
            .collect();
        let e = decode(&set).unwrap_err();
        assert_eq!(e[0].kind(), ErrorKind::MissingField);
        let mut plan = Table::new("plan", ["key", "value"]);
        plan.file = Some(PathBuf::from("plan.csv"));
        plan.push_row(vec![Cell::text("id"), Cell::text("p")]);
        set.insert(plan);
        let e = decode(&set).unwrap_err();
        assert_eq!(e[0].kind(), ErrorKind::MissingField);
        assert_eq!(e[0].message(), "missing key `title`");
        assert_eq!(e[0].location().to_string(), "plan.csv column key");
    }

    #[test]
    fn cells_of_any_type_read_as_their_column_wants() {
        let day = chrono::NaiveDate::from_ymd_opt(2019, 3, 31).unwrap();
        let cases: Vec<(Cell, Kind, Option<Value>)> = vec![
            (Cell::Empty, Kind::Text, None),
            (Cell::text("2019"), Kind::Text, Some(Value::from("2019"))),
            (Cell::Number(2019.0), Kind::Text, Some(Value::from("2019"))),
            (Cell::Number(1.5), Kind::Text, Some(Value::from("1.5"))),
            (Cell::text("\"\""), Kind::Text, Some(Value::from(""))),
            (Cell::text(" 5 "), Kind::Integer, Some(Value::from(5))),
            (Cell::Number(5.0), Kind::Integer, Some(Value::from(5))),
            (Cell::text("x"), Kind::Integer, Some(Value::from("x"))),
            (Cell::text("0.25"), Kind::Number, Some(Value::from(0.25))),
            (Cell::text("TRUE"), Kind::Bool, Some(Value::Bool(true))),
            (Cell::Bool(false), Kind::Bool, Some(Value::Bool(false))),
            (Cell::Date(day), Kind::Date, Some(Value::from("2019-03-31"))),
            (
                Cell::text(" 2019-03-31 "),
                Kind::Date,
                Some(Value::from("2019-03-31")),
            ),
            (Cell::Date(day), Kind::Text, Some(Value::from("2019-03-31"))),
            (
                Cell::text("a; b"),
                Kind::List,
                Some(serde_json::json!(["a", "b"])),
            ),
            (
                Cell::Number(7.0),
                Kind::List,
                Some(serde_json::json!(["7"])),
            ),
        ];
        for (cell, kind, expected) in cases {
            assert_eq!(to_json(&cell, kind), expected, "{cell:?} as {kind:?}");
        }
    }
}
