//! The functions planwatch adds to CEL: date arithmetic on `YYYY-MM-DD` strings, the
//! period of a date, and plan-level lookups.
//!
//! | function | gives | |
//! |---|---|---|
//! | `days_between(a, b)` | int | days from date `a` to date `b` (negative when `b` is earlier) |
//! | `add_days(d, n)` | string | the date `n` days after `d` (before, for negative `n`) |
//! | `period_of(d, type)` | string or null | the id of the period of `type` (`monthly`, `quarterly`, `semi_annual`, `ten_month`, `annual`) containing `d`, on the plan's fiscal calendar; null for a day in no 10-month period |
//! | `org_kind(id)` | string or null | the kind of organisation `id`; null when there is none |
//! | `org_parent(id)` | string or null | the parent of organisation `id`; null when none |
//! | `org_name(id)` | string or null | the name of organisation `id`; null when there is none |
//!
//! A malformed date or an unknown period type is an evaluation error for the subject.

use super::expression::{MAX_COMPREHENSION_ELEMENTS, RANGE_GUARD};
use crate::period::{FiscalCalendar, Period, PeriodType};
use crate::Dataset;
use cel::common::types::{CelInt, CelString};
use cel::common::value::CowVal;
use cel::extractors::{Arguments, IntoFunction};
use cel::{ExecutionError, FunctionContext, Value};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// The functions planwatch provides, by name.
pub const NAMES: &[&str] = &[
    "days_between",
    "add_days",
    "period_of",
    "org_kind",
    "org_parent",
    "org_name",
    RANGE_GUARD,
];

fn date(function: &str, s: &str) -> Result<NaiveDate, ExecutionError> {
    crate::load::date::parse_iso(s).map_err(|e| {
        ExecutionError::function_error(function, crate::load::date::date_message(s, e))
    })
}

/// Organisation facts the lookups read: id -> (kind, parent, name).
type Orgs = HashMap<String, (Value, Value, Value)>;

/// Adds planwatch's functions to a root context for `dataset`.
pub(crate) fn register(ctx: &mut cel::Context<'_, '_>, dataset: &Dataset) {
    let calendar = dataset.calendar();
    let orgs: Arc<Orgs> = Arc::new(
        dataset
            .plan()
            .organisations
            .iter()
            .map(|o| {
                (
                    o.id.clone(),
                    (
                        Value::from(o.kind.as_str()),
                        o.parent.as_deref().map_or(Value::Null, Value::from),
                        Value::from(o.name.as_str()),
                    ),
                )
            })
            .collect(),
    );
    // Names never clash with the standard overloads, so these cannot fail.
    let _ = ctx.add_function("days_between", days_between());
    let _ = ctx.add_function(
        "add_days",
        |d: Arc<String>, n: i64| -> Result<Value, ExecutionError> {
            let d = date("add_days", &d)?;
            let out = chrono::TimeDelta::try_days(n)
                .and_then(|delta| d.checked_add_signed(delta))
                .ok_or_else(|| ExecutionError::function_error("add_days", "date out of range"))?;
            Ok(Value::from(out.to_string()))
        },
    );
    let _ = ctx.add_function(
        "period_of",
        move |d: Arc<String>, t: Arc<String>| -> Result<Value, ExecutionError> {
            period_of(&d, &t, calendar)
        },
    );
    let lookup = |field: fn(&(Value, Value, Value)) -> &Value, orgs: Arc<Orgs>| {
        move |id: Arc<String>| -> Value {
            orgs.get(id.as_str())
                .map_or(Value::Null, |o| field(o).clone())
        }
    };
    let _ = ctx.add_function("org_kind", lookup(|o| &o.0, Arc::clone(&orgs)));
    let _ = ctx.add_function("org_parent", lookup(|o| &o.1, Arc::clone(&orgs)));
    let _ = ctx.add_function("org_name", lookup(|o| &o.2, orgs));
    let _ = ctx.add_function(RANGE_GUARD, range_guard);
}

