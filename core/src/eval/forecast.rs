//! The schedule forecast: a critical-path forward and backward pass from the as-of day.
//!
//! See [`Forecast`] for the definitions and the date convention.

use crate::dataset::{ActivityState, Dataset};
use crate::graph::{ActivityGraph, InLink};
use crate::model::{ActivityStatus, LinkType};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

mod columns;
use columns::{chain_positions, root_position};
pub(crate) use columns::{ForecastColumns, LazyForecast};

/// The forecast of one activity. Dates are inclusive (see [`Forecast`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActivityForecast {
    /// The activity id.
    pub activity: String,
    /// Its status on the as-of day.
    pub status: ActivityStatus,
    /// Its deadline.
    #[serde(serialize_with = "crate::load::date::write_date")]
    pub deadline: NaiveDate,
    /// Forecast (early) start: the actual start once started.
    #[serde(serialize_with = "crate::load::date::write_date")]
    pub early_start: NaiveDate,
    /// Forecast (early) finish: the actual finish once done.
    #[serde(serialize_with = "crate::load::date::write_date")]
    pub early_finish: NaiveDate,
    /// The latest start that meets its own deadline and its successors' late dates.
    #[serde(serialize_with = "crate::load::date::write_date")]
    pub late_start: NaiveDate,
    /// The latest finish that meets its own deadline and its successors' late dates.
    #[serde(serialize_with = "crate::load::date::write_date")]
    pub late_finish: NaiveDate,
    /// `late_finish - early_finish` in days; negative when forecast to be late.
    pub slack_days: i64,
    /// On the critical path.
    pub critical: bool,
    /// The predecessor whose link sets its early dates, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub driving_predecessor: Option<String>,
    /// The type of that predecessor's link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub driving_link: Option<LinkType>,
    /// Its planned start in the schedule baseline the forecast reports variance against
    /// (see [`Forecast::schedule_baseline`]); absent when that baseline does not cover it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_start: Option<NaiveDate>,
    /// Its deadline in that baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_finish: Option<NaiveDate>,
    /// Start variance: `early_start - baseline_start` in days (positive: later than the
    /// baseline), as MS Project's Start Variance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_variance_days: Option<i64>,
    /// Finish variance: `early_finish - baseline_finish` in days (positive: later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish_variance_days: Option<i64>,
}

/// A schedule forecast as of a day: every activity's early and late dates and slack, and
/// the critical path.
///
/// # Date convention
///
/// Dates are **inclusive days**: an activity planned from `planned_start` to `deadline`
/// works on both days, so its planned duration is `deadline - planned_start + 1` days (an
/// activity starting and ending on the same day lasts 1 day). A start date means the
/// beginning of that day, a finish date the end of it. Links relate those instants, with
/// the lag in calendar days (negative for a lead):
///
/// | link | constraint (inclusive dates)                          | lag 0 means                                  |
/// |------|-------------------------------------------------------|----------------------------------------------|
/// | FS   | successor start  >= predecessor finish + 1 + lag      | start the day after the predecessor finishes |
/// | SS   | successor start  >= predecessor start + lag           | start the same day at the earliest           |
/// | FF   | successor finish >= predecessor finish + lag          | finish the same day at the earliest          |
/// | SF   | successor finish >= predecessor start - 1 + lag       | finish the day before the predecessor starts |
///
/// Slack is in days: `late_finish - early_finish`.
///
/// # Forward pass (early dates), in topological order
///
/// - **done**: the actual dates. Start = actual start (the planned start when unknown, never
///   after the finish); finish = actual finish, or the day of the update that reported it
///   done when none is given.
/// - **in progress**: start = actual start (when unknown: the planned start or the last
///   update, whichever is earlier). The remaining work is
///   `ceil(planned duration x (1 - progress / 100))` days (at least 1; progress 0 when
///   never given), done from the as-of day on: finish = as-of + remaining - 1, later when an
///   FF or SF link requires it. FS and SS links no longer apply: the start is a fact.
/// - **not started**: the full planned duration, starting on the latest of the planned
///   start, the as-of day and what each link allows (an FF or SF link moves the whole
///   activity so that its finish satisfies the link).
/// - **cancelled**: nothing is expected of it: its dates are those of a done activity
///   (finishing the day it was reported cancelled), it constrains no successor and no
///   predecessor, its late dates equal its early dates and its slack is 0.
///
/// The **driving predecessor** of an activity is the one whose link pushes its early start
/// (or, in progress, its finish) later than its own bounds (planned start, as-of day,
/// remaining work); among links that push it equally far, the predecessor first in natural
/// id order. The driving chain follows driving predecessors back to an activity that has
/// none: its root cause.
///
/// # Backward pass (late dates), in reverse topological order
///
/// Late finish = the earliest of the activity's own deadline and what each successor's late
/// dates allow through its link; late start = late finish - (early finish - early start).
/// Because a not-started activity takes its whole planned window, its slack is at most 0:
/// 0 when on plan, negative when it is forecast to slip; only activities ahead of plan (in
/// progress or done early) have positive slack.
///
/// # Critical path
///
/// The driving chain of the open (not started or in progress) activity with the least
/// slack (ties: the later early finish, then the longer driving chain, then natural id
/// order), followed back while the
/// predecessors are open and have slack `<= 0`, listed from its first activity to its last.
/// It is empty when every open activity has positive slack. An activity is `critical` when
/// it is on that path.
///
/// The passes are linear in activities + links, iterative (no recursion).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Forecast {
    /// The day the forecast runs from.
    pub as_of: NaiveDate,
    /// One entry per activity, in plan order.
    pub activities: Vec<ActivityForecast>,
    /// The critical path, activity ids from its first activity to its last.
    pub critical_path: Vec<String>,
    /// The id of the schedule baseline the activities' variance is against, if any (the
    /// plan's first, unless the rule set names another).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_baseline: Option<String>,
    /// Driving predecessor position of each activity (`NONE` when none).
    #[serde(skip)]
    driver: Vec<u32>,
    /// The first activity of each activity's driving chain (itself when no driver).
    #[serde(skip)]
    root: Vec<u32>,
    /// The number of predecessors on each activity's driving chain.
    #[serde(skip)]
    depth: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// What a forecast serialises: reading it back computes the driving chains again from
