//! Reporting and meeting rates: a scenario computed by hand, checked to the exact
//! fraction, and properties that hold for any monitoring data.

use chrono::NaiveDate;
use planwatch::eval::Window;
use planwatch::{Dataset, Rate, RuleSet};
use proptest::prelude::*;
use serde_json::{json, Value};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The hand-computed plan: year 2020, three reporters of two kinds and a committee.
///
/// - `pa` (provincial_committee), `pb` (provincial_committee, active until 2020-04-30),
///   `u1` (specialised_unit); `hq` (committee) is bound by no reporting obligation.
/// - `monthly`: monthly reports from provincial committees and specialised units,
///   10 grace days (January is due 2020-02-10).
/// - `quarterly`: quarterly reports from pa, pb and u1, 15 grace days, in force from
///   2020-04-01 (so 2020Q1, which ends on 2020-03-31, is not expected).
/// - Meetings: `sec-meeting` monthly by provincial committees, 7 grace days; `board`
///   quarterly by hq, no grace days.
fn scenario_plan() -> Value {
    json!({
        "id": "hand", "title": "Hand-computed rates", "start": "2020-01-01", "end": "2020-12-31",
        "organisations": [
            {"id": "hq", "name": "HQ", "kind": "committee"},
            {"id": "pa", "name": "Province A", "kind": "provincial_committee", "parent": "hq"},
            {"id": "pb", "name": "Province B", "kind": "provincial_committee", "parent": "hq",
             "active_until": "2020-04-30"},
            {"id": "u1", "name": "Unit 1", "kind": "specialised_unit", "parent": "hq"}
        ],
        "reporting_obligations": [
            {"id": "monthly", "report_type": "monthly", "grace_days": 10,
             "reporters": {"kinds": ["provincial_committee", "specialised_unit"]}},
            {"id": "quarterly", "report_type": "quarterly", "grace_days": 15, "from": "2020-04-01",
             "reporters": {"ids": ["pa", "pb", "u1"]}}
        ],
        "meeting_obligations": [
            {"id": "sec-meeting", "title": "Secretariat", "frequency": "monthly", "grace_days": 7,
             "organisers": {"kinds": ["provincial_committee"]}},
            {"id": "board", "title": "Board", "frequency": "quarterly",
             "organisers": {"ids": ["hq"]}}
        ]
    })
}

fn sub(reporter: &str, report_type: &str, period: &str, submitted: &str) -> Value {
    json!({"reporter": reporter, "report_type": report_type, "period": period, "submitted": submitted})
}

fn meeting(organiser: &str, obligation: &str, date: &str, period: Option<&str>) -> Value {
    let mut m = json!({"obligation": obligation, "organiser": organiser, "date": date});
    if let Some(p) = period {
        m["period"] = json!(p);
    }
    m
}

