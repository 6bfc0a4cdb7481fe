//! `unexpected_report`: a submission that matches no expected report.
//!
//! A submission of `reporter` for `period` is expected when a reporting obligation of the
//! period's type binds the reporter, the period's last day lies within the obligation's
//! window (its `from`/`until`, within the plan) and the reporter is active on that day,
//! whether or not the report is due yet (an early report is not unexpected). Otherwise it
//! is unexpected, for one of these reasons, checked in this order:
//!
//! - `not_bound`: no obligation of that report type binds the reporter;
//! - `outside_obligation`: the period ends outside the window of every such obligation;
//! - `inactive`: the reporter is not active on the period's last day.
//!
//! Unexpected submissions are never counted in the reporting rates. Only submissions
//! dated on or before the as-of day are looked at; several submissions for the same
//! (reporter, period) give one finding.
//!
//! Parameters: none.
//!
//! Evidence: `reporter`, `report_type`, `period`, `reason`, `submitted` (the earliest
//! such submission) and `submissions` (how many, on or before the as-of day).
//!
//! Finding id: `unexpected_report:<reporter>@<period>`.

use super::{kind_text, organisation_head};
use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::model::Plan;
use crate::period::Period;
use crate::rules::RuleSettings;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The rule id.
pub(crate) const ID: &str = "unexpected_report";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "period",
    "reason",
    "report_type",
    "reporter",
    "submissions",
    "submitted",
];

/// Why a submission is unexpected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    NotBound,
    OutsideObligation,
    Inactive,
}

impl Reason {
    fn name(self) -> &'static &'static str {
        match self {
            Reason::NotBound => &"not_bound",
            Reason::OutsideObligation => &"outside_obligation",
            Reason::Inactive => &"inactive",
        }
    }
}

/// Why a submission is unexpected; `None` when it is expected.
fn reason(plan: &Plan, obligations: &[u32], reporter: u32, period: Period) -> Option<Reason> {
    let end = period.end();
    let mut bound = false;
    let mut in_window = false;
    for o in obligations
        .iter()
        .filter_map(|&k| plan.reporting_obligations.get(k as usize))
        .filter(|o| o.report_type == period.period_type())
    {
        bound = true;
        let from = o.from.unwrap_or(plan.start).max(plan.start);
        let until = o.until.unwrap_or(plan.end).min(plan.end);
        in_window |= from <= end && end <= until;
    }
    let active = plan
        .organisations
        .get(reporter as usize)
        .is_some_and(|o| o.is_active_on(end));
    if !bound {
        Some(Reason::NotBound)
    } else if !in_window {
        Some(Reason::OutsideObligation)
    } else if !active {
        Some(Reason::Inactive)
    } else {
        None
    }
}

struct Seen {
    reason: Reason,
    reporter: u32,
    period: Period,
    first: NaiveDate,
    count: u32,
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let ds = ctx.dataset;
    let plan = ds.plan();
    let index = &ds.index;
    // The earliest submission of each (reporter, period) decides whether any exists as
    // of the day; the index holds them by reporter and period, already resolved.
    let mut seen: Vec<Seen> = Vec::new();
    for (reporter, list) in index.first_submissions.iter().enumerate() {
        let reporter = reporter as u32;
        let obligations = index
            .reporter_obligations
            .get(reporter as usize)
            .map_or(&[][..], Vec::as_slice);
        for &(period, first) in list {
            if first > ctx.as_of {
                continue;
            }
            let Some(reason) = reason(plan, obligations, reporter, period) else {
                continue;
            };
            if ctx.org_in_scope(settings, reporter) {
                seen.push(Seen {
                    reason,
                    reporter,
                    period,
                    first,
                    count: 0,
                });
            }
        }
    }
    if seen.is_empty() {
        return;
    }
    // Count the submissions dated on or before the day, for the findings only.
    // Count the submissions of the (reporter, period) pairs seen: a flag per reporter
    // skips the others without hashing, and reporters come as positions from loading.
    let mut flagged = vec![false; plan.organisations.len()];
    for x in &seen {
        if let Some(f) = flagged.get_mut(x.reporter as usize) {
            *f = true;
        }
    }
    let position: HashMap<(u32, Period), usize, foldhash::fast::FixedState> = seen
        .iter()
        .enumerate()
        .map(|(i, x)| ((x.reporter, x.period), i))
        .collect();
    let submissions = ds.monitoring().submissions.iter();
    let reporters = index.submission_reporters.iter();
    for ((s, &reporter), &period) in submissions.zip(reporters).zip(&index.submission_periods) {
        if s.submitted > ctx.as_of || !flagged.get(reporter as usize).is_some_and(|&f| f) {
            continue;
        }
        let Some(period) = period else {
            continue;
        };
        if let Some(x) = position
            .get(&(reporter, period))
            .and_then(|&k| seen.get_mut(k))
        {
            x.count += 1;
        }
    }
    for x in seen {
        if plan.organisations.get(x.reporter as usize).is_none() {
            continue;
        }
        out.push(
            organisation_head(settings, x.reporter, Some(x.period)),
            &[
                Ev::Period,
                Ev::Str(x.reason.name()),
                Ev::period_type(x.period.period_type()),
                Ev::Organisation(x.reporter),
                Ev::int(x.count),
                Ev::Date(x.first),
            ],
        );
    }
}

/// `R1 submitted a monthly report for 2020-01 that no obligation expects (no monthly
/// reporting obligation binds R1)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let reporter = f.subject_id();
    let period = f.text("period");
    let kind = kind_text(&f.text("report_type"));
    let why = match &*f.text("reason") {
        "not_bound" => format!("no {kind} reporting obligation binds {reporter}"),
        "outside_obligation" => {
            format!("{period} is outside every {kind} reporting obligation of {reporter}")
        }
        _ => {
            let end = f.period().map(|p| p.end().to_string()).unwrap_or_default();
            format!("{reporter} is not active on {end}")
        }
    };
    format!("{reporter} submitted a {kind} report for {period} that no obligation expects ({why})")
}
