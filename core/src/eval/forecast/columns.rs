//! The forecast as an evaluation keeps it: columns by activity position
//! ([`ForecastColumns`]), and the public [`Forecast`] built from them on first use
//! ([`LazyForecast`]).

use super::{compute, date, ActivityForecast, Forecast, NONE};
use crate::dataset::Dataset;
use crate::model::{ActivityStatus, LinkType};
use chrono::NaiveDate;
use serde::Serialize;

/// A forecast as columns by activity position: what an evaluation computes and keeps.
/// Ids and dates are made when an [`ActivityForecast`] is read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ForecastColumns {
    pub(super) as_of: NaiveDate,
    pub(super) status: Vec<ActivityStatus>,
    /// Early and late starts and ends as day numbers, ends exclusive.
    pub(super) es: Vec<i64>,
    pub(super) ee: Vec<i64>,
    pub(super) ls: Vec<i64>,
    pub(super) le: Vec<i64>,
    /// Driving predecessor position ([`NONE`] when none) and its link type.
    pub(super) driver: Vec<u32>,
    pub(super) link: Vec<Option<LinkType>>,
    /// The first activity of each driving chain (itself when no driver), and the number
    /// of predecessors on the chain.
    pub(super) root: Vec<u32>,
    pub(super) depth: Vec<u32>,
    pub(super) critical: Vec<bool>,
    /// The critical path, positions from its first activity to its last.
    pub(super) path: Vec<u32>,
    /// The position of the schedule baseline variance is against, if any.
    pub(super) baseline: Option<u32>,
}

impl ForecastColumns {
    /// The number of activities.
    pub(crate) fn len(&self) -> usize {
        self.status.len()
    }

    /// The status of the activity at `i` on the as-of day.
    pub(crate) fn status(&self, i: usize) -> ActivityStatus {
        self.status.get(i).copied().unwrap_or_default()
    }

    /// Forecast (early) start of the activity at `i`.
    pub(crate) fn early_start(&self, i: usize) -> NaiveDate {
        date(self.es.get(i).copied().unwrap_or(0))
    }

    /// Forecast (early) finish of the activity at `i` (inclusive).
    pub(crate) fn early_finish(&self, i: usize) -> NaiveDate {
        date(self.ee.get(i).copied().unwrap_or(0).saturating_sub(1))
    }

    /// Slack of the activity at `i` in days.
    pub(crate) fn slack_days(&self, i: usize) -> i64 {
        let at = |v: &[i64]| v.get(i).copied().unwrap_or(0);
        at(&self.le).saturating_sub(at(&self.ee))
    }

    /// The baseline's planned start and deadline of the activity at `i`, and its start
    /// and finish variance in days, when the baseline covers it.
    pub(crate) fn variance(&self, dataset: &Dataset, i: usize) -> Option<Variance> {
        let [start, finish] = dataset
            .index
            .baselines
            .get(self.baseline? as usize)?
            .get(i)
            .copied()
            .flatten()?;
        Some(Variance {
            start,
            finish,
            start_days: (self.early_start(i) - start).num_days(),
            finish_days: (self.early_finish(i) - finish).num_days(),
        })
    }

    /// The id of the baseline variance is against.
    pub(crate) fn baseline_id<'d>(&self, dataset: &'d Dataset) -> Option<&'d str> {
        let b = self.baseline?;
        Some(
            dataset
                .plan()
                .schedule_baselines
                .get(b as usize)?
                .id
                .as_str(),
        )
    }

    /// The forecast of the activity at position `i` as a public value.
    pub(crate) fn activity(&self, dataset: &Dataset, i: usize) -> Option<ActivityForecast> {
        let activities = &dataset.plan().activities;
        let a = activities.get(i)?;
        let at = |v: &[i64]| v.get(i).copied().unwrap_or(0);
        let driver = self.driver_position(i);
        let variance = self.variance(dataset, i);
        Some(ActivityForecast {
            activity: a.id.clone(),
            status: self.status(i),
            deadline: a.deadline,
            early_start: self.early_start(i),
            early_finish: self.early_finish(i),
            late_start: date(at(&self.ls)),
            late_finish: date(at(&self.le).saturating_sub(1)),
            slack_days: self.slack_days(i),
            critical: self.critical.get(i).copied().unwrap_or(false),
            driving_predecessor: driver
                .and_then(|p| activities.get(p as usize))
                .map(|p| p.id.clone()),
            driving_link: self.link.get(i).copied().flatten(),
            baseline_start: variance.map(|v| v.start),
            baseline_finish: variance.map(|v| v.finish),
            start_variance_days: variance.map(|v| v.start_days),
            finish_variance_days: variance.map(|v| v.finish_days),
        })
    }

    /// The critical path as activity ids.
    pub(crate) fn critical_path<'d>(&self, dataset: &'d Dataset) -> Vec<&'d str> {
        let activities = &dataset.plan().activities;
        self.path
            .iter()
            .filter_map(|&p| activities.get(p as usize).map(|a| a.id.as_str()))
            .collect()
    }

    /// The public forecast, every activity's entry built.
    pub(crate) fn to_forecast(&self, dataset: &Dataset) -> Forecast {
        Forecast {
            as_of: self.as_of,
            activities: (0..self.len())
                .filter_map(|i| self.activity(dataset, i))
                .collect(),
            critical_path: self
                .critical_path(dataset)
                .into_iter()
                .map(str::to_string)
                .collect(),
            schedule_baseline: self.baseline_id(dataset).map(str::to_string),
            driver: self.driver.clone(),
            root: self.root.clone(),
            depth: self.depth.clone(),
        }
    }

    /// Writes the forecast as [`Forecast`] serialises, building one activity's entry at a
    /// time.
    pub(crate) fn serialize<S: serde::Serializer>(
        &self,
        dataset: &Dataset,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Activities<'a>(&'a ForecastColumns, &'a Dataset);
        impl Serialize for Activities<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq((0..self.0.len()).filter_map(|i| self.0.activity(self.1, i)))
            }
        }
        let mut st = s.serialize_struct("Forecast", 4)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("activities", &Activities(self, dataset))?;
        st.serialize_field("critical_path", &self.critical_path(dataset))?;
        match self.baseline_id(dataset) {
            Some(id) => st.serialize_field("schedule_baseline", id)?,
            None => st.skip_field("schedule_baseline")?,
        }
        st.end()
    }

    /// See [`Forecast::driving_chain`]: the positions, nearest first.
    pub(crate) fn driving_positions(&self, index: usize) -> impl Iterator<Item = u32> + '_ {
        chain_positions(&self.driver, index)
    }

    /// The plan position of the driving predecessor of the activity at `index`.
    pub(crate) fn driver_position(&self, index: usize) -> Option<u32> {
        self.driver
            .get(index)
            .copied()
            .filter(|&d| (d as usize) < self.len())
    }

    /// See [`Forecast::chain_root`]: the root's position and the chain's length.
    pub(crate) fn chain_root_position(&self, index: usize) -> Option<(u32, usize)> {
        root_position(&self.root, &self.depth, self.len(), index)
    }
}

