//! Invariants users rely on, over generated plans (a few activities with links, status
//! updates, submissions, indicator values and meetings on the valid-mini skeleton):
//! - completeness and timeliness lie in [0, 1], timeliness <= completeness;
//! - adding a submission never adds a `missing_report` finding;
//! - shuffling any monitoring list never changes the evaluation (its JSON), and shuffling
//!   any plan list never changes the findings, summary, rates or forecast dates;
//! - evaluation is deterministic;
//! - the forecast finish never precedes what its links allow.
//!
//! Case counts are modest so that the file runs in a few seconds in a debug build.

use chrono::{Days, NaiveDate};
use planwatch::{Dataset, RuleSet};
use proptest::prelude::*;
use serde_json::{json, Value};

const STATUSES: [&str; 4] = ["not_started", "in_progress", "done", "cancelled"];
const LINKS: [&str; 4] = ["FS", "SS", "FF", "SF"];
const REPORTERS: [&str; 2] = ["pcct-a", "pcct-b"];

fn day(offset: u32) -> String {
    (NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + Days::new(u64::from(offset))).to_string()
}

/// A generated activity: planned start (days after 2019-01-01), length, and links
/// (predecessor, link type, lag) as indices.
type GenActivity = (u32, u32, Vec<(usize, usize, i32)>);

#[derive(Debug, Clone)]
struct Gen {
    activities: Vec<GenActivity>,
    updates: Vec<(usize, usize, u32, u8)>,
    submissions: Vec<(usize, u32, u32)>,
    values: Vec<(u32, u8)>,
    meetings: Vec<u32>,
    as_of: u32,
}

fn gen() -> impl Strategy<Value = Gen> {
    (
        proptest::collection::vec(
            (
                0u32..600,
                0u32..200,
                proptest::collection::vec((0usize..8, 0usize..4, -20i32..40), 0..3),
            ),
            1..8,
        ),
        proptest::collection::vec((0usize..8, 0usize..4, 0u32..700, 0u8..=100), 0..8),
        proptest::collection::vec((0usize..2, 0u32..24, 0u32..800), 0..16),
        proptest::collection::vec((0u32..8, 0u8..50), 0..6),
        proptest::collection::vec(0u32..700, 0..4),
        0u32..800,
    )
        .prop_map(
            |(activities, updates, submissions, values, meetings, as_of)| Gen {
                activities,
                updates,
                submissions,
                values,
                meetings,
                as_of,
            },
        )
}

fn texts(g: &Gen) -> (Value, Value) {
    let n = g.activities.len();
    let activities: Vec<Value> = g
        .activities
        .iter()
        .enumerate()
        .map(|(i, (start, len, deps))| {
            let mut depends_on: Vec<Value> = Vec::new();
            let mut seen = Vec::new();
            for &(on, link, lag) in deps {
                // Only on earlier activities, each once: no cycles.
                if i == 0 || seen.contains(&(on % i)) {
                    continue;
                }
                seen.push(on % i);
                depends_on.push(
                    json!({"activity": format!("a{}", on % i), "type": LINKS[link], "lag_days": lag}),
                );
            }
            json!({
                "id": format!("a{i}"), "group": "1.1", "title": format!("activity {i}"),
                "lead": "moi", "planned_start": day(*start), "deadline": day(start + len),
                "depends_on": depends_on,
            })
        })
        .collect();
    let plan = json!({
        "id": "prop", "title": "property plan", "start": "2019-01-01", "end": "2020-12-31",
        "organisations": [
            {"id": "ncct", "name": "National Committee", "kind": "committee"},
            {"id": "moi", "name": "Ministry of Interior", "kind": "ministry", "parent": "ncct"},
            {"id": "pcct-a", "name": "Province A", "kind": "provincial_committee", "parent": "ncct"},
            {"id": "pcct-b", "name": "Province B", "kind": "provincial_committee", "parent": "ncct"},
        ],
        "strategies": [{"id": "1", "title": "Cooperation"}],
        "groups": [{"id": "1.1", "strategy": "1", "title": "Plans", "lead": "moi"}],
        "activities": activities,
        "indicators": [{"id": "cases", "name": "Cases", "unit": "cases", "frequency": "quarterly",
                        "targets": [{"period": "2019", "value": 40}, {"period": "2020", "value": 60}]}],
        "reporting_obligations": [
            {"id": "monthly", "report_type": "monthly", "reporters": {"kinds": ["provincial_committee"]},
             "grace_days": 10},
            {"id": "quarterly", "report_type": "quarterly", "reporters": {"ids": ["moi"]}, "grace_days": 20},
        ],
        "meeting_obligations": [{"id": "m", "title": "meeting", "frequency": "quarterly",
                                 "organisers": {"ids": ["ncct"]}}],
    });
    let status_updates: Vec<Value> = g
        .updates
        .iter()
        .map(|&(a, s, d, progress)| {
            json!({"activity": format!("a{}", a % n), "date": day(d), "status": STATUSES[s],
                   "progress": if STATUSES[s] == "in_progress" { progress } else if STATUSES[s] == "done" { 100 } else { 0 }})
        })
        .collect();
    let submissions: Vec<Value> = g
        .submissions
        .iter()
        .map(|&(r, m, d)| {
            json!({"reporter": REPORTERS[r], "report_type": "monthly",
                   "period": format!("{}-{:02}", 2019 + m / 12, m % 12 + 1), "submitted": day(d)})
        })
        .collect();
    let indicator_actuals: Vec<Value> = g
        .values
        .iter()
        .map(|&(q, v)| json!({"indicator": "cases", "period": format!("{}Q{}", 2019 + q / 4, q % 4 + 1), "value": v}))
        .collect();
    let meetings: Vec<Value> = g
        .meetings
        .iter()
        .map(|&d| json!({"obligation": "m", "organiser": "ncct", "date": day(d)}))
        .collect();
    let monitoring = json!({
        "status_updates": status_updates, "submissions": submissions,
        "indicator_actuals": indicator_actuals, "meetings": meetings,
    });
    (plan, monitoring)
}

