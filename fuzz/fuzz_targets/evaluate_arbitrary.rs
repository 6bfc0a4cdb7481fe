//! Evaluation of structurally valid plans: the plan and its monitoring data are built
//! from `arbitrary` primitives over small id alphabets and dates within a few years, so
//! that most of them pass validation; those that load are evaluated as of an arbitrary
//! day near the plan and must keep the invariants the documentation promises.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use planwatch::chrono::{Days, NaiveDate};
use planwatch::model::{
    Activity, ActivityGroup, ActivityStatus, Baseline, Dependency, Direction, Disaggregation, Indicator,
    IndicatorActual, LinkType, MeetingHeld, MeetingObligation, Monitoring, Organisation, Plan,
    ProgressMethod, ReporterSelector, ReportingObligation, StatusUpdate, Strategy, Submission, Target, TargetKind,
    TitleStatus,
};
use planwatch::{Dataset, FiscalCalendar, Period, PeriodType, RuleSet};
use std::collections::BTreeMap;

const BASE: (i32, u32, u32) = (2019, 1, 1);
const SPAN_DAYS: u64 = 4 * 366;

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(BASE.0, BASE.1, BASE.2).expect("a day")
}

fn day(u: &mut Unstructured<'_>) -> arbitrary::Result<NaiveDate> {
    Ok(base() + Days::new(u.int_in_range(0..=SPAN_DAYS)?))
}

fn pick<'a>(u: &mut Unstructured<'_>, items: &'a [&'a str]) -> arbitrary::Result<String> {
    Ok((*u.choose(items)?).to_string())
}

const ORGS: &[&str] = &["o1", "o2", "o3", "o4"];
const KINDS: &[&str] = &["ministry", "committee", "provincial_committee"];
const ACTS: &[&str] = &["a1", "a2", "a3", "a4", "a5", "a6"];
const INDS: &[&str] = &["i1", "i2", "i3"];
const GROUPS: &[&str] = &["g1", "g2"];

fn period_type(u: &mut Unstructured<'_>) -> arbitrary::Result<PeriodType> {
    Ok(*u.choose(&PeriodType::ALL)?)
}

fn period_id(
    u: &mut Unstructured<'_>,
    t: PeriodType,
    cal: FiscalCalendar,
) -> arbitrary::Result<String> {
    let d = day(u)?;
    Ok(Period::containing(t, d, cal)
        .map(|p| p.id())
        .unwrap_or_else(|| "2019".to_string()))
}

fn selector(u: &mut Unstructured<'_>) -> arbitrary::Result<ReporterSelector> {
    Ok(if bool::arbitrary(u)? {
        ReporterSelector {
            ids: vec![pick(u, ORGS)?],
            kinds: Vec::new(),
        }
    } else {
        ReporterSelector {
            ids: Vec::new(),
            kinds: vec![pick(u, KINDS)?],
        }
    })
}

