//! The fiscal calendar: in which month a fiscal year starts.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A fiscal calendar, given by the month (1-12) in which the fiscal year starts.
///
/// The default starts in January, so fiscal years are calendar years (as in Cambodia).
///
/// ```
/// let cal = planwatch::FiscalCalendar::new(4).unwrap();
/// assert_eq!(cal.start_month(), 4);
/// assert!(planwatch::FiscalCalendar::new(13).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct FiscalCalendar {
    start_month: u8,
}

impl Default for FiscalCalendar {
    fn default() -> FiscalCalendar {
        FiscalCalendar { start_month: 1 }
    }
}

impl FiscalCalendar {
    /// A calendar whose fiscal year starts in `start_month` (1-12); `None` otherwise.
    pub fn new(start_month: u32) -> Option<FiscalCalendar> {
        (1..=12).contains(&start_month).then_some(FiscalCalendar {
            start_month: start_month as u8,
        })
    }

    /// The month (1-12) in which a fiscal year starts.
    pub fn start_month(self) -> u32 {
        u32::from(self.start_month)
    }

    /// The fiscal year of `date` (named after the calendar year it starts in) and the
    /// 0-based month of `date` within that fiscal year.
    pub fn fiscal_position(self, date: NaiveDate) -> (i32, u32) {
        let m0 = date.month0();
        let s0 = self.start_month() - 1;
        if m0 >= s0 {
            (date.year(), m0 - s0)
        } else {
            (date.year() - 1, m0 + 12 - s0)
        }
    }
}

/// A month number, 1 to 12: what the loader accepts (`try_from = "u32"`).
#[cfg(feature = "schema")]
impl schemars::JsonSchema for FiscalCalendar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FiscalCalendar".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A fiscal calendar, given by the month (1-12) in which the fiscal year starts.",
            "type": "integer",
            "minimum": 1,
            "maximum": 12
        })
    }
}

impl TryFrom<u32> for FiscalCalendar {
    type Error = String;
    fn try_from(month: u32) -> Result<FiscalCalendar, String> {
        FiscalCalendar::new(month)
            .ok_or_else(|| format!("fiscal year start month must be 1-12, not {month}"))
    }
}

impl From<FiscalCalendar> for u32 {
    fn from(cal: FiscalCalendar) -> u32 {
        cal.start_month()
    }
}
