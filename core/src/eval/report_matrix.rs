//! The reporting matrix: for one report type, the state of every (reporter, period) cell
//! as of a day. It is what a completeness heat map draws.

use crate::dataset::Dataset;
use crate::order::natural_cmp;
use crate::period::{Period, PeriodType};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// The state of one expected report as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    /// Submitted on or before its due day (and on or before the as-of day).
    OnTime,
    /// Submitted after its due day, on or before the as-of day.
    Late,
    /// Due day passed, nothing submitted by the as-of day.
    Missing,
    /// Not due yet and not submitted yet.
    Pending,
    /// No report is expected: the reporter is not bound or not active for that period.
    NotExpected,
}

impl ReportState {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            ReportState::OnTime => "on_time",
            ReportState::Late => "late",
            ReportState::Missing => "missing",
            ReportState::Pending => "pending",
            ReportState::NotExpected => "not_expected",
        }
    }
}

/// Reporters x periods of one report type, each cell a [`ReportState`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportMatrix {
    /// The report type.
    pub report_type: PeriodType,
    /// The as-of day.
    pub as_of: NaiveDate,
    /// Reporter ids, in natural id order (rows).
    pub reporters: Vec<String>,
    /// Period ids, in time order (columns).
    pub periods: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<ReportState>>,
}

impl Dataset {
    /// The reporting matrix of `report_type` as of `as_of`: every reporter any obligation of
    /// that type binds, every period any of them expects.
    ///
    /// ```
    /// use planwatch::{Dataset, PeriodType, eval::ReportState};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let m = ds.report_matrix(PeriodType::Monthly, chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
    /// assert_eq!((m.reporters.len(), m.periods.len()), (36, 60));
    /// assert_eq!(m.cells[0][59], ReportState::Pending);
    /// ```
    pub fn report_matrix(&self, report_type: PeriodType, as_of: NaiveDate) -> ReportMatrix {
        let plan = self.plan();
        // (reporter position, period) -> state; the earliest due wins when two
        // obligations of the same type expect the same report.
        let mut cells: BTreeMap<(u32, Period), (NaiveDate, ReportState)> = BTreeMap::new();
        for e in self.expected_reports() {
            if plan.reporting_obligations[e.obligation as usize].report_type != report_type {
                continue;
            }
            let submitted = self
                .submission(e.reporter, e.period)
                .map(|s| s.first)
                .filter(|&d| d <= as_of);
            let state = match submitted {
                Some(d) if d <= e.due => ReportState::OnTime,
                Some(_) => ReportState::Late,
                None if as_of > e.due => ReportState::Missing,
                None => ReportState::Pending,
            };
            cells
                .entry((e.reporter, e.period))
                .and_modify(|c| {
                    if e.due < c.0 {
                        *c = (e.due, state);
                    }
                })
                .or_insert((e.due, state));
        }
        let mut reporters: Vec<u32> = cells.keys().map(|k| k.0).collect();
        reporters.sort_unstable();
        reporters.dedup();
        reporters.sort_by(|&a, &b| {
            natural_cmp(
                &plan.organisations[a as usize].id,
                &plan.organisations[b as usize].id,
            )
        });
        let mut periods: Vec<Period> = cells.keys().map(|k| k.1).collect();
        periods.sort();
        periods.dedup();
        let grid = reporters
            .iter()
            .map(|&r| {
                periods
                    .iter()
                    .map(|&p| cells.get(&(r, p)).map_or(ReportState::NotExpected, |c| c.1))
                    .collect()
            })
            .collect();
        ReportMatrix {
            report_type,
            as_of,
            reporters: reporters
                .iter()
                .map(|&r| plan.organisations[r as usize].id.clone())
                .collect(),
            periods: periods.iter().map(Period::id).collect(),
            cells: grid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_to_the_day() {
        let plan = r#"{"id": "m", "title": "m", "start": "2019-01-01", "end": "2019-03-31",
          "organisations": [{"id": "a", "name": "A", "kind": "p"}, {"id": "b", "name": "B", "kind": "p",
            "active_from": "2019-02-01"}],
          "reporting_obligations": [{"id": "r", "report_type": "monthly", "reporters": {"kinds": ["p"]},
            "grace_days": 5}]}"#;
        let mon = r#"{"submissions": [
          {"reporter": "a", "report_type": "monthly", "period": "2019-01", "submitted": "2019-02-05"},
          {"reporter": "a", "report_type": "monthly", "period": "2019-02", "submitted": "2019-03-06"},
          {"reporter": "b", "report_type": "monthly", "period": "2019-03", "submitted": "2019-04-20"}]}"#;
        let ds = Dataset::from_json(plan, mon).unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let m = ds.report_matrix(PeriodType::Monthly, d("2019-04-05"));
        assert_eq!(m.reporters, ["a", "b"]);
        assert_eq!(m.periods, ["2019-01", "2019-02", "2019-03"]);
        use ReportState::*;
        assert_eq!(
            m.cells,
            [
                vec![OnTime, Late, Pending],
                vec![NotExpected, Missing, Pending]
            ]
        );
        let m = ds.report_matrix(PeriodType::Monthly, d("2019-04-20"));
        assert_eq!(
            m.cells,
            [
                vec![OnTime, Late, Missing],
                vec![NotExpected, Missing, Late]
            ]
        );
        assert!(ds
            .report_matrix(PeriodType::Annual, d("2019-04-20"))
            .cells
            .is_empty());
    }
}
