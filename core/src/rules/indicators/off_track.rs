//! `indicator_off_track`: an indicator whose status as of the day is `behind` (and, with
//! `flag_ahead`, `ahead`).
//!
//! The status is the one of [`Evaluation::indicators`](crate::Evaluation::indicators),
//! taken at the latest period with a value known on the as-of day, against the target of
//! that period (given, split from a coarser target or interpolated; for cumulative
//! targets the running sum of the values is compared). It is on track within `margin`
//! of the target (exactly at the margin included), mirrored for lower-is-better
//! indicators: see [`eval::indicator_status`](crate::eval::indicator_status) for the
//! exact definitions. Indicators without values (`no_data`) or without a target for
//! their latest period (`no_target`) give no finding; `indicator_not_reported` covers
//! missing values.
//!
//! Parameters:
//! - `margin` (default 0.15): the on-track margin, a fraction of the target. It also sets
//!   the margin of the statuses the evaluation returns.
//! - `flag_ahead` (default false): also report indicators ahead of their target by more
//!   than the margin.
//!
//! Id `indicator_off_track:<indicator>@<period>`. Evidence: `period`, `actual`,
//! `target`, `target_basis`, `target_kind`, `ratio` (null for a zero target),
//! `deviation`, `margin`, `direction`, `status`, `reported`.

use super::{finding, num};
use crate::eval::indicator_status::{TrackStatus, DEFAULT_MARGIN};
use crate::eval::{Context, Finding};
use crate::model::Direction;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "indicator_off_track";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_margin")]
    pub margin: f64,
    #[serde(default)]
    pub flag_ahead: bool,
}

fn default_margin() -> f64 {
    DEFAULT_MARGIN
}

/// The margin of the rule's settings in `rules` (the default when absent).
pub(crate) fn margin_of(rules: &crate::rules::RuleSet) -> f64 {
    rules
        .get(ID)
        .and_then(params_or_default::<Params>)
        .map_or(DEFAULT_MARGIN, |p| p.margin)
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let plan = ctx.plan();
    for (k, s) in ctx.indicator_statuses().iter().enumerate() {
        let flagged = match s.status {
            TrackStatus::Behind => true,
            TrackStatus::Ahead => params.flag_ahead,
            _ => false,
        };
        if !flagged || !ctx.indicator_in_scope(settings, k) {
            continue;
        }
        let (Some(ind), Some(period), Some(actual), Some(target)) =
            (plan.indicators.get(k), s.latest, s.actual, s.target)
        else {
            continue;
        };
        let period_id = period.id();
        let cumulative = if s.target_kind == crate::model::TargetKind::Cumulative {
            " (running total)"
        } else {
            ""
        };
        let better = match ind.direction {
            Direction::HigherIsBetter => "higher",
            Direction::LowerIsBetter => "lower",
        };
        let pct = s
            .deviation
            .map(|d| format!(", {}%", num(d * 100.0)))
            .unwrap_or_default();
        let message = format!(
            "indicator {} is {} in {period_id}: {}{cumulative} against a target of {}{pct} ({better} is better)",
            ind.id,
            s.status.name().replace('_', " "),
            num(actual),
            num(target),
        );
        let mut evidence = BTreeMap::new();
        evidence.insert("period".into(), json!(period_id));
        evidence.insert("actual".into(), json!(actual));
        evidence.insert("target".into(), json!(target));
        evidence.insert("target_basis".into(), json!(s.target_basis));
        evidence.insert("target_kind".into(), json!(s.target_kind));
        evidence.insert("ratio".into(), json!(s.ratio));
        evidence.insert("deviation".into(), json!(s.deviation));
        evidence.insert("margin".into(), json!(s.margin));
        evidence.insert("direction".into(), json!(ind.direction));
        evidence.insert("status".into(), json!(s.status));
        evidence.insert("reported".into(), json!(s.reported));
        out.push(finding(
            ID,
            settings,
            ind,
            format!("{ID}:{}@{period_id}", ind.id),
            period,
            message,
            evidence,
        ));
    }
}
