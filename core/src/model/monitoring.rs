//! Monitoring data: what happened, updated every month.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Where an activity stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Not started.
    #[default]
    NotStarted,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
    /// Dropped; never late.
    Cancelled,
}

impl ActivityStatus {
    /// The snake_case name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            ActivityStatus::NotStarted => "not_started",
            ActivityStatus::InProgress => "in_progress",
            ActivityStatus::Done => "done",
            ActivityStatus::Cancelled => "cancelled",
        }
    }

    /// Done or cancelled: nothing more is expected of the activity.
    pub fn is_closed(self) -> bool {
        matches!(self, ActivityStatus::Done | ActivityStatus::Cancelled)
    }
}

impl fmt::Display for ActivityStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A status report on one activity, as of its `date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusUpdate {
    /// The activity.
    pub activity: String,
    /// The day of the update; an evaluation as of an earlier day ignores it.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub date: NaiveDate,
    /// The status.
    pub status: ActivityStatus,
    /// Progress in percent, 0-100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub progress: Option<f64>,
    /// Actual start.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub actual_start: Option<NaiveDate>,
    /// Actual finish.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub actual_finish: Option<NaiveDate>,
    /// Free comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A report received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Submission {
    /// The reporting organisation.
    pub reporter: String,
    /// The report type.
    pub report_type: crate::period::PeriodType,
    /// The period id the report covers.
    pub period: String,
    /// The day it was received.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub submitted: NaiveDate,
}

/// An indicator value for one period, with its breakdowns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorActual {
    /// The indicator.
    pub indicator: String,
    /// The period id (of the indicator's frequency).
    pub period: String,
    /// The total.
    pub value: f64,
    /// Who reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    /// When it was reported; an evaluation as of an earlier day ignores it.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reported: Option<NaiveDate>,
    /// Breakdown: dimension -> category -> value.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub disaggregation: BTreeMap<String, BTreeMap<String, f64>>,
}

/// A meeting that took place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MeetingHeld {
    /// The meeting obligation it fulfils.
    pub obligation: String,
    /// The organisation that held it.
    pub organiser: String,
    /// The day it was held.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub date: NaiveDate,
    /// The period it counts for; the period containing `date` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// The monitoring data of a plan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// The version of the file's format: absent or 1, the only version so far; any other
    /// is refused by name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::format_version"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1)))]
    pub format: Option<u32>,
    /// The plan id these data are for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// True when the data are invented (for examples and tests), not collected.
    #[serde(default)]
    pub synthetic: bool,
    /// Free notes (how the data were made, what is missing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Activity status updates.
    #[serde(default)]
    pub status_updates: Vec<StatusUpdate>,
    /// Reports received.
    #[serde(default)]
    pub submissions: Vec<Submission>,
    /// Indicator values.
    #[serde(default)]
    pub indicator_actuals: Vec<IndicatorActual>,
    /// Meetings held.
    #[serde(default)]
    pub meetings: Vec<MeetingHeld>,
}
