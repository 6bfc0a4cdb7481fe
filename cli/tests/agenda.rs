//! `planwatch agenda` (tests/fixtures/agenda/cases.json): the golden JSON, CSV and
//! iCalendar byte for byte, the table for people, and the exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{root, run};

fn cases() -> Vec<serde_json::Value> {
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/fixtures/agenda/cases.json")).unwrap(),
    )
    .unwrap();
    manifest["cases"].as_array().unwrap().clone()
}

fn args(case: &serde_json::Value, format: &str) -> Vec<String> {
    let s = |k: &str| case[k].as_str().unwrap().to_string();
    let mut args = vec!["agenda".to_string(), s("src"), "--as-of".into(), s("as_of")];
    if let Some(d) = case["days"].as_u64() {
        args.extend(["--days".to_string(), d.to_string()]);
    }
    if case["owner"].is_string() {
        args.extend(["--owner".to_string(), s("owner")]);
    }
    if case["reminders"].as_bool().unwrap_or(false) {
        args.push("--reminders".into());
    }
    if case["rules"].is_string() {
        args.extend(["--rules".to_string(), s("rules")]);
    }
    args.extend(["--format".to_string(), format.to_string()]);
    args
}

fn run_args(args: &[String]) -> std::process::Output {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs)
}

#[test]
fn agenda_json_csv_and_ics_are_the_golden_files() {
    let cases = cases();
    assert!(cases.len() >= 4);
    for case in &cases {
        for (key, format) in [("golden", "json"), ("csv", "csv"), ("ics", "ics")] {
            let Some(file) = case[key].as_str() else {
                continue;
            };
            let out = run_args(&args(case, format));
            assert!(
                out.status.success(),
                "{file}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let golden = std::fs::read(root().join("tests/fixtures/agenda").join(file)).unwrap();
            assert!(out.stdout == golden, "{file} differs");
        }
    }
}

#[test]
fn the_ics_is_rfc_5545_text() {
    let out = run(&[
        "agenda",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--format",
        "ics",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "every line ends with CRLF"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
    let json = run(&[
        "agenda",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--format",
        "json",
    ]);
    let agenda: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let s = &agenda["summary"];
    let items = s["upcoming"].as_u64().unwrap() + s["overdue"].as_u64().unwrap();
    assert_eq!(text.matches("BEGIN:VEVENT\r\n").count() as u64, items);
    let unfolded = text.replace("\r\n ", "");
    let mut uids: Vec<&str> = unfolded
        .split("\r\n")
        .filter(|l| l.starts_with("UID:"))
        .collect();
    assert_eq!(uids.len() as u64, items);
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len() as u64, items, "UIDs are unique");
    assert!(unfolded.contains("UID:deadline-2.7.11@planwatch\r\n"));
    assert!(unfolded.contains("CATEGORIES:deadline,overdue\r\n"));
}

#[test]
fn the_table_shows_totals_then_each_owner() {
    let out = run(&[
        "agenda",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--owner",
        "gs-ncct",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "nsp-2019-2023 as of 2021-06-30, next 30 days (to 2021-07-30): 0 upcoming, 4 overdue, 1 owner"
    );
    assert_eq!(
        lines.nth(1).unwrap(),
        "gs-ncct: General Secretariat of the NCCT"
    );
    assert!(lines.next().unwrap().starts_with("SECTION  DUE"));
    assert!(
        text.contains("61 days late   deadline  activity 1.3.9"),
        "{text}"
    );
    let reminders = run(&[
        "agenda",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--reminders",
    ]);
    assert!(reminders.status.success());
    let text = String::from_utf8(reminders.stdout).unwrap();
    assert!(text.starts_with("nsp-2019-2023 reminders on 2021-06-30 (due soon 30, 7 and 1 days before; late 1 and 7 days after, then every 30 days): "), "{text}");
    assert!(text.contains("\nREMINDER  DUE"));
}

#[test]
fn bad_arguments_are_usage_errors_and_an_unknown_owner_invalid_input() {
    let base = ["agenda", "examples/nsp-2019-2023", "--as-of", "2021-06-30"];
    for (extra, code) in [
        (&["--days", "3661"][..], 64),
        (&["--days", "-1"], 64),
        (&["--reminders", "--format", "ics"], 64),
        (&["--format", "xml"], 64),
        (&["--owner", "nobody"], 2),
        (&["--owner", "nobody", "--format", "json"], 2),
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{extra:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{extra:?}");
    }
    let out = run(&["agenda", "examples/nsp-2019-2023", "--as-of", "June"]);
    assert_eq!(out.status.code(), Some(64));
    let out = run(&[
        "agenda",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--days",
        "3661",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: --days: an agenda of 3661 days is longer than the 3660 days allowed"
    );
    let out = run(&[
        "agenda",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--owner",
        "nobody",
        "--format",
        "json",
    ]);
    let errors: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(errors[0]["kind"], "unknown_reference");
}

#[test]
fn a_bad_cadence_in_the_rules_is_invalid_input_at_its_path() {
    let dir = std::env::temp_dir().join(format!("planwatch-agenda-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("rules.json");
    std::fs::write(&rules, r#"{"reminders": {"after": [7, 7]}}"#).unwrap();
    let out = run(&[
        "agenda",
        "examples/nsp-2019-2023",
        "--as-of",
        "2021-06-30",
        "--reminders",
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("reminders.after[1]"), "{err}");
    assert!(err.contains("reminder offset 7 is given twice"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
