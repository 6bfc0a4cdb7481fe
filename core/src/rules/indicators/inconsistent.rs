//! `indicator_inconsistent`: a declared relation `left op right` (`indicator_relations`
//! of the plan) that does not hold for a period in which both indicators have a value
//! known on the as-of day.
//!
//! Values are compared period by period, for the very same period (same type and dates),
//! so relations between indicators of different frequencies never compare anything.
//! `<=` fails when `left > right + tolerance`, `>=` when `left < right - tolerance`,
//! `==` when `|left - right| > tolerance`, beyond a difference of floating-point rounding
//! (a few units in the last place, so that figures equal in decimals are equal). A relation listed twice is checked once. The
//! subject (and scope) is the left indicator.
//!
//! Parameters: `tolerance` (default 0, absolute).
//!
//! Id `indicator_inconsistent:<left>@<period>`; when the left indicator is the left of
//! several relations, `/<right>` follows (and, when it has several relations with the same
//! right, `/<op><right>`, like `/<=b`). Evidence: `relation` (like `a <= b`), `left`,
//! `right`, `op`, `left_value`, `right_value`, `period`.

use super::{head, num};
use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::model::{IndicatorRelation, RelationOp};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// The rule id.
pub(crate) const ID: &str = "indicator_inconsistent";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "left",
    "left_value",
    "op",
    "period",
    "relation",
    "right",
    "right_value",
];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(
        default,
        deserialize_with = "crate::rules::catalogue::range::non_negative"
    )]
    tolerance: f64,
}

fn symbol(op: RelationOp) -> &'static &'static str {
    match op {
        RelationOp::AtMost => &"<=",
        RelationOp::AtLeast => &">=",
        RelationOp::Equal => &"==",
    }
}

fn holds(op: RelationOp, left: f64, right: f64, tolerance: f64) -> bool {
    let tolerance = if tolerance.is_nan() {
        0.0
    } else {
        tolerance.max(0.0)
    } + super::rounding_allowance(left.abs().max(right.abs()), 1);
    match op {
        RelationOp::AtMost => left <= right + tolerance,
        RelationOp::AtLeast => left >= right - tolerance,
        RelationOp::Equal => (left - right).abs() <= tolerance,
    }
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let plan = ctx.plan();
    let index = &ctx.dataset.index;
    // Distinct relations, in plan order, and how many each left / (left, right) has.
    let mut seen: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    let relations: Vec<&IndicatorRelation> = plan
        .indicator_relations
        .iter()
        .filter(|r| seen.insert((r.left.as_str(), *symbol(r.op), r.right.as_str())))
        .collect();
    let mut per_left: BTreeMap<&str, usize> = BTreeMap::new();
    let mut per_pair: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for r in &relations {
        *per_left.entry(r.left.as_str()).or_default() += 1;
        *per_pair
            .entry((r.left.as_str(), r.right.as_str()))
            .or_default() += 1;
    }
    for r in relations {
        let (Some(&l), Some(&rr)) = (index.indicator.get(&r.left), index.indicator.get(&r.right))
        else {
            continue;
        };
        let (l, rr) = (l as usize, rr as usize);
        if plan.indicators.get(l).is_none() {
            continue;
        }
        if !ctx.indicator_in_scope(settings, l) {
            continue;
        }
        let left = ctx.known_values(l);
        let right = ctx.known_values(rr);
        // The relation's text and id suffix, kept once for all its findings.
        let mut texts: Option<(Ev, Option<u32>)> = None;
        let (mut i, mut j) = (0, 0);
        // Merge the two period-sorted lists.
        while let (Some(a), Some(b)) = (left.get(i), right.get(j)) {
            match a.period.cmp(&b.period) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                    if holds(r.op, a.value, b.value, params.tolerance) {
                        continue;
                    }
                    let op = symbol(r.op);
                    let (relation, suffix) = *texts.get_or_insert_with(|| {
                        let suffix = if per_left.get(r.left.as_str()).copied().unwrap_or(0) <= 1 {
                            None
                        } else if per_pair
                            .get(&(r.left.as_str(), r.right.as_str()))
                            .copied()
                            .unwrap_or(0)
                            <= 1
                        {
                            Some(r.right.clone())
                        } else {
                            Some(format!("{op}{}", r.right))
                        };
                        let relation = out.keep_text(format!("{} {op} {}", r.left, r.right));
                        let suffix = suffix.map(|t| out.keep_text(t));
                        (Ev::Text(relation), suffix)
                    });
                    let mut h = head(ctx, settings, l, a.period);
                    if let Some(suffix) = suffix {
                        h.extra = suffix;
                    }
                    out.push(
                        h,
                        &[
                            Ev::Indicator(l as u32),
                            Ev::Float(a.value),
                            Ev::Str(op),
                            Ev::Period,
                            relation,
                            Ev::Indicator(rr as u32),
                            Ev::Float(b.value),
                        ],
                    );
                }
            }
        }
    }
}

/// `a <= b does not hold for 2020Q1: 12 > 10`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let negated = match &*f.text("op") {
        "<=" => ">",
        ">=" => "<",
        _ => "!=",
    };
    format!(
        "{} does not hold for {}: {} {negated} {}",
        f.text("relation"),
        f.text("period"),
        num(f.float("left_value").unwrap_or(f64::NAN)),
        num(f.float("right_value").unwrap_or(f64::NAN))
    )
}
