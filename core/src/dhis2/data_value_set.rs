//! DHIS2 data value sets (`/api/dataValueSets`), in JSON and in CSV ([`DataValueSet`]).

use crate::error::{Error, ErrorKind, Location};
use crate::load::lowercase_first;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;

/// One DHIS2 data value: the value of a data element, for a period and organisation
/// unit, in a category option combo (and attribute option combo).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValue {
    /// The data element id.
    pub data_element: String,
    /// The DHIS2 period id (`202106`); the data value set's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The organisation unit id; the data value set's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    /// The category option combo id (the breakdown); DHIS2's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_option_combo: Option<String>,
    /// The attribute option combo id; the data value set's, else DHIS2's default, when
    /// absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    /// The value, as text.
    #[serde(
        default,
        deserialize_with = "text_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub value: Option<String>,
    /// Who entered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored_by: Option<String>,
    /// When it was first entered (a DHIS2 timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// When it was last changed (a DHIS2 timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    /// A comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Marked for follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followup: Option<bool>,
    /// Deleted in DHIS2 (an export with `includeDeleted`): not imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

/// A DHIS2 data value set: data values, with the defaults DHIS2 allows at the top.
///
/// JSON: `{"dataValues": [{"dataElement", "period", "orgUnit", "categoryOptionCombo",
/// "attributeOptionCombo", "value", "storedBy", "created", "lastUpdated", "comment",
/// "followup", "deleted"}]}`, with the top-level `dataSet`, `completeDate`, `period`,
/// `orgUnit` and `attributeOptionCombo` that DHIS2 allows as defaults of every value.
/// Fields planwatch does not use (`href`, `displayName`, ...) are ignored: DHIS2 versions
/// differ in what they write. A `value` may be a string (as DHIS2 writes it) or a number.
///
/// CSV: DHIS2's columns in DHIS2's order, `dataelement, period, orgunit, catoptcombo,
/// attroptcombo, value, storedby, lastupdated, comment, followup, deleted`, the later ones
/// optional. A first row whose first cell is a column name is the header; the columns
/// are then taken by name, as DHIS2 writes them (`categoryoptioncombo`,
/// `attributeoptioncombo`) or as its documentation does (`catoptcombo`, `attroptcombo`,
/// `strby`, `lstupd`, `lastupd`, `timestamp`, `cmt`), in any case and order.
/// Without a header the columns are taken in DHIS2's order.
///
/// A data value set with `dataSet`, `completeDate`, `period` and `orgUnit` also registers
/// the data set as complete on `completeDate`, as DHIS2 does on import.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    /// The data set id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_set: Option<String>,
    /// The day the data set was completed (a DHIS2 date or timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complete_date: Option<String>,
    /// The period of every value that gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The organisation unit of every value that gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_unit: Option<String>,
    /// The attribute option combo of every value that gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    /// The values.
    #[serde(default)]
    pub data_values: Vec<DataValue>,
}

/// Accepts a string, a number (written back as its shortest text) or null.
fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or a number")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<String>, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Option<String>, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<String>, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<String>, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<String>, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<String>, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

/// The columns of DHIS2's data value CSV, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Column {
    DataElement,
    Period,
    OrgUnit,
    CategoryOptionCombo,
    AttributeOptionCombo,
    Value,
    StoredBy,
    LastUpdated,
    Comment,
    Followup,
    Deleted,
}

impl Column {
    /// Every column, in DHIS2's order.
    pub(crate) const ALL: [Column; 11] = [
        Column::DataElement,
        Column::Period,
        Column::OrgUnit,
        Column::CategoryOptionCombo,
        Column::AttributeOptionCombo,
        Column::Value,
        Column::StoredBy,
        Column::LastUpdated,
        Column::Comment,
        Column::Followup,
        Column::Deleted,
    ];

