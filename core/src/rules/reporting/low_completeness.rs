//! `low_completeness`: a reporter whose completeness over a trailing window is under a
//! threshold.
//!
//! The window is the `window_months` months up to and including the as-of day: reports
//! whose due day lies after the same day `window_months` months earlier and before the
//! as-of day (see [`crate::eval::rates`] for expected, actual and completeness). A
//! reporter with nothing expected in the window has no completeness and no finding; one
//! exactly at the threshold is not under it.
//!
//! Parameters: `window_months` (default 12, at least 1) and `threshold` (default 0.8,
//! between 0 and 1).
//!
//! Evidence: `expected`, `actual`, `on_time`, `completeness`, `timeliness`, `threshold`,
//! `window` (`{"from": ..., "until": ...}`, the due days counted) and `window_months`.
//!
//! Finding id: `low_completeness:<reporter>`.

use super::organisation_head;
use crate::eval::rates::{tally_reports, Rate};
use crate::eval::{Context, Ev, FindingRef, RuleSink, Window};
use crate::rules::catalogue::params;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "low_completeness";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "actual",
    "completeness",
    "expected",
    "on_time",
    "threshold",
    "timeliness",
    "window",
    "window_months",
];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// Length of the trailing window in months.
    #[serde(default = "default_window_months")]
    pub window_months: u32,
    /// Completeness under which a reporter is flagged.
    #[serde(
        default = "default_threshold",
        deserialize_with = "crate::rules::catalogue::range::share"
    )]
    pub threshold: f64,
}

fn default_window_months() -> u32 {
    12
}

fn default_threshold() -> f64 {
    0.8
}

/// Parses the parameters and checks their ranges.
pub(crate) fn check_params(map: &serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    let p: Params = params(map)?;
    if p.window_months == 0 {
        return Err("window_months must be at least 1".into());
    }
    if !(0.0..=1.0).contains(&p.threshold) {
        return Err(format!("threshold {} is not between 0 and 1", p.threshold));
    }
    Ok(())
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(p) = crate::rules::catalogue::params_or_default::<Params>(settings) else {
        return;
    };
    let ds = ctx.dataset;
    let window = Window::trailing_months(ctx.as_of, p.window_months);
    let tallies = tally_reports(ds, ctx.as_of, window);
    // One window object, the same for every finding of the run.
    let mut window_ev = None;
    for (r, t) in tallies.per_org.iter().enumerate() {
        let rate = Rate::from_counts(t.expected, t.actual, t.on_time);
        let Some(completeness) = rate.completeness else {
            continue;
        };
        if completeness >= p.threshold || !ctx.org_in_scope(settings, r as u32) {
            continue;
        }
        if ds.plan().organisations.get(r).is_none() {
            continue;
        }
        let window =
            *window_ev.get_or_insert_with(|| out.json(window_value(tallies.from, tallies.until)));
        out.push(
            organisation_head(settings, r as u32, None),
            &[
                Ev::int(rate.actual),
                Ev::Float(completeness),
                Ev::int(rate.expected),
                Ev::int(rate.on_time),
                Ev::Float(p.threshold),
                Ev::float_or_null(rate.timeliness),
                window,
                Ev::int(p.window_months),
            ],
        );
    }
}

/// The `window` evidence: `{"from": day, "until": day}`.
fn window_value(from: chrono::NaiveDate, until: chrono::NaiveDate) -> crate::eval::Value {
    let mut window = std::collections::BTreeMap::new();
    for (k, d) in [("from", from), ("until", until)] {
        window.insert(k.to_string(), crate::eval::Value::Text(d.to_string()));
    }
    crate::eval::Value::Map(window)
}

/// `R1 sent 3 of 12 reports due from 2019-07-01 to 2020-06-30 (25.0% complete, under
/// 80.0%)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let window = f.json("window").and_then(crate::eval::Value::as_map);
    let day = |key: &str| {
        window
            .and_then(|w| w.get(key))
            .and_then(|d| d.as_str())
            .unwrap_or_default()
    };
    format!(
        "{} sent {} of {} reports due from {} to {} ({:.1}% complete, under {:.1}%)",
        f.subject_id(),
        f.int("actual"),
        f.int("expected"),
        day("from"),
        day("until"),
        f.float("completeness").unwrap_or(f64::NAN) * 100.0,
        f.float("threshold").unwrap_or(f64::NAN) * 100.0
    )
}
