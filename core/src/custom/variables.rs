//! The variables of each subject kind.
//!
#![doc = include_str!("variables.md")]
//!
//! Each variable is one line of a table below (name, type, getter); a derived value
//! computed elsewhere in planwatch (forecast finish, slack, indicator status, reporter
//! rates) becomes available to conditions by adding one line, plus one row of
//! `variables.md`.

use crate::dataset::{ActivityState, ExpectedReport};
use crate::eval::Context;
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

fn s(x: &str) -> Value {
    Value::from(x)
}
fn opt_s(x: Option<&str>) -> Value {
    x.map_or(Value::Null, Value::from)
}
fn d(x: NaiveDate) -> Value {
    Value::from(x.to_string())
}
fn opt_d(x: Option<NaiveDate>) -> Value {
    x.map_or(Value::Null, d)
}
fn ratio(part: i64, whole: i64) -> Value {
    if whole > 0 {
        Value::Float(part as f64 / whole as f64)
    } else {
        Value::Null
    }
}
fn list(x: &[String]) -> Value {
    Value::List(std::sync::Arc::new(x.iter().map(|v| s(v)).collect()))
}

/// An activity, as of the evaluation day.
pub(crate) struct ActivitySubject<'c, 'a> {
    pub ctx: &'c Context<'a>,
    pub index: usize,
    pub activity: &'a Activity,
    pub state: ActivityState,
}

impl ActivitySubject<'_, '_> {
    fn days_overdue(&self) -> i64 {
        if self.state.status.is_closed() {
            0
        } else {
            (self.ctx.as_of - self.activity.deadline).num_days().max(0)
        }
    }
}

type A<'c, 'a> = ActivitySubject<'c, 'a>;

/// Activity variables.
type ActivityGet = for<'x, 'c, 'a> fn(&'x A<'c, 'a>) -> Value;

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
        get: |x| opt_s(x.ctx.strategy_of_activity(x.index)),
    },
    Var {
        name: "lead",
        get: |x| opt_s(x.activity.lead.as_deref()),
    },
    Var {
        name: "lead_kind",
        get: |x| opt_s(x.activity.lead.as_deref().and_then(|l| x.ctx.org_kind(l))),
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
        get: |x| x.state.progress.map_or(Value::Null, Value::Float),
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
        get: |x| Value::Int(x.days_overdue()),
    },
    Var {
        name: "days_to_deadline",
        get: |x| Value::Int((x.activity.deadline - x.ctx.as_of).num_days()),
    },
    Var {
        name: "forecast_finish",
        get: |x| {
            x.ctx
                .forecast()
                .activities
                .get(x.index)
                .map_or(Value::Null, |f| d(f.early_finish))
        },
    },
    Var {
        name: "slack",
        get: |x| {
            x.ctx
                .forecast()
                .activities
                .get(x.index)
                .map_or(Value::Null, |f| Value::Int(f.slack_days))
        },
    },
];

/// An indicator value.
pub(crate) struct IndicatorValueSubject<'c, 'a> {
    pub ctx: &'c Context<'a>,
    pub indicator: &'a Indicator,
    pub value: &'a IndicatorActual,
    pub period: Period,
}

type I<'c, 'a> = IndicatorValueSubject<'c, 'a>;

fn disaggregation(x: &I<'_, '_>) -> Value {
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
    Value::from(map)
}

/// Indicator value variables.
type IndicatorGet = for<'x, 'c, 'a> fn(&'x I<'c, 'a>) -> Value;

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
        get: |x| Value::Float(x.value.value),
    },
    Var {
        name: "target",
        get: |x| {
            x.ctx
                .dataset
                .indicator_target(&x.indicator.id, &x.value.period)
                .map_or(Value::Null, |t| Value::Float(t.value))
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
                    .and_then(|o| x.ctx.org_kind(o)),
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
                return Value::Null;
            }
            x.ctx
                .dataset
                .indicator_target(&x.indicator.id, &x.value.period)
                .filter(|t| t.value != 0.0 && t.value.is_finite())
                .map_or(Value::Null, |t| Value::Float(x.value.value / t.value))
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
type ObligationGet = for<'x, 'a> fn(&'x O<'a>) -> Value;

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
        get: |x| s(&x.expected.period.id()),
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
        get: |x| Value::Bool(x.submitted.is_some()),
    },
    Var {
        name: "submitted_on",
        get: |x| opt_d(x.submitted),
    },
    Var {
        name: "days_late",
        get: |x| {
            Value::Int(
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
type OrganisationGet = for<'x, 'a> fn(&'x G<'a>) -> Value;

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
        get: |x| Value::Bool(x.organisation.is_active_on(x.as_of)),
    },
    Var {
        name: "reports_expected",
        get: |x| Value::Int(x.counts.expected),
    },
    Var {
        name: "reports_submitted",
        get: |x| Value::Int(x.counts.submitted),
    },
    Var {
        name: "reports_on_time",
        get: |x| Value::Int(x.counts.on_time),
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
pub(crate) trait SubjectValues {
    /// The names of the table, in order.
    fn names() -> Vec<&'static str>;
    /// The value of variable `k` of the table.
    fn value(&self, k: usize) -> Value;
    /// The evaluation day.
    fn as_of(&self) -> NaiveDate;
}

macro_rules! subject_values {
    ($ty:ty, $table:ident, $as_of:expr) => {
        impl SubjectValues for $ty {
            fn names() -> Vec<&'static str> {
                $table.iter().map(|v| v.name).collect()
            }
            fn value(&self, k: usize) -> Value {
                $table.get(k).map_or(Value::Null, |v| (v.get)(self))
            }
            fn as_of(&self) -> NaiveDate {
                #[allow(clippy::redundant_closure_call)]
                ($as_of)(self)
            }
        }
    };
}

subject_values!(A<'_, '_>, ACTIVITY, |x: &A<'_, '_>| x.ctx.as_of);
subject_values!(I<'_, '_>, INDICATOR_VALUE, |x: &I<'_, '_>| x.ctx.as_of);
subject_values!(O<'_>, REPORT_OBLIGATION, |x: &O<'_>| x.as_of);
subject_values!(G<'_>, ORGANISATION, |x: &G<'_>| x.as_of);

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
