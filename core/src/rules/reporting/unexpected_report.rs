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

use super::organisation_finding;
use crate::eval::{Context, Finding};
use crate::model::Plan;
use crate::period::Period;
use crate::rules::RuleSettings;
use chrono::NaiveDate;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// The rule id.
pub(crate) const ID: &str = "unexpected_report";

/// Why a submission is unexpected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    NotBound,
    OutsideObligation,
    Inactive,
}

impl Reason {
    fn name(self) -> &'static str {
        match self {
            Reason::NotBound => "not_bound",
            Reason::OutsideObligation => "outside_obligation",
            Reason::Inactive => "inactive",
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

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
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
    let position: HashMap<(u32, Period), usize> = seen
        .iter()
        .enumerate()
        .map(|(i, x)| ((x.reporter, x.period), i))
        .collect();
    for (i, s) in ds.monitoring().submissions.iter().enumerate() {
        if s.submitted > ctx.as_of {
            continue;
        }
        let (Some(&reporter), Some(Some(period))) = (
            index.org.get(&s.reporter),
            index.submission_periods.get(i).copied(),
        ) else {
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
        let Some(reporter) = plan.organisations.get(x.reporter as usize) else {
            continue;
        };
        let period = x.period.id();
        let report_type = x.period.period_type();
        let kind = report_type.name().replace('_', "-");
        let why = match x.reason {
            Reason::NotBound => format!("no {kind} reporting obligation binds {}", reporter.id),
            Reason::OutsideObligation => {
                format!(
                    "{period} is outside every {kind} reporting obligation of {}",
                    reporter.id
                )
            }
            Reason::Inactive => format!("{} is not active on {}", reporter.id, x.period.end()),
        };
        let mut evidence = BTreeMap::new();
        evidence.insert("reporter".into(), json!(reporter.id));
        evidence.insert("report_type".into(), json!(report_type));
        evidence.insert("period".into(), json!(period));
        evidence.insert("reason".into(), json!(x.reason.name()));
        evidence.insert("submitted".into(), json!(x.first));
        evidence.insert("submissions".into(), json!(x.count));
        out.push(organisation_finding(
            ID,
            format!("{ID}:{}@{period}", reporter.id),
            settings,
            reporter,
            format!(
                "{} submitted a {kind} report for {period} that no obligation expects ({why})",
                reporter.id
            ),
            Some(period),
            Some(x.period.start()),
            evidence,
        ));
    }
}
