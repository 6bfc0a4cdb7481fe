//! A deterministic, seeded generator of synthetic plans in planwatch's JSON format.
//!
//! [`generate`] writes `plan.json` and `monitoring.json` (and `rules-race.json`, the rule
//! set of the custom-condition race, which `check DIR` does not pick up) for `activities`
//! activities. The same `(activities, seed)` always gives byte-identical files: the only
//! randomness is a [`SplitMix64`] seeded from them, nothing iterates a hash map, and the
//! JSON is written element by element with `serde_json` (no giant `Value`).
//!
//! The shape (issue 9), for N activities:
//! - strategies `max(4, N/10,000)`, activity groups `max(2 x strategies, N/50)` (ids
//!   `s.g`), activities `s.g.k` in plan order; about 2 dependencies each on earlier
//!   activities (acyclic by construction), mostly within the group, FS/SS/FF/SF with lags.
//! - organisations: the national committee and its secretariat, `max(21, N/20,000)`
//!   ministries, `max(25, N/10,000)` provinces (each with a secretariat), `max(5,
//!   N/200,000)` specialised units, `max(6, N/100,000)` working groups (led by ministries)
//!   and district networks, so that the reporters number `max(N/100, 50)`.
//! - five reporting obligations (monthly, quarterly, semi_annual, ten_month, annual) over
//!   2019-2023 for every reporter; about 10% of the expected reports missing (a few weak
//!   reporters miss about half) and 10% of those received late; some duplicates, some
//!   unexpected submissions, a few reporters active for part of the plan.
//! - status updates (all statuses, progress, some stale, some activities never updated),
//!   indicators (`max(11, N/1,000)`, all period types, targets, about 30% disaggregated by
//!   sex and age band, some incomplete, outliers, relations), meeting obligations of the
//!   provincial secretariats, working groups, the committee and its secretariat, with
//!   meetings held (some missed, some late).
//!
//! The plan runs from 2019-01-01 to 2024-12-31 so that some deadlines fall after the as-of
//! day [`AS_OF`] (2024-01-31), while every obligation ends on 2023-12-31: as of that day
//! every expected report and meeting is due.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// The version of the generator's output: part of the cache key of generated data sets,
/// to bump whenever the output changes.
pub const GENERATOR_VERSION: u32 = 1;

/// The as-of day the generated plans are meant to be evaluated on: every report is due.
pub const AS_OF: &str = "2024-01-31";

/// The custom condition of the race against the CEL and rule engines (issue 9).
pub const RACE_CONDITION: &str = "activity.progress != null && activity.progress < 50.0 && days_between(activity.deadline, as_of) < 30 && activity.status != 'done'";

/// The id of the race's custom rule in `rules-race.json`.
pub const RACE_RULE: &str = "race_condition";

/// The name of the race's rule set file in a generated directory.
pub const RACE_RULES_FILE: &str = "rules-race.json";

/// A small, fast, deterministic pseudo-random number generator (splitmix64).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
        }
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(0) as u64) as i64
    }

    /// A float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// How big a generated plan is: the counts [`generate`] derives from the activity count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Shape {
    /// Activities.
    pub activities: usize,
    /// Strategies.
    pub strategies: usize,
    /// Activity groups.
    pub groups: usize,
    /// Ministries.
    pub ministries: usize,
    /// Provinces (provincial committees; each has a secretariat too).
    pub provinces: usize,
    /// Specialised units.
    pub units: usize,
    /// Technical working groups.
    pub working_groups: usize,
    /// District networks.
    pub districts: usize,
    /// Indicators.
    pub indicators: usize,
}

impl Shape {
    /// The shape of a plan of `activities` activities.
    pub fn for_activities(activities: usize) -> Shape {
        let n = activities.max(1);
        let strategies = (n / 10_000).max(4);
        let groups = (n / 50).max(2 * strategies);
        let provinces = (n / 10_000).max(25);
        let units = (n / 200_000).max(5);
        let working_groups = (n / 100_000).max(6);
        let reporters = (n / 100).max(50);
        let districts = reporters.saturating_sub(provinces + units + working_groups);
        Shape {
            activities: n,
            strategies,
            groups,
            ministries: (n / 20_000).max(21),
            provinces,
            units,
            working_groups,
            districts,
            indicators: (n / 1_000).max(11),
        }
    }

    /// Organisations bound by the reporting obligations.
    pub fn reporters(&self) -> usize {
        self.provinces + self.units + self.working_groups + self.districts
    }
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Serialize)]
pub struct Generated {
    /// The counts derived from the activity count.
    pub shape: Shape,
    /// The seed.
    pub seed: u64,
    /// Dependencies written.
    pub dependencies: usize,
    /// Status updates written.
    pub status_updates: usize,
    /// Submissions written.
    pub submissions: usize,
    /// Indicator values written.
    pub indicator_actuals: usize,
    /// Meetings held written.
    pub meetings: usize,
}

