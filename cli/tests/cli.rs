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

/// `check examples/nsp-2019-2023 --as-of 2021-06-30 ARGS`.
fn check_nsp(args: &[&str]) -> std::process::Output {
    let mut all = vec!["check", "examples/nsp-2019-2023", "--as-of", "2021-06-30"];
    all.extend_from_slice(args);
    run(&all)
}

/// The findings of `check ... --format json ARGS`, and the JSON.
fn nsp_findings(args: &[&str]) -> (Vec<serde_json::Value>, serde_json::Value) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = check_nsp(&all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (v["findings"].as_array().unwrap().clone(), v)
}

fn severity_rank(s: &serde_json::Value) -> usize {
    ["info", "warning", "error", "critical"]
        .iter()
        .position(|x| s == x)
        .unwrap()
}

#[test]
fn check_filters_keep_exactly_the_findings_that_pass_in_json() {
    let (all, whole) = nsp_findings(&[]);
    type Keep = fn(&serde_json::Value) -> bool;
    // (filter arguments, which findings of the whole evaluation must be kept)
    let cases: [(&[&str], Keep); 6] = [
        (&["--rule", "overdue"], |f| f["rule"] == "overdue"),
        (&["--rule", "overdue,late_start"], |f| {
            f["rule"] == "overdue" || f["rule"] == "late_start"
        }),
        (&["--severity", "info,critical"], |f| {
            f["severity"] == "info" || f["severity"] == "critical"
        }),
        (&["--severity", "info", "--severity", "critical"], |f| {
            f["severity"] == "info" || f["severity"] == "critical"
        }),
        (
            &["--province", "pcct-mondulkiri", "--min-severity", "warning"],
            |f| f["province"] == "pcct-mondulkiri" && severity_rank(&f["severity"]) >= 1,
        ),
        (
            &["--owner", "moj", "--owner", "moi", "--strategy", "2"],
            |f| (f["owner"] == "moj" || f["owner"] == "moi") && f["strategy"] == "2",
        ),
    ];
    for (args, keep) in cases {
        let want: Vec<&serde_json::Value> = all.iter().filter(|f| keep(f)).collect();
        assert!(!want.is_empty(), "{args:?} keeps something");
        let (got, v) = nsp_findings(args);
        assert_eq!(got.iter().collect::<Vec<_>>(), want, "{args:?}");
        assert_eq!(v["summary"]["total"], want.len(), "{args:?}");
        // The plan's parts are not filtered.
        assert_eq!(v["reporting"], whole["reporting"], "{args:?}");
        assert_eq!(v["indicators"], whole["indicators"], "{args:?}");
    }
}

#[test]
fn check_filters_narrow_the_table_and_the_csv() {
    let (all, _) = nsp_findings(&[]);
    let overdue = all.iter().filter(|f| f["rule"] == "overdue").count();
    assert!(overdue > 0);
    let out = check_nsp(&["--rule", "overdue", "--limit", "0"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let head = format!(
        "nsp-2019-2023 as of 2021-06-30: {overdue} of {} findings (filtered)\n",
        all.len()
    );
    assert!(text.starts_with(&head), "{text}");
    assert!(
        text.contains(&format!("  by rule: overdue {overdue}\n")),
        "{text}"
    );
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("SEVERITY"))
        .skip(1)
        .collect();
    assert_eq!(rows.len(), overdue, "{text}");
    assert!(rows
        .iter()
        .all(|r| r.split_whitespace().nth(1) == Some("overdue")));
    // The limit still applies, and says how many more pass.
    let out = check_nsp(&["--rule", "overdue", "--limit", "2"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.ends_with(&format!(
            "... {} more (use --limit N, --limit 0 for all, or --format json)\n",
            overdue - 2
        )),
        "{text}"
    );
    let out = check_nsp(&["--rule", "overdue", "--format", "csv"]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rule = header.iter().position(|h| *h == "rule").unwrap();
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), overdue);
    assert!(rows
        .iter()
        .all(|r| r.split(',').nth(rule) == Some("overdue")));
    // The README shows a filtered table verbatim.
    let out = check_nsp(&[
        "--province",
        "pcct-mondulkiri",
        "--min-severity",
        "warning",
        "--limit",
        "3",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&text),
        "README.md does not show the filtered output"
    );
}

/// The README's Open SDG example is the output of its command, verbatim.
#[test]
fn readme_shows_the_open_sdg_findings_as_printed() {
    let out = run(&[
        "check",
        "tests/fixtures/mini-progress",
        "--as-of",
        "2021-03-31",
        "--rule",
        "indicator_off_track",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("needs acceleration"), "{text}");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&text),
        "README.md does not show the output of the Open SDG example:\n{text}"
    );
}

