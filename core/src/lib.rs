//! planwatch: an embedded rules engine for monitoring a national strategic plan.
//!
//! A plan (strategies, activity groups, activities with owners, deadlines and
//! dependencies, indicators, reporting and meeting obligations) and its monitoring data
//! (status updates, report submissions, indicator values, meetings held) are loaded and
//! validated into a [`Dataset`]; evaluating it with a [`RuleSet`] as of a day gives
//! [`Finding`]s, sorted by a documented key.
//!
//! ```
//! use planwatch::{Dataset, RuleSet};
//! use planwatch::chrono::NaiveDate; // re-exported: no need to add chrono yourself
//!
//! let dataset = Dataset::load_dir("../examples/nsp-2019-2023")?;
//! let as_of = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
//! let evaluation = dataset.evaluate(&RuleSet::default(), as_of);
//! for finding in evaluation.findings.iter().take(3) {
//!     println!("{} {} {}", finding.severity, finding.rule, finding.message);
//! }
//! # Ok::<(), planwatch::Errors>(())
//! ```
//!
//! Modules: [`model`] (the serde types of the JSON format), [`period`] (reporting
//! periods), [`load`] (parsing and validation), [`graph`] (activity dependencies),
//! [`rules`] and [`eval`] (findings), [`diff`] (what changed between two evaluations), [`agenda`] (who must act next, and
//! the reminders due), [`custom`] (user-written rules in CEL), [`stats`]
//! (counts), [`tables`] (the table layout: CSV directories and .xlsx workbooks), and, with
//! the `dhis2` feature, `dhis2` (DHIS2 exports read as monitoring data), and, with the
//! `report` feature, `report` (the progress report as one HTML document).
#![forbid(unsafe_code)]

pub mod agenda;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod custom;
mod dataset;
#[cfg(feature = "dhis2")]
pub mod dhis2;
pub mod diff;
pub mod error;
pub mod eval;
pub mod export;
pub mod graph;
mod limits;
pub mod load;
pub mod model;
mod order;
pub mod period;
mod portable;
#[cfg(feature = "report")]
pub mod report;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
pub mod stats;
pub mod tables;
mod threads;

pub use agenda::{Agenda, Reminders};
/// The date library of planwatch's API ([`chrono::NaiveDate`] for days), re-exported so that
/// users need not add a matching version of it themselves.
pub use chrono;
pub use custom::{CustomRule, CustomSubject};
pub use dataset::{ActivityState, Dataset, ExpectedMeeting, ExpectedReport};
pub use diff::Diff;
pub use error::{Error, ErrorKind, Errors, Location};
pub use eval::{
    evaluate, ActivityForecast, Evaluation, Evidence, Finding, FindingFilter, FindingRef, Findings,
    Forecast, IndicatorStatus, MeetingRates, Progress, ProgressStatus, Rate, ReportingRates,
    Subject, SubjectKind, Summary, TargetBasis, TargetValue, TrackStatus, Value, Window,
};
pub use limits::Limits;
pub use order::natural_cmp;
pub use period::{FiscalCalendar, Period, PeriodType};
pub use rules::{rule_info, RuleInfo, RuleSet, RuleSettings, Severity};
pub use stats::PlanStats;
