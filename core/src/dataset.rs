//! [`Dataset`]: a validated plan with its monitoring data, indexed for evaluation.

use crate::error::{Error, Errors};
use crate::eval::IdRanks;
use crate::graph::ActivityGraph;
use crate::limits::{Limits, Work};
use crate::load::validate::{validate, Source};
use crate::load::{join, parse_json, read_text, IdMap, MONITORING_FILE, PARALLEL_BYTES, PLAN_FILE};
use crate::model::{ActivityStatus, Monitoring, Plan};
use crate::period::{FiscalCalendar, Period};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The earliest submission of one (reporter, period) and how many were received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SubmissionRecord {
    pub first: NaiveDate,
    pub count: u32,
    pub index: u32,
}

/// Id maps and per-item lookups, built once at load.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// Organisation ids (`get(id)` gives the position).
    pub org: IdMap,
    /// Activity ids.
    pub activity: IdMap,
    /// Indicator ids.
    pub indicator: IdMap,
    /// Meeting obligation ids (read by the progress report).
    #[cfg_attr(not(feature = "report"), allow(dead_code))]
    pub meeting_obligation: IdMap,
    /// Whether some activity refers to each indicator.
    pub indicator_used: Vec<bool>,
    /// Strategy of each group (`u32::MAX` never survives validation).
    pub group_strategy: Vec<u32>,
    /// Group of each activity.
    pub activity_group: Vec<u32>,
    /// Organisations bound by each reporting obligation, in natural id order.
    pub reporters: Vec<Vec<u32>>,
    /// Reporting obligations binding each organisation, in plan order.
    pub reporter_obligations: Vec<Vec<u32>>,
    /// Whether two reporting obligations of the same report type bind a common reporter
    /// (so that [`Dataset::expected_reports`] can give one report twice).
    pub overlapping_obligations: bool,
    /// Organisations bound by each meeting obligation, in natural id order.
    pub organisers: Vec<Vec<u32>>,
    /// Status update positions of each activity, by date (file order within a day).
    pub updates: Vec<Vec<u32>>,
    /// Parsed period of each submission.
    pub submission_periods: Vec<Option<Period>>,
    /// Reporter (organisation position) of each submission; `u32::MAX` for an unknown one.
    pub submission_reporters: Vec<u32>,
    /// Earliest submission per (reporter, period).
    pub submissions: HashMap<(u32, Period), SubmissionRecord, foldhash::fast::FixedState>,
    /// Parsed period of each indicator actual.
    pub actual_periods: Vec<Option<Period>>,
    /// Positions of the actuals of each indicator (those with a valid period), by period,
    /// then by the day each became known (`reported`, else the period's end), then file
    /// order.
    pub indicator_actuals: Vec<Vec<u32>>,
    /// Period each meeting counts for.
    pub meeting_periods: Vec<Option<Period>>,
    /// Per reporter (organisation position): the day of its earliest submission for each
    /// period it submitted for, sorted by period (binary-searched: no hashing and cache
    /// friendly when the expected reports are walked reporter by reporter).
    pub first_submissions: Vec<Vec<(Period, NaiveDate)>>,
    /// Per organiser (organisation position): the day of the earliest meeting held for
    /// each (meeting obligation, period), sorted by obligation then period.
    pub meetings_held: Vec<Vec<(u32, Period, NaiveDate)>>,
    /// Each schedule baseline's dates by activity position, in plan order.
    pub baselines: Vec<crate::load::BaselineColumn>,
}

/// What is known of an activity on a given day, from the status updates dated on or
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ActivityState {
    /// The status of the latest update; `not_started` when there is none.
    pub status: ActivityStatus,
    /// The latest progress given, in percent.
    pub progress: Option<f64>,
    /// The latest actual start given.
    pub actual_start: Option<NaiveDate>,
    /// The latest actual finish given.
    pub actual_finish: Option<NaiveDate>,
    /// The day of the latest update.
    pub last_update: Option<NaiveDate>,
    /// The day of the earliest update reporting the activity in progress or done: the day
    /// it is known to have started by when no actual start is given.
    pub reported_started: Option<NaiveDate>,
    /// The day since which the updates have reported it done (the first of an unbroken
    /// run of `done` updates up to the latest): the day it is known to have finished by
    /// when no actual finish is given.
    pub reported_done: Option<NaiveDate>,
}