#[test]
fn fail_on_judges_the_findings_that_pass_the_filters() {
    assert_eq!(check_nsp(&["--fail-on", "error"]).status.code(), Some(1));
    // The errors and critical findings are filtered out: nothing shown reaches the threshold.
    let out = check_nsp(&["--severity", "info,warning", "--fail-on", "error"]);
    assert_eq!(out.status.code(), Some(0));
    let out = check_nsp(&["--rule", "late_report", "--fail-on", "warning"]);
    assert_eq!(out.status.code(), Some(0), "late reports are info");
    let out = check_nsp(&[
        "--rule",
        "overdue",
        "--fail-on",
        "critical",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "two overdue findings are critical"
    );
}

#[test]
fn unknown_filter_values_are_usage_errors_naming_the_close_ones() {
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["--rule", "overdu"],
            &["error: --rule: unknown rule `overdu`: did you mean `overdue`?"],
        ),
        (
            &["--owner", "mojj", "--province", "kampot"],
            &[
                "error: --owner: unknown owner `mojj`: did you mean `moj`?",
                "error: --province: unknown province `kampot`: did you mean `pcct-kampot`?",
            ],
        ),
        (
            &["--rule", "zzz"],
            &["error: --rule: unknown rule `zzz`: the known rules are `blocked`, "],
        ),
        (
            &["--strategy", "7"],
            &["error: --strategy: unknown strategy `7`: did you mean `1`, `2`, `3`, `4`?"],
        ),
    ];
    for (args, want) in cases {
        for format in ["table", "json", "csv"] {
            let mut all = args.to_vec();
            all.extend(["--format", format]);
            let out = check_nsp(&all);
            assert_eq!(out.status.code(), Some(64), "{args:?}");
            assert!(out.stdout.is_empty(), "{args:?}");
            let err = String::from_utf8(out.stderr).unwrap();
            let lines: Vec<&str> = err.lines().collect();
            assert_eq!(lines.len(), want.len(), "{err}");
            for (line, start) in lines.iter().zip(want) {
                assert!(line.starts_with(start), "{line}");
            }
        }
    }
    // A custom rule of the plan's rules.json is known; so is a built-in rule turned off,
    // which simply matches nothing.
    let (custom, _) = nsp_findings(&["--rule", "province_report_late"]);
    assert!(!custom.is_empty());
    let dir = scratch("filter-rule-off");
    let rules = dir.join("rules.json");
    std::fs::write(&rules, r#"{"rules": {"overdue": {"enabled": false}}}"#).unwrap();
    let (off, _) = nsp_findings(&["--rules", rules.to_str().unwrap(), "--rule", "overdue"]);
    assert!(off.is_empty());
    let out = check_nsp(&["--severity", "bad"]);
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn rates_by_province_adds_up_the_reporters_of_each_province() {
    let args = [
        "rates",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--by",
        "province",
    ];
    let out = run(&args);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].starts_with("PROVINCE  "), "{text}");
    // Title, header, 25 provinces, the reporters of no province, overall, meetings.
    assert_eq!(lines.len(), 1 + 1 + 25 + 1 + 1 + 1, "{text}");
    assert!(lines[2].starts_with("pcct-banteay-meanchey"), "{text}");
    assert!(lines[27].starts_with("(no province)"), "{text}");
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&run(&json_args).stdout).unwrap();
    let rows = v["by_province"]["reporting"].as_array().unwrap();
    assert_eq!(rows.len(), 26);
    assert_eq!(rows[25]["province"], serde_json::Value::Null);
    let sum: u64 = rows.iter().map(|r| r["expected"].as_u64().unwrap()).sum();
    assert_eq!(sum, v["reporting"]["overall"]["expected"].as_u64().unwrap());
    let reporters: u64 = rows.iter().map(|r| r["reporters"].as_u64().unwrap()).sum();
    assert_eq!(reporters, 36);
    assert!(v["by_province"]["meetings"].is_array());
    // Without --by province the JSON is as it was.
    let plain = run(&[
        "rates",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--format",
        "json",
    ]);
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(plain.get("by_province").is_none());
    assert_eq!(plain["reporting"], v["reporting"]);
}
