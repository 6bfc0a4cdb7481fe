//! `planwatch report` (tests/fixtures/report/cases.json): the golden documents byte for
//! byte, and the exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{root, run};

fn temp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("planwatch-cli-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn report_writes_the_golden_files() {
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/fixtures/report/cases.json")).unwrap(),
    )
    .unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 2);
    for case in cases {
        let golden = case["golden"].as_str().unwrap();
        let out_path = temp(golden);
        let out_text = out_path.to_str().unwrap();
        let mut args = vec![
            "report",
            case["src"].as_str().unwrap(),
            "--as-of",
            case["as_of"].as_str().unwrap(),
            "--output",
            out_text,
        ];
        if let Some(p) = case["period"].as_str() {
            args.extend(["--period", p]);
        }
        let out = run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("planwatch: wrote "), "{stderr}");
        let want = std::fs::read(root().join("tests/fixtures/report").join(golden)).unwrap();
        assert!(
            std::fs::read(&out_path).unwrap() == want,
            "{golden} differs"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn report_exit_codes() {
    let out_path = temp("bad.html");
    let out_text = out_path.to_str().unwrap();
    let nsp = "examples/nsp-2019-2023";
    // A period that is no period id, or starts after the as-of day: a usage error.
    for period in ["2021Q5", "2021Q3"] {
        let out = run(&[
            "report",
            nsp,
            "--as-of",
            "2021-06-30",
            "--period",
            period,
            "--output",
            out_text,
        ]);
        assert_eq!(out.status.code(), Some(64), "{period}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("error: --period: "), "{stderr}");
    }
    assert!(!out_path.exists());
    // No --output: a usage error.
    let out = run(&["report", nsp, "--as-of", "2021-06-30"]);
    assert_eq!(out.status.code(), Some(64));
    // Invalid input, or a file that cannot be written: 2.
    let out = run(&[
        "report",
        "tests/fixtures/invalid/dependency_cycle",
        "--as-of",
        "2021-06-30",
        "--output",
        out_text,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&[
        "report",
        nsp,
        "--as-of",
        "2021-06-30",
        "--output",
        "/nonexistent-dir/r.html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the report"));
}
