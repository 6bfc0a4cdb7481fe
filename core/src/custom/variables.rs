//! The variables of each subject kind.
//!
#![doc = include_str!("variables.md")]
//!
//! Each variable is one line of a table below (name, type, getter); a derived value
//! computed elsewhere in planwatch (forecast finish, slack, indicator status, reporter
//! rates) becomes available to conditions by adding one line, plus one row of
//! `variables.md`.

use crate::dataset::{ActivityState, Dataset, ExpectedReport};
use crate::eval::ForecastColumns;
use crate::load::date::IsoDate;
use crate::model::{Activity, Indicator, IndicatorActual, Organisation, ReportingObligation};
use crate::period::Period;
use cel::Value;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One variable: its name and how to get it from a subject of type `S`.
pub(crate) struct Var<G> {
    pub name: &'static str,
    pub get: G,
}

/// A variable's value for one subject, borrowing the plan's text where it can; turned into
/// a CEL value only when the condition reads it, or into [`Value`] for evidence and
/// messages.
#[derive(Debug, Clone)]
pub(crate) enum Raw<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
    Date(NaiveDate),
    Strs(&'a [String]),
    /// Anything else (maps), already a [`Value`].
    Value(Value),
}

impl Raw<'_> {
    /// The value as the condition and messages have always seen it.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Raw::Null => Value::Null,
            Raw::Bool(b) => Value::Bool(b),
            Raw::Int(i) => Value::Int(i),
            Raw::Float(f) => Value::Float(f),
            Raw::Str(x) => Value::from(x),
            Raw::Date(x) => Value::from(iso(x)),
            Raw::Strs(x) => Value::List(std::sync::Arc::new(
                x.iter().map(|v| Value::from(v.as_str())).collect(),
            )),
            Raw::Value(v) => v,
        }
    }
}

/// `YYYY-MM-DD`, as `NaiveDate`'s `Display` writes it (see [`IsoDate`]).
pub(crate) fn iso(d: NaiveDate) -> String {
    IsoDate(d).to_string()
}

fn s(x: &str) -> Raw<'_> {
    Raw::Str(x)
}
fn opt_s(x: Option<&str>) -> Raw<'_> {
    x.map_or(Raw::Null, Raw::Str)
}
fn d<'a>(x: NaiveDate) -> Raw<'a> {
    Raw::Date(x)
}
fn opt_d<'a>(x: Option<NaiveDate>) -> Raw<'a> {
    x.map_or(Raw::Null, d)
}
fn ratio<'a>(part: i64, whole: i64) -> Raw<'a> {
    if whole > 0 {
        Raw::Float(part as f64 / whole as f64)
    } else {
        Raw::Null
    }
}
fn list(x: &[String]) -> Raw<'_> {
    Raw::Strs(x)
}

/// The kind of organisation `id`.
fn org_kind<'a>(ds: &'a Dataset, id: &str) -> Option<&'a str> {
    let &i = ds.index.org.get(id)?;
    ds.plan()
        .organisations
        .get(i as usize)
        .map(|o| o.kind.as_str())
}

/// An activity, as of the evaluation day.
///
/// Subjects hold only shared data (no evaluation context), so that the condition's
/// variable resolver, which the expression engine wants `Sync`, can read them.
pub(crate) struct ActivitySubject<'a> {
    pub ds: &'a Dataset,
    pub as_of: NaiveDate,
    /// The schedule forecast, when the rule reads `forecast_finish` or `slack`.
    pub forecast: Option<&'a ForecastColumns>,
    pub strategy: Option<&'a str>,
    pub index: usize,
    pub activity: &'a Activity,
    pub state: ActivityState,
}

impl ActivitySubject<'_> {
    fn days_overdue(&self) -> i64 {
        if self.state.status.is_closed() {
            0
        } else {
            (self.as_of - self.activity.deadline).num_days().max(0)
        }
    }
}

