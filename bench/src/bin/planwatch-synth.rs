//! Writes a synthetic plan: `planwatch-synth --activities 1000000 --seed 1 --out DIR`.
//!
//! Prints what it wrote (counts) as JSON on stdout. With `--cache` instead of `--out`, the
//! plan goes to the benchmarks' cache (`target/bench-data/N-SEED-vVERSION`, or under
//! `$PLANWATCH_BENCH_DATA`), generated only when not there yet, and the directory is
//! printed.

use planwatch_bench::synth;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut activities = 10_000usize;
    let mut seed = 1u64;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    let mut cache = false;
    while let Some(a) = args.next() {
        if a == "--cache" {
            cache = true;
            continue;
        }
        let value = args.next();
        let ok = match (a.as_str(), value) {
            ("--activities", Some(v)) => v.replace('_', "").parse().map(|n| activities = n).is_ok(),
            ("--seed", Some(v)) => v.parse().map(|n| seed = n).is_ok(),
            ("--out", Some(v)) => {
                out = Some(PathBuf::from(v));
                true
            }
            _ => false,
        };
        if !ok {
            eprintln!("usage: planwatch-synth --activities N --seed S (--out DIR | --cache)");
            return ExitCode::from(2);
        }
    }
    if cache {
        return match planwatch_bench::data::dataset_dir(activities, seed) {
            Ok(dir) => {
                println!("{}", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("planwatch-synth: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let Some(out) = out else {
        eprintln!("usage: planwatch-synth --activities N --seed S --out DIR");
        return ExitCode::from(2);
    };
    match synth::generate(activities, seed, &out) {
        Ok(g) => {
            println!("{}", serde_json::to_string(&g).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("planwatch-synth: {e}");
            ExitCode::FAILURE
        }
    }
}
