//! Custom rules: the data-driven expression table (`tests/fixtures/custom/expressions.json`,
//! see the README there), hostile inputs, rule set errors and the NSP examples.

use planwatch::custom::{CustomRule, CustomRuleDef, CustomSubject};
use planwatch::{Dataset, ErrorKind, RuleSet, Severity};
use planwatch_tests::{fixtures, nsp_dir};
use serde_json::{json, Value};

fn rule_json(subject: &str, condition: &str, message: &str) -> Value {
    json!({"custom": [{"id": "t", "subject": subject, "condition": condition,
        "message": message, "severity": "warning"}]})
}

#[test]
fn expression_table() {
    let path = fixtures().join("custom").join("expressions.json");
    let table: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let ds =
        Dataset::from_json(&table["plan"].to_string(), &table["monitoring"].to_string()).unwrap();
    let as_of = table["as_of"].as_str().unwrap().parse().unwrap();
    let cases = table["cases"].as_array().unwrap();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let subject = case["subject"].as_str().unwrap();
        let expr = case["expression"].as_str().unwrap();
        let message = case["message"].as_str().unwrap_or("m");
        let finding_id = format!("t:{}", case["subject_ref"].as_str().unwrap());
        let rules_json = rule_json(subject, expr, message);
        let loaded = RuleSet::from_json(&rules_json.to_string());
        let error = case.get("error");
        let stage = error.and_then(|e| e["stage"].as_str());
        if stage == Some("load") {
            let e = &error.unwrap();
            let Err(errors) = loaded else {
                failures.push(format!("{name}: loaded, expected {e}"));
                continue;
            };
            let want_kind =
                if ["too_long", "too_deep", "too_costly"].contains(&e["kind"].as_str().unwrap()) {
                    ErrorKind::ExpressionLimit
                } else {
                    ErrorKind::Expression
                };
            if errors[0].kind() != want_kind || errors[0].subject() != Some("t") {
                failures.push(format!("{name}: {:?}", errors[0]));
            }
            let def: CustomRuleDef =
                serde_json::from_value(rules_json["custom"][0].clone()).unwrap();
            let (_, got) = CustomRule::compile(def).unwrap_err();
            if got.kind.code() != e["kind"].as_str().unwrap() {
                failures.push(format!(
                    "{name}: kind {:?} ({}), expected {e}",
                    got.kind, got
                ));
            }
            for (key, have) in [("line", got.line), ("column", got.column)] {
                if let Some(want) = e.get(key).and_then(Value::as_u64) {
                    if have != Some(want as usize) {
                        failures.push(format!("{name}: {key} {have:?}, expected {want} ({got})"));
                    }
                }
            }
            continue;
        }
        let rules = match loaded {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: does not load: {e}"));
                continue;
            }
        };
        let ev = ds.evaluate(&rules, as_of);
        let found = ev.findings.iter().find(|f| f.id == finding_id);
        if stage == Some("evaluation") {
            let want = error.unwrap()["kind"].as_str().unwrap();
            match found {
                Some(f)
                    if f.severity == Severity::Error
                        && f.evidence.get("error_kind") == Some(&planwatch::Value::from(want)) => {}
                other => failures.push(format!("{name}: expected {want} error, got {other:?}")),
            }
            continue;
        }
        let expect = case["expect"].as_bool().unwrap();
        match (expect, found) {
            (true, Some(f)) => {
                if f.severity != Severity::Warning {
                    failures.push(format!("{name}: {f:?}"));
                }
                if let Some(r) = case.get("rendered").and_then(Value::as_str) {
                    if f.message != r {
                        failures.push(format!("{name}: message {:?} != {r:?}", f.message));
                    }
                }
            }
            (false, None) => {}
            (_, f) => failures.push(format!("{name}: expected {expect}, got {f:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn load_err(condition: &str) -> planwatch::Errors {
    RuleSet::from_json(&rule_json("activity", condition, "m").to_string()).unwrap_err()
}

#[test]
fn hostile_one_megabyte_expression() {
    // Under the 1 MiB string limit: the condition's own length limit refuses it.
    let expr = "1 + ".repeat(250 * 1024) + "1 > 0";
    let e = load_err(&expr);
    assert_eq!(e[0].kind(), ErrorKind::ExpressionLimit);
    assert!(e[0].message().contains("bytes long"), "{}", e[0]);
    // Over it: refused as any string of that length is, before it is a condition.
    let expr = "1 + ".repeat(256 * 1024) + "1 > 0";
    let e = load_err(&expr);
    assert_eq!(e[0].kind(), ErrorKind::LimitExceeded);
    assert_eq!(e[0].location().path, "custom[0].condition");
}

#[test]
fn hostile_ten_thousand_parentheses() {
    let expr = "(".repeat(10_000) + "true" + &")".repeat(10_000);
    assert_eq!(load_err(&expr)[0].kind(), ErrorKind::ExpressionLimit);
    // Within the byte limit too.
    let expr = "(".repeat(2_000) + "true" + &")".repeat(2_000);
    assert_eq!(load_err(&expr)[0].kind(), ErrorKind::ExpressionLimit);
    let expr = "[".repeat(2_000) + &"]".repeat(2_000) + " == []";
    assert_eq!(load_err(&expr)[0].kind(), ErrorKind::ExpressionLimit);
    // Brackets inside strings do not count.
    let expr = format!("id != '{}'", "(".repeat(200));
    assert!(RuleSet::from_json(&rule_json("activity", &expr, "m").to_string()).is_ok());
}

#[test]
fn hostile_long_operator_chains_and_unary_runs() {
    for expr in [
        "1".to_string() + &" + 1".repeat(1_000) + " > 0",
        "!".repeat(3_000) + "true",
        "-".repeat(3_000) + "1 > 0",
        "id".to_string() + &".x".repeat(1_500) + " == 1",
        "true".to_string() + &" && true".repeat(500),
    ] {
        match RuleSet::from_json(&rule_json("activity", &expr, "m").to_string()) {
            Ok(rules) => {
                // Whatever compiles must evaluate without crashing.
                let ds = Dataset::load_dir(nsp_dir()).unwrap();
                let _ = ds.evaluate(&rules, "2021-06-30".parse().unwrap());
            }
            Err(e) => assert!(
                matches!(
                    e[0].kind(),
                    ErrorKind::ExpressionLimit | ErrorKind::Expression
                ),
                "{e}"
            ),
        }
    }
}

#[test]
fn hostile_huge_comprehensions() {
    let big = format!(
        "[{}]",
        (0..1_500)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    // Nested over a big literal: refused at load.
    let e = load_err(&format!("{big}.all(x, {big}.all(y, x != y))"));
    assert_eq!(e[0].kind(), ErrorKind::ExpressionLimit);
    // Nested maps over data lists: refused at load.
    let e = load_err("tags.map(a, tags.map(b, tags.map(c, a + b + c))) != []");
    assert_eq!(e[0].kind(), ErrorKind::ExpressionLimit);
    // A single comprehension over a list larger than the cap: an error per subject.
    let rules = RuleSet::from_json(
        &rule_json("activity", &format!("{big}.exists(x, x < 0)"), "m").to_string(),
    );
    let e = rules.unwrap_err();
    assert_eq!(e[0].kind(), ErrorKind::ExpressionLimit);
    let grown = format!("({big} + {big}).exists(x, x < 0)");
    let e = load_err(&grown);
    assert_eq!(e[0].kind(), ErrorKind::ExpressionLimit, "{}", e[0]);
    let small = format!(
        "[{}]",
        (0..200)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    let rules = RuleSet::from_json(
        &rule_json(
            "activity",
            &format!("({small} + {small}).exists(x, x < 0)"),
            "m",
        )
        .to_string(),
    )
    .unwrap();
    let ds = Dataset::load_dir(nsp_dir()).unwrap();
    let ev = ds.evaluate(&rules, "2021-06-30".parse().unwrap());
    let errs: Vec<_> = ev.findings.iter().filter(|f| f.rule == "t").collect();
    assert_eq!(errs.len(), ds.plan().activities.len());
    assert!(errs.iter().all(|f| f.severity == Severity::Error
        && f.evidence["condition_error"]
            .as_str()
            .unwrap()
            .contains("more than 256")));
}

#[test]
fn rule_set_errors_name_rule_path_and_position() {
    let text = r#"{"custom": [
  {"id": "ok", "subject": "activity", "condition": "true", "message": "m"},
  {"id": "ok", "subject": "activity", "condition": "true", "message": "m"},
  {"id": "overdue", "subject": "activity", "condition": "true", "message": "m"},
  {"id": "bad", "subject": "activity", "condition": "days_overdue > nope", "message": "m"},
  {"id": "msg", "subject": "organisation", "condition": "true", "message": "{days_overdue}"},
  {"id": "scope", "subject": "report_obligation", "condition": "true", "message": "m", "scope": {"tags": ["x"]}}
]}"#;
    let e = RuleSet::from_json(text).unwrap_err();
    let got: Vec<(ErrorKind, &str, Option<&str>)> = e
        .iter()
        .map(|e| (e.kind(), e.location().path.as_str(), e.subject()))
        .collect();
    assert_eq!(
        got,
        [
            (ErrorKind::DuplicateId, "custom[1].id", Some("ok")),
            (ErrorKind::DuplicateId, "custom[2].id", Some("overdue")),
            (ErrorKind::Expression, "custom[3].condition", Some("bad")),
            (ErrorKind::Expression, "custom[4].message", Some("msg")),
            (
                ErrorKind::InvalidRuleParameter,
                "custom[5].scope",
                Some("scope")
            ),
        ]
    );
    assert_eq!(e[2].location().line, Some(5));
    assert!(e[2].message().contains("custom rule `bad`"));
    assert!(e[2]
        .message()
        .contains("line 1, column 16 of the condition"));
    let unknown_subject = RuleSet::from_json(
        r#"{"custom": [{"id": "x", "subject": "meeting", "condition": "true", "message": "m"}]}"#,
    )
    .unwrap_err();
    assert_eq!(unknown_subject[0].location().path, "custom[0].subject");
}

#[test]
fn variable_table_is_documented() {
    let doc = include_str!("../../core/src/custom/variables.md");
    for subject in CustomSubject::ALL {
        for name in subject.variable_names() {
            let row = format!("| {} | `{name}` |", subject.name());
            assert!(doc.contains(&row), "variables.md lacks {row}");
        }
    }
}

#[test]
fn nsp_custom_rules_give_findings() {
    let ds = Dataset::load_dir(nsp_dir()).unwrap();
    let rules = RuleSet::load(nsp_dir().join("rules.json")).unwrap();
    let ev = ds.evaluate(&rules, "2021-06-30".parse().unwrap());
    let mut subjects = std::collections::BTreeSet::new();
    for rule in rules.custom_rules() {
        let n = ev.summary.by_rule[rule.id()];
        assert!(n > 0, "custom rule {} found nothing", rule.id());
        subjects.insert(rule.def().subject);
        assert!(ev
            .findings
            .iter()
            .filter(|f| f.rule == rule.id())
            .all(|f| !f.evidence.contains_key("condition_error")));
    }
    assert_eq!(subjects.len(), 4, "every subject kind is shown");
    // Deterministic: same input, same output.
    let again = ds.evaluate(&rules, "2021-06-30".parse().unwrap());
    assert_eq!(ev, again);
}

#[test]
fn overlapping_obligations_count_each_report_once_as_the_rates_do() {
    // Two quarterly obligations bind `moi`: its reports are expected once per quarter.
    let mut plan: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("valid-mini").join("plan.json")).unwrap(),
    )
    .unwrap();
    plan["reporting_obligations"] = json!([
        {"id": "q-ministries", "report_type": "quarterly", "reporters": {"kinds": ["ministry"]},
         "grace_days": 15},
        {"id": "q-moi", "report_type": "quarterly", "reporters": {"ids": ["moi"]},
         "grace_days": 30}
    ]);
    let monitoring = json!({"submissions": [
        {"reporter": "moi", "report_type": "quarterly", "period": "2019Q1", "submitted": "2019-04-20"},
        {"reporter": "moi", "report_type": "quarterly", "period": "2019Q2", "submitted": "2019-09-01"}
    ]});
    let ds = Dataset::from_json(&plan.to_string(), &monitoring.to_string()).unwrap();
    let rules = RuleSet::from_json(
        &json!({"custom": [
            {"id": "late", "subject": "report_obligation", "condition": "days_late > 0",
             "message": "{reporter} {period} due {due}", "severity": "warning"},
            {"id": "tally", "subject": "organisation", "condition": "reports_expected > 0",
             "message": "{id}: {reports_on_time} of {reports_expected} on time, {reports_submitted} in",
             "severity": "info"}
        ]})
        .to_string(),
    )
    .unwrap();
    let as_of = "2019-12-31".parse().unwrap();
    let ev = ds.evaluate(&rules, as_of);
    let late: Vec<String> = ev
        .findings
        .iter()
        .filter(|f| f.rule == "late")
        .map(|f| f.id)
        .collect();
    // Q1 in on time for the lenient obligation (due 2019-04-30), Q2 late, Q3 missing.
    assert_eq!(late, ["late:moi@2019Q2", "late:moi@2019Q3"]);
    let rates = ds.reporting_rates(as_of, planwatch::Window::whole_plan());
    let moi = rates.by_reporter.iter().find(|r| r.id == "moi").unwrap();
    let tally = ev.findings.iter().find(|f| f.rule == "tally").unwrap();
    assert_eq!(
        tally.message,
        format!(
            "moi: {} of {} on time, {} in",
            moi.rate.on_time, moi.rate.expected, moi.rate.actual
        )
    );
    assert_eq!(
        (moi.rate.expected, moi.rate.on_time, moi.rate.actual),
        (3, 1, 2)
    );
}