type A<'a> = ActivitySubject<'a>;

/// Activity variables.
type ActivityGet = for<'x, 'a> fn(&'x A<'a>) -> Raw<'a>;

/// Activity variables (table).
pub(crate) static ACTIVITY: &[Var<ActivityGet>] = &[
    Var {
        name: "id",
        get: |x| s(&x.activity.id),
    },
    Var {
        name: "title",
        get: |x| s(&x.activity.title),
    },
    Var {
        name: "group",
        get: |x| s(&x.activity.group),
    },
    Var {
        name: "strategy",
        get: |x| opt_s(x.strategy),
    },
    Var {
        name: "lead",
        get: |x| opt_s(x.activity.lead.as_deref()),
    },
    Var {
        name: "lead_kind",
        get: |x| opt_s(x.activity.lead.as_deref().and_then(|l| org_kind(x.ds, l))),
    },
    Var {
        name: "supporting",
        get: |x| list(&x.activity.supporting),
    },
    Var {
        name: "tags",
        get: |x| list(&x.activity.tags),
    },
    Var {
        name: "indicators",
        get: |x| list(&x.activity.indicators),
    },
    Var {
        name: "planned_start",
        get: |x| d(x.activity.planned_start),
    },
    Var {
        name: "deadline",
        get: |x| d(x.activity.deadline),
    },
    Var {
        name: "status",
        get: |x| s(x.state.status.name()),
    },
    Var {
        name: "progress",
        get: |x| x.state.progress.map_or(Raw::Null, Raw::Float),
    },
    Var {
        name: "actual_start",
        get: |x| opt_d(x.state.actual_start),
    },
    Var {
        name: "actual_finish",
        get: |x| opt_d(x.state.actual_finish),
    },
    Var {
        name: "last_update",
        get: |x| opt_d(x.state.last_update),
    },
    Var {
        name: "days_overdue",
        get: |x| Raw::Int(x.days_overdue()),
    },
    Var {
        name: "days_to_deadline",
        get: |x| Raw::Int((x.activity.deadline - x.as_of).num_days()),
    },
    Var {
        name: "forecast_finish",
        get: |x| {
            x.forecast
                .filter(|f| x.index < f.len())
                .map_or(Raw::Null, |f| d(f.early_finish(x.index)))
        },
    },
    Var {
        name: "slack",
        get: |x| {
            x.forecast
                .filter(|f| x.index < f.len())
                .map_or(Raw::Null, |f| Raw::Int(f.slack_days(x.index)))
        },
    },
];

/// An indicator value.
pub(crate) struct IndicatorValueSubject<'a> {
    pub ds: &'a Dataset,
    pub as_of: NaiveDate,
    pub indicator: &'a Indicator,
    pub value: &'a IndicatorActual,
    pub period: Period,
}

type I<'a> = IndicatorValueSubject<'a>;

fn disaggregation<'a>(x: &I<'a>) -> Raw<'a> {
    let map: HashMap<String, Value> = x
        .value
        .disaggregation
        .iter()
        .map(|(dim, cats)| {
            let inner: HashMap<String, Value> = cats
                .iter()
                .map(|(c, v)| (c.clone(), Value::Float(*v)))
                .collect();
            (dim.clone(), Value::from(inner))
        })
        .collect();
    Raw::Value(Value::from(map))
}

/// Indicator value variables.
type IndicatorGet = for<'x, 'a> fn(&'x I<'a>) -> Raw<'a>;

