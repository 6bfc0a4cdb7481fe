//! Schedule baselines: agreed snapshots of the activities' planned starts and deadlines.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An agreed schedule the plan keeps to measure against, as MS Project keeps its
/// baselines: the planned start and deadline of each activity it covers, as they stood
/// when the baseline was adopted (the plan as first adopted, a mid-term re-baselining).
///
/// The activities' own `planned_start` and `deadline` are the schedule in force; a
/// baseline does not change them. The forecast, the schedule rules and the exports report
/// variance against one baseline (the plan's first, its original, unless the rule set's
/// `schedule_baseline` names another), and `deadline_moved` reports activities whose
/// deadline moved since it. An activity the baseline does not cover (added later) has no
/// variance.
///
/// ```
/// let plan: planwatch::model::Plan = serde_json::from_str(r#"{
///   "id": "p", "title": "P", "start": "2019-01-01", "end": "2023-12-31",
///   "schedule_baselines": [{"id": "original-2019", "name": "Original plan",
///     "adopted": "2019-01-15",
///     "activities": [{"activity": "1.1.1", "planned_start": "2019-01-01",
///                     "deadline": "2019-06-30"}]}]
/// }"#).unwrap();
/// assert_eq!(plan.schedule_baselines[0].activities[0].deadline.to_string(), "2019-06-30");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleBaseline {
    /// Id, like `original-2019`.
    pub id: String,
    /// Name, like `Original plan (2019)`.
    pub name: String,
    /// The day it was adopted (informational: the plan's dates are the schedule in force).
    #[serde(deserialize_with = "crate::load::date::date")]
    pub adopted: NaiveDate,
    /// Where it comes from, or what was changed and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The dates of the activities it covers, one entry per activity.
    #[serde(default)]
    pub activities: Vec<BaselineDates>,
}

/// An activity's planned start and deadline in a [`ScheduleBaseline`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BaselineDates {
    /// The activity id.
    pub activity: String,
    /// Its planned start in the baseline.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub planned_start: NaiveDate,
    /// Its deadline in the baseline.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub deadline: NaiveDate,
}
