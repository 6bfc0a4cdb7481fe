//! planwatch's benchmark suite (issue 9): a deterministic generator of synthetic plans
//! ([`synth`]), the few planwatch calls the benchmarks make ([`api`]), and helpers shared
//! by the divan benches and the `planwatch-measure` binary ([`data`]).
//!
//! - `cargo run --release -p planwatch-bench --bin planwatch-synth -- --activities 100000 --seed 1 --out DIR`
//! - `cargo bench -p planwatch-bench` (10k and 100k activities; set
//!   `PLANWATCH_BENCH_SIZES=10000,100000,1000000` for more)
//! - `scripts/bench.sh` runs everything and writes `BENCHMARKS.md`.

pub mod api;
pub mod data;
pub mod synth;
