//! The `planwatch` binary: commands, output formats and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{root, run};

use std::path::PathBuf;

#[test]
fn stats_json_reports_the_nsp_counts() {
    let out = run(&["stats", "examples/nsp-2019-2023", "--format", "json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["activities"], 235);
    assert_eq!(v["strategies"], 4);
    assert_eq!(v["expected_reports"], 3600);
    assert_eq!(v["organisations_by_kind"]["provincial_committee"], 25);
}

#[test]
fn check_json_is_byte_identical_across_runs() {
    let args = [
        "check",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--format",
        "json",
    ];
    let a = run(&args);
    let b = run(&args);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert!(v["summary"]["by_rule"]["overdue"].as_u64().unwrap() > 0);
    assert!(v["summary"]["by_rule"]["missing_report"].as_u64().unwrap() > 0);
}

#[test]
fn check_table_starts_with_the_summary() {
    let out = run(&[
        "check",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--limit",
        "3",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("nsp-2019-2023 as of 2021-06-30: "),
        "{text}"
    );
    assert!(text.contains("SEVERITY  RULE"));
}

#[test]
fn fail_on_sets_exit_code_1() {
    let out = run(&[
        "check",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(out.status.code(), Some(1));
    // Before the plan starts nothing can be late.
    let out = run(&[
        "check",
        "examples/nsp-2019-2023",
        "--as-of",
        "2018-12-31",
        "--fail-on",
        "warning",
    ]);
    let v = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(0), "{v}");
}

#[test]
fn invalid_input_exits_2_with_errors_on_stderr() {
    let out = run(&["validate", "tests/fixtures/invalid/many_errors_collected"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("plan.json:50:12 at activities[0].lead: unknown_reference"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("5 errors"));
    let out = run(&[
        "check",
        "tests/fixtures/invalid/dependency_cycle",
        "--as-of",
        "2020-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v[0]["kind"], "dependency_cycle");
}

#[test]
fn a_bad_rule_file_is_invalid_input() {
    let dir = std::env::temp_dir().join(format!("planwatch-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("rules.json");
    std::fs::write(
        &rules,
        r#"{"rules": {"overdue": {"params": {"grace": 3}}}}"#,
    )
    .unwrap();
    let out = run(&[
        "check",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("invalid_rule_parameter") && err.contains("grace"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_json_is_the_shared_golden_evaluation() {
    // tests/fixtures/evaluation: the same bytes from the CLI, Rust, Python and JavaScript.
    let out = run(&[
        "check",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--format",
        "json",
    ]);
    assert!(out.status.success());
    let golden =
        std::fs::read(root().join("tests/fixtures/evaluation/nsp-2021-06-30.json")).unwrap();
    assert!(
        out.stdout == golden,
        "check --format json differs from the golden evaluation"
    );
}

#[test]
fn check_on_the_workbook_and_csv_tables_is_byte_identical_to_the_json_directory() {
    let check = |src: &str| {
        let out = run(&["check", src, "--as-of", "2021-06-30", "--format", "json"]);
        assert!(
            out.status.success(),
            "{src}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let json = check("examples/nsp-2019-2023");
    assert!(
        json == check("examples/nsp-2019-2023.xlsx"),
        "workbook differs"
    );
    assert!(
        json == check("examples/nsp-2019-2023/tables"),
        "csv tables differ"
    );
    assert!(
        json == check("examples/nsp-2019-2023/plan.json"),
        "plan.json differs"
    );
    for command in ["validate", "stats"] {
        let out = run(&[command, "examples/nsp-2019-2023.xlsx"]);
        assert!(out.status.success(), "{command}");
    }
    let out = run(&[
        "rates",
        "examples/nsp-2019-2023.xlsx",
        "--as-of",
        "2021-06-30",
    ]);
    assert!(out.status.success());
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("planwatch-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn convert_round_trips_json_csv_and_xlsx() {
    let dir = scratch("convert");
    let d = |p: &str| dir.join(p).to_string_lossy().to_string();
    let steps = [
        ("examples/nsp-2019-2023".to_string(), d("nsp.xlsx"), None),
        (d("nsp.xlsx"), d("csv"), Some("csv")),
        (d("csv"), d("json"), Some("json")),
        (d("json"), d("again.xlsx"), None),
    ];
    for (src, dest, layout) in &steps {
        let mut args = vec!["convert", src, "--to", dest];
        if let Some(layout) = layout {
            args.extend(["--layout", layout]);
        }
        let out = run(&args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("wrote "));
    }
    let original = planwatch::Dataset::load(root().join("examples/nsp-2019-2023")).unwrap();
    let back = planwatch::Dataset::load(dir.join("json")).unwrap();
    assert_eq!(back.plan(), original.plan());
    assert_eq!(back.monitoring(), original.monitoring());
    assert_eq!(
        std::fs::read(dir.join("nsp.xlsx")).unwrap(),
        std::fs::read(dir.join("again.xlsx")).unwrap()
    );
    assert!(dir.join("json/rules.json").exists() && dir.join("nsp.rules.json").exists());
    // A directory holding the other layout is refused.
    let out = run(&["convert", &d("json"), "--to", &d("csv"), "--layout", "json"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn errors_in_tables_name_file_row_and_column() {
    let dir = scratch("bad-tables");
    let out = run(&[
        "convert",
        "tests/fixtures/valid-mini",
        "--to",
        dir.to_str().unwrap(),
        "--layout",
        "csv",
    ]);
    assert!(out.status.success());
    let path = dir.join("activities.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("2019-06-30", "2019-06-31", 1)
            .replacen(",ncct,", ",nobody,", 1),
    )
    .unwrap();
    let out = run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().next().unwrap();
    assert!(
        first.ends_with(
            r#"activities.csv row 2, column deadline: invalid_value: invalid date "2019-06-31": there is no such day"#
        ),
        "{stderr}"
    );
    // The JSON form keeps the model path and adds row and column.
    let out = run(&["validate", dir.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v[0]["location"]["row"], 2);
    assert_eq!(v[0]["location"]["column_name"], "deadline");
    assert_eq!(v[0]["location"]["path"], "activities[0].deadline");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_readme_command_prints_ten_findings_and_says_how_many_more() {
    let out = run(&["check", "examples/nsp-2019-2023", "--as-of", "2021-06-30"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let rows = text
        .lines()
        .skip_while(|l| !l.starts_with("SEVERITY"))
        .skip(1);
    assert_eq!(
        rows.clone().filter(|l| !l.starts_with("...")).count(),
        10,
        "{text}"
    );
    assert!(
        text.ends_with("... 684 more (use --limit N, --limit 0 for all, or --format json)\n"),
        "{text}"
    );
    let all = run(&[
        "check",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--limit",
        "0",
    ]);
    let all = String::from_utf8(all.stdout).unwrap();
    assert_eq!(
        all.lines()
            .skip_while(|l| !l.starts_with("SEVERITY"))
            .count(),
        695
    );
    // The README shows the default output verbatim.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&text),
        "README.md does not show the default `check` output"
    );
}

#[test]
fn usage_errors_exit_64_and_name_the_expected_format() {
    for args in [
        &["check", "examples/nsp-2019-2023", "--as-of", "30/06/2021"][..],
        &["check", "examples/nsp-2019-2023"],
        &[
            "check",
            "examples/nsp-2019-2023",
            "--as-of",
            "2021-06-30",
            "--bogus",
        ],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(64), "{args:?}");
    }
    let out = run(&["check", "examples/nsp-2019-2023", "--as-of", "30/06/2021"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("invalid date \"30/06/2021\": expected YYYY-MM-DD"),
        "{err}"
    );
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

#[test]
fn a_rates_window_that_ends_before_it_starts_is_a_usage_error() {
    let out = run(&[
        "rates",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--from",
        "2021-06-01",
        "--until",
        "2021-01-31",
    ]);
    assert_eq!(out.status.code(), Some(64));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "error: --from and --until: window starts on 2021-06-01, after its end 2021-01-31\n"
    );
    let ok = run(&[
        "rates",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--from",
        "2021-01-31",
        "--until",
        "2021-01-31",
    ]);
    assert_eq!(ok.status.code(), Some(0));
}

#[test]
fn ids_and_titles_cannot_drive_the_terminal() {
    // An activity whose title and lead hold escapes, CR/LF and a right-to-left override.
    let dir = std::env::temp_dir().join(format!("planwatch-escapes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = serde_json::json!({"id": "p", "title": "t", "start": "2019-01-01", "end": "2019-12-31",
        "organisations": [{"id": "o", "name": "O", "kind": "ministry"}],
        "strategies": [{"id": "1", "title": "s"}],
        "groups": [{"id": "1.1", "strategy": "1", "title": "g", "lead": "o"}],
        "activities": [{"id": "a\u{1b}[2J\r\nerror  forged", "group": "1.1", "title": "x\u{202e}y",
            "lead": "o\u{7}", "planned_start": "2019-01-01", "deadline": "2019-02-01"}]});
    std::fs::write(dir.join("plan.json"), plan.to_string()).unwrap();
    let out = run(&["validate", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    assert!(err.contains("o\\u{7}"), "{err}");
    let mut plan = plan;
    plan["activities"][0]["lead"] = "o".into();
    std::fs::write(dir.join("plan.json"), plan.to_string()).unwrap();
    let out = run(&[
        "check",
        dir.to_str().unwrap(),
        "--as-of",
        "2019-06-30",
        "--limit",
        "0",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "{text:?}"
    );
    assert!(
        text.contains("a\\u{1b}[2J\\u{d}\\u{a}error  forged"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_rules_json_naming_a_baseline_the_plan_lacks_is_invalid_data() {
    let dir = scratch("baseline");
    for f in ["plan.json", "monitoring.json"] {
        std::fs::copy(root().join("examples/nsp-2019-2023").join(f), dir.join(f)).unwrap();
    }
    std::fs::write(
        dir.join("rules.json"),
        r#"{"schedule_baseline": "final-2023"}"#,
    )
    .unwrap();
    let d = dir.to_string_lossy().to_string();
    let out = run(&["check", &d, "--as-of", "2021-06-30"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("rules.json at schedule_baseline: unknown_reference: unknown schedule baseline `final-2023`: the plan has `original-2019`, `mid-term-2021`"),
        "{err}"
    );
    // The baseline it names, when the plan has it, moves the variance and deadline_moved.
    std::fs::write(
        dir.join("rules.json"),
        r#"{"schedule_baseline": "mid-term-2021"}"#,
    )
    .unwrap();
    let out = run(&["check", &d, "--as-of", "2021-06-30", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["forecast"]["schedule_baseline"], "mid-term-2021");
    assert_eq!(v["summary"]["by_rule"]["deadline_moved"], 0);
    std::fs::remove_dir_all(&dir).unwrap();
}
