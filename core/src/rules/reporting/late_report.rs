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

use super::organisation_head;
use crate::eval::{Context, Ev, FindingRef, RuleSink, Sentence};
use crate::rules::RuleSettings;

/// The rule id.
pub(crate) const ID: &str = "late_report";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "days_late",
    "due",
    "obligation",
    "period",
    "report_type",
    "reporter",
    "submitted",
];

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let ds = ctx.dataset;
    let plan = ds.plan();
    for e in ds.distinct_expected() {
        let expected = e.report;
        let Some(first) = e.first_submitted else {
            continue;
        };
        if first <= expected.due
            || first > ctx.as_of
            || !ctx.org_in_scope(settings, expected.reporter)
        {
            continue;
        }
        let (Some(obligation), Some(_)) = (
            plan.reporting_obligations.get(expected.obligation as usize),
            plan.organisations.get(expected.reporter as usize),
        ) else {
            continue;
        };
        let days_late = (first - expected.due).num_days();
        out.push(
            organisation_head(settings, expected.reporter, Some(expected.period)),
            &{
                let [a, b, c, d, e, f] =
                    super::expected_report_evidence(&expected, obligation.report_type, days_late);
                [a, b, c, d, e, f, Ev::Date(first)]
            },
        );
    }
}

/// `R1 submitted its monthly report for 2020-01 on 2020-03-02 (due 2020-02-29, 2 days
/// late)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let mut m = Sentence::with_capacity(96);
    m.push(f.subject_id())
        .push(" submitted its ")
        .replacing(&f.text("report_type"), '_', '-')
        .push(" report for ")
        .push(&f.text("period"))
        .push(" on ")
        .date_if(f.date("submitted"))
        .push(" (due ")
        .date_if(f.date("due"))
        .push(", ");
    match f.int("days_late") {
        1 => m.push("1 day late"),
        days => m.int(days).push(" days late"),
    };
    m.push(")");
    m.into()
}
