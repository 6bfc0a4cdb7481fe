//! Shared helpers for the workspace tests: where the fixtures are.

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    workspace_root().join("tests").join("fixtures")
}

/// The shipped NSP 2019-2023 data set.
pub fn nsp_dir() -> PathBuf {
    workspace_root().join("examples").join("nsp-2019-2023")
}