/// Indicator value variables (table).
pub(crate) static INDICATOR_VALUE: &[Var<IndicatorGet>] = &[
    Var {
        name: "id",
        get: |x| s(&x.indicator.id),
    },
    Var {
        name: "name",
        get: |x| s(&x.indicator.name),
    },
    Var {
        name: "unit",
        get: |x| s(&x.indicator.unit),
    },
    Var {
        name: "direction",
        get: |x| match x.indicator.direction {
            crate::model::Direction::HigherIsBetter => s("higher_is_better"),
            crate::model::Direction::LowerIsBetter => s("lower_is_better"),
        },
    },
    Var {
        name: "frequency",
        get: |x| s(x.indicator.frequency.name()),
    },
    Var {
        name: "owner",
        get: |x| opt_s(x.indicator.owner.as_deref()),
    },
    Var {
        name: "period",
        get: |x| s(&x.value.period),
    },
    Var {
        name: "period_start",
        get: |x| d(x.period.start()),
    },
    Var {
        name: "period_end",
        get: |x| d(x.period.end()),
    },
    Var {
        name: "value",
        get: |x| Raw::Float(x.value.value),
    },
    Var {
        name: "target",
        get: |x| {
            x.ds.indicator_target(&x.indicator.id, &x.value.period)
                .map_or(Raw::Null, |t| Raw::Float(t.value))
        },
    },
    Var {
        name: "disaggregation",
        get: disaggregation,
    },
    Var {
        name: "reported_by",
        get: |x| opt_s(x.value.reported_by.as_deref()),
    },
    Var {
        name: "reported_by_kind",
        get: |x| {
            opt_s(
                x.value
                    .reported_by
                    .as_deref()
                    .and_then(|o| org_kind(x.ds, o)),
            )
        },
    },
    Var {
        name: "reported",
        get: |x| opt_d(x.value.reported),
    },
    Var {
        name: "ratio",
        get: |x| {
            if x.indicator.target_kind != crate::model::TargetKind::PerPeriod {
                return Raw::Null;
            }
            x.ds.indicator_target(&x.indicator.id, &x.value.period)
                .filter(|t| t.value != 0.0 && t.value.is_finite())
                .map_or(Raw::Null, |t| Raw::Float(x.value.value / t.value))
        },
    },
];

/// An expected report whose due day has passed.
pub(crate) struct ObligationSubject<'a> {
    pub as_of: NaiveDate,
    pub expected: ExpectedReport,
    pub obligation: &'a ReportingObligation,
    pub reporter: &'a Organisation,
    pub submitted: Option<NaiveDate>,
}

type O<'a> = ObligationSubject<'a>;

/// Report obligation variables.
type ObligationGet = for<'x, 'a> fn(&'x O<'a>) -> Raw<'a>;

/// Report obligation variables (table).
pub(crate) static REPORT_OBLIGATION: &[Var<ObligationGet>] = &[
    Var {
        name: "reporter",
        get: |x| s(&x.reporter.id),
    },
    Var {
        name: "reporter_kind",
        get: |x| s(&x.reporter.kind),
    },
    Var {
        name: "obligation",
        get: |x| s(&x.obligation.id),
    },
    Var {
        name: "report_type",
        get: |x| s(x.obligation.report_type.name()),
    },
    Var {
        name: "period",
        get: |x| Raw::Value(Value::from(x.expected.period.id())),
    },
    Var {
        name: "period_start",
        get: |x| d(x.expected.period.start()),
    },
    Var {
        name: "period_end",
        get: |x| d(x.expected.period.end()),
    },
    Var {
        name: "due",
        get: |x| d(x.expected.due),
    },
    Var {
        name: "submitted",
        get: |x| Raw::Bool(x.submitted.is_some()),
    },
    Var {
        name: "submitted_on",
        get: |x| opt_d(x.submitted),
    },
    Var {
        name: "days_late",
        get: |x| {
            Raw::Int(
                (x.submitted.unwrap_or(x.as_of) - x.expected.due)
                    .num_days()
                    .max(0),
            )
        },
    },
];

/// Report counts of one organisation as of the evaluation day.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ReportCounts {
    pub expected: i64,
    pub submitted: i64,
    pub on_time: i64,
}

