//! `planwatch schema plan|monitoring|rules|dhis2-mapping` prints the shipped schema files
//! byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::root;

use std::process::Command;

#[test]
fn schema_prints_the_shipped_files() {
    for name in ["plan", "monitoring", "rules", "dhis2-mapping"] {
        let out = Command::new(env!("CARGO_BIN_EXE_planwatch"))
            .args(["schema", name])
            .output()
            .unwrap();
        assert!(out.status.success(), "schema {name}");
        let shipped = std::fs::read(root().join(format!("schema/{name}.schema.json"))).unwrap();
        assert!(
            out.stdout == shipped,
            "schema {name} differs from schema/{name}.schema.json"
        );
    }
}

#[test]
fn schema_refuses_an_unknown_document() {
    // A usage error (exit 64), not invalid data (exit 2).
    let out = Command::new(env!("CARGO_BIN_EXE_planwatch"))
        .args(["schema", "evaluation"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("plan") && err.contains("rules"), "{err}");
}