#[test]
fn two_values_for_one_period_get_their_reporter_in_the_id_and_failures_their_error() {
    // `cases` reported twice for 2019Q2 (by two organisations) and once for 2019Q1.
    let plan = std::fs::read_to_string(fixtures().join("valid-mini").join("plan.json")).unwrap();
    let monitoring = json!({"indicator_actuals": [
        {"indicator": "cases", "period": "2019Q2", "value": 7, "reported_by": "pcct-b"},
        {"indicator": "cases", "period": "2019Q1", "value": 10},
        {"indicator": "cases", "period": "2019Q2", "value": 5, "reported_by": "pcct-a"}
    ]});
    let ds = Dataset::from_json(&plan, &monitoring.to_string()).unwrap();
    let rules = RuleSet::from_json(
        &json!({"custom": [
            {"id": "any", "subject": "indicator_value", "condition": "value > 0",
             "message": "{id} {period}: {value}", "severity": "info"},
            // Fails for every value: an int compared with a string.
            {"id": "broken", "subject": "indicator_value", "condition": "value > 'x'",
             "message": "m", "severity": "info"}
        ]})
        .to_string(),
    )
    .unwrap();
    let ev = ds.evaluate(&rules, "2019-12-31".parse().unwrap());
    let of = |rule: &str| -> Vec<planwatch::Finding> {
        ev.findings.iter().filter(|f| f.rule == rule).collect()
    };
    let ids: Vec<String> = of("any").into_iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        [
            "any:cases@2019Q1",
            "any:cases@2019Q2#pcct-a",
            "any:cases@2019Q2#pcct-b"
        ]
    );
    let first = &of("any")[1];
    assert_eq!(first.message, "cases 2019Q2: 5");
    assert_eq!(first.owner.as_deref(), Some("pcct-a"));
    assert_eq!(first.period.as_deref(), Some("2019Q2"));
    assert_eq!(
        serde_json::to_value(&first.evidence).unwrap(),
        json!({"value": 5.0})
    );
    let broken = of("broken");
    assert_eq!(broken.len(), 3);
    for f in &broken {
        assert_eq!(f.severity, Severity::Error);
        let keys: Vec<&str> = f.evidence.keys().collect();
        assert_eq!(keys, ["condition_error", "error_kind", "value"], "{}", f.id);
        assert!(
            f.message.starts_with(
                "condition of custom rule `broken` failed for indicator value cases: "
            ),
            "{}",
            f.message
        );
    }
    // Error findings come before the info ones, most severe first.
    assert_eq!(ev.findings.get(0).unwrap().rule, "broken");
}