    /// The names a header may give the column (lowercase), the first as DHIS2's
    /// documentation writes it.
    fn names(self) -> &'static [&'static str] {
        match self {
            Column::DataElement => &["dataelement"],
            Column::Period => &["period"],
            Column::OrgUnit => &["orgunit"],
            Column::CategoryOptionCombo => &["catoptcombo", "categoryoptioncombo"],
            Column::AttributeOptionCombo => &["attroptcombo", "attributeoptioncombo"],
            Column::Value => &["value"],
            Column::StoredBy => &["storedby", "strby"],
            Column::LastUpdated => &["lastupdated", "lastupd", "lstupd", "timestamp"],
            Column::Comment => &["comment", "cmt"],
            Column::Followup => &["followup"],
            Column::Deleted => &["deleted"],
        }
    }

    /// The column's name in DHIS2's documentation (`catoptcombo`).
    pub(crate) fn name(self) -> &'static str {
        self.names()[0]
    }

    fn named(header: &str) -> Option<Column> {
        let h = header.trim().to_ascii_lowercase();
        Column::ALL
            .into_iter()
            .find(|c| c.names().contains(&h.as_str()))
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A data value set read from CSV, with where each value came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct CsvValues {
    /// The values, in file order.
    pub set: DataValueSet,
    /// The 1-based row of each value.
    pub rows: Vec<usize>,
    /// The name of each column as the file's header gives it (DHIS2's documentation's
    /// names when there is no header).
    pub names: Vec<String>,
}

impl CsvValues {
    /// The column named `column` in errors: the header's name for it.
    pub(crate) fn column_name(&self, column: Column) -> &str {
        self.names
            .get(column.index())
            .map_or(column.name(), String::as_str)
    }
}

/// Reads DHIS2's data value CSV (see [`DataValueSet`]); `file` names it in errors.
pub(crate) fn read_csv(text: &str, file: Option<&Path>) -> Result<CsvValues, Error> {
    let at = |row: usize, column: Option<&str>| Location {
        file: file.map(Path::to_path_buf),
        row: Some(row),
        column_name: column.map(str::to_string),
        ..Location::default()
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut out = CsvValues {
        names: Column::ALL.iter().map(|c| c.name().to_string()).collect(),
        ..CsvValues::default()
    };
    // Which field each cell position holds: DHIS2's order until a header says otherwise.
    let mut order: Vec<Column> = Column::ALL.to_vec();
    let mut number = 0;
    let mut has_header = false;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let row = e.position().map_or(number + 1, |p| p.record() as usize + 1);
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "invalid utf-8".to_string(),
                    _ => lowercase_first(&e.to_string()),
                };
                return Err(Error::new(ErrorKind::Syntax, message, at(row, None)));
            }
        }
        number += 1;
        let cell = |i: usize| {
            let c = record.get(i).unwrap_or("");
            if number == 1 && i == 0 {
                c.trim_start_matches('\u{feff}')
            } else {
                c
            }
        };
        if number == 1 && Column::named(cell(0)).is_some() {
            order = header(&record, &mut out.names, |c| at(1, c))?;
            has_header = true;
            continue;
        }
        if record.len() > order.len() && (order.len()..record.len()).any(|i| !cell(i).is_empty()) {
            return Err(Error::new(
                ErrorKind::Syntax,
                format!(
                    "row has {} cells, more than the {} columns of {}",
                    record.len(),
                    order.len(),
                    if has_header {
                        "the header"
                    } else {
                        "a dhis2 data value row"
                    }
                ),
                at(number, None),
            ));
        }
        let required = order
            .iter()
            .position(|c| *c == Column::Value)
            .map_or(0, |i| i + 1);
        if record.len() < required {
            return Err(Error::new(
                ErrorKind::Syntax,
                format!(
                    "row has {} cells, but a dhis2 data value row has at least {required} ({})",
                    record.len(),
                    order[..required]
                        .iter()
                        .map(|c| out.column_name(*c).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                at(number, None),
            ));
        }
        let mut value = DataValue::default();
        for (i, column) in order.iter().enumerate() {
            let text = cell(i);
            let some = (!text.is_empty()).then(|| text.to_string());
            match column {
                Column::DataElement => value.data_element = text.to_string(),
                Column::Period => value.period = some,
                Column::OrgUnit => value.org_unit = some,
                Column::CategoryOptionCombo => value.category_option_combo = some,
                Column::AttributeOptionCombo => value.attribute_option_combo = some,
                Column::Value => value.value = some,
                Column::StoredBy => value.stored_by = some,
                Column::LastUpdated => value.last_updated = some,
                Column::Comment => value.comment = some,
                Column::Followup | Column::Deleted => {
                    let flag = match text.to_ascii_lowercase().as_str() {
                        "" => None,
                        "true" => Some(true),
                        "false" => Some(false),
                        _ => {
                            return Err(Error::new(
                                ErrorKind::InvalidValue,
                                format!("`{text}` is not true or false"),
                                at(number, Some(out.column_name(*column))),
                            ))
                        }
                    };
                    if *column == Column::Followup {
                        value.followup = flag;
                    } else {
                        value.deleted = flag;
                    }
                }
            }
        }
        out.set.data_values.push(value);
        out.rows.push(number);
    }
    Ok(out)
}

