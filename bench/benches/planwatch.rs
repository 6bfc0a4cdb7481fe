//! divan benches: load, evaluate (all rules and per rule family) and JSON output of
//! synthetic plans (10k and 100k activities unless `PLANWATCH_BENCH_SIZES` says
//! otherwise), and the NSP 2019-2023 evaluation with its `rules.json`.
//!
//! `cargo bench -p planwatch-bench` (add `-- --sample-count 3` for a quick run).

use planwatch_bench::{api, data};
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

/// The allocator the CLI and the Python module ship with, so that these figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

/// Datasets loaded once per size and kept for the whole run (leaked on purpose).
fn dataset(n: usize) -> &'static api::Dataset {
    static CACHE: OnceLock<Mutex<BTreeMap<usize, &'static api::Dataset>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(n).or_insert_with(|| {
        let dir = data::dataset_dir(n, data::SEED).unwrap_or_else(|e| panic!("generate {n}: {e}"));
        let ds = api::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        Box::leak(Box::new(ds))
    })
}

/// Evaluations with every rule, once per size.
fn evaluation(n: usize) -> &'static api::Evaluation {
    static CACHE: OnceLock<Mutex<BTreeMap<usize, &'static api::Evaluation>>> = OnceLock::new();
    let ds = dataset(n);
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(n).or_insert_with(|| {
        let ev = api::evaluate(ds, &api::default_rules(), api::as_of());
        Box::leak(Box::new(ev))
    })
}

/// Parse and validate `plan.json` and `monitoring.json`.
#[divan::bench(args = data::sizes(), sample_count = 5, sample_size = 1)]
fn load(bencher: divan::Bencher, n: usize) {
    let dir = data::dataset_dir(n, data::SEED).unwrap_or_else(|e| panic!("generate {n}: {e}"));
    bencher.bench(|| api::load(&dir));
}

/// Evaluate with every built-in rule (default settings).
#[divan::bench(args = data::sizes(), sample_count = 5, sample_size = 1)]
fn evaluate_all(bencher: divan::Bencher, n: usize) {
    let ds = dataset(n);
    let rules = api::default_rules();
    bencher.bench(|| api::evaluate(ds, &rules, api::as_of()));
}

fn family(bencher: divan::Bencher, n: usize, family: &str) {
    let ds = dataset(n);
    let rules = api::family_rules(family);
    bencher.bench(|| api::evaluate(ds, &rules, api::as_of()));
}

/// Evaluate with the schedule rules only.
#[divan::bench(args = data::sizes(), sample_count = 5, sample_size = 1)]
fn evaluate_schedule(bencher: divan::Bencher, n: usize) {
    family(bencher, n, "schedule");
}

/// Evaluate with the reporting rules only.
#[divan::bench(args = data::sizes(), sample_count = 5, sample_size = 1)]
fn evaluate_reporting(bencher: divan::Bencher, n: usize) {
    family(bencher, n, "reporting");
}

/// Evaluate with the indicator rules only.
#[divan::bench(args = data::sizes(), sample_count = 5, sample_size = 1)]
fn evaluate_indicators(bencher: divan::Bencher, n: usize) {
    family(bencher, n, "indicators");
}

/// Evaluate with the structure rules only.
#[divan::bench(args = data::sizes(), sample_count = 5, sample_size = 1)]
fn evaluate_structure(bencher: divan::Bencher, n: usize) {
    family(bencher, n, "structure");
}

/// Serialise the evaluation (every rule) as JSON to `io::sink`.
#[divan::bench(args = data::sizes(), sample_count = 5, sample_size = 1)]
fn output_json(bencher: divan::Bencher, n: usize) {
    let ev = evaluation(n);
    bencher.bench(|| api::write_json(ev, std::io::sink()));
}

/// Build the findings table (every finding, every column), as Python and Arrow users do.
#[divan::bench(args = data::sizes(), sample_count = 5, sample_size = 1)]
fn findings_table(bencher: divan::Bencher, n: usize) {
    let ev = evaluation(n);
    bencher.bench(|| api::findings_table_rows(ev));
}

/// The NSP 2019-2023 data set as of 2021-06-30: default rules and its `rules.json`.
#[divan::bench_group(sample_count = 100)]
mod nsp {
    use super::{api, data};

    fn setup() -> (api::Dataset, chrono::NaiveDate) {
        let ds = api::load(&data::nsp_dir()).unwrap_or_else(|e| panic!("{e}"));
        let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap_or(chrono::NaiveDate::MIN);
        (ds, day)
    }

    /// Default rules.
    #[divan::bench]
    fn evaluate_default_rules(bencher: divan::Bencher) {
        let (ds, day) = setup();
        let rules = api::default_rules();
        bencher.bench(|| api::evaluate(&ds, &rules, day));
    }

    /// The data set's `rules.json` (custom rules included).
    #[divan::bench]
    fn evaluate_rules_json(bencher: divan::Bencher) {
        let (ds, day) = setup();
        let rules =
            api::load_rules(&data::nsp_dir().join("rules.json")).unwrap_or_else(|e| panic!("{e}"));
        bencher.bench(|| api::evaluate(&ds, &rules, day));
    }
}