/// One report the obligations expect: who, which period, and when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedReport {
    /// Position of the reporting obligation in the plan.
    pub obligation: u32,
    /// Position of the reporter among the plan's organisations.
    pub reporter: u32,
    /// The period reported on.
    pub period: Period,
    /// The last day it is on time.
    pub due: NaiveDate,
}

/// One meeting the meeting obligations expect: who, which period, and when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpectedMeeting {
    /// Position of the meeting obligation in the plan.
    pub obligation: u32,
    /// Position of the organiser among the plan's organisations.
    pub organiser: u32,
    /// The period the meeting is for.
    pub period: Period,
    /// The last day a meeting held for the period is on time.
    pub due: NaiveDate,
}

/// A validated plan and its monitoring data, ready to evaluate.
///
/// Build one with [`Dataset::load_dir`], [`Dataset::from_json`] or [`Dataset::new`]: all
/// three check everything and return every [`Error`] found.
///
/// ```
/// use planwatch::Dataset;
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// assert_eq!(ds.plan().activities.len(), 235);
/// let stats = ds.stats();
/// assert_eq!(stats.expected_reports, 3600);
/// ```
#[derive(Debug, Clone)]
pub struct Dataset {
    // Shared, so that an evaluation can keep its dataset (to render its findings' text
    // when asked) for the cost of a reference count.
    plan: Arc<Plan>,
    monitoring: Arc<Monitoring>,
    pub(crate) index: Arc<Index>,
    graph: Arc<ActivityGraph>,
    /// The rank of every id in the documented orders, computed on first use.
    ranks: Arc<OnceLock<IdRanks>>,
    /// The owning organisation of every activity, indicator and group, on first use.
    owners: Arc<OnceLock<Owners>>,
    /// Every distinct expected report with its first submission day, on first use.
    expected: Arc<OnceLock<Vec<Expected>>>,
    /// The reporters whose reports are expected (by organisation position), when the
    /// dataset counts one partition's reporters only ([`Dataset::for_reporters`]).
    reporter_scope: Option<Arc<[bool]>>,
    /// The limits it was read within.
    limits: Limits,
}

/// A distinct expected report and the day of its earliest submission, whenever that was
/// (see [`Dataset::distinct_expected`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Expected {
    pub report: ExpectedReport,
    pub first_submitted: Option<NaiveDate>,
}

/// Positions of the organisations that own the plan's items.
#[derive(Debug, Clone, Default)]
pub(crate) struct Owners {
    /// The lead of each activity.
    pub activity: Vec<Option<u32>>,
    /// The owner of each indicator.
    pub indicator: Vec<Option<u32>>,
    /// The lead of each group.
    pub group: Vec<Option<u32>>,
    /// The province of each organisation (itself when it is one, else its nearest
    /// ancestor that is; see [`crate::eval::PROVINCE_KIND`]): a finding's province is
    /// its owner's.
    pub province: Vec<Option<u32>>,
}

impl Dataset {
    /// Validates a plan and its monitoring data.
    pub fn new(plan: Plan, monitoring: Monitoring) -> Result<Dataset, Errors> {
        Dataset::new_with_limits(plan, monitoring, &Limits::default())
    }

    /// [`Dataset::new`] within `limits` instead of the defaults.
    pub fn new_with_limits(
        plan: Plan,
        monitoring: Monitoring,
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        Dataset::checked(
            plan,
            monitoring,
            Source::default(),
            Source::default(),
            limits,
        )
    }

    fn checked(
        plan: Plan,
        monitoring: Monitoring,
        plan_source: Source<'_>,
        monitoring_source: Source<'_>,
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        // The span bounds every period count below, so it comes first.
        if let Err(e) = limits.check_span(&plan) {
            return Err(Errors::from(plan_source.locate(e)));
        }
        match validate(&plan, &monitoring, plan_source, monitoring_source) {
            Ok((index, graph)) => {
                let dataset = Dataset {
                    plan: Arc::new(plan),
                    monitoring: Arc::new(monitoring),
                    index: Arc::new(index),
                    graph: Arc::new(graph),
                    ranks: Arc::default(),
                    owners: Arc::default(),
                    expected: Arc::default(),
                    reporter_scope: None,
                    limits: limits.clone(),
                };
                let errors = limits.check_work(&dataset.work());
                if errors.is_empty() {
                    Ok(dataset)
                } else {
                    Err(to_errors(
                        errors.into_iter().map(|e| plan_source.locate(e)).collect(),
                    ))
                }
            }
            Err(errors) => Err(to_errors(errors)),
        }
    }

