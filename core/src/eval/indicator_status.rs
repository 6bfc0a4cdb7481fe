//! Indicator statuses: each indicator's latest value against its target, as of a day.
//!
//! # Values known on a day
//!
//! An indicator actual is known from its `reported` day, or from its period's last day
//! when it has none; an evaluation as of an earlier day ignores it. When several actuals
//! of one indicator give the same period, the one known last counts (on the same day,
//! the one whose `reported_by` comes last, no reporter first; the same indicator, period,
//! reporter and day twice is refused when loading). All values are per-period amounts, also for cumulative
//! indicators.
//!
//! # The target of a period
//!
//! For a period `P` of the indicator's frequency:
//!
//! - **Per-period targets** (`target_kind: per_period`) are amounts for their own period.
//!   1. A target whose period contains `P` gives it; the finest such target wins (fewest
//!      months, then the first listed). A coarser target is split in proportion to the
//!      months covered: an annual target of 300 gives 75 a quarter and 25 a month
//!      (basis `given` when the target is for `P` itself, `split` otherwise). Give
//!      targets of rate-like indicators (days, percentages) at the indicator's frequency:
//!      a split would divide them.
//!   2. Otherwise it is interpolated linearly, by days, at `P`'s last day, between the
//!      previous anchor and the next target (basis `interpolated`). The previous anchor
//!      is the later of the baseline (its value on its date, taken as a per-period value
//!      of the indicator's frequency) and the latest target ending on or before `P`'s
//!      last day (a target wins a tie with the baseline); the next target is the one
//!      ending first after `P`'s last day. Targets used as anchors are converted to the
//!      indicator's frequency in proportion to months, like splits (a quarterly target
//!      of 360 is 120 a month). Without a previous anchor or a next target there is no
//!      target (no extrapolation).
//! - **Cumulative targets** (`target_kind: cumulative`) are running totals since the
//!   plan's start, at their period's last day.
//!   1. A target whose period ends on `P`'s last day gives it (an annual target for the
//!      fourth quarter or December); basis `given`.
//!   2. Otherwise it is interpolated linearly, by days, between the latest target ending
//!      before `P` (or 0 on the day before the plan's start) and the next target ending
//!      after `P`; after the last target there is none. The baseline is not used: running
//!      totals count from the plan's start.
//!
//! # Status
//!
//! The status is taken at the latest period with a known value. The actual is that
//! period's value (per-period targets) or the running sum of the known values of all
//! periods up to and including it (cumulative targets). With a target `t` and an actual
//! `a`, `ratio = a / t` (none when `t` is 0) and `deviation = (a - t) / |t|`:
//!
//! | condition                        | higher is better | lower is better |
//! |----------------------------------|------------------|-----------------|
//! | `|deviation| <= margin`          | `on_track`       | `on_track`      |
//! | `deviation > margin`             | `ahead`          | `behind`        |
//! | `deviation < -margin`            | `behind`         | `ahead`         |
//! | no known value                   | `no_data`        | `no_data`       |
//! | values, but no target for the latest period | `no_target` | `no_target` |
//!
//! Exactly at the margin is on track (comparisons allow 1e-9 for decimal rounding). A
//! target of 0 is met only by 0; any other actual is ahead or behind by its sign. The
//! margin is the `margin` parameter of the `indicator_off_track` rule in the evaluated
//! rule set (default 0.15, so within 15% of the target); a negative margin counts as 0.
//!
//! # Progress towards the final target (Open SDG)
//!
//! An indicator whose progress method is `open_sdg` (its own `progress_method`, or else
//! the `method` of the `indicator_off_track` settings) also gets a
//! [`progress`](IndicatorStatus::progress), measured as the
//! [Open SDG progress measure](https://open-sdg.org/) does for a quantitative target
//! (its methodology 2):
//!
//! - The **base** is the indicator's baseline (value and date), or without one the first
//!   known value at its period's last day. The **current** value is the latest known
//!   value at its period's last day. The **final target** is the target whose period ends
//!   last (the finest, then the first listed, on a tie), converted to the indicator's
//!   frequency in proportion to months (an annual 300 is 75 for a quarterly indicator),
//!   at its period's last day. Times are in years of 365.25 days.
//! - `target_achieved` when the current value meets the final target (at or above it for
//!   higher is better, at or below for lower is better); this is checked first.
//! - Otherwise, with `CAGR(a, b, t) = (b / a)^(1 / t) - 1`, the observed rate is
//!   `CAGR(base, current, t_current - t_base)`, the required rate is
//!   `CAGR(base, target, t_target - t_base)` and the ratio is
//!   `sign * observed / |required|`, where `sign` is -1 for lower is better, and flips
//!   again for a negative base. A final target of 0 counts as 0.001 (with the base's
//!   sign), as Open SDG does.
//! - The ratio gives the status: `on_track` at `on_track_ratio` (default 0.95) or more,
//!   `needs_acceleration` at `acceleration_ratio` (default 0.6) or more, `limited_progress`
//!   at 0 or more, `deterioration` below 0 (thresholds allow 1e-9 for rounding). When the
//!   target equals the base and is not met, there is no ratio: a move away is
//!   `deterioration`.
//! - `not_available`, with a `reason`: no known value (`no_data`), cumulative targets
//!   (`cumulative`: running totals are not levels that grow), no target (`no_target`), a
//!   base of 0 (`zero_base`), less than twelve calendar months from the base to the
//!   current value (`too_short`), a final target ending on or before the base
//!   (`target_before_base`), or values of opposite signs (`sign_change`).
//!
//! The margin-based `status` is computed for every indicator either way.