/// The columns a header row names, in its order; `names` gets each column's name as the
/// header writes it.
fn header(
    record: &csv::StringRecord,
    names: &mut [String],
    at: impl Fn(Option<&str>) -> Location,
) -> Result<Vec<Column>, Error> {
    let mut order = Vec::with_capacity(record.len());
    for (i, raw) in record.iter().enumerate() {
        let name = if i == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        let Some(column) = Column::named(name) else {
            let known: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
            return Err(Error::new(
                ErrorKind::UnknownField,
                format!(
                    "`{name}` is not a column of dhis2's data value csv (expected {})",
                    known.join(", ")
                ),
                at(Some(name)),
            ));
        };
        if order.contains(&column) {
            return Err(Error::new(
                ErrorKind::DuplicateId,
                format!("the header gives the {} column twice", column.name()),
                at(Some(name)),
            ));
        }
        names[column.index()] = name.to_string();
        order.push(column);
    }
    for column in [
        Column::DataElement,
        Column::Period,
        Column::OrgUnit,
        Column::Value,
    ] {
        if !order.contains(&column) {
            return Err(Error::new(
                ErrorKind::MissingField,
                format!("the header has no {} column", column.name()),
                at(None),
            ));
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<DataValue> {
        read_csv(text, None).unwrap().set.data_values
    }

    fn one(de: &str, pe: &str, ou: &str, coc: &str, value: &str) -> DataValue {
        DataValue {
            data_element: de.into(),
            period: Some(pe.into()),
            org_unit: Some(ou.into()),
            category_option_combo: Some(coc.into()),
            value: Some(value.into()),
            ..DataValue::default()
        }
    }

    #[test]
    fn csv_with_and_without_header_read_the_same() {
        let body =
            "deCases0001,2021Q2,ouGcnp0001,HllvX50cXC0,,77,admin,2021-07-19T10:00:00.000,,false,\n";
        let long = "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted\n";
        let short = "\"dataelement\",\"period\",\"orgunit\",\"catoptcombo\",\"attroptcombo\",\"value\",\"strby\",\"lstupd\",\"cmt\",\"followup\",\"deleted\"\n";
        let mut expected = one("deCases0001", "2021Q2", "ouGcnp0001", "HllvX50cXC0", "77");
        expected.stored_by = Some("admin".into());
        expected.last_updated = Some("2021-07-19T10:00:00.000".into());
        expected.followup = Some(false);
        for text in [
            body.to_string(),
            format!("{long}{body}"),
            format!("\u{feff}{short}{body}"),
        ] {
            let read = read_csv(&text, None).unwrap();
            assert_eq!(read.set.data_values, vec![expected.clone()], "{text}");
            let header = usize::from(text.contains("period"));
            assert_eq!(read.rows, vec![1 + header]);
        }
        // DHIS2's documentation's shorter rows (no comment, followup, deleted columns)
        assert_eq!(
            values("deCases0001,2021Q2,ouGcnp0001,HllvX50cXC0,,77"),
            vec![one(
                "deCases0001",
                "2021Q2",
                "ouGcnp0001",
                "HllvX50cXC0",
                "77"
            )]
        );
    }

    #[test]
    fn a_header_is_read_by_name_in_any_order() {
        let text = "Value,OrgUnit,Period,DataElement\n5,ouA,202106,deA\n";
        let read = read_csv(text, None).unwrap();
        let mut expected = one("deA", "202106", "ouA", "", "5");
        expected.category_option_combo = None;
        assert_eq!(read.set.data_values, vec![expected]);
        assert_eq!(read.column_name(Column::OrgUnit), "OrgUnit");
    }

    #[test]
    fn bad_csv_is_an_error_at_its_row_and_column() {
        let file = Path::new("values.csv");
        let cases = [
            ("dataelement,period,orgunit,colour,value\n", ErrorKind::UnknownField, Some(1), Some("colour"), "`colour` is not a column of dhis2's data value csv (expected dataelement, period"),
            ("dataelement,period,value\n", ErrorKind::MissingField, Some(1), None, "the header has no orgunit column"),
            ("dataelement,period,orgunit,value,period\n", ErrorKind::DuplicateId, Some(1), Some("period"), "the header gives the period column twice"),
            ("deA,202106,ouA,coc,,5\ndeA,202106\n", ErrorKind::Syntax, Some(2), None, "row has 2 cells, but a dhis2 data value row has at least 6 (dataelement, period, orgunit, catoptcombo, attroptcombo, value)"),
            ("deA,202106,ouA,coc,,5,u,2021-01-01,c,false,false,extra\n", ErrorKind::Syntax, Some(1), None, "row has 12 cells, more than the 11 columns of a dhis2 data value row"),
            ("deA,202106,ouA,coc,,5,u,2021-01-01,c,maybe\n", ErrorKind::InvalidValue, Some(1), Some("followup"), "`maybe` is not true or false"),
        ];
        for (text, kind, row, column, message) in cases {
            let e = read_csv(text, Some(file)).unwrap_err();
            assert_eq!(e.kind(), kind, "{text}: {e}");
            assert_eq!(e.location().row, row, "{text}: {e}");
            assert_eq!(e.location().column_name.as_deref(), column, "{text}: {e}");
            assert!(e.message().starts_with(message), "{text}: {e}");
            assert_eq!(e.location().file.as_deref(), Some(file));
        }
    }

    #[test]
    fn json_values_may_be_strings_numbers_or_null() {
        let set: DataValueSet = crate::load::parse_json(
            r#"{"dataValues": [{"dataElement": "a", "value": "7"}, {"dataElement": "b", "value": 7.5},
                {"dataElement": "c", "value": null, "href": "https://x"}]}"#,
            None,
        )
        .unwrap();
        let got: Vec<Option<&str>> = set.data_values.iter().map(|v| v.value.as_deref()).collect();
        assert_eq!(got, [Some("7"), Some("7.5"), None]);
    }
}
