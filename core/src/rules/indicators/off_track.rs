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
//! With the `open_sdg` method (the rule's `method`, or an indicator's own
//! `progress_method`), an indicator is judged instead by its
//! [progress towards its final target](crate::eval::indicator_status#progress-towards-the-final-target-open-sdg):
//! it is reported when its progress is `needs_acceleration` or worse (`flag_progress`
//! sets the least bad status reported); `target_achieved`, `on_track` and
//! `not_available` give no finding.
//!
//! Parameters:
//! - `margin` (default 0.15): the on-track margin, a fraction of the target. It also sets
//!   the margin of the statuses the evaluation returns.
//! - `flag_ahead` (default false): also report indicators ahead of their target by more
//!   than the margin (margin method only).
//! - `method` (default `margin`): `margin` or `open_sdg`, for indicators without a
//!   `progress_method` of their own.
//! - `on_track_ratio` (default 0.95) and `acceleration_ratio` (default 0.6): the Open SDG
//!   thresholds, shares of the growth rate needed (`acceleration_ratio` at most
//!   `on_track_ratio`).
//! - `flag_progress` (default `needs_acceleration`): `needs_acceleration`,
//!   `limited_progress` or `deterioration`; that status and the worse ones are reported.
//!
//! Id `indicator_off_track:<indicator>@<period>`. Evidence: `period`, `actual`,
//! `target`, `target_basis`, `target_kind`, `ratio` (null for a zero target),
//! `deviation`, `margin`, `direction`, `status`, `reported`; with the Open SDG method
//! also `method` (`open_sdg`), `progress`, `progress_ratio`, `observed_rate`,
//! `required_rate`, `base`, `base_date`, `final_target` and `final_target_period`
//! (`target` and the margin keys are then null when the latest period has no target).

use super::{head, num};
use crate::eval::indicator_status::{
    Progress, ProgressStatus, ProgressThresholds, StatusSettings, TargetBasis, TrackStatus,
    DEFAULT_ACCELERATION_RATIO, DEFAULT_MARGIN, DEFAULT_ON_TRACK_RATIO,
};
use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::model::{Direction, ProgressMethod, TargetKind};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "indicator_off_track";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "actual",
    "base",
    "base_date",
    "deviation",
    "direction",
    "final_target",
    "final_target_period",
    "margin",
    "method",
    "observed_rate",
    "period",
    "progress",
    "progress_ratio",
    "ratio",
    "reported",
    "required_rate",
    "status",
    "target",
    "target_basis",
    "target_kind",
];

fn progress_name(s: ProgressStatus) -> &'static &'static str {
    match s {
        ProgressStatus::TargetAchieved => &"target_achieved",
        ProgressStatus::OnTrack => &"on_track",
        ProgressStatus::NeedsAcceleration => &"needs_acceleration",
        ProgressStatus::LimitedProgress => &"limited_progress",
        ProgressStatus::Deterioration => &"deterioration",
        ProgressStatus::NotAvailable => &"not_available",
    }
}

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

/// The least bad progress status reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum FlagProgress {
    #[default]
    NeedsAcceleration,
    LimitedProgress,
    Deterioration,
}

impl FlagProgress {
    fn flags(self, s: ProgressStatus) -> bool {
        let rank = |s: ProgressStatus| match s {
            ProgressStatus::NeedsAcceleration => 1,
            ProgressStatus::LimitedProgress => 2,
            ProgressStatus::Deterioration => 3,
            _ => 0,
        };
        let least = match self {
            FlagProgress::NeedsAcceleration => 1,
            FlagProgress::LimitedProgress => 2,
            FlagProgress::Deterioration => 3,
        };
        rank(s) >= least
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
    #[serde(default)]
    pub method: ProgressMethod,
    #[serde(
        default = "default_on_track_ratio",
        deserialize_with = "crate::rules::catalogue::range::non_negative"
    )]
    pub on_track_ratio: f64,
    #[serde(
        default = "default_acceleration_ratio",
        deserialize_with = "crate::rules::catalogue::range::non_negative"
    )]
    pub acceleration_ratio: f64,
    #[serde(default)]
    pub flag_progress: FlagProgress,
}

fn default_margin() -> f64 {
    DEFAULT_MARGIN
}

fn default_on_track_ratio() -> f64 {
    DEFAULT_ON_TRACK_RATIO
}

fn default_acceleration_ratio() -> f64 {
    DEFAULT_ACCELERATION_RATIO
}

impl Params {
    fn settings(&self) -> StatusSettings {
        StatusSettings {
            margin: self.margin,
            method: self.method,
            thresholds: ProgressThresholds {
                on_track_ratio: self.on_track_ratio,
                acceleration_ratio: self.acceleration_ratio,
            },
        }
    }
}

/// `check_params`: the parameters deserialise, and the thresholds are in order.
pub(crate) fn check_params(map: &serde_json::Map<String, serde_json::Value>) -> Result<(), String> {
    let p: Params = crate::rules::catalogue::params(map)?;
    if p.acceleration_ratio > p.on_track_ratio {
        return Err(format!(
            "acceleration_ratio {} is above on_track_ratio {}: expected at most it",
            p.acceleration_ratio, p.on_track_ratio
        ));
    }
    Ok(())
}

