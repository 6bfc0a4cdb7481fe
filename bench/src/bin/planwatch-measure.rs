//! In-process measurements for `scripts/bench.sh`, as one JSON object on stdout.
//!
//! - `planwatch-measure --activities N [--rounds R]`: load (parse + validate), evaluate
//!   with every built-in rule, evaluate per rule family, JSON output of the evaluation
//!   (to `io::sink`), medians in ms, finding counts and the process's peak RSS (VmHWM).
//! - `planwatch-measure --nsp [--rounds R]`: the NSP 2019-2023 data set as of 2021-06-30
//!   with the default rules and with its `rules.json`.
//!
//! Data sets come from `planwatch_bench::data::dataset_dir` (generated on first use).

use planwatch_bench::{api, data};
use serde_json::{json, Value};
use std::process::ExitCode;
use std::time::Instant;

/// The allocator the CLI and the Python module ship with, so that these figures are theirs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// Median wall time of `rounds` calls in ms, and the last result.
fn time<T>(rounds: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(rounds);
    let mut last = None;
    for _ in 0..rounds.max(1) {
        // The previous result is dropped outside the timed region.
        drop(last.take());
        let t = Instant::now();
        let r = f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        last = Some(r);
    }
    match last {
        Some(r) => (median(times), r),
        None => (median(times), f()),
    }
}

/// The process's peak resident set size in MiB, from /proc (Linux); `None` elsewhere.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn measure_size(n: usize, rounds: usize) -> Result<Value, String> {
    let dir = data::dataset_dir(n, data::SEED).map_err(|e| e.to_string())?;
    let bytes: u64 = ["plan.json", "monitoring.json"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
        .map(|m| m.len())
        .sum();
    let (load_ms, ds) = time(rounds, || api::load(&dir));
    let ds = ds?;
    let rss_after_load = peak_rss_mib();
    let as_of = api::as_of();
    let rules = api::default_rules();
    let (evaluate_ms, ev) = time(rounds, || api::evaluate(&ds, &rules, as_of));
    let rss_after_evaluate = peak_rss_mib();
    let (output_ms, written) = time(rounds, || {
        let mut counter = Counter(0);
        api::write_json(&ev, &mut counter).map(|()| counter.0)
    });
    let written = written.map_err(|e| e.to_string())?;
    let (table_ms, table_rows) = time(rounds, || api::findings_table_rows(&ev));
    let table_rows = table_rows?;
    let findings = api::finding_count(&ev);
    let by_rule = api::findings_by_rule(&ev);
    drop(ev);
    let mut families = serde_json::Map::new();
    for family in api::families() {
        let rules = api::family_rules(family);
        let (ms, ev) = time(rounds, || api::evaluate(&ds, &rules, as_of));
        families.insert(
            family.to_string(),
            json!({"evaluate_ms": ms, "findings": api::finding_count(&ev)}),
        );
    }
    Ok(json!({
        "activities": api::activity_count(&ds),
        "seed": data::SEED,
        "input_bytes": bytes,
        "rounds": rounds,
        "load_ms": load_ms,
        "evaluate_ms": evaluate_ms,
        "output_json_ms": output_ms,
        "output_json_bytes": written,
        "findings_table_ms": table_ms,
        "findings_table_rows": table_rows,
        "findings": findings,
        "findings_by_rule": by_rule,
        "families": families,
        "peak_rss_mib_after_load": rss_after_load,
        "peak_rss_mib_after_evaluate": rss_after_evaluate,
    }))
}

/// Counts the bytes written (like `io::sink`, but says how much).
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn measure_nsp(rounds: usize) -> Result<Value, String> {
    let dir = data::nsp_dir();
    let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).ok_or("date")?;
    let (load_ms, ds) = time(rounds, || api::load(&dir));
    let ds = ds?;
    let defaults = api::default_rules();
    let with_file = api::load_rules(&dir.join("rules.json"))?;
    // Warm up once, then time.
    let _ = api::evaluate(&ds, &with_file, as_of);
    let (default_ms, ev) = time(rounds, || api::evaluate(&ds, &defaults, as_of));
    let default_findings = api::finding_count(&ev);
    let (rules_ms, ev) = time(rounds, || api::evaluate(&ds, &with_file, as_of));
    Ok(json!({
        "as_of": "2021-06-30",
        "rounds": rounds,
        "load_ms": load_ms,
        "evaluate_default_rules_ms": default_ms,
        "findings_default_rules": default_findings,
        "evaluate_rules_json_ms": rules_ms,
        "findings_rules_json": api::finding_count(&ev),
    }))
}

fn main() -> ExitCode {
    let mut activities = None;
    let mut nsp = false;
    let mut rounds = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--nsp" => nsp = true,
            "--activities" => {
                activities = args.next().and_then(|v| v.replace('_', "").parse().ok())
            }
            "--rounds" => rounds = args.next().and_then(|v| v.parse().ok()).unwrap_or(rounds),
            _ => {
                eprintln!("usage: planwatch-measure (--activities N | --nsp) [--rounds R]");
                return ExitCode::from(2);
            }
        }
    }
    let result = match (nsp, activities) {
        (true, _) => measure_nsp(rounds),
        (false, Some(n)) => measure_size(n, rounds),
        _ => Err("give --activities N or --nsp".to_string()),
    };
    match result {
        Ok(v) => {
            println!("{v}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("planwatch-measure: {e}");
            ExitCode::FAILURE
        }
    }
}
