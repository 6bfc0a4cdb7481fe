//! [`Ev`]: one evidence value, typed and compact; text only when it is written out.

use super::Findings;
use chrono::NaiveDate;
use serde::ser::{Serialize, Serializer};

/// One evidence value of a finding, 16 bytes, no heap (the store keeps it in 8, see
/// [`EvColumn`](super::EvColumn)).
///
/// A rule declares its evidence keys once (sorted by name, see
/// [`RuleInfo::evidence`](crate::rules::RuleInfo)) and gives each finding one value per key,
/// in that order; [`Ev::Absent`] leaves the key out of that finding's evidence. Ids are
/// positions in the plan, written as the ids they stand for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Ev {
    /// The key is left out.
    Absent,
    /// JSON `null`.
    Null,
    /// An integer.
    Int(i64),
    /// A number (`NaN` and infinities are written as `null`, as serde_json does).
    Float(f64),
    /// A day, written `YYYY-MM-DD`.
    Date(NaiveDate),
    /// A fixed name (a status, a link type, a period type); a reference to a static
    /// `&str` keeps the value at 16 bytes: write `Ev::Str(&"above")`.
    Str(&'static &'static str),
    /// The id of the activity at this position.
    Activity(u32),
    /// The id of the organisation at this position.
    Organisation(u32),
    /// The id of the indicator at this position.
    Indicator(u32),
    /// The id of the reporting obligation at this position.
    ReportingObligation(u32),
    /// The id of the meeting obligation at this position.
    MeetingObligation(u32),
    /// The id of the schedule baseline at this position.
    ScheduleBaseline(u32),
    /// The id of the finding's own period.
    Period,
    /// Text kept beside the findings (by position).
    Text(u32),
    /// A JSON value kept beside the findings (by position), for lists and objects.
    Json(u32),
    /// A list of activity ids: `len` activity positions kept beside the findings from
    /// position `start` (see [`RuleSink::activities`](super::RuleSink::activities)).
    Activities { start: u32, len: u32 },
}

impl Ev {
    /// An activity status by name.
    pub fn status(status: crate::model::ActivityStatus) -> Ev {
        use crate::model::ActivityStatus as S;
        Ev::Str(match status {
            S::NotStarted => &"not_started",
            S::InProgress => &"in_progress",
            S::Done => &"done",
            S::Cancelled => &"cancelled",
        })
    }

    /// A period type (report type, frequency) by name.
    pub fn period_type(t: crate::period::PeriodType) -> Ev {
        use crate::period::PeriodType as T;
        Ev::Str(match t {
            T::Monthly => &"monthly",
            T::Quarterly => &"quarterly",
            T::SemiAnnual => &"semi_annual",
            T::TenMonth => &"ten_month",
            T::Annual => &"annual",
        })
    }

    /// A day, or `null`.
    pub fn date_or_null(day: Option<NaiveDate>) -> Ev {
        day.map_or(Ev::Null, Ev::Date)
    }

    /// A day, or the key left out.
    pub fn date_if(day: Option<NaiveDate>) -> Ev {
        day.map_or(Ev::Absent, Ev::Date)
    }

    /// A number, or `null`.
    pub fn float_or_null(x: Option<f64>) -> Ev {
        x.map_or(Ev::Null, Ev::Float)
    }

    /// A number, or the key left out.
    pub fn float_if(x: Option<f64>) -> Ev {
        x.map_or(Ev::Absent, Ev::Float)
    }

    /// An integer from any integer type that fits `i64` (saturating otherwise).
    pub fn int(x: impl TryInto<i64>) -> Ev {
        Ev::Int(x.try_into().unwrap_or(i64::MAX))
    }
}

/// An evidence value with what it needs to be written: the findings' side tables and
/// the plan.
pub(crate) struct EvOf<'a> {
    pub(crate) ev: Ev,
    pub(crate) findings: &'a Findings,
    pub(crate) period: Option<crate::period::Period>,
}

