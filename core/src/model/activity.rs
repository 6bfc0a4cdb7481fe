//! Strategies, activity groups, activities and their dependencies.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How complete a title taken from a damaged source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TitleStatus {
    /// The title is as in the source.
    #[default]
    Complete,
    /// Part of the title is illegible in the source; what is kept is what was legible.
    Damaged,
    /// The source gives no legible title.
    Missing,
    /// Not in the source: a placeholder given so the item can be tracked.
    Placeholder,
}

impl TitleStatus {
    fn is_complete(&self) -> bool {
        *self == TitleStatus::Complete
    }
}

/// A strategy of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Strategy {
    /// Id, like `1`.
    pub id: String,
    /// Title.
    pub title: String,
    /// How much of the title the source gives.
    #[serde(default, skip_serializing_if = "TitleStatus::is_complete")]
    pub title_status: TitleStatus,
    /// The number of major activities the source declares for the strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_activity_count: Option<u32>,
}

/// A group of major activities within a strategy, like `2.8`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityGroup {
    /// Id, like `2.8`.
    pub id: String,
    /// The strategy it belongs to.
    pub strategy: String,
    /// Title (as far as legible; see `title_status`).
    pub title: String,
    /// How much of the title the source gives.
    #[serde(default, skip_serializing_if = "TitleStatus::is_complete")]
    pub title_status: TitleStatus,
    /// The organisation leading the group, when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// The number of major activities the source declares for the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_activity_count: Option<u32>,
    /// Where the count or title came from when not read directly from the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a successor's dates are tied to a predecessor's.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum LinkType {
    /// The successor starts after the predecessor finishes (plus lag).
    #[default]
    FS,
    /// The successor starts after the predecessor starts (plus lag).
    SS,
    /// The successor finishes after the predecessor finishes (plus lag).
    FF,
    /// The successor finishes after the predecessor starts (plus lag).
    SF,
}

impl fmt::Display for LinkType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinkType::FS => "FS",
            LinkType::SS => "SS",
            LinkType::FF => "FF",
            LinkType::SF => "SF",
        })
    }
}

/// A link from a predecessor activity to the activity that declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    /// The predecessor's id.
    pub activity: String,
    /// The link type; finish-to-start when absent.
    #[serde(default, rename = "type")]
    pub link_type: LinkType,
    /// Lag in days (negative for a lead).
    #[serde(default)]
    pub lag_days: i32,
}

/// A major activity: who owns it, when it is planned, what it depends on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Id, like `1.3.5`.
    pub id: String,
    /// The activity group it belongs to.
    pub group: String,
    /// Title.
    pub title: String,
    /// How much of the title the source gives (`placeholder` when the source names none).
    #[serde(default, skip_serializing_if = "TitleStatus::is_complete")]
    pub title_status: TitleStatus,
    /// The lead owner (an organisation id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Supporting owners.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supporting: Vec<String>,
    /// Planned start.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub planned_start: NaiveDate,
    /// Deadline: the planned finish.
    #[serde(deserialize_with = "crate::load::date::date")]
    pub deadline: NaiveDate,
    /// Predecessors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Dependency>,
    /// Indicators that measure it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
    /// Free tags (`child-protection`, `cross-border`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}
