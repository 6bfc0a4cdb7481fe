//! [`Coverage`]: the period a progress report covers and the one before it.

use crate::error::{Error, ErrorKind, Location};
use crate::model::Plan;
use crate::period::{FiscalCalendar, Period, PeriodType};
use chrono::NaiveDate;

/// The period a report covers, and the period of the same type before it (the one whose
/// end the report's changes are counted from).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// The period covered.
    pub period: Period,
    /// The period before it; `None` when there is none (a period of year 1).
    pub previous: Option<Period>,
}

/// The plan's main report type: the report type a committee's progress report follows
/// when no period is given.
///
/// It is the shortest report type longer than a month among the plan's reporting
/// obligations (monthly reports feed the cycle, the committee meets on the longer ones:
/// quarterly for the NSP); monthly when the plan asks for monthly reports only, and
/// quarterly when it asks for none.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// assert_eq!(planwatch::report::main_report_type(ds.plan()), planwatch::PeriodType::Quarterly);
/// ```
pub fn main_report_type(plan: &Plan) -> PeriodType {
    let types = plan.reporting_obligations.iter().map(|o| o.report_type);
    types
        .clone()
        .filter(|&t| t != PeriodType::Monthly)
        .min()
        .or_else(|| types.min())
        .unwrap_or(PeriodType::Quarterly)
}

impl Coverage {
    /// The period `id` (a period id such as `2021Q2`), or, without one, the period of
    /// the plan's [`main_report_type`] that contains `as_of`.
    ///
    /// Errors (all at `period`): an id that is no period id ([`ErrorKind::InvalidPeriod`]);
    /// a period that starts after `as_of` or lies outside the plan, and an `as_of` in no
    /// period of the main type (the last two months of a year for 10-month reports)
    /// ([`ErrorKind::PeriodOutsidePlan`]).
    pub fn choose(plan: &Plan, as_of: NaiveDate, id: Option<&str>) -> Result<Coverage, Error> {
        let cal: FiscalCalendar = plan.fiscal_year_start_month;
        let at = || Location::path("period");
        let period = match id {
            Some(id) => {
                Period::parse(id, cal).map_err(|m| Error::new(ErrorKind::InvalidPeriod, m, at()))?
            }
            None => {
                let t = main_report_type(plan);
                Period::containing(t, as_of, cal).ok_or_else(|| {
                    Error::new(
                        ErrorKind::PeriodOutsidePlan,
                        format!("{as_of} lies in no {t} period: give the period with --period"),
                        at(),
                    )
                })?
            }
        };
        if period.start() > as_of {
            return Err(Error::new(
                ErrorKind::PeriodOutsidePlan,
                format!(
                    "period {} starts on {}, after the as-of day {as_of}",
                    period.id(),
                    period.start()
                ),
                at(),
            ));
        }
        if period.end() < plan.start || period.start() > plan.end {
            return Err(Error::new(
                ErrorKind::PeriodOutsidePlan,
                format!(
                    "period {} lies outside the plan ({} to {})",
                    period.id(),
                    plan.start,
                    plan.end
                ),
                at(),
            ));
        }
        Ok(Coverage {
            period,
            previous: period.previous(cal),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;

    fn nsp() -> Dataset {
        Dataset::load_dir("../examples/nsp-2019-2023").expect("nsp")
    }

    #[test]
    fn default_period_contains_the_day() {
        let ds = nsp();
        let day = NaiveDate::from_ymd_opt(2021, 6, 30).expect("day");
        let c = Coverage::choose(ds.plan(), day, None).expect("period");
        assert_eq!(c.period.id(), "2021Q2");
        assert_eq!(c.previous.map(|p| p.id()).as_deref(), Some("2021Q1"));
        let c = Coverage::choose(ds.plan(), day, Some("2020T10")).expect("period");
        assert_eq!(c.previous.map(|p| p.id()).as_deref(), Some("2019T10"));
    }

    #[test]
    fn refuses_bad_and_future_periods() {
        let ds = nsp();
        let day = NaiveDate::from_ymd_opt(2021, 6, 30).expect("day");
        let e = Coverage::choose(ds.plan(), day, Some("2021Q5")).expect_err("bad id");
        assert_eq!(e.kind(), ErrorKind::InvalidPeriod);
        let e = Coverage::choose(ds.plan(), day, Some("2021Q3")).expect_err("future");
        assert_eq!(
            e.message(),
            "period 2021Q3 starts on 2021-07-01, after the as-of day 2021-06-30"
        );
        let e = Coverage::choose(ds.plan(), day, Some("2015")).expect_err("outside");
        assert_eq!(e.kind(), ErrorKind::PeriodOutsidePlan);
    }
}
