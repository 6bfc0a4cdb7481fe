//! Indicators, their targets and the relations between them.

use crate::period::PeriodType;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whether more is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher values are better (cases investigated, victims referred).
    #[default]
    HigherIsBetter,
    /// Lower values are better (days to refer a victim).
    LowerIsBetter,
}

/// How targets (and actuals) add up over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// Each target is for its own period only.
    #[default]
    PerPeriod,
    /// Each target is a running total since the plan's start.
    Cumulative,
}

/// How an indicator's progress is judged by the `indicator_off_track` rule.
///
/// An indicator without one takes the `method` of the rule's settings (`margin` by
/// default); see [`eval::indicator_status`](crate::eval::indicator_status) for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProgressMethod {
    /// The latest value against the target of its own period, within a margin.
    #[default]
    Margin,
    /// Open SDG's method: the compound annual growth observed since the baseline against
    /// the growth needed to reach the final target on time.
    OpenSdg,
}

impl ProgressMethod {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            ProgressMethod::Margin => "margin",
            ProgressMethod::OpenSdg => "open_sdg",
        }
    }
}

/// The value an indicator starts from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The value.
    pub value: f64,
    /// The date it was measured at.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub date: NaiveDate,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A target for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The period id, of the indicator's frequency or coarser.
    pub period: String,
    /// The target value.
    pub value: f64,
}

/// A dimension values must be broken down by, with its categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Disaggregation {
    /// The dimension, like `sex` or `age_band`.
    pub dimension: String,
    /// Its categories, like `female`, `male`; `unknown` may be among them.
    pub categories: Vec<String>,
}

/// An indicator tracked through the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Id, like `victims_identified`.
    pub id: String,
    /// Name.
    pub name: String,
    /// Unit, like `persons` or `cases`.
    pub unit: String,
    /// Whether higher or lower is better.
    #[serde(default)]
    pub direction: Direction,
    /// How often actual values are reported.
    pub frequency: PeriodType,
    /// How targets add up.
    #[serde(default)]
    pub target_kind: TargetKind,
    /// The organisation responsible for the figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The starting value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    /// Targets by period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// How progress is judged, when not the rule set's `method`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_method: Option<ProgressMethod>,
    /// Dimensions every actual value must be broken down by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disaggregations: Vec<Disaggregation>,
    /// Free notes (definition, source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A comparison between two indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum RelationOp {
    /// Left is at most right.
    #[serde(rename = "<=")]
    AtMost,
    /// Left is at least right.
    #[serde(rename = ">=")]
    AtLeast,
    /// Left equals right.
    #[serde(rename = "==")]
    Equal,
}

/// A relation that must hold between two indicators' values of the same period, like
/// `convictions <= suspects_sent_to_court`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IndicatorRelation {
    /// Left indicator id.
    pub left: String,
    /// The comparison.
    pub op: RelationOp,
    /// Right indicator id.
    pub right: String,
}