/// How the rule's settings in `rules` measure indicators (the defaults when absent).
pub(crate) fn status_settings(rules: &crate::rules::RuleSet) -> StatusSettings {
    rules
        .get(ID)
        .and_then(params_or_default::<Params>)
        .map_or_else(StatusSettings::default, |p| p.settings())
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let plan = ctx.plan();
    for (k, s) in ctx.indicator_statuses().iter().enumerate() {
        let Some(ind) = plan.indicators.get(k) else {
            continue;
        };
        let progress = s
            .progress
            .as_ref()
            .filter(|_| ind.progress_method.unwrap_or(params.method) == ProgressMethod::OpenSdg);
        let flagged = match (progress, s.status) {
            (Some(p), _) => params.flag_progress.flags(p.status),
            (None, TrackStatus::Behind) => true,
            (None, TrackStatus::Ahead) => params.flag_ahead,
            (None, _) => false,
        };
        if !flagged || !ctx.indicator_in_scope(settings, k) {
            continue;
        }
        let (Some(period), Some(actual)) = (s.latest, s.actual) else {
            continue;
        };
        let head = head(ctx, settings, k, period);
        let margin_keys = [
            Ev::Float(actual),
            Ev::float_or_null(s.deviation),
            Ev::Str(direction_name(ind.direction)),
            Ev::Float(s.margin),
            Ev::Period,
            Ev::float_or_null(s.ratio),
            Ev::date_or_null(s.reported),
            Ev::Str(status_name(s.status)),
            Ev::float_or_null(s.target),
            basis(s.target_basis),
            Ev::Str(kind_name(s.target_kind)),
        ];
        let [actual, deviation, direction, margin, period, ratio, reported, status, target, target_basis, target_kind] =
            margin_keys;
        let progress_keys = match progress {
            Some(p) => progress_evidence(p, out),
            None => [Ev::Absent; 9],
        };
        let [base, base_date, final_target, final_target_period, method, observed_rate, progress, progress_ratio, required_rate] =
            progress_keys;
        out.push(
            head,
            &[
                actual,
                base,
                base_date,
                deviation,
                direction,
                final_target,
                final_target_period,
                margin,
                method,
                observed_rate,
                period,
                progress,
                progress_ratio,
                ratio,
                reported,
                required_rate,
                status,
                target,
                target_basis,
                target_kind,
            ],
        );
    }
}

/// The Open SDG keys, in key order: `base`, `base_date`, `final_target`,
/// `final_target_period`, `method`, `observed_rate`, `progress`, `progress_ratio`,
/// `required_rate`.
fn progress_evidence(p: &Progress, out: &mut RuleSink<'_>) -> [Ev; 9] {
    let period = match &p.final_target_period {
        Some(id) => Ev::Text(out.keep_text(id.clone())),
        None => Ev::Null,
    };
    [
        Ev::float_or_null(p.base),
        Ev::date_or_null(p.base_date),
        Ev::float_or_null(p.final_target),
        period,
        Ev::Str(&"open_sdg"),
        Ev::float_or_null(p.observed_rate),
        Ev::Str(progress_name(p.status)),
        Ev::float_or_null(p.ratio),
        Ev::float_or_null(p.required_rate),
    ]
}

/// `indicator cases_investigated is behind in 2021Q1: 40 against a target of 79, -49.37%
/// (higher is better)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    if f.text("method") == "open_sdg" {
        return progress_message(f);
    }
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

/// `indicator shelter_days makes limited progress in 2020: 45, falling 5.13% a year from
/// 50 (2018-12-31), where falling 20.63% a year reaches 25 by 2021 (ratio 0.25)`.
fn progress_message(f: &FindingRef<'_>) -> String {
    let rate = |key: &str| match f.float(key) {
        Some(r) if r < 0.0 => format!("falling {}% a year", num(-r * 100.0)),
        Some(r) => format!("growing {}% a year", num(r * 100.0)),
        None => "changing at an unknown rate".to_string(),
    };
    let ratio = f
        .float("progress_ratio")
        .map(|r| format!(" (ratio {})", num(r)))
        .unwrap_or_default();
    format!(
        "indicator {} {} in {}: {}, {} from {} ({}), where {} reaches {} by {}{ratio}",
        f.subject_id(),
        match f.text("progress").as_ref() {
            "needs_acceleration" => "needs acceleration",
            "limited_progress" => "makes limited progress",
            _ => "is deteriorating",
        },
        f.text("period"),
        num(f.float("actual").unwrap_or(f64::NAN)),
        rate("observed_rate"),
        num(f.float("base").unwrap_or(f64::NAN)),
        f.date("base_date")
            .map_or_else(|| "?".to_string(), |d| d.to_string()),
        rate("required_rate"),
        num(f.float("final_target").unwrap_or(f64::NAN)),
        f.text("final_target_period"),
    )
}