const PLAN_START: (i32, u32, u32) = (2019, 1, 1);
/// Plan days: 2019-01-01 is day 0, 2024-12-31 day 2191.
const PLAN_LAST_DAY: i64 = 2191;
/// 2023-12-31, the last day of every obligation.
const OBLIGATIONS_END: (i32, u32, u32) = (2023, 12, 31);

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn plan_start() -> NaiveDate {
    ymd(PLAN_START.0, PLAN_START.1, PLAN_START.2)
}

fn day(n: i64) -> NaiveDate {
    plan_start()
        .checked_add_days(Days::new(n.max(0) as u64))
        .unwrap_or(NaiveDate::MAX)
}

fn as_of() -> NaiveDate {
    ymd(2024, 1, 31)
}

fn add(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// The period types in the model's JSON names, shortest first.
const PERIOD_TYPES: [&str; 5] = ["monthly", "quarterly", "semi_annual", "ten_month", "annual"];

/// A reporting period: its id and its first and last days.
#[derive(Debug, Clone)]
struct Period {
    id: String,
    start: NaiveDate,
    end: NaiveDate,
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1).pred_opt().unwrap_or(NaiveDate::MIN)
}

/// Every period of `kind` (calendar fiscal years) in the years `from..=until`.
fn periods(kind: &str, from: i32, until: i32) -> Vec<Period> {
    let mut out = Vec::new();
    for y in from..=until {
        match kind {
            "monthly" => {
                for m in 1..=12 {
                    out.push(Period {
                        id: format!("{y}-{m:02}"),
                        start: ymd(y, m, 1),
                        end: month_end(y, m),
                    });
                }
            }
            "quarterly" => {
                for q in 1..=4u32 {
                    out.push(Period {
                        id: format!("{y}Q{q}"),
                        start: ymd(y, 3 * q - 2, 1),
                        end: month_end(y, 3 * q),
                    });
                }
            }
            "semi_annual" => {
                for s in 1..=2u32 {
                    out.push(Period {
                        id: format!("{y}S{s}"),
                        start: ymd(y, 6 * s - 5, 1),
                        end: month_end(y, 6 * s),
                    });
                }
            }
            "ten_month" => out.push(Period {
                id: format!("{y}T10"),
                start: ymd(y, 1, 1),
                end: ymd(y, 10, 31),
            }),
            _ => out.push(Period {
                id: format!("{y}"),
                start: ymd(y, 1, 1),
                end: ymd(y, 12, 31),
            }),
        }
    }
    out
}

/// Writes a JSON array element by element: `[`, items separated by `,\n`, `]`.
struct Array {
    first: bool,
}

impl Array {
    fn open<W: Write>(w: &mut W, key: &str) -> io::Result<Array> {
        write!(w, ",\n\"{key}\": [")?;
        Ok(Array { first: true })
    }

    fn item<W: Write, T: Serialize>(&mut self, w: &mut W, item: &T) -> io::Result<()> {
        w.write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer(&mut *w, item).map_err(io::Error::other)
    }

    fn close<W: Write>(self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n]")
    }
}

#[derive(Serialize)]
struct Org<'a> {
    id: String,
    name: String,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    led_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    active_from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    active_until: Option<NaiveDate>,
}

#[derive(Serialize)]
struct StrategyOut {
    id: String,
    title: String,
}

#[derive(Serialize)]
struct GroupOut<'a> {
    id: &'a str,
    strategy: String,
    title: String,
    lead: String,
    declared_activity_count: u32,
}

#[derive(Serialize)]
struct Dep<'a> {
    activity: &'a str,
    #[serde(rename = "type")]
    link_type: &'static str,
    #[serde(skip_serializing_if = "is_zero")]
    lag_days: i64,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct ActivityOut<'a> {
    id: &'a str,
    group: &'a str,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    lead: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    supporting: Vec<&'a str>,
    planned_start: NaiveDate,
    deadline: NaiveDate,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<Dep<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    indicators: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
struct TargetOut<'a> {
    period: &'a str,
    value: f64,
}

#[derive(Serialize)]
struct DisaggOut {
    dimension: &'static str,
    categories: &'static [&'static str],
}

#[derive(Serialize)]
struct BaselineOut {
    value: f64,
    date: NaiveDate,
}

#[derive(Serialize)]
struct IndicatorOut<'a> {
    id: &'a str,
    name: String,
    unit: &'static str,
    direction: &'static str,
    frequency: &'static str,
    target_kind: &'static str,
    owner: &'a str,
    baseline: BaselineOut,
    targets: Vec<TargetOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    disaggregations: Vec<DisaggOut>,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    left: &'a str,
    op: &'static str,
    right: &'a str,
}

