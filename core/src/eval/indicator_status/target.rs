//! The target of an indicator for one period of its frequency; the rules are in the
//! [parent module's docs](super).

use crate::model::{Indicator, TargetKind};
use crate::period::{FiscalCalendar, Period};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Where a target value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetBasis {
    /// Given in the plan for exactly this period (for cumulative targets: a target whose
    /// period ends on the same day).
    Given,
    /// A per-period target of a coarser period containing this one, split in proportion
    /// to the months covered.
    Split,
    /// Linearly interpolated between the previous anchor (baseline, earlier target or,
    /// for cumulative targets, zero before the plan's start) and the next target.
    Interpolated,
}

impl TargetBasis {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            TargetBasis::Given => "given",
            TargetBasis::Split => "split",
            TargetBasis::Interpolated => "interpolated",
        }
    }
}

/// A target for one period, and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TargetValue {
    /// The target: an amount for the period (per-period targets) or a running total at
    /// the period's end (cumulative targets).
    pub value: f64,
    /// How it was obtained.
    pub basis: TargetBasis,
}

/// One target of the plan with its parsed period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ParsedTarget {
    pub period: Period,
    pub value: f64,
}

/// The indicator's targets whose period parses on `calendar` and whose value is finite,
/// in plan order.
pub(crate) fn parse_targets(indicator: &Indicator, calendar: FiscalCalendar) -> Vec<ParsedTarget> {
    indicator
        .targets
        .iter()
        .filter(|t| t.value.is_finite())
        .filter_map(|t| {
            Period::parse(&t.period, calendar)
                .ok()
                .map(|period| ParsedTarget {
                    period,
                    value: t.value,
                })
        })
        .collect()
}

/// The months of `p`, at least 1, as a float for proportions.
pub(super) fn months(p: &Period) -> f64 {
    f64::from(p.period_type().months().max(1))
}

/// A known point on the target line.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    date: NaiveDate,
    value: f64,
}

/// Linear interpolation at `at` between `prev` (on or before `at`) and `next` (after
/// `at`); `None` when the dates do not bracket `at` or the result is not finite.
fn interpolate(prev: Anchor, next: Anchor, at: NaiveDate) -> Option<f64> {
    if prev.date == at {
        return Some(prev.value);
    }
    let span = (next.date - prev.date).num_days();
    let done = (at - prev.date).num_days();
    if span <= 0 || done < 0 || done > span {
        return None;
    }
    let v = prev.value + (next.value - prev.value) * (done as f64) / (span as f64);
    v.is_finite().then_some(v)
}

/// The target of `indicator` for `period` (a period of its frequency); see the parent
/// module's docs for the exact rules. `targets` come from [`parse_targets`].
pub(crate) fn target_for(
    indicator: &Indicator,
    targets: &[ParsedTarget],
    period: Period,
    plan_start: NaiveDate,
) -> Option<TargetValue> {
    match indicator.target_kind {
        TargetKind::PerPeriod => per_period_target(indicator, targets, period),
        TargetKind::Cumulative => cumulative_target(targets, period, plan_start),
    }
}

/// The finest target among `candidates` (fewest months; the first listed on a tie).
pub(super) fn finest<'t>(
    candidates: impl Iterator<Item = &'t ParsedTarget>,
) -> Option<&'t ParsedTarget> {
    candidates.min_by(|a, b| months(&a.period).total_cmp(&months(&b.period)))
}

/// The earliest-ending target ending after `day` (finest, then first listed, on a tie).
fn next_target(targets: &[ParsedTarget], day: NaiveDate) -> Option<&ParsedTarget> {
    let end = targets
        .iter()
        .map(|t| t.period.end())
        .filter(|&e| e > day)
        .min()?;
    finest(targets.iter().filter(|t| t.period.end() == end))
}

fn per_period_target(
    indicator: &Indicator,
    targets: &[ParsedTarget],
    period: Period,
) -> Option<TargetValue> {
    let containing = targets
        .iter()
        .filter(|t| t.period.start() <= period.start() && period.end() <= t.period.end());
    if let Some(t) = finest(containing) {
        let value = t.value * months(&period) / months(&t.period);
        let basis = if t.period == period {
            TargetBasis::Given
        } else {
            TargetBasis::Split
        };
        return value.is_finite().then_some(TargetValue { value, basis });
    }
    // A per-period target converted to the indicator's frequency, at its period's end.
    let anchor = |t: &ParsedTarget| Anchor {
        date: t.period.end(),
        value: t.value * months(&period) / months(&t.period),
    };
    let at = period.end();
    let prev_end = targets
        .iter()
        .map(|t| t.period.end())
        .filter(|&e| e <= at)
        .max();
    let prev_target = prev_end.and_then(|e| finest(targets.iter().filter(|t| t.period.end() == e)));
    let baseline = indicator
        .baseline
        .as_ref()
        .filter(|b| b.date <= at && b.value.is_finite())
        .map(|b| Anchor {
            date: b.date,
            value: b.value,
        });
    // The later of the two; a target wins a tie with the baseline.
    let prev = match (prev_target.map(anchor), baseline) {
        (Some(t), Some(b)) if b.date > t.date => Some(b),
        (Some(t), _) => Some(t),
        (None, b) => b,
    }?;
    let next = anchor(next_target(targets, at)?);
    let value = interpolate(prev, next, at)?;
    Some(TargetValue {
        value,
        basis: TargetBasis::Interpolated,
    })
}

