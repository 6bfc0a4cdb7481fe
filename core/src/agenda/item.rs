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

/// Sorts `items` into [`AgendaItem::order`].
///
/// The items are ranked by id in natural order once (with the ranking the evaluation's
/// orders use), then sorted as packed integer keys: the WebAssembly package then reuses
/// sorting code it already has instead of carrying another generic sort of items.
pub(crate) fn sort_items(items: Vec<AgendaItem>) -> Vec<AgendaItem> {
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let rank = crate::eval::IdRanks::natural(&ids);
    let mut keys: Vec<(u64, u32)> = items
        .iter()
        .zip(&rank)
        .enumerate()
        .map(|(k, (item, &r))| {
            // Days since the Common Era, shifted to be positive (chrono's range fits in
            // 28 bits), then the kind in 2 bits, then the rank.
            let day = i64::from(chrono::Datelike::num_days_from_ce(&item.due)) + (1 << 27);
            let day = day.clamp(0, (1 << 28) - 1) as u64;
            let kind = match item.kind {
                ItemKind::Start => 0u64,
                ItemKind::Deadline => 1,
                ItemKind::Report => 2,
                ItemKind::Meeting => 3,
            };
            (day << 34 | kind << 32 | u64::from(r), k as u32)
        })
        .collect();
    keys.sort_unstable();
    let mut slots: Vec<Option<AgendaItem>> = items.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|&(_, k)| slots.get_mut(k as usize).and_then(Option::take))
        .collect()
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
    // A trait object: one copy of this walk serves the agenda and the reminders.
    keep: &dyn Fn(ItemKind, NaiveDate) -> bool,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, kind: ItemKind, due: &str) -> AgendaItem {
        AgendaItem {
            id: id.to_string(),
            kind,
            subject: String::new(),
            title: String::new(),
            period: None,
            due: due.parse().unwrap_or_default(),
            days_left: None,
            days_late: None,
            status: None,
            progress: None,
        }
    }

    #[test]
    fn the_packed_sort_is_the_documented_order() {
        let items = vec![
            item("deadline:2.10.1", ItemKind::Deadline, "2021-06-30"),
            item("report:b:r@2021-05", ItemKind::Report, "2021-06-10"),
            item("deadline:2.9.3", ItemKind::Deadline, "2021-06-30"),
            item("start:1.1", ItemKind::Start, "2021-06-30"),
            item("meeting:a:m@2021Q2", ItemKind::Meeting, "2021-06-30"),
            item("report:a:r@2021-05", ItemKind::Report, "2021-06-10"),
            item("deadline:0.1", ItemKind::Deadline, "1999-01-01"),
        ];
        let mut want = items.clone();
        want.sort_by(AgendaItem::order);
        let got = sort_items(items);
        let ids = |v: &[AgendaItem]| v.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&got), ids(&want));
        assert_eq!(
            ids(&got),
            [
                "deadline:0.1",
                "report:a:r@2021-05",
                "report:b:r@2021-05",
                "start:1.1",
                "deadline:2.9.3",
                "deadline:2.10.1",
                "meeting:a:m@2021Q2"
            ]
        );
    }
}