/// An organisation.
pub(crate) struct OrganisationSubject<'a> {
    pub as_of: NaiveDate,
    pub organisation: &'a Organisation,
    pub counts: ReportCounts,
}

type G<'a> = OrganisationSubject<'a>;

/// Organisation variables.
type OrganisationGet = for<'x, 'a> fn(&'x G<'a>) -> Raw<'a>;

/// Organisation variables (table).
pub(crate) static ORGANISATION: &[Var<OrganisationGet>] = &[
    Var {
        name: "id",
        get: |x| s(&x.organisation.id),
    },
    Var {
        name: "name",
        get: |x| s(&x.organisation.name),
    },
    Var {
        name: "abbreviation",
        get: |x| opt_s(x.organisation.abbreviation.as_deref()),
    },
    Var {
        name: "kind",
        get: |x| s(&x.organisation.kind),
    },
    Var {
        name: "parent",
        get: |x| opt_s(x.organisation.parent.as_deref()),
    },
    Var {
        name: "led_by",
        get: |x| opt_s(x.organisation.led_by.as_deref()),
    },
    Var {
        name: "active",
        get: |x| Raw::Bool(x.organisation.is_active_on(x.as_of)),
    },
    Var {
        name: "reports_expected",
        get: |x| Raw::Int(x.counts.expected),
    },
    Var {
        name: "reports_submitted",
        get: |x| Raw::Int(x.counts.submitted),
    },
    Var {
        name: "reports_on_time",
        get: |x| Raw::Int(x.counts.on_time),
    },
    Var {
        name: "completeness",
        get: |x| ratio(x.counts.submitted, x.counts.expected),
    },
    Var {
        name: "timeliness",
        get: |x| ratio(x.counts.on_time, x.counts.expected),
    },
];

/// Values of a subject's variables, by position in its table.
pub(crate) trait SubjectValues<'a>: Sync {
    /// The names of the table, in order.
    fn names() -> Vec<&'static str>;
    /// The value of variable `k` of the table.
    fn raw(&self, k: usize) -> Raw<'a>;
    /// The value of variable `k` of the table, as a CEL value.
    fn value(&self, k: usize) -> Value {
        self.raw(k).into_value()
    }
    /// The evaluation day.
    fn as_of(&self) -> NaiveDate;
}

macro_rules! subject_values {
    ($ty:ident, $table:ident) => {
        impl<'a> SubjectValues<'a> for $ty<'a> {
            fn names() -> Vec<&'static str> {
                $table.iter().map(|v| v.name).collect()
            }
            fn raw(&self, k: usize) -> Raw<'a> {
                $table.get(k).map_or(Raw::Null, |v| (v.get)(self))
            }
            fn as_of(&self) -> NaiveDate {
                self.as_of
            }
        }
    };
}

subject_values!(A, ACTIVITY);
subject_values!(I, INDICATOR_VALUE);
subject_values!(O, REPORT_OBLIGATION);
subject_values!(G, ORGANISATION);

/// What a subject type is called and which variables it has.
pub(crate) trait SubjectType {
    /// Table names in order.
    fn variable_names(self) -> Vec<&'static str>;
}

impl SubjectType for super::CustomSubject {
    fn variable_names(self) -> Vec<&'static str> {
        match self {
            super::CustomSubject::Activity => A::names(),
            super::CustomSubject::IndicatorValue => I::names(),
            super::CustomSubject::ReportObligation => O::names(),
            super::CustomSubject::Organisation => G::names(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::iso;
    use chrono::NaiveDate;

    #[test]
    fn iso_is_display() {
        let mut d = NaiveDate::from_ymd_opt(-3, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(10_002, 12, 31).unwrap();
        while d <= end {
            assert_eq!(iso(d), d.to_string());
            d += chrono::TimeDelta::days(13);
        }
        for d in [NaiveDate::MIN, NaiveDate::MAX] {
            assert_eq!(iso(d), d.to_string());
        }
    }
}