    /// What the obligations ask for at most: periods in each obligation's window times
    /// its reporters (or organisers), before any report is generated.
    fn work(&self) -> Work {
        let cal = self.calendar();
        let periods = |kind, from: Option<NaiveDate>, until: Option<NaiveDate>| {
            let from = from.unwrap_or(self.plan.start).max(self.plan.start);
            let until = until.unwrap_or(self.plan.end).min(self.plan.end);
            Period::ending_between(kind, from, until, cal).len() as u64
        };
        let expected_reports = (self.plan.reporting_obligations.iter())
            .zip(&self.index.reporters)
            .map(|(o, r)| periods(o.report_type, o.from, o.until) * r.len() as u64)
            .sum();
        let expected_meetings = (self.plan.meeting_obligations.iter())
            .zip(&self.index.organisers)
            .map(|(o, r)| periods(o.frequency, o.from, o.until) * r.len() as u64)
            .sum();
        Work {
            expected_reports,
            expected_meetings,
        }
    }

    /// Parses and validates a plan and its monitoring data from JSON text; errors carry
    /// JSON paths and line/column positions.
    ///
    /// ```
    /// let plan = r#"{"id": "p", "title": "t", "start": "2019-01-01", "end": "2019-12-31",
    ///   "activities": [{"id": "a", "group": "g", "title": "x",
    ///                   "planned_start": "2019-01-01", "deadline": "2019-06-30"}]}"#;
    /// let errors = planwatch::Dataset::from_json(plan, "{}").unwrap_err();
    /// assert_eq!(errors[0].kind(), planwatch::ErrorKind::UnknownReference);
    /// assert_eq!(errors[0].location().path, "activities[0].group");
    /// assert_eq!(errors[0].location().line, Some(2));
    /// ```
    pub fn from_json(plan: &str, monitoring: &str) -> Result<Dataset, Errors> {
        Dataset::from_json_with_limits(plan, monitoring, &Limits::default())
    }

    /// [`Dataset::from_json`] within `limits` instead of the defaults.
    pub fn from_json_with_limits(
        plan: &str,
        monitoring: &str,
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        Dataset::parse_sources(
            Source {
                file: None,
                text: Some(plan),
            },
            Source {
                file: None,
                text: Some(monitoring),
            },
            limits,
        )
    }

    fn parse_sources(
        plan_src: Source<'_>,
        mon_src: Source<'_>,
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        let plan_text = plan_src.text.unwrap_or("");
        let big = |text: &str| text.len() as u64 >= PARALLEL_BYTES;
        let (plan, monitoring) = join(
            big(plan_text) && mon_src.text.is_some_and(big),
            || parse_json::<Plan>(plan_text, plan_src.file),
            || match mon_src.text {
                Some(text) => parse_json::<Monitoring>(text, mon_src.file),
                None => Ok(Monitoring::default()),
            },
        );
        Dataset::parsed(plan, monitoring, plan_src, mon_src, limits)
    }

    fn parsed(
        plan: Result<Plan, Error>,
        monitoring: Result<Monitoring, Error>,
        plan_src: Source<'_>,
        mon_src: Source<'_>,
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        match (plan, monitoring) {
            (Ok(p), Ok(m)) => Dataset::checked(p, m, plan_src, mon_src, limits),
            (p, m) => Err(to_errors(p.err().into_iter().chain(m.err()).collect())),
        }
    }

    /// Loads any plan source: a JSON plan directory (`plan.json`, optionally
    /// `monitoring.json`), a CSV tables directory (`<table>.csv`), a directory mixing
    /// both, a path to `plan.json` (read as its directory) or an `.xlsx` workbook (feature
    /// `xlsx`). See [`Input`](crate::load::Input) for the rules of a mixed directory; a
    /// directory without CSV tables is read exactly as by [`Dataset::load_dir`].
    ///
    /// ```
    /// let json = planwatch::Dataset::load("../examples/nsp-2019-2023").unwrap();
    /// let file = planwatch::Dataset::load("../examples/nsp-2019-2023/plan.json").unwrap();
    /// assert_eq!(json.plan(), file.plan());
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Dataset, Errors> {
        crate::load::Input::detect(path).load()
    }

