//! `indicator_outlier`: a period value far from the indicator's own history, by the
//! modified z-score (Iglewicz and Hoaglin).
//!
//! The history is every value of the indicator known on the as-of day (one per period,
//! the value tested included). With its median `m` and median absolute deviation
//! `MAD = median(|x_i - m|)` (the median of an even count is the mean of the two middle
//! values), a value `x` scores `z = 0.6745 * (x - m) / MAD`; it is an outlier when
//! `|z| > threshold` (strictly: exactly at the threshold is not), high or low.
//!
//! Skipped (no finding for the indicator): fewer than `min_history` values, or `MAD = 0`
//! (more than half the values are equal, so the score is undefined; any other value
//! would score infinitely).
//!
//! Parameters: `threshold` (default 3.5), `min_history` (default 6).
//!
//! Id `indicator_outlier:<indicator>@<period>`. Evidence: `value`, `median`, `mad`, `z`,
//! `threshold`, `history` (how many values), `side` (`high` or `low`).

use super::{head, num};
use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "indicator_outlier";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "history",
    "mad",
    "median",
    "side",
    "threshold",
    "value",
    "z",
];

/// The consistency constant of the modified z-score (0.6745 = the 75th percentile of
/// the standard normal distribution).
const K: f64 = 0.6745;

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(
        default = "default_threshold",
        deserialize_with = "crate::rules::catalogue::range::non_negative"
    )]
    threshold: f64,
    #[serde(
        default = "default_min_history",
        deserialize_with = "crate::rules::catalogue::range::count"
    )]
    min_history: usize,
}

fn default_threshold() -> f64 {
    3.5
}

fn default_min_history() -> usize {
    6
}

/// The median of sorted values (`None` when empty).
fn median_sorted(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    let hi = *sorted.get(n / 2)?;
    if n % 2 == 1 {
        Some(hi)
    } else {
        let lo = *sorted.get(n / 2 - 1)?;
        Some((lo + hi) / 2.0)
    }
}

/// The median and the median absolute deviation of `values`.
pub(crate) fn median_mad(values: &[f64]) -> Option<(f64, f64)> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = median_sorted(&sorted)?;
    let mut dev: Vec<f64> = sorted.iter().map(|x| (x - median).abs()).collect();
    dev.sort_by(f64::total_cmp);
    Some((median, median_sorted(&dev)?))
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let plan = ctx.plan();
    for k in 0..plan.indicators.len() {
        let known = ctx.known_values(k);
        if known.len() < params.min_history.max(1) || !ctx.indicator_in_scope(settings, k) {
            continue;
        }
        let values: Vec<f64> = known.iter().map(|v| v.value).collect();
        let Some((median, mad)) = median_mad(&values) else {
            continue;
        };
        if mad <= 0.0 || !mad.is_finite() {
            continue;
        }
        for v in known {
            let z = K * (v.value - median) / mad;
            if z.abs().total_cmp(&params.threshold) != std::cmp::Ordering::Greater {
                continue;
            }
            let side: &'static &'static str = if z > 0.0 { &"high" } else { &"low" };
            out.push(
                head(ctx, settings, k, v.period),
                &[
                    Ev::int(known.len()),
                    Ev::Float(mad),
                    Ev::Float(median),
                    Ev::Str(side),
                    Ev::Float(params.threshold),
                    Ev::Float(v.value),
                    Ev::Float(z),
                ],
            );
        }
    }
}

/// `indicator victims_identified for 2020Q1 is 250 (median 80, modified z-score 4.2)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let n = |key| num(f.float(key).unwrap_or(f64::NAN));
    format!(
        "indicator {} for {} is {} (median {}, modified z-score {})",
        f.subject_id(),
        f.period().map(|p| p.id()).unwrap_or_default(),
        n("value"),
        n("median"),
        n("z")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_mad() {
        assert_eq!(median_mad(&[]), None);
        assert_eq!(median_mad(&[3.0]), Some((3.0, 0.0)));
        // Sorted 1 2 3 4 100: median 3; deviations 2 1 0 1 97 -> sorted 0 1 1 2 97: 1.
        assert_eq!(median_mad(&[100.0, 1.0, 3.0, 2.0, 4.0]), Some((3.0, 1.0)));
        // Even count: median (2 + 3) / 2 = 2.5; deviations 1.5 .5 .5 1.5 -> 1.
        assert_eq!(median_mad(&[4.0, 1.0, 3.0, 2.0]), Some((2.5, 1.0)));
    }
}