fn cumulative_target(
    targets: &[ParsedTarget],
    period: Period,
    plan_start: NaiveDate,
) -> Option<TargetValue> {
    let at = period.end();
    if let Some(t) = finest(targets.iter().filter(|t| t.period.end() == at)) {
        return Some(TargetValue {
            value: t.value,
            basis: TargetBasis::Given,
        });
    }
    let start = Anchor {
        date: plan_start
            .checked_sub_days(Days::new(1))
            .unwrap_or(plan_start),
        value: 0.0,
    };
    let prev = targets
        .iter()
        .map(|t| t.period.end())
        .filter(|&e| e < at)
        .max()
        .and_then(|e| finest(targets.iter().filter(|t| t.period.end() == e)))
        .map(|t| Anchor {
            date: t.period.end(),
            value: t.value,
        })
        .filter(|a| a.date > start.date)
        .unwrap_or(start);
    let next = next_target(targets, at).map(|t| Anchor {
        date: t.period.end(),
        value: t.value,
    })?;
    let value = interpolate(prev, next, at)?;
    Some(TargetValue {
        value,
        basis: TargetBasis::Interpolated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Baseline, Direction, Target};
    use crate::period::PeriodType;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn indicator(
        frequency: PeriodType,
        kind: TargetKind,
        baseline: Option<(f64, NaiveDate)>,
        targets: &[(&str, f64)],
    ) -> Indicator {
        Indicator {
            id: "x".into(),
            name: "x".into(),
            unit: "cases".into(),
            direction: Direction::HigherIsBetter,
            frequency,
            target_kind: kind,
            owner: None,
            baseline: baseline.map(|(value, date)| Baseline {
                value,
                date,
                source: None,
            }),
            targets: targets
                .iter()
                .map(|(p, v)| Target {
                    period: p.to_string(),
                    value: *v,
                })
                .collect(),
            progress_method: None,
            disaggregations: Vec::new(),
            note: None,
        }
    }

    fn target(ind: &Indicator, period: &str) -> Option<TargetValue> {
        let cal = FiscalCalendar::default();
        let targets = parse_targets(ind, cal);
        let p = Period::parse(period, cal).unwrap();
        target_for(ind, &targets, p, d(2019, 1, 1))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn per_period_given_and_split() {
        let ind = indicator(
            PeriodType::Quarterly,
            TargetKind::PerPeriod,
            None,
            &[("2019Q1", 70.0), ("2020", 300.0), ("2021S1", 90.0)],
        );
        let t = target(&ind, "2019Q1").unwrap();
        assert_eq!((t.value, t.basis), (70.0, TargetBasis::Given));
        // 300 a year: 75 a quarter.
        let t = target(&ind, "2020Q3").unwrap();
        assert_eq!((t.value, t.basis), (75.0, TargetBasis::Split));
        // 90 a half year: 45 a quarter.
        let t = target(&ind, "2021Q2").unwrap();
        assert_eq!((t.value, t.basis), (45.0, TargetBasis::Split));
        // After the last target: nothing to compare with.
        assert_eq!(target(&ind, "2021Q3"), None);
    }

    #[test]
    fn per_period_finest_containing_target_wins() {
        let ind = indicator(
            PeriodType::Monthly,
            TargetKind::PerPeriod,
            None,
            &[("2019", 120.0), ("2019Q2", 60.0)],
        );
        assert_eq!(target(&ind, "2019-05").unwrap().value, 20.0);
        assert_eq!(target(&ind, "2019-08").unwrap().value, 10.0);
    }

    #[test]
    fn per_period_interpolates_from_the_baseline() {
        // Baseline 40 on 2019-01-01, target 80 for 2019Q4 (ends 2019-12-31, 364 days
        // later). 2019Q2 ends 2019-06-30, 180 days after the baseline:
        // 40 + 40 * 180 / 364 = 59.780219...
        let ind = indicator(
            PeriodType::Quarterly,
            TargetKind::PerPeriod,
            Some((40.0, d(2019, 1, 1))),
            &[("2019Q4", 80.0)],
        );
        let t = target(&ind, "2019Q2").unwrap();
        assert_eq!(t.basis, TargetBasis::Interpolated);
        assert!(close(t.value, 40.0 + 40.0 * 180.0 / 364.0), "{}", t.value);
        // 2019Q1 ends 2019-03-31, 89 days after: 40 + 40 * 89 / 364.
        assert!(close(
            target(&ind, "2019Q1").unwrap().value,
            40.0 + 40.0 * 89.0 / 364.0
        ));
    }

    #[test]
    fn per_period_interpolates_between_targets_and_without_baseline_before_the_first() {
        // Targets 70 (2019Q1, ends 2019-03-31) and 100 (2019Q4, ends 2019-12-31): 275
        // days apart. 2019Q3 ends 2019-09-30, 183 days after 2019-03-31:
        // 70 + 30 * 183 / 275 = 89.963636...
        let ind = indicator(
            PeriodType::Quarterly,
            TargetKind::PerPeriod,
            None,
            &[("2019Q1", 70.0), ("2019Q4", 100.0), ("2020Q4", 80.0)],
        );
        let t = target(&ind, "2019Q3").unwrap();
        assert!(close(t.value, 70.0 + 30.0 * 183.0 / 275.0), "{}", t.value);
        // 2020Q2 ends 2020-06-30, 182 days after 2019-12-31; 2020-12-31 is 366 days
        // after: 100 - 20 * 182 / 366.
        let t = target(&ind, "2020Q2").unwrap();
        assert!(close(t.value, 100.0 - 20.0 * 182.0 / 366.0), "{}", t.value);
        // No baseline and no earlier target: none.
        let ind = indicator(
            PeriodType::Quarterly,
            TargetKind::PerPeriod,
            None,
            &[("2019Q4", 100.0)],
        );
        assert_eq!(target(&ind, "2019Q2"), None);
    }

    #[test]
    fn per_period_interpolation_converts_coarser_anchors() {
        // Monthly indicator, baseline 10 on 2019-01-31, target 360 for 2019Q4 (120 a
        // month, at 2019-12-31, 334 days later). 2019-07 ends 2019-07-31, 181 days after:
        // 10 + 110 * 181 / 334.
        let ind = indicator(
            PeriodType::Monthly,
            TargetKind::PerPeriod,
            Some((10.0, d(2019, 1, 31))),
            &[("2019Q4", 360.0)],
        );
        let t = target(&ind, "2019-07").unwrap();
        assert!(close(t.value, 10.0 + 110.0 * 181.0 / 334.0), "{}", t.value);
    }

    #[test]
    fn cumulative_given_and_interpolated() {
        let ind = indicator(
            PeriodType::Quarterly,
            TargetKind::Cumulative,
            Some((999.0, d(2019, 1, 1))),
            &[("2019", 900.0), ("2020", 1900.0)],
        );
        // The year-end running total is given for the fourth quarter.
        let t = target(&ind, "2019Q4").unwrap();
        assert_eq!((t.value, t.basis), (900.0, TargetBasis::Given));
        // From 0 on 2018-12-31 to 900 on 2019-12-31 (365 days); 2019Q1 ends 90 days in:
        // 900 * 90 / 365 = 221.917808...; the baseline is not used.
        let t = target(&ind, "2019Q1").unwrap();
        assert_eq!(t.basis, TargetBasis::Interpolated);
        assert!(close(t.value, 900.0 * 90.0 / 365.0), "{}", t.value);
        // 2020Q3 ends 2020-09-30, 274 days after 2019-12-31, of 366: 900 + 1000 * 274/366.
        let t = target(&ind, "2020Q3").unwrap();
        assert!(
            close(t.value, 900.0 + 1000.0 * 274.0 / 366.0),
            "{}",
            t.value
        );
        assert_eq!(target(&ind, "2021Q1"), None);
    }

    #[test]
    fn cumulative_nsp_awareness_events() {
        // Monthly, cumulative, annual year-end totals 300 (2019) and 620 (2020).
        let ind = indicator(
            PeriodType::Monthly,
            TargetKind::Cumulative,
            None,
            &[("2019", 300.0), ("2020", 620.0)],
        );
        // 2020-03 ends 2020-03-31, 91 days after 2019-12-31, of 366: 300 + 320 * 91 / 366.
        let t = target(&ind, "2020-03").unwrap();
        assert!(close(t.value, 300.0 + 320.0 * 91.0 / 366.0), "{}", t.value);
    }
}