/// each activity's `driving_predecessor`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WrittenForecast {
    as_of: NaiveDate,
    activities: Vec<ActivityForecast>,
    critical_path: Vec<String>,
    #[serde(default)]
    schedule_baseline: Option<String>,
}

impl<'de> Deserialize<'de> for Forecast {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Forecast, D::Error> {
        WrittenForecast::deserialize(d).map(Forecast::from)
    }
}

impl From<WrittenForecast> for Forecast {
    fn from(w: WrittenForecast) -> Forecast {
        let n = w.activities.len();
        let position: std::collections::HashMap<&str, u32> = (w.activities.iter())
            .enumerate()
            .map(|(i, a)| (a.activity.as_str(), i as u32))
            .collect();
        let driver: Vec<u32> = (w.activities.iter())
            .map(|a| {
                (a.driving_predecessor.as_deref())
                    .and_then(|p| position.get(p).copied())
                    .unwrap_or(NONE)
            })
            .collect();
        // Root and depth of every chain, each activity visited once: walk back from an
        // activity to the first one already known (or without driver), then fill in the
        // activities walked through. A loop in the drivers (only in a hand-made file)
        // ends the chain where it closes.
        let mut root = vec![NONE; n];
        let mut depth = vec![0u32; n];
        let mut on_walk = vec![false; n];
        let mut walk: Vec<u32> = Vec::new();
        for start in 0..n as u32 {
            let mut i = start;
            while root.get(i as usize) == Some(&NONE) && on_walk.get(i as usize) == Some(&false) {
                if let Some(w) = on_walk.get_mut(i as usize) {
                    *w = true;
                }
                walk.push(i);
                i = driver.get(i as usize).copied().unwrap_or(NONE);
            }
            // `i` is known, without driver, or closes a loop: the chain starts after it.
            let (mut r, mut d) = match root.get(i as usize) {
                Some(&r) if r != NONE => (r, depth.get(i as usize).copied().unwrap_or(0) + 1),
                _ => (NONE, 0),
            };
            while let Some(k) = walk.pop() {
                if r == NONE {
                    r = k;
                    d = 0;
                }
                if let (Some(rk), Some(dk)) = (root.get_mut(k as usize), depth.get_mut(k as usize))
                {
                    *rk = r;
                    *dk = d;
                }
                d += 1;
            }
        }
        Forecast {
            as_of: w.as_of,
            activities: w.activities,
            critical_path: w.critical_path,
            schedule_baseline: w.schedule_baseline,
            driver,
            root,
            depth,
        }
    }
}