/// A function as the engine stores it: reads its arguments from the call.
type RawFunction = Box<
    dyn for<'c, 'k> Fn(&mut FunctionContext<'c, 'k>) -> Result<CowVal<'c, 'k>, ExecutionError>
        + Send
        + Sync,
>;

/// `days_between(a, b)`: two strings are read where they are, without copies; any other
/// call goes through the typed function, for its errors.
fn days_between() -> RawFunction {
    let typed: RawFunction = (|a: Arc<String>, b: Arc<String>| -> Result<Value, ExecutionError> {
        let a = date("days_between", &a)?;
        let b = date("days_between", &b)?;
        Ok(Value::Int((b - a).num_days()))
    })
    .into_function();
    Box::new(move |ftx| {
        if let (None, [a, b]) = (&ftx.this, ftx.args.as_slice()) {
            if let (Some(a), Some(b)) =
                (a.downcast_ref::<CelString>(), b.downcast_ref::<CelString>())
            {
                let a = fast_date("days_between", a.inner())?;
                let b = fast_date("days_between", b.inner())?;
                return Ok(CowVal::owned(CelInt::from((b - a).num_days())));
            }
        }
        typed(ftx)
    })
}

/// [`date`], reading `YYYY-MM-DD` directly (what chrono would give for it) and leaving
/// anything else to chrono.
fn fast_date(function: &str, s: &str) -> Result<NaiveDate, ExecutionError> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                return Ok(date);
            }
        }
    }
    date(function, s)
}

fn period_of(d: &str, t: &str, calendar: FiscalCalendar) -> Result<Value, ExecutionError> {
    let d = date("period_of", d)?;
    let Some(pt) = PeriodType::ALL.into_iter().find(|p| p.name() == t) else {
        return Err(ExecutionError::function_error(
            "period_of",
            format!(
                "`{t}` is not a period type (monthly, quarterly, semi_annual, ten_month, annual)"
            ),
        ));
    };
    Ok(Period::containing(pt, d, calendar).map_or(Value::Null, |p| Value::from(p.id())))
}

/// Passes a comprehension range through when it has at most
/// [`MAX_COMPREHENSION_ELEMENTS`] elements.
fn range_guard(Arguments(args): Arguments) -> Result<Value, ExecutionError> {
    let Some(range) = args.first() else {
        return Err(ExecutionError::invalid_argument_count(1, 0));
    };
    let n = match range {
        Value::List(l) => l.len(),
        Value::Map(m) => m.map.len(),
        _ => 0,
    };
    if n > MAX_COMPREHENSION_ELEMENTS {
        return Err(ExecutionError::function_error(
            "comprehension",
            format!("range has {n} elements, more than {MAX_COMPREHENSION_ELEMENTS}"),
        ));
    }
    Ok(range.clone())
}

#[cfg(test)]
mod tests {
    use super::{date, fast_date};

    #[test]
    fn fast_date_is_chrono() {
        let mut inputs: Vec<String> = [
            "2021-02-29",
            "2020-02-29",
            "0000-01-01",
            "9999-12-31",
            "2021-1-01",
            " 2021-01-01",
            "+2021-01-01",
            "2021-01-01 ",
            "2021-00-10",
            "2021-12-32",
            "2021/01/01",
            "20210-01-01",
            "",
            "yesterday",
            "2021-01-0a",
        ]
        .map(str::to_string)
        .into();
        let mut d = chrono::NaiveDate::from_ymd_opt(1899, 12, 25).unwrap();
        while chrono::Datelike::year(&d) < 2101 {
            inputs.push(d.to_string());
            d += chrono::TimeDelta::days(3);
        }
        for s in inputs {
            let fast = fast_date("f", &s).map_err(|e| e.to_string());
            let slow = date("f", &s).map_err(|e| e.to_string());
            assert_eq!(fast, slow, "{s:?}");
        }
    }
}
