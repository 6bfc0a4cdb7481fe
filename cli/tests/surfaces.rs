//! One answer on every surface (tests/fixtures/evaluation/surfaces.json): `planwatch check
//! DIR --as-of D --format json`, without `--rules`, prints the golden evaluation of each
//! directory byte for byte (its rules.json applies when it has one).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::root;

use std::process::Command;

#[test]
fn check_json_is_the_golden_evaluation_of_every_directory() {
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/fixtures/evaluation/surfaces.json")).unwrap(),
    )
    .unwrap();
    for case in manifest["cases"].as_array().unwrap() {
        let dir = case["dir"].as_str().unwrap();
        let as_of = case["as_of"].as_str().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_planwatch"))
            .args(["check", dir, "--as-of", as_of, "--format", "json"])
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{dir}");
        let golden = std::fs::read(
            root()
                .join("tests/fixtures/evaluation")
                .join(case["golden"].as_str().unwrap()),
        )
        .unwrap();
        assert!(
            out.stdout == golden,
            "check {dir} differs from its golden evaluation"
        );
    }
}
