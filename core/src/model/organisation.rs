//! Organisations.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An organisation: a committee, ministry, unit, working group, province, network.
///
/// `kind` is free text so that any plan's structure fits; the NSP data set uses
/// `committee`, `secretariat`, `ministry`, `specialised_unit`, `working_group`,
/// `provincial_committee` and `provincial_secretariat`. Reporter selectors that name a
/// kind no organisation has are refused, so a misspelt kind cannot select nobody silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Unique id, like `moi` or `pcct-kampot`.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Short name, like `MOI`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    /// What kind of organisation this is.
    pub kind: String,
    /// The organisation this one belongs to; organisations form a tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The organisation that leads this one (a working group's lead ministry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub led_by: Option<String>,
    /// First day it exists; from the start of time when absent.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub active_from: Option<NaiveDate>,
    /// Last day it exists; open-ended when absent.
    #[serde(
        deserialize_with = "crate::load::date::opt_date",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub active_until: Option<NaiveDate>,
}

impl Organisation {
    /// Whether the organisation exists on `date`.
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.active_from.is_none_or(|f| f <= date) && self.active_until.is_none_or(|u| date <= u)
    }
}