mod progress;
mod target;

pub use progress::{
    progress_status, BaseSource, NoProgress, Progress, ProgressStatus, ProgressThresholds,
    DEFAULT_ACCELERATION_RATIO, DEFAULT_ON_TRACK_RATIO,
};
pub use target::{TargetBasis, TargetValue};

pub(crate) use target::{parse_targets, target_for};

use crate::dataset::Dataset;
use crate::model::{Direction, ProgressMethod, TargetKind};
use crate::period::{Period, PeriodType};
use crate::rules::RuleSet;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::OnceLock;

/// The default on-track margin: within 15% of the target.
pub const DEFAULT_MARGIN: f64 = 0.15;

/// Slack for decimal rounding in margin comparisons.
const EPSILON: f64 = 1e-9;

/// Where an indicator stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrackStatus {
    /// Within the margin of the target.
    OnTrack,
    /// Worse than the target by more than the margin.
    Behind,
    /// Better than the target by more than the margin.
    Ahead,
    /// No value known as of the day.
    NoData,
    /// Values, but no target for the latest period with one.
    NoTarget,
}

impl TrackStatus {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            TrackStatus::OnTrack => "on_track",
            TrackStatus::Behind => "behind",
            TrackStatus::Ahead => "ahead",
            TrackStatus::NoData => "no_data",
            TrackStatus::NoTarget => "no_target",
        }
    }
}

impl fmt::Display for TrackStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One indicator's latest value against its target, as of a day (see the
/// [module docs](self) for the exact definitions).
///
/// Two statuses are equal when everything they serialise is: one read back from JSON
/// equals the one written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IndicatorStatus {
    /// The indicator id.
    pub indicator: String,
    /// The organisation responsible for the figures.
    pub owner: Option<String>,
    /// Whether higher or lower is better.
    pub direction: Direction,
    /// How often values are reported.
    pub frequency: PeriodType,
    /// How targets add up.
    pub target_kind: TargetKind,
    /// The latest period with a known value.
    pub period: Option<String>,
    /// The day that value became known.
    pub reported: Option<NaiveDate>,
    /// The value compared: the period's value, or the running sum for cumulative targets.
    pub actual: Option<f64>,
    /// The target it is compared with.
    pub target: Option<f64>,
    /// How the target was obtained.
    pub target_basis: Option<TargetBasis>,
    /// `actual / target`; none when the target is 0 or either is missing.
    pub ratio: Option<f64>,
    /// `(actual - target) / |target|`; none when the target is 0 or either is missing.
    pub deviation: Option<f64>,
    /// The on-track margin used.
    pub margin: f64,
    /// The status.
    pub status: TrackStatus,
    /// Progress towards the final target, for indicators measured by the Open SDG
    /// method (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<Progress>,
    /// The latest period with a known value, parsed.
    #[serde(skip)]
    pub(crate) latest: Option<Period>,
}

