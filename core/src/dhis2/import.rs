//! The import: DHIS2 exports, through a mapping, as the plan's monitoring data, merged
//! with the monitoring data a plan directory already holds.

use super::export::{Export, Field, Row};
use super::mapping::{Mapping, UnknownIds};
use super::period_id::Dhis2Period;
use super::registrations::dhis2_day;
use super::summary::{DataSetCount, IdKind, IndicatorCount, Replaced, Summary, UnknownId};
use crate::error::{Error, ErrorKind, Errors, Location};
use crate::model::{IndicatorActual, Monitoring, Plan, Submission};
use crate::order::natural_cmp;
use crate::period::{Period, PeriodType};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Errors beyond this many are reported without a line and column (each costs a pass
/// over the JSON text).
const LOCATED: usize = 100;

/// The monitoring data an import made, and what it did.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The directory's monitoring data (or none) with the imported submissions and
    /// indicator values: entries the import gives again (the same reporter, report type
    /// and period; the same indicator, period and reporter) are replaced, the others kept
    /// in their order, and the imported ones follow, submissions by period, report type
    /// and reporter, indicator values by indicator (in the plan's order), period and
    /// reporter.
    pub monitoring: Monitoring,
    /// What was read, imported, replaced and skipped.
    pub summary: Summary,
}

/// Where a row is: the export's position in the list, and the row in it.
type At = (usize, Row);

/// A data value, mapped.
struct Value {
    /// DHIS2's key of the value: data element, period, org unit, category option combo,
    /// attribute option combo.
    key: [String; 5],
    indicator: usize,
    period: Period,
    reporter: String,
    parts: Vec<(String, String)>,
    value: f64,
    day: Option<NaiveDate>,
    at: At,
}

/// A registration, mapped.
struct Complete {
    /// DHIS2's key: data set, period, org unit, attribute option combo.
    key: [String; 4],
    data_set: String,
    report_type: PeriodType,
    period: Period,
    reporter: String,
    day: NaiveDate,
}

/// The fields of a registration, from a registration or a data value set's top level.
struct RegistrationRow<'a> {
    data_set: &'a str,
    period: Option<&'a str>,
    org_unit: Option<&'a str>,
    attribute_option_combo: Option<&'a str>,
    date: Option<&'a str>,
    date_field: Field,
    row: Row,
}

/// The state of one import.
struct Run<'a> {
    plan: &'a Plan,
    mapping: &'a Mapping,
    exports: &'a [Export],
    indicators: BTreeMap<&'a str, usize>,
    values: Vec<Value>,
    completes: Vec<Complete>,
    errors: Vec<Error>,
    unknown: BTreeMap<(IdKind, String), usize>,
    summary: Summary,
}

/// Imports `exports` through `mapping` into `existing`, the monitoring data of `plan`
/// (see [`Import::monitoring`] for how they merge). Every problem found is returned:
/// mapping errors at their JSON path in the mapping, export errors at their file and row
/// or JSON path. The merged data are not validated here; [`import_dir`](super::import_dir)
/// does that.
pub fn import(
    plan: &Plan,
    existing: &Monitoring,
    mapping: &Mapping,
    exports: &[Export],
) -> Result<Import, Errors> {
    mapping.check(plan)?;
    let mut run = Run {
        plan,
        mapping,
        exports,
        indicators: (plan.indicators.iter().enumerate())
            .map(|(i, x)| (x.id.as_str(), i))
            .collect(),
        values: Vec::new(),
        completes: Vec::new(),
        errors: Vec::new(),
        unknown: BTreeMap::new(),
        summary: Summary {
            files: exports.len(),
            ..Summary::default()
        },
    };
    for (f, export) in exports.iter().enumerate() {
        run.read(f, export);
    }
    let actuals = run.indicator_values();
    let submissions = run.submissions();
    if let Some(errors) = Errors::from_vec(std::mem::take(&mut run.errors)) {
        return Err(errors);
    }
    run.summary.skipped.unknown = std::mem::take(&mut run.unknown)
        .into_iter()
        .map(|((kind, id), rows)| UnknownId { kind, id, rows })
        .collect();
    Ok(merge(existing, actuals, submissions, run.summary))
}

impl<'a> Run<'a> {
    fn error(&mut self, kind: ErrorKind, message: String, (f, row): At, field: Field, id: &str) {
        let position = self.errors.len() < LOCATED;
        let location = self.exports[f].location(row, field, position);
        self.errors
            .push(Error::new(kind, message, location).with_subject(id));
    }

    /// A row with an id the mapping does not name: an error, or counted and skipped.
    fn unknown(&mut self, kind: IdKind, id: &str, message: String, at: At, field: Field) {
        match self.mapping.unknown_ids {
            UnknownIds::Skip => *self.unknown.entry((kind, id.to_string())).or_default() += 1,
            UnknownIds::Error => self.error(ErrorKind::UnknownReference, message, at, field, id),
        }
    }

