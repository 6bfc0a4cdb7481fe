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

use super::{head, num};
use crate::eval::indicator_status::{TargetBasis, TrackStatus, DEFAULT_MARGIN};
use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::model::{Direction, TargetKind};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "indicator_off_track";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "actual",
    "deviation",
    "direction",
    "margin",
    "period",
    "ratio",
    "reported",
    "status",
    "target",
    "target_basis",
    "target_kind",
];

fn status_name(s: TrackStatus) -> &'static &'static str {
    match s {
        TrackStatus::OnTrack => &"on_track",
        TrackStatus::Behind => &"behind",
        TrackStatus::Ahead => &"ahead",
        TrackStatus::NoData => &"no_data",
        TrackStatus::NoTarget => &"no_target",
    }
}

fn direction_name(d: Direction) -> &'static &'static str {
    match d {
        Direction::HigherIsBetter => &"higher_is_better",
        Direction::LowerIsBetter => &"lower_is_better",
    }
}

fn kind_name(k: TargetKind) -> &'static &'static str {
    match k {
        TargetKind::PerPeriod => &"per_period",
        TargetKind::Cumulative => &"cumulative",
    }
}

fn basis(b: Option<TargetBasis>) -> Ev {
    match b {
        None => Ev::Null,
        Some(TargetBasis::Given) => Ev::Str(&"given"),
        Some(TargetBasis::Split) => Ev::Str(&"split"),
        Some(TargetBasis::Interpolated) => Ev::Str(&"interpolated"),
    }
}

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(
        default = "default_margin",
        deserialize_with = "crate::rules::catalogue::range::non_negative"
    )]
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

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
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
        out.push(
            head(ctx, settings, k, period),
            &[
                Ev::Float(actual),
                Ev::float_or_null(s.deviation),
                Ev::Str(direction_name(ind.direction)),
                Ev::Float(s.margin),
                Ev::Period,
                Ev::float_or_null(s.ratio),
                Ev::date_or_null(s.reported),
                Ev::Str(status_name(s.status)),
                Ev::Float(target),
                basis(s.target_basis),
                Ev::Str(kind_name(s.target_kind)),
            ],
        );
    }
}

/// `indicator cases_investigated is behind in 2021Q1: 40 against a target of 79, -49.37%
/// (higher is better)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let cumulative = if f.text("target_kind") == "cumulative" {
        " (running total)"
    } else {
        ""
    };
    let better = if f.text("direction") == "lower_is_better" {
        "lower"
    } else {
        "higher"
    };
    let pct = f
        .float("deviation")
        .map(|d| format!(", {}%", num(d * 100.0)))
        .unwrap_or_default();
    format!(
        "indicator {} is {} in {}: {}{cumulative} against a target of {}{pct} ({better} is better)",
        f.subject_id(),
        f.text("status").replace('_', " "),
        f.text("period"),
        num(f.float("actual").unwrap_or(f64::NAN)),
        num(f.float("target").unwrap_or(f64::NAN)),
    )
}
