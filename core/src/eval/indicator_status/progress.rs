//! Progress towards the final target as Open SDG measures it: the compound annual growth
//! observed since the base against the growth needed to reach the target on time. The
//! rules are in the [parent module's docs](super#progress-towards-the-final-target-open-sdg).

use super::target::{finest, months, ParsedTarget};
use super::KnownValue;
use crate::model::{Direction, Indicator, TargetKind};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The default share of the required growth that is on track (Open SDG's `high`).
pub const DEFAULT_ON_TRACK_RATIO: f64 = 0.95;

/// The default share of the required growth below which progress is limited (Open
/// SDG's `med`).
pub const DEFAULT_ACCELERATION_RATIO: f64 = 0.6;

/// Slack for decimal rounding in threshold comparisons.
const EPSILON: f64 = 1e-9;

/// The value Open SDG puts in place of a final target of 0, so that growth towards it
/// can be computed.
const ZERO_TARGET: f64 = 0.001;

/// Days in an average year: growth rates are per year of 365.25 days.
const DAYS_PER_YEAR: f64 = 365.25;

/// Where an indicator stands on its way to its final target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    /// The latest value already meets the final target.
    TargetAchieved,
    /// Growing at least `on_track_ratio` of the rate needed (Open SDG: substantial
    /// progress).
    OnTrack,
    /// Growing at `acceleration_ratio` to `on_track_ratio` of the rate needed (Open SDG:
    /// moderate progress).
    NeedsAcceleration,
    /// Growing the right way, at less than `acceleration_ratio` of the rate needed.
    LimitedProgress,
    /// Moving away from the target.
    Deterioration,
    /// Not measurable: see the [`NoProgress`] reason.
    NotAvailable,
}

impl ProgressStatus {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            ProgressStatus::TargetAchieved => "target_achieved",
            ProgressStatus::OnTrack => "on_track",
            ProgressStatus::NeedsAcceleration => "needs_acceleration",
            ProgressStatus::LimitedProgress => "limited_progress",
            ProgressStatus::Deterioration => "deterioration",
            ProgressStatus::NotAvailable => "not_available",
        }
    }
}

impl fmt::Display for ProgressStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why progress could not be measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoProgress {
    /// No value known as of the day.
    NoData,
    /// Cumulative targets are running totals, not levels that grow.
    Cumulative,
    /// The indicator has no target.
    NoTarget,
    /// The base is 0: growth from it is not defined.
    ZeroBase,
    /// The latest value is less than a year after the base.
    TooShort,
    /// The final target ends on or before the base's date.
    TargetBeforeBase,
    /// The base and the latest value, or the base and the target, have opposite signs.
    SignChange,
}

impl NoProgress {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            NoProgress::NoData => "no_data",
            NoProgress::Cumulative => "cumulative",
            NoProgress::NoTarget => "no_target",
            NoProgress::ZeroBase => "zero_base",
            NoProgress::TooShort => "too_short",
            NoProgress::TargetBeforeBase => "target_before_base",
            NoProgress::SignChange => "sign_change",
        }
    }
}

/// Where the base value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BaseSource {
    /// The indicator's baseline.
    Baseline,
    /// The first value known, for an indicator without a baseline.
    FirstValue,
}

/// The thresholds of the Open SDG method, as shares of the growth rate needed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProgressThresholds {
    /// At or above it: on track (default 0.95).
    pub on_track_ratio: f64,
    /// At or above it, below `on_track_ratio`: needs acceleration (default 0.6).
    pub acceleration_ratio: f64,
}

impl Default for ProgressThresholds {
    fn default() -> ProgressThresholds {
        ProgressThresholds {
            on_track_ratio: DEFAULT_ON_TRACK_RATIO,
            acceleration_ratio: DEFAULT_ACCELERATION_RATIO,
        }
    }
}

/// One indicator's progress towards its final target by the Open SDG method (see the
/// [module docs](super#progress-towards-the-final-target-open-sdg)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Progress {
    /// The status.
    pub status: ProgressStatus,
    /// Why it is `not_available`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NoProgress>,
    /// The value growth is measured from.
    pub base: Option<f64>,
    /// Its day.
    pub base_date: Option<NaiveDate>,
    /// Where it comes from.
    pub base_source: Option<BaseSource>,
    /// The latest value known.
    pub current: Option<f64>,
    /// Its day: the last day of its period.
    pub current_date: Option<NaiveDate>,
    /// The final target, at the indicator's frequency.
    pub final_target: Option<f64>,
    /// Its period.
    pub final_target_period: Option<String>,
    /// The last day of its period.
    pub final_target_date: Option<NaiveDate>,
    /// The compound annual growth rate from the base to the latest value.
    pub observed_rate: Option<f64>,
    /// The compound annual growth rate from the base to the final target.
    pub required_rate: Option<f64>,
    /// The observed rate as a share of the required one, signed so that more is better.
    pub ratio: Option<f64>,
    /// The on-track threshold used.
    pub on_track_ratio: f64,
    /// The needs-acceleration threshold used.
    pub acceleration_ratio: f64,
}

