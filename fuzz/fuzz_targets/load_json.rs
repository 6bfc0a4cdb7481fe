//! The JSON loader: the input is plan.json and monitoring.json text separated by the
//! first NUL byte (monitoring `{}` when there is none). When it loads, the dataset is
//! evaluated with the default rules as of a day derived from the input's last bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planwatch::chrono::Days;
use planwatch::{Dataset, RuleSet};

/// Plans longer than this are loaded but not evaluated. The span is bounded by
/// `Limits::max_plan_years` (100) at load; 30 years keep each execution fast.
const MAX_EVALUATED_SPAN_DAYS: i64 = 366 * 30;

fuzz_target!(|data: &[u8]| {
    let (plan, monitoring) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"{}"[..]),
    };
    let (Ok(plan), Ok(monitoring)) = (std::str::from_utf8(plan), std::str::from_utf8(monitoring))
    else {
        return;
    };
    let Ok(dataset) = Dataset::from_json(plan, monitoring) else {
        return;
    };
    let p = dataset.plan();
    let span = (p.end - p.start).num_days();
    if span > MAX_EVALUATED_SPAN_DAYS {
        return;
    }
    let seed = data
        .iter()
        .rev()
        .take(2)
        .fold(0u64, |acc, &b| acc * 256 + u64::from(b));
    let offset = seed % (span.max(0) as u64 + 400);
    let Some(as_of) = p
        .start
        .checked_sub_days(Days::new(30))
        .and_then(|d| d.checked_add_days(Days::new(offset)))
    else {
        return;
    };
    let evaluation = dataset.evaluate(&RuleSet::default(), as_of);
    let _ = serde_json::to_string(&evaluation).expect("an evaluation serialises");
});