    fn read(&mut self, f: usize, export: &'a Export) {
        let set = &export.data_value_set;
        for i in 0..set.data_values.len() {
            self.read_value(f, export, i);
        }
        if let (Some(data_set), Some(date)) = (&set.data_set, &set.complete_date) {
            self.summary.registrations += 1;
            self.read_registration(
                f,
                RegistrationRow {
                    data_set,
                    period: set.period.as_deref(),
                    org_unit: set.org_unit.as_deref(),
                    attribute_option_combo: set.attribute_option_combo.as_deref(),
                    date: Some(date.as_str()),
                    date_field: Field::CompleteDate,
                    row: Row::Top,
                },
            );
        }
        for (i, r) in export.registrations.iter().enumerate() {
            self.summary.registrations += 1;
            if !r.is_complete() {
                self.summary.skipped.incomplete += 1;
                continue;
            }
            self.read_registration(
                f,
                RegistrationRow {
                    data_set: &r.data_set,
                    period: r.period.as_deref(),
                    org_unit: r.organisation_unit.as_deref(),
                    attribute_option_combo: r.attribute_option_combo.as_deref(),
                    date: r.date.as_deref(),
                    date_field: Field::Date,
                    row: Row::Registration(i),
                },
            );
        }
    }

    /// A period id of a row as the planwatch period of `report_type`, with `what` (the
    /// data element or data set and what it is mapped to) in the message.
    fn period(
        &mut self,
        id: &str,
        report_type: PeriodType,
        what: impl Fn() -> String,
        at: At,
        subject: &str,
    ) -> Option<Period> {
        let calendar = self.plan.fiscal_year_start_month;
        let period = Dhis2Period::parse(id).and_then(|p| p.to_period(report_type, calendar));
        match period {
            Err(message) => {
                self.error(
                    ErrorKind::InvalidPeriod,
                    format!("period of {}: {message}", what()),
                    at,
                    Field::Period,
                    subject,
                );
                None
            }
            Ok(p) if p.end() < self.plan.start || p.end() > self.plan.end => {
                self.error(
                    ErrorKind::PeriodOutsidePlan,
                    format!(
                        "period `{id}` ({} to {}) ends outside the plan ({} to {})",
                        p.start(),
                        p.end(),
                        self.plan.start,
                        self.plan.end
                    ),
                    at,
                    Field::Period,
                    subject,
                );
                None
            }
            Ok(p) => Some(p),
        }
    }