    /// [`Dataset::load`] within `limits` instead of the defaults (see [`Limits`]).
    pub fn load_with_limits(path: impl AsRef<Path>, limits: &Limits) -> Result<Dataset, Errors> {
        crate::load::Input::detect(path).load_with_limits(limits)
    }

    /// Decodes and validates a plan given as tables (see [`tables`](crate::tables));
    /// errors name the table, row and column, validation errors included.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../tests/fixtures/valid-mini").unwrap();
    /// let mut set = planwatch::tables::encode(ds.plan(), ds.monitoring());
    /// let back = planwatch::Dataset::from_tables(&set).unwrap();
    /// assert_eq!(back.plan(), ds.plan());
    /// ```
    pub fn from_tables(tables: &crate::tables::TableSet) -> Result<Dataset, Errors> {
        Dataset::from_tables_with_limits(tables, &Limits::default())
    }

    /// [`Dataset::from_tables`] within `limits` instead of the defaults.
    pub fn from_tables_with_limits(
        tables: &crate::tables::TableSet,
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        Dataset::from_tables_at(tables, None, None, crate::Location::default(), limits)
    }

    /// [`Dataset::from_tables`] over a base plan and monitoring data (from JSON files)
    /// for what the tables do not give; `missing` locates a missing `plan` table.
    pub(crate) fn from_tables_at(
        tables: &crate::tables::TableSet,
        plan: Option<Plan>,
        monitoring: Option<Monitoring>,
        missing: crate::Location,
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        Dataset::from_tables_with(
            tables,
            plan,
            monitoring,
            missing,
            [Source::default(), Source::default()],
            limits,
        )
    }

    pub(crate) fn from_tables_with(
        tables: &crate::tables::TableSet,
        plan: Option<Plan>,
        monitoring: Option<Monitoring>,
        missing: crate::Location,
        [plan_source, monitoring_source]: [Source<'_>; 2],
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        let (decoded, map) = crate::tables::decode_with(tables, plan, monitoring);
        let (plan, monitoring) = decoded.map_err(|errors| {
            to_errors(
                errors
                    .into_iter()
                    .map(|e| {
                        let l = e.location();
                        if l.file.is_none() && l.sheet.is_none() && l.path.is_empty() {
                            e.at(missing.clone())
                        } else {
                            e
                        }
                    })
                    .collect(),
            )
        })?;
        Dataset::checked(plan, monitoring, plan_source, monitoring_source, limits)
            .map_err(|errors| to_errors(errors.into_iter().map(|e| map.translate(e)).collect()))
    }

    /// Loads `plan.json` and, when present, `monitoring.json` from a plan directory. Its
    /// `rules.json`, when present, is [`crate::RuleSet::load_dir`]'s: the CLI, Python's
    /// `planwatch.load(dir)` and the dashboard apply it by default.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Dataset, Errors> {
        Dataset::load_dir_with_limits(dir.as_ref(), &Limits::default())
    }

    pub(crate) fn load_dir_with_limits(dir: &Path, limits: &Limits) -> Result<Dataset, Errors> {
        let monitoring = dir.join(MONITORING_FILE);
        Dataset::load_files_with_limits(
            &dir.join(PLAN_FILE),
            crate::load::is_present(&monitoring)
                .then_some(monitoring)
                .as_deref(),
            limits,
        )
    }

    /// Loads a plan file and an optional monitoring file.
    pub fn load_files(
        plan: impl AsRef<Path>,
        monitoring: Option<impl AsRef<Path>>,
    ) -> Result<Dataset, Errors> {
        Dataset::load_files_with_limits(
            plan.as_ref(),
            monitoring.as_ref().map(AsRef::as_ref),
            &Limits::default(),
        )
    }

