//! DHIS2 data in (examples/dhis2): the NSP's indicator values and report submissions,
//! exported from DHIS2 (as examples/dhis2/generate.py writes them) and imported through
//! the example mapping, give the same evaluation, byte for byte, as the same data entered
//! natively in monitoring.json; the import's summary is the golden one the CLI and Python
//! give (tests/fixtures/dhis2/summary.json).
//!
//! The native data are the NSP's monitoring.json less one submission: the planted
//! duplicate report (pcct-kampot's monthly report for 2020-03, sent twice) cannot be
//! exported, as DHIS2 keeps one registration per data set, period, organisation unit and
//! attribute option combo. Everything else is: every indicator value with its breakdowns
//! (per-dimension data elements), every other submission, the 10-month reports under
//! their fiscal year. The duplicate changes no finding, so the evaluation is also the one
//! of the whole native data.

use chrono::NaiveDate;
use planwatch::dhis2::{self, Import};
use planwatch::model::Monitoring;
use planwatch::{Dataset, RuleSet};
use planwatch_tests::{fixtures, nsp_dir, workspace_root};
use std::path::PathBuf;

fn example(name: &str) -> PathBuf {
    workspace_root().join("examples/dhis2").join(name)
}

fn exports() -> Vec<PathBuf> {
    ["data-values.json", "data-values.csv", "registrations.json"]
        .iter()
        .map(|f| example(f))
        .collect()
}

/// A fresh directory holding the NSP plan and, when given, monitoring data.
fn plan_dir(name: &str, monitoring: Option<&Monitoring>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planwatch-dhis2-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(nsp_dir().join("plan.json"), dir.join("plan.json")).unwrap();
    if let Some(m) = monitoring {
        std::fs::write(
            dir.join("monitoring.json"),
            serde_json::to_string(m).unwrap(),
        )
        .unwrap();
    }
    dir
}

fn native() -> Dataset {
    Dataset::load_dir(nsp_dir()).unwrap()
}

/// The native data DHIS2 can hold: each reporter's first submission of a period.
fn expressible(native: &Monitoring) -> Monitoring {
    let mut seen = std::collections::BTreeSet::new();
    let mut m = native.clone();
    m.submissions
        .retain(|s| seen.insert((s.reporter.clone(), s.report_type, s.period.clone())));
    m
}

fn import_into(dir: &PathBuf) -> Import {
    dhis2::import_dir(&exports(), example("mapping.json"), dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn imported_data_give_the_native_evaluation_byte_for_byte() {
    let native = native();
    let reference = expressible(native.monitoring());
    assert_eq!(
        reference.submissions.len() + 1,
        native.monitoring().submissions.len(),
        "only the duplicate report is left out"
    );
    // The directory keeps what DHIS2 does not hold: status updates and meetings.
    let base = Monitoring {
        submissions: Vec::new(),
        indicator_actuals: Vec::new(),
        ..native.monitoring().clone()
    };
    let dir = plan_dir("findings", Some(&base));
    let import = import_into(&dir);
    import.write(&dir).unwrap();
    let imported = Dataset::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(imported.monitoring(), &import.monitoring);
    assert_eq!(
        imported.monitoring().indicator_actuals.len(),
        reference.indicator_actuals.len()
    );
    assert_eq!(
        imported.monitoring().submissions.len(),
        reference.submissions.len()
    );
    let reference = Dataset::new(native.plan().clone(), reference).unwrap();
    let rules = RuleSet::load_dir(nsp_dir()).unwrap();
    let mut findings = 0;
    for day in [
        "2019-06-30",
        "2020-04-15",
        "2021-06-30",
        "2022-12-31",
        "2024-01-31",
    ] {
        let as_of: NaiveDate = day.parse().unwrap();
        let want = reference.evaluate(&rules, as_of);
        let got = imported.evaluate(&rules, as_of);
        // The duplicate report changes no finding: the native data give the same.
        let full = native.evaluate(&rules, as_of);
        assert!(
            serde_json::to_string(&full).unwrap() == serde_json::to_string(&want).unwrap(),
            "{day}"
        );
        findings += got.findings.len();
        let (want, got) = (
            serde_json::to_string_pretty(&want).unwrap(),
            serde_json::to_string_pretty(&got).unwrap(),
        );
        assert!(want == got, "the evaluations as of {day} differ");
    }
    assert!(findings > 1000, "{findings}");
    // The comparison sees a one-submission difference.
    let as_of: NaiveDate = "2024-01-31".parse().unwrap();
    let mut one_less = imported.monitoring().clone();
    one_less.submissions.pop();
    let one_less = Dataset::new(imported.plan().clone(), one_less).unwrap();
    let with = serde_json::to_string_pretty(&imported.evaluate(&rules, as_of)).unwrap();
    let without = serde_json::to_string_pretty(&one_less.evaluate(&rules, as_of)).unwrap();
    assert_ne!(with, without);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_summary_is_the_golden_one_and_a_second_import_changes_nothing() {
    let dir = plan_dir("summary", None);
    let first = import_into(&dir);
    let text = serde_json::to_string_pretty(&first.summary).unwrap() + "\n";
    let golden = fixtures().join("dhis2/summary.json");
    if std::env::var_os("PLANWATCH_UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&golden, &text).unwrap();
    }
    assert!(
        text == std::fs::read_to_string(&golden).unwrap(),
        "the summary differs from {} (regenerate: PLANWATCH_UPDATE_GOLDEN=1 cargo test -p planwatch-tests --test dhis2)",
        golden.display()
    );
    let s = &first.summary;
    assert_eq!((s.skipped.deleted, s.skipped.incomplete), (1, 1));
    assert_eq!(s.replaced.submissions + s.replaced.indicator_values, 0);
    first.write(&dir).unwrap();
    let bytes = std::fs::read(dir.join("monitoring.json")).unwrap();
    assert_eq!(bytes, first.monitoring_json().as_bytes());
    // Importing the same exports again replaces every entry by an equal one.
    let second = import_into(&dir);
    assert_eq!(second.summary.replaced.submissions, s.submissions);
    assert_eq!(second.summary.replaced.indicator_values, s.indicator_values);
    second.write(&dir).unwrap();
    assert_eq!(std::fs::read(dir.join("monitoring.json")).unwrap(), bytes);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_example_mapping_and_exports_are_what_the_generator_writes() {
    let generated =
        std::env::temp_dir().join(format!("planwatch-dhis2-gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&generated);
    let script = generated.join("dhis2/generate.py");
    std::fs::create_dir_all(script.parent().unwrap()).unwrap();
    std::fs::copy(example("generate.py"), &script).unwrap();
    // The script reads ../nsp-2019-2023 beside itself.
    let nsp = generated.join("nsp-2019-2023");
    std::fs::create_dir_all(&nsp).unwrap();
    for f in ["plan.json", "monitoring.json"] {
        std::fs::copy(nsp_dir().join(f), nsp.join(f)).unwrap();
    }
    let Ok(status) = std::process::Command::new("python3").arg(&script).status() else {
        eprintln!("python3 not found: the generator is checked by scripts/test-all.sh");
        return;
    };
    assert!(status.success());
    for f in [
        "mapping.json",
        "data-values.json",
        "data-values.csv",
        "registrations.json",
    ] {
        let shipped = std::fs::read(example(f)).unwrap();
        let made = std::fs::read(generated.join("dhis2").join(f)).unwrap();
        assert!(
            shipped == made,
            "examples/dhis2/{f} is stale: run python3 examples/dhis2/generate.py"
        );
    }
    std::fs::remove_dir_all(&generated).ok();
}
