//! The progress report: one self-contained, printable HTML document for a plan's
//! committee, covering one report period ([`Report`]).
//!
//! # What it holds
//!
//! After the plan's title, the period and the as-of day, a summary, then:
//!
//! 1. **Activities**, per strategy and activity group: how many are done, on track, late,
//!    not started and cancelled on the as-of day ([`ActivityProgress`] says exactly
//!    when each applies), with each strategy's five latest activities.
//! 2. **Reporting completeness and timeliness** of the reports due in the period, by
//!    reporter kind (provinces, specialised units, working groups: one table each, one
//!    row per reporter), from the engine's
//!    [`reporting_rates`](crate::Dataset::reporting_rates) over the period's window.
//! 3. **Indicators** against their targets: each one's latest value, target and status
//!    (the evaluation's [`IndicatorStatus`](crate::IndicatorStatus)es) and a chart of its
//!    values and targets per period so far ([`IndicatorChart`]).
//! 4. **Meetings held**: the engine's [`meeting_rates`](crate::Dataset::meeting_rates)
//!    over the period, per meeting obligation.
//! 5. **Changes since the previous report period**: the [`Diff`](crate::Diff) from an
//!    evaluation at the end of the previous period of the same type to the report's.
//! 6. **Findings by severity**: the counts, and the first ten findings of each severity
//!    above info in the evaluation's order.
//!
//! # The period
//!
//! `period` names it by its id (`2021Q2`, `2021S1`, `2021T10`, `2021`, `2021-05`: see
//! [`crate::period`]); without one it is the period of the plan's [`main_report_type`]
//! (quarterly for the NSP) that contains the as-of day. The period may not start after
//! the as-of day; an earlier one is reported as known on the as-of day (reports
//! received late count as received, not as on time).
//!
//! # The document
//!
//! Names, not ids, wherever a person reads: strategies, groups and activities by title,
//! organisations, indicators and meetings by name, also inside the findings' messages
//! (activity numbers such as `1.3.5` stay: the plan numbers its activities so). Every
//! piece of text is escaped. Text with Khmer letters is marked `lang="km"` and the font
//! stack names the Khmer OS fonts (Debian's `fonts-khmeros`) after the Latin ones, so a
//! browser renders Khmer names. Charts are inline SVG drawn with plotters. Nothing
//! depends on the clock or on hash order: the same input gives the same bytes, which the
//! CLI (`planwatch report`), Python (`Evaluation.report`) and the tests hold to one
//! golden file.
//!
//! ```
//! let dir = "../examples/nsp-2019-2023";
//! let ds = planwatch::Dataset::load_dir(dir)?;
//! let rules = planwatch::RuleSet::load_dir(dir)?;
//! let as_of = planwatch::chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
//! let report = ds.report(&rules, as_of, Some("2021Q1"))?;
//! assert_eq!(report.previous().map(|p| p.id()).as_deref(), Some("2020Q4"));
//! for strategy in &ds.plan().strategies {
//!     assert!(report.html().contains(&strategy.title));
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod activities;
mod activity_progress;
mod changes;
mod chart;
mod coverage;
mod findings;
mod indicators;
mod page;
mod progress_report;
mod reporting;

pub use activity_progress::{
    ActivityProgress, GroupProgress, LateItem, Standing, StandingCounts, StrategyProgress,
};
pub use chart::IndicatorChart;
pub use coverage::{main_report_type, Coverage};
pub use progress_report::Report;

use crate::dataset::Dataset;
use crate::error::Error;
use crate::rules::RuleSet;
use chrono::NaiveDate;

impl Dataset {
    /// Evaluates this dataset with `rules` as of `as_of` and writes the progress report
    /// for `period` (see [`Report::build`]).
    pub fn report(
        &self,
        rules: &RuleSet,
        as_of: NaiveDate,
        period: Option<&str>,
    ) -> Result<Report, Error> {
        let evaluation = self.evaluate(rules, as_of);
        Report::build(self, rules, &evaluation, period)
    }
}