    /// [`Dataset::load_files`] within `limits` instead of the defaults.
    pub fn load_files_with_limits(
        plan: &Path,
        monitoring: Option<&Path>,
        limits: &Limits,
    ) -> Result<Dataset, Errors> {
        // Each file is read once and parsed; two large files are read and parsed on two
        // threads. A file that cannot be read is the only error reported for it, and then
        // neither file's parse errors are (as when they were read one after the other).
        let big = |path: &Path| std::fs::metadata(path).is_ok_and(|m| m.len() >= PARALLEL_BYTES);
        let ((plan_text, plan_parsed), (mon_text, mon_parsed)) = join(
            big(plan) && monitoring.is_some_and(big),
            || read_and_parse::<Plan>(plan),
            || match monitoring {
                Some(path) => {
                    let (text, parsed) = read_and_parse::<Monitoring>(path);
                    (text.map(Some), parsed)
                }
                None => (Ok(None), Some(Ok(Monitoring::default()))),
            },
        );
        match (plan_text, mon_text, plan_parsed, mon_parsed) {
            (Ok(p), Ok(m), Some(plan_parsed), Some(mon_parsed)) => Dataset::parsed(
                plan_parsed,
                mon_parsed,
                Source {
                    file: Some(plan),
                    text: Some(&p),
                },
                Source {
                    file: monitoring,
                    text: m.as_deref(),
                },
                limits,
            ),
            (p, m, _, _) => Err(to_errors(p.err().into_iter().chain(m.err()).collect())),
        }
    }

    /// The limits the dataset was read within (see [`Limits`]): a dataset derived from it
    /// ([`Dataset::with_monitoring_tables`]) is checked against them, and a copy sent
    /// elsewhere (a pickled plan in Python) is read back within them.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The schedule baseline an evaluation with `rules` reports variance against: the one
    /// the rule set's `schedule_baseline` names, else the plan's first (its original);
    /// none when the plan has no baseline or not the one named.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let rules = planwatch::RuleSet::default();
    /// assert_eq!(ds.schedule_baseline(&rules).unwrap().id, "original-2019");
    /// ```
    pub fn schedule_baseline(
        &self,
        rules: &crate::RuleSet,
    ) -> Option<&crate::model::ScheduleBaseline> {
        let i = self.schedule_baseline_position(rules)?;
        self.plan.schedule_baselines.get(i as usize)
    }