/// The monitoring data, as of 2020-07-20. Monthly reports due before then: January
/// (due 02-10) to June (due 07-10); July (due 08-10) is not due yet. Quarterly: 2020Q2
/// (due 07-15).
fn scenario_monitoring() -> Value {
    json!({
        "submissions": [
            // pa monthly
            sub("pa", "monthly", "2020-01", "2020-02-05"), // on time
            sub("pa", "monthly", "2020-02", "2020-03-10"), // on the due day: on time
            sub("pa", "monthly", "2020-03", "2020-04-11"), // 1 day late
            sub("pa", "monthly", "2020-04", "2020-05-08"), // on time
            sub("pa", "monthly", "2020-04", "2020-05-20"), // duplicate: counts once
            // May: nothing (missing)
            sub("pa", "monthly", "2020-06", "2020-07-25"), // after the as-of day: missing
            // pa quarterly
            sub("pa", "quarterly", "2020Q2", "2020-07-15"), // on the due day: on time
            sub("pa", "quarterly", "2020Q1", "2020-04-10"), // outside the obligation: unexpected
            // pb monthly (active until 2020-04-30: January-April expected)
            sub("pb", "monthly", "2020-01", "2020-02-20"), // 10 days late
            sub("pb", "monthly", "2020-02", "2020-03-01"), // on time
            // March: nothing (missing)
            sub("pb", "monthly", "2020-04", "2020-05-10"), // on the due day: on time
            sub("pb", "monthly", "2020-05", "2020-06-05"), // inactive: unexpected
            // u1 monthly
            sub("u1", "monthly", "2020-01", "2020-01-31"), // on time
            sub("u1", "monthly", "2020-02", "2020-03-02"), // on time
            sub("u1", "monthly", "2020-03", "2020-04-09"), // on time
            sub("u1", "monthly", "2020-04", "2020-05-30"), // 20 days late
            sub("u1", "monthly", "2020-05", "2020-06-10"), // on time
            sub("u1", "monthly", "2020-06", "2020-07-10"), // on time
            sub("u1", "monthly", "2020-06", "2020-07-01"), // earlier duplicate: counts once
            sub("u1", "monthly", "2020-07", "2020-07-15"), // early, not due yet: not counted
            // u1 quarterly
            sub("u1", "quarterly", "2020Q2", "2020-07-16"), // 1 day late
            // hq is bound by nothing
            sub("hq", "monthly", "2020-01", "2020-02-01"), // unexpected
        ],
        "meetings": [
            meeting("pa", "sec-meeting", "2020-01-20", None), // on time
            meeting("pa", "sec-meeting", "2020-03-05", Some("2020-02")), // due 03-07: on time
            meeting("pa", "sec-meeting", "2020-04-08", Some("2020-03")), // due 04-07: late
            // April: none (missed)
            meeting("pa", "sec-meeting", "2020-05-15", None), // on time
            meeting("pa", "sec-meeting", "2020-05-16", None), // duplicate
            meeting("pa", "sec-meeting", "2020-07-25", Some("2020-06")), // after the as-of day
            meeting("pb", "sec-meeting", "2020-01-10", None), // on time
            // February, March: none (missed)
            meeting("pb", "sec-meeting", "2020-04-30", None), // on time
            meeting("pb", "sec-meeting", "2020-05-10", None), // inactive in May: not expected
            meeting("hq", "board", "2020-03-31", None), // Q1, on the due day: on time
            meeting("hq", "board", "2020-07-01", Some("2020Q2")), // due 06-30: late
        ]
    })
}

