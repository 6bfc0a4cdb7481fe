//! Indicator rules: about indicator values against targets, breakdowns and each other.
//!
//! | rule                        | finds                                                              | default |
//! |-----------------------------|--------------------------------------------------------------------|---------|
//! | [`indicator_off_track`](off_track) | the latest value is behind (or, optionally, ahead of) its target by more than a margin; with the Open SDG method, growth too slow to reach the final target | warning |
//! | [`indicator_not_reported`](not_reported) | a period past its due day without a value              | warning |
//! | [`disaggregation_incomplete`] | a required breakdown missing, not adding up, or mostly `unknown` | warning |
//! | [`indicator_inconsistent`](inconsistent) | a declared relation between two indicators fails for a period | error |
//! | [`indicator_outlier`](outlier) | a value far from the indicator's own history (modified z-score) | info |
//!
//! All of them are about one indicator (scope keys `owners` and `owner_kinds` apply to
//! the indicator's owner) and see only the values known on the as-of day: an actual
//! counts from its `reported` day, or from its period's last day when it has none, and
//! of several actuals for one period the one known last counts (see
//! [`eval::indicator_status`](crate::eval::indicator_status)). Finding ids are
//! `rule:indicator@period`, with a suffix where one indicator and period can give
//! several findings.

pub mod disaggregation_incomplete;
pub mod inconsistent;
pub mod not_reported;
pub mod off_track;
pub mod outlier;

use super::catalogue::{check, RuleInfo, Run};
use super::{RuleSettings, Severity};
use crate::eval::{Context, Head, IdExtra, SubjectKind};
use crate::period::Period;

/// The indicator rules.
pub(crate) const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: off_track::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "an indicator whose latest value is behind its target by more than a margin (optionally: ahead of it), or, with the open_sdg method, whose growth since its baseline is too slow to reach its final target",
        default_severity: Severity::Warning,
        check_params: off_track::check_params,
        run: Run {
            run: off_track::run,
            evidence: off_track::EVIDENCE,
            message: off_track::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: not_reported::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "an indicator period whose end plus grace days has passed without a value",
        default_severity: Severity::Warning,
        check_params: check::<not_reported::Params>,
        run: Run {
            run: not_reported::run,
            evidence: not_reported::EVIDENCE,
            message: not_reported::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: disaggregation_incomplete::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "an indicator value whose required breakdown is missing, does not add up to the total, or has too large an unknown share",
        default_severity: Severity::Warning,
        check_params: check::<disaggregation_incomplete::Params>,
        run: Run {
            run: disaggregation_incomplete::run,
            evidence: disaggregation_incomplete::EVIDENCE,
            message: disaggregation_incomplete::message,
            extra: IdExtra::SlashText,
        },
    },
    RuleInfo {
        id: inconsistent::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "a declared relation between two indicators that does not hold for a period",
        default_severity: Severity::Error,
        check_params: check::<inconsistent::Params>,
        run: Run {
            run: inconsistent::run,
            evidence: inconsistent::EVIDENCE,
            message: inconsistent::message,
            extra: IdExtra::SlashText,
        },
    },
    RuleInfo {
        id: outlier::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "an indicator value far from the indicator's own history (modified z-score)",
        default_severity: Severity::Info,
        check_params: check::<outlier::Params>,
        run: Run {
            run: outlier::run,
            evidence: outlier::EVIDENCE,
            message: outlier::message,
            extra: IdExtra::None,
        },
    },
];

/// The head of a finding about the indicator at position `k` for `period`: owned by the
/// indicator's owner, sorted by the period's start.
fn head(ctx: &Context<'_>, settings: &RuleSettings, k: usize, period: Period) -> Head {
    let mut head = Head::new(settings.severity, SubjectKind::Indicator, k as u32);
    head.owner = ctx.dataset.owners().indicator.get(k).copied().flatten();
    head.period = Some(period);
    head.sort_date = Some(period.start());
    head
}

/// A number for a message: integers without decimals, others with up to two.
/// What floating-point rounding of decimal figures can make of a comparison between values
/// of about `magnitude` reached through `terms` additions: a few units in the last place
/// (0.1 + 0.2 is 0.30000000000000004). Sums and relations accept a difference this small
/// on top of their `tolerance`, so that figures that agree in decimals never disagree in
/// binary.
fn rounding_allowance(magnitude: f64, terms: usize) -> f64 {
    let allowance = 4.0 * (terms as f64 + 1.0) * f64::EPSILON * magnitude.abs();
    if allowance.is_finite() {
        allowance
    } else {
        0.0
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