    /// The position of [`Dataset::schedule_baseline`] in the plan.
    pub(crate) fn schedule_baseline_position(&self, rules: &crate::RuleSet) -> Option<u32> {
        let baselines = &self.plan.schedule_baselines;
        let i = match rules.schedule_baseline() {
            Some(id) => baselines.iter().position(|b| b.id == id)?,
            None if baselines.is_empty() => return None,
            None => 0,
        };
        u32::try_from(i).ok()
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The monitoring data.
    pub fn monitoring(&self) -> &Monitoring {
        &self.monitoring
    }

    /// The plan's fiscal calendar.
    pub fn calendar(&self) -> FiscalCalendar {
        self.plan.fiscal_year_start_month
    }

    /// The id of the activity at position `i` (`None` past the last), read from the id
    /// map's one buffer: findings are read one after another, and that buffer is in cache
    /// far more often than each activity's own string.
    pub(crate) fn activity_id(&self, i: usize) -> Option<&str> {
        (i < self.plan.activities.len()).then(|| self.index.activity.id(i))
    }

    /// The ranks of the plan's ids in the documented orders.
    pub(crate) fn ranks(&self) -> &IdRanks {
        self.ranks.get_or_init(|| IdRanks::new(&self.plan))
    }

    /// The owning organisations of the plan's items.
    pub(crate) fn owners(&self) -> &Owners {
        self.owners.get_or_init(|| {
            let org =
                |id: &Option<String>| id.as_ref().and_then(|o| self.index.org.get(o)).copied();
            Owners {
                activity: self.plan.activities.iter().map(|a| org(&a.lead)).collect(),
                indicator: self.plan.indicators.iter().map(|x| org(&x.owner)).collect(),
                group: self.plan.groups.iter().map(|g| org(&g.lead)).collect(),
                province: crate::eval::provinces(self),
            }
        })
    }

    /// The activity dependency graph.
    pub fn graph(&self) -> &ActivityGraph {
        &self.graph
    }

    /// The state of every activity on `as_of`, in plan order.
    pub(crate) fn states_at(&self, as_of: NaiveDate) -> Vec<ActivityState> {
        (0..self.plan.activities.len())
            .map(|i| self.state_at(i, as_of))
            .collect()
    }

    /// The state of activity `index` (its position in the plan) on `as_of`.
    pub(crate) fn state_at(&self, index: usize, as_of: NaiveDate) -> ActivityState {
        let mut state = ActivityState::default();
        let Some(list) = self.index.updates.get(index) else {
            return state;
        };
        for &u in list {
            let u = &self.monitoring.status_updates[u as usize];
            if u.date > as_of {
                break;
            }
            state.status = u.status;
            state.last_update = Some(u.date);
            match u.status {
                ActivityStatus::InProgress => {
                    state.reported_started = state.reported_started.or(Some(u.date));
                    state.reported_done = None;
                }
                ActivityStatus::Done => {
                    state.reported_started = state.reported_started.or(Some(u.date));
                    state.reported_done = state.reported_done.or(Some(u.date));
                }
                ActivityStatus::NotStarted | ActivityStatus::Cancelled => {
                    state.reported_done = None
                }
            }
            state.progress = u.progress.or(state.progress);
            state.actual_start = u.actual_start.or(state.actual_start);
            state.actual_finish = u.actual_finish.or(state.actual_finish);
        }
        state
    }

    /// The state of the activity `id` on `as_of`, from the updates dated on or before it;
    /// `None` for an unknown id.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let day = chrono::NaiveDate::from_ymd_opt(2018, 12, 31).unwrap();
    /// let state = ds.activity_state("1.1.1", day).unwrap();
    /// assert_eq!(state.status, planwatch::model::ActivityStatus::NotStarted);
    /// ```
    pub fn activity_state(&self, id: &str, as_of: NaiveDate) -> Option<ActivityState> {
        let &i = self.index.activity.get(id)?;
        Some(self.state_at(i as usize, as_of))
    }

    /// The same dataset expecting the reports of the reporters marked in `scope` (by
    /// organisation position) only, its expected reports to be computed again.
    pub(crate) fn with_reporter_scope(&self, scope: Vec<bool>) -> Dataset {
        let mut narrowed = self.clone();
        narrowed.reporter_scope = Some(Arc::from(scope));
        narrowed.expected = Arc::default();
        narrowed
    }

    /// Every report the reporting obligations expect over the whole plan, obligation by
    /// obligation, reporter by reporter (natural id order), period by period.
    ///
    /// A report is expected for each period of the obligation's type whose last day lies
    /// in the obligation's window (its `from`/`until`, within the plan) and on which the
    /// reporter is active. A dataset narrowed by [`Dataset::for_reporters`] expects the
    /// reports of those reporters only.
    pub fn expected_reports(&self) -> impl Iterator<Item = ExpectedReport> + '_ {
        let cal = self.calendar();
        self.plan
            .reporting_obligations
            .iter()
            .enumerate()
            .flat_map(move |(k, o)| {
                let from = o.from.unwrap_or(self.plan.start).max(self.plan.start);
                let until = o.until.unwrap_or(self.plan.end).min(self.plan.end);
                let periods = Period::ending_between(o.report_type, from, until, cal);
                let grace = o.grace_days;
                let scope = self.reporter_scope.as_deref();
                let in_scope = move |r: u32| scope.is_none_or(|s| s.get(r as usize) == Some(&true));
                let reporters = self.index.reporters[k]
                    .iter()
                    .filter(move |&&r| in_scope(r));
                reporters.flat_map(move |&r| {
                    let org = &self.plan.organisations[r as usize];
                    periods
                        .clone()
                        .into_iter()
                        .filter(move |p| org.is_active_on(p.end()))
                        .map(move |p| ExpectedReport {
                            obligation: k as u32,
                            reporter: r,
                            period: p,
                            due: p.due(grace),
                        })
                })
            })
    }

    /// Every expected report once: like [`Dataset::expected_reports`], but when two
    /// obligations of the same report type bind the same reporter, their common
    /// (reporter, period) counts once, with the later due day (the more lenient
    /// obligation; the first such obligation in plan order on a tie). In obligation order
    /// (then reporter, then period; sorted so when obligations overlap), each with the day
    /// of its reporter's earliest submission for its period (whenever that was; the rules
    /// compare it with their as-of day).
    ///
    /// Computed on first use and kept with the dataset (40 bytes per expected report):
    /// every reporting rule, the rates and the custom rules read it, so no evaluation
    /// generates periods or looks submissions up again.
    pub(crate) fn distinct_expected(&self) -> &[Expected] {
        self.expected.get_or_init(|| {
            let mut out = Vec::new();
            let with_first = |report: ExpectedReport| Expected {
                report,
                first_submitted: self.first_submitted(report.reporter, report.period),
            };
            if !self.index.overlapping_obligations {
                out.extend(self.expected_reports().map(with_first));
                return out;
            }
            let mut chosen: HashMap<(u32, Period), ExpectedReport> = HashMap::new();
            for e in self.expected_reports() {
                chosen
                    .entry((e.reporter, e.period))
                    .and_modify(|c| {
                        if e.due > c.due {
                            *c = e;
                        }
                    })
                    .or_insert(e);
            }
            let mut list: Vec<ExpectedReport> = chosen.into_values().collect();
            list.sort_by_key(|e| (e.obligation, e.reporter, e.period));
            out.extend(list.into_iter().map(with_first));
            out
        })
    }