impl PartialEq for IndicatorStatus {
    fn eq(&self, other: &IndicatorStatus) -> bool {
        // `latest` is `period` parsed, and is not written.
        let IndicatorStatus {
            indicator,
            owner,
            direction,
            frequency,
            target_kind,
            period,
            reported,
            actual,
            target,
            target_basis,
            ratio,
            deviation,
            margin,
            status,
            progress,
            latest: _,
        } = self;
        *indicator == other.indicator
            && *owner == other.owner
            && *direction == other.direction
            && *frequency == other.frequency
            && *target_kind == other.target_kind
            && *period == other.period
            && *reported == other.reported
            && *actual == other.actual
            && *target == other.target
            && *target_basis == other.target_basis
            && *ratio == other.ratio
            && *deviation == other.deviation
            && *margin == other.margin
            && *status == other.status
            && *progress == other.progress
    }
}

/// The status of `actual` against `target` for an indicator of `direction`, with the
/// on-track `margin` (a fraction of the target; see the [module docs](self)).
///
/// ```
/// use planwatch::eval::{track_status, TrackStatus};
/// use planwatch::model::Direction;
/// let higher = Direction::HigherIsBetter;
/// assert_eq!(track_status(85.0, 100.0, higher, 0.15), TrackStatus::OnTrack);
/// assert_eq!(track_status(84.0, 100.0, higher, 0.15), TrackStatus::Behind);
/// assert_eq!(track_status(84.0, 100.0, Direction::LowerIsBetter, 0.15), TrackStatus::Ahead);
/// ```
pub fn track_status(actual: f64, target: f64, direction: Direction, margin: f64) -> TrackStatus {
    if !target.is_finite() {
        return TrackStatus::NoTarget;
    }
    if !actual.is_finite() {
        return TrackStatus::NoData;
    }
    let margin = if margin.is_nan() {
        0.0
    } else {
        margin.max(0.0)
    };
    let higher = direction == Direction::HigherIsBetter;
    let diff = actual - target;
    let above = match deviation(actual, target) {
        Some(d) if d.abs() <= margin + EPSILON => return TrackStatus::OnTrack,
        Some(d) => d > 0.0,
        None if diff == 0.0 => return TrackStatus::OnTrack,
        None => diff > 0.0,
    };
    if above == higher {
        TrackStatus::Ahead
    } else {
        TrackStatus::Behind
    }
}

/// `(actual - target) / |target|`, when finite.
fn deviation(actual: f64, target: f64) -> Option<f64> {
    if target == 0.0 {
        return None;
    }
    let d = (actual - target) / target.abs();
    d.is_finite().then_some(d)
}

/// One indicator value known on a day: the latest one received for its period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct KnownValue {
    /// Its period.
    pub period: Period,
    /// The value.
    pub value: f64,
    /// Position of the actual in the monitoring data.
    pub actual: u32,
    /// The day it became known.
    pub known_from: NaiveDate,
}

/// The values of indicator `k` known on `as_of`, one per period, by period.
pub(crate) fn known_values(ds: &Dataset, k: usize, as_of: NaiveDate) -> Vec<KnownValue> {
    let index = &ds.index;
    let actuals = &ds.monitoring().indicator_actuals;
    let Some(list) = index.indicator_actuals.get(k) else {
        return Vec::new();
    };
    let mut out: Vec<KnownValue> = Vec::with_capacity(list.len());
    for &i in list {
        let (Some(Some(period)), Some(x)) = (
            index.actual_periods.get(i as usize),
            actuals.get(i as usize),
        ) else {
            continue;
        };
        let known_from = x.reported.unwrap_or(period.end());
        if known_from > as_of || !x.value.is_finite() {
            continue;
        }
        let v = KnownValue {
            period: *period,
            value: x.value,
            actual: i,
            known_from,
        };
        // Sorted by period, then by the day known: a later one of a period replaces it.
        match out.last_mut() {
            Some(last) if last.period == v.period => *last = v,
            _ => out.push(v),
        }
    }
    out
}

/// How indicator statuses and progress are measured: the settings of the
/// `indicator_off_track` rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StatusSettings {
    /// The on-track margin.
    pub margin: f64,
    /// The progress method of indicators that do not name one.
    pub method: ProgressMethod,
    /// The Open SDG thresholds.
    pub thresholds: ProgressThresholds,
}

impl Default for StatusSettings {
    fn default() -> StatusSettings {
        StatusSettings {
            margin: DEFAULT_MARGIN,
            method: ProgressMethod::Margin,
            thresholds: ProgressThresholds::default(),
        }
    }
}