impl Forecast {
    /// The driving chain of the activity at plan position `index`: its driving predecessor,
    /// that one's, and so on back to the root cause (nearest first); empty when nothing
    /// drives it or `index` is out of range.
    pub fn driving_chain(&self, index: usize) -> impl Iterator<Item = &ActivityForecast> + '_ {
        self.driving_positions(index)
            .map_while(|p| self.activities.get(p as usize))
    }

    /// The plan positions of [`Forecast::driving_chain`].
    pub(crate) fn driving_positions(&self, index: usize) -> impl Iterator<Item = u32> + '_ {
        chain_positions(&self.driver, index)
    }

    /// The root cause (first activity) of the driving chain of the activity at `index`
    /// and the number of predecessors on that chain; `None` when nothing drives it.
    pub fn chain_root(&self, index: usize) -> Option<(&ActivityForecast, usize)> {
        let (root, depth) = root_position(&self.root, &self.depth, self.activities.len(), index)?;
        Some((self.activities.get(root as usize)?, depth))
    }
}

impl Dataset {
    /// The schedule forecast as of `as_of`: early and late dates, slack and the critical
    /// path (see [`Forecast`] for the definitions), with variance against the plan's first
    /// schedule baseline.
    /// [`Dataset::evaluate`] computes the same and returns it in
    /// [`Evaluation::forecast`](crate::Evaluation::forecast).
    ///
    /// ```
    /// let plan = r#"{"id": "p", "title": "t", "start": "2021-01-01", "end": "2021-12-31",
    ///   "strategies": [{"id": "1", "title": "s"}],
    ///   "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
    ///   "activities": [
    ///     {"id": "a", "group": "1.1", "title": "a",
    ///      "planned_start": "2021-01-01", "deadline": "2021-01-10"},
    ///     {"id": "b", "group": "1.1", "title": "b",
    ///      "planned_start": "2021-01-11", "deadline": "2021-01-15",
    ///      "depends_on": [{"activity": "a", "type": "FS", "lag_days": 0}]}]}"#;
    /// let ds = planwatch::Dataset::from_json(plan, "{}").unwrap();
    /// // nothing started by 2021-01-05: a takes its 10 days from then, b follows the next day
    /// let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let f = ds.forecast(day("2021-01-05"));
    /// assert_eq!(f.activities[0].early_finish, day("2021-01-14"));
    /// assert_eq!(f.activities[1].early_start, day("2021-01-15"));
    /// assert_eq!(f.activities[1].early_finish, day("2021-01-19"));
    /// assert_eq!(f.activities[1].slack_days, -4);
    /// assert_eq!(f.activities[1].driving_predecessor.as_deref(), Some("a"));
    /// assert_eq!(f.critical_path, ["a", "b"]);
    /// ```
    pub fn forecast(&self, as_of: NaiveDate) -> Forecast {
        // Variance against the plan's first baseline, as with the default rules.
        let baseline = (!self.plan().schedule_baselines.is_empty()).then_some(0);
        compute(self, as_of, &self.states_at(as_of), baseline).to_forecast(self)
    }
}

/// How the passes treat one activity; days are day numbers, ends exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    /// Dates are facts (done).
    Fixed { start: i64, end: i64 },
    /// Started on `start`; cannot end before `min_end`.
    Running { start: i64, min_end: i64 },
    /// Not started: cannot start before `release`; takes `duration` days.
    Pending { release: i64, duration: i64 },
    /// Cancelled: takes no part in the network.
    Ignored { start: i64, end: i64 },
}

/// The result of the passes, per activity position; ends exclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cpm {
    pub es: Vec<i64>,
    pub ee: Vec<i64>,
    pub ls: Vec<i64>,
    pub le: Vec<i64>,
    /// Driving predecessor and link type.
    pub driver: Vec<Option<(u32, LinkType)>>,
}

