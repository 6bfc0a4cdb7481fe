//! One DHIS2 export file: a data value set (JSON or CSV), complete data set
//! registrations (JSON), or both in one JSON object; and where in it each row is.

use super::data_value_set::{self, Column, CsvValues, DataValue, DataValueSet};
use super::registrations::Registration;
use crate::error::{Error, ErrorKind, Location};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// A DHIS2 export file, read: its data values and its complete data set registrations.
///
/// [`Export::read`] takes a `.csv` file as DHIS2's data value CSV and anything else as
/// JSON: an object with `dataValues` (a data value set), `completeDataSetRegistrations`,
/// or both. Errors found later (an id the mapping does not name, a period that does not
/// fit) name the file and the row of the CSV or the JSON path, line and column.
///
/// ```
/// let export = planwatch::dhis2::Export::from_json(
///     r#"{"completeDataSetRegistrations": [{"dataSet": "dsMonthly01", "period": "202106",
///         "organisationUnit": "ouKampot01", "date": "2021-07-09"}]}"#,
///     None,
/// ).unwrap();
/// assert_eq!(export.registrations.len(), 1);
/// assert!(export.data_value_set.data_values.is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Export {
    /// The data values (empty when the file has none), with their defaults.
    pub data_value_set: DataValueSet,
    /// The complete data set registrations (empty when the file has none).
    pub registrations: Vec<Registration>,
    file: Option<PathBuf>,
    source: Source,
}

/// What the export was read from, to say where a row is.
#[derive(Debug, Clone)]
enum Source {
    /// JSON text: errors give the JSON path, line and column.
    Json(String),
    /// CSV: errors give the row and the column's name.
    Csv(CsvValues),
}

/// The top-level object of a DHIS2 JSON export.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    #[serde(default)]
    data_set: Option<String>,
    #[serde(default)]
    complete_date: Option<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    org_unit: Option<String>,
    #[serde(default)]
    attribute_option_combo: Option<String>,
    #[serde(default)]
    data_values: Option<Vec<DataValue>>,
    #[serde(default)]
    complete_data_set_registrations: Option<Vec<Registration>>,
}

/// A row of an export, or its top level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Row {
    /// The data value set's own fields (its defaults, its `completeDate`).
    Top,
    /// The data value at this index.
    Value(usize),
    /// The registration at this index.
    Registration(usize),
}

/// A field of a row, as JSON and CSV name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// The whole row.
    Whole,
    DataSet,
    DataElement,
    Period,
    OrgUnit,
    CategoryOptionCombo,
    Value,
    LastUpdated,
    Created,
    CompleteDate,
    Date,
}

impl Field {
    fn json(self, row: Row) -> &'static str {
        match self {
            Field::Whole => "",
            Field::DataSet => "dataSet",
            Field::DataElement => "dataElement",
            Field::Period => "period",
            Field::OrgUnit if matches!(row, Row::Registration(_)) => "organisationUnit",
            Field::OrgUnit => "orgUnit",
            Field::CategoryOptionCombo => "categoryOptionCombo",
            Field::Value => "value",
            Field::LastUpdated => "lastUpdated",
            Field::Created => "created",
            Field::CompleteDate => "completeDate",
            Field::Date => "date",
        }
    }

    fn column(self) -> Option<Column> {
        Some(match self {
            Field::DataElement => Column::DataElement,
            Field::Period => Column::Period,
            Field::OrgUnit => Column::OrgUnit,
            Field::CategoryOptionCombo => Column::CategoryOptionCombo,
            Field::Value => Column::Value,
            Field::LastUpdated => Column::LastUpdated,
            _ => return None,
        })
    }
}

impl Export {
    /// Reads an export file: a `.csv` file (any case) as DHIS2's data value CSV, anything
    /// else as JSON.
    pub fn read(path: impl AsRef<Path>) -> Result<Export, Error> {
        let path = path.as_ref();
        let text = crate::load::read_text(path)?;
        let csv = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if csv {
            Export::from_csv(&text, Some(path))
        } else {
            Export::from_json(&text, Some(path))
        }
    }