/// The statuses of every indicator, in plan order, from the known values of each.
pub(crate) fn statuses(
    ds: &Dataset,
    values: &[Vec<KnownValue>],
    settings: StatusSettings,
) -> Vec<IndicatorStatus> {
    let margin = settings.margin;
    let plan = ds.plan();
    let cal = ds.calendar();
    plan.indicators
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            let known = values.get(k).map(Vec::as_slice).unwrap_or_default();
            let mut s = IndicatorStatus {
                indicator: ind.id.clone(),
                owner: ind.owner.clone(),
                direction: ind.direction,
                frequency: ind.frequency,
                target_kind: ind.target_kind,
                period: None,
                reported: None,
                actual: None,
                target: None,
                target_basis: None,
                ratio: None,
                deviation: None,
                margin,
                status: TrackStatus::NoData,
                progress: None,
                latest: None,
            };
            let method = ind.progress_method.unwrap_or(settings.method);
            let targets = parse_targets(ind, cal);
            if method == ProgressMethod::OpenSdg {
                s.progress = Some(progress::open_sdg_progress(
                    ind,
                    &targets,
                    known,
                    settings.thresholds,
                ));
            }
            let Some(last) = known.last() else {
                return s;
            };
            let actual = match ind.target_kind {
                TargetKind::PerPeriod => last.value,
                TargetKind::Cumulative => known.iter().map(|v| v.value).sum(),
            };
            s.period = Some(last.period.id());
            s.latest = Some(last.period);
            s.reported = Some(last.known_from);
            s.actual = Some(actual);
            match target_for(ind, &targets, last.period, plan.start) {
                Some(t) => {
                    s.target = Some(t.value);
                    s.target_basis = Some(t.basis);
                    s.ratio = (t.value != 0.0)
                        .then(|| actual / t.value)
                        .filter(|r| r.is_finite());
                    s.deviation = deviation(actual, t.value);
                    s.status = track_status(actual, t.value, ind.direction, margin);
                }
                None => s.status = TrackStatus::NoTarget,
            }
            s
        })
        .collect()
}

/// How `rules` measure indicators: the settings of its `indicator_off_track` rule.
pub(crate) fn settings_of(rules: &RuleSet) -> StatusSettings {
    crate::rules::indicators::off_track::status_settings(rules)
}

/// What an evaluation computes about indicators, once, when a rule first asks.
#[derive(Debug, Default)]
pub(crate) struct IndicatorCache {
    settings: StatusSettings,
    values: OnceLock<Vec<Vec<KnownValue>>>,
    statuses: OnceLock<Vec<IndicatorStatus>>,
}

impl IndicatorCache {
    /// A cache whose statuses are measured with `settings`.
    pub fn with_settings(settings: StatusSettings) -> IndicatorCache {
        IndicatorCache {
            settings,
            ..IndicatorCache::default()
        }
    }
}

impl super::Context<'_> {
    /// The values of every indicator known on the as-of day, one per period, by period.
    pub(crate) fn indicator_values(&self) -> &[Vec<KnownValue>] {
        self.indicators.values.get_or_init(|| {
            (0..self.plan().indicators.len())
                .map(|k| known_values(self.dataset, k, self.as_of))
                .collect()
        })
    }

    /// The values of indicator `k` known on the as-of day.
    pub(crate) fn known_values(&self, k: usize) -> &[KnownValue] {
        self.indicator_values()
            .get(k)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The status of every indicator on the as-of day, in plan order.
    pub(crate) fn indicator_statuses(&self) -> &[IndicatorStatus] {
        self.indicators.statuses.get_or_init(|| {
            statuses(
                self.dataset,
                self.indicator_values(),
                self.indicators.settings,
            )
        })
    }
}

impl Dataset {
    /// The status of every indicator as of `as_of`, in plan order, with the default
    /// on-track margin of 15% and progress measured for the indicators whose
    /// `progress_method` is `open_sdg`, with the default thresholds (an evaluation uses
    /// its `indicator_off_track` settings); see [`IndicatorStatus`].
    ///
    /// ```
    /// use planwatch::{Dataset, TrackStatus};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let statuses = ds.indicator_statuses(day);
    /// assert_eq!(statuses.len(), ds.plan().indicators.len());
    /// let cases = &statuses[0];
    /// assert_eq!(cases.indicator, "cases_investigated");
    /// assert_eq!(cases.period.as_deref(), Some("2021Q1"));
    /// assert_eq!(cases.target, Some(79.0));
    /// assert_ne!(cases.status, TrackStatus::NoData);
    /// ```
    pub fn indicator_statuses(&self, as_of: NaiveDate) -> Vec<IndicatorStatus> {
        let values: Vec<Vec<KnownValue>> = (0..self.plan().indicators.len())
            .map(|k| known_values(self, k, as_of))
            .collect();
        statuses(self, &values, StatusSettings::default())
    }

