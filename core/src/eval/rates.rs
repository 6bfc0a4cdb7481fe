//! Reporting and meeting compliance rates (completeness and timeliness), DHIS2-style.
//!
//! # Definitions
//!
//! - **Expected report**: a (reporter, report type, period) that a reporting obligation
//!   expects (see [`Dataset::expected_reports`]: the reporter is bound by the obligation
//!   and active on the period's last day, which lies within the obligation's
//!   `from`/`until` and the plan). When two obligations of the same report type bind the
//!   same reporter, their common reports count once, with the later due day.
//! - **Window**: a report counts only when its *due day* (period end + grace days) lies
//!   in the window (`from..=until`, both inclusive; by default the plan's start up to the
//!   as-of day) **and is before the as-of day**. A period whose due day has not passed
//!   (the due day is the as-of day or later) is left out of `expected` altogether, so a
//!   report submitted early for such a period is not counted either. This matches
//!   `missing_report`, which does not call a report missing on its due day: with the
//!   default window, `expected - actual` is exactly the number of `missing_report`
//!   findings.
//! - **Actual**: an expected report with at least one submission dated on or before the
//!   as-of day. Duplicates count once (the earliest submission decides), so
//!   `actual <= expected` and no rate exceeds 100%. Submissions that match no expected
//!   report are never counted (the `unexpected_report` rule reports them).
//! - **On time**: an actual report whose earliest submission is on or before its due day.
//! - **Completeness** = actual / expected, **timeliness** = on time / expected, and
//!   **on time of actual** = on time / actual; `None` when the denominator is 0.
//!
//! Meetings follow the same definitions: an *expected meeting* is a (meeting obligation,
//! organiser, period) (see [`Dataset::expected_meetings`]); it is *held* (the `actual`
//! count) when a meeting for that obligation, organiser and period took place on or
//! before the as-of day, and *on time* when the earliest one was held no later than the
//! period's end plus the obligation's grace days.
//!
//! Every figure is computed in one pass over the expected reports (or meetings), with a
//! binary search among the reporter's own submissions and an array slot per period:
//! linear in their number.

use crate::dataset::Dataset;
use crate::order::natural_cmp;
use crate::period::{Period, PeriodType};
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The window of due days a rate covers: `from..=until`, both optional.
///
/// An absent `from` means the plan's start; an absent `until` means the as-of day.
/// Whatever the window, only reports (and meetings) due before the as-of day count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Window {
    /// First due day counted; the plan's start when absent.
    pub from: Option<NaiveDate>,
    /// Last due day counted; the as-of day when absent (and never after it).
    pub until: Option<NaiveDate>,
}

impl Window {
    /// The whole plan up to the as-of day (the default).
    pub fn whole_plan() -> Window {
        Window::default()
    }

    /// Due days from `from` to `until`, both inclusive. A window that ends before it
    /// starts counts nothing; [`Window::checked`] refuses it.
    pub fn between(from: Option<NaiveDate>, until: Option<NaiveDate>) -> Window {
        Window { from, until }
    }

