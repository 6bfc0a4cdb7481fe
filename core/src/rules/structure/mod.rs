//! Structural rules: about the plan itself, whatever the day.
//!
//! | rule                   | subject   | finds                                                   | default |
//! |------------------------|-----------|---------------------------------------------------------|---------|
//! | `no_owner`             | activity  | an activity with no lead owner                          | warning |
//! | `no_indicator`         | activity  | an activity no indicator measures                       | info    |
//! | `group_count_mismatch` | group     | a group declares N major activities and the plan has another number | warning |
//! | `orphan_indicator`     | indicator | an indicator that no activity refers to                 | info    |
//!
//! None of them take parameters.

use super::catalogue::{check, NoParams, RuleInfo, Run};
use super::{RuleSettings, Severity};
use crate::eval::{Context, Finding, Subject, SubjectKind};
use serde_json::json;
use std::collections::BTreeMap;

/// The structural rules.
pub(crate) const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "no_owner",
        family: "structure",
        subject: SubjectKind::Activity,
        description: "an activity with no lead owner",
        default_severity: Severity::Warning,
        check_params: check::<NoParams>,
        run: Run::Legacy(no_owner),
    },
    RuleInfo {
        id: "no_indicator",
        family: "structure",
        subject: SubjectKind::Activity,
        description: "an activity that no indicator measures",
        default_severity: Severity::Info,
        check_params: check::<NoParams>,
        run: Run::Legacy(no_indicator),
    },
    RuleInfo {
        id: "group_count_mismatch",
        family: "structure",
        subject: SubjectKind::Group,
        description:
            "an activity group whose declared number of major activities differs from the plan's",
        default_severity: Severity::Warning,
        check_params: check::<NoParams>,
        run: Run::Legacy(group_count_mismatch),
    },
    RuleInfo {
        id: "orphan_indicator",
        family: "structure",
        subject: SubjectKind::Indicator,
        description: "an indicator that no activity refers to",
        default_severity: Severity::Info,
        check_params: check::<NoParams>,
        run: Run::Legacy(orphan_indicator),
    },
];

fn activity_finding(
    ctx: &Context<'_>,
    rule: &str,
    settings: &RuleSettings,
    i: usize,
    message: String,
    evidence: BTreeMap<String, serde_json::Value>,
) -> Finding {
    let a = &ctx.plan().activities[i];
    Finding {
        id: format!("{rule}:{}", a.id),
        rule: rule.into(),
        severity: settings.severity,
        subject: Subject {
            kind: SubjectKind::Activity,
            id: a.id.clone(),
        },
        period: None,
        message,
        owner: a.lead.clone(),
        strategy: ctx.strategy_of_activity(i).map(str::to_string),
        evidence,
        sort_date: None,
        province: None,
    }
}

fn no_owner(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        if a.lead.is_none() && ctx.activity_in_scope(settings, i) {
            let evidence = BTreeMap::from([("supporting".to_string(), json!(a.supporting))]);
            out.push(activity_finding(
                ctx,
                "no_owner",
                settings,
                i,
                format!("activity {} has no lead owner", a.id),
                evidence,
            ));
        }
    }
}

fn no_indicator(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        if a.indicators.is_empty() && ctx.activity_in_scope(settings, i) {
            out.push(activity_finding(
                ctx,
                "no_indicator",
                settings,
                i,
                format!("no indicator measures activity {}", a.id),
                BTreeMap::new(),
            ));
        }
    }
}

fn group_count_mismatch(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let plan = ctx.plan();
    let mut counts = vec![0u32; plan.groups.len()];
    for &g in &ctx.dataset.index.activity_group {
        if let Some(c) = counts.get_mut(g as usize) {
            *c += 1;
        }
    }
    for (g, group) in plan.groups.iter().enumerate() {
        let Some(declared) = group.declared_activity_count else {
            continue;
        };
        let actual = counts[g];
        if actual == declared || !ctx.group_in_scope(settings, g) {
            continue;
        }
        out.push(Finding {
            id: format!("group_count_mismatch:{}", group.id),
            rule: "group_count_mismatch".into(),
            severity: settings.severity,
            subject: Subject {
                kind: SubjectKind::Group,
                id: group.id.clone(),
            },
            period: None,
            message: format!(
                "group {} declares {declared} major activities but the plan has {actual}",
                group.id
            ),
            owner: group.lead.clone(),
            strategy: Some(group.strategy.clone()),
            evidence: BTreeMap::from([
                ("declared".to_string(), json!(declared)),
                ("actual".to_string(), json!(actual)),
            ]),
            sort_date: None,
            province: None,
        });
    }
}

fn orphan_indicator(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let plan = ctx.plan();
    let mut used = vec![false; plan.indicators.len()];
    for a in &plan.activities {
        for id in &a.indicators {
            if let Some(&k) = ctx.dataset.index.indicator.get(id) {
                used[k as usize] = true;
            }
        }
    }
    for (k, x) in plan.indicators.iter().enumerate() {
        if used[k] || !ctx.indicator_in_scope(settings, k) {
            continue;
        }
        out.push(Finding {
            id: format!("orphan_indicator:{}", x.id),
            rule: "orphan_indicator".into(),
            severity: settings.severity,
            subject: Subject {
                kind: SubjectKind::Indicator,
                id: x.id.clone(),
            },
            period: None,
            message: format!("no activity refers to indicator {}", x.id),
            owner: x.owner.clone(),
            strategy: None,
            evidence: BTreeMap::new(),
            sort_date: None,
            province: None,
        });
    }
}