impl Progress {
    fn unavailable(reason: NoProgress, thresholds: ProgressThresholds) -> Progress {
        Progress {
            status: ProgressStatus::NotAvailable,
            reason: Some(reason),
            base: None,
            base_date: None,
            base_source: None,
            current: None,
            current_date: None,
            final_target: None,
            final_target_period: None,
            final_target_date: None,
            observed_rate: None,
            required_rate: None,
            ratio: None,
            on_track_ratio: thresholds.on_track_ratio,
            acceleration_ratio: thresholds.acceleration_ratio,
        }
    }
}

/// The status for a growth `ratio` (the observed rate over the required one, signed so
/// that more is better) with `thresholds`.
///
/// ```
/// use planwatch::eval::{progress_status, ProgressStatus, ProgressThresholds};
/// let t = ProgressThresholds::default();
/// assert_eq!(progress_status(0.95, t), ProgressStatus::OnTrack);
/// assert_eq!(progress_status(0.7, t), ProgressStatus::NeedsAcceleration);
/// assert_eq!(progress_status(0.2, t), ProgressStatus::LimitedProgress);
/// assert_eq!(progress_status(-0.1, t), ProgressStatus::Deterioration);
/// ```
pub fn progress_status(ratio: f64, thresholds: ProgressThresholds) -> ProgressStatus {
    if ratio.is_nan() {
        ProgressStatus::NotAvailable
    } else if ratio >= thresholds.on_track_ratio - EPSILON {
        ProgressStatus::OnTrack
    } else if ratio >= thresholds.acceleration_ratio - EPSILON {
        ProgressStatus::NeedsAcceleration
    } else if ratio >= -EPSILON {
        ProgressStatus::LimitedProgress
    } else {
        ProgressStatus::Deterioration
    }
}

/// The compound annual growth rate from `from` to `to` over `years`. `libm::pow`, not
/// `f64::powf`: the platform's pow differs in the last digits between targets, and every
/// surface must give the same figures.
fn growth(from: f64, to: f64, years: f64) -> f64 {
    libm::pow(to / from, 1.0 / years) - 1.0
}

fn years(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days() as f64 / DAYS_PER_YEAR
}

/// The final target: the one whose period ends last (the finest, then the first listed,
/// on a tie), converted to the indicator's frequency in proportion to months.
fn final_target<'t>(
    indicator: &Indicator,
    targets: &'t [ParsedTarget],
) -> Option<(&'t ParsedTarget, f64)> {
    let end = targets.iter().map(|t| t.period.end()).max()?;
    let t = finest(targets.iter().filter(|t| t.period.end() == end))?;
    let value = t.value * f64::from(indicator.frequency.months().max(1)) / months(&t.period);
    value.is_finite().then_some((t, value))
}

