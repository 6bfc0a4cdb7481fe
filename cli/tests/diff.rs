//! `planwatch diff` (tests/fixtures/diff/cases.json): the golden diffs byte for byte, in
//! both forms (two days of one source, two snapshots as of one day), and the exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{root, run};

fn cases() -> Vec<serde_json::Value> {
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/fixtures/diff/cases.json")).unwrap(),
    )
    .unwrap();
    manifest["cases"].as_array().unwrap().clone()
}

fn args<'a>(case: &'a serde_json::Value, format: &'a str) -> Vec<&'a str> {
    let s = |k: &str| case[k].as_str().unwrap();
    let mut args = vec!["diff", s("old")];
    if s("old") == s("new") {
        args.extend(["--from", s("from"), "--to", s("to")]);
    } else {
        assert_eq!(s("from"), s("to"));
        args.extend([s("new"), "--as-of", s("to")]);
    }
    args.extend(["--format", format]);
    args
}

#[test]
fn diff_json_and_csv_are_the_golden_files() {
    let cases = cases();
    assert!(cases.len() >= 2);
    for case in &cases {
        let out = run(&args(case, "json"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let golden = std::fs::read(
            root()
                .join("tests/fixtures/diff")
                .join(case["golden"].as_str().unwrap()),
        )
        .unwrap();
        assert!(out.stdout == golden, "{} differs", case["golden"]);
        if let Some(csv) = case["csv"].as_str() {
            let out = run(&args(case, "csv"));
            assert!(out.status.success());
            let golden = std::fs::read(root().join("tests/fixtures/diff").join(csv)).unwrap();
            assert!(out.stdout == golden, "{csv} differs");
        }
    }
}

#[test]
fn diff_table_shows_totals_counts_and_findings() {
    let out = run(&[
        "diff",
        "examples/nsp-2019-2023",
        "--from",
        "2021-03-31",
        "--to",
        "2021-06-30",
        "--limit",
        "3",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("nsp-2019-2023 from 2021-03-31 to 2021-06-30: "),
        "{first}"
    );
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/fixtures/diff/nsp-2021-03-31-to-2021-06-30.json"))
            .unwrap(),
    )
    .unwrap();
    let t = &json["summary"]["total"];
    assert!(first.contains(&format!(
        "{} new, {} resolved, {} changed",
        t["new"], t["resolved"], t["changed"]
    )));
    for head in ["RULE", "OWNER", "PROVINCE", "CHANGE"] {
        assert!(text.lines().any(|l| l.starts_with(head)), "no {head} table");
    }
    assert!(text.contains("... "), "the limit is announced");
}

#[test]
fn wrong_argument_combinations_are_usage_errors() {
    for bad in [
        &["diff", "examples/nsp-2019-2023", "--from", "2021-03-31"][..],
        &["diff", "examples/nsp-2019-2023", "--as-of", "2021-03-31"],
        &[
            "diff",
            "examples/nsp-2019-2023",
            "tests/fixtures/valid-mini",
        ],
        &[
            "diff",
            "examples/nsp-2019-2023",
            "tests/fixtures/valid-mini",
            "--from",
            "2021-01-01",
            "--to",
            "2021-02-01",
        ],
        &[
            "diff",
            "examples/nsp-2019-2023",
            "--from",
            "March",
            "--to",
            "2021-06-30",
        ],
        &[
            "diff",
            "examples/nsp-2019-2023",
            "--from",
            "2021-03-31",
            "--to",
            "2021-06-30",
            "--format",
            "xml",
        ],
    ] {
        let out = run(bad);
        assert_eq!(
            out.status.code(),
            Some(64),
            "{bad:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn an_invalid_snapshot_is_invalid_data() {
    let out = run(&[
        "diff",
        "tests/fixtures/valid-mini",
        "tests/fixtures/invalid/duplicate_activity_id",
        "--as-of",
        "2020-06-30",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("error"));
}