fn scenario() -> Dataset {
    Dataset::from_json(
        &scenario_plan().to_string(),
        &scenario_monitoring().to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

const AS_OF: (i32, u32, u32) = (2020, 7, 20);

fn as_of() -> NaiveDate {
    d(AS_OF.0, AS_OF.1, AS_OF.2)
}

/// Checks counts and that every ratio is exactly the quotient of those counts.
#[track_caller]
fn assert_rate(rate: &Rate, expected: u64, actual: u64, on_time: u64) {
    assert_eq!(
        (rate.expected, rate.actual, rate.on_time),
        (expected, actual, on_time)
    );
    let q = |n: u64, d: u64| (d > 0).then(|| n as f64 / d as f64);
    assert_eq!(rate.completeness, q(actual, expected));
    assert_eq!(rate.timeliness, q(on_time, expected));
    assert_eq!(rate.on_time_of_actual, q(on_time, actual));
}

#[test]
fn hand_computed_reporting_rates() {
    let ds = scenario();
    let rates = ds.reporting_rates(as_of(), Window::whole_plan());
    assert_eq!((rates.from, rates.until), (d(2020, 1, 1), as_of()));

    // Per reporter (expected = monthly Jan-Jun while active + 2020Q2 while active):
    // pa: expected 6 + 1 = 7; actual Jan, Feb, Mar, Apr, Q2 = 5 (May none, June after
    //     the as-of day); on time Jan, Feb, Apr, Q2 = 4 (March 1 day late).
    //     completeness 5/7, timeliness 4/7, on time of actual 4/5.
    // pb: expected Jan-Apr = 4 (inactive on 2020-05-31 and 2020-06-30: no May, June, Q2);
    //     actual Jan, Feb, Apr = 3; on time Feb, Apr = 2. 3/4, 2/4, 2/3.
    // u1: expected 6 + 1 = 7; actual 6 + 1 = 7 (July is not due yet); on time Jan, Feb,
    //     Mar, May, Jun = 5 (April and Q2 late). 7/7, 5/7, 5/7.
    let ids: Vec<&str> = rates.by_reporter.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["pa", "pb", "u1"]);
    let kinds: Vec<&str> = rates.by_reporter.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "provincial_committee",
            "provincial_committee",
            "specialised_unit"
        ]
    );
    assert_rate(&rates.by_reporter[0].rate, 7, 5, 4);
    assert_eq!(rates.by_reporter[0].rate.completeness, Some(5.0 / 7.0));
    assert_eq!(rates.by_reporter[0].rate.timeliness, Some(4.0 / 7.0));
    assert_eq!(rates.by_reporter[0].rate.on_time_of_actual, Some(0.8));
    assert_rate(&rates.by_reporter[1].rate, 4, 3, 2);
    assert_eq!(rates.by_reporter[1].rate.completeness, Some(0.75));
    assert_eq!(rates.by_reporter[1].rate.timeliness, Some(0.5));
    assert_eq!(rates.by_reporter[1].rate.on_time_of_actual, Some(2.0 / 3.0));
    assert_rate(&rates.by_reporter[2].rate, 7, 7, 5);
    assert_eq!(rates.by_reporter[2].rate.completeness, Some(1.0));
    assert_eq!(rates.by_reporter[2].rate.timeliness, Some(5.0 / 7.0));

    // Per kind: provincial_committee = pa + pb = 11, 8, 6 (8/11, 6/11);
    // specialised_unit = u1 = 7, 7, 5.
    assert_eq!(rates.by_kind.len(), 2);
    assert_rate(&rates.by_kind["provincial_committee"], 11, 8, 6);
    assert_eq!(
        rates.by_kind["provincial_committee"].completeness,
        Some(8.0 / 11.0)
    );
    assert_eq!(
        rates.by_kind["provincial_committee"].timeliness,
        Some(6.0 / 11.0)
    );
    assert_rate(&rates.by_kind["specialised_unit"], 7, 7, 5);

    // Per type: monthly expected 6 + 4 + 6 = 16, actual 4 + 3 + 6 = 13, on time
    // 3 + 2 + 5 = 10 (13/16, 10/16); quarterly 2, 2, 1 (1, 1/2).
    let monthly = &rates.by_type[&planwatch::PeriodType::Monthly];
    assert_rate(monthly, 16, 13, 10);
    assert_eq!(monthly.completeness, Some(0.8125));
    assert_eq!(monthly.timeliness, Some(0.625));
    assert_rate(&rates.by_type[&planwatch::PeriodType::Quarterly], 2, 2, 1);

    // Per period, in period order (2020-04 before 2020Q2: same start, earlier end):
    // 2020-01: pa, pb, u1 submitted; pb late            -> 3, 3, 2
    // 2020-02: all on time                              -> 3, 3, 3
    // 2020-03: pa late, pb missing, u1 on time          -> 3, 2, 1
    // 2020-04: pa, pb on time, u1 late                  -> 3, 3, 2
    // 2020Q2:  pa on time, u1 late                      -> 2, 2, 1
    // 2020-05: pa missing, u1 on time (pb inactive)     -> 2, 1, 1
    // 2020-06: pa after the as-of day, u1 on time       -> 2, 1, 1
    let periods: Vec<&str> = rates.by_period.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(
        periods,
        ["2020-01", "2020-02", "2020-03", "2020-04", "2020Q2", "2020-05", "2020-06"]
    );
    let want = [
        (3, 3, 2),
        (3, 3, 3),
        (3, 2, 1),
        (3, 3, 2),
        (2, 2, 1),
        (2, 1, 1),
        (2, 1, 1),
    ];
    for (p, (e, a, o)) in rates.by_period.iter().zip(want) {
        assert_rate(&p.rate, e, a, o);
    }

    // Overall: 18 expected, 15 actual, 11 on time: completeness 15/18 = 5/6, timeliness
    // 11/18, on time of actual 11/15. The unexpected submissions (hq, pa 2020Q1, pb
    // 2020-05) and the early u1 2020-07 are not counted.
    assert_rate(&rates.overall, 18, 15, 11);
    assert_eq!(rates.overall.completeness, Some(5.0 / 6.0));
    assert_eq!(rates.overall.timeliness, Some(11.0 / 18.0));
    assert_eq!(rates.overall.on_time_of_actual, Some(11.0 / 15.0));
}

