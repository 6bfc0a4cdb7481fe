//! The plan document.

use super::{
    Activity, ActivityGroup, Indicator, IndicatorRelation, MeetingObligation, Organisation,
    ReportingObligation, ScheduleBaseline, Strategy,
};
use crate::period::FiscalCalendar;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A strategic plan: its span, calendar, logframe (strategies, groups, activities), the
/// organisations that own it, its indicators and its monitoring obligations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The version of the file's format: absent or 1, the only version so far; any other
    /// is refused by name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::format_version"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1)))]
    pub format: Option<u32>,
    /// Short id, like `nsp-2019-2023`.
    pub id: String,
    /// Full title.
    pub title: String,
    /// First day of the plan.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub start: NaiveDate,
    /// Last day of the plan.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub end: NaiveDate,
    /// The month (1-12) in which fiscal years start; 1 (January) when absent.
    #[serde(default)]
    pub fiscal_year_start_month: FiscalCalendar,
    /// Where the plan comes from (a document, a decision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free notes, such as what was inferred or is illegible in the source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Every organisation that owns, supports, reports or meets.
    #[serde(default)]
    pub organisations: Vec<Organisation>,
    /// The strategies, in order.
    #[serde(default)]
    pub strategies: Vec<Strategy>,
    /// The activity groups.
    #[serde(default)]
    pub groups: Vec<ActivityGroup>,
    /// The activities.
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// The indicators.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// Relations that must hold between indicator values of the same period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicator_relations: Vec<IndicatorRelation>,
    /// Who reports what, how often.
    #[serde(default)]
    pub reporting_obligations: Vec<ReportingObligation>,
    /// Who meets, how often.
    #[serde(default)]
    pub meeting_obligations: Vec<MeetingObligation>,
    /// Agreed schedule baselines, the original first (see [`ScheduleBaseline`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schedule_baselines: Vec<ScheduleBaseline>,
}
