//! [`ActivityProgress`]: where a plan's activities stand on a day, by strategy and group.

use crate::dataset::Dataset;
use crate::model::ActivityStatus;
use crate::order::natural_cmp;
use chrono::NaiveDate;

/// Where one activity stands on the report's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Finished.
    Done,
    /// Under way, its deadline not passed.
    OnTrack,
    /// Not finished after its deadline, or not started after its planned start.
    Late,
    /// Not started, its planned start not yet come.
    NotStarted,
    /// Dropped: never late.
    Cancelled,
}

impl Standing {
    /// Every standing, in the order the report's columns show them.
    pub const ALL: [Standing; 5] = [
        Standing::Done,
        Standing::OnTrack,
        Standing::Late,
        Standing::NotStarted,
        Standing::Cancelled,
    ];

    /// The column heading.
    pub fn label(self) -> &'static str {
        match self {
            Standing::Done => "Done",
            Standing::OnTrack => "On track",
            Standing::Late => "Late",
            Standing::NotStarted => "Not started",
            Standing::Cancelled => "Cancelled",
        }
    }
}

/// Counts of activities by [`Standing`], in [`Standing::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StandingCounts(pub [usize; 5]);

impl StandingCounts {
    fn add(&mut self, s: Standing) {
        if let Some(i) = Standing::ALL.iter().position(|&x| x == s) {
            self.0[i] += 1;
        }
    }

    /// All activities counted.
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// A late activity: its position in the plan, the day it should have started or finished,
/// how many days ago, and whether it has not started at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LateItem {
    /// The activity's position in the plan.
    pub activity: usize,
    /// The deadline (or, for one not started, the planned start) that passed.
    pub due: NaiveDate,
    /// Days from `due` to the report's day.
    pub days_late: i64,
    /// Not started although its planned start passed (and its deadline has not).
    pub not_started: bool,
}

/// The activities of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupProgress {
    /// The group's position in the plan.
    pub group: usize,
    /// Its activities by standing.
    pub counts: StandingCounts,
}

/// The activities of one strategy: per group, the totals and the worst late items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategyProgress {
    /// The strategy's position in the plan.
    pub strategy: usize,
    /// Its groups, in plan order.
    pub groups: Vec<GroupProgress>,
    /// All its activities by standing.
    pub counts: StandingCounts,
    /// Its late activities, most days late first (then by natural id), at most
    /// [`ActivityProgress::WORST`].
    pub worst: Vec<LateItem>,
}

/// Where every activity of a plan stands on a day, by strategy and activity group.
///
/// An activity is *done* or *cancelled* by its status on the day; otherwise it is *late*
/// when its deadline is before the day, or when it has not started and its planned start
/// is before the day; *on track* when it is under way; *not started* when its planned
/// start has not come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityProgress {
    /// Every strategy, in plan order.
    pub strategies: Vec<StrategyProgress>,
    /// All activities by standing.
    pub counts: StandingCounts,
}

impl ActivityProgress {
    /// Most late activities listed per strategy.
    pub const WORST: usize = 5;