    /// [`Window::between`], refusing a window that ends before it starts: an
    /// [`InvalidValue`](crate::ErrorKind::InvalidValue) error at `from`, naming both days.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use planwatch::eval::Window;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    /// assert!(Window::checked(d(2021, 1, 1), d(2021, 6, 30)).is_ok());
    /// let e = Window::checked(d(2021, 6, 30), d(2021, 1, 1)).unwrap_err();
    /// assert_eq!(e.message(), "window starts on 2021-06-30, after its end 2021-01-01");
    /// ```
    pub fn checked(
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Window, crate::Error> {
        match (from, until) {
            (Some(f), Some(u)) if f > u => Err(crate::Error::new(
                crate::ErrorKind::InvalidValue,
                format!("window starts on {f}, after its end {u}"),
                crate::Location::path("from"),
            )),
            _ => Ok(Window { from, until }),
        }
    }

    /// The `months` months up to and including `as_of`: due days after the same day
    /// `months` months earlier (clamped to the month's end), up to `as_of`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let w = planwatch::eval::Window::trailing_months(d(2021, 6, 30), 12);
    /// assert_eq!((w.from, w.until), (Some(d(2020, 7, 1)), Some(d(2021, 6, 30))));
    /// ```
    pub fn trailing_months(as_of: NaiveDate, months: u32) -> Window {
        let from = as_of
            .checked_sub_months(Months::new(months))
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .unwrap_or(NaiveDate::MIN);
        Window {
            from: Some(from),
            until: Some(as_of),
        }
    }

    /// The window resolved against a plan start and an as-of day.
    fn resolve(self, plan_start: NaiveDate, as_of: NaiveDate) -> (NaiveDate, NaiveDate) {
        let from = self.from.unwrap_or(plan_start);
        let until = self.until.map_or(as_of, |u| u.min(as_of));
        (from, until)
    }
}

/// Counts of expected, actual (submitted or held) and on-time items, with their ratios.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rate {
    /// Expected reports (or meetings) due in the window.
    pub expected: u64,
    /// Of those, the ones submitted (or held) on or before the as-of day.
    pub actual: u64,
    /// Of those, the ones submitted (or held) on or before their due day.
    pub on_time: u64,
    /// `actual / expected`; `None` when nothing is expected.
    pub completeness: Option<f64>,
    /// `on_time / expected`; `None` when nothing is expected.
    pub timeliness: Option<f64>,
    /// `on_time / actual`; `None` when nothing was submitted.
    pub on_time_of_actual: Option<f64>,
}

impl Rate {
    /// A rate from its counts (`on_time <= actual <= expected` is the caller's duty).
    ///
    /// ```
    /// let r = planwatch::eval::Rate::from_counts(4, 3, 1);
    /// assert_eq!(r.completeness, Some(0.75));
    /// assert_eq!(r.timeliness, Some(0.25));
    /// assert_eq!(planwatch::eval::Rate::from_counts(0, 0, 0).completeness, None);
    /// ```
    pub fn from_counts(expected: u64, actual: u64, on_time: u64) -> Rate {
        let ratio = |n: u64, d: u64| (d > 0).then(|| n as f64 / d as f64);
        Rate {
            expected,
            actual,
            on_time,
            completeness: ratio(actual, expected),
            timeliness: ratio(on_time, expected),
            on_time_of_actual: ratio(on_time, actual),
        }
    }
}

/// Integer counts while tallying.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub expected: u64,
    pub actual: u64,
    pub on_time: u64,
}

impl Tally {
    fn add(&mut self, actual: bool, on_time: bool) {
        self.expected += 1;
        self.actual += u64::from(actual);
        self.on_time += u64::from(on_time);
    }

    fn merge(&mut self, other: Tally) {
        self.expected += other.expected;
        self.actual += other.actual;
        self.on_time += other.on_time;
    }

    fn rate(self) -> Rate {
        Rate::from_counts(self.expected, self.actual, self.on_time)
    }
}

/// Slots per fiscal year in [`PeriodSlots`]: 12 per period type.
const SLOTS_PER_YEAR: usize = 12 * PeriodType::ALL.len();

/// Most years [`PeriodSlots`] gives dense slots to; a longer plan uses the map only.
const MAX_SLOT_YEARS: i32 = 200;

/// Per-period tallies in a dense array indexed by (year, type, index): one array access
/// per item instead of a map lookup, with a map for anything out of range.
#[derive(Debug, Clone, Default)]
struct PeriodSlots {
    base_year: i32,
    slots: Vec<Option<(Period, Tally)>>,
    overflow: BTreeMap<Period, Tally>,
}