#[derive(Serialize)]
struct Selector<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    ids: &'a [&'a str],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    kinds: &'a [&'a str],
}

#[derive(Serialize)]
struct ReportingObligationOut<'a> {
    id: String,
    report_type: &'static str,
    reporters: Selector<'a>,
    recipient: &'static str,
    grace_days: u32,
    until: NaiveDate,
}

#[derive(Serialize)]
struct MeetingObligationOut<'a> {
    id: &'static str,
    title: &'static str,
    frequency: &'static str,
    organisers: Selector<'a>,
    grace_days: u32,
    until: NaiveDate,
}

#[derive(Serialize)]
struct UpdateOut<'a> {
    activity: &'a str,
    date: NaiveDate,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    progress: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual_start: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual_finish: Option<NaiveDate>,
}

#[derive(Serialize)]
struct SubmissionOut<'a> {
    reporter: &'a str,
    report_type: &'static str,
    period: &'a str,
    submitted: NaiveDate,
}

/// Serialises a list of pairs as a JSON object (keys in the order given).
struct Pairs<'a, V>(&'a [(&'static str, V)]);

impl<V: Serialize> Serialize for Pairs<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct ActualJson<'a> {
    indicator: &'a str,
    period: &'a str,
    value: f64,
    reported_by: &'a str,
    reported: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    disaggregation: Option<Pairs<'a, Pairs<'a, f64>>>,
}

#[derive(Serialize)]
struct MeetingOut<'a> {
    obligation: &'static str,
    organiser: &'a str,
    date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<&'a str>,
}

/// A meeting obligation: id, title, frequency, organiser ids, organiser kinds, grace days.
type MeetingObligationSpec = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    u32,
);

/// The state of one generated activity, kept between the plan and the monitoring files.
struct Act {
    start: NaiveDate,
    deadline: NaiveDate,
}

const TAGS: [&str; 8] = [
    "capacity-building",
    "child-protection",
    "cross-border",
    "provincial",
    "prevention",
    "protection",
    "prosecution",
    "research",
];
const SEX: &[&str] = &["female", "male", "unknown"];
const AGE: &[&str] = &["under_15", "15_17", "18_plus", "unknown"];