    /// Where the activities of `dataset` stand on `day`.
    pub fn of(dataset: &Dataset, day: NaiveDate) -> ActivityProgress {
        let plan = dataset.plan();
        let index = &dataset.index;
        let states = dataset.states_at(day);
        let mut strategies: Vec<StrategyProgress> = (0..plan.strategies.len())
            .map(|s| StrategyProgress {
                strategy: s,
                groups: Vec::new(),
                counts: StandingCounts::default(),
                worst: Vec::new(),
            })
            .collect();
        let mut groups: Vec<StandingCounts> = vec![StandingCounts::default(); plan.groups.len()];
        let mut late: Vec<Vec<LateItem>> = vec![Vec::new(); plan.strategies.len()];
        let mut counts = StandingCounts::default();
        for (i, a) in plan.activities.iter().enumerate() {
            let status = states.get(i).map(|s| s.status).unwrap_or_default();
            let (standing, item) = match status {
                ActivityStatus::Done => (Standing::Done, None),
                ActivityStatus::Cancelled => (Standing::Cancelled, None),
                _ if a.deadline < day => (Standing::Late, Some((a.deadline, false))),
                ActivityStatus::NotStarted if a.planned_start < day => {
                    (Standing::Late, Some((a.planned_start, true)))
                }
                ActivityStatus::NotStarted => (Standing::NotStarted, None),
                ActivityStatus::InProgress => (Standing::OnTrack, None),
            };
            counts.add(standing);
            let g = index.activity_group.get(i).map(|&g| g as usize);
            let s = g
                .and_then(|g| index.group_strategy.get(g))
                .map(|&s| s as usize);
            if let Some(c) = g.and_then(|g| groups.get_mut(g)) {
                c.add(standing);
            }
            if let Some(sp) = s.and_then(|s| strategies.get_mut(s)) {
                sp.counts.add(standing);
            }
            if let (Some((due, not_started)), Some(list)) = (item, s.and_then(|s| late.get_mut(s)))
            {
                list.push(LateItem {
                    activity: i,
                    due,
                    days_late: (day - due).num_days(),
                    not_started,
                });
            }
        }
        for (g, c) in groups.into_iter().enumerate() {
            let s = index.group_strategy.get(g).map(|&s| s as usize);
            if let Some(sp) = s.and_then(|s| strategies.get_mut(s)) {
                sp.groups.push(GroupProgress {
                    group: g,
                    counts: c,
                });
            }
        }
        for (sp, mut items) in strategies.iter_mut().zip(late) {
            items.sort_by(|a, b| {
                b.days_late.cmp(&a.days_late).then_with(|| {
                    let id = |x: &LateItem| plan.activities.get(x.activity).map(|a| a.id.as_str());
                    natural_cmp(id(a).unwrap_or(""), id(b).unwrap_or(""))
                })
            });
            items.truncate(Self::WORST);
            sp.worst = items;
        }
        ActivityProgress { strategies, counts }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standings_follow_status_and_dates() {
        let plan = r#"{"id": "p", "title": "t", "start": "2021-01-01", "end": "2021-12-31",
            "organisations": [{"id": "o", "name": "O", "kind": "ministry"}],
            "strategies": [{"id": "1", "title": "s"}],
            "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
            "activities": [
              {"id": "done", "group": "1.1", "title": "a", "planned_start": "2021-01-01", "deadline": "2021-02-01"},
              {"id": "overdue", "group": "1.1", "title": "b", "planned_start": "2021-01-01", "deadline": "2021-03-01"},
              {"id": "late_start", "group": "1.1", "title": "c", "planned_start": "2021-05-01", "deadline": "2021-09-01"},
              {"id": "running", "group": "1.1", "title": "d", "planned_start": "2021-05-01", "deadline": "2021-09-01"},
              {"id": "future", "group": "1.1", "title": "e", "planned_start": "2021-07-01", "deadline": "2021-09-01"},
              {"id": "dropped", "group": "1.1", "title": "f", "planned_start": "2021-01-01", "deadline": "2021-02-01"}]}"#;
        let monitoring = r#"{"status_updates": [
            {"activity": "done", "date": "2021-01-20", "status": "done"},
            {"activity": "overdue", "date": "2021-01-20", "status": "in_progress"},
            {"activity": "running", "date": "2021-05-20", "status": "in_progress"},
            {"activity": "dropped", "date": "2021-01-20", "status": "cancelled"}]}"#;
        let ds = Dataset::from_json(plan, monitoring).expect("valid");
        let day = NaiveDate::from_ymd_opt(2021, 6, 1).expect("day");
        let p = ActivityProgress::of(&ds, day);
        assert_eq!(p.counts.0, [1, 1, 2, 1, 1]);
        let worst: Vec<(&str, i64, bool)> = p.strategies[0]
            .worst
            .iter()
            .map(|x| {
                (
                    ds.plan().activities[x.activity].id.as_str(),
                    x.days_late,
                    x.not_started,
                )
            })
            .collect();
        assert_eq!(worst, [("overdue", 92, false), ("late_start", 31, true)]);
        assert_eq!(p.strategies[0].groups[0].counts, p.counts);
    }
}
