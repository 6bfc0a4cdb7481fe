//! [`SourceMap`]: where each item of a plan decoded from tables came from, to move the
//! errors of validation (which name JSON paths such as `activities[3].lead`) to the table,
//! row and column the user wrote.

use super::layout::{self, Column, Spec};
use crate::error::{Error, Location};
use std::collections::BTreeMap;

/// The table and row of every decoded item, by JSON collection.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourceMap {
    /// The file and sheet of each table decoded, by table name.
    origins: BTreeMap<&'static str, Location>,
    /// The row of each item of a top-level collection, by table name.
    rows: BTreeMap<&'static str, Vec<usize>>,
    /// The rows of each parent item's children (dependencies, targets, disaggregations),
    /// by table name.
    children: BTreeMap<&'static str, Vec<Vec<usize>>>,
    /// Per indicator value: the row of each (dimension, category) of its breakdown.
    breakdowns: Vec<Vec<(String, String, usize)>>,
    /// The first row of each key of a key/value table, by table name and key.
    keys: BTreeMap<(&'static str, String), usize>,
}

impl SourceMap {
    pub fn origin(&mut self, table: &'static str, location: Location) {
        self.origins.insert(table, location);
    }

    pub fn rows(&mut self, table: &'static str, rows: Vec<usize>) {
        self.rows.insert(table, rows);
    }

    pub fn children(&mut self, table: &'static str, rows: Vec<Vec<usize>>) {
        self.children.insert(table, rows);
    }

    pub fn breakdowns(&mut self, rows: Vec<Vec<(String, String, usize)>>) {
        self.breakdowns = rows;
    }

    pub fn key(&mut self, table: &'static str, key: &str, row: usize) {
        self.keys.entry((table, key.to_string())).or_insert(row);
    }

    /// The error at the table, row and column of its JSON path, when that path is in an
    /// item decoded from a table; else unchanged.
    pub fn translate(&self, error: Error) -> Error {
        let path = error.location().path.clone();
        match self.locate(&path) {
            Some(mut location) => {
                location.path = path;
                error.at(location)
            }
            None => error,
        }
    }

    fn at(
        &self,
        table: &'static str,
        row: Option<usize>,
        column: Option<&Column>,
    ) -> Option<Location> {
        let mut location = self.origins.get(table)?.clone();
        location.row = row;
        location.column_name = column.map(|c| c.name.to_string());
        Some(location)
    }

    fn locate(&self, path: &str) -> Option<Location> {
        let (name, index, rest) = split_index(path);
        let Some(index) = index else {
            return self.locate_key(name);
        };
        let spec =
            layout::all().find(|s| s.collection == name && self.rows.contains_key(s.name))?;
        let row = self.rows.get(spec.name)?.get(index).copied();
        let child = |sub: &str, child: &'static Spec| -> Option<Option<Location>> {
            let tail = rest.strip_prefix(sub)?;
            let (_, j, tail) = split_index(tail);
            let rows = self.children.get(child.name)?.get(index)?;
            let row = j.and_then(|j| rows.get(j).copied());
            Some(self.at(child.name, row, child.column_for(tail)))
        };
        match spec.name {
            "activities" => {
                if let Some(found) = child("depends_on", &layout::DEPENDENCIES) {
                    return found;
                }
            }
            "indicators" => {
                if let Some(found) = child("targets", &layout::TARGETS)
                    .or_else(|| child("disaggregations", &layout::INDICATOR_DISAGGREGATIONS))
                {
                    return found;
                }
            }
            "schedule_baselines" => {
                if let Some(found) = child("activities", &layout::BASELINE_DATES) {
                    return found;
                }
            }
            "indicator_values" => {
                if let Some(tail) = rest.strip_prefix("disaggregation.") {
                    let spec = &layout::INDICATOR_VALUES;
                    for (dimension, category, row) in self.breakdowns.get(index)? {
                        if tail == format!("{dimension}.{category}") {
                            return self.at(spec.name, Some(*row), spec.column("value"));
                        }
                        if tail == dimension.as_str() {
                            return self.at(spec.name, Some(*row), spec.column("dimension"));
                        }
                    }
                    return self.at(spec.name, row, None);
                }
            }
            _ => {}
        }
        self.at(spec.name, row, spec.column_for(rest))
    }

    fn locate_key(&self, field: &str) -> Option<Location> {
        for (spec, keys) in [
            (&layout::PLAN, layout::PLAN_KEYS),
            (&layout::MONITORING, layout::MONITORING_KEYS),
        ] {
            if !self.origins.contains_key(spec.name) {
                continue;
            }
            if let Some(key) = keys.iter().find(|k| k.field == field) {
                let row = self.keys.get(&(spec.name, key.name.to_string())).copied();
                return self.at(spec.name, row, spec.column("value"));
            }
        }
        None
    }
}

/// `name[3].rest` -> (`name`, `Some(3)`, `rest`); `name` -> (`name`, `None`, ``).
fn split_index(path: &str) -> (&str, Option<usize>, &str) {
    let end = path.find(['[', '.']).unwrap_or(path.len());
    let name = &path[..end];
    let after = &path[end..];
    if let Some(inner) = after.strip_prefix('[') {
        if let Some(close) = inner.find(']') {
            let index = inner[..close].parse().ok();
            let rest = &inner[close + 1..];
            return (name, index, rest.strip_prefix('.').unwrap_or(rest));
        }
    }
    (name, None, after.strip_prefix('.').unwrap_or(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paths() {
        for (path, expected) in [
            ("activities[3].lead", ("activities", Some(3), "lead")),
            ("activities[3]", ("activities", Some(3), "")),
            (
                "depends_on[0].activity",
                ("depends_on", Some(0), "activity"),
            ),
            ("start", ("start", None, "")),
            ("reporters.ids[1]", ("reporters", None, "ids[1]")),
        ] {
            assert_eq!(split_index(path), expected, "{path}");
        }
    }
}