/// The progress of `indicator` from its known values `known` (by period) towards its
/// final target, with `thresholds`.
pub(crate) fn open_sdg_progress(
    indicator: &Indicator,
    targets: &[ParsedTarget],
    known: &[KnownValue],
    thresholds: ProgressThresholds,
) -> Progress {
    let unavailable = |reason| Progress::unavailable(reason, thresholds);
    let (Some(first), Some(last)) = (known.first(), known.last()) else {
        return unavailable(NoProgress::NoData);
    };
    if indicator.target_kind == TargetKind::Cumulative {
        return unavailable(NoProgress::Cumulative);
    }
    let Some((target, target_value)) = final_target(indicator, targets) else {
        return unavailable(NoProgress::NoTarget);
    };
    let (base, base_date, base_source) = match &indicator.baseline {
        Some(b) if b.value.is_finite() => (b.value, b.date, BaseSource::Baseline),
        _ => (first.value, first.period.end(), BaseSource::FirstValue),
    };
    let (current, current_date) = (last.value, last.period.end());
    let target_date = target.period.end();
    let mut p = Progress {
        status: ProgressStatus::NotAvailable,
        reason: None,
        base: Some(base),
        base_date: Some(base_date),
        base_source: Some(base_source),
        current: Some(current),
        current_date: Some(current_date),
        final_target: Some(target_value),
        final_target_period: Some(target.period.id()),
        final_target_date: Some(target_date),
        observed_rate: None,
        required_rate: None,
        ratio: None,
        on_track_ratio: thresholds.on_track_ratio,
        acceleration_ratio: thresholds.acceleration_ratio,
    };
    let higher = indicator.direction == Direction::HigherIsBetter;
    let achieved = if higher {
        current >= target_value - EPSILON
    } else {
        current <= target_value + EPSILON
    };
    if achieved {
        p.status = ProgressStatus::TargetAchieved;
        return p;
    }
    let a_year_on = base_date.checked_add_months(Months::new(12));
    let reason = if base == 0.0 {
        Some(NoProgress::ZeroBase)
    } else if a_year_on.is_none_or(|d| current_date < d) {
        Some(NoProgress::TooShort)
    } else if target_date <= base_date {
        Some(NoProgress::TargetBeforeBase)
    } else {
        None
    };
    if let Some(reason) = reason {
        p.reason = Some(reason);
        return p;
    }
    let target_value = if target_value == 0.0 {
        ZERO_TARGET.copysign(base)
    } else {
        target_value
    };
    // Growth between values of opposite signs is not a real number.
    if (current != 0.0 && current.signum() != base.signum())
        || target_value.signum() != base.signum()
    {
        p.reason = Some(NoProgress::SignChange);
        return p;
    }
    let observed = growth(base, current, years(base_date, current_date));
    let required = growth(base, target_value, years(base_date, target_date));
    p.observed_rate = observed.is_finite().then_some(observed);
    p.required_rate = required.is_finite().then_some(required);
    // Growth of negative values runs the other way; lower is better counts falls.
    let sign = if base < 0.0 { -1.0 } else { 1.0 } * if higher { 1.0 } else { -1.0 };
    let towards = sign * observed;
    let ratio = towards / required.abs();
    if ratio.is_finite() {
        p.ratio = Some(ratio);
        p.status = progress_status(ratio, thresholds);
    } else if towards.is_finite() {
        // No growth needed (the target equals the base) and not there: any move away is
        // deterioration, none at all is no progress.
        p.status = if towards < -EPSILON {
            ProgressStatus::Deterioration
        } else {
            ProgressStatus::LimitedProgress
        };
    } else {
        p.reason = Some(NoProgress::SignChange);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::indicator_status::target::parse_targets;
    use crate::model::{Baseline, Target};
    use crate::period::{FiscalCalendar, Period, PeriodType};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// An annual indicator with a baseline on 2018-12-31 and a target for 2021.
    fn annual(direction: Direction, baseline: Option<f64>, target: f64) -> Indicator {
        Indicator {
            id: "x".into(),
            name: "x".into(),
            unit: "cases".into(),
            direction,
            frequency: PeriodType::Annual,
            target_kind: TargetKind::PerPeriod,
            owner: None,
            baseline: baseline.map(|value| Baseline {
                value,
                date: d(2018, 12, 31),
                source: None,
            }),
            targets: vec![Target {
                period: "2021".into(),
                value: target,
            }],
            progress_method: None,
            disaggregations: Vec::new(),
            note: None,
        }
    }

    fn values(ind: &Indicator, list: &[(&str, f64)]) -> Vec<KnownValue> {
        list.iter()
            .map(|&(p, value)| {
                let period = Period::parse_as(p, ind.frequency, FiscalCalendar::default()).unwrap();
                KnownValue {
                    period,
                    value,
                    actual: 0,
                    known_from: period.end(),
                }
            })
            .collect()
    }

    fn measure(ind: &Indicator, list: &[(&str, f64)]) -> Progress {
        let targets = parse_targets(ind, FiscalCalendar::default());
        open_sdg_progress(
            ind,
            &targets,
            &values(ind, list),
            ProgressThresholds::default(),
        )
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() <= 1e-12 * b.abs().max(1.0))
    }

    #[test]
    fn thresholds_as_documented() {
        use ProgressStatus::*;
        let default = ProgressThresholds::default();
        let custom = ProgressThresholds {
            on_track_ratio: 0.8,
            acceleration_ratio: 0.5,
        };
        let table = [
            (2.0, default, OnTrack),
            (0.95, default, OnTrack),
            (0.949, default, NeedsAcceleration),
            (0.6, default, NeedsAcceleration),
            (0.599, default, LimitedProgress),
            (0.0, default, LimitedProgress),
            (-0.001, default, Deterioration),
            (f64::NAN, default, NotAvailable),
            (0.8, custom, OnTrack),
            (0.79, custom, NeedsAcceleration),
            (0.5, custom, NeedsAcceleration),
            (0.49, custom, LimitedProgress),
        ];
        for (ratio, thresholds, want) in table {
            assert_eq!(progress_status(ratio, thresholds), want, "ratio {ratio}");
        }
    }

    #[test]
    fn growth_rates_against_an_independent_computation() {
        // Reference values from Python: ((v / 100) ** (365.25 / days)) - 1.
        let ind = annual(Direction::HigherIsBetter, Some(100.0), 200.0);
        let p = measure(&ind, &[("2019", 120.0), ("2020", 150.0)]);
        assert_eq!(p.status, ProgressStatus::NeedsAcceleration);
        assert_eq!(p.base_source, Some(BaseSource::Baseline));
        assert_eq!(
            (p.current, p.current_date),
            (Some(150.0), Some(d(2020, 12, 31)))
        );
        assert_eq!(p.final_target_period.as_deref(), Some("2021"));
        assert!(close(p.observed_rate, 0.22457505029630043), "{p:?}");
        assert!(close(p.required_rate, 0.25985465028181753), "{p:?}");
        assert!(close(p.ratio, 0.8642333321829889), "{p:?}");
        // Lower is better: falling from 50 to 45 against 25 needed.
        let ind = annual(Direction::LowerIsBetter, Some(50.0), 25.0);
        let p = measure(&ind, &[("2020", 45.0)]);
        assert_eq!(p.status, ProgressStatus::LimitedProgress);
        assert!(close(p.ratio, 0.24863329549998348), "{p:?}");
    }

    #[test]
    fn target_achieved_comes_first() {
        let ind = annual(Direction::HigherIsBetter, Some(100.0), 200.0);
        // Met within a few months of the base: achieved, although too short to measure.
        let mut ind_short = ind.clone();
        ind_short.frequency = PeriodType::Quarterly;
        ind_short.targets[0].period = "2021Q4".into();
        let p = measure(&ind_short, &[("2019Q1", 250.0)]);
        assert_eq!((p.status, p.reason), (ProgressStatus::TargetAchieved, None));
        let p = measure(&ind, &[("2020", 200.0)]);
        assert_eq!(p.status, ProgressStatus::TargetAchieved);
        let lower = annual(Direction::LowerIsBetter, Some(50.0), 25.0);
        assert_eq!(
            measure(&lower, &[("2020", 25.0)]).status,
            ProgressStatus::TargetAchieved
        );
    }

    #[test]
    fn not_available_and_why() {
        let higher = Direction::HigherIsBetter;
        let reason = |ind: &Indicator, list: &[(&str, f64)]| {
            let p = measure(ind, list);
            assert_eq!(p.status, ProgressStatus::NotAvailable, "{p:?}");
            p.reason
        };
        let ind = annual(higher, Some(100.0), 200.0);
        assert_eq!(reason(&ind, &[]), Some(NoProgress::NoData));
        let mut cumulative = ind.clone();
        cumulative.target_kind = TargetKind::Cumulative;
        assert_eq!(
            reason(&cumulative, &[("2020", 150.0)]),
            Some(NoProgress::Cumulative)
        );
        let mut untargeted = ind.clone();
        untargeted.targets.clear();
        assert_eq!(
            reason(&untargeted, &[("2020", 150.0)]),
            Some(NoProgress::NoTarget)
        );
        let zero = annual(higher, Some(0.0), 200.0);
        assert_eq!(
            reason(&zero, &[("2020", 150.0)]),
            Some(NoProgress::ZeroBase)
        );
        // Without a baseline the first value is the base: one value is too short.
        let first = annual(higher, None, 200.0);
        assert_eq!(
            reason(&first, &[("2020", 150.0)]),
            Some(NoProgress::TooShort)
        );
        let p = measure(&first, &[("2019", 100.0), ("2020", 150.0)]);
        assert_eq!(p.base_source, Some(BaseSource::FirstValue));
        assert_eq!(p.base_date, Some(d(2019, 12, 31)));
        let mut early = ind.clone();
        early.targets[0].period = "2018".into();
        early.baseline.as_mut().unwrap().date = d(2019, 1, 31);
        assert_eq!(
            reason(&early, &[("2020", 150.0)]),
            Some(NoProgress::TargetBeforeBase)
        );
        let negative = annual(higher, Some(-10.0), 200.0);
        assert_eq!(
            reason(&negative, &[("2020", -5.0)]),
            Some(NoProgress::SignChange)
        );
    }

    #[test]
    fn negative_bases_zero_targets_and_no_growth_needed() {
        // A negative base growing towards a target of 0: rising from -10 to -5 is
        // progress for higher is better (0 counts as -0.001).
        let ind = annual(Direction::HigherIsBetter, Some(-10.0), 0.0);
        let p = measure(&ind, &[("2020", -5.0)]);
        assert!(p.ratio.is_some_and(|r| r > 0.0), "{p:?}");
        // A target equal to the base, not met: a fall is deterioration.
        let ind = annual(Direction::HigherIsBetter, Some(100.0), 100.0);
        let p = measure(&ind, &[("2020", 90.0)]);
        assert_eq!((p.status, p.ratio), (ProgressStatus::Deterioration, None));
        // A current value of 0 is a fall of 100%.
        let ind = annual(Direction::HigherIsBetter, Some(100.0), 200.0);
        let p = measure(&ind, &[("2020", 0.0)]);
        assert_eq!(p.status, ProgressStatus::Deterioration);
        assert!(close(p.observed_rate, -1.0));
    }
}