    fn read_value(&mut self, f: usize, export: &'a Export, i: usize) {
        let set = &export.data_value_set;
        let v = &set.data_values[i];
        let at = (f, Row::Value(i));
        self.summary.data_values += 1;
        if v.deleted == Some(true) {
            self.summary.skipped.deleted += 1;
            return;
        }
        let de = v.data_element.as_str();
        let mapping = self.mapping;
        let Some(element) = mapping.data_elements.get(de) else {
            let message = format!("data element `{de}` is not in the mapping");
            self.unknown(IdKind::DataElement, de, message, at, Field::DataElement);
            return;
        };
        let parts = match &element.category_option_combos {
            None => Vec::new(),
            Some(combos) => match v
                .category_option_combo
                .as_deref()
                .map(|c| (c, combos.get(c)))
            {
                Some((_, Some(parts))) => {
                    parts.iter().map(|(d, c)| (d.clone(), c.clone())).collect()
                }
                found => {
                    let coc = found.map_or("", |(c, _)| c);
                    let named: Vec<&str> = combos.keys().map(String::as_str).collect();
                    let message = if coc.is_empty() {
                        format!(
                            "data value of data element `{de}` has no category option combo, and the mapping lists the data element's combos ({})",
                            named.join(", ")
                        )
                    } else {
                        format!(
                            "category option combo `{coc}` of data element `{de}` is not in the mapping (it lists {})",
                            named.join(", ")
                        )
                    };
                    self.unknown(
                        IdKind::CategoryOptionCombo,
                        coc,
                        message,
                        at,
                        Field::CategoryOptionCombo,
                    );
                    return;
                }
            },
        };
        // A field of the value, else the data value set's default (located there).
        let given = |own: &'a Option<String>, top: &'a Option<String>| match (own, top) {
            (Some(x), _) => Some((x.as_str(), at)),
            (None, Some(x)) => Some((x.as_str(), (f, Row::Top))),
            (None, None) => None,
        };
        let Some((ou, ou_at)) = given(&v.org_unit, &set.org_unit) else {
            let message = format!(
                "data value of data element `{de}` has no orgUnit, and its data value set gives none"
            );
            self.error(ErrorKind::MissingField, message, at, Field::Whole, de);
            return;
        };
        let Some(reporter) = mapping.org_units.get(ou) else {
            let message = format!("organisation unit `{ou}` is not in the mapping");
            self.unknown(IdKind::OrgUnit, ou, message, ou_at, Field::OrgUnit);
            return;
        };
        let Some(&indicator) = self.indicators.get(element.indicator.as_str()) else {
            return; // the mapping's check names it
        };
        let frequency = self.plan.indicators[indicator].frequency;
        let Some((pe, pe_at)) = given(&v.period, &set.period) else {
            let message = format!(
                "data value of data element `{de}` has no period, and its data value set gives none"
            );
            self.error(ErrorKind::MissingField, message, at, Field::Whole, de);
            return;
        };
        let what = || {
            format!(
                "data element `{de}` (indicator `{}`, {frequency})",
                element.indicator
            )
        };
        let period = self.period(pe, frequency, what, pe_at, de);
        let value = match v.value.as_deref().map(|t| (t, t.trim().parse::<f64>())) {
            Some((_, Ok(x))) if x.is_finite() => Some(x),
            Some((text, _)) => {
                let shown: String = text.chars().take(40).flat_map(char::escape_debug).collect();
                let message = format!("value `{shown}` of data element `{de}` is not a number");
                self.error(ErrorKind::InvalidValue, message, at, Field::Value, de);
                None
            }
            None => {
                let message = format!("data value of data element `{de}` has no value");
                self.error(ErrorKind::MissingField, message, at, Field::Whole, de);
                None
            }
        };
        let (date, date_field) = match (&v.last_updated, &v.created) {
            (Some(d), _) => (Some(d), Field::LastUpdated),
            (None, Some(d)) => (Some(d), Field::Created),
            (None, None) => (None, Field::LastUpdated),
        };
        let day = match date.map(|d| dhis2_day(d)) {
            Some(Err(message)) => {
                self.error(ErrorKind::InvalidValue, message, at, date_field, de);
                return;
            }
            Some(Ok(day)) => Some(day),
            None => None,
        };
        let (Some(period), Some(value)) = (period, value) else {
            return;
        };
        let aoc =
            given(&v.attribute_option_combo, &set.attribute_option_combo).map_or("", |(x, _)| x);
        self.values.push(Value {
            key: [
                de.to_string(),
                pe.to_string(),
                ou.to_string(),
                v.category_option_combo.clone().unwrap_or_default(),
                aoc.to_string(),
            ],
            indicator,
            period,
            reporter: reporter.clone(),
            parts,
            value,
            day,
            at,
        });
    }

    fn read_registration(&mut self, f: usize, r: RegistrationRow<'_>) {
        let at = (f, r.row);
        let ds = r.data_set;
        let mapping = self.mapping;
        let Some(set) = mapping.data_sets.get(ds) else {
            let message = format!("data set `{ds}` is not in the mapping");
            self.unknown(IdKind::DataSet, ds, message, at, Field::DataSet);
            return;
        };
        let Some(obligation) =
            (self.plan.reporting_obligations.iter()).find(|o| o.id == set.obligation)
        else {
            return; // the mapping's check names it
        };
        let missing = |field: &str| format!("registration of data set `{ds}` has no {field}");
        let Some(ou) = r.org_unit else {
            let field = if r.row == Row::Top {
                "orgUnit"
            } else {
                "organisationUnit"
            };
            self.error(
                ErrorKind::MissingField,
                missing(field),
                at,
                Field::Whole,
                ds,
            );
            return;
        };
        let Some(reporter) = mapping.org_units.get(ou) else {
            let message = format!("organisation unit `{ou}` is not in the mapping");
            self.unknown(IdKind::OrgUnit, ou, message, at, Field::OrgUnit);
            return;
        };
        let Some(pe) = r.period else {
            self.error(
                ErrorKind::MissingField,
                missing("period"),
                at,
                Field::Whole,
                ds,
            );
            return;
        };
        let report_type = obligation.report_type;
        let what = || {
            format!(
                "data set `{ds}` (obligation `{}`, {report_type})",
                obligation.id
            )
        };
        let period = self.period(pe, report_type, what, at, ds);
        let day = match r.date.map(dhis2_day) {
            Some(Ok(day)) => Some(day),
            Some(Err(message)) => {
                self.error(ErrorKind::InvalidValue, message, at, r.date_field, ds);
                None
            }
            None => {
                self.error(
                    ErrorKind::MissingField,
                    missing("date"),
                    at,
                    Field::Whole,
                    ds,
                );
                None
            }
        };
        let (Some(period), Some(day)) = (period, day) else {
            return;
        };
        self.completes.push(Complete {
            key: [
                ds.to_string(),
                pe.to_string(),
                ou.to_string(),
                r.attribute_option_combo.unwrap_or_default().to_string(),
            ],
            data_set: ds.to_string(),
            report_type,
            period,
            reporter: reporter.clone(),
            day,
        });
    }

