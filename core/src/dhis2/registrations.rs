//! DHIS2 complete data set registrations ([`Registration`]) and DHIS2 dates.

use crate::load::date::parse_iso;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One complete data set registration.
///
/// DHIS2 complete data set registrations (`/api/completeDataSetRegistrations`): a data
/// set marked complete for a period and organisation unit, which planwatch reads as a
/// report submitted on the registration's `date`.
///
/// JSON: `{"completeDataSetRegistrations": [{"dataSet", "period", "organisationUnit",
/// "attributeOptionCombo", "date", "storedBy", "completed"}]}`. A registration with
/// `"completed": false` (DHIS2 2.29 and later keep un-completed registrations) is not a
/// submission; one without the field is. Fields planwatch does not use are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    /// The data set id.
    pub data_set: String,
    /// The DHIS2 period id (`202106`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The organisation unit id (DHIS2 writes `organisationUnit`; `orgUnit` is read too).
    #[serde(default, alias = "orgUnit", skip_serializing_if = "Option::is_none")]
    pub organisation_unit: Option<String>,
    /// The attribute option combo id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    /// The day the data set was registered complete: the report's submission day (a DHIS2
    /// date or timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who registered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_by: Option<String>,
    /// False when the registration was undone; absent (older DHIS2) means complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<bool>,
}

impl Registration {
    /// Whether the registration counts as a submission (`completed` is not false).
    pub fn is_complete(&self) -> bool {
        self.completed != Some(false)
    }
}

/// The day of a DHIS2 date or timestamp: `2021-07-19`, `2021-07-19T10:15:00.000`,
/// `2021-07-19T10:15:00.000+0000`, `2021-07-19 10:15:00` (the day as written, whatever
/// the time zone); the message names the format otherwise.
///
/// ```
/// use planwatch::dhis2::dhis2_day;
/// assert_eq!(dhis2_day("2021-07-19T10:15:00.000+0000").unwrap().to_string(), "2021-07-19");
/// assert!(dhis2_day("19/07/2021").is_err());
/// ```
pub fn dhis2_day(text: &str) -> Result<NaiveDate, String> {
    match (text.get(..10), text.get(10..)) {
        (Some(day), Some(rest)) if rest.is_empty() || rest.starts_with(['T', ' ']) => {
            parse_iso(day).ok()
        }
        _ => None,
    }
    .ok_or_else(|| {
        let shown: String = text.chars().take(40).flat_map(char::escape_debug).collect();
        format!("invalid date \"{shown}\": expected YYYY-MM-DD or a dhis2 timestamp like 2021-07-19T10:15:00.000")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_of_dhis2_dates_and_timestamps() {
        for text in [
            "2021-07-19",
            "2021-07-19T10:15:00.000",
            "2021-07-19T10:15:00.000+0000",
            "2021-07-19T10:15:00Z",
            "2021-07-19 10:15:00",
        ] {
            assert_eq!(dhis2_day(text).unwrap().to_string(), "2021-07-19", "{text}");
        }
        for text in [
            "",
            "2021-7-19",
            "2021-07-19x",
            "2021-02-30",
            "19/07/2021",
            "2021-07-1é",
            "2021-07-19T",
        ] {
            let ok = text == "2021-07-19T";
            assert_eq!(dhis2_day(text).is_ok(), ok, "{text}");
        }
        assert_eq!(
            dhis2_day("19/07/2021").unwrap_err(),
            "invalid date \"19/07/2021\": expected YYYY-MM-DD or a dhis2 timestamp like 2021-07-19T10:15:00.000"
        );
    }

    #[test]
    fn registrations_read_as_dhis2_writes_them() {
        let r: Registration = crate::load::parse_json(
            r#"{"dataSet": "dsMonthly01", "period": "202106", "organisationUnit": "ouKampot01",
                "attributeOptionCombo": "HllvX50cXC0", "date": "2021-07-09T00:00:00.000",
                "storedBy": "admin", "completed": false, "lastUpdatedBy": "x"}"#,
            None,
        )
        .unwrap();
        assert_eq!(r.organisation_unit.as_deref(), Some("ouKampot01"));
        assert!(!r.is_complete());
        let r: Registration =
            crate::load::parse_json(r#"{"dataSet": "d", "orgUnit": "o"}"#, None).unwrap();
        assert_eq!(r.organisation_unit.as_deref(), Some("o"));
        assert!(r.is_complete());
    }
}
