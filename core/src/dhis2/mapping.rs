//! The mapping file: which DHIS2 ids stand for which of the plan's obligations,
//! indicators, breakdowns and organisations (docs/dhis2.md describes it for users).

use crate::error::{Error, ErrorKind, Errors, Location};
use crate::model::Plan;
use crate::period::PeriodType;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What an import does with a row whose data set, data element, category option combo or
/// organisation unit the mapping does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnknownIds {
    /// Each such row is an error naming the file, the row or JSON path and the id.
    #[default]
    Error,
    /// Such rows are left out and counted, per id, in the import's summary.
    Skip,
}

/// A DHIS2 data set: the reports its complete registrations are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DataSetMapping {
    /// The plan's reporting obligation the data set's reports fulfil.
    pub obligation: String,
    /// The report type; the obligation's when absent, and it must be the obligation's
    /// when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_type: Option<PeriodType>,
}

/// A DHIS2 data element: the indicator its values are, and the breakdown each category
/// option combo stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DataElementMapping {
    /// The plan's indicator.
    pub indicator: String,
    /// Category option combo id -> the categories it stands for, by dimension
    /// (`{"sex": "female"}`; `{"sex": "female", "age_band": "under_15"}` for a combo of
    /// two categories; `{}` for the total). Absent: every combo of the data element counts
    /// towards the indicator's total, as DHIS2 adds them up; given: a combo it does not
    /// name is an unknown id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_option_combos: Option<BTreeMap<String, BTreeMap<String, String>>>,
}