    /// The indicator values: the last of the rows DHIS2 keys alike, added up per
    /// indicator, period and reporter (totals to the total, breakdowns to their
    /// categories), sorted by indicator (plan order), period and reporter.
    fn indicator_values(&mut self) -> Vec<IndicatorActual> {
        let plan = self.plan;
        #[derive(Default)]
        struct Sum {
            total: Option<f64>,
            parts: BTreeMap<String, BTreeMap<String, f64>>,
            day: Option<NaiveDate>,
            rows: usize,
            first: Option<At>,
        }
        let values = std::mem::take(&mut self.values);
        let last: BTreeMap<&[String; 5], usize> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (&v.key, i))
            .collect();
        let mut sums: BTreeMap<(usize, Period, &str), Sum> = BTreeMap::new();
        for (i, v) in values.iter().enumerate() {
            if last.get(&v.key) != Some(&i) {
                self.summary.skipped.superseded += 1;
                continue;
            }
            let sum = sums
                .entry((v.indicator, v.period, v.reporter.as_str()))
                .or_default();
            if v.parts.is_empty() {
                *sum.total.get_or_insert(0.0) += v.value;
            }
            for (dim, cat) in &v.parts {
                *sum.parts
                    .entry(dim.clone())
                    .or_default()
                    .entry(cat.clone())
                    .or_insert(0.0) += v.value;
            }
            sum.day = sum.day.max(v.day);
            sum.rows += 1;
            sum.first.get_or_insert(v.at);
        }
        let mut counts: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        let mut out = Vec::with_capacity(sums.len());
        for ((indicator, period, reporter), sum) in sums {
            let count = counts.entry(indicator).or_default();
            count.0 += sum.rows;
            count.1 += 1;
            let def = &plan.indicators[indicator];
            let value = match sum.total {
                Some(total) => total,
                None => {
                    let totals: Vec<(&str, f64)> = (def.disaggregations.iter())
                        .filter_map(|d| {
                            let parts = sum.parts.get(&d.dimension)?;
                            Some((d.dimension.as_str(), parts.values().sum()))
                        })
                        .collect();
                    let first = totals.first().map_or(0.0, |t| t.1);
                    let agree = totals
                        .iter()
                        .all(|t| (t.1 - first).abs() <= 1e-9 * first.abs().max(1.0));
                    if !agree {
                        let shown: Vec<String> =
                            totals.iter().map(|(d, s)| format!("{d} {s}")).collect();
                        let message = format!(
                            "indicator `{}` has no total for period {period} from `{reporter}`, and its breakdowns add up differently ({}): map a data element or category option combo to the total",
                            def.id,
                            shown.join(", ")
                        );
                        let at = sum.first.unwrap_or((0, Row::Top));
                        self.error(ErrorKind::InvalidValue, message, at, Field::Whole, &def.id);
                        continue;
                    }
                    first
                }
            };
            out.push(IndicatorActual {
                indicator: def.id.clone(),
                period: period.id(),
                value,
                reported_by: Some(reporter.to_string()),
                reported: sum.day,
                disaggregation: sum.parts,
            });
        }
        // Stable: equal reporters keep their (byte) order.
        out.sort_by(|a, b| {
            let ia = self.indicators.get(a.indicator.as_str());
            let ib = self.indicators.get(b.indicator.as_str());
            let key = |x: &IndicatorActual| {
                Period::parse(&x.period, self.plan.fiscal_year_start_month).ok()
            };
            (ia, key(a)).cmp(&(ib, key(b))).then_with(|| {
                natural_cmp(
                    a.reported_by.as_deref().unwrap_or(""),
                    b.reported_by.as_deref().unwrap_or(""),
                )
            })
        });
        self.summary.indicators = counts
            .into_iter()
            .map(|(i, (rows, values))| IndicatorCount {
                indicator: self.plan.indicators[i].id.clone(),
                data_values: rows,
                indicator_values: values,
            })
            .collect();
        self.summary.indicator_values = out.len();
        out
    }

    /// The submissions: the last of the registrations DHIS2 keys alike, then one per
    /// reporter, report type and period (the earliest), sorted by period, report type and
    /// reporter.
    fn submissions(&mut self) -> Vec<Submission> {
        let completes = std::mem::take(&mut self.completes);
        let last: BTreeMap<&[String; 4], usize> = completes
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.key, i))
            .collect();
        let mut first: BTreeMap<(Period, PeriodType, &str), &Complete> = BTreeMap::new();
        let mut registrations: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, c) in completes.iter().enumerate() {
            if last.get(&c.key) != Some(&i) {
                self.summary.skipped.superseded += 1;
                continue;
            }
            *registrations.entry(c.data_set.as_str()).or_default() += 1;
            first
                .entry((c.period, c.report_type, c.reporter.as_str()))
                .and_modify(|kept| {
                    if c.day < kept.day {
                        *kept = c;
                    }
                })
                .or_insert(c);
        }
        let mut submissions: BTreeMap<&str, usize> = BTreeMap::new();
        let mut out: Vec<Submission> = first
            .values()
            .map(|c| {
                *submissions.entry(c.data_set.as_str()).or_default() += 1;
                Submission {
                    reporter: c.reporter.clone(),
                    report_type: c.report_type,
                    period: c.period.id(),
                    submitted: c.day,
                }
            })
            .collect();
        let cal = self.plan.fiscal_year_start_month;
        out.sort_by(|a, b| {
            let p = |s: &Submission| Period::parse(&s.period, cal).ok();
            (p(a), a.report_type)
                .cmp(&(p(b), b.report_type))
                .then_with(|| natural_cmp(&a.reporter, &b.reporter))
        });
        self.summary.data_sets = registrations
            .into_iter()
            .filter_map(|(id, n)| {
                let set = self.mapping.data_sets.get(id)?;
                let obligation =
                    (self.plan.reporting_obligations.iter()).find(|o| o.id == set.obligation)?;
                Some(DataSetCount {
                    data_set: id.to_string(),
                    obligation: obligation.id.clone(),
                    report_type: obligation.report_type,
                    registrations: n,
                    submissions: submissions.get(id).copied().unwrap_or(0),
                })
            })
            .collect();
        self.summary.submissions = out.len();
        out
    }
}