    /// Reads a JSON export; `file` names it in errors.
    pub fn from_json(text: &str, file: Option<&Path>) -> Result<Export, Error> {
        let doc: Document = crate::load::parse_json(text, file)?;
        if doc.data_values.is_none() && doc.complete_data_set_registrations.is_none() {
            return Err(Error::new(
                ErrorKind::MissingField,
                "not a dhis2 export: the object has neither `dataValues` nor `completeDataSetRegistrations`",
                Location::default(),
            )
            .in_file(file)
            .at_line(1, 1));
        }
        Ok(Export {
            data_value_set: DataValueSet {
                data_set: doc.data_set,
                complete_date: doc.complete_date,
                period: doc.period,
                org_unit: doc.org_unit,
                attribute_option_combo: doc.attribute_option_combo,
                data_values: doc.data_values.unwrap_or_default(),
            },
            registrations: doc.complete_data_set_registrations.unwrap_or_default(),
            file: file.map(Path::to_path_buf),
            source: Source::Json(text.to_string()),
        })
    }

    /// Reads DHIS2's data value CSV (with or without its header row); `file` names it in
    /// errors.
    ///
    /// ```
    /// let export = planwatch::dhis2::Export::from_csv(
    ///     "deCases0001,2021Q2,ouGcnp0001,HllvX50cXC0,,77\n", None).unwrap();
    /// assert_eq!(export.data_value_set.data_values[0].value.as_deref(), Some("77"));
    /// ```
    pub fn from_csv(text: &str, file: Option<&Path>) -> Result<Export, Error> {
        let mut values = data_value_set::read_csv(text, file)?;
        Ok(Export {
            data_value_set: std::mem::take(&mut values.set),
            registrations: Vec::new(),
            file: file.map(Path::to_path_buf),
            source: Source::Csv(values),
        })
    }

    /// The file the export was read from, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Where `field` of `row` is: the file, and the JSON path (with its line and column
    /// when `position`) or the CSV row and column.
    pub(crate) fn location(&self, row: Row, field: Field, position: bool) -> Location {
        let file = self.file.clone();
        match &self.source {
            Source::Json(text) => {
                let at = match row {
                    Row::Top => String::new(),
                    Row::Value(i) => format!("dataValues[{i}]"),
                    Row::Registration(i) => format!("completeDataSetRegistrations[{i}]"),
                };
                let name = field.json(row);
                let path = match (at.is_empty(), name.is_empty()) {
                    (_, true) => at,
                    (true, false) => name.to_string(),
                    (false, false) => format!("{at}.{name}"),
                };
                let (line, column) = if position {
                    crate::load::locate(text, &path)
                        .map_or((None, None), |(l, c)| (Some(l), Some(c)))
                } else {
                    (None, None)
                };
                Location {
                    file,
                    path,
                    line,
                    column,
                    ..Location::default()
                }
            }
            Source::Csv(values) => {
                let (row, path) = match row {
                    Row::Value(i) => (values.rows.get(i).copied(), format!("dataValues[{i}]")),
                    _ => (None, String::new()),
                };
                Location {
                    file,
                    path,
                    row,
                    column_name: field.column().map(|c| values.column_name(c).to_string()),
                    ..Location::default()
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_located_by_json_path_line_and_column_or_by_csv_row() {
        let json = "{\"dataValues\": [\n {\"dataElement\": \"a\", \"period\": \"202106\"},\n {\"dataElement\": \"b\",\n  \"period\": \"2021W5\"}]}";
        let export = Export::from_json(json, Some(Path::new("v.json"))).unwrap();
        let at = export.location(Row::Value(1), Field::Period, true);
        assert_eq!(at.path, "dataValues[1].period");
        assert_eq!((at.line, at.column), (Some(4), Some(13)));
        assert_eq!(at.to_string(), "v.json:4:13 at dataValues[1].period");
        let csv = "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value\na,202106,o,,,1\nb,2021W5,o,,,2\n";
        let export = Export::from_csv(csv, Some(Path::new("v.csv"))).unwrap();
        let at = export.location(Row::Value(1), Field::CategoryOptionCombo, true);
        assert_eq!(at.to_string(), "v.csv row 3, column categoryoptioncombo");
    }

    #[test]
    fn a_json_file_that_is_no_export_is_an_error() {
        let e = Export::from_json(r#"{"data_sets": {}}"#, Some(Path::new("m.json"))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingField);
        assert_eq!(
            e.to_string(),
            "m.json:1:1: missing_field: not a dhis2 export: the object has neither `dataValues` nor `completeDataSetRegistrations`"
        );
        let e = Export::from_json(r#"{"dataValues": [{"value": "1"}]}"#, None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingField);
        assert_eq!(e.location().path, "dataValues[0]");
        let e = Export::from_json(r#"{"dataValues": {}}"#, None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::WrongType);
    }
}