#[test]
fn hand_computed_window() {
    // Due days 2020-04-01..=2020-06-30: monthly March (due 04-10), April (05-10) and May
    // (06-10); 2020Q2 is due 07-15, outside.
    // pa: March late, April on time, May missing -> 3, 2, 1
    // pb: March missing, April on time            -> 2, 1, 1
    // u1: March on time, April late, May on time  -> 3, 3, 2
    let ds = scenario();
    let w = Window::between(Some(d(2020, 4, 1)), Some(d(2020, 6, 30)));
    let rates = ds.reporting_rates(as_of(), w);
    assert_eq!((rates.from, rates.until), (d(2020, 4, 1), d(2020, 6, 30)));
    assert_rate(&rates.by_reporter[0].rate, 3, 2, 1);
    assert_rate(&rates.by_reporter[1].rate, 2, 1, 1);
    assert_rate(&rates.by_reporter[2].rate, 3, 3, 2);
    assert_rate(&rates.overall, 8, 6, 4);
    assert_eq!(rates.overall.completeness, Some(0.75));
    assert_eq!(rates.overall.timeliness, Some(0.5));
    assert_eq!(rates.by_type[&planwatch::PeriodType::Quarterly].expected, 0);
    assert_eq!(
        rates.by_type[&planwatch::PeriodType::Quarterly].completeness,
        None
    );

    // Until after the as-of day is clamped to it.
    let late = Window::between(None, Some(d(2021, 1, 1)));
    assert_eq!(ds.reporting_rates(as_of(), late).until, as_of());
}

#[test]
fn hand_computed_meeting_rates() {
    // Due before 2020-07-20: sec-meeting January-June (June due 07-07) while active;
    // board 2020Q1 (due 03-31) and 2020Q2 (due 06-30).
    // pa: expected 6; held Jan, Feb, Mar, May = 4 (April none, June after the as-of day);
    //     on time Jan, Feb, May = 3 (March held 04-08, due 04-07).
    // pb: expected Jan-Apr = 4; held Jan, Apr = 2, both on time.
    // hq: expected 2; held 2; on time Q1 = 1 (Q2 held 07-01, due 06-30).
    let ds = scenario();
    let rates = ds.meeting_rates(as_of(), Window::whole_plan());
    let ids: Vec<&str> = rates.by_organiser.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["hq", "pa", "pb"]);
    assert_rate(&rates.by_organiser[0].rate, 2, 2, 1);
    assert_rate(&rates.by_organiser[1].rate, 6, 4, 3);
    assert_rate(&rates.by_organiser[2].rate, 4, 2, 2);
    assert_eq!(rates.by_obligation[0].obligation, "sec-meeting");
    assert_rate(&rates.by_obligation[0].rate, 10, 6, 5);
    assert_eq!(rates.by_obligation[1].obligation, "board");
    assert_rate(&rates.by_obligation[1].rate, 2, 2, 1);
    assert_rate(&rates.by_kind["provincial_committee"], 10, 6, 5);
    assert_rate(&rates.by_kind["committee"], 2, 2, 1);
    // Overall 12, 8, 6: compliance 2/3, on time 1/2.
    assert_rate(&rates.overall, 12, 8, 6);
    assert_eq!(rates.overall.completeness, Some(2.0 / 3.0));
    assert_eq!(rates.overall.timeliness, Some(0.5));
}

