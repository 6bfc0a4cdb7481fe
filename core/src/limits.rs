//! [`Limits`]: the bounds on the work a data set implies, checked when it is loaded,
//! before any of that work is done.

use crate::error::{Error, ErrorKind, Location};
use crate::model::Plan;
use serde::{Deserialize, Serialize};

/// The bounds on the work a data set implies, checked when it is loaded, before any of
/// that work is done.
///
/// A few kilobytes of plan can ask for an unbounded amount of work: a monthly report from
/// each of a hundred reporters over the years 1 to 9999 is 12 million expected reports,
/// each of which every reporting rule, the rates and the custom rules visit. Such a plan is
/// refused at load with a [`LimitExceeded`](crate::ErrorKind::LimitExceeded) error naming
/// the limit, what the plan asks for and where, so that no caller (a notebook, a web
/// service, a browser page) is kept busy or runs out of memory.
///
/// The defaults carry a whole country (a national plan of a million activities, ten
/// thousand reporters over years of monthly reporting) with room to spare; a web page that
/// takes plans from its users should lower them, a caller with a larger plan can raise them
/// ([`Dataset::load_with_limits`](crate::Dataset::load_with_limits),
/// [`Dataset::from_json_with_limits`](crate::Dataset::from_json_with_limits),
/// [`Dataset::new_with_limits`](crate::Dataset::new_with_limits); Python's
/// `planwatch.load(path, limits={...})`, JavaScript's `Plan.fromJson(..., {limits})`).
///
/// What else the work is bounded by, every finding included, follows from these and from
/// the input's size: each rule has at most one finding per subject (activity, dependency,
/// expected report, expected meeting, indicator period, organisation), so the findings of
/// an evaluation are at most the enabled rules times the subjects. The bounds that are the
/// same on every surface and not adjustable (file size, string length, JSON depth, the
/// custom-rule limits) are listed with these in SECURITY.md.
///
/// ```
/// let mut limits = planwatch::Limits::default();
/// limits.max_expected_reports = 1_000; // a web page's own, lower bound
/// let e = planwatch::Dataset::load_with_limits("../examples/nsp-2019-2023", &limits)
///     .unwrap_err();
/// assert_eq!(e[0].kind(), planwatch::ErrorKind::LimitExceeded);
/// assert_eq!(e[0].location().path, "reporting_obligations");
/// assert!(planwatch::Dataset::load("../examples/nsp-2019-2023").is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Limits {
    /// The longest plan, in years from its start to its end (default 100). Every period
    /// the rules visit lies within the plan.
    pub max_plan_years: u32,
    /// The most reports the reporting obligations may expect, summed over obligations:
    /// reporters times periods (default 50 000 000; 40 bytes each are kept while the data
    /// set lives).
    pub max_expected_reports: u64,
    /// The most meetings the meeting obligations may expect: organisers times periods
    /// (default 10 000 000).
    pub max_expected_meetings: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_plan_years: 100,
            max_expected_reports: 50_000_000,
            max_expected_meetings: 10_000_000,
        }
    }
}

/// What a plan asks for, measured against [`Limits`].
pub(crate) struct Work {
    /// Reports expected, at most (reporters times periods, per obligation).
    pub expected_reports: u64,
    /// Meetings expected, at most.
    pub expected_meetings: u64,
}

impl Limits {
    /// The plan's span, checked before anything counts its periods.
    pub(crate) fn check_span(&self, plan: &Plan) -> Result<(), Error> {
        let longest = chrono::Months::new(self.max_plan_years.saturating_mul(12));
        if plan
            .start
            .checked_add_months(longest)
            .is_none_or(|last| plan.end > last)
        {
            return Err(Error::new(
                ErrorKind::LimitExceeded,
                format!(
                    "plan runs from {} to {}, longer than the limit of {} years (max_plan_years)",
                    plan.start, plan.end, self.max_plan_years
                ),
                Location::path("end"),
            ));
        }
        Ok(())
    }

    /// The work the obligations imply.
    pub(crate) fn check_work(&self, work: &Work) -> Vec<Error> {
        let mut errors = Vec::new();
        if work.expected_reports > self.max_expected_reports {
            errors.push(Error::new(
                ErrorKind::LimitExceeded,
                format!(
                    "reporting obligations expect up to {} reports (reporters times periods), more than the limit of {} (max_expected_reports)",
                    work.expected_reports, self.max_expected_reports
                ),
                Location::path("reporting_obligations"),
            ));
        }
        if work.expected_meetings > self.max_expected_meetings {
            errors.push(Error::new(
                ErrorKind::LimitExceeded,
                format!(
                    "meeting obligations expect up to {} meetings (organisers times periods), more than the limit of {} (max_expected_meetings)",
                    work.expected_meetings, self.max_expected_meetings
                ),
                Location::path("meeting_obligations"),
            ));
        }
        errors
    }
}