/// `existing` without the entries the import gives again, then the imported ones.
fn merge(
    existing: &Monitoring,
    actuals: Vec<IndicatorActual>,
    submissions: Vec<Submission>,
    mut summary: Summary,
) -> Import {
    let given: BTreeSet<(&str, PeriodType, &str)> = submissions
        .iter()
        .map(|s| (s.reporter.as_str(), s.report_type, s.period.as_str()))
        .collect();
    let mut monitoring = existing.clone();
    monitoring
        .submissions
        .retain(|s| !given.contains(&(s.reporter.as_str(), s.report_type, s.period.as_str())));
    let valued: BTreeSet<(&str, &str, Option<&str>)> = actuals
        .iter()
        .map(|a| {
            (
                a.indicator.as_str(),
                a.period.as_str(),
                a.reported_by.as_deref(),
            )
        })
        .collect();
    monitoring.indicator_actuals.retain(|a| {
        !valued.contains(&(
            a.indicator.as_str(),
            a.period.as_str(),
            a.reported_by.as_deref(),
        ))
    });
    summary.replaced = Replaced {
        submissions: existing.submissions.len() - monitoring.submissions.len(),
        indicator_values: existing.indicator_actuals.len() - monitoring.indicator_actuals.len(),
    };
    monitoring.submissions.extend(submissions);
    monitoring.indicator_actuals.extend(actuals);
    Import {
        monitoring,
        summary,
    }
}

impl Import {
    /// The monitoring data as `monitoring.json` is written: JSON with a one-space indent
    /// (as the shipped files) and a final newline.
    pub fn monitoring_json(&self) -> String {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        // Plain data: serialising it cannot fail.
        let _ = serde::Serialize::serialize(&self.monitoring, &mut ser);
        out.push(b'\n');
        String::from_utf8(out).unwrap_or_default()
    }