impl<'a> EvOf<'a> {
    /// The value as text, when it is text (a name, an id, a period or kept text).
    pub(crate) fn as_str(&self) -> Option<std::borrow::Cow<'a, str>> {
        let findings: &'a Findings = self.findings;
        let plan = findings.dataset.plan();
        let s: &'a str = match self.ev {
            Ev::Str(s) => s,
            Ev::Activity(i) => findings.dataset.activity_id(i as usize)?,
            Ev::Organisation(i) => &plan.organisations.get(i as usize)?.id,
            Ev::Indicator(i) => &plan.indicators.get(i as usize)?.id,
            Ev::ReportingObligation(i) => &plan.reporting_obligations.get(i as usize)?.id,
            Ev::MeetingObligation(i) => &plan.meeting_obligations.get(i as usize)?.id,
            Ev::ScheduleBaseline(i) => &plan.schedule_baselines.get(i as usize)?.id,
            Ev::Text(i) => findings.texts.get(i as usize)?,
            Ev::Period => return self.period.map(|p| p.id().into()),
            _ => return None,
        };
        Some(s.into())
    }

    /// The ids of an [`Ev::Activities`] list (none for any other value).
    pub(crate) fn activity_ids(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let findings: &'a Findings = self.findings;
        let dataset = &findings.dataset;
        findings
            .activity_list(self.ev)
            .iter()
            .filter_map(move |&i| dataset.activity_id(i as usize))
    }

    /// The value as planwatch's [`Value`](crate::Value); `None` for [`Ev::Absent`].
    pub(crate) fn to_value(&self) -> Option<crate::eval::Value> {
        use crate::eval::Value;
        Some(match self.ev {
            Ev::Absent => return None,
            Ev::Null => Value::Null,
            Ev::Int(i) => Value::Int(i),
            Ev::Float(x) if x.is_finite() => Value::Float(x),
            Ev::Float(_) => Value::Null,
            Ev::Date(d) => Value::Text(crate::load::date::IsoDate(d).to_string()),
            Ev::Json(i) => self
                .findings
                .json
                .get(i as usize)
                .cloned()
                .unwrap_or(Value::Null),
            Ev::Activities { .. } => Value::List(
                self.activity_ids()
                    .map(|id| Value::Text(id.to_string()))
                    .collect(),
            ),
            _ => self
                .as_str()
                .map_or(Value::Null, |s| Value::Text(s.into_owned())),
        })
    }
}

/// Appends `s` as a JSON string, escaped exactly as serde_json escapes it: the common
/// case (no quote, backslash or control character) is copied as it is.
#[cfg(feature = "arrow")]
pub(crate) fn write_json_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

#[cfg(feature = "arrow")]
impl EvOf<'_> {
    /// Appends the value as compact JSON, byte for byte what serialising it with
    /// serde_json writes (the findings table's evidence column is written with this,
    /// without going through a serializer for every value).
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) {
        match self.ev {
            Ev::Absent | Ev::Null => out.extend_from_slice(b"null"),
            Ev::Int(i) => out.extend_from_slice(itoa::Buffer::new().format(i).as_bytes()),
            Ev::Float(x) if x.is_finite() => {
                let _ = serde_json::to_writer(&mut *out, &x);
            }
            Ev::Float(_) => out.extend_from_slice(b"null"),
            Ev::Date(d) => match crate::load::date::IsoDate(d).bytes() {
                Some(b) => {
                    out.push(b'"');
                    out.extend_from_slice(&b);
                    out.push(b'"');
                }
                None => {
                    let _ = serde_json::to_writer(&mut *out, &crate::load::date::IsoDate(d));
                }
            },
            Ev::Json(i) => match self.findings.json.get(i as usize) {
                Some(v) => {
                    let _ = serde_json::to_writer(&mut *out, v);
                }
                None => out.extend_from_slice(b"null"),
            },
            Ev::Activities { .. } => {
                out.push(b'[');
                for (k, id) in self.activity_ids().enumerate() {
                    if k > 0 {
                        out.push(b',');
                    }
                    write_json_str(out, id);
                }
                out.push(b']');
            }
            _ => match self.as_str() {
                Some(text) => write_json_str(out, &text),
                None => out.extend_from_slice(b"null"),
            },
        }
    }
}

impl Serialize for EvOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.ev {
            Ev::Absent | Ev::Null => s.serialize_none(),
            Ev::Int(i) => s.serialize_i64(i),
            Ev::Float(x) if x.is_finite() => s.serialize_f64(x),
            Ev::Float(_) => s.serialize_none(),
            Ev::Date(d) => crate::load::date::IsoDate(d).serialize(s),
            Ev::Json(i) => match self.findings.json.get(i as usize) {
                Some(v) => v.serialize(s),
                None => s.serialize_none(),
            },
            Ev::Activities { .. } => s.collect_seq(self.activity_ids()),
            _ => match self.as_str() {
                Some(text) => s.serialize_str(&text),
                None => s.serialize_none(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Ev>(), 16);
    }

    #[test]
    fn status_names_are_the_json_names() {
        use crate::model::ActivityStatus as S;
        for s in [S::NotStarted, S::InProgress, S::Done, S::Cancelled] {
            let Ev::Str(name) = Ev::status(s) else {
                panic!("{s:?}")
            };
            assert_eq!(*name, s.name());
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
    }

    #[test]
    fn period_type_names_are_the_json_names() {
        for t in crate::period::PeriodType::ALL {
            let Ev::Str(name) = Ev::period_type(t) else {
                panic!("{t:?}")
            };
            assert_eq!(*name, t.name());
            assert_eq!(serde_json::to_value(t).unwrap(), t.name());
        }
    }
}
