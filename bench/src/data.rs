//! Where generated data sets live and how the benches find their sizes.

use std::path::{Path, PathBuf};

/// The environment variable listing the plan sizes to bench (comma-separated activity
/// counts); `10000,100000` when unset.
pub const SIZES_VAR: &str = "PLANWATCH_BENCH_SIZES";

/// The seed of the benchmark data sets.
pub const SEED: u64 = 1;

/// The sizes to bench: [`SIZES_VAR`] or 10k and 100k.
pub fn sizes() -> Vec<usize> {
    match std::env::var(SIZES_VAR) {
        Ok(s) if !s.trim().is_empty() => s
            .split(',')
            .filter_map(|x| x.trim().replace('_', "").parse().ok())
            .collect(),
        _ => vec![10_000, 100_000],
    }
}

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The cache of generated data sets: `$PLANWATCH_BENCH_DATA`, else `bench-data` in the
/// cargo target directory.
pub fn data_root() -> PathBuf {
    if let Ok(d) = std::env::var("PLANWATCH_BENCH_DATA") {
        return PathBuf::from(d);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("target"));
    target.join("bench-data")
}

/// The directory of the data set of `activities` activities and `seed`, generated on
/// first use (a `.complete` marker says the files are whole).
pub fn dataset_dir(activities: usize, seed: u64) -> std::io::Result<PathBuf> {
    let version = crate::synth::GENERATOR_VERSION;
    let dir = data_root().join(format!("{activities}-{seed}-v{version}"));
    let marker = dir.join(".complete");
    if !marker.exists() {
        crate::synth::generate(activities, seed, &dir)?;
        std::fs::write(&marker, "")?;
    }
    Ok(dir)
}

/// The NSP 2019-2023 example data set shipped with the repository.
pub fn nsp_dir() -> PathBuf {
    workspace_root().join("examples").join("nsp-2019-2023")
}
