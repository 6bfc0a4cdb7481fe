//! `disaggregation_incomplete`: an indicator value (known on the as-of day) whose
//! breakdown by a required dimension is missing, does not add up to the total, or has
//! too large an `unknown` share.
//!
//! For each value of an indicator that declares `disaggregations`, and each declared
//! dimension, the problems are:
//! - `missing`: the value has no breakdown by the dimension (absent or empty). The other
//!   checks are then skipped.
//! - `sum_mismatch`: the parts differ from the total by more than `tolerance` (absolute:
//!   `|sum - total| > tolerance`; exactly at the tolerance is accepted).
//! - `unknown_share`: the part of the category `unknown_category` divided by the total
//!   exceeds `max_unknown_share` (strictly). Skipped when the total is 0 or less, or the
//!   dimension does not declare that category.
//!
//! One finding per (indicator, period, dimension) listing all its problems. Breakdowns
//! by undeclared dimensions are ignored (validation already refuses undeclared
//! categories).
//!
//! Parameters: `tolerance` (default 0.5, absolute, in the indicator's unit: counts are
//! whole numbers, so any real discrepancy is caught), `max_unknown_share` (default 0.2),
//! `unknown_category` (default `"unknown"`).
//!
//! Id `disaggregation_incomplete:<indicator>@<period>/<dimension>`. Evidence:
//! `dimension`, `problems` (a list of `missing`, `sum_mismatch`, `unknown_share`),
//! `total`, and when present `sum`, `difference` (sum - total), `tolerance`, `unknown`,
//! `unknown_share`, `max_unknown_share`.

use super::{finding, num};
use crate::eval::{Context, Finding};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "disaggregation_incomplete";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_tolerance")]
    tolerance: f64,
    #[serde(default = "default_max_unknown_share")]
    max_unknown_share: f64,
    #[serde(default = "default_unknown_category")]
    unknown_category: String,
}

fn default_tolerance() -> f64 {
    0.5
}

fn default_max_unknown_share() -> f64 {
    0.2
}

fn default_unknown_category() -> String {
    "unknown".into()
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let plan = ctx.plan();
    let actuals = &ctx.dataset.monitoring().indicator_actuals;
    for (k, ind) in plan.indicators.iter().enumerate() {
        if ind.disaggregations.is_empty() || !ctx.indicator_in_scope(settings, k) {
            continue;
        }
        for v in ctx.known_values(k) {
            let Some(x) = actuals.get(v.actual as usize) else {
                continue;
            };
            for dim in &ind.disaggregations {
                let parts = x
                    .disaggregation
                    .get(&dim.dimension)
                    .filter(|p| !p.is_empty());
                let mut problems: Vec<&str> = Vec::new();
                let mut evidence = BTreeMap::new();
                let mut details: Vec<String> = Vec::new();
                match parts {
                    None => {
                        problems.push("missing");
                        details.push(format!("no breakdown by {}", dim.dimension));
                    }
                    Some(parts) => {
                        let sum: f64 = parts.values().sum();
                        let difference = sum - v.value;
                        if difference.abs() > params.tolerance || !difference.is_finite() {
                            problems.push("sum_mismatch");
                            evidence.insert("sum".into(), json!(sum));
                            evidence.insert("difference".into(), json!(difference));
                            evidence.insert("tolerance".into(), json!(params.tolerance));
                            details.push(format!(
                                "the {} parts add up to {} instead of {}",
                                dim.dimension,
                                num(sum),
                                num(v.value)
                            ));
                        }
                        let declared = dim.categories.contains(&params.unknown_category);
                        let unknown = parts.get(&params.unknown_category).copied();
                        if let (true, Some(unknown)) = (declared && v.value > 0.0, unknown) {
                            let share = unknown / v.value;
                            if share > params.max_unknown_share {
                                problems.push("unknown_share");
                                evidence.insert("unknown".into(), json!(unknown));
                                evidence.insert("unknown_share".into(), json!(share));
                                evidence.insert(
                                    "max_unknown_share".into(),
                                    json!(params.max_unknown_share),
                                );
                                details.push(format!(
                                    "{}% of the {} breakdown is {}",
                                    num(share * 100.0),
                                    dim.dimension,
                                    params.unknown_category
                                ));
                            }
                        }
                    }
                }
                if problems.is_empty() {
                    continue;
                }
                let period_id = v.period.id();
                evidence.insert("dimension".into(), json!(dim.dimension));
                evidence.insert("problems".into(), json!(problems));
                evidence.insert("total".into(), json!(v.value));
                out.push(finding(
                    ID,
                    settings,
                    ind,
                    format!("{ID}:{}@{period_id}/{}", ind.id, dim.dimension),
                    v.period,
                    format!(
                        "indicator {} for {period_id}: {}",
                        ind.id,
                        details.join("; ")
                    ),
                    evidence,
                ));
            }
        }
    }
}