/// The forward and backward passes over `nodes` (positions), visiting `order` (a
/// topological order; plan order is used when it does not cover every node). A node
/// without a deadline gets the latest early end of all as its late end, as in the
/// textbook. `prefer(a, b)` breaks ties between driving predecessors.
pub(crate) fn cpm<I, F, P>(
    nodes: &[Node],
    deadlines: &[Option<i64>],
    order: &[u32],
    incoming: F,
    prefer: P,
) -> Cpm
where
    F: Fn(usize) -> I,
    I: Iterator<Item = InLink>,
    P: Fn(u32, u32) -> bool,
{
    let n = nodes.len();
    let fallback: Vec<u32>;
    let order = if order.len() == n {
        order
    } else {
        fallback = (0..n as u32).collect();
        &fallback
    };
    let mut es = Vec::with_capacity(n);
    let mut ee = Vec::with_capacity(n);
    for node in nodes {
        let (s, e) = match *node {
            Node::Fixed { start, end } | Node::Ignored { start, end } => (start, end),
            Node::Running { start, min_end } => (start, min_end),
            Node::Pending { release, duration } => (release, release.saturating_add(duration)),
        };
        es.push(s);
        ee.push(e);
    }
    let mut driver: Vec<Option<(u32, LinkType)>> = vec![None; n];
    // One byte per activity: the passes test predecessors at random positions, and a
    // compact table keeps those reads in cache where the nodes would not.
    let skip: Vec<bool> = nodes
        .iter()
        .map(|node| matches!(node, Node::Ignored { .. }))
        .collect();
    let ignored = |p: usize| skip.get(p).copied().unwrap_or(true);

    for &i in order {
        let i = i as usize;
        let (own, duration, is_start) = match nodes.get(i) {
            Some(&Node::Running { min_end, .. }) => (min_end, 0, false),
            Some(&Node::Pending { release, duration }) => (release, duration, true),
            _ => continue,
        };
        let mut best = own;
        let mut best_driver: Option<(u32, LinkType)> = None;
        for l in incoming(i) {
            let p = l.pred as usize;
            if ignored(p) {
                continue;
            }
            let (Some(&ps), Some(&pe)) = (es.get(p), ee.get(p)) else {
                continue;
            };
            let lag = i64::from(l.lag_days);
            let bound = match (l.link_type, is_start) {
                (LinkType::FS, true) => pe.saturating_add(lag),
                (LinkType::SS, true) => ps.saturating_add(lag),
                (LinkType::FF, true) => pe.saturating_add(lag).saturating_sub(duration),
                (LinkType::SF, true) => ps.saturating_add(lag).saturating_sub(duration),
                (LinkType::FF, false) => pe.saturating_add(lag),
                (LinkType::SF, false) => ps.saturating_add(lag),
                (LinkType::FS | LinkType::SS, false) => continue,
            };
            let better = bound > best
                || (bound == best && best_driver.is_some_and(|(d, _)| prefer(l.pred, d)));
            if better {
                best = bound;
                best_driver = Some((l.pred, l.link_type));
            }
        }
        if let (Some(s), Some(e)) = (es.get_mut(i), ee.get_mut(i)) {
            if is_start {
                *s = best;
                *e = best.saturating_add(duration);
            } else {
                *e = best;
            }
        }
        if let Some(d) = driver.get_mut(i) {
            *d = best_driver;
        }
    }

    let horizon = ee.iter().copied().max().unwrap_or(0);
    let mut le: Vec<i64> = (0..n)
        .map(|i| match nodes.get(i) {
            Some(Node::Ignored { .. }) | None => ee.get(i).copied().unwrap_or(0),
            _ => deadlines.get(i).copied().flatten().unwrap_or(horizon),
        })
        .collect();
    let dur = |i: usize| {
        ee.get(i)
            .copied()
            .unwrap_or(0)
            .saturating_sub(es.get(i).copied().unwrap_or(0))
    };
    for &s in order.iter().rev() {
        let s = s as usize;
        if ignored(s) {
            continue;
        }
        let le_s = le.get(s).copied().unwrap_or(0);
        let ls_s = le_s.saturating_sub(dur(s));
        for l in incoming(s) {
            let p = l.pred as usize;
            if ignored(p) {
                continue;
            }
            let lag = i64::from(l.lag_days);
            let bound = match l.link_type {
                LinkType::FS => ls_s.saturating_sub(lag),
                LinkType::SS => ls_s.saturating_sub(lag).saturating_add(dur(p)),
                LinkType::FF => le_s.saturating_sub(lag),
                LinkType::SF => le_s.saturating_sub(lag).saturating_add(dur(p)),
            };
            if let Some(x) = le.get_mut(p) {
                *x = (*x).min(bound);
            }
        }
    }
    let ls = (0..n)
        .map(|i| le.get(i).copied().unwrap_or(0).saturating_sub(dur(i)))
        .collect();
    Cpm {
        es,
        ee,
        ls,
        le,
        driver,
    }
}

