//! `planwatch import-dhis2`: the NSP example export into a plan directory gives the
//! golden summary (tests/fixtures/dhis2/summary.json, shared with Rust and Python) and the
//! same monitoring.json as the Rust API; errors name the file, the place and the id, with
//! exit code 2; a usage error is 64.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{root, run};
use std::path::PathBuf;

const EXPORTS: [&str; 3] = [
    "examples/dhis2/data-values.json",
    "examples/dhis2/data-values.csv",
    "examples/dhis2/registrations.json",
];

/// A fresh directory with the NSP plan and no monitoring data.
fn plan_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("planwatch-cli-dhis2-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        root().join("examples/nsp-2019-2023/plan.json"),
        dir.join("plan.json"),
    )
    .unwrap();
    dir
}

fn import(dir: &std::path::Path, mapping: &str, extra: &[&str]) -> std::process::Output {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["import-dhis2"];
    args.extend(EXPORTS);
    args.extend(["--mapping", mapping, "--into", dir]);
    args.extend(extra);
    run(&args)
}

#[test]
fn the_example_export_gives_the_golden_summary_and_the_api_s_file() {
    let dir = plan_dir("golden");
    let out = import(&dir, "examples/dhis2/mapping.json", &["--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let golden = std::fs::read(root().join("tests/fixtures/dhis2/summary.json")).unwrap();
    assert!(
        out.stdout == golden,
        "the summary differs from tests/fixtures/dhis2/summary.json"
    );
    let written = std::fs::read(dir.join("monitoring.json")).unwrap();
    let exports: Vec<PathBuf> = EXPORTS.iter().map(|e| root().join(e)).collect();
    let api =
        planwatch::dhis2::import_dir(&exports, root().join("examples/dhis2/mapping.json"), &dir)
            .unwrap();
    assert_eq!(written, api.monitoring_json().as_bytes());
    // the table for people, and a dry run that writes nothing
    std::fs::remove_file(dir.join("monitoring.json")).unwrap();
    let out = import(&dir, "examples/dhis2/mapping.json", &["--dry-run"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("read 3 files: 561 data values, 3355 registrations\nimported 243 indicator values and 3354 submissions\n"), "{text}");
    assert!(
        text.contains(
            "  kVr6h53NVgG  report-ten-month    ten_month            166            166\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("not written\n"), "{text}");
    assert!(!dir.join("monitoring.json").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn errors_name_the_file_the_place_and_the_id() {
    let dir = plan_dir("errors");
    let mapping = dir.join("mapping.json");
    let text = std::fs::read_to_string(root().join("examples/dhis2/mapping.json")).unwrap();
    // the province of Kampot left out of the mapping, and an obligation misspelt
    let kampot = "  \"harmsFnxDwb\": \"pcct-kampot\",\n";
    assert!(text.contains(kampot));
    let broken = text
        .replace(kampot, "")
        .replace("\"report-annual\"", "\"report-anual\"");
    std::fs::write(&mapping, &broken).unwrap();
    let out = import(&dir, mapping.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("mapping.json:9:18 at data_sets.T97v9wDJqda.obligation: unknown_reference: data set `T97v9wDJqda` is mapped to obligation `report-anual`, which the plan does not have\n1 error\n"),
        "{err}"
    );
    let fixed = broken.replace("\"report-anual\"", "\"report-annual\"");
    std::fs::write(&mapping, fixed).unwrap();
    let out = import(&dir, mapping.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("examples/dhis2/registrations.json:") && err.contains(" at completeDataSetRegistrations[") && err.contains(".organisationUnit: unknown_reference: organisation unit `harmsFnxDwb` is not in the mapping\n"),
        "{err}"
    );
    assert!(
        !dir.join("monitoring.json").exists(),
        "nothing is written on errors"
    );
    // with "unknown_ids": "skip" the rows are left out and counted
    let skip = std::fs::read_to_string(&mapping).unwrap().replacen(
        "{\n",
        "{\n \"unknown_ids\": \"skip\",\n",
        1,
    );
    std::fs::write(&mapping, skip).unwrap();
    let out = import(&dir, mapping.to_str().unwrap(), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("with ids not in the mapping:\n  organisation unit `harmsFnxDwb`: "),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_argument_is_a_usage_error() {
    let out = run(&[
        "import-dhis2",
        "examples/dhis2/data-values.json",
        "--into",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--mapping"));
}