/// An activity's dates in a schedule baseline and the forecast's variance from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Variance {
    /// The baseline's planned start.
    pub start: NaiveDate,
    /// The baseline's deadline.
    pub finish: NaiveDate,
    /// Forecast start - baseline start, in days.
    pub start_days: i64,
    /// Forecast finish - baseline deadline, in days.
    pub finish_days: i64,
}

/// The positions along a driving chain from `index` back to its root (nearest first).
pub(super) fn chain_positions(driver: &[u32], index: usize) -> impl Iterator<Item = u32> + '_ {
    let mut cur = driver.get(index).copied().unwrap_or(NONE);
    let mut left = driver.len();
    std::iter::from_fn(move || {
        if cur == NONE || left == 0 || cur as usize >= driver.len() {
            return None;
        }
        left -= 1;
        let here = cur;
        cur = driver.get(here as usize).copied().unwrap_or(NONE);
        Some(here)
    })
}

/// The root position and depth of the driving chain of `index`; `None` when nothing
/// drives it.
pub(super) fn root_position(
    root: &[u32],
    depth: &[u32],
    n: usize,
    index: usize,
) -> Option<(u32, usize)> {
    let d = *depth.get(index)?;
    if d == 0 {
        return None;
    }
    let r = *root.get(index)?;
    ((r as usize) < n).then_some((r, d as usize))
}

/// An evaluation's forecast: its columns (computed during the evaluation when a rule
/// read them, else on first use), and the public [`Forecast`] built from them when first
/// asked for. Serialises as [`Forecast`] does, one activity at a time.
#[derive(Debug, Clone)]
pub(crate) struct LazyForecast {
    dataset: Dataset,
    as_of: NaiveDate,
    baseline: Option<u32>,
    columns: std::sync::OnceLock<ForecastColumns>,
    built: std::sync::OnceLock<Forecast>,
    /// Read back from JSON: `built` is the forecast, and there are no columns to compute
    /// (the dataset holds no activity).
    read_back: bool,
}

impl LazyForecast {
    pub(crate) fn new(
        dataset: &Dataset,
        as_of: NaiveDate,
        baseline: Option<u32>,
        columns: Option<ForecastColumns>,
    ) -> LazyForecast {
        let cell = std::sync::OnceLock::new();
        if let Some(c) = columns {
            let _ = cell.set(c);
        }
        LazyForecast {
            dataset: dataset.clone(),
            as_of,
            baseline,
            columns: cell,
            built: std::sync::OnceLock::new(),
            read_back: false,
        }
    }

    /// A forecast read back from JSON, about `dataset` (which holds no activity).
    pub(crate) fn read_back(
        dataset: &Dataset,
        as_of: NaiveDate,
        forecast: Forecast,
    ) -> LazyForecast {
        LazyForecast {
            dataset: dataset.clone(),
            as_of,
            baseline: None,
            columns: std::sync::OnceLock::new(),
            built: std::sync::OnceLock::from(forecast),
            read_back: true,
        }
    }

    /// The columns, computed on first use when no rule needed them.
    pub(crate) fn columns(&self) -> &ForecastColumns {
        self.columns.get_or_init(|| {
            compute(
                &self.dataset,
                self.as_of,
                &self.dataset.states_at(self.as_of),
                self.baseline,
            )
        })
    }

    /// The public forecast, built on first use.
    pub(crate) fn get(&self) -> &Forecast {
        self.built
            .get_or_init(|| self.columns().to_forecast(&self.dataset))
    }
}

impl PartialEq for LazyForecast {
    fn eq(&self, other: &LazyForecast) -> bool {
        if self.read_back || other.read_back {
            return self.get() == other.get();
        }
        self.columns() == other.columns()
    }
}

impl Serialize for LazyForecast {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.built.get() {
            Some(f) => f.serialize(s),
            None => self.columns().serialize(&self.dataset, s),
        }
    }
}
