//! `late_report`: an expected report submitted after its due day.
//!
//! A report is due on its period's last day plus the obligation's grace days; one
//! submitted on the due day is on time. The rule looks at the earliest submission of each
//! expected (reporter, period): it is late when that submission is dated after the due
//! day and on or before the as-of day (a submission after the as-of day does not exist as
//! of that day; the report is then missing, see `missing_report`). Duplicates count once:
//! a late resubmission of a report first sent on time is not late. Submissions matching
//! no expected report are `unexpected_report`'s business.
//!
//! Parameters: none.
//!
//! Evidence: `reporter`, `report_type`, `period`, `obligation`, `due`, `submitted` (the
//! earliest submission) and `days_late` (submitted - due, at least 1).
//!
//! Finding id: `late_report:<reporter>@<period>`.

use super::organisation_finding;
use crate::eval::{Context, Finding};
use crate::rules::RuleSettings;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "late_report";

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let ds = ctx.dataset;
    let plan = ds.plan();
    ds.for_each_distinct_expected_report(|expected| {
        let Some(first) = ds.first_submitted(expected.reporter, expected.period) else {
            return;
        };
        if first <= expected.due
            || first > ctx.as_of
            || !ctx.org_in_scope(settings, expected.reporter)
        {
            return;
        }
        let (Some(obligation), Some(reporter)) = (
            plan.reporting_obligations.get(expected.obligation as usize),
            plan.organisations.get(expected.reporter as usize),
        ) else {
            return;
        };
        let days_late = (first - expected.due).num_days();
        let period = expected.period.id();
        let mut evidence = BTreeMap::new();
        evidence.insert("reporter".into(), json!(reporter.id));
        evidence.insert("report_type".into(), json!(obligation.report_type));
        evidence.insert("period".into(), json!(period));
        evidence.insert("obligation".into(), json!(obligation.id));
        evidence.insert("due".into(), json!(expected.due));
        evidence.insert("submitted".into(), json!(first));
        evidence.insert("days_late".into(), json!(days_late));
        out.push(organisation_finding(
            ID,
            format!("{ID}:{}@{period}", reporter.id),
            settings,
            reporter,
            format!(
                "{} submitted its {} report for {period} on {first} (due {}, {})",
                reporter.id,
                obligation.report_type.name().replace('_', "-"),
                expected.due,
                super::days_late_text(days_late)
            ),
            Some(period),
            Some(expected.period.start()),
            evidence,
        ));
    });
}