#[test]
fn hand_computed_findings_agree_with_the_rates() {
    let ds = scenario();
    let ev = ds.evaluate(&RuleSet::default(), as_of());
    let ids = |rule: &str| -> Vec<String> {
        ev.findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.id.clone())
            .collect()
    };
    // expected - actual = 18 - 15 = 3 missing reports.
    assert_eq!(
        ids("missing_report"),
        [
            "missing_report:pa@2020-05",
            "missing_report:pa@2020-06",
            "missing_report:pb@2020-03"
        ]
    );
    // actual - on time = 15 - 11 = 4 late reports.
    assert_eq!(
        ids("late_report"),
        [
            "late_report:pa@2020-03",
            "late_report:pb@2020-01",
            "late_report:u1@2020-04",
            "late_report:u1@2020Q2"
        ]
    );
    assert_eq!(
        ids("unexpected_report"),
        [
            "unexpected_report:hq@2020-01",
            "unexpected_report:pa@2020Q1",
            "unexpected_report:pb@2020-05"
        ]
    );
    // Trailing 12 months cover everything: pa 5/7 and pb 3/4 are under 0.8, u1 is not.
    assert_eq!(
        ids("low_completeness"),
        ["low_completeness:pa", "low_completeness:pb"]
    );
    // 12 expected meetings - 8 held = 4 missed.
    assert_eq!(
        ids("meeting_missed"),
        [
            "meeting_missed:pa:sec-meeting@2020-04",
            "meeting_missed:pa:sec-meeting@2020-06",
            "meeting_missed:pb:sec-meeting@2020-02",
            "meeting_missed:pb:sec-meeting@2020-03"
        ]
    );
    // The evaluation carries the default-window rates.
    assert_eq!(
        ev.reporting,
        ds.reporting_rates(as_of(), Window::whole_plan())
    );
    assert_rate(&ev.meetings.overall, 12, 8, 6);
    let json = serde_json::to_value(&ev).unwrap();
    assert_eq!(json["reporting"]["overall"]["expected"], 18);
    assert_eq!(json["reporting"]["by_type"]["quarterly"]["on_time"], 1);
    assert_eq!(json["reporting"]["by_reporter"][0]["id"], "pa");
}

/// Every rate of a set: counts in order, ratios in 0..=1.
fn check_rate(rate: &Rate) -> Result<(), TestCaseError> {
    prop_assert!(rate.on_time <= rate.actual && rate.actual <= rate.expected);
    for r in [rate.completeness, rate.timeliness, rate.on_time_of_actual]
        .into_iter()
        .flatten()
    {
        prop_assert!((0.0..=1.0).contains(&r));
    }
    Ok(())
}

fn sum(rates: impl Iterator<Item = Rate>) -> (u64, u64, u64) {
    rates.fold((0, 0, 0), |(e, a, o), r| {
        (e + r.expected, a + r.actual, o + r.on_time)
    })
}

