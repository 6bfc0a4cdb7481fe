//! `disaggregation_incomplete`: an indicator value (known on the as-of day) whose
//! breakdown by a required dimension is missing, does not add up to the total, or has
//! too large an `unknown` share.
//!
//! For each value of an indicator that declares `disaggregations`, and each declared
//! dimension, the problems are:
//! - `missing`: the value has no breakdown by the dimension (absent or empty). The other
//!   checks are then skipped.
//! - `sum_mismatch`: the parts differ from the total by more than `tolerance` (absolute:
//!   `|sum - total| > tolerance`; exactly at the tolerance is accepted, and so is a
//!   difference of floating-point rounding, a few units in the last place: parts 0.1 and
//!   0.2 of a total 0.3 agree with a tolerance of 0).
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

use super::{head, num};
use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "disaggregation_incomplete";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "difference",
    "dimension",
    "max_unknown_share",
    "problems",
    "sum",
    "tolerance",
    "total",
    "unknown",
    "unknown_share",
];

const MISSING: u8 = 1;
const SUM_MISMATCH: u8 = 2;
const UNKNOWN_SHARE: u8 = 4;

/// The problems of a finding as a list, in the order checked.
fn problem_list(problems: u8) -> crate::eval::Value {
    let names = [
        (MISSING, "missing"),
        (SUM_MISMATCH, "sum_mismatch"),
        (UNKNOWN_SHARE, "unknown_share"),
    ];
    crate::eval::Value::from(
        names
            .iter()
            .filter(|(bit, _)| problems & bit != 0)
            .map(|(_, name)| *name)
            .collect::<Vec<_>>(),
    )
}

/// `indicator x for 2020Q1: the sex parts add up to 9 instead of 10; 30% of the sex
/// breakdown is unknown` (`sum` and `share` given for those problems, neither for a
/// missing breakdown).
fn describe(
    indicator: &str,
    period: &str,
    dimension: &str,
    total: f64,
    sum: Option<f64>,
    share: Option<f64>,
    unknown_category: &str,
) -> String {
    let mut details: Vec<String> = Vec::new();
    if sum.is_none() && share.is_none() {
        details.push(format!("no breakdown by {dimension}"));
    }
    if let Some(sum) = sum {
        details.push(format!(
            "the {dimension} parts add up to {} instead of {}",
            num(sum),
            num(total)
        ));
    }
    if let Some(share) = share {
        details.push(format!(
            "{}% of the {dimension} breakdown is {unknown_category}",
            num(share * 100.0)
        ));
    }
    format!("indicator {indicator} for {period}: {}", details.join("; "))
}

/// Renders a finding without an `unknown` share problem (those keep their message: it
/// names the parameter `unknown_category`).
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    describe(
        f.subject_id(),
        &f.period().map(|p| p.id()).unwrap_or_default(),
        &f.text("dimension"),
        f.float("total").unwrap_or(f64::NAN),
        f.float("sum"),
        None,
        "",
    )
}

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(
        default = "default_tolerance",
        deserialize_with = "crate::rules::catalogue::range::non_negative"
    )]
    tolerance: f64,
    #[serde(
        default = "default_max_unknown_share",
        deserialize_with = "crate::rules::catalogue::range::share"
    )]
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

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let plan = ctx.plan();
    let actuals = &ctx.dataset.monitoring().indicator_actuals;
    // Kept once per run: the list of each combination of problems.
    let mut lists: [Option<Ev>; 8] = [None; 8];
    for (k, ind) in plan.indicators.iter().enumerate() {
        if ind.disaggregations.is_empty() || !ctx.indicator_in_scope(settings, k) {
            continue;
        }
        // Kept once per indicator and dimension: the dimension's name.
        let mut names: Vec<Option<u32>> = vec![None; ind.disaggregations.len()];
        for v in ctx.known_values(k) {
            let Some(x) = actuals.get(v.actual as usize) else {
                continue;
            };
            for (d, dim) in ind.disaggregations.iter().enumerate() {
                let parts = x
                    .disaggregation
                    .get(&dim.dimension)
                    .filter(|p| !p.is_empty());
                let mut problems = 0u8;
                let mut sum_ev = [Ev::Absent; 3];
                let mut share_ev = [Ev::Absent; 3];
                let mut sum_seen = None;
                let mut share_seen = None;
                match parts {
                    None => problems |= MISSING,
                    Some(parts) => {
                        let sum: f64 = parts.values().sum();
                        let difference = sum - v.value;
                        let magnitude =
                            parts.values().map(|p| p.abs()).sum::<f64>() + v.value.abs();
                        let allowed =
                            params.tolerance + super::rounding_allowance(magnitude, parts.len());
                        if difference.abs() > allowed || !difference.is_finite() {
                            problems |= SUM_MISMATCH;
                            sum_ev = [
                                Ev::Float(difference),
                                Ev::Float(sum),
                                Ev::Float(params.tolerance),
                            ];
                            sum_seen = Some(sum);
                        }
                        let declared = dim.categories.contains(&params.unknown_category);
                        let unknown = parts.get(&params.unknown_category).copied();
                        if let (true, Some(unknown)) = (declared && v.value > 0.0, unknown) {
                            let share = unknown / v.value;
                            if share > params.max_unknown_share {
                                problems |= UNKNOWN_SHARE;
                                share_ev = [
                                    Ev::Float(params.max_unknown_share),
                                    Ev::Float(unknown),
                                    Ev::Float(share),
                                ];
                                share_seen = Some(share);
                            }
                        }
                    }
                }
                if problems == 0 {
                    continue;
                }
                let Some(name) = names.get_mut(d) else {
                    continue;
                };
                let name = *name.get_or_insert_with(|| out.keep_text(dim.dimension.clone()));
                let list = *lists[usize::from(problems)]
                    .get_or_insert_with(|| out.json(problem_list(problems)));
                let mut h = head(ctx, settings, k, v.period);
                h.extra = name;
                let evidence = [
                    sum_ev[0],
                    Ev::Text(name),
                    share_ev[0],
                    list,
                    sum_ev[1],
                    sum_ev[2],
                    Ev::Float(v.value),
                    share_ev[1],
                    share_ev[2],
                ];
                if share_seen.is_some() {
                    // The message names the `unknown_category` parameter: kept as text
                    // (rare: a value whose breakdown is mostly unknown).
                    let message = describe(
                        &ind.id,
                        &v.period.id(),
                        &dim.dimension,
                        v.value,
                        sum_seen,
                        share_seen,
                        &params.unknown_category,
                    );
                    out.push_with_message(h, message, &evidence);
                } else {
                    out.push(h, &evidence);
                }
            }
        }
    }
}
