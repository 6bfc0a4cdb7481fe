//! Indicator rules: about indicator values against targets, breakdowns and each other.
//!
//! | rule                        | finds                                                              | default |
//! |-----------------------------|--------------------------------------------------------------------|---------|
//! | [`indicator_off_track`](off_track) | the latest value is behind (or, optionally, ahead of) its target by more than a margin | warning |
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
use crate::eval::{Finding, Subject, SubjectKind};
use crate::model::Indicator;
use crate::period::Period;
use std::collections::BTreeMap;

/// The indicator rules.
pub(crate) const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: off_track::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "an indicator whose latest value is behind its target by more than a margin (optionally: ahead of it)",
        default_severity: Severity::Warning,
        check_params: check::<off_track::Params>,
        run: Run::Legacy(off_track::run),
    },
    RuleInfo {
        id: not_reported::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "an indicator period whose end plus grace days has passed without a value",
        default_severity: Severity::Warning,
        check_params: check::<not_reported::Params>,
        run: Run::Legacy(not_reported::run),
    },
    RuleInfo {
        id: disaggregation_incomplete::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "an indicator value whose required breakdown is missing, does not add up to the total, or has too large an unknown share",
        default_severity: Severity::Warning,
        check_params: check::<disaggregation_incomplete::Params>,
        run: Run::Legacy(disaggregation_incomplete::run),
    },
    RuleInfo {
        id: inconsistent::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "a declared relation between two indicators that does not hold for a period",
        default_severity: Severity::Error,
        check_params: check::<inconsistent::Params>,
        run: Run::Legacy(inconsistent::run),
    },
    RuleInfo {
        id: outlier::ID,
        family: "indicators",
        subject: SubjectKind::Indicator,
        description: "an indicator value far from the indicator's own history (modified z-score)",
        default_severity: Severity::Info,
        check_params: check::<outlier::Params>,
        run: Run::Legacy(outlier::run),
    },
];

/// A finding about indicator `ind` for `period`.
fn finding(
    rule: &str,
    settings: &RuleSettings,
    ind: &Indicator,
    id: String,
    period: Period,
    message: String,
    evidence: BTreeMap<String, serde_json::Value>,
) -> Finding {
    Finding {
        id,
        rule: rule.into(),
        severity: settings.severity,
        subject: Subject {
            kind: SubjectKind::Indicator,
            id: ind.id.clone(),
        },
        period: Some(period.id()),
        message,
        owner: ind.owner.clone(),
        strategy: None,
        evidence,
        sort_date: Some(period.start()),
        province: None,
    }
}

/// A number for a message: integers without decimals, others with up to two.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
