//! Schedule rules: about activities and their dates.
//!
//! | rule                   | default severity | finds                                                       |
//! |------------------------|------------------|-------------------------------------------------------------|
//! | [`overdue`]            | warning          | not done or cancelled, deadline (plus grace) passed         |
//! | [`due_soon`]           | info             | not done or cancelled, deadline within N days               |
//! | [`late_start`]         | warning          | not started, planned start (plus grace) passed              |
//! | [`dependency_violation`] | warning        | started or finished before a dependency link allowed        |
//! | [`blocked`]            | warning          | planned start passed, held by an unfinished predecessor     |
//! | [`forecast_slip`]      | warning          | forecast finish (critical-path forecast) after the deadline |
//! | [`stale_update`]       | warning          | in progress without a status update for more than N days    |
//! | [`deadline_moved`]     | info             | deadline later than in the schedule baseline by more than N days |
//!
//! Dates are inclusive days, and links are read as in [`Forecast`](crate::Forecast): FS
//! lag 0 lets the successor start the day after the predecessor finishes.

pub mod blocked;
pub mod deadline_moved;
pub mod dependency_violation;
pub mod due_soon;
pub mod forecast_slip;
pub mod late_start;
pub mod overdue;
pub mod stale_update;

use super::catalogue::{check, RuleInfo, Run};
use super::Severity;
use crate::eval::{Context, Ev, IdExtra, SubjectKind};
use crate::eval::{FindingRef, Sentence};
use crate::model::LinkType;

/// The schedule rules.
pub(crate) const RULES: &[RuleInfo] = &[
    RuleInfo {
        id: overdue::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description:
            "an activity not done or cancelled whose deadline (plus grace days) has passed",
        default_severity: Severity::Warning,
        check_params: check::<overdue::Params>,
        run: Run {
            run: overdue::run,
            evidence: overdue::EVIDENCE,
            message: overdue::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: due_soon::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity not done or cancelled whose deadline is within the next days",
        default_severity: Severity::Info,
        check_params: check::<due_soon::Params>,
        run: Run {
            run: due_soon::run,
            evidence: due_soon::EVIDENCE,
            message: due_soon::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: late_start::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity not started whose planned start (plus grace days) has passed",
        default_severity: Severity::Warning,
        check_params: check::<late_start::Params>,
        run: Run {
            run: late_start::run,
            evidence: late_start::EVIDENCE,
            message: late_start::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: dependency_violation::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity that started or finished before a dependency link allowed",
        default_severity: Severity::Warning,
        check_params: check::<dependency_violation::Params>,
        run: Run {
            run: dependency_violation::run,
            evidence: dependency_violation::EVIDENCE,
            message: dependency_violation::message,
            extra: IdExtra::AtActivity,
        },
    },
    RuleInfo {
        id: blocked::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity past its planned start that a predecessor not done holds back",
        default_severity: Severity::Warning,
        check_params: check::<blocked::Params>,
        run: Run {
            run: blocked::run,
            evidence: blocked::EVIDENCE,
            message: blocked::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: forecast_slip::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an open activity whose forecast finish is after its deadline",
        default_severity: Severity::Warning,
        check_params: check::<forecast_slip::Params>,
        run: Run {
            run: forecast_slip::run,
            evidence: forecast_slip::EVIDENCE,
            message: forecast_slip::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: stale_update::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity in progress without a status update for more than some days",
        default_severity: Severity::Warning,
        check_params: check::<stale_update::Params>,
        run: Run {
            run: stale_update::run,
            evidence: stale_update::EVIDENCE,
            message: stale_update::message,
            extra: IdExtra::None,
        },
    },
    RuleInfo {
        id: deadline_moved::ID,
        family: "schedule",
        subject: SubjectKind::Activity,
        description: "an activity whose deadline is later than in the schedule baseline by more than some days",
        default_severity: Severity::Info,
        check_params: check::<deadline_moved::Params>,
        run: Run {
            run: deadline_moved::run,
            evidence: deadline_moved::EVIDENCE,
            message: deadline_moved::message,
            extra: IdExtra::None,
        },
    },
];

/// The default `max_chain` of the rules that list a chain of predecessors.
pub(crate) fn default_max_chain() -> usize {
    10
}

/// Appends an open activity's state as messages give it, from the finding's `status` and
/// `progress` evidence: `in progress, 95% done`.
pub(crate) fn push_state(m: &mut Sentence, f: &FindingRef<'_>) {
    m.words(&f.text("status"));
    if let Some(p) = f.float("progress") {
        m.push(", ").whole(p).push("% done");
    }
}

/// The activity at `i`'s deadline in the schedule baseline and how far its deadline moved
/// since (deadline - baseline deadline, in days), as evidence; absent when the baseline
/// does not cover it.
pub(crate) fn deadline_against_baseline(ctx: &Context<'_>, i: usize) -> (Ev, Ev) {
    let deadline = ctx.plan().activities.get(i).map(|a| a.deadline);
    match (ctx.baseline_dates(i), deadline) {
        (Some([_, baseline]), Some(deadline)) => (
            Ev::Date(baseline),
            Ev::Int((deadline - baseline).num_days()),
        ),
        _ => (Ev::Absent, Ev::Absent),
    }
}

/// A link type as evidence.
pub(crate) fn link_name(t: LinkType) -> Ev {
    Ev::Str(match t {
        LinkType::FS => &"FS",
        LinkType::SS => &"SS",
        LinkType::FF => &"FF",
        LinkType::SF => &"SF",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_keys_are_sorted() {
        for rule in RULES {
            let evidence = rule.run.evidence;
            assert!(evidence.windows(2).all(|w| w[0] < w[1]), "{}", rule.id);
        }
    }

    #[test]
    fn link_names_are_the_json_names() {
        for t in [LinkType::FS, LinkType::SS, LinkType::FF, LinkType::SF] {
            let Ev::Str(name) = link_name(t) else {
                panic!("{t:?}")
            };
            assert_eq!(serde_json::to_value(t).unwrap(), *name);
            assert_eq!(t.to_string(), *name);
        }
    }
}