/// Writes a synthetic plan of `activities` activities, seeded with `seed`, into `dir`
/// (created if needed): `plan.json`, `monitoring.json` and `rules-race.json`.
pub fn generate(activities: usize, seed: u64, dir: &Path) -> io::Result<Generated> {
    std::fs::create_dir_all(dir)?;
    let shape = Shape::for_activities(activities);
    let mut rng = SplitMix64::new(seed ^ (activities as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut out = Generated {
        shape,
        seed,
        dependencies: 0,
        status_updates: 0,
        submissions: 0,
        indicator_actuals: 0,
        meetings: 0,
    };

    // Organisations.
    let ministries: Vec<String> = (1..=shape.ministries)
        .map(|i| format!("ministry-{i}"))
        .collect();
    let provinces: Vec<String> = (1..=shape.provinces).map(|i| format!("pcct-{i}")).collect();
    let units: Vec<String> = (1..=shape.units).map(|i| format!("unit-{i}")).collect();
    let wgs: Vec<String> = (1..=shape.working_groups)
        .map(|i| format!("wg-{i}"))
        .collect();
    let districts: Vec<String> = (1..=shape.districts)
        .map(|i| format!("district-{i}"))
        .collect();
    let mut orgs: Vec<Org<'_>> = Vec::new();
    let org = |id: &str, name: String, kind: &'static str, parent: Option<&str>| Org {
        id: id.to_string(),
        name,
        kind,
        parent: parent.map(str::to_string),
        led_by: None,
        active_from: None,
        active_until: None,
    };
    orgs.push(org("ncct", "National Committee".into(), "committee", None));
    orgs.push(org(
        "gs-ncct",
        "General Secretariat".into(),
        "secretariat",
        Some("ncct"),
    ));
    for (i, m) in ministries.iter().enumerate() {
        orgs.push(org(
            m,
            format!("Ministry {}", i + 1),
            "ministry",
            Some("ncct"),
        ));
    }
    for (i, p) in provinces.iter().enumerate() {
        orgs.push(org(
            p,
            format!("Provincial committee {}", i + 1),
            "provincial_committee",
            Some("ncct"),
        ));
        orgs.push(org(
            &format!("{p}-secretariat"),
            format!("Secretariat of provincial committee {}", i + 1),
            "provincial_secretariat",
            Some(p),
        ));
    }
    for (i, u) in units.iter().enumerate() {
        let parent = &ministries[i % ministries.len()];
        orgs.push(org(
            u,
            format!("Specialised unit {}", i + 1),
            "specialised_unit",
            Some(parent),
        ));
    }
    for (i, w) in wgs.iter().enumerate() {
        let mut o = org(
            w,
            format!("Working group {}", i + 1),
            "working_group",
            Some("ncct"),
        );
        o.led_by = Some(ministries[(i * 3) % ministries.len()].clone());
        orgs.push(o);
    }
    // Reporter activity windows: 3% join in 2021, 1% leave mid-2022.
    let mut reporter_window: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = Vec::new();
    for (i, d) in districts.iter().enumerate() {
        let mut o = org(
            d,
            format!("District network {}", i + 1),
            "district_network",
            Some(&provinces[i % provinces.len()]),
        );
        let r = rng.unit();
        if r < 0.03 {
            o.active_from = Some(ymd(2021, 1, 1));
        } else if r < 0.04 {
            o.active_until = Some(ymd(2022, 6, 30));
        }
        reporter_window.push((o.active_from, o.active_until));
        orgs.push(o);
    }

    // Logframe: groups are contiguous runs of activities.
    let n = shape.activities;
    let g_count = shape.groups;
    let group_first = |g: usize| (g * n).div_ceil(g_count);
    let group_ids: Vec<String> = (0..g_count)
        .map(|g| {
            let s = g * shape.strategies / g_count;
            let first_of_strategy = (s * g_count).div_ceil(shape.strategies);
            format!("{}.{}", s + 1, g - first_of_strategy + 1)
        })
        .collect();
    let mut ids: Vec<String> = Vec::with_capacity(n);
    let mut act_group: Vec<u32> = Vec::with_capacity(n);
    for (g, gid) in group_ids.iter().enumerate() {
        for k in group_first(g)..group_first(g + 1) {
            ids.push(format!("{gid}.{}", k - group_first(g) + 1));
            act_group.push(g as u32);
        }
    }
    let indicator_ids: Vec<String> = (1..=shape.indicators)
        .map(|k| format!("indicator-{k}"))
        .collect();

    // plan.json
    let file = File::create(dir.join("plan.json"))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    write!(
        w,
        "{{\"id\": \"synthetic-{n}-{seed}\",\n\"title\": {},\n\"start\": \"2019-01-01\",\n\"end\": \"{}\",\n\"fiscal_year_start_month\": 1,\n\"source\": \"planwatch-bench synthetic generator\"",
        serde_json::to_string(&format!("Synthetic plan: {n} activities, seed {seed}"))?,
        day(PLAN_LAST_DAY)
    )?;
    let mut a = Array::open(&mut w, "organisations")?;
    for o in &orgs {
        a.item(&mut w, o)?;
    }
    a.close(&mut w)?;
    let mut a = Array::open(&mut w, "strategies")?;
    for s in 1..=shape.strategies {
        a.item(
            &mut w,
            &StrategyOut {
                id: s.to_string(),
                title: format!("Strategy {s}"),
            },
        )?;
    }
    a.close(&mut w)?;
    let mut a = Array::open(&mut w, "groups")?;
    for (g, gid) in group_ids.iter().enumerate() {
        let count = (group_first(g + 1) - group_first(g)) as u32;
        // 3% declare a count the plan does not have (group_count_mismatch).
        let declared = if rng.chance(0.03) { count + 1 } else { count };
        a.item(
            &mut w,
            &GroupOut {
                id: gid,
                strategy: (g * shape.strategies / g_count + 1).to_string(),
                title: format!("Activity group {gid}"),
                lead: ministries[g % ministries.len()].clone(),
                declared_activity_count: declared,
            },
        )?;
    }
    a.close(&mut w)?;

    let mut acts: Vec<Act> = Vec::with_capacity(n);
    let mut a = Array::open(&mut w, "activities")?;
    let referable = (shape.indicators * 95 / 100).max(1);
    let mut group_start = 0i64;
    for i in 0..n {
        let g = act_group[i] as usize;
        let first = group_first(g);
        let k = (i - first) as i64;
        if i == first {
            group_start = rng.range(0, 1700);
        }
        let start = (group_start + k * 12 + rng.range(0, 60)).min(1850);
        let deadline = (start + 30 + rng.range(0, 400)).min(PLAN_LAST_DAY);
        let (start, deadline) = (day(start), day(deadline));
        let mut deps: Vec<Dep<'_>> = Vec::new();
        if i > 0 {
            let count = match rng.below(20) {
                0..=1 => 0,
                2..=6 => 1,
                7..=12 => 2,
                13..=17 => 3,
                _ => 4,
            };
            for _ in 0..count {
                let j = if k > 0 && rng.chance(0.8) {
                    first + rng.below(k as u64) as usize
                } else {
                    i - 1 - rng.below(i.min(5000) as u64) as usize
                };
                if deps.iter().any(|d| d.activity == ids[j]) {
                    continue;
                }
                let link_type = match rng.below(20) {
                    0..=10 => "FS",
                    11..=14 => "SS",
                    15..=17 => "FF",
                    _ => "SF",
                };
                let lag_days = if rng.chance(0.5) {
                    0
                } else {
                    rng.range(-5, 20)
                };
                deps.push(Dep {
                    activity: &ids[j],
                    link_type,
                    lag_days,
                });
            }
        }
        out.dependencies += deps.len();
        let lead = match rng.below(100) {
            0 => None,
            1..=50 => Some(ministries[rng.below(ministries.len() as u64) as usize].as_str()),
            51..=80 => Some(provinces[rng.below(provinces.len() as u64) as usize].as_str()),
            81..=90 if !districts.is_empty() => {
                Some(districts[rng.below(districts.len() as u64) as usize].as_str())
            }
            _ => Some(units[rng.below(units.len() as u64) as usize].as_str()),
        };
        let mut supporting = Vec::new();
        for _ in 0..rng.below(3) {
            let s = if rng.chance(0.5) {
                ministries[rng.below(ministries.len() as u64) as usize].as_str()
            } else {
                provinces[rng.below(provinces.len() as u64) as usize].as_str()
            };
            if Some(s) != lead && !supporting.contains(&s) {
                supporting.push(s);
            }
        }
        let mut indicators = Vec::new();
        if rng.chance(0.7) {
            for _ in 0..rng.range(1, 2) {
                let x = indicator_ids[rng.below(referable as u64) as usize].as_str();
                if !indicators.contains(&x) {
                    indicators.push(x);
                }
            }
        }
        let mut tags = Vec::new();
        for _ in 0..rng.below(3) {
            let t = TAGS[rng.below(TAGS.len() as u64) as usize];
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        a.item(
            &mut w,
            &ActivityOut {
                id: &ids[i],
                group: &group_ids[g],
                title: format!("Activity {}", ids[i]),
                lead,
                supporting,
                planned_start: start,
                deadline,
                depends_on: deps,
                indicators,
                tags,
            },
        )?;
        acts.push(Act { start, deadline });
    }
    a.close(&mut w)?;

    // Indicators.
    let freq_cycle = ["quarterly", "quarterly", "annual", "monthly", "semi_annual"];
    struct Ind {
        disaggregated: bool,
        owner: usize,
        targets: Vec<(Period, f64)>,
    }
    let mut inds: Vec<Ind> = Vec::with_capacity(shape.indicators);
    let mut a = Array::open(&mut w, "indicators")?;
    for (k, id) in indicator_ids.iter().enumerate() {
        let frequency = freq_cycle[k % freq_cycle.len()];
        let per_year = match frequency {
            "monthly" => 12.0,
            "quarterly" => 4.0,
            "semi_annual" => 2.0,
            _ => 1.0,
        };
        let base = (rng.range(20, 2000) as f64 / per_year).round().max(1.0);
        let growth = 1.0 + rng.range(0, 8) as f64 / 100.0;
        let cumulative = rng.chance(0.2);
        let mut total = 0.0;
        let targets: Vec<(Period, f64)> = periods(frequency, 2019, 2023)
            .into_iter()
            .map(|p| {
                let year = f64::from(p.start.year() - 2019);
                let v = (base * growth.powf(year)).round();
                total += v;
                (p, if cumulative { total } else { v })
            })
            .collect();
        let disaggregated = rng.chance(0.3);
        let owner = rng.below(ministries.len() as u64) as usize;
        a.item(
            &mut w,
            &IndicatorOut {
                id,
                name: format!("Indicator {}", k + 1),
                unit: if k % 2 == 0 { "persons" } else { "cases" },
                direction: if rng.chance(0.85) {
                    "higher_is_better"
                } else {
                    "lower_is_better"
                },
                frequency,
                target_kind: if cumulative {
                    "cumulative"
                } else {
                    "per_period"
                },
                owner: &ministries[owner],
                baseline: BaselineOut {
                    value: base,
                    date: ymd(2018, 12, 31),
                },
                targets: targets
                    .iter()
                    .map(|(p, v)| TargetOut {
                        period: &p.id,
                        value: *v,
                    })
                    .collect(),
                disaggregations: if disaggregated {
                    vec![
                        DisaggOut {
                            dimension: "sex",
                            categories: SEX,
                        },
                        DisaggOut {
                            dimension: "age_band",
                            categories: AGE,
                        },
                    ]
                } else {
                    Vec::new()
                },
            },
        )?;
        inds.push(Ind {
            disaggregated,
            owner,
            // Per-period values for the actuals.
            targets: if cumulative {
                let mut prev = 0.0;
                targets
                    .into_iter()
                    .map(|(p, v)| {
                        let d = v - prev;
                        prev = v;
                        (p, d)
                    })
                    .collect()
            } else {
                targets
            },
        });
    }
    a.close(&mut w)?;
    // Relations between indicators of the same frequency (k and k + 5).
    let mut a = Array::open(&mut w, "indicator_relations")?;
    for k in (0..shape.indicators.saturating_sub(5)).step_by(10) {
        a.item(
            &mut w,
            &RelationOut {
                left: &indicator_ids[k],
                op: "<=",
                right: &indicator_ids[k + 5],
            },
        )?;
    }
    a.close(&mut w)?;

    let reporter_kinds: &[&str] = &[
        "provincial_committee",
        "specialised_unit",
        "working_group",
        "district_network",
    ];
    let reporter_kinds = if shape.districts == 0 {
        &reporter_kinds[..3]
    } else {
        reporter_kinds
    };
    let grace = [10u32, 15, 20, 20, 30];
    let obligations_end = ymd(OBLIGATIONS_END.0, OBLIGATIONS_END.1, OBLIGATIONS_END.2);
    let mut a = Array::open(&mut w, "reporting_obligations")?;
    for (t, kind) in PERIOD_TYPES.iter().enumerate() {
        a.item(
            &mut w,
            &ReportingObligationOut {
                id: format!("report-{}", kind.replace('_', "-")),
                report_type: kind,
                reporters: Selector {
                    ids: &[],
                    kinds: reporter_kinds,
                },
                recipient: "gs-ncct",
                grace_days: grace[t],
                until: obligations_end,
            },
        )?;
    }
    a.close(&mut w)?;
    let meeting_obligations: [MeetingObligationSpec; 6] = [
        (
            "meeting-pcct-secretariat",
            "Monthly meeting of the provincial secretariat",
            "monthly",
            &[],
            &["provincial_secretariat"],
            7,
        ),
        (
            "meeting-general-secretariat",
            "Meeting of the General Secretariat",
            "monthly",
            &["gs-ncct"],
            &[],
            7,
        ),
        (
            "meeting-working-groups",
            "Technical working group meeting",
            "quarterly",
            &[],
            &["working_group"],
            15,
        ),
        (
            "meeting-ncct-quarterly",
            "Quarterly meeting of the National Committee",
            "quarterly",
            &["ncct"],
            &[],
            15,
        ),
        (
            "meeting-ncct-semester",
            "Semester meeting of the National Committee",
            "semi_annual",
            &["ncct"],
            &[],
            15,
        ),
        (
            "meeting-ncct-annual",
            "Yearly meeting of the National Committee",
            "annual",
            &["ncct"],
            &[],
            15,
        ),
    ];
    let mut a = Array::open(&mut w, "meeting_obligations")?;
    for &(id, title, frequency, ids_, kinds, grace_days) in &meeting_obligations {
        a.item(
            &mut w,
            &MeetingObligationOut {
                id,
                title,
                frequency,
                organisers: Selector { ids: ids_, kinds },
                grace_days,
                until: obligations_end,
            },
        )?;
    }
    a.close(&mut w)?;
    w.write_all(b"\n}\n")?;
    w.flush()?;
    drop(w);

    // monitoring.json
    let file = File::create(dir.join("monitoring.json"))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    write!(
        w,
        "{{\"plan\": \"synthetic-{n}-{seed}\",\n\"synthetic\": true,\n\"notes\": [\"Made by planwatch-synth --activities {n} --seed {seed}; no figure here was collected.\"]"
    )?;
    let today = as_of();
    let mut a = Array::open(&mut w, "status_updates")?;
    for (i, act) in acts.iter().enumerate() {
        let span = (act.deadline - act.start).num_days().max(1);
        let past_deadline = act.deadline < today;
        let r = rng.below(100);
        // done, in_progress, not_started, cancelled, none
        let status = if past_deadline {
            match r {
                0..=71 => 0,
                72..=85 => 1,
                86..=92 => 2,
                93..=96 => 3,
                _ => 4,
            }
        } else {
            match r {
                0..=14 => 0,
                15..=69 => 1,
                70..=89 => 2,
                90..=94 => 3,
                _ => 4,
            }
        };
        let id = ids[i].as_str();
        let clamp = |d: NaiveDate| d.min(today);
        let mut push = |u: UpdateOut<'_>| -> io::Result<()> {
            out.status_updates += 1;
            a.item(&mut w, &u)
        };
        match status {
            0 => {
                let actual_start = clamp(add(act.start, rng.range(-10, 20)));
                let mid = clamp(add(actual_start, span / 3 + 1));
                push(UpdateOut {
                    activity: id,
                    date: mid,
                    status: "in_progress",
                    progress: Some(rng.range(20, 60) as f64),
                    actual_start: Some(actual_start),
                    actual_finish: None,
                })?;
                let finish = clamp(add(act.deadline, rng.range(-30, 30)).max(mid));
                push(UpdateOut {
                    activity: id,
                    date: clamp(add(finish, rng.range(0, 20))),
                    status: "done",
                    progress: Some(100.0),
                    actual_start: None,
                    actual_finish: Some(finish),
                })?;
            }
            1 => {
                let actual_start = clamp(add(act.start, rng.range(-5, 40)));
                // 15% stale: the last update long ago.
                let last = if rng.chance(0.15) {
                    clamp(add(actual_start, rng.range(1, 120)))
                } else {
                    clamp(add(today, -rng.range(0, 80))).max(actual_start)
                };
                if rng.chance(0.4) && last > actual_start {
                    push(UpdateOut {
                        activity: id,
                        date: actual_start,
                        status: "in_progress",
                        progress: Some(rng.range(0, 20) as f64),
                        actual_start: Some(actual_start),
                        actual_finish: None,
                    })?;
                }
                push(UpdateOut {
                    activity: id,
                    date: last,
                    status: "in_progress",
                    progress: if rng.chance(0.1) {
                        None
                    } else {
                        Some(rng.range(5, 95) as f64)
                    },
                    actual_start: Some(actual_start),
                    actual_finish: None,
                })?;
            }
            2 if rng.chance(0.5) => push(UpdateOut {
                activity: id,
                date: clamp(add(act.start, rng.range(-30, 200))),
                status: "not_started",
                progress: Some(0.0),
                actual_start: None,
                actual_finish: None,
            })?,
            3 => push(UpdateOut {
                activity: id,
                date: clamp(add(act.start, rng.range(0, 300))),
                status: "cancelled",
                progress: None,
                actual_start: None,
                actual_finish: None,
            })?,
            _ => {}
        }
    }
    a.close(&mut w)?;

    // Submissions: every reporter, every report type, every period of 2019-2023.
    let mut a = Array::open(&mut w, "submissions")?;
    let all_periods: Vec<Vec<Period>> = PERIOD_TYPES
        .iter()
        .map(|t| periods(t, 2019, 2023))
        .collect();
    let reporter_ids: Vec<(&str, Option<NaiveDate>, Option<NaiveDate>)> = provinces
        .iter()
        .chain(&units)
        .chain(&wgs)
        .map(|id| (id.as_str(), None, None))
        .chain(
            districts
                .iter()
                .zip(&reporter_window)
                .map(|(id, &(f, u))| (id.as_str(), f, u)),
        )
        .collect();
    for &(reporter, from, until) in &reporter_ids {
        let weak = rng.chance(0.05);
        let p_missing = if weak { 0.45 } else { 0.08 };
        for (t, list) in all_periods.iter().enumerate() {
            for p in list {
                let active = from.is_none_or(|f| f <= p.end) && until.is_none_or(|u| p.end <= u);
                let due = add(p.end, i64::from(grace[t]));
                if !active {
                    // An unexpected report now and then from an organisation not yet
                    // (or no longer) bound.
                    if rng.chance(0.05) {
                        out.submissions += 1;
                        a.item(
                            &mut w,
                            &SubmissionOut {
                                reporter,
                                report_type: PERIOD_TYPES[t],
                                period: &p.id,
                                submitted: add(p.end, rng.range(1, 10)),
                            },
                        )?;
                    }
                    continue;
                }
                let r = rng.unit();
                let submitted = if r < p_missing {
                    // Missing; a few of them arrive after the as-of day.
                    if rng.chance(0.05) {
                        Some(add(today, rng.range(1, 20)))
                    } else {
                        None
                    }
                } else if rng.chance(0.1) {
                    Some(add(due, rng.range(1, 60)).min(today))
                } else {
                    Some(add(p.end, rng.range(1, i64::from(grace[t]))))
                };
                if let Some(s) = submitted {
                    out.submissions += 1;
                    a.item(
                        &mut w,
                        &SubmissionOut {
                            reporter,
                            report_type: PERIOD_TYPES[t],
                            period: &p.id,
                            submitted: s,
                        },
                    )?;
                    if rng.chance(0.01) {
                        out.submissions += 1;
                        a.item(
                            &mut w,
                            &SubmissionOut {
                                reporter,
                                report_type: PERIOD_TYPES[t],
                                period: &p.id,
                                submitted: add(s, rng.range(1, 30)),
                            },
                        )?;
                    }
                }
            }
        }
    }
    a.close(&mut w)?;

    // Indicator values.
    let mut a = Array::open(&mut w, "indicator_actuals")?;
    for (k, ind) in inds.iter().enumerate() {
        for (p, target) in &ind.targets {
            if !rng.chance(0.92) {
                continue;
            }
            let mut value = (target * (0.5 + 0.8 * rng.unit())).round().max(0.0);
            if rng.chance(0.01) {
                value *= 6.0;
            }
            let reported = add(p.end, rng.range(5, 40)).min(add(today, -1));
            let disaggregation = if ind.disaggregated {
                let split = |rng: &mut SplitMix64, cats: &'static [&'static str]| {
                    let mut left = value;
                    let mut parts = Vec::with_capacity(cats.len());
                    for (c, cat) in cats.iter().enumerate() {
                        let v = if c + 1 == cats.len() {
                            left
                        } else {
                            (left * rng.unit() * 0.7).round()
                        };
                        left -= v;
                        parts.push((*cat, v));
                    }
                    parts
                };
                let mut dims = vec![("age_band", split(&mut rng, AGE))];
                // 15% give only the age bands (disaggregation_incomplete).
                if !rng.chance(0.15) {
                    dims.push(("sex", split(&mut rng, SEX)));
                }
                dims
            } else {
                Vec::new()
            };
            out.indicator_actuals += 1;
            let inner: Vec<(&'static str, Pairs<'_, f64>)> =
                disaggregation.iter().map(|(d, p)| (*d, Pairs(p))).collect();
            a.item(
                &mut w,
                &ActualJson {
                    indicator: &indicator_ids[k],
                    period: &p.id,
                    value,
                    reported_by: &ministries[ind.owner],
                    reported,
                    disaggregation: (!inner.is_empty()).then_some(Pairs(&inner)),
                },
            )?;
        }
    }
    a.close(&mut w)?;

    // Meetings held.
    let secretariats: Vec<String> = provinces
        .iter()
        .map(|p| format!("{p}-secretariat"))
        .collect();
    let mut a = Array::open(&mut w, "meetings")?;
    for &(obligation, _, frequency, ids_, kinds, grace_days) in &meeting_obligations {
        let organisers: Vec<&str> = if kinds.contains(&"provincial_secretariat") {
            secretariats.iter().map(String::as_str).collect()
        } else if kinds.contains(&"working_group") {
            wgs.iter().map(String::as_str).collect()
        } else {
            ids_.to_vec()
        };
        let list = periods(frequency, 2019, 2023);
        for organiser in organisers {
            for p in &list {
                if !rng.chance(0.88) {
                    continue;
                }
                let (date, period) = if rng.chance(0.1) {
                    // Late: after the grace days, in the next period; give the period.
                    let d = add(p.end, i64::from(grace_days) + rng.range(1, 20)).min(today);
                    (d, Some(p.id.as_str()))
                } else {
                    let len = (p.end - p.start).num_days();
                    (add(p.start, rng.range(0, len)), None)
                };
                out.meetings += 1;
                a.item(
                    &mut w,
                    &MeetingOut {
                        obligation,
                        organiser,
                        date,
                        period,
                    },
                )?;
            }
        }
    }
    a.close(&mut w)?;
    w.write_all(b"\n}\n")?;
    w.flush()?;
    drop(w);

    std::fs::write(dir.join(RACE_RULES_FILE), race_rules_json())?;
    Ok(out)
}