impl PeriodSlots {
    fn new(start: NaiveDate, end: NaiveDate) -> PeriodSlots {
        // Fiscal years are named after the calendar year they start in, so a period ending
        // in the plan belongs to the year before the plan's start at the earliest.
        let base_year = start.year() - 1;
        let years = end.year() - base_year + 1;
        let slots = if (1..=MAX_SLOT_YEARS).contains(&years) {
            vec![None; years as usize * SLOTS_PER_YEAR]
        } else {
            Vec::new()
        };
        PeriodSlots {
            base_year,
            slots,
            overflow: BTreeMap::new(),
        }
    }

    fn slot(&self, p: Period) -> Option<usize> {
        let year = usize::try_from(p.year().checked_sub(self.base_year)?).ok()?;
        let index = usize::from(p.index()).checked_sub(1)?;
        Some(year * SLOTS_PER_YEAR + type_position(p.period_type()) * 12 + index)
    }

    fn add(&mut self, p: Period, actual: bool, on_time: bool) {
        let slot = self.slot(p).and_then(|i| self.slots.get_mut(i));
        match slot {
            Some(s) => s
                .get_or_insert((p, Tally::default()))
                .1
                .add(actual, on_time),
            None => self.overflow.entry(p).or_default().add(actual, on_time),
        }
    }

    fn into_map(self) -> BTreeMap<Period, Tally> {
        let mut map = self.overflow;
        for (p, t) in self.slots.into_iter().flatten() {
            map.entry(p).or_default().merge(t);
        }
        map
    }
}

/// Raw tallies of one pass: per organisation (by position), per group (report type or
/// meeting obligation, by position), per period, and overall.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tallies {
    pub per_org: Vec<Tally>,
    pub per_group: Vec<Tally>,
    pub per_period: BTreeMap<Period, Tally>,
    pub overall: Tally,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// Tallies while they are being counted.
struct Counter {
    tallies: Tallies,
    periods: PeriodSlots,
}

impl Counter {
    fn new(ds: &Dataset, groups: usize, from: NaiveDate, until: NaiveDate) -> Counter {
        let plan = ds.plan();
        Counter {
            tallies: Tallies {
                per_org: vec![Tally::default(); plan.organisations.len()],
                per_group: vec![Tally::default(); groups],
                per_period: BTreeMap::new(),
                overall: Tally::default(),
                from,
                until,
            },
            periods: PeriodSlots::new(plan.start, plan.end),
        }
    }

    fn add(&mut self, org: u32, group: usize, period: Period, actual: bool, on_time: bool) {
        let t = &mut self.tallies;
        if let Some(x) = t.per_org.get_mut(org as usize) {
            x.add(actual, on_time);
        }
        if let Some(x) = t.per_group.get_mut(group) {
            x.add(actual, on_time);
        }
        self.periods.add(period, actual, on_time);
        t.overall.add(actual, on_time);
    }

    fn finish(self) -> Tallies {
        let mut tallies = self.tallies;
        tallies.per_period = self.periods.into_map();
        tallies
    }
}

fn type_position(t: PeriodType) -> usize {
    PeriodType::ALL.iter().position(|&x| x == t).unwrap_or(0)
}

/// Whether an item due on `due` counts in the window `from..=until` as of `as_of`.
fn counts(due: NaiveDate, from: NaiveDate, until: NaiveDate, as_of: NaiveDate) -> bool {
    from <= due && due <= until && due < as_of
}

/// One pass over the distinct expected reports.
pub(crate) fn tally_reports(ds: &Dataset, as_of: NaiveDate, window: Window) -> Tallies {
    let (from, until) = window.resolve(ds.plan().start, as_of);
    let mut t = Counter::new(ds, PeriodType::ALL.len(), from, until);
    for x in ds.distinct_expected() {
        let e = &x.report;
        if !counts(e.due, from, until, as_of) {
            continue;
        }
        let first = x.first_submitted.filter(|&d| d <= as_of);
        let actual = first.is_some();
        let on_time = first.is_some_and(|d| d <= e.due);
        let group = type_position(e.period.period_type());
        t.add(e.reporter, group, e.period, actual, on_time);
    }
    t.finish()
}