fn build(u: &mut Unstructured<'_>) -> arbitrary::Result<(Plan, Monitoring, NaiveDate)> {
    let cal = FiscalCalendar::new(u.int_in_range(1..=12)?).expect("1-12");
    let start = base();
    let end = base() + Days::new(SPAN_DAYS);
    let mut organisations = Vec::new();
    for (i, id) in ORGS
        .iter()
        .enumerate()
        .take(u.int_in_range(1..=ORGS.len())?)
    {
        organisations.push(Organisation {
            id: id.to_string(),
            name: format!("org {id}"),
            abbreviation: None,
            kind: pick(u, KINDS)?,
            parent: (i > 0 && bool::arbitrary(u)?).then(|| ORGS[0].to_string()),
            led_by: None,
            active_from: if u.ratio(1, 4)? { Some(day(u)?) } else { None },
            active_until: None,
        });
    }
    let n_orgs = organisations.len();
    let org = |u: &mut Unstructured<'_>| -> arbitrary::Result<String> {
        Ok(ORGS[u.choose_index(n_orgs)?].to_string())
    };
    let strategies = vec![Strategy {
        id: "s1".into(),
        title: "strategy".into(),
        title_status: TitleStatus::Complete,
        declared_activity_count: None,
    }];
    let groups: Vec<ActivityGroup> = GROUPS
        .iter()
        .map(|g| ActivityGroup {
            id: g.to_string(),
            strategy: "s1".into(),
            title: format!("group {g}"),
            title_status: TitleStatus::Complete,
            lead: None,
            declared_activity_count: None,
            note: None,
        })
        .collect();
    let mut indicators = Vec::new();
    for id in INDS.iter().take(u.int_in_range(0..=INDS.len())?) {
        let frequency = period_type(u)?;
        let mut targets = Vec::new();
        for _ in 0..u.int_in_range(0..=3)? {
            let coarser = *u.choose(
                &PeriodType::ALL
                    .into_iter()
                    .filter(|t| t.months() >= frequency.months())
                    .collect::<Vec<_>>(),
            )?;
            targets.push(Target {
                period: period_id(u, coarser, cal)?,
                value: f64::from(u.int_in_range(0..=100u8)?),
            });
        }
        targets.sort_by(|a, b| a.period.cmp(&b.period));
        targets.dedup_by(|a, b| a.period == b.period);
        indicators.push(Indicator {
            id: id.to_string(),
            name: format!("indicator {id}"),
            unit: "cases".into(),
            direction: if bool::arbitrary(u)? {
                Direction::HigherIsBetter
            } else {
                Direction::LowerIsBetter
            },
            frequency,
            target_kind: if bool::arbitrary(u)? {
                TargetKind::PerPeriod
            } else {
                TargetKind::Cumulative
            },
            owner: if bool::arbitrary(u)? {
                Some(org(u)?)
            } else {
                None
            },
            baseline: if bool::arbitrary(u)? {
                Some(Baseline {
                    value: f64::from(i16::arbitrary(u)?),
                    date: day(u)?,
                    source: None,
                })
            } else {
                None
            },
            targets,
            progress_method: match u8::arbitrary(u)? % 3 {
                0 => None,
                1 => Some(ProgressMethod::Margin),
                _ => Some(ProgressMethod::OpenSdg),
            },
            disaggregations: if bool::arbitrary(u)? {
                vec![Disaggregation {
                    dimension: "sex".into(),
                    categories: vec!["female".into(), "male".into()],
                }]
            } else {
                Vec::new()
            },
            note: None,
        });
    }
    let n_acts = u.int_in_range(0..=ACTS.len())?;
    let mut activities = Vec::new();
    for i in 0..n_acts {
        let planned_start = day(u)?;
        let deadline = planned_start + Days::new(u.int_in_range(0..=400)?);
        let deadline = deadline.min(end);
        let mut depends_on = Vec::new();
        // Only on earlier activities: no cycles.
        for _ in 0..u.int_in_range(0..=2)? {
            if i == 0 {
                break;
            }
            let on = u.choose_index(i)?;
            if depends_on
                .iter()
                .any(|d: &Dependency| d.activity == ACTS[on])
            {
                continue;
            }
            depends_on.push(Dependency {
                activity: ACTS[on].to_string(),
                link_type: *u.choose(&[LinkType::FS, LinkType::SS, LinkType::FF, LinkType::SF])?,
                lag_days: u.int_in_range(-30..=60)?,
            });
        }
        activities.push(Activity {
            id: ACTS[i].to_string(),
            group: pick(u, GROUPS)?,
            title: format!("activity {i}"),
            title_status: TitleStatus::Complete,
            lead: if u.ratio(3, 4)? { Some(org(u)?) } else { None },
            supporting: Vec::new(),
            planned_start: planned_start.min(deadline),
            deadline,
            depends_on,
            indicators: if !indicators.is_empty() && bool::arbitrary(u)? {
                vec![indicators[u.choose_index(indicators.len())?].id.clone()]
            } else {
                Vec::new()
            },
            tags: Vec::new(),
        });
    }
    let mut reporting_obligations = Vec::new();
    for i in 0..u.int_in_range(0..=2)? {
        reporting_obligations.push(ReportingObligation {
            id: format!("r{i}"),
            report_type: period_type(u)?,
            reporters: selector(u)?,
            recipient: None,
            grace_days: u.int_in_range(0..=45)?,
            from: None,
            until: None,
        });
    }
    let mut meeting_obligations = Vec::new();
    if bool::arbitrary(u)? {
        meeting_obligations.push(MeetingObligation {
            id: "m1".into(),
            title: "meeting".into(),
            frequency: period_type(u)?,
            organisers: selector(u)?,
            grace_days: u.int_in_range(0..=10)?,
            from: None,
            until: None,
        });
    }
    let mut monitoring = Monitoring::default();
    for _ in 0..u.int_in_range(0..=8)? {
        if activities.is_empty() {
            break;
        }
        let a = &activities[u.choose_index(activities.len())?];
        let status = *u.choose(&[
            ActivityStatus::NotStarted,
            ActivityStatus::InProgress,
            ActivityStatus::Done,
            ActivityStatus::Cancelled,
        ])?;
        let date = day(u)?;
        monitoring.status_updates.push(StatusUpdate {
            activity: a.id.clone(),
            date,
            status,
            progress: if bool::arbitrary(u)? {
                Some(f64::from(u.int_in_range(0..=100u8)?))
            } else {
                None
            },
            actual_start: if status != ActivityStatus::NotStarted && bool::arbitrary(u)? {
                Some(date - Days::new(u.int_in_range(0..=100)?))
            } else {
                None
            },
            actual_finish: if status == ActivityStatus::Done && bool::arbitrary(u)? {
                Some(date)
            } else {
                None
            },
            note: None,
        });
    }
    for _ in 0..u.int_in_range(0..=10)? {
        let report_type = period_type(u)?;
        monitoring.submissions.push(Submission {
            reporter: org(u)?,
            report_type,
            period: period_id(u, report_type, cal)?,
            submitted: day(u)?,
        });
    }
    for _ in 0..u.int_in_range(0..=6)? {
        if indicators.is_empty() {
            break;
        }
        let ind = &indicators[u.choose_index(indicators.len())?];
        let value = f64::from(u.int_in_range(0..=200u8)?);
        let mut disaggregation = BTreeMap::new();
        if !ind.disaggregations.is_empty() && bool::arbitrary(u)? {
            let female = f64::from(u.int_in_range(0..=200u8)?);
            disaggregation.insert(
                "sex".to_string(),
                BTreeMap::from([
                    ("female".to_string(), female),
                    ("male".to_string(), value - female),
                ]),
            );
        }
        monitoring.indicator_actuals.push(IndicatorActual {
            indicator: ind.id.clone(),
            period: period_id(u, ind.frequency, cal)?,
            value,
            reported_by: if bool::arbitrary(u)? {
                Some(org(u)?)
            } else {
                None
            },
            reported: if bool::arbitrary(u)? {
                Some(day(u)?)
            } else {
                None
            },
            disaggregation,
        });
    }
    for _ in 0..u.int_in_range(0..=4)? {
        if meeting_obligations.is_empty() {
            break;
        }
        monitoring.meetings.push(MeetingHeld {
            obligation: "m1".into(),
            organiser: org(u)?,
            date: day(u)?,
            period: None,
        });
    }
    let plan = Plan {
        format: None,
        id: "fuzz".into(),
        title: "fuzz plan".into(),
        start,
        end,
        fiscal_year_start_month: cal,
        source: None,
        notes: Vec::new(),
        organisations,
        strategies,
        groups,
        activities,
        indicators,
        indicator_relations: Vec::new(),
        reporting_obligations,
        meeting_obligations,
        schedule_baselines: Vec::new(),
    };
    let as_of = base() - Days::new(60) + Days::new(u.int_in_range(0..=SPAN_DAYS + 200)?);
    Ok((plan, monitoring, as_of))
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((plan, monitoring, as_of)) = build(&mut u) else {
        return;
    };
    let Ok(dataset) = Dataset::new(plan, monitoring) else {
        return;
    };
    let rules = RuleSet::default();
    let evaluation = dataset.evaluate(&rules, as_of);
    let json = serde_json::to_value(&evaluation).expect("an evaluation serialises");
    // Deterministic.
    let again = serde_json::to_value(dataset.evaluate(&rules, as_of)).expect("serialises");
    assert_eq!(json, again, "evaluation is deterministic");
    assert_eq!(evaluation.summary.total, evaluation.findings.len());
    check_rates(&json["reporting"]);
});

/// Every completeness and timeliness in the reporting rates lies in [0, 1], timeliness at
/// most completeness.
fn check_rates(value: &serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(c), Some(t)) = (
                map.get("completeness").and_then(|v| v.as_f64()),
                map.get("timeliness").and_then(|v| v.as_f64()),
            ) {
                assert!((0.0..=1.0).contains(&c), "completeness {c}");
                assert!((0.0..=1.0).contains(&t), "timeliness {t}");
                assert!(t <= c + 1e-12, "timeliness {t} > completeness {c}");
            }
            map.values().for_each(check_rates);
        }
        serde_json::Value::Array(items) => items.iter().for_each(check_rates),
        _ => {}
    }
}