    /// Every meeting the meeting obligations expect over the whole plan, obligation by
    /// obligation, organiser by organiser (natural id order), period by period.
    ///
    /// A meeting is expected for each period of the obligation's frequency whose last day
    /// lies in the obligation's window (its `from`/`until`, within the plan) and on which
    /// the organiser is active; it is due the obligation's grace days after the period's
    /// last day.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// // 25 provincial secretariats and the General Secretariat monthly, 6 working
    /// // groups quarterly, the National Committee quarterly, by semester and yearly.
    /// let n = ds.expected_meetings().count();
    /// assert_eq!(n, 26 * 60 + 6 * 20 + 20 + 10 + 5);
    /// ```
    pub fn expected_meetings(&self) -> impl Iterator<Item = ExpectedMeeting> + '_ {
        let cal = self.calendar();
        self.plan
            .meeting_obligations
            .iter()
            .enumerate()
            .flat_map(move |(k, o)| {
                let from = o.from.unwrap_or(self.plan.start).max(self.plan.start);
                let until = o.until.unwrap_or(self.plan.end).min(self.plan.end);
                let periods = Period::ending_between(o.frequency, from, until, cal);
                let grace = o.grace_days;
                let organisers = self.index.organisers.get(k).map_or(&[][..], Vec::as_slice);
                organisers.iter().flat_map(move |&r| {
                    let active = self.plan.organisations.get(r as usize);
                    periods
                        .clone()
                        .into_iter()
                        .filter(move |p| active.is_some_and(|org| org.is_active_on(p.end())))
                        .map(move |p| ExpectedMeeting {
                            obligation: k as u32,
                            organiser: r,
                            period: p,
                            due: p.due(grace),
                        })
                })
            })
    }

    /// The day of the earliest meeting held for meeting obligation `obligation` by
    /// `organiser` for `period`, regardless of date.
    pub(crate) fn meeting_held(
        &self,
        obligation: u32,
        organiser: u32,
        period: Period,
    ) -> Option<NaiveDate> {
        let list = self.index.meetings_held.get(organiser as usize)?;
        let i = list
            .binary_search_by(|&(k, p, _)| (k, p).cmp(&(obligation, period)))
            .ok()?;
        list.get(i).map(|&(_, _, d)| d)
    }

    /// The day of the earliest submission of `reporter` for `period`, regardless of date.
    pub(crate) fn first_submitted(&self, reporter: u32, period: Period) -> Option<NaiveDate> {
        let list = self.index.first_submissions.get(reporter as usize)?;
        let i = list.binary_search_by(|&(p, _)| p.cmp(&period)).ok()?;
        list.get(i).map(|&(_, d)| d)
    }

    /// The earliest submission of `reporter` (an organisation position) for `period`, and
    /// how many were received, regardless of date.
    pub(crate) fn submission(&self, reporter: u32, period: Period) -> Option<SubmissionRecord> {
        self.index.submissions.get(&(reporter, period)).copied()
    }
}

/// Reads `path`, then parses it when it could be read.
fn read_and_parse<T: serde::de::DeserializeOwned>(
    path: &Path,
) -> (Result<String, Error>, Option<Result<T, Error>>) {
    let text = read_text(path);
    let parsed = text.as_ref().ok().map(|t| parse_json::<T>(t, Some(path)));
    (text, parsed)
}

fn to_errors(errors: Vec<Error>) -> Errors {
    Errors::from_vec(errors).unwrap_or_else(|| {
        Errors::from(Error::new(
            crate::ErrorKind::InvalidValue,
            "invalid input",
            crate::Location::default(),
        ))
    })
}
