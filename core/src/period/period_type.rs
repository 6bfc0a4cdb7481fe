//! The kinds of reporting period.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How long a reporting period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PeriodType {
    /// A calendar month (`2019-03`).
    Monthly,
    /// A fiscal quarter (`2019Q1`).
    Quarterly,
    /// A fiscal half year (`2019S1`).
    SemiAnnual,
    /// The first ten months of a fiscal year (`2019T10`; January-October for calendar years).
    TenMonth,
    /// A fiscal year (`2019`).
    Annual,
}

impl PeriodType {
    /// Every period type, shortest first.
    pub const ALL: [PeriodType; 5] = [
        PeriodType::Monthly,
        PeriodType::Quarterly,
        PeriodType::SemiAnnual,
        PeriodType::TenMonth,
        PeriodType::Annual,
    ];

    /// Length in months.
    pub fn months(self) -> i32 {
        match self {
            PeriodType::Monthly => 1,
            PeriodType::Quarterly => 3,
            PeriodType::SemiAnnual => 6,
            PeriodType::TenMonth => 10,
            PeriodType::Annual => 12,
        }
    }

    /// How many periods of this type a year has.
    pub fn per_year(self) -> u8 {
        match self {
            PeriodType::Monthly => 12,
            PeriodType::Quarterly => 4,
            PeriodType::SemiAnnual => 2,
            PeriodType::TenMonth | PeriodType::Annual => 1,
        }
    }

    /// The snake_case name used in JSON (`semi_annual`).
    pub fn name(self) -> &'static str {
        match self {
            PeriodType::Monthly => "monthly",
            PeriodType::Quarterly => "quarterly",
            PeriodType::SemiAnnual => "semi_annual",
            PeriodType::TenMonth => "ten_month",
            PeriodType::Annual => "annual",
        }
    }
}

impl fmt::Display for PeriodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
