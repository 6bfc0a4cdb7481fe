//! `planwatch convert SRC --to DEST [--layout json|csv]`, and loading any SRC (a JSON or
//! CSV directory, a mix, `plan.json`, or an .xlsx workbook) for every command.

use clap::ValueEnum;
use planwatch::load::Input;
use planwatch::tables;
use planwatch::{Dataset, Error, ErrorKind, Errors, Location, RuleSet};
use std::path::{Path, PathBuf};

/// The layout of a destination directory.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Layout {
    /// plan.json and monitoring.json.
    Json,
    /// One `<table>.csv` per table (see docs/tables.md).
    Csv,
}

/// Loads and validates any SRC.
pub fn load(src: &Path) -> Result<Dataset, Errors> {
    Dataset::load(src)
}

/// The rule set for `ds`: an explicit file, else the source's default rules file when
/// present (`rules.json` in a directory, `NAME.rules.json` beside `NAME.xlsx`), else the
/// defaults; checked against the plan (the schedule baseline it names), naming the file.
pub fn load_rules(ds: &Dataset, src: &Path, explicit: Option<&Path>) -> Result<RuleSet, Errors> {
    let (rules, file) = match explicit {
        Some(path) => (RuleSet::load(path)?, Some(path.to_path_buf())),
        None => match Input::detect(src).rules()? {
            Some((rules, file)) => (rules, Some(file)),
            None => (RuleSet::default(), None),
        },
    };
    rules
        .check_against(ds)
        .map_err(|e| Errors::from(e.in_file(file.as_deref())))?;
    Ok(rules)
}

fn io_error(message: String, file: &Path) -> Errors {
    Errors::from(Error::new(ErrorKind::Io, message, Location::default()).in_file(Some(file)))
}

/// What `convert` wrote: a line for stdout.
pub fn convert(src: &Path, dest: &Path, layout: Option<Layout>) -> Result<String, Errors> {
    let dataset = load(src)?;
    // Validates the rule set too: a converted plan keeps the rules it is checked with.
    load_rules(&dataset, src, None)?;
    let (plan, monitoring) = (dataset.plan(), dataset.monitoring());
    let target = Input::detect(dest);
    let what = match &target {
        Input::Workbook(file) => {
            if layout.is_some() {
                return Err(Errors::from(Error::new(
                    ErrorKind::InvalidValue,
                    "--layout is for a destination directory, not a workbook",
                    Location::default(),
                )));
            }
            let set = tables::encode(plan, monitoring);
            write_xlsx(&set, file)?;
            format!("{} sheets", set.len())
        }
        Input::Dir(dir) => {
            let layout = layout.unwrap_or(Layout::Json);
            refuse_other_layout(dir, layout)?;
            match layout {
                Layout::Json => {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| io_error(format!("cannot create directory: {e}"), dir))?;
                    write_json(&dir.join(planwatch::load::PLAN_FILE), plan)?;
                    write_json(&dir.join(planwatch::load::MONITORING_FILE), monitoring)?;
                    "plan.json and monitoring.json".to_string()
                }
                Layout::Csv => {
                    let set = tables::encode(plan, monitoring);
                    tables::write_csv_dir(&set, dir)?;
                    format!("{} CSV tables", set.len())
                }
            }
        }
    };
    let from_rules = Input::detect(src).rules_path();
    let to_rules = target.rules_path();
    let mut rules = String::new();
    if from_rules.exists() && !same_file(&from_rules, &to_rules) {
        std::fs::copy(&from_rules, &to_rules)
            .map_err(|e| io_error(format!("cannot copy the rule set: {e}"), &to_rules))?;
        rules = format!(", rules in {}", to_rules.display());
    }
    Ok(format!(
        "wrote {} ({what}: {} activities, {} organisations, {} status updates, {} submissions{rules})",
        dest.display(),
        plan.activities.len(),
        plan.organisations.len(),
        monitoring.status_updates.len(),
        monitoring.submissions.len(),
    ))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A directory of one layout must not keep files of the other, which would then mix.
fn refuse_other_layout(dir: &Path, layout: Layout) -> Result<(), Errors> {
    let clash: Vec<PathBuf> = match layout {
        Layout::Json => tables::table_names()
            .into_iter()
            .map(|name| tables::csv_path(dir, name))
            .filter(|p| p.exists())
            .collect(),
        Layout::Csv => [planwatch::load::PLAN_FILE, planwatch::load::MONITORING_FILE]
            .iter()
            .map(|f| dir.join(f))
            .filter(|p| p.exists())
            .collect(),
    };
    match clash.first() {
        None => Ok(()),
        Some(file) => Err(Errors::from(
            Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "the destination already holds a file of the other layout ({} in all); remove it or choose another directory",
                    clash.len()
                ),
                Location::default(),
            )
            .in_file(Some(file)),
        )),
    }
}

/// Writes JSON as the shipped files are written: one-space indent and a final newline.
fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), Errors> {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut ser)
        .map_err(|e| io_error(format!("cannot write JSON: {e}"), path))?;
    out.push(b'\n');
    std::fs::write(path, out).map_err(|e| io_error(format!("cannot write: {e}"), path))
}

fn write_xlsx(set: &tables::TableSet, file: &Path) -> Result<(), Errors> {
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error(format!("cannot create directory: {e}"), parent))?;
    }
    tables::write_xlsx(set, file)
}