/// The day number of a date.
fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// The date of a day number, clamped to the dates chrono can represent.
fn date(n: i64) -> NaiveDate {
    let clamped = n.clamp(
        i64::from(NaiveDate::MIN.num_days_from_ce()),
        i64::from(NaiveDate::MAX.num_days_from_ce()),
    );
    i32::try_from(clamped)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(if n < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// The remaining days of work of an activity of `planned` days at `progress` percent: at
/// least 1.
pub(crate) fn remaining_days(planned: i64, progress: Option<f64>) -> i64 {
    let p = progress.filter(|p| p.is_finite()).unwrap_or(0.0);
    let left = 1.0 - p.clamp(0.0, 100.0) / 100.0;
    let r = (planned as f64 * left).ceil();
    if r.is_finite() && r >= 1.0 {
        (r as i64).max(1)
    } else {
        1
    }
}

/// The forecast of `dataset` as of `as_of`, from the activity states on that day.
pub(crate) fn compute(
    dataset: &Dataset,
    as_of: NaiveDate,
    states: &[ActivityState],
    baseline: Option<u32>,
) -> ForecastColumns {
    let activities = &dataset.plan().activities;
    let graph: &ActivityGraph = dataset.graph();
    let today = day(as_of);
    let mut nodes = Vec::with_capacity(activities.len());
    let mut deadlines = Vec::with_capacity(activities.len());
    for (i, a) in activities.iter().enumerate() {
        let st = states.get(i).copied().unwrap_or_default();
        let planned_start = day(a.planned_start);
        let planned = (day(a.deadline) - planned_start).saturating_add(1).max(1);
        let closed = || {
            let finish = day(st
                .actual_finish
                .or(st.reported_done)
                .or(st.last_update)
                .unwrap_or(as_of));
            let start = st.actual_start.map_or(planned_start, day).min(finish);
            (start, finish.saturating_add(1))
        };
        nodes.push(match st.status {
            ActivityStatus::Done => {
                let (start, end) = closed();
                Node::Fixed { start, end }
            }
            ActivityStatus::Cancelled => {
                let (start, end) = closed();
                Node::Ignored { start, end }
            }
            ActivityStatus::InProgress => {
                let start = st.actual_start.map_or_else(
                    || planned_start.min(st.reported_started.map_or(today, day)),
                    day,
                );
                let min_end = today
                    .saturating_add(remaining_days(planned, st.progress))
                    .max(start.saturating_add(1));
                Node::Running { start, min_end }
            }
            ActivityStatus::NotStarted => Node::Pending {
                release: planned_start.max(today),
                duration: planned,
            },
        });
        deadlines.push(Some(day(a.deadline).saturating_add(1)));
    }
    // Ties between driving predecessors go to the first in natural id order, by rank.
    let ranks = dataset.ranks();
    let cpm = cpm(
        &nodes,
        &deadlines,
        graph.topo_indices(),
        |i| graph.incoming(i),
        |a, b| ranks.activity(a) < ranks.activity(b),
    );
    let mut columns = assemble(dataset, as_of, states, &nodes, cpm);
    columns.baseline = baseline.filter(|&b| (b as usize) < dataset.index.baselines.len());
    columns
}

fn assemble(
    dataset: &Dataset,
    as_of: NaiveDate,
    states: &[ActivityState],
    nodes: &[Node],
    cpm: Cpm,
) -> ForecastColumns {
    let n = dataset.plan().activities.len();
    let get = |v: &[i64], i: usize| v.get(i).copied().unwrap_or(0);
    let ranks = dataset.ranks();
    let driver: Vec<u32> = (0..n)
        .map(|i| cpm.driver.get(i).copied().flatten().map_or(NONE, |d| d.0))
        .collect();
    // Root and depth of each driving chain, in topological order (drivers first).
    let mut root: Vec<u32> = (0..n as u32).collect();
    let mut depth = vec![0u32; n];
    let topo = dataset.graph().topo_indices();
    for &i in topo {
        let i = i as usize;
        let d = driver.get(i).copied().unwrap_or(NONE);
        if d == NONE {
            continue;
        }
        let (r, k) = (
            root.get(d as usize).copied().unwrap_or(d),
            depth.get(d as usize).copied().unwrap_or(0),
        );
        if let (Some(ri), Some(ki)) = (root.get_mut(i), depth.get_mut(i)) {
            *ri = r;
            *ki = k.saturating_add(1);
        }
    }
    let slack = |i: usize| get(&cpm.le, i).saturating_sub(get(&cpm.ee, i));

    // The critical path: back from the open activity with the least slack.
    let open = |i: usize| {
        matches!(
            nodes.get(i),
            Some(Node::Pending { .. } | Node::Running { .. })
        )
    };
    let mut worst: Option<usize> = None;
    for i in (0..n).filter(|&i| open(i)) {
        let Some(w) = worst else {
            worst = Some(i);
            continue;
        };
        let key = |j: usize| {
            (
                slack(j),
                std::cmp::Reverse(get(&cpm.ee, j)),
                std::cmp::Reverse(depth.get(j).copied().unwrap_or(0)),
            )
        };
        let less = key(i)
            .cmp(&key(w))
            .then_with(|| ranks.activity(i as u32).cmp(&ranks.activity(w as u32)));
        if less == Ordering::Less {
            worst = Some(i);
        }
    }
    let mut path = Vec::new();
    let mut cur = worst.filter(|&w| slack(w) <= 0);
    while let Some(i) = cur {
        if path.len() >= n {
            break;
        }
        path.push(i as u32);
        cur = driver
            .get(i)
            .copied()
            .filter(|&d| d != NONE)
            .map(|d| d as usize)
            .filter(|&d| open(d) && slack(d) <= 0);
    }
    path.reverse();
    let mut critical = vec![false; n];
    for &i in &path {
        if let Some(c) = critical.get_mut(i as usize) {
            *c = true;
        }
    }
    ForecastColumns {
        as_of,
        status: (0..n)
            .map(|i| states.get(i).map(|s| s.status).unwrap_or_default())
            .collect(),
        link: cpm.driver.iter().map(|d| d.map(|(_, t)| t)).collect(),
        es: cpm.es,
        ee: cpm.ee,
        ls: cpm.ls,
        le: cpm.le,
        critical,
        path,
        driver,
        root,
        depth,
        baseline: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs(pred: u32) -> InLink {
        link(pred, LinkType::FS, 0)
    }

    fn link(pred: u32, link_type: LinkType, lag_days: i32) -> InLink {
        InLink {
            pred,
            link_type,
            lag_days,
            position: 0,
        }
    }

    fn run(nodes: &[Node], deadlines: &[Option<i64>], links: &[Vec<InLink>]) -> Cpm {
        let order: Vec<u32> = (0..nodes.len() as u32).collect();
        cpm(
            nodes,
            deadlines,
            &order,
            |i| links[i].clone().into_iter(),
            |a, b| a < b,
        )
    }

    fn pending(duration: i64) -> Node {
        Node::Pending {
            release: 0,
            duration,
        }
    }

    /// The textbook network (day 0 = project start, ends exclusive, no deadlines, so late
    /// dates come from the project finish, as in the textbook):
    ///
    /// ```text
    /// A(3) -> B(4) -> D(5) -> F(2)
    /// A(3) -> C(2) -> E(3) -> F(2)
    /// ```
    ///
    /// Forward: A [0,3); B [3,7); C [3,5); D [7,12); E [5,8); F starts at
    /// max(D 12, E 8) = 12, ends 14 (project finish).
    /// Backward: F LF 14, LS 12; D LF 12, LS 7; E LF 12, LS 9; B LF = LS(D) = 7, LS 3;
    /// C LF = LS(E) = 9, LS 7; A LF = min(LS(B) 3, LS(C) 7) = 3, LS 0.
    /// Total float (LF - EF): A 0, B 0, C 9-5 = 4, D 0, E 12-8 = 4, F 0.
    /// Critical path A-B-D-F.
    #[test]
    fn textbook_critical_path() {
        let nodes = [
            pending(3),
            pending(4),
            pending(2),
            pending(5),
            pending(3),
            pending(2),
        ];
        let links = vec![
            vec![],
            vec![fs(0)],
            vec![fs(0)],
            vec![fs(1)],
            vec![fs(2)],
            vec![fs(3), fs(4)],
        ];
        let c = run(&nodes, &[None; 6], &links);
        assert_eq!(c.es, [0, 3, 3, 7, 5, 12]);
        assert_eq!(c.ee, [3, 7, 5, 12, 8, 14]);
        assert_eq!(c.ls, [0, 3, 7, 7, 9, 12]);
        assert_eq!(c.le, [3, 7, 9, 12, 12, 14]);
        let slack: Vec<i64> = c.le.iter().zip(&c.ee).map(|(l, e)| l - e).collect();
        assert_eq!(slack, [0, 0, 4, 0, 4, 0]);
        let drivers: Vec<Option<u32>> = c.driver.iter().map(|d| d.map(|x| x.0)).collect();
        assert_eq!(drivers, [None, Some(0), Some(0), Some(1), Some(2), Some(3)]);
    }

    /// Each link type, with a lag and a lead, from a predecessor P [10, 20) (10 days):
    ///
    /// - FS +2: start >= 20 + 2 = 22; FS -3: start >= 17.
    /// - SS +4: start >= 14; SS -4: start >= 6, but the release (0 here) is lower so 6.
    /// - FF +1 (5 days): end >= 21, start 16; FF -2: end >= 18, start 13.
    /// - SF +12 (5 days): end >= 10 + 12 = 22, start 17; SF -1: end >= 9, start 4.
    #[test]
    fn link_types_with_lag_and_lead() {
        let p = Node::Fixed { start: 10, end: 20 };
        let cases = [
            (LinkType::FS, 2, 4, (22, 26)),
            (LinkType::FS, -3, 4, (17, 21)),
            (LinkType::SS, 4, 4, (14, 18)),
            (LinkType::SS, -4, 4, (6, 10)),
            (LinkType::FF, 1, 5, (16, 21)),
            (LinkType::FF, -2, 5, (13, 18)),
            (LinkType::SF, 12, 5, (17, 22)),
            (LinkType::SF, -1, 5, (4, 9)),
        ];
        for (t, lag, d, (s, e)) in cases {
            let c = run(
                &[p, pending(d)],
                &[None, None],
                &[vec![], vec![link(0, t, lag)]],
            );
            assert_eq!((c.es[1], c.ee[1]), (s, e), "{t} {lag}");
            assert_eq!(c.driver[1], Some((0, t)), "{t} {lag}");
        }
    }

    /// A running activity keeps its start; FF and SF links push its finish, FS does not.
    #[test]
    fn running_activity_keeps_its_start() {
        let p = Node::Pending {
            release: 5,
            duration: 10,
        };
        let r = Node::Running {
            start: 0,
            min_end: 8,
        };
        let c = run(&[p, r], &[None, None], &[vec![], vec![fs(0)]]);
        assert_eq!((c.es[1], c.ee[1], c.driver[1]), (0, 8, None));
        let c = run(
            &[p, r],
            &[None, None],
            &[vec![], vec![link(0, LinkType::FF, 1)]],
        );
        assert_eq!((c.es[1], c.ee[1]), (0, 16));
    }

    #[test]
    fn deadlines_bound_late_dates_and_cancelled_links_are_ignored() {
        // B after A; B due by 10 (exclusive end). A 4 days, B 3 days: A LF = LS(B) = 7.
        let nodes = [pending(4), pending(3)];
        let c = run(&nodes, &[Some(20), Some(10)], &[vec![], vec![fs(0)]]);
        assert_eq!((c.le[0], c.ls[0], c.le[1], c.ls[1]), (7, 3, 10, 7));
        let nodes = [Node::Ignored { start: 0, end: 50 }, pending(3)];
        let c = run(&nodes, &[Some(20), Some(10)], &[vec![], vec![fs(0)]]);
        assert_eq!((c.es[1], c.driver[1]), (0, None));
        assert_eq!(c.le[0], 50);
    }

    #[test]
    fn remaining_work() {
        assert_eq!(remaining_days(10, None), 10);
        assert_eq!(remaining_days(10, Some(25.0)), 8);
        assert_eq!(remaining_days(10, Some(100.0)), 1);
        assert_eq!(remaining_days(10, Some(f64::NAN)), 10);
        assert_eq!(remaining_days(1, Some(50.0)), 1);
    }

    #[test]
    fn dates_clamp() {
        assert_eq!(date(i64::MAX), NaiveDate::MAX);
        assert_eq!(date(i64::MIN), NaiveDate::MIN);
        let d = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap_or_default();
        assert_eq!(date(day(d)), d);
    }
}
