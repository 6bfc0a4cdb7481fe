//! Reporting and meeting obligations.

use crate::period::PeriodType;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which organisations an obligation binds: by id, by kind, or both (the union).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReporterSelector {
    /// Organisation ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    /// Organisation kinds: every organisation of these kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
}

/// An obligation to send a report of one period type.
///
/// A report is *expected* from each selected reporter for each period of `report_type`
/// whose last day falls within both the obligation's `from`/`until` and the plan, on which
/// the reporter is active. It is *due* `grace_days` after the period's last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportingObligation {
    /// Id, like `report-monthly`.
    pub id: String,
    /// The report (period) type.
    pub report_type: PeriodType,
    /// Who must report.
    pub reporters: ReporterSelector,
    /// To whom reports go (an organisation id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Days after the period's end before a report is late.
    #[serde(default)]
    pub grace_days: u32,
    /// First day the obligation is in force; the plan's start when absent.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub from: Option<NaiveDate>,
    /// Last day the obligation is in force; the plan's end when absent.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub until: Option<NaiveDate>,
}

/// An obligation to hold a meeting once per period.
///
/// A meeting is expected from each selected organiser for each period of `frequency`,
/// as for reports, and is due `grace_days` after the period's last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MeetingObligation {
    /// Id, like `meeting-pcct-secretariat`.
    pub id: String,
    /// What the meeting is.
    pub title: String,
    /// How often it must be held.
    pub frequency: PeriodType,
    /// Who must hold it.
    pub organisers: ReporterSelector,
    /// Days after the period's end by which a late meeting still counts as on time.
    #[serde(default)]
    pub grace_days: u32,
    /// First day the obligation is in force; the plan's start when absent.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub from: Option<NaiveDate>,
    /// Last day the obligation is in force; the plan's end when absent.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub until: Option<NaiveDate>,
}
