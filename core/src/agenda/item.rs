//! [`AgendaItem`]: one thing an owner must do by a day, and the walk over a dataset's
//! open items that the agenda and the reminders share.

use crate::dataset::Dataset;
use crate::model::ActivityStatus;
use crate::order::natural_cmp;
use chrono::NaiveDate;
use serde::Serialize;
use std::cmp::Ordering;

/// What an [`AgendaItem`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// An activity not started yet, on its planned start.
    Start,
    /// An activity not done or cancelled, on its deadline.
    Deadline,
    /// An expected report not submitted yet, on its due day.
    Report,
    /// An expected meeting not held yet, on its due day.
    Meeting,
}

impl ItemKind {
    /// The snake_case name used in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Start => "start",
            ItemKind::Deadline => "deadline",
            ItemKind::Report => "report",
            ItemKind::Meeting => "meeting",
        }
    }
}

impl std::fmt::Display for ItemKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One thing an owner must do by a day: start or finish an activity, submit a report,
/// hold a meeting.
///
/// Its `id` is stable across days and runs: `start:ACTIVITY`, `deadline:ACTIVITY`,
/// `report:REPORTER:OBLIGATION@PERIOD`, `meeting:ORGANISER:OBLIGATION@PERIOD`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgendaItem {
    /// The stable id.
    pub id: String,
    /// What it is about.
    pub kind: ItemKind,
    /// The activity id, or the reporting or meeting obligation id.
    pub subject: String,
    /// The activity's title, `quarterly report for 2021Q2`, or the meeting's title.
    pub title: String,
    /// The period reported on or met for (reports and meetings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The day it falls due: the planned start, the deadline, or the report's or
    /// meeting's due day (its period's last day plus the obligation's grace days).
    pub due: NaiveDate,
    /// Days from the as-of day to the due day (0: due today), for what is still ahead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// Days from the due day to the as-of day, for what is overdue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_late: Option<i64>,
    /// The activity's status on the as-of day (activities).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<ActivityStatus>,
    /// The activity's latest progress in percent, when given (activities).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
}

impl AgendaItem {
    /// The documented order of items: by due day, then kind (start, deadline, report,
    /// meeting), then id in natural order (`2.9.3` before `2.10.1`).
    pub fn order(&self, other: &AgendaItem) -> Ordering {
        self.due
            .cmp(&other.due)
            .then(self.kind.cmp(&other.kind))
            .then_with(|| natural_cmp(&self.id, &other.id))
    }
}

/// An open item and its owner (an organisation position; `None` for an activity
/// without a lead).
pub(crate) struct Owned {
    pub owner: Option<u32>,
    pub item: AgendaItem,
}

/// Every item open on `as_of` whose due day `keep` accepts (given the kind and the due
/// day), for organisation `only` when given, in plan order (activities, then reports
/// in the dataset's order, then meetings):
///
/// - starts: activities `not_started` on `as_of`;
/// - deadlines: activities neither done nor cancelled on `as_of`;
/// - reports: expected reports (each once, as in the reporting rules and rates) not
///   submitted on or before `as_of`;
/// - meetings: expected meetings none was held for on or before `as_of`.
///
/// `days_left` (due day on or after `as_of`) or `days_late` (before it) is filled in.
pub(crate) fn open_items(
    dataset: &Dataset,
    as_of: NaiveDate,
    only: Option<u32>,
    keep: impl Fn(ItemKind, NaiveDate) -> bool,
) -> Vec<Owned> {
    let plan = dataset.plan();
    let owners = dataset.owners();
    let mut out = Vec::new();
    let days = |due: NaiveDate| {
        let d = (due - as_of).num_days();
        if d >= 0 {
            (Some(d), None)
        } else {
            (None, Some(-d))
        }
    };
    let wanted = |owner: Option<u32>| only.is_none() || owner == only;
    for (i, a) in plan.activities.iter().enumerate() {
        let owner = owners.activity.get(i).copied().flatten();
        if !wanted(owner) {
            continue;
        }
        let start = keep(ItemKind::Start, a.planned_start);
        let deadline = keep(ItemKind::Deadline, a.deadline);
        if !start && !deadline {
            continue;
        }
        let state = dataset.state_at(i, as_of);
        let mut push = |kind: ItemKind, due: NaiveDate| {
            let (days_left, days_late) = days(due);
            out.push(Owned {
                owner,
                item: AgendaItem {
                    id: format!("{kind}:{}", a.id),
                    kind,
                    subject: a.id.clone(),
                    title: a.title.clone(),
                    period: None,
                    due,
                    days_left,
                    days_late,
                    status: Some(state.status),
                    progress: state.progress,
                },
            });
        };
        if start && state.status == ActivityStatus::NotStarted {
            push(ItemKind::Start, a.planned_start);
        }
        if deadline && !state.status.is_closed() {
            push(ItemKind::Deadline, a.deadline);
        }
    }
    let org_id = |i: u32| plan.organisations.get(i as usize).map(|o| o.id.as_str());
    for e in dataset.distinct_expected() {
        let r = e.report;
        if !wanted(Some(r.reporter))
            || !keep(ItemKind::Report, r.due)
            || e.first_submitted.is_some_and(|d| d <= as_of)
        {
            continue;
        }
        let (Some(o), Some(reporter)) = (
            plan.reporting_obligations.get(r.obligation as usize),
            org_id(r.reporter),
        ) else {
            continue;
        };
        let period = r.period.id();
        let (days_left, days_late) = days(r.due);
        out.push(Owned {
            owner: Some(r.reporter),
            item: AgendaItem {
                id: format!("report:{reporter}:{}@{period}", o.id),
                kind: ItemKind::Report,
                subject: o.id.clone(),
                title: format!(
                    "{} report for {period}",
                    crate::rules::reporting::kind_text(o.report_type.name())
                ),
                period: Some(period),
                due: r.due,
                days_left,
                days_late,
                status: None,
                progress: None,
            },
        });
    }
    for e in dataset.expected_meetings() {
        if !wanted(Some(e.organiser)) || !keep(ItemKind::Meeting, e.due) {
            continue;
        }
        let held = dataset
            .meeting_held(e.obligation, e.organiser, e.period)
            .is_some_and(|d| d <= as_of);
        let (Some(o), Some(organiser)) = (
            plan.meeting_obligations.get(e.obligation as usize),
            org_id(e.organiser),
        ) else {
            continue;
        };
        if held {
            continue;
        }
        let period = e.period.id();
        let (days_left, days_late) = days(e.due);
        out.push(Owned {
            owner: Some(e.organiser),
            item: AgendaItem {
                id: format!("meeting:{organiser}:{}@{period}", o.id),
                kind: ItemKind::Meeting,
                subject: o.id.clone(),
                title: o.title.clone(),
                period: Some(period),
                due: e.due,
                days_left,
                days_late,
                status: None,
                progress: None,
            },
        });
    }
    out
}