/// How the ids of a DHIS2 instance map to a plan: the mapping file of
/// [`import_dir`](super::import_dir) (`--mapping MAP.json` of `planwatch import-dhis2`).
///
/// Read as strictly as the plan's own files (unknown fields, a key given twice and the
/// array form of an object are errors), and checked against the plan: every obligation,
/// indicator, dimension, category and organisation it names must exist there.
///
/// ```
/// let text = r#"{
///   "data_sets": {"QxQx7LnQmR1": {"obligation": "report-monthly"}},
///   "data_elements": {"deVictims01": {"indicator": "victims_identified",
///     "category_option_combos": {"cocFemale01": {"sex": "female"}}}},
///   "org_units": {"ouKampot001": "pcct-kampot"}
/// }"#;
/// let mapping = planwatch::dhis2::Mapping::from_json(text).unwrap();
/// assert_eq!(mapping.org_units["ouKampot001"], "pcct-kampot");
/// let plan = planwatch::Dataset::load("../examples/nsp-2019-2023").unwrap();
/// assert!(mapping.check(plan.plan()).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The version of the file's format, as in the plan's files: absent or 1; any other is
    /// refused by name.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::model::format_version"
    )]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 1)))]
    pub format: Option<u32>,
    /// The plan id the mapping is for; checked against the plan when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// What to do with ids the mapping does not name: `error` (the default) or `skip`.
    #[serde(default)]
    pub unknown_ids: UnknownIds,
    /// Data set id -> the obligation its complete registrations are reports of.
    #[serde(default)]
    pub data_sets: BTreeMap<String, DataSetMapping>,
    /// Data element id -> the indicator its values are.
    #[serde(default)]
    pub data_elements: BTreeMap<String, DataElementMapping>,
    /// Organisation unit id -> the plan's organisation (the reporter).
    #[serde(default)]
    pub org_units: BTreeMap<String, String>,
    /// Free notes (where the ids come from).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Mapping {
    /// Parses a mapping from JSON text; the error names the JSON path, line and column.
    pub fn from_json(text: &str) -> Result<Mapping, Error> {
        crate::load::parse_json(text, None)
    }

    /// Reads and parses a mapping file, without checking it against a plan.
    pub fn load(path: impl AsRef<Path>) -> Result<Mapping, Error> {
        let path = path.as_ref();
        let text = crate::load::read_text(path)?;
        crate::load::parse_json(&text, Some(path))
    }

    /// Checks the mapping against `plan`: every error found, each at its JSON path in the
    /// mapping and naming the id (as the error's subject).
    pub fn check(&self, plan: &Plan) -> Result<(), Errors> {
        let mut errors = Vec::new();
        let mut err = |kind, path: String, subject: &str, message: String| {
            errors.push(Error::new(kind, message, Location::path(path)).with_subject(subject));
        };
        if let Some(id) = self.plan.as_ref().filter(|id| **id != plan.id) {
            err(
                ErrorKind::UnknownReference,
                "plan".into(),
                id,
                format!("the mapping is for plan `{id}`, not `{}`", plan.id),
            );
        }
        for (id, set) in &self.data_sets {
            let path = format!("data_sets.{id}");
            check_id(&mut err, id, &path, "data set");
            match plan
                .reporting_obligations
                .iter()
                .find(|o| o.id == set.obligation)
            {
                None => err(
                    ErrorKind::UnknownReference,
                    format!("{path}.obligation"),
                    &set.obligation,
                    format!(
                        "data set `{id}` is mapped to obligation `{}`, which the plan does not have",
                        set.obligation
                    ),
                ),
                Some(o) => match set.report_type {
                    Some(t) if t != o.report_type => err(
                        ErrorKind::InvalidValue,
                        format!("{path}.report_type"),
                        id,
                        format!(
                            "data set `{id}` is mapped to report type {t}, but obligation `{}` is of report type {}",
                            o.id, o.report_type
                        ),
                    ),
                    _ => {}
                },
            }
        }
        for (id, element) in &self.data_elements {
            let path = format!("data_elements.{id}");
            check_id(&mut err, id, &path, "data element");
            let Some(indicator) = plan.indicators.iter().find(|i| i.id == element.indicator) else {
                err(
                    ErrorKind::UnknownReference,
                    format!("{path}.indicator"),
                    &element.indicator,
                    format!(
                        "data element `{id}` is mapped to indicator `{}`, which the plan does not have",
                        element.indicator
                    ),
                );
                continue;
            };
            for (coc, parts) in element.category_option_combos.iter().flatten() {
                let path = format!("{path}.category_option_combos.{coc}");
                check_id(&mut err, coc, &path, "category option combo");
                for (dim, cat) in parts {
                    let declared = &indicator.disaggregations;
                    let Some(d) = declared.iter().find(|d| &d.dimension == dim) else {
                        let names: Vec<&str> =
                            declared.iter().map(|d| d.dimension.as_str()).collect();
                        err(
                            ErrorKind::UnknownReference,
                            format!("{path}.{dim}"),
                            coc,
                            if names.is_empty() {
                                format!(
                                    "indicator `{}` declares no disaggregation, not `{dim}`",
                                    indicator.id
                                )
                            } else {
                                format!(
                                    "`{dim}` is not a dimension of indicator `{}` (expected one of {})",
                                    indicator.id,
                                    names.join(", ")
                                )
                            },
                        );
                        continue;
                    };
                    if !d.categories.iter().any(|c| c == cat) {
                        err(
                            ErrorKind::InvalidValue,
                            format!("{path}.{dim}"),
                            coc,
                            format!(
                                "`{cat}` is not a category of `{dim}` (expected one of {})",
                                d.categories.join(", ")
                            ),
                        );
                    }
                }
            }
        }
        for (id, org) in &self.org_units {
            let path = format!("org_units.{id}");
            check_id(&mut err, id, &path, "organisation unit");
            if !plan.organisations.iter().any(|o| &o.id == org) {
                err(
                    ErrorKind::UnknownReference,
                    path,
                    org,
                    format!(
                        "organisation unit `{id}` is mapped to organisation `{org}`, which the plan does not have"
                    ),
                );
            }
        }
        match Errors::from_vec(errors) {
            Some(errors) => Err(errors),
            None => Ok(()),
        }
    }
}