/// One pass over the expected meetings.
pub(crate) fn tally_meetings(ds: &Dataset, as_of: NaiveDate, window: Window) -> Tallies {
    let (from, until) = window.resolve(ds.plan().start, as_of);
    let mut t = Counter::new(ds, ds.plan().meeting_obligations.len(), from, until);
    for e in ds.expected_meetings() {
        if !counts(e.due, from, until, as_of) {
            continue;
        }
        let first = ds
            .meeting_held(e.obligation, e.organiser, e.period)
            .filter(|&d| d <= as_of);
        let actual = first.is_some();
        let on_time = first.is_some_and(|d| d <= e.due);
        t.add(
            e.organiser,
            e.obligation as usize,
            e.period,
            actual,
            on_time,
        );
    }
    t.finish()
}

/// The rate of one organisation (a reporter or an organiser).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrganisationRate {
    /// The organisation's id.
    pub id: String,
    /// Its kind.
    pub kind: String,
    /// Its counts and ratios.
    #[serde(flatten)]
    pub rate: Rate,
}

/// The rate of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeriodRate {
    /// The period id, like `2021Q1`.
    pub period: String,
    /// Its type.
    pub period_type: PeriodType,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// Its counts and ratios.
    #[serde(flatten)]
    pub rate: Rate,
}

/// The rate of one meeting obligation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ObligationRate {
    /// The obligation's id.
    pub obligation: String,
    /// What the meeting is.
    pub title: String,
    /// How often it must be held.
    pub frequency: PeriodType,
    /// Its counts and ratios.
    #[serde(flatten)]
    pub rate: Rate,
}

/// The rate of the reporters (or organisers) of one province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProvinceRate {
    /// The province's id: an organisation of kind
    /// [`PROVINCE_KIND`](crate::eval::PROVINCE_KIND); `None` for the reporters that
    /// belong to no province (ministries, units, national working groups).
    pub province: Option<String>,
    /// How many reporters (or organisers) it counts.
    pub reporters: u64,
    /// Their counts and ratios together.
    #[serde(flatten)]
    pub rate: Rate,
}

