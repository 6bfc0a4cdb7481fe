//! `indicator_not_reported`: a period of the indicator's frequency, within the plan,
//! whose last day plus `grace_days` has passed on the as-of day without a value known
//! that day.
//!
//! The periods are those of the indicator's frequency whose last day lies within the
//! plan (as for expected reports). A period is due on its last day plus `grace_days`; on
//! the due day itself it is not reported late yet. A value reported after the as-of day
//! does not exist on that day. Days late count from the due day.
//!
//! Parameters: `grace_days` (default 30).
//!
//! Id `indicator_not_reported:<indicator>@<period>`. Evidence: `period`, `due`,
//! `days_late`, `grace_days`, `frequency`.

use super::head;
use crate::eval::{Context, Ev, FindingRef, RuleSink};
use crate::period::Period;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "indicator_not_reported";

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &["days_late", "due", "frequency", "grace_days", "period"];

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_grace_days")]
    grace_days: u32,
}

fn default_grace_days() -> u32 {
    30
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let plan = ctx.plan();
    let cal = ctx.dataset.calendar();
    for (k, ind) in plan.indicators.iter().enumerate() {
        if !ctx.indicator_in_scope(settings, k) {
            continue;
        }
        let known = ctx.known_values(k);
        let mut next = 0;
        for period in Period::ending_between(ind.frequency, plan.start, plan.end, cal) {
            let due = period.due(params.grace_days);
            if ctx.as_of <= due {
                break;
            }
            // Both are sorted by period: advance past earlier values.
            while known.get(next).is_some_and(|v| v.period < period) {
                next += 1;
            }
            if known.get(next).is_some_and(|v| v.period == period) {
                continue;
            }
            let days_late = (ctx.as_of - due).num_days();
            out.push(
                head(ctx, settings, k, period),
                &[
                    Ev::Int(days_late),
                    Ev::Date(due),
                    Ev::period_type(ind.frequency),
                    Ev::int(params.grace_days),
                    Ev::Period,
                ],
            );
        }
    }
}

/// `indicator victims_identified has no value for 2020Q1 (due 2020-04-30, 61 days late)`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let due = f
        .date("due")
        .map(|d| crate::load::date::IsoDate(d).to_string())
        .unwrap_or_default();
    format!(
        "indicator {} has no value for {} (due {due}, {} days late)",
        f.subject_id(),
        f.text("period"),
        f.int("days_late")
    )
}
