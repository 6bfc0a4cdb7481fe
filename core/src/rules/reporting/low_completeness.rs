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

use super::organisation_finding;
use crate::eval::rates::{tally_reports, Rate};
use crate::eval::{Context, Finding, Window};
use crate::rules::catalogue::params;
use crate::rules::RuleSettings;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "low_completeness";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// Length of the trailing window in months.
    #[serde(default = "default_window_months")]
    pub window_months: u32,
    /// Completeness under which a reporter is flagged.
    #[serde(default = "default_threshold")]
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

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let Some(p) = crate::rules::catalogue::params_or_default::<Params>(settings) else {
        return;
    };
    let ds = ctx.dataset;
    let window = Window::trailing_months(ctx.as_of, p.window_months);
    let tallies = tally_reports(ds, ctx.as_of, window);
    for (r, t) in tallies.per_org.iter().enumerate() {
        let rate = Rate::from_counts(t.expected, t.actual, t.on_time);
        let Some(completeness) = rate.completeness else {
            continue;
        };
        if completeness >= p.threshold || !ctx.org_in_scope(settings, r as u32) {
            continue;
        }
        let Some(reporter) = ds.plan().organisations.get(r) else {
            continue;
        };
        let mut evidence = BTreeMap::new();
        evidence.insert("expected".into(), json!(rate.expected));
        evidence.insert("actual".into(), json!(rate.actual));
        evidence.insert("on_time".into(), json!(rate.on_time));
        evidence.insert("completeness".into(), json!(completeness));
        evidence.insert("timeliness".into(), json!(rate.timeliness));
        evidence.insert("threshold".into(), json!(p.threshold));
        evidence.insert(
            "window".into(),
            json!({"from": tallies.from, "until": tallies.until}),
        );
        evidence.insert("window_months".into(), json!(p.window_months));
        out.push(organisation_finding(
            ID,
            format!("{ID}:{}", reporter.id),
            settings,
            reporter,
            format!(
                "{} sent {} of {} reports due from {} to {} ({:.1}% complete, under {:.1}%)",
                reporter.id,
                rate.actual,
                rate.expected,
                tallies.from,
                tallies.until,
                completeness * 100.0,
                p.threshold * 100.0
            ),
            None,
            None,
            evidence,
        ));
    }
}