/// A DHIS2 id is a non-empty text without surrounding spaces.
fn check_id(
    err: &mut impl FnMut(ErrorKind, String, &str, String),
    id: &str,
    path: &str,
    what: &str,
) {
    if id.is_empty() || id.trim() != id {
        err(
            ErrorKind::InvalidValue,
            path.to_string(),
            id,
            format!(
                "`{id}` is not a {what} id: dhis2 ids are not empty and have no surrounding spaces"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nsp() -> Plan {
        crate::Dataset::load("../examples/nsp-2019-2023")
            .unwrap()
            .plan()
            .clone()
    }

    fn errors(text: &str) -> Vec<(ErrorKind, String, String)> {
        let mapping = Mapping::from_json(text).unwrap();
        match mapping.check(&nsp()) {
            Ok(()) => Vec::new(),
            Err(errors) => errors
                .iter()
                .map(|e| (e.kind(), e.location().path.clone(), e.message().to_string()))
                .collect(),
        }
    }

    #[test]
    fn mapping_errors_name_the_path_the_id_and_what_is_wrong() {
        let got = errors(
            r#"{"plan": "other-plan",
                "data_sets": {"dsA": {"obligation": "report-weekly"},
                              "dsB": {"obligation": "report-monthly", "report_type": "quarterly"}},
                "data_elements": {"deA": {"indicator": "nope"},
                  "deB": {"indicator": "victims_identified", "category_option_combos": {
                     "cocA": {"colour": "red"}, "cocB": {"sex": "other"}, " cocC": {}}},
                  "deC": {"indicator": "convictions", "category_option_combos": {"cocD": {"sex": "male"}}}},
                "org_units": {"ouA": "pcct-atlantis"}}"#,
        );
        let expected = [
            (ErrorKind::UnknownReference, "plan", "the mapping is for plan `other-plan`, not `nsp-2019-2023`"),
            (ErrorKind::UnknownReference, "data_sets.dsA.obligation", "data set `dsA` is mapped to obligation `report-weekly`, which the plan does not have"),
            (ErrorKind::InvalidValue, "data_sets.dsB.report_type", "data set `dsB` is mapped to report type quarterly, but obligation `report-monthly` is of report type monthly"),
            (ErrorKind::UnknownReference, "data_elements.deA.indicator", "data element `deA` is mapped to indicator `nope`, which the plan does not have"),
            (ErrorKind::InvalidValue, "data_elements.deB.category_option_combos. cocC", "` cocC` is not a category option combo id: dhis2 ids are not empty and have no surrounding spaces"),
            (ErrorKind::UnknownReference, "data_elements.deB.category_option_combos.cocA.colour", "`colour` is not a dimension of indicator `victims_identified` (expected one of sex, age_band)"),
            (ErrorKind::InvalidValue, "data_elements.deB.category_option_combos.cocB.sex", "`other` is not a category of `sex` (expected one of female, male, unknown)"),
            (ErrorKind::UnknownReference, "data_elements.deC.category_option_combos.cocD.sex", "indicator `convictions` declares no disaggregation, not `sex`"),
            (ErrorKind::UnknownReference, "org_units.ouA", "organisation unit `ouA` is mapped to organisation `pcct-atlantis`, which the plan does not have"),
        ];
        let expected: Vec<(ErrorKind, String, String)> = expected
            .iter()
            .map(|(k, p, m)| (*k, p.to_string(), m.to_string()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn the_mapping_is_read_strictly() {
        let e = Mapping::from_json(r#"{"org_unit": {}}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownField);
        let e = Mapping::from_json(r#"{"org_units": {"a": "x", "a": "y"}}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        assert!(
            e.message().starts_with("duplicate key `a`"),
            "{}",
            e.message()
        );
        assert_eq!(e.location().path, "org_units.a");
        let e = Mapping::from_json(r#"{"data_sets": {"d": ["report-monthly"]}}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::WrongType);
        assert_eq!(e.location().path, "data_sets.d");
        let e = Mapping::from_json(r#"{"unknown_ids": "ignore"}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        assert_eq!(Mapping::from_json("{}").unwrap(), Mapping::default());
        assert_eq!(
            Mapping::from_json(r#"{"format": 1}"#).unwrap().format,
            Some(1)
        );
        let e = Mapping::from_json(r#"{"format": 2}"#).unwrap_err();
        assert_eq!(
            (e.kind(), e.location().path.as_str()),
            (ErrorKind::InvalidValue, "format")
        );
    }
}