    /// The target of indicator `id` for period `period` (a period id of the indicator's
    /// frequency), by the rules of the [module docs](crate::eval::indicator_status);
    /// `None` for an unknown indicator, a bad period or when there is no target.
    ///
    /// ```
    /// use planwatch::{Dataset, TargetBasis};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// // Cumulative, with year-end totals 900 (2019) and 1900 (2020).
    /// let t = ds.indicator_target("officials_trained", "2019Q4").unwrap();
    /// assert_eq!((t.value, t.basis), (900.0, TargetBasis::Given));
    /// let t = ds.indicator_target("officials_trained", "2020Q2").unwrap();
    /// assert_eq!(t.basis, TargetBasis::Interpolated);
    /// assert!((t.value - (900.0 + 1000.0 * 182.0 / 366.0)).abs() < 1e-9);
    /// ```
    pub fn indicator_target(&self, id: &str, period: &str) -> Option<TargetValue> {
        let &k = self.index.indicator.get(id)?;
        let ind = self.plan().indicators.get(k as usize)?;
        let cal = self.calendar();
        let p = Period::parse_as(period, ind.frequency, cal).ok()?;
        target_for(ind, &parse_targets(ind, cal), p, self.plan().start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn margins_and_zero_targets() {
        let h = Direction::HigherIsBetter;
        let l = Direction::LowerIsBetter;
        assert_eq!(track_status(115.0, 100.0, h, 0.15), TrackStatus::OnTrack);
        assert_eq!(track_status(115.5, 100.0, h, 0.15), TrackStatus::Ahead);
        assert_eq!(track_status(115.5, 100.0, l, 0.15), TrackStatus::Behind);
        assert_eq!(track_status(59.5, 70.0, h, 0.15), TrackStatus::OnTrack);
        assert_eq!(track_status(18.745, 16.3, l, 0.15), TrackStatus::OnTrack);
        assert_eq!(track_status(0.0, 0.0, h, 0.15), TrackStatus::OnTrack);
        assert_eq!(track_status(1.0, 0.0, h, 0.15), TrackStatus::Ahead);
        assert_eq!(track_status(1.0, 0.0, l, 0.15), TrackStatus::Behind);
        assert_eq!(track_status(-3.0, -10.0, h, 0.15), TrackStatus::Ahead);
        assert_eq!(track_status(1.0, f64::NAN, h, 0.15), TrackStatus::NoTarget);
        assert_eq!(track_status(1.0, 1.0, h, f64::NAN), TrackStatus::OnTrack);
        assert_eq!(track_status(1.01, 1.0, h, -1.0), TrackStatus::Ahead);
    }

    fn mirror(s: TrackStatus) -> TrackStatus {
        match s {
            TrackStatus::Ahead => TrackStatus::Behind,
            TrackStatus::Behind => TrackStatus::Ahead,
            other => other,
        }
    }

    proptest! {
        /// The same figures read as lower-is-better give the mirrored status.
        #[test]
        fn lower_is_better_mirrors(
            actual in -1.0e6f64..1.0e6,
            target in -1.0e6f64..1.0e6,
            margin in 0.0f64..2.0,
        ) {
            let h = track_status(actual, target, Direction::HigherIsBetter, margin);
            let l = track_status(actual, target, Direction::LowerIsBetter, margin);
            prop_assert_eq!(l, mirror(h));
        }

        /// For a positive target, on track exactly when the ratio is within the margin
        /// of 1; otherwise the side of 1 decides.
        #[test]
        fn on_track_iff_ratio_within_margin(
            actual in 0.0f64..1.0e6,
            target in 0.001f64..1.0e6,
            margin in 0.0f64..1.0,
        ) {
            let s = track_status(actual, target, Direction::HigherIsBetter, margin);
            let ratio = actual / target;
            if (ratio - 1.0).abs() <= margin - 1e-6 {
                prop_assert_eq!(s, TrackStatus::OnTrack);
            } else if ratio - 1.0 > margin + 1e-6 {
                prop_assert_eq!(s, TrackStatus::Ahead);
            } else if 1.0 - ratio > margin + 1e-6 {
                prop_assert_eq!(s, TrackStatus::Behind);
            }
        }
    }
}