/// The rows of `rows` (rates of organisations of `ds`) added up by province: a
/// reporter's province is its organisation's, as a finding's province is its owner's
/// (itself when of [`PROVINCE_KIND`](crate::eval::PROVINCE_KIND), else its nearest such
/// ancestor). Provinces in natural id order, then one row (`province: None`) for the
/// reporters of no province (and any id `ds` does not have), when there are any.
fn by_province(ds: &Dataset, rows: &[OrganisationRate]) -> Vec<ProvinceRate> {
    let province = super::rollup::provinces(ds);
    let orgs = &ds.plan().organisations;
    let mut groups: BTreeMap<Option<u32>, (u64, Tally)> = BTreeMap::new();
    for row in rows {
        let p = ds
            .index
            .org
            .get(&row.id)
            .and_then(|&i| province.get(i as usize).copied().flatten());
        let (n, tally) = groups.entry(p).or_default();
        *n += 1;
        tally.merge(Tally {
            expected: row.rate.expected,
            actual: row.rate.actual,
            on_time: row.rate.on_time,
        });
    }
    let mut out: Vec<ProvinceRate> = groups
        .into_iter()
        .map(|(p, (reporters, tally))| ProvinceRate {
            province: p.and_then(|i| orgs.get(i as usize)).map(|o| o.id.clone()),
            reporters,
            rate: tally.rate(),
        })
        .collect();
    out.sort_by(|a, b| match (&a.province, &b.province) {
        (Some(x), Some(y)) => natural_cmp(x, y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    out
}

impl ReportingRates {
    /// The rates by province of the reporters: [`ReportingRates::by_reporter`] added up
    /// by each reporter's province in `dataset` (the plan these rates are of). Provinces
    /// in natural id order, each with at least one bound reporter, then one row whose
    /// `province` is `None` for the reporters of no province, when there are any.
    ///
    /// ```
    /// use planwatch::{eval::Window, Dataset};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let rates = ds.reporting_rates(as_of, Window::whole_plan());
    /// let rows = rates.by_province(&ds);
    /// assert_eq!(rows.iter().map(|r| r.rate.expected).sum::<u64>(), rates.overall.expected);
    /// assert_eq!(rows.last().unwrap().province, None);
    /// ```
    pub fn by_province(&self, dataset: &Dataset) -> Vec<ProvinceRate> {
        by_province(dataset, &self.by_reporter)
    }
}

impl MeetingRates {
    /// The rates by province of the organisers, as [`ReportingRates::by_province`] adds
    /// up the reporters.
    pub fn by_province(&self, dataset: &Dataset) -> Vec<ProvinceRate> {
        by_province(dataset, &self.by_organiser)
    }
}

/// Reporting completeness and timeliness as of a day, over a window (see the
/// [module docs](self) for the exact definitions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportingRates {
    /// The day evaluated.
    pub as_of: NaiveDate,
    /// First due day counted.
    pub from: NaiveDate,
    /// Last due day counted (only reports due before `as_of` count).
    pub until: NaiveDate,
    /// All expected reports together.
    pub overall: Rate,
    /// Every organisation bound by a reporting obligation (zero counts included), in
    /// natural id order.
    pub by_reporter: Vec<OrganisationRate>,
    /// By reporter kind: every kind of a bound reporter.
    pub by_kind: BTreeMap<String, Rate>,
    /// By report type: every type of a reporting obligation.
    pub by_type: BTreeMap<PeriodType, Rate>,
    /// By period (periods with expected reports only), in period order (start, end, type).
    pub by_period: Vec<PeriodRate>,
}

/// Meeting compliance as of a day, over a window: `actual` counts meetings held (see the
/// [module docs](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MeetingRates {
    /// The day evaluated.
    pub as_of: NaiveDate,
    /// First due day counted.
    pub from: NaiveDate,
    /// Last due day counted (only meetings due before `as_of` count).
    pub until: NaiveDate,
    /// All expected meetings together.
    pub overall: Rate,
    /// Every meeting obligation, in plan order.
    pub by_obligation: Vec<ObligationRate>,
    /// Every organisation bound by a meeting obligation (zero counts included), in
    /// natural id order.
    pub by_organiser: Vec<OrganisationRate>,
    /// By organiser kind: every kind of a bound organiser.
    pub by_kind: BTreeMap<String, Rate>,
    /// By period (periods with expected meetings only), in period order.
    pub by_period: Vec<PeriodRate>,
}

/// Per organisation and per kind, for the organisations in `bound` (deduplicated here).
fn by_organisation(
    ds: &Dataset,
    tallies: &Tallies,
    bound: &[Vec<u32>],
) -> (Vec<OrganisationRate>, BTreeMap<String, Rate>) {
    let orgs = &ds.plan().organisations;
    let mut members: Vec<u32> = bound.iter().flatten().copied().collect();
    members.sort_unstable();
    members.dedup();
    let mut kinds: BTreeMap<String, Tally> = BTreeMap::new();
    let mut rows = Vec::with_capacity(members.len());
    for r in members {
        let (Some(org), Some(&t)) = (orgs.get(r as usize), tallies.per_org.get(r as usize)) else {
            continue;
        };
        kinds.entry(org.kind.clone()).or_default().merge(t);
        rows.push(OrganisationRate {
            id: org.id.clone(),
            kind: org.kind.clone(),
            rate: t.rate(),
        });
    }
    rows.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    let kinds = kinds.into_iter().map(|(k, t)| (k, t.rate())).collect();
    (rows, kinds)
}

fn by_period(tallies: &Tallies) -> Vec<PeriodRate> {
    tallies
        .per_period
        .iter()
        .map(|(p, t)| PeriodRate {
            period: p.id(),
            period_type: p.period_type(),
            start: p.start(),
            end: p.end(),
            rate: t.rate(),
        })
        .collect()
}

impl Dataset {
    /// Reporting completeness and timeliness as of `as_of`, counting the reports due in
    /// `window` and before `as_of` (see [`crate::eval::rates`] for the definitions).
    ///
    /// ```
    /// use planwatch::{eval::Window, Dataset};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let rates = ds.reporting_rates(as_of, Window::whole_plan());
    /// assert_eq!(rates.by_reporter.len(), 36);
    /// let all = rates.overall;
    /// assert!(all.on_time <= all.actual && all.actual <= all.expected);
    /// assert_eq!(all.completeness, Some(all.actual as f64 / all.expected as f64));
    /// ```
    pub fn reporting_rates(&self, as_of: NaiveDate, window: Window) -> ReportingRates {
        let tallies = tally_reports(self, as_of, window);
        let (by_reporter, by_kind) = by_organisation(self, &tallies, &self.index.reporters);
        let mut types: Vec<PeriodType> = self
            .plan()
            .reporting_obligations
            .iter()
            .map(|o| o.report_type)
            .collect();
        types.sort_unstable();
        types.dedup();
        let by_type = types
            .into_iter()
            .map(|t| {
                let tally = tallies
                    .per_group
                    .get(type_position(t))
                    .copied()
                    .unwrap_or_default();
                (t, tally.rate())
            })
            .collect();
        ReportingRates {
            as_of,
            from: tallies.from,
            until: tallies.until,
            overall: tallies.overall.rate(),
            by_reporter,
            by_kind,
            by_type,
            by_period: by_period(&tallies),
        }
    }

    /// Meeting compliance as of `as_of`, counting the meetings due in `window` and before
    /// `as_of` (see [`crate::eval::rates`]).
    ///
    /// ```
    /// use planwatch::{eval::Window, Dataset};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let rates = ds.meeting_rates(as_of, Window::whole_plan());
    /// assert_eq!(rates.by_obligation.len(), ds.plan().meeting_obligations.len());
    /// assert!(rates.overall.actual <= rates.overall.expected);
    /// ```
    pub fn meeting_rates(&self, as_of: NaiveDate, window: Window) -> MeetingRates {
        let tallies = tally_meetings(self, as_of, window);
        let (by_organiser, by_kind) = by_organisation(self, &tallies, &self.index.organisers);
        let by_obligation = self
            .plan()
            .meeting_obligations
            .iter()
            .zip(&tallies.per_group)
            .map(|(o, t)| ObligationRate {
                obligation: o.id.clone(),
                title: o.title.clone(),
                frequency: o.frequency,
                rate: t.rate(),
            })
            .collect();
        MeetingRates {
            as_of,
            from: tallies.from,
            until: tallies.until,
            overall: tallies.overall.rate(),
            by_obligation,
            by_organiser,
            by_kind,
            by_period: by_period(&tallies),
        }
    }
}

/// Which breakdown a rates table shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Breakdown {
    /// One row per reporter.
    #[default]
    Reporter,
    /// One row per reporter kind.
    Kind,
    /// One row per report type.
    Type,
    /// One row per period.
    Period,
    /// One row per province of the reporters (see [`ReportingRates::by_province`]), the
    /// reporters of no province last.
    Province,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two provinces (declared out of order), a working group below one of them, and two
    /// reporters of no province; quarterly reports due ten days after each quarter.
    fn provinces_plan() -> Dataset {
        let plan = r#"{"id": "p", "title": "Provinces", "start": "2021-01-01", "end": "2021-12-31",
            "organisations": [
                {"id": "ncct", "name": "Committee", "kind": "committee"},
                {"id": "pcct-b", "name": "Province B", "kind": "provincial_committee", "parent": "ncct"},
                {"id": "pcct-a", "name": "Province A", "kind": "provincial_committee", "parent": "ncct"},
                {"id": "pcct-a-wg", "name": "Province A group", "kind": "working_group", "parent": "pcct-a"},
                {"id": "moi", "name": "Interior", "kind": "ministry", "parent": "ncct"},
                {"id": "unit", "name": "Unit", "kind": "specialised_unit"}],
            "strategies": [], "groups": [], "activities": [],
            "reporting_obligations": [{"id": "q", "report_type": "quarterly",
                "reporters": {"ids": ["pcct-a", "pcct-a-wg", "pcct-b", "moi", "unit"]},
                "recipient": "ncct", "grace_days": 10}],
            "meeting_obligations": [{"id": "m", "title": "Group meeting", "frequency": "quarterly",
                "organisers": {"ids": ["pcct-a-wg"]}}]}"#;
        let monitoring = r#"{"plan": "p", "submissions": [
            {"reporter": "pcct-a", "report_type": "quarterly", "period": "2021Q1", "submitted": "2021-04-05"},
            {"reporter": "pcct-a-wg", "report_type": "quarterly", "period": "2021Q1", "submitted": "2021-05-01"},
            {"reporter": "pcct-b", "report_type": "quarterly", "period": "2021Q2", "submitted": "2021-07-02"},
            {"reporter": "unit", "report_type": "quarterly", "period": "2021Q1", "submitted": "2021-04-01"},
            {"reporter": "unit", "report_type": "quarterly", "period": "2021Q2", "submitted": "2021-07-01"},
            {"reporter": "unit", "report_type": "quarterly", "period": "2021Q3", "submitted": "2021-10-01"}]}"#;
        Dataset::from_json(plan, monitoring).expect("test plan")
    }

    #[test]
    fn rates_by_province_add_up_the_reporters_of_each_province() {
        // (as of, rows: province, reporters, expected, actual, on time)
        type Row = (Option<&'static str>, u64, u64, u64, u64);
        let cases: [(&str, &[Row]); 3] = [
            // Q1 to Q3 are due (Q4 falls due in 2022); a province's working group counts
            // with it; the ministry and the unit belong to no province and come last.
            (
                "2021-12-31",
                &[
                    (Some("pcct-a"), 2, 6, 2, 1),
                    (Some("pcct-b"), 1, 3, 1, 1),
                    (None, 2, 6, 3, 3),
                ],
            ),
            // Only Q1 is due before 1 July (Q2 falls due on 10 July).
            (
                "2021-07-01",
                &[
                    (Some("pcct-a"), 2, 2, 2, 1),
                    (Some("pcct-b"), 1, 1, 0, 0),
                    (None, 2, 2, 1, 1),
                ],
            ),
            // Nothing is due yet: every bound reporter still has its row, at zero.
            (
                "2021-04-01",
                &[
                    (Some("pcct-a"), 2, 0, 0, 0),
                    (Some("pcct-b"), 1, 0, 0, 0),
                    (None, 2, 0, 0, 0),
                ],
            ),
        ];
        let ds = provinces_plan();
        let day = |text: &str| crate::load::parse_day(text).expect("day");
        for (as_of, want) in cases {
            let rates = ds.reporting_rates(day(as_of), Window::whole_plan());
            let got: Vec<(Option<String>, u64, u64, u64, u64)> = rates
                .by_province(&ds)
                .into_iter()
                .map(|r| {
                    let Rate {
                        expected,
                        actual,
                        on_time,
                        ..
                    } = r.rate;
                    (r.province, r.reporters, expected, actual, on_time)
                })
                .collect();
            let want: Vec<(Option<String>, u64, u64, u64, u64)> = want
                .iter()
                .map(|&(p, n, e, a, o)| (p.map(str::to_string), n, e, a, o))
                .collect();
            assert_eq!(got, want, "as of {as_of}");
            let sum: u64 = got.iter().map(|r| r.2).sum();
            assert_eq!(sum, rates.overall.expected, "as of {as_of}");
        }
        let meetings = ds.meeting_rates(day("2021-12-31"), Window::whole_plan());
        let rows = meetings.by_province(&ds);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].province.as_deref(), Some("pcct-a"));
        assert_eq!((rows[0].reporters, rows[0].rate.expected), (1, 3));
    }
}