/// The rule set of the custom-condition race: every built-in rule off, one custom rule
/// with [`RACE_CONDITION`].
pub fn race_rules_json() -> String {
    let rules: serde_json::Map<String, serde_json::Value> = crate::api::builtin_rule_ids()
        .into_iter()
        .map(|id| (id, serde_json::json!({"enabled": false})))
        .collect();
    let file = serde_json::json!({
        "rules": rules,
        "custom": [{
            "id": RACE_RULE,
            "description": "progress under half, deadline less than 30 days ago or ahead, not done",
            "subject": "activity",
            "condition": RACE_CONDITION,
            "severity": "info",
            "message": "{activity.id}",
        }],
    });
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_have_the_model_ids() {
        let q = periods("quarterly", 2019, 2019);
        assert_eq!(q[0].id, "2019Q1");
        assert_eq!(q[3].end, ymd(2019, 12, 31));
        assert_eq!(periods("ten_month", 2020, 2020)[0].id, "2020T10");
        assert_eq!(periods("semi_annual", 2020, 2020)[1].id, "2020S2");
        assert_eq!(periods("monthly", 2020, 2020)[1].end, ymd(2020, 2, 29));
        assert_eq!(periods("annual", 2021, 2021)[0].id, "2021");
    }

    #[test]
    fn shape_scales() {
        let s = Shape::for_activities(1_000_000);
        assert_eq!(s.reporters(), 10_000);
        assert_eq!(Shape::for_activities(10_000).reporters(), 100);
        assert!(Shape::for_activities(100).reporters() >= 50);
    }

    #[test]
    fn splitmix_is_stable() {
        let mut r = SplitMix64::new(1);
        let a = r.next_u64();
        assert_eq!(SplitMix64::new(1).next_u64(), a);
        assert!(r.below(10) < 10);
    }
}
