//! `missing_report`: an expected report whose due day has passed and that was not
//! submitted by the as-of day.
//!
//! A report is due on its period's last day plus the obligation's grace days; on the due
//! day itself it is not missing yet. Days late count from the due day. A report submitted
//! after the as-of day does not exist as of that day. When two obligations of the same
//! report type bind one reporter, their common report is expected once (with the later
//! due day), as in the reporting rates.

use super::organisation_head;
use crate::eval::{Context, FindingRef, RuleSink, Sentence};
use crate::rules::RuleSettings;

/// The rule id.
pub(crate) const ID: &str = "missing_report";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "days_late",
    "due",
    "obligation",
    "period",
    "report_type",
    "reporter",
];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let ds = ctx.dataset;
    let plan = ds.plan();
    for e in ds.distinct_expected() {
        let expected = e.report;
        if ctx.as_of <= expected.due || e.first_submitted.is_some_and(|d| d <= ctx.as_of) {
            continue;
        }
        if !ctx.org_in_scope(settings, expected.reporter) {
            continue;
        }
        let Some(obligation) = plan.reporting_obligations.get(expected.obligation as usize) else {
            continue;
        };
        let days_late = (ctx.as_of - expected.due).num_days();
        out.push(
            organisation_head(settings, expected.reporter, Some(expected.period)),
            &super::expected_report_evidence(&expected, obligation.report_type, days_late),
        );
    }
}

/// `R1 has not submitted its quarterly report for 2020Q1 (due 2020-04-30, 61 days late)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let mut m = Sentence::with_capacity(96);
    m.push(f.subject_id())
        .push(" has not submitted its ")
        .replacing(&f.text("report_type"), '_', '-')
        .push(" report for ")
        .push(&f.text("period"))
        .push(" (due ")
        .date_if(f.date("due"))
        .push(", ")
        .int(f.int("days_late"))
        .push(" days late)");
    m.into()
}
