//! [`Input`]: what a path given as a plan source (`SRC`) is, and loading it.
//!
//! - A directory: a JSON plan directory (`plan.json`, optionally `monitoring.json`), a
//!   CSV tables directory (`<table>.csv`, see [`tables`](crate::tables)), or a mix of
//!   both: JSON files give what no CSV file gives. A directory without any CSV table is
//!   read exactly as [`Dataset::load_dir`] reads it.
//! - `plan.json` (or any `.json` file): its directory.
//! - A `.xlsx` file: a workbook, one sheet per table (feature `xlsx`).
//!
//! In a mixed directory each part comes from one place. It is an error
//! ([`InvalidValue`](crate::ErrorKind::InvalidValue), naming both files) when
//! `plan.json` and `plan.csv` both give metadata (`id`, `title`, ..., `notes`; the
//! monitoring metadata are `plan`, `synthetic` and `notes`), when a collection
//! has a CSV file and a key in the JSON file (`activities.csv` and `"activities"` in
//! plan.json, even `[]`), when a child table comes without its parent's table while the
//! JSON file is there (`dependencies.csv`, `targets.csv` and
//! `indicator_disaggregations.csv` go with `activities.csv` and `indicators.csv`), and
//! likewise for `monitoring.json` and `monitoring.csv`, `status_updates.csv`,
//! `submissions.csv`, `indicator_values.csv`, `meetings.csv`. Other files are ignored.

use super::validate::Source;
use super::{parse_json, read_text, MONITORING_FILE, PLAN_FILE, RULES_FILE};
use crate::error::{Error, ErrorKind, Errors, Location};
use crate::model::{Monitoring, Plan};
use crate::tables::layout::{self, Spec};
use crate::tables::{self, TableSet};
use crate::{Dataset, Limits};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a plan source path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A directory of JSON files, CSV tables or both.
    Dir(PathBuf),
    /// An .xlsx workbook.
    Workbook(PathBuf),
}

impl Input {
    /// What `path` is: a `.xlsx` file is a workbook, a `.json` file stands for its
    /// directory, anything else is a directory (whether it exists is seen on loading).
    ///
    /// ```
    /// use planwatch::load::Input;
    /// use std::path::PathBuf;
    /// assert_eq!(Input::detect("a/plan.json"), Input::Dir(PathBuf::from("a")));
    /// assert_eq!(Input::detect("plan.json"), Input::Dir(PathBuf::from(".")));
    /// assert_eq!(Input::detect("x/NSP.XLSX"), Input::Workbook(PathBuf::from("x/NSP.XLSX")));
    /// assert_eq!(Input::detect("x/nsp"), Input::Dir(PathBuf::from("x/nsp")));
    /// ```
    pub fn detect(path: impl AsRef<Path>) -> Input {
        let path = path.as_ref();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("xlsx") if !path.is_dir() => Input::Workbook(path.to_path_buf()),
            Some("json") if !path.is_dir() => match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => Input::Dir(p.to_path_buf()),
                _ => Input::Dir(PathBuf::from(".")),
            },
            _ => Input::Dir(path.to_path_buf()),
        }
    }

    /// Where the source's default rule set is: `rules.json` in a directory, and for a
    /// workbook `NAME.rules.json` beside `NAME.xlsx`. The file may not exist.
    ///
    /// ```
    /// use planwatch::load::Input;
    /// use std::path::Path;
    /// assert_eq!(Input::detect("ex/nsp.xlsx").rules_path(), Path::new("ex/nsp.rules.json"));
    /// assert_eq!(Input::detect("ex/nsp").rules_path(), Path::new("ex/nsp/rules.json"));
    /// ```
    pub fn rules_path(&self) -> PathBuf {
        match self {
            Input::Dir(dir) => dir.join(RULES_FILE),
            Input::Workbook(file) => file.with_extension("rules.json"),
        }
    }

    /// The source's own rule set and its file, when [`Input::rules_path`] is there (a
    /// dangling link there is an error naming it, as every input): what the CLI, Python
    /// and the dashboard apply when given no rules. `None` when there is none.
    ///
    /// ```
    /// use planwatch::load::Input;
    /// let (rules, file) = Input::detect("../examples/nsp-2019-2023").rules().unwrap().unwrap();
    /// assert!(file.ends_with("rules.json") && rules != planwatch::RuleSet::default());
    /// assert!(Input::detect("../tests/fixtures/valid-mini").rules().unwrap().is_none());
    /// ```
    pub fn rules(&self) -> Result<Option<(crate::RuleSet, PathBuf)>, Errors> {
        let file = self.rules_path();
        if super::is_present(&file) {
            crate::RuleSet::load(&file).map(|rules| Some((rules, file)))
        } else {
            Ok(None)
        }
    }

    /// Loads and validates the plan and monitoring data of the source.
    pub fn load(&self) -> Result<Dataset, Errors> {
        self.load_with_limits(&Limits::default())
    }

    /// [`Input::load`] within `limits` instead of the defaults.
    pub fn load_with_limits(&self, limits: &Limits) -> Result<Dataset, Errors> {
        match self {
            Input::Dir(dir) if !tables::has_csv_tables(dir) => {
                Dataset::load_dir_with_limits(dir, limits)
            }
            Input::Dir(dir) => load_mixed(dir, limits),
            Input::Workbook(file) => load_workbook(file, limits),
        }
    }
}