const REPORTERS: [&str; 4] = ["hq", "pa", "pb", "u1"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn rates_are_bounded_and_consistent(
        subs in proptest::collection::vec((0usize..4, any::<bool>(), 1u32..=12, 0i64..420), 0..60),
        meets in proptest::collection::vec((0usize..4, any::<bool>(), 0i64..400), 0..30),
        as_of_day in 0i64..420,
        window in proptest::option::of((0i64..400, 0i64..400)),
    ) {
        let start = d(2020, 1, 1);
        let submissions: Vec<Value> = subs
            .iter()
            .map(|&(r, quarterly, k, day)| {
                let submitted = (start + chrono::Duration::days(day)).to_string();
                if quarterly {
                    sub(REPORTERS[r], "quarterly", &format!("2020Q{}", (k - 1) / 3 + 1), &submitted)
                } else {
                    sub(REPORTERS[r], "monthly", &format!("2020-{k:02}"), &submitted)
                }
            })
            .collect();
        let meetings: Vec<Value> = meets
            .iter()
            .map(|&(r, board, day)| {
                let date = (start + chrono::Duration::days(day.min(365))).to_string();
                let obligation = if board { "board" } else { "sec-meeting" };
                meeting(REPORTERS[r], obligation, &date, None)
            })
            .collect();
        let monitoring = json!({"submissions": submissions, "meetings": meetings});
        let ds = Dataset::from_json(&scenario_plan().to_string(), &monitoring.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let as_of = start + chrono::Duration::days(as_of_day);
        let window = match window {
            Some((a, b)) => Window::between(
                Some(start + chrono::Duration::days(a.min(b))),
                Some(start + chrono::Duration::days(a.max(b))),
            ),
            None => Window::whole_plan(),
        };
        let rates = ds.reporting_rates(as_of, window);
        check_rate(&rates.overall)?;
        for r in &rates.by_reporter { check_rate(&r.rate)?; }
        for r in rates.by_kind.values() { check_rate(r)?; }
        for r in rates.by_type.values() { check_rate(r)?; }
        for r in &rates.by_period { check_rate(&r.rate)?; }
        let overall = (rates.overall.expected, rates.overall.actual, rates.overall.on_time);
        prop_assert_eq!(sum(rates.by_reporter.iter().map(|r| r.rate)), overall);
        prop_assert_eq!(sum(rates.by_kind.values().copied()), overall);
        prop_assert_eq!(sum(rates.by_type.values().copied()), overall);
        prop_assert_eq!(sum(rates.by_period.iter().map(|r| r.rate)), overall);
        prop_assert_eq!(sum(rates.by_province(&ds).iter().map(|r| r.rate)), overall);

        let meetings = ds.meeting_rates(as_of, window);
        check_rate(&meetings.overall)?;
        for r in &meetings.by_organiser { check_rate(&r.rate)?; }
        for r in &meetings.by_obligation { check_rate(&r.rate)?; }
        let overall = (meetings.overall.expected, meetings.overall.actual, meetings.overall.on_time);
        prop_assert_eq!(sum(meetings.by_obligation.iter().map(|r| r.rate)), overall);

        // With the default window, the findings agree with the rates.
        let ev = ds.evaluate(&RuleSet::default(), as_of);
        let count = |rule: &str| ev.findings.iter().filter(|f| f.rule == rule).count() as u64;
        let all = ev.reporting.overall;
        prop_assert_eq!(count("missing_report"), all.expected - all.actual);
        prop_assert_eq!(count("late_report"), all.actual - all.on_time);
        let m = ev.meetings.overall;
        prop_assert_eq!(count("meeting_missed"), m.expected - m.actual);
    }
}

#[test]
fn nsp_rates_cover_the_36_reporters_and_agree_with_the_findings() {
    let ds = Dataset::load_dir(planwatch_tests::nsp_dir()).unwrap_or_else(|e| panic!("{e}"));
    let as_of = d(2021, 6, 30);
    let ev = ds.evaluate(&RuleSet::default(), as_of);
    let rates = &ev.reporting;
    assert_eq!(rates.by_reporter.len(), 36);
    // Due before 2021-06-30: monthly 2019-01..2021-05 (29), quarterly 2019Q1..2021Q1 (9),
    // semi-annual 2019S1..2020S2 (4), ten-month 2019, 2020 (2), annual 2019, 2020 (2).
    for r in &rates.by_reporter {
        assert_eq!(r.rate.expected, 29 + 9 + 4 + 2 + 2, "{}", r.id);
    }
    assert_eq!(rates.overall.expected, 36 * 46);
    let count = |rule: &str| ev.findings.iter().filter(|f| f.rule == rule).count() as u64;
    assert_eq!(
        count("missing_report"),
        rates.overall.expected - rates.overall.actual
    );
    assert_eq!(
        count("late_report"),
        rates.overall.actual - rates.overall.on_time
    );
    assert_eq!(
        count("meeting_missed"),
        ev.meetings.overall.expected - ev.meetings.overall.actual
    );
    let text = planwatch::export::rates_text(
        &ds,
        rates,
        Some(&ev.meetings),
        planwatch::eval::Breakdown::Reporter,
    );
    // Title, header, 36 reporters, overall, meetings.
    assert_eq!(text.lines().count(), 1 + 1 + 36 + 1 + 1);
    // 25 provinces of one committee each, then the 11 units and working groups.
    let provinces = rates.by_province(&ds);
    assert_eq!(provinces.len(), 25 + 1);
    assert!(provinces[..25]
        .iter()
        .all(|p| p.reporters == 1 && p.rate.expected == 46));
    let last = provinces.last().map(|p| (p.province.clone(), p.reporters));
    assert_eq!(last, Some((None, 11)));
}

#[test]
fn low_completeness_parameters_are_checked() {
    let ok = RuleSet::from_json(
        r#"{"rules": {"low_completeness": {"params": {"window_months": 6, "threshold": 1}}}}"#,
    );
    assert!(ok.is_ok());
    for bad in [
        r#"{"window_months": 0}"#,
        r#"{"threshold": 1.5}"#,
        r#"{"threshold": -0.1}"#,
        r#"{"treshold": 0.5}"#,
    ] {
        let text = format!(r#"{{"rules": {{"low_completeness": {{"params": {bad}}}}}}}"#);
        let err = RuleSet::from_json(&text).unwrap_err();
        assert_eq!(
            err[0].kind(),
            planwatch::ErrorKind::InvalidRuleParameter,
            "{bad}"
        );
    }
    for rule in ["late_report", "unexpected_report", "meeting_missed"] {
        let text = format!(r#"{{"rules": {{"{rule}": {{"params": {{"x": 1}}}}}}}}"#);
        assert!(RuleSet::from_json(&text).is_err(), "{rule}");
    }
}

#[test]
fn overlapping_obligations_expect_each_report_once() {
    // Two monthly obligations bind pa: 10 and 20 grace days. Its January report is
    // expected once, due 2020-02-20 (the later due day).
    let mut plan = scenario_plan();
    plan["reporting_obligations"] = json!([
        {"id": "monthly", "report_type": "monthly", "grace_days": 10,
         "reporters": {"kinds": ["provincial_committee"]}},
        {"id": "monthly-pa", "report_type": "monthly", "grace_days": 20,
         "reporters": {"ids": ["pa"]}}
    ]);
    let monitoring = json!({"submissions": [sub("pa", "monthly", "2020-01", "2020-02-15")]});
    let ds = Dataset::from_json(&plan.to_string(), &monitoring.to_string()).unwrap();
    let as_of = d(2020, 2, 21);
    let rates = ds.reporting_rates(as_of, Window::whole_plan());
    // January only (February is due in March): pa on time (15 <= 20), pb missing.
    assert_rate(&rates.by_reporter[0].rate, 1, 1, 1);
    assert_rate(&rates.overall, 2, 1, 1);
    let ev = ds.evaluate(&RuleSet::default(), as_of);
    let ids: Vec<String> = ev
        .findings
        .iter()
        .filter(|f| f.rule.ends_with("_report"))
        .map(|f| f.id)
        .collect();
    assert_eq!(ids, ["missing_report:pb@2020-01"]);
}
