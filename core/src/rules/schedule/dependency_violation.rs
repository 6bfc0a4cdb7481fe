//! `dependency_violation`: an activity that started or finished earlier than one of its
//! dependency links allowed, judged on the dates known on the as-of day.
//!
//! For each link (inclusive dates, lag in days, negative for a lead), the successor's
//! event must not come before the day the predecessor's event allows:
//!
//! | link | successor event | allowed from                     |
//! |------|-----------------|----------------------------------|
//! | FS   | start           | predecessor finish + 1 + lag     |
//! | SS   | start           | predecessor start + lag          |
//! | FF   | finish          | predecessor finish + lag         |
//! | SF   | finish          | predecessor start - 1 + lag      |
//!
//! The successor's event is its actual start (finish); an event reported by its status
//! (in progress or done) without its date is taken on the day of the latest update, the
//! latest day it can have happened. The predecessor's event is its actual date; when the
//! predecessor has not reached it on the as-of day (not started, not finished), it can
//! happen on the as-of day at the earliest, which gives the earliest allowed day: so a
//! successor that started while its FS predecessor has not finished is reported (lag 0
//! or more). When the predecessor reached it without a date, the link is not judged.
//! Cancelled activities, as predecessors or successors, are not judged.
//!
//! One finding per (successor, predecessor) pair, id
//! `dependency_violation:<successor>@<predecessor>`; when several links join the same
//! pair, the one violated by the most days.
//!
//! Parameters: none.
//!
//! Evidence: `predecessor`, `link_type`, `lag_days`, `successor_start` or
//! `successor_finish`, `predecessor_start` or `predecessor_finish` (null when not yet),
//! `predecessor_status`, `allowed_from`, `days_early`.

use super::{activity_finding, Draft};
use crate::dataset::ActivityState;
use crate::eval::{Context, Finding};
use crate::graph::InLink;
use crate::model::{ActivityStatus, LinkType};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use chrono::{Days, NaiveDate};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "dependency_violation";

/// Parameters (none).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {}

/// The day a start is known to have happened by, if it has.
fn started_by(s: &ActivityState) -> Option<NaiveDate> {
    s.actual_start.or(match s.status {
        ActivityStatus::InProgress | ActivityStatus::Done => s.last_update,
        _ => None,
    })
}

/// The day a finish is known to have happened by, if it has.
fn finished_by(s: &ActivityState) -> Option<NaiveDate> {
    s.actual_finish.or(match s.status {
        ActivityStatus::Done => s.last_update,
        _ => None,
    })
}

/// A predecessor event: `Ok(Some(day))` when it happened on a known day, `Ok(None)` when
/// it has not happened yet, `Err(())` when it happened on an unknown day.
fn pred_event(s: &ActivityState, start: bool) -> Result<Option<NaiveDate>, ()> {
    if start {
        match (s.actual_start, s.status) {
            (Some(d), _) => Ok(Some(d)),
            (None, ActivityStatus::NotStarted) => Ok(None),
            _ => Err(()),
        }
    } else {
        match (s.actual_finish, s.status) {
            (Some(d), _) => Ok(Some(d)),
            (None, ActivityStatus::Done) => Err(()),
            _ => Ok(None),
        }
    }
}

fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MAX)
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(NaiveDate::MIN)
    }
}

struct Violation {
    link: InLink,
    succ_day: NaiveDate,
    pred_day: Option<NaiveDate>,
    allowed: NaiveDate,
    days_early: i64,
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    if params_or_default::<Params>(settings).is_none() {
        return;
    }
    let graph = ctx.dataset.graph();
    let activities = &ctx.plan().activities;
    let mut found: Vec<Violation> = Vec::new();
    for (i, a) in activities.iter().enumerate() {
        let succ = ctx.state(i);
        if succ.status == ActivityStatus::Cancelled {
            continue;
        }
        let (start, finish) = (started_by(&succ), finished_by(&succ));
        if start.is_none() && finish.is_none() {
            continue;
        }
        found.clear();
        for link in graph.incoming(i) {
            let succ_day = match link.link_type {
                LinkType::FS | LinkType::SS => start,
                LinkType::FF | LinkType::SF => finish,
            };
            let Some(succ_day) = succ_day else {
                continue;
            };
            let pred = ctx.state(link.pred as usize);
            if pred.status == ActivityStatus::Cancelled {
                continue;
            }
            let pred_start = matches!(link.link_type, LinkType::SS | LinkType::SF);
            let Ok(pred_day) = pred_event(&pred, pred_start) else {
                continue;
            };
            let base = pred_day.unwrap_or(ctx.as_of);
            let offset = i64::from(link.lag_days)
                + match link.link_type {
                    LinkType::FS => 1,
                    LinkType::SF => -1,
                    LinkType::SS | LinkType::FF => 0,
                };
            let allowed = shift(base, offset);
            if succ_day >= allowed {
                continue;
            }
            found.push(Violation {
                link,
                succ_day,
                pred_day,
                allowed,
                days_early: (allowed - succ_day).num_days(),
            });
        }
        if found.is_empty() || !ctx.activity_in_scope(settings, i) {
            continue;
        }
        found.sort_by(|x, y| {
            x.link
                .pred
                .cmp(&y.link.pred)
                .then(y.days_early.cmp(&x.days_early))
                .then(x.link.position.cmp(&y.link.position))
        });
        found.dedup_by_key(|v| v.link.pred);
        for v in &found {
            let Some(p) = activities.get(v.link.pred as usize) else {
                continue;
            };
            let pred_state = ctx.state(v.link.pred as usize);
            out.extend(finding(ctx, settings, i, a, p, &pred_state, v));
        }
    }
}

fn finding(
    ctx: &Context<'_>,
    settings: &RuleSettings,
    i: usize,
    a: &crate::model::Activity,
    p: &crate::model::Activity,
    pred_state: &ActivityState,
    v: &Violation,
) -> Option<Finding> {
    let t = v.link.link_type;
    let (succ_event, pred_event) = match t {
        LinkType::FS => ("start", "finish"),
        LinkType::SS => ("start", "start"),
        LinkType::FF => ("finish", "finish"),
        LinkType::SF => ("finish", "start"),
    };
    let mut evidence = BTreeMap::new();
    evidence.insert("predecessor".into(), json!(p.id));
    evidence.insert("link_type".into(), json!(t));
    evidence.insert("lag_days".into(), json!(v.link.lag_days));
    evidence.insert(format!("successor_{succ_event}"), json!(v.succ_day));
    evidence.insert(format!("predecessor_{pred_event}"), json!(v.pred_day));
    evidence.insert("predecessor_status".into(), json!(pred_state.status));
    evidence.insert("allowed_from".into(), json!(v.allowed));
    evidence.insert("days_early".into(), json!(v.days_early));
    let lag = match v.link.lag_days {
        0 => String::new(),
        l => format!("{l:+}"),
    };
    let past = |event: &str| {
        if event == "start" {
            "started"
        } else {
            "finished"
        }
    };
    let pred_text = match v.pred_day {
        Some(d) => format!("{} {} {d}", p.id, past(pred_event)),
        None => format!("{} has not {}", p.id, past(pred_event)),
    };
    activity_finding(
        ctx,
        settings,
        i,
        Draft {
            rule: ID,
            id: format!("{ID}:{}@{}", a.id, p.id),
            message: format!(
                "activity {} {} {}, {} days before its {t}{lag} link to {} allows ({pred_text})",
                a.id,
                past(succ_event),
                v.succ_day,
                v.days_early,
                p.id
            ),
            evidence,
            sort_date: Some(v.succ_day),
        },
    )
}
