//! The table layout against the JSON format: every valid fixture and the NSP data set
//! round-trip losslessly through CSV and .xlsx, the shipped workbook and CSV tables load
//! to the same plan as the JSON, invalid fixtures give the same errors from tables, and
//! directories mixing JSON and CSV follow their rules.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use planwatch::model::{Monitoring, Plan};
use planwatch::tables::{self, TableSet};
use planwatch::{Dataset, ErrorKind};
use planwatch_tests::{fixtures, nsp_dir, workspace_root};
use std::path::{Path, PathBuf};

/// Every valid (plan, monitoring) pair of the repository, by name.
fn valid_pairs() -> Vec<(String, Plan, Monitoring)> {
    let mut pairs = Vec::new();
    for dir in [nsp_dir(), fixtures().join("valid-mini")] {
        let ds = Dataset::load_dir(&dir).unwrap();
        pairs.push((
            dir.display().to_string(),
            ds.plan().clone(),
            ds.monitoring().clone(),
        ));
    }
    let mut rule_tables: Vec<PathBuf> = std::fs::read_dir(fixtures().join("rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    rule_tables.sort();
    for path in rule_tables {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let plan: Plan = serde_json::from_value(v["plan"].clone()).unwrap();
        for case in v["cases"].as_array().unwrap() {
            let monitoring: Monitoring =
                serde_json::from_value(case["monitoring"].clone()).unwrap_or_default();
            let name = format!("{} / {}", path.display(), case["name"]);
            pairs.push((name, plan.clone(), monitoring));
        }
    }
    assert!(pairs.len() > 20, "only {} pairs", pairs.len());
    pairs
}

/// Each table written as CSV text and read back.
fn through_csv(set: &TableSet) -> TableSet {
    set.iter()
        .map(|t| {
            let text = tables::csv_text(t);
            tables::read_csv_from(text.as_bytes(), &t.name, None).unwrap()
        })
        .collect()
}

fn through_xlsx(set: &TableSet) -> TableSet {
    let bytes = tables::xlsx_bytes(set).unwrap();
    tables::read_xlsx_bytes(&bytes, None).unwrap()
}

#[test]
fn json_to_csv_and_xlsx_and_back_is_lossless() {
    let mut failures = Vec::new();
    for (name, plan, monitoring) in valid_pairs() {
        let set = tables::encode(&plan, &monitoring);
        for (how, set) in [
            ("tables", set.clone()),
            ("csv", through_csv(&set)),
            ("xlsx", through_xlsx(&set)),
            // A workbook whose dates and numbers are all text cells.
            ("xlsx of text cells", through_xlsx(&through_csv(&set))),
        ] {
            match tables::decode(&set) {
                Ok((p, m)) if p == plan && m == monitoring => {}
                Ok(_) => failures.push(format!("{name} via {how}: values differ")),
                Err(e) => failures.push(format!("{name} via {how}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn awkward_values_survive_csv_and_xlsx() {
    let ds = Dataset::load_dir(fixtures().join("valid-mini")).unwrap();
    let (mut plan, mut monitoring) = (ds.plan().clone(), ds.monitoring().clone());
    plan.notes = vec![
        String::new(),
        "\"quoted\"".into(),
        "a;b, \"c\"\nline two".into(),
        " padded ".into(),
    ];
    plan.source = Some(String::new());
    plan.activities[0].tags = vec!["x;y".into(), String::new(), " z".into()];
    plan.activities[1].tags = vec!["[not a list]".into()];
    plan.activities[2].title = "\"\"".into();
    plan.organisations[0].active_from = chrono::NaiveDate::from_ymd_opt(1850, 1, 1);
    monitoring.notes = vec!["ünïcödé ✓".into()];
    monitoring.indicator_actuals[0].value = 0.1 + 0.2;
    monitoring.indicator_actuals[0]
        .disaggregation
        .insert("age band".into(), Default::default());
    monitoring.status_updates[0].progress = Some(1.0 / 3.0);
    monitoring.status_updates[0].note = Some("=SUM(A1:A2)".into());
    let set = tables::encode(&plan, &monitoring);
    for (how, set) in [("csv", through_csv(&set)), ("xlsx", through_xlsx(&set))] {
        let (p, m) = tables::decode(&set).unwrap_or_else(|e| panic!("{how}: {e}"));
        assert_eq!(p, plan, "{how}");
        assert_eq!(m, monitoring, "{how}");
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planwatch-tables-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn csv_directories_and_workbooks_on_disk_load_like_json() {
    let json = Dataset::load(nsp_dir()).unwrap();
    let dir = scratch("nsp");
    let set = tables::encode(json.plan(), json.monitoring());
    tables::write_csv_dir(&set, dir.join("csv")).unwrap();
    tables::write_xlsx(&set, dir.join("nsp.xlsx")).unwrap();
    // The workbook holds typed cells: dates as date cells, numbers as numbers.
    let book = tables::read_xlsx(dir.join("nsp.xlsx")).unwrap();
    let names: Vec<&str> = book.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, tables::table_names());
    let activities = book.get("activities").unwrap();
    let at = |t: &tables::Table, column: &str| t.rows[0].cell(t.column(column).unwrap()).clone();
    assert!(matches!(
        at(activities, "planned_start"),
        tables::Cell::Date(_)
    ));
    assert!(matches!(
        at(book.get("dependencies").unwrap(), "lag_days"),
        tables::Cell::Number(_)
    ));
    assert!(matches!(at(activities, "id"), tables::Cell::Text(_)));
    for src in [dir.join("csv"), dir.join("nsp.xlsx")] {
        let ds = Dataset::load(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        assert_eq!(ds.plan(), json.plan(), "{}", src.display());
        assert_eq!(ds.monitoring(), json.monitoring(), "{}", src.display());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The shipped workbook and CSV tables are what `planwatch convert` makes of the JSON
/// (README: `planwatch convert examples/nsp-2019-2023 --to examples/nsp-2019-2023.xlsx`).
#[test]
fn shipped_nsp_workbook_and_csv_tables_are_the_json_data_set() {
    let json = Dataset::load_dir(nsp_dir()).unwrap();
    let workbook = workspace_root().join("examples").join("nsp-2019-2023.xlsx");
    let csv = nsp_dir().join("tables");
    for src in [&workbook, &csv] {
        let ds = Dataset::load(src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        assert_eq!(ds.plan(), json.plan(), "{}", src.display());
        assert_eq!(ds.monitoring(), json.monitoring(), "{}", src.display());
    }
    // Regenerating gives the same bytes (fixed document properties, fixed order).
    let set = tables::encode(json.plan(), json.monitoring());
    let regenerated = tables::xlsx_bytes(&set).unwrap();
    assert!(
        regenerated == std::fs::read(&workbook).unwrap(),
        "examples/nsp-2019-2023.xlsx is stale: regenerate it with `planwatch convert`"
    );
    for table in &set {
        let shipped = std::fs::read_to_string(tables::csv_path(&csv, &table.name)).unwrap();
        assert_eq!(shipped, tables::csv_text(table), "{} is stale", table.name);
    }
    // The rule set travels beside them.
    let rules = std::fs::read(nsp_dir().join("rules.json")).unwrap();
    assert_eq!(
        std::fs::read(workbook.with_extension("rules.json")).unwrap(),
        rules
    );
    assert_eq!(std::fs::read(csv.join("rules.json")).unwrap(), rules);
}

/// Every invalid fixture whose files parse gives, from tables, the errors it gives from
/// JSON (kind, model path, subject), each at a table row or column.
#[test]
fn invalid_fixtures_give_the_same_errors_from_tables() {
    let mut dirs: Vec<_> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in &dirs {
        let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_else(|_| "{}".into());
        let (Ok(plan), Ok(monitoring)) = (
            serde_json::from_str::<Plan>(&read("plan.json")),
            serde_json::from_str::<Monitoring>(&read("monitoring.json")),
        ) else {
            continue;
        };
        checked += 1;
        let json = Dataset::load_dir(dir).unwrap_err();
        let set = tables::encode(&plan, &monitoring);
        let from_tables = Dataset::from_tables(&through_csv(&set)).unwrap_err();
        let key = |e: &planwatch::Error| {
            (
                e.kind(),
                e.location().path.clone(),
                e.subject().map(str::to_string),
            )
        };
        let a: Vec<_> = json.iter().map(key).collect();
        let b: Vec<_> = from_tables.iter().map(key).collect();
        // With a duplicate activity id, child rows (dependencies) go to the first
        // activity of that id: the duplicate is reported first either way.
        let duplicate = a.first().is_some_and(|e| e.0 == ErrorKind::DuplicateId);
        if (duplicate && b.first() != a.first()) || (!duplicate && a != b) {
            failures.push(format!("{}:\n json   {a:?}\n tables {b:?}", dir.display()));
        }
        for e in from_tables.iter() {
            let l = e.location();
            if l.row.is_none() || l.sheet.is_none() {
                failures.push(format!("{}: not at a table row: {e}", dir.display()));
            }
        }
    }
    assert!(checked >= 15, "only {checked} fixtures parse");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
}

#[test]
fn a_directory_may_mix_json_and_csv() {
    let json = Dataset::load_dir(nsp_dir()).unwrap();
    let set = tables::encode(json.plan(), json.monitoring());
    let dir = scratch("mixed");
    // plan.json with the monitoring data as CSV tables.
    copy(&nsp_dir().join("plan.json"), &dir.join("plan.json"));
    let monitoring_tables: TableSet = set
        .iter()
        .filter(|t| {
            [
                "monitoring",
                "status_updates",
                "submissions",
                "indicator_values",
                "meetings",
            ]
            .contains(&t.name.as_str())
        })
        .cloned()
        .collect();
    tables::write_csv_dir(&monitoring_tables, &dir).unwrap();
    let ds = Dataset::load(&dir).unwrap();
    assert_eq!(ds.plan(), json.plan());
    assert_eq!(ds.monitoring(), json.monitoring());
    // The same through a path to plan.json.
    let ds = Dataset::load(dir.join("plan.json")).unwrap();
    assert_eq!(ds.monitoring(), json.monitoring());

    // An error in a CSV file of a mixed directory names the CSV file, row and column.
    let path = dir.join("status_updates.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let bad = text.replacen(",in_progress,", ",stalled,", 1);
    std::fs::write(&path, &bad).unwrap();
    let e = Dataset::load(&dir).unwrap_err();
    assert_eq!(e[0].kind(), ErrorKind::InvalidValue);
    let row = bad.lines().position(|l| l.contains(",stalled,")).unwrap() + 1;
    assert_eq!(
        e[0].location().to_string(),
        format!("{} row {row}, column status", path.display())
    );
    std::fs::write(&path, &text).unwrap();

    // monitoring.json also giving status updates is a conflict naming both files.
    std::fs::write(dir.join("monitoring.json"), "{\"status_updates\": []}").unwrap();
    std::fs::remove_file(dir.join("monitoring.csv")).unwrap();
    let e = Dataset::load(&dir).unwrap_err();
    assert_eq!(e.len(), 1, "{e}");
    assert_eq!(e[0].kind(), ErrorKind::InvalidValue);
    assert!(e[0].message().contains("monitoring.json"), "{e}");
    assert!(e[0].message().contains("status_updates.csv"), "{e}");
    // Without the conflicting key, monitoring.json gives the rest.
    std::fs::write(dir.join("monitoring.json"), "{\"notes\": [\"from json\"]}").unwrap();
    let ds = Dataset::load(&dir).unwrap();
    assert_eq!(ds.monitoring().notes, ["from json"]);
    assert!(!ds.monitoring().synthetic);
    assert_eq!(
        ds.monitoring().status_updates,
        json.monitoring().status_updates
    );

    // A child table without its parent's table, while plan.json gives the parent.
    let deps = set.get("dependencies").unwrap();
    tables::write_csv_dir(&std::iter::once(deps.clone()).collect(), &dir).unwrap();
    let e = Dataset::load(&dir).unwrap_err();
    assert!(e[0].message().contains("needs activities.csv"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_files_are_errors_not_panics() {
    let dir = scratch("bad");
    std::fs::write(dir.join("plan.csv"), b"key,value\nid,\xff\xfe\n").unwrap();
    let e = Dataset::load(&dir).unwrap_err();
    assert_eq!(e[0].kind(), ErrorKind::Syntax);
    assert!(
        e[0].location().to_string().contains("plan.csv row 2"),
        "{e}"
    );
    std::fs::write(dir.join("plan.csv"), "key,value\nid,p,extra\n").unwrap();
    let e = Dataset::load(&dir).unwrap_err();
    assert_eq!(e[0].kind(), ErrorKind::Syntax);
    std::fs::write(dir.join("x.xlsx"), "not a zip").unwrap();
    let e = Dataset::load(dir.join("x.xlsx")).unwrap_err();
    assert_eq!(e[0].kind(), ErrorKind::Syntax);
    let e = Dataset::load(dir.join("missing.xlsx")).unwrap_err();
    assert_eq!(e[0].kind(), ErrorKind::Io);
    // A workbook without a plan sheet.
    let mut set = TableSet::new();
    set.insert(tables::Table::new("strategies", ["id", "title"]));
    tables::write_xlsx(&set, dir.join("empty.xlsx")).unwrap();
    let e = Dataset::load(dir.join("empty.xlsx")).unwrap_err();
    assert_eq!(e[0].kind(), ErrorKind::MissingField);
    assert!(
        e[0].location()
            .to_string()
            .ends_with("empty.xlsx sheet plan"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

mod no_panics {
    use super::*;
    use planwatch::tables::Cell;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = Cell> {
        prop_oneof![
            Just(Cell::Empty),
            "[a-z0-9;\\[\\]\" .,-]{0,12}".prop_map(Cell::text),
            prop_oneof![
                Just(f64::NAN),
                Just(f64::INFINITY),
                Just(-1.0),
                Just(1e300),
                Just(2.5),
                Just(0.0)
            ]
            .prop_map(Cell::Number),
            any::<bool>().prop_map(Cell::Bool),
            (1i32..3000, 1u32..13, 1u32..29).prop_map(|(y, m, d)| Cell::Date(
                chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
            )),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Random cells written over random places of the valid-mini tables load or give
        /// errors, through CSV and through a workbook, and every error names a table.
        #[test]
        fn random_cells_give_errors_not_panics(
            edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>(), cell()), 1..6)
        ) {
            let ds = Dataset::load_dir(fixtures().join("valid-mini")).unwrap();
            let base = tables::encode(ds.plan(), ds.monitoring());
            let mut list: Vec<tables::Table> = base.iter().cloned().collect();
            for (t, r, c, value) in edits {
                let n = list.len();
                let table = &mut list[t % n];
                if table.rows.is_empty() || table.header.is_empty() {
                    continue;
                }
                let width = table.header.len();
                let rows = table.rows.len();
                let row = &mut table.rows[r % rows];
                row.cells.resize(width, Cell::Empty);
                row.cells[c % width] = value;
            }
            let set: TableSet = list.into_iter().collect();
            for set in [through_csv(&set), through_xlsx(&set)] {
                if let Err(errors) = Dataset::from_tables(&set) {
                    for e in errors.iter() {
                        prop_assert!(e.location().sheet.is_some() || e.location().file.is_some(), "{}", e);
                    }
                }
            }
        }

        /// Arbitrary bytes as a CSV file or a workbook are errors, never panics.
        #[test]
        fn random_bytes_give_errors_not_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = tables::read_csv_from(&bytes[..], "activities", None);
            let _ = tables::read_xlsx_bytes(&bytes, None);
        }
    }
}

/// CSV texts held in memory (what the browser reads from a user's files) give the plan of
/// the tables directory, and their errors name the file `<name>.csv`, row and column.
#[test]
fn csv_texts_in_memory_read_as_the_tables_directory() {
    let dir = nsp_dir().join("tables");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    texts.sort();
    texts.reverse();
    let set = tables::read_csv_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str()))).unwrap();
    let names: Vec<&str> = set.iter().map(|t| t.name.as_str()).collect();
    let layout: Vec<&str> = tables::table_names()
        .into_iter()
        .filter(|n| names.contains(n))
        .collect();
    assert_eq!(names, layout, "in the layout's order");
    let from_texts = Dataset::from_tables(&set).unwrap();
    let from_dir = Dataset::from_tables(&tables::read_csv_dir(&dir).unwrap()).unwrap();
    assert_eq!(from_texts.plan(), from_dir.plan());
    assert_eq!(from_texts.monitoring(), from_dir.monitoring());

    // Row 3 of strategies.csv: a count that is no number.
    let strategies = texts
        .iter()
        .find(|(n, _)| n == "strategies.csv")
        .unwrap()
        .1
        .replace(",,106\n", ",,many\n");
    let broken: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .filter(|(n, _)| *n != "strategies.csv")
        .chain([("strategies.csv", strategies.as_str())])
        .collect();
    let err = Dataset::from_tables(&tables::read_csv_texts(broken).unwrap()).unwrap_err();
    let first = &err[0];
    assert_eq!(
        first.location().file.as_deref(),
        Some(Path::new("strategies.csv")),
        "{err}"
    );
    assert_eq!(first.location().row, Some(3), "{err}");
    assert_eq!(
        first.location().column_name.as_deref(),
        Some("declared_activity_count"),
        "{err}"
    );

    let twice = tables::read_csv_texts([("plan", "key,value\n"), ("plan.csv", "key,value\n")]);
    assert_eq!(twice.unwrap_err()[0].kind(), ErrorKind::DuplicateId);
}