#[cfg(feature = "xlsx")]
fn load_workbook(file: &Path, limits: &Limits) -> Result<Dataset, Errors> {
    let set = tables::read_xlsx(file)?;
    let missing = Location {
        file: Some(file.to_path_buf()),
        sheet: Some(layout::PLAN.name.to_string()),
        ..Location::default()
    };
    Dataset::from_tables_at(&set, None, None, missing, limits)
}

#[cfg(not(feature = "xlsx"))]
fn load_workbook(file: &Path, _limits: &Limits) -> Result<Dataset, Errors> {
    Err(Errors::from(
        Error::new(
            ErrorKind::InvalidValue,
            "reading .xlsx workbooks needs planwatch's `xlsx` feature",
            Location::default(),
        )
        .in_file(Some(file)),
    ))
}

/// A JSON document of a mixed directory: its path, text and top-level keys.
struct JsonDoc {
    path: PathBuf,
    text: String,
    keys: BTreeSet<String>,
}

fn read_doc(path: PathBuf) -> Result<Option<JsonDoc>, Error> {
    if !super::is_present(&path) {
        return Ok(None);
    }
    let text = read_text(&path)?;
    let keys =
        serde_json::from_str::<std::collections::BTreeMap<String, serde::de::IgnoredAny>>(&text)
            .map(|m| m.into_keys().collect())
            .unwrap_or_default();
    Ok(Some(JsonDoc { path, text, keys }))
}

/// The conflicts between a JSON document and the tables of its part of the layout.
fn conflicts(
    dir: &Path,
    doc: Option<&JsonDoc>,
    set: &TableSet,
    specs: &[&'static Spec],
    parents: &[(&Spec, &Spec)],
) -> Vec<Error> {
    let Some(doc) = doc else { return Vec::new() };
    let json = doc
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut errors = Vec::new();
    for spec in specs.iter().filter(|s| set.contains(s.name)) {
        let csv = tables::csv_path(dir, spec.name);
        let parent = parents
            .iter()
            .find(|(child, _)| child.name == spec.name)
            .map(|(_, p)| *p);
        let message = if spec.collection.is_empty() {
            let keys = if spec.name == layout::PLAN.name {
                layout::PLAN_KEYS
            } else {
                layout::MONITORING_KEYS
            };
            keys.iter().any(|k| doc.keys.contains(k.field)).then(|| {
                format!(
                    "the {} metadata are given twice: in {json} and in {}.csv",
                    spec.name, spec.name
                )
            })
        } else if let Some(parent) = parent {
            (!set.contains(parent.name)).then(|| {
                format!(
                    "{}.csv needs {}.csv: the {} come from {json}",
                    spec.name, parent.name, parent.name
                )
            })
        } else {
            doc.keys.contains(spec.collection).then(|| {
                format!(
                    "the {} are given twice: in {json} and in {}.csv",
                    spec.collection.replace('_', " "),
                    spec.name
                )
            })
        };
        if let Some(message) = message {
            errors.push(
                Error::new(ErrorKind::InvalidValue, message, Location::default())
                    .in_file(Some(&csv)),
            );
        }
    }
    errors
}

fn load_mixed(dir: &Path, limits: &Limits) -> Result<Dataset, Errors> {
    let set = tables::read_csv_dir(dir)?;
    let mut errors = Vec::new();
    let plan_doc = read_doc(dir.join(PLAN_FILE)).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let mon_doc = read_doc(dir.join(MONITORING_FILE)).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if !errors.is_empty() {
        return Err(tables::to_errors(errors));
    }
    let parents: &[(&Spec, &Spec)] = &[
        (&layout::DEPENDENCIES, &layout::ACTIVITIES),
        (&layout::TARGETS, &layout::INDICATORS),
        (&layout::INDICATOR_DISAGGREGATIONS, &layout::INDICATORS),
    ];
    errors.extend(conflicts(
        dir,
        plan_doc.as_ref(),
        &set,
        layout::PLAN_TABLES,
        parents,
    ));
    errors.extend(conflicts(
        dir,
        mon_doc.as_ref(),
        &set,
        layout::MONITORING_TABLES,
        &[],
    ));
    let plan = plan_doc
        .as_ref()
        .map(|d| parse_json::<Plan>(&d.text, Some(&d.path)));
    let monitoring = mon_doc
        .as_ref()
        .map(|d| parse_json::<Monitoring>(&d.text, Some(&d.path)));
    let plan = plan.transpose().unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    let monitoring = monitoring.transpose().unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if !errors.is_empty() {
        return Err(tables::to_errors(errors));
    }
    let source = |doc: &Option<JsonDoc>, used: bool| -> Option<(PathBuf, String)> {
        doc.as_ref()
            .filter(|_| used)
            .map(|d| (d.path.clone(), d.text.clone()))
    };
    let plan_src = source(&plan_doc, plan.is_some());
    let mon_src = source(&mon_doc, monitoring.is_some());
    let missing = Location::default().in_file(Some(&tables::csv_path(dir, layout::PLAN.name)));
    Dataset::from_tables_with(
        &set,
        plan,
        monitoring,
        missing,
        [
            plan_src
                .as_ref()
                .map_or_else(Source::default, |(p, t)| Source {
                    file: Some(p),
                    text: Some(t),
                }),
            mon_src
                .as_ref()
                .map_or_else(Source::default, |(p, t)| Source {
                    file: Some(p),
                    text: Some(t),
                }),
        ],
        limits,
    )
}