    /// Writes the monitoring data as `monitoring.json` in `dir` (through a temporary file
    /// renamed over it, so that a failed write leaves the old file), and returns its path.
    pub fn write(&self, dir: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let dir = dir.as_ref();
        let path = dir.join(crate::load::MONITORING_FILE);
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            crate::load::MONITORING_FILE,
            std::process::id()
        ));
        let io = |e: std::io::Error, file: &Path| {
            Error::new(
                ErrorKind::Io,
                format!(
                    "cannot write file: {}",
                    crate::load::lowercase_first(&e.to_string())
                ),
                Location::default(),
            )
            .in_file(Some(file))
        };
        std::fs::write(&tmp, self.monitoring_json()).map_err(|e| io(e, &tmp))?;
        std::fs::rename(&tmp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e, &path)
        })?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Plan;

    fn plan() -> Plan {
        crate::Dataset::load("../examples/nsp-2019-2023")
            .unwrap()
            .plan()
            .clone()
    }

    const MAPPING: &str = r#"{
      "data_sets": {"dsMonth": {"obligation": "report-monthly"},
                    "dsTen": {"obligation": "report-ten-month", "report_type": "ten_month"}},
      "data_elements": {
        "deVictims": {"indicator": "victims_identified", "category_option_combos": {
          "cocFemaleU15": {"sex": "female", "age_band": "under_15"},
          "cocFemale18": {"sex": "female", "age_band": "18_plus"},
          "cocMaleU15": {"sex": "male", "age_band": "under_15"}}},
        "deVictimsAll": {"indicator": "victims_identified", "category_option_combos": {"HllvX50cXC0": {}}},
        "deCases": {"indicator": "cases_investigated"}},
      "org_units": {"ouKampot": "pcct-kampot", "ouGcnp": "gcnp", "ouMosvy": "mosvy"}
    }"#;

    fn mapping(unknown: &str) -> Mapping {
        let text = MAPPING.replacen('{', &format!("{{\"unknown_ids\": \"{unknown}\","), 1);
        Mapping::from_json(&text).unwrap()
    }

    fn json(text: &str) -> Export {
        Export::from_json(text, Some(Path::new("export.json"))).unwrap()
    }

    fn run(exports: &[Export], unknown: &str) -> Result<Import, Errors> {
        import(&plan(), &Monitoring::default(), &mapping(unknown), exports)
    }

    #[test]
    fn combos_of_two_categories_give_both_breakdowns_and_the_total() {
        let export = json(
            r#"{"period": "2021Q2", "orgUnit": "ouMosvy", "dataValues": [
              {"dataElement": "deVictims", "categoryOptionCombo": "cocFemaleU15", "value": "5", "lastUpdated": "2021-07-02T10:00:00.000"},
              {"dataElement": "deVictims", "categoryOptionCombo": "cocFemale18", "value": "10", "lastUpdated": "2021-07-09T10:00:00.000"},
              {"dataElement": "deVictims", "categoryOptionCombo": "cocMaleU15", "value": 3, "created": "2021-07-05"},
              {"dataElement": "deCases", "categoryOptionCombo": "cocAny", "value": "9", "orgUnit": "ouGcnp"},
              {"dataElement": "deCases", "categoryOptionCombo": "cocOther", "value": "1.5", "orgUnit": "ouGcnp"}]}"#,
        );
        let import = run(&[export], "error").unwrap();
        let actuals = &import.monitoring.indicator_actuals;
        assert_eq!(actuals.len(), 2);
        // plan order: cases_investigated comes before victims_identified
        assert_eq!(
            (
                actuals[0].indicator.as_str(),
                actuals[0].value,
                actuals[0].reported
            ),
            ("cases_investigated", 10.5, None)
        );
        assert!(actuals[0].disaggregation.is_empty());
        let v = &actuals[1];
        assert_eq!((v.period.as_str(), v.value), ("2021Q2", 18.0));
        assert_eq!(v.reported_by.as_deref(), Some("mosvy"));
        assert_eq!(
            v.reported.map(|d| d.to_string()).as_deref(),
            Some("2021-07-09")
        );
        let part = |d: &str, c: &str| v.disaggregation[d][c];
        assert_eq!((part("sex", "female"), part("sex", "male")), (15.0, 3.0));
        assert_eq!(
            (part("age_band", "under_15"), part("age_band", "18_plus")),
            (8.0, 10.0)
        );
        assert_eq!(import.summary.indicators[1].data_values, 3);
        // a total given beside the breakdowns is the total, whatever they add up to
        let with_total = json(
            r#"{"dataValues": [
              {"dataElement": "deVictims", "period": "2021Q2", "orgUnit": "ouMosvy", "categoryOptionCombo": "cocMaleU15", "value": "3"},
              {"dataElement": "deVictimsAll", "period": "2021Q2", "orgUnit": "ouMosvy", "categoryOptionCombo": "HllvX50cXC0", "value": "4"}]}"#,
        );
        let import = run(&[with_total], "error").unwrap();
        assert_eq!(import.monitoring.indicator_actuals[0].value, 4.0);
    }

    #[test]
    fn breakdowns_that_disagree_without_a_total_are_an_error() {
        let export = json(
            r#"{"dataValues": [
              {"dataElement": "deVictims", "period": "2021Q2", "orgUnit": "ouMosvy", "categoryOptionCombo": "cocFemaleU15", "value": "5"},
              {"dataElement": "deVictimsSex", "period": "2021Q2", "orgUnit": "ouMosvy", "categoryOptionCombo": "cocMale", "value": "2"}]}"#,
        );
        let text = MAPPING.replace(
            "\"deCases\"",
            "\"deVictimsSex\": {\"indicator\": \"victims_identified\", \"category_option_combos\": {\"cocMale\": {\"sex\": \"male\"}}}, \"deCases\"",
        );
        let m = Mapping::from_json(&text).unwrap();
        let e = import(&plan(), &Monitoring::default(), &m, &[export]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind(), ErrorKind::InvalidValue);
        assert_eq!(
            e[0].message(),
            "indicator `victims_identified` has no total for period 2021Q2 from `mosvy`, and its breakdowns add up differently (sex 7, age_band 5): map a data element or category option combo to the total"
        );
        assert_eq!(e[0].location().path, "dataValues[0]");
    }

    const BAD: &str = r#"{"dataValues": [
      {"dataElement": "deNope", "period": "2021Q2", "orgUnit": "ouMosvy", "value": "1"},
      {"dataElement": "deCases", "period": "202106", "orgUnit": "ouGcnp", "value": "1"},
      {"dataElement": "deCases", "period": "2021Q2", "orgUnit": "ouAtlantis", "value": "1"},
      {"dataElement": "deVictims", "period": "2021Q2", "orgUnit": "ouMosvy", "categoryOptionCombo": "cocX", "value": "1"},
      {"dataElement": "deCases", "period": "2021Q2", "orgUnit": "ouGcnp", "value": "many"},
      {"dataElement": "deCases", "period": "2030Q1", "orgUnit": "ouGcnp", "value": "1"},
      {"dataElement": "deCases", "orgUnit": "ouGcnp", "value": "1"}],
     "completeDataSetRegistrations": [
      {"dataSet": "dsMonth", "period": "2021W5", "organisationUnit": "ouKampot", "date": "2021-02-10"},
      {"dataSet": "dsNope", "period": "202101", "organisationUnit": "ouKampot", "date": "2021-02-10"},
      {"dataSet": "dsMonth", "period": "202101", "organisationUnit": "ouKampot", "date": "10/02/2021"}]}"#;

    #[test]
    fn every_bad_row_is_an_error_naming_the_file_the_place_and_the_id() {
        let e = run(&[json(BAD)], "error").unwrap_err();
        let got: Vec<(ErrorKind, String, Option<&str>, String)> = e
            .iter()
            .map(|e| {
                (
                    e.kind(),
                    e.location().to_string(),
                    e.subject(),
                    e.message().to_string(),
                )
            })
            .collect();
        let expected = [
            (ErrorKind::UnknownReference, "export.json:2:23 at dataValues[0].dataElement", "deNope", "data element `deNope` is not in the mapping"),
            (ErrorKind::InvalidPeriod, "export.json:3:44 at dataValues[1].period", "deCases", "period of data element `deCases` (indicator `cases_investigated`, quarterly): `202106` is a monthly period (2021-06-01 to 2021-06-30), not a quarterly one; the quarterly period holding 2021-06-01 is `2021Q2` in dhis2"),
            (ErrorKind::UnknownReference, "export.json:4:65 at dataValues[2].orgUnit", "ouAtlantis", "organisation unit `ouAtlantis` is not in the mapping"),
            (ErrorKind::UnknownReference, "export.json:5:101 at dataValues[3].categoryOptionCombo", "cocX", "category option combo `cocX` of data element `deVictims` is not in the mapping (it lists cocFemale18, cocFemaleU15, cocMaleU15)"),
            (ErrorKind::InvalidValue, "export.json:6:84 at dataValues[4].value", "deCases", "value `many` of data element `deCases` is not a number"),
            (ErrorKind::PeriodOutsidePlan, "export.json:7:44 at dataValues[5].period", "deCases", "period `2030Q1` (2030-01-01 to 2030-03-31) ends outside the plan (2019-01-01 to 2023-12-31)"),
            (ErrorKind::MissingField, "export.json:8:7 at dataValues[6]", "deCases", "data value of data element `deCases` has no period, and its data value set gives none"),
            (ErrorKind::InvalidPeriod, "export.json:10:40 at completeDataSetRegistrations[0].period", "dsMonth", "period of data set `dsMonth` (obligation `report-monthly`, monthly): `2021W5` is a weekly period (2021-02-01 to 2021-02-07), not a monthly one; the monthly period holding 2021-02-01 is `202102` in dhis2"),
            (ErrorKind::UnknownReference, "export.json:11:19 at completeDataSetRegistrations[1].dataSet", "dsNope", "data set `dsNope` is not in the mapping"),
            (ErrorKind::InvalidValue, "export.json:12:90 at completeDataSetRegistrations[2].date", "dsMonth", "invalid date \"10/02/2021\": expected YYYY-MM-DD or a dhis2 timestamp like 2021-07-19T10:15:00.000"),
        ];
        let expected: Vec<(ErrorKind, String, Option<&str>, String)> = expected
            .iter()
            .map(|(k, l, s, m)| (*k, l.to_string(), Some(*s), m.to_string()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn unknown_ids_are_skipped_and_counted_when_the_mapping_says_so() {
        let csv = Export::from_csv(
            "deNope,2021Q2,ouMosvy,,,1\ndeNope,2021Q3,ouMosvy,,,1\ndeCases,2021Q2,ouAtlantis,,,1\ndeCases,2021Q2,ouGcnp,,,4\n",
            Some(Path::new("values.csv")),
        )
        .unwrap();
        let import = run(std::slice::from_ref(&csv), "skip").unwrap();
        let unknown: Vec<(IdKind, &str, usize)> = (import.summary.skipped.unknown.iter())
            .map(|u| (u.kind, u.id.as_str(), u.rows))
            .collect();
        assert_eq!(
            unknown,
            [
                (IdKind::DataElement, "deNope", 2),
                (IdKind::OrgUnit, "ouAtlantis", 1)
            ]
        );
        assert_eq!(import.monitoring.indicator_actuals.len(), 1);
        assert!(import.summary.text().contains(
            "3 rows with ids not in the mapping:\n  data element `deNope`: 2 rows\n  organisation unit `ouAtlantis`: 1 row\n"
        ));
        // and the same rows are errors by default, at their CSV row and column
        let e = run(&[csv], "error").unwrap_err();
        let at: Vec<String> = e.iter().map(|e| e.location().to_string()).collect();
        assert_eq!(
            at,
            [
                "values.csv row 1, column dataelement",
                "values.csv row 2, column dataelement",
                "values.csv row 3, column orgunit"
            ]
        );
    }

    #[test]
    fn later_rows_replace_earlier_ones_and_a_reporter_period_is_one_submission() {
        let first = json(
            r#"{"dataSet": "dsMonth", "completeDate": "2021-02-08", "period": "202101", "orgUnit": "ouKampot",
                "dataValues": [{"dataElement": "deCases", "period": "2021Q1", "orgUnit": "ouGcnp", "value": "1"}],
                "completeDataSetRegistrations": [
                  {"dataSet": "dsTen", "period": "2021", "organisationUnit": "ouKampot", "date": "2021-11-12T08:00:00.000"},
                  {"dataSet": "dsMonth", "period": "202102", "organisationUnit": "ouKampot", "date": "2021-03-09", "completed": false}]}"#,
        );
        let second = Export::from_csv(
            "dataelement,period,orgunit,value,deleted\ndeCases,2021Q1,ouGcnp,2,\ndeCases,2021Q1,ouGcnp,3,true\n",
            None,
        )
        .unwrap();
        let later = json(
            r#"{"completeDataSetRegistrations": [
                  {"dataSet": "dsMonth", "period": "202101", "organisationUnit": "ouKampot", "attributeOptionCombo": "aocOther", "date": "2021-02-05"},
                  {"dataSet": "dsTen", "period": "2021", "organisationUnit": "ouKampot", "date": "2021-11-20"}]}"#,
        );
        let import = run(&[first, second, later], "error").unwrap();
        let m = &import.monitoring;
        assert_eq!(m.indicator_actuals.len(), 1);
        assert_eq!(
            m.indicator_actuals[0].value, 2.0,
            "the later row, not the deleted one"
        );
        let subs: Vec<(&str, PeriodType, &str, String)> = m
            .submissions
            .iter()
            .map(|s| {
                (
                    s.reporter.as_str(),
                    s.report_type,
                    s.period.as_str(),
                    s.submitted.to_string(),
                )
            })
            .collect();
        assert_eq!(
            subs,
            [
                (
                    "pcct-kampot",
                    PeriodType::Monthly,
                    "2021-01",
                    "2021-02-05".to_string()
                ),
                (
                    "pcct-kampot",
                    PeriodType::TenMonth,
                    "2021T10",
                    "2021-11-20".to_string()
                ),
            ]
        );
        let s = &import.summary;
        assert_eq!((s.files, s.data_values, s.registrations), (3, 3, 5));
        assert_eq!(
            (
                s.skipped.deleted,
                s.skipped.incomplete,
                s.skipped.superseded
            ),
            (1, 1, 2)
        );
        let sets: Vec<(&str, usize, usize)> = (s.data_sets.iter())
            .map(|d| (d.data_set.as_str(), d.registrations, d.submissions))
            .collect();
        assert_eq!(sets, [("dsMonth", 2, 1), ("dsTen", 1, 1)]);
    }

    #[test]
    fn the_directory_keeps_its_data_and_gets_the_imported_after_them() {
        let sub = |reporter: &str, period: &str, day: &str| Submission {
            reporter: reporter.into(),
            report_type: PeriodType::Monthly,
            period: period.into(),
            submitted: day.parse().unwrap(),
        };
        let existing = Monitoring {
            submissions: vec![
                sub("pcct-kampot", "2021-01", "2021-02-20"),
                sub("pcct-kandal", "2021-01", "2021-02-03"),
                sub("pcct-kampot", "2021-01", "2021-02-25"),
            ],
            ..Monitoring::default()
        };
        let export = json(
            r#"{"completeDataSetRegistrations": [
              {"dataSet": "dsMonth", "period": "202101", "organisationUnit": "ouKampot", "date": "2021-02-09"}]}"#,
        );
        let import = import(&plan(), &existing, &mapping("error"), &[export]).unwrap();
        assert_eq!(
            import.monitoring.submissions,
            [
                sub("pcct-kandal", "2021-01", "2021-02-03"),
                sub("pcct-kampot", "2021-01", "2021-02-09")
            ]
        );
        assert_eq!(import.summary.replaced.submissions, 2);
        let text = import.monitoring_json();
        assert!(
            text.starts_with("{\n \"synthetic\": false,\n") && text.ends_with("]\n}\n"),
            "{text}"
        );
    }
}