fn load(plan: &Value, monitoring: &Value) -> Option<Dataset> {
    Dataset::from_json(&plan.to_string(), &monitoring.to_string()).ok()
}

fn evaluation_json(ds: &Dataset, as_of: u32) -> Value {
    let as_of = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap() + Days::new(u64::from(as_of));
    serde_json::to_value(ds.evaluate(&RuleSet::default(), as_of)).unwrap()
}

/// A deterministic permutation of `items` from `seed`.
fn shuffle(items: &mut [Value], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (seed >> 33) as usize % (i + 1);
        items.swap(i, j);
    }
}

fn check_rates(value: &Value) -> Result<(), TestCaseError> {
    match value {
        Value::Object(map) => {
            if let (Some(c), Some(t)) = (
                map.get("completeness").and_then(Value::as_f64),
                map.get("timeliness").and_then(Value::as_f64),
            ) {
                prop_assert!((0.0..=1.0).contains(&c), "completeness {}", c);
                prop_assert!((0.0..=1.0).contains(&t), "timeliness {}", t);
                prop_assert!(t <= c, "timeliness {} > completeness {}", t, c);
            }
            for v in map.values() {
                check_rates(v)?;
            }
        }
        Value::Array(items) => {
            for v in items {
                check_rates(v)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn missing_reports(ev: &Value) -> Vec<Value> {
    ev["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "missing_report")
        .map(|f| f["id"].clone())
        .collect()
}

/// The parts of an evaluation that do not list things in plan order.
fn order_free(ev: &Value) -> Value {
    let mut forecast: Vec<Value> = ev["forecast"]["activities"].as_array().unwrap().clone();
    forecast.sort_by_key(|a| a["activity"].as_str().unwrap().to_string());
    json!({
        "findings": ev["findings"], "summary": ev["summary"], "reporting": ev["reporting"],
        "meetings": ev["meetings"], "forecast": forecast,
        "critical_path": ev["forecast"]["critical_path"],
    })
}

fn date(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn rates_are_shares_and_timeliness_is_at_most_completeness(g in gen()) {
        let (plan, monitoring) = texts(&g);
        if let Some(ds) = load(&plan, &monitoring) {
            check_rates(&evaluation_json(&ds, g.as_of)["reporting"])?;
            check_rates(&evaluation_json(&ds, g.as_of)["meetings"])?;
        }
    }

    #[test]
    fn a_submission_never_adds_a_missing_report(
        g in gen(), reporter in 0usize..2, month in 0u32..24, submitted in 0u32..800,
    ) {
        let (plan, monitoring) = texts(&g);
        let Some(ds) = load(&plan, &monitoring) else { return Ok(()) };
        let before = missing_reports(&evaluation_json(&ds, g.as_of));
        let mut more = g.clone();
        more.submissions.push((reporter, month, submitted));
        let (plan, monitoring) = texts(&more);
        let Some(ds) = load(&plan, &monitoring) else { return Ok(()) };
        let after = missing_reports(&evaluation_json(&ds, g.as_of));
        for id in &after {
            prop_assert!(before.contains(id), "{} appeared", id);
        }
    }

    #[test]
    fn shuffling_monitoring_lists_never_changes_the_evaluation(g in gen(), seed in any::<u64>()) {
        let (plan, monitoring) = texts(&g);
        let Some(ds) = load(&plan, &monitoring) else { return Ok(()) };
        let want = evaluation_json(&ds, g.as_of);
        let mut shuffled = monitoring.clone();
        for (k, list) in ["status_updates", "submissions", "indicator_actuals", "meetings"].iter().enumerate() {
            shuffle(shuffled[*list].as_array_mut().unwrap(), seed.wrapping_add(k as u64));
        }
        let ds = load(&plan, &shuffled).expect("a shuffled dataset loads");
        prop_assert_eq!(evaluation_json(&ds, g.as_of), want);
    }

    #[test]
    fn shuffling_plan_lists_never_changes_findings_or_rates(g in gen(), seed in any::<u64>()) {
        let (plan, monitoring) = texts(&g);
        let Some(ds) = load(&plan, &monitoring) else { return Ok(()) };
        let want = order_free(&evaluation_json(&ds, g.as_of));
        let mut shuffled = plan.clone();
        for (k, list) in ["activities", "organisations", "reporting_obligations"].iter().enumerate() {
            shuffle(shuffled[*list].as_array_mut().unwrap(), seed.wrapping_add(k as u64));
        }
        for a in shuffled["activities"].as_array_mut().unwrap() {
            shuffle(a["depends_on"].as_array_mut().unwrap(), seed);
        }
        let ds = load(&shuffled, &monitoring).expect("a shuffled plan loads");
        prop_assert_eq!(order_free(&evaluation_json(&ds, g.as_of)), want);
    }

    #[test]
    fn load_convert_load_is_lossless(g in gen()) {
        let (plan, monitoring) = texts(&g);
        let Some(ds) = load(&plan, &monitoring) else {
            return Ok(());
        };
        // through CSV text, as a tables directory carries it
        let set = planwatch::tables::encode(ds.plan(), ds.monitoring());
        let texts: Vec<(String, String)> = set
            .iter()
            .map(|t| (t.name.clone(), planwatch::tables::csv_text(t)))
            .collect();
        let read = planwatch::tables::read_csv_texts(
            texts.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        );
        let back = read.and_then(|set| Dataset::from_tables(&set));
        let back = back.map_err(|e| TestCaseError::fail(format!("tables do not read back: {e}")))?;
        prop_assert_eq!(back.plan(), ds.plan());
        prop_assert_eq!(back.monitoring(), ds.monitoring());
        // through JSON text again
        let again = Dataset::from_json(
            &serde_json::to_string(ds.plan()).unwrap(),
            &serde_json::to_string(ds.monitoring()).unwrap(),
        );
        let again = again.map_err(|e| TestCaseError::fail(format!("JSON does not read back: {e}")))?;
        prop_assert_eq!(again.plan(), ds.plan());
        prop_assert_eq!(again.monitoring(), ds.monitoring());
    }

    #[test]
    fn evaluation_is_deterministic(g in gen()) {
        let (plan, monitoring) = texts(&g);
        let Some(ds) = load(&plan, &monitoring) else { return Ok(()) };
        let again = load(&plan, &monitoring).unwrap();
        prop_assert_eq!(evaluation_json(&ds, g.as_of), evaluation_json(&ds, g.as_of));
        prop_assert_eq!(evaluation_json(&ds, g.as_of), evaluation_json(&again, g.as_of));
    }

    #[test]
    fn forecast_finish_never_precedes_what_links_allow(g in gen()) {
        let (plan, monitoring) = texts(&g);
        let Some(ds) = load(&plan, &monitoring) else { return Ok(()) };
        let ev = evaluation_json(&ds, g.as_of);
        let forecast = ev["forecast"]["activities"].as_array().unwrap();
        let by_id = |id: &str| forecast.iter().find(|a| a["activity"] == id).unwrap();
        for (i, a) in plan["activities"].as_array().unwrap().iter().enumerate() {
            let f = &forecast[i];
            let status = f["status"].as_str().unwrap();
            let (start, finish) = (date(&f["early_start"]), date(&f["early_finish"]));
            if status == "not_started" || status == "in_progress" {
                prop_assert!(finish >= start, "{}: finish {} before start {}", a["id"], finish, start);
            }
            if status != "not_started" && status != "in_progress" {
                continue;
            }
            for link in a["depends_on"].as_array().unwrap() {
                let p = by_id(link["activity"].as_str().unwrap());
                if p["status"] == "cancelled" {
                    continue;
                }
                let (ps, pf) = (date(&p["early_start"]), date(&p["early_finish"]));
                let lag = link["lag_days"].as_i64().unwrap();
                let shift = |d: NaiveDate, days: i64| d + chrono::Duration::days(days);
                match link["type"].as_str().unwrap() {
                    "FS" if status == "not_started" => prop_assert!(start >= shift(pf, 1 + lag), "{} FS", a["id"]),
                    "SS" if status == "not_started" => prop_assert!(start >= shift(ps, lag), "{} SS", a["id"]),
                    "FF" => prop_assert!(finish >= shift(pf, lag), "{} FF", a["id"]),
                    "SF" => prop_assert!(finish >= shift(ps, lag - 1), "{} SF", a["id"]),
                    _ => {}
                }
            }
        }
    }
}
