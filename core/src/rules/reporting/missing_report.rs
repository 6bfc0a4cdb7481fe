//! `missing_report`: an expected report whose due day has passed and that was not
//! submitted by the as-of day.
//!
//! A report is due on its period's last day plus the obligation's grace days; on the due
//! day itself it is not missing yet. Days late count from the due day. A report submitted
//! after the as-of day does not exist as of that day. When two obligations of the same
//! report type bind one reporter, their common report is expected once (with the later
//! due day), as in the reporting rates.

use super::organisation_finding;
use crate::eval::{Context, Finding};
use crate::rules::RuleSettings;
use serde_json::json;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "missing_report";

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let ds = ctx.dataset;
    let plan = ds.plan();
    ds.for_each_distinct_expected_report(|expected| {
        if ctx.as_of <= expected.due || !ctx.org_in_scope(settings, expected.reporter) {
            return;
        }
        let submitted = ds
            .submission(expected.reporter, expected.period)
            .is_some_and(|s| s.first <= ctx.as_of);
        if submitted {
            return;
        }
        let obligation = &plan.reporting_obligations[expected.obligation as usize];
        let reporter = &plan.organisations[expected.reporter as usize];
        let days_late = (ctx.as_of - expected.due).num_days();
        let period = expected.period.id();
        let mut evidence = BTreeMap::new();
        evidence.insert("reporter".into(), json!(reporter.id));
        evidence.insert("report_type".into(), json!(obligation.report_type));
        evidence.insert("period".into(), json!(period));
        evidence.insert("due".into(), json!(expected.due));
        evidence.insert("days_late".into(), json!(days_late));
        evidence.insert("obligation".into(), json!(obligation.id));
        out.push(organisation_finding(
            ID,
            format!("{ID}:{}@{period}", reporter.id),
            settings,
            reporter,
            format!(
                "{} has not submitted its {} report for {period} (due {}, {days_late} days late)",
                reporter.id,
                obligation.report_type.name().replace('_', "-"),
                expected.due
            ),
            Some(period),
            Some(expected.period.start()),
            evidence,
        ));
    });
}
