//! Times the NSP evaluation natively, for comparison with the WebAssembly build
//! (`bindings-wasm/measure.sh`). Prints one JSON line: load and evaluation medians in ms.
//!
//! Run: `cargo run --release -p planwatch-wasm --example native_time`.

use std::time::Instant;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/nsp-2019-2023");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap_or_default();
    let (plan, monitoring) = (read("plan.json"), read("monitoring.json"));
    let rules = planwatch::RuleSet::default();
    let Some(as_of) = chrono::NaiveDate::from_ymd_opt(2021, 6, 30) else {
        return;
    };
    let mut load = Vec::new();
    let mut eval = Vec::new();
    let mut findings = 0;
    for _ in 0..30 {
        let t = Instant::now();
        let Ok(ds) = planwatch::Dataset::from_json(&plan, &monitoring) else {
            eprintln!("the NSP data set does not load");
            return;
        };
        load.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        findings = ds.evaluate(&rules, as_of).findings.len();
        eval.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{{\"where\": \"native\", \"load_ms\": {:.2}, \"evaluate_ms\": {:.2}, \"findings\": {findings}}}",
        median(load),
        median(eval)
    );
}
