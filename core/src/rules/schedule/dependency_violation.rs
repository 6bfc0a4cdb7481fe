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

use super::link_name;
use crate::dataset::ActivityState;
use crate::eval::{Context, Ev, FindingRef, RuleSink, Sentence};
use crate::graph::InLink;
use crate::model::{ActivityStatus, LinkType};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use chrono::{Days, NaiveDate};
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "dependency_violation";

/// Parameters (none).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {}

/// The day a start is known to have happened by, if it has.
fn started_by(s: &ActivityState) -> Option<NaiveDate> {
    s.actual_start.or(match s.status {
        ActivityStatus::InProgress | ActivityStatus::Done => s.reported_started,
        _ => None,
    })
}

/// The day a finish is known to have happened by, if it has.
fn finished_by(s: &ActivityState) -> Option<NaiveDate> {
    s.actual_finish.or(match s.status {
        ActivityStatus::Done => s.reported_done,
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

/// The evidence keys, sorted; each finding has one of `predecessor_finish` and
/// `predecessor_start`, and one of `successor_finish` and `successor_start`.
pub(crate) const EVIDENCE: &[&str] = &[
    "allowed_from",
    "days_early",
    "lag_days",
    "link_type",
    "predecessor",
    "predecessor_finish",
    "predecessor_start",
    "predecessor_status",
    "successor_finish",
    "successor_start",
];

struct Violation {
    link: InLink,
    succ_day: NaiveDate,
    pred_day: Option<NaiveDate>,
    allowed: NaiveDate,
    days_early: i64,
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    if params_or_default::<Params>(settings).is_none() {
        return;
    }
    let graph = ctx.dataset.graph();
    let n = ctx.plan().activities.len();
    let mut found: Vec<Violation> = Vec::new();
    for i in 0..n {
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
        if found.len() > 1 {
            found.sort_unstable_by(|x, y| {
                x.link
                    .pred
                    .cmp(&y.link.pred)
                    .then(y.days_early.cmp(&x.days_early))
                    .then(x.link.position.cmp(&y.link.position))
            });
            found.dedup_by_key(|v| v.link.pred);
            // Written by day, as the findings are ordered (ties stay by predecessor and
            // are put in id order with the rest): the rule's block then needs no sort.
            found.sort_by_key(|v| v.succ_day);
        }
        for v in &found {
            if (v.link.pred as usize) >= n {
                continue;
            }
            let mut head = ctx.activity_head(settings.severity, i);
            head.extra = v.link.pred;
            head.sort_date = Some(v.succ_day);
            let pred_state = ctx.state(v.link.pred as usize);
            out.push(head, &evidence(v, &pred_state));
        }
    }
}

fn evidence(v: &Violation, pred_state: &ActivityState) -> [Ev; 10] {
    let t = v.link.link_type;
    let succ_starts = matches!(t, LinkType::FS | LinkType::SS);
    let pred_starts = matches!(t, LinkType::SS | LinkType::SF);
    let pred_day = Ev::date_or_null(v.pred_day);
    let succ_day = Ev::Date(v.succ_day);
    let pick = |yes: bool, ev: Ev| if yes { ev } else { Ev::Absent };
    [
        Ev::Date(v.allowed),
        Ev::Int(v.days_early),
        Ev::Int(i64::from(v.link.lag_days)),
        link_name(t),
        Ev::Activity(v.link.pred),
        pick(!pred_starts, pred_day),
        pick(pred_starts, pred_day),
        Ev::status(pred_state.status),
        pick(!succ_starts, succ_day),
        pick(succ_starts, succ_day),
    ]
}

/// `activity 1.1.3 started 2021-04-02, 12 days before its SS+55 link to 1.1.2 allows
/// (1.1.2 started 2021-02-20)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let past = |start: bool| if start { "started" } else { "finished" };
    let succ_starts = f.ev("successor_start") != Ev::Absent;
    let succ_day = f.date(if succ_starts {
        "successor_start"
    } else {
        "successor_finish"
    });
    let pred_starts = f.ev("predecessor_start") != Ev::Absent;
    let pred_day = f.date(if pred_starts {
        "predecessor_start"
    } else {
        "predecessor_finish"
    });
    let p = f.text("predecessor");
    let mut m = Sentence::with_capacity(160);
    m.push("activity ")
        .push(f.subject_id())
        .push(" ")
        .push(past(succ_starts))
        .push(" ")
        .date_if(succ_day)
        .push(", ")
        .int(f.int("days_early"))
        .push(" days before its ")
        .push(&f.text("link_type"));
    match f.int("lag_days") {
        0 => {}
        lag => {
            m.signed(lag);
        }
    }
    m.push(" link to ").push(&p).push(" allows (").push(&p);
    match pred_day {
        Some(d) => m.push(" ").push(past(pred_starts)).push(" ").date(d),
        None => m.push(" has not ").push(past(pred_starts)),
    };
    m.push(")");
    m.into()
}
