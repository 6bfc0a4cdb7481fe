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
use crate::eval::{Context, Ev, FindingRef, Head, IdExtra, RuleSink, Sentence, SubjectKind};

/// The structural rules.
pub(crate) const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "no_owner",
        family: "structure",
        subject: SubjectKind::Activity,
        description: "an activity with no lead owner",
        default_severity: Severity::Warning,
        check_params: check::<NoParams>,
        run: Run {
            run: no_owner,
            evidence: &["supporting"],
            message: no_owner_message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: "no_indicator",
        family: "structure",
        subject: SubjectKind::Activity,
        description: "an activity that no indicator measures",
        default_severity: Severity::Info,
        check_params: check::<NoParams>,
        run: Run {
            run: no_indicator,
            evidence: &[],
            message: no_indicator_message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: "group_count_mismatch",
        family: "structure",
        subject: SubjectKind::Group,
        description:
            "an activity group whose declared number of major activities differs from the plan's",
        default_severity: Severity::Warning,
        check_params: check::<NoParams>,
        run: Run {
            run: group_count_mismatch,
            evidence: &["actual", "declared"],
            message: group_count_mismatch_message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: "orphan_indicator",
        family: "structure",
        subject: SubjectKind::Indicator,
        description: "an indicator that no activity refers to",
        default_severity: Severity::Info,
        check_params: check::<NoParams>,
        run: Run {
            run: orphan_indicator,
            evidence: &[],
            message: orphan_indicator_message,
            extra: IdExtra::None,
        },
    },
];

fn no_owner(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        if a.lead.is_none() && ctx.activity_in_scope(settings, i) {
            // Rare (validation-level), and a list: kept as JSON.
            let supporting = out.json(crate::eval::Value::from(a.supporting.clone()));
            out.push(ctx.activity_head(settings.severity, i), &[supporting]);
        }
    }
}

/// `activity 1.2.3 has no lead owner`.
fn no_owner_message(f: &FindingRef<'_>) -> String {
    format!("activity {} has no lead owner", f.subject_id())
}

fn no_indicator(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        if a.indicators.is_empty() && ctx.activity_in_scope(settings, i) {
            out.push(ctx.activity_head(settings.severity, i), &[]);
        }
    }
}

/// `no indicator measures activity 1.2.3`.
fn no_indicator_message(f: &FindingRef<'_>) -> String {
    let mut m = Sentence::with_capacity(48);
    m.push("no indicator measures activity ")
        .push(f.subject_id());
    m.into()
}

fn group_count_mismatch(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let plan = ctx.plan();
    let index = &ctx.dataset.index;
    let owners = ctx.dataset.owners();
    let mut counts = vec![0u32; plan.groups.len()];
    for &g in &index.activity_group {
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
        let mut head = Head::new(settings.severity, SubjectKind::Group, g as u32);
        head.owner = owners.group.get(g).copied().flatten();
        head.strategy = index.group_strategy.get(g).copied();
        out.push(head, &[Ev::int(actual), Ev::int(declared)]);
    }
}

/// `group 1.2 declares 4 major activities but the plan has 3`.
fn group_count_mismatch_message(f: &FindingRef<'_>) -> String {
    format!(
        "group {} declares {} major activities but the plan has {}",
        f.subject_id(),
        f.int("declared"),
        f.int("actual")
    )
}

fn orphan_indicator(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let plan = ctx.plan();
    let owners = ctx.dataset.owners();
    for k in 0..plan.indicators.len() {
        let used = ctx
            .dataset
            .index
            .indicator_used
            .get(k)
            .copied()
            .unwrap_or(false);
        if used || !ctx.indicator_in_scope(settings, k) {
            continue;
        }
        let mut head = Head::new(settings.severity, SubjectKind::Indicator, k as u32);
        head.owner = owners.indicator.get(k).copied().flatten();
        out.push(head, &[]);
    }
}

/// `no activity refers to indicator IND-1`.
fn orphan_indicator_message(f: &FindingRef<'_>) -> String {
    format!("no activity refers to indicator {}", f.subject_id())
}
