//! The progress report (tests/fixtures/report/cases.json): the golden documents, and what
//! a reader relies on in them: every strategy named, each section present, a chart per
//! indicator, names instead of ids, hostile names escaped, Khmer names marked.
//!
//! Regenerate the golden files only for a deliberate change of output:
//!
//!     PLANWATCH_UPDATE_GOLDEN=1 cargo test -p planwatch-tests --test report

use chrono::NaiveDate;
use planwatch::report::Report;
use planwatch::{Dataset, RuleSet};
use planwatch_tests::{fixtures, workspace_root};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn nsp() -> (Dataset, RuleSet) {
    let dir = workspace_root().join("examples/nsp-2019-2023");
    (
        Dataset::load_dir(&dir).unwrap(),
        RuleSet::load_dir(&dir).unwrap(),
    )
}

fn report(ds: &Dataset, rules: &RuleSet, as_of: &str, period: Option<&str>) -> Report {
    let ev = ds.evaluate(rules, day(as_of));
    Report::build(ds, rules, &ev, period).unwrap()
}

#[test]
fn every_case_gives_its_golden_report() {
    let text = std::fs::read_to_string(fixtures().join("report/cases.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = manifest["cases"].as_array().unwrap();
    assert!(cases.len() >= 2);
    let update = std::env::var_os("PLANWATCH_UPDATE_GOLDEN").is_some_and(|v| v == "1");
    for case in cases {
        let dir = workspace_root().join(case["src"].as_str().unwrap());
        let ds = Dataset::load_dir(&dir).unwrap();
        let rules = RuleSet::load_dir(&dir).unwrap();
        let as_of = case["as_of"].as_str().unwrap();
        let html = ds
            .report(&rules, day(as_of), case["period"].as_str())
            .unwrap();
        let path = fixtures()
            .join("report")
            .join(case["golden"].as_str().unwrap());
        if update {
            std::fs::write(&path, html.html()).unwrap();
        }
        let golden = std::fs::read_to_string(&path).unwrap();
        assert!(
            html.html() == golden,
            "{} differs (regenerate: PLANWATCH_UPDATE_GOLDEN=1 cargo test -p planwatch-tests --test report)",
            path.display()
        );
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let (ds, rules) = nsp();
    let first = report(&ds, &rules, "2021-06-30", None);
    let again = report(&ds, &rules, "2021-06-30", None);
    assert!(first.html() == again.html());
}

#[test]
fn sections_strategies_groups_and_a_chart_per_indicator() {
    let (ds, rules) = nsp();
    let r = report(&ds, &rules, "2021-06-30", None);
    let html = r.html();
    assert_eq!(r.period().id(), "2021Q2");
    assert_eq!(r.previous().map(|p| p.id()).as_deref(), Some("2021Q1"));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(
        html.contains("\"Khmer OS\""),
        "the font stack names the Khmer OS fonts"
    );
    for section in [
        "<h2>Summary</h2>",
        "<h2>1. Activities</h2>",
        "<h2>2. Reporting completeness and timeliness</h2>",
        "<h2>3. Indicators against their targets</h2>",
        "<h2>4. Meetings held</h2>",
        "<h2>5. Changes since the previous report period</h2>",
        "<h2>6. Findings by severity</h2>",
    ] {
        assert_eq!(html.matches(section).count(), 1, "{section}");
    }
    let plan = ds.plan();
    for s in &plan.strategies {
        let heading = format!("<h3>Strategy {}: {}</h3>", s.id, s.title);
        assert!(html.contains(&heading), "{heading}");
    }
    for g in &plan.groups {
        let title = planwatch::export::html::escape(&g.title);
        assert!(
            html.contains(&format!("<td>{} {title}</td>", g.id)),
            "group {}",
            g.id
        );
    }
    // One chart per indicator, under its name.
    assert_eq!(html.matches("<svg ").count(), plan.indicators.len());
    for ind in &plan.indicators {
        let at = html.find(&format!("<h3>{}</h3>", ind.name)).unwrap() + 4;
        let next_svg = html[at..].find("<svg ").unwrap();
        assert!(
            !html[at..at + next_svg].contains("<h3>"),
            "{}: chart",
            ind.id
        );
    }
    // The reporters by kind: provinces, units and working groups, each a table.
    for kind in ["Provincial committee", "Specialised unit", "Working group"] {
        assert!(html.contains(&format!("<h3>{kind}</h3>")), "{kind}");
    }
    // The activity counts add up to the plan's activities.
    let total = format!("Activities: {} in all", plan.activities.len());
    assert!(html.contains(&total));
    // Meetings by their titles.
    for m in &plan.meeting_obligations {
        assert!(
            html.contains(&planwatch::export::html::escape(&m.title)),
            "{}",
            m.id
        );
    }
}

#[test]
fn names_not_ids() {
    let (ds, rules) = nsp();
    let html = report(&ds, &rules, "2021-06-30", None).into_html();
    let plan = ds.plan();
    for o in &plan.organisations {
        // Ids with a dash or an underscore cannot be a word of the text by chance.
        if o.id.contains(['-', '_']) {
            assert!(
                !html.contains(&o.id),
                "organisation id {} in the report",
                o.id
            );
        }
    }
    for x in &plan.indicators {
        assert!(!html.contains(&x.id), "indicator id {} in the report", x.id);
    }
    for m in &plan.meeting_obligations {
        assert!(!html.contains(&m.id), "meeting id {} in the report", m.id);
    }
    // The reporters and the leads of late activities are there by name.
    let rates = ds.reporting_rates(day("2021-06-30"), planwatch::Window::whole_plan());
    for r in &rates.by_reporter {
        let name = &plan
            .organisations
            .iter()
            .find(|o| o.id == r.id)
            .unwrap()
            .name;
        let cell = format!("<td>{}</td>", planwatch::export::html::escape(name));
        assert!(html.contains(&cell), "reporter {}", r.id);
    }
    assert!(html.contains("led by Ministry of Justice"));
}

#[test]
fn hostile_and_khmer_names_are_escaped_and_marked() {
    let (ds, rules) = nsp();
    let mut plan = ds.plan().clone();
    let hostile = "<script>alert('x')</script> & \"Co\"";
    plan.strategies[0].title = hostile.to_string();
    plan.title = format!("Plan {hostile}");
    let khmer = "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងការជួញដូរមនុស្ស";
    let province = plan
        .organisations
        .iter_mut()
        .find(|o| o.id == "pcct-kandal")
        .unwrap();
    province.name = format!("{khmer} <b>");
    plan.indicators[0].name = format!("{hostile} cases");
    let ds = Dataset::new(plan, ds.monitoring().clone()).unwrap();
    let html = report(&ds, &rules, "2021-06-30", None).into_html();
    assert!(!html.contains("<script>"), "unescaped markup");
    assert!(!html.contains("<b>"), "unescaped markup");
    let escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Co&quot;";
    assert!(html.contains(&format!("<h3>Strategy 1: {escaped}</h3>")));
    assert!(html.contains(&format!(
        "<title>Plan {escaped}: progress report 2021Q2</title>"
    )));
    assert!(html.contains(&format!("<h3>{escaped} cases</h3>")));
    assert!(html.contains(&format!("<span lang=\"km\">{khmer} &lt;b&gt;</span>")));
}

#[test]
fn periods_by_id_and_their_errors() {
    let (ds, rules) = nsp();
    let ev = ds.evaluate(&rules, day("2021-06-30"));
    let r = Report::build(&ds, &rules, &ev, Some("2021S1")).unwrap();
    assert_eq!(r.previous().map(|p| p.id()).as_deref(), Some("2020S2"));
    assert!(r
        .html()
        .contains("Progress report for 2021S1 (2021-01-01 to 2021-06-30), as of 2021-06-30."));
    // The first period of the plan has none before it to compare with.
    let first = report(&ds, &rules, "2019-02-15", None);
    assert_eq!(first.period().id(), "2019Q1");
    assert!(first.previous().is_none());
    assert!(first
        .html()
        .contains("The plan has no report period before this one"));
    for (bad, message) in [
        ("2021Q9", "`2021Q9` is not a period id (expected `2019`, `2019-03`, `2019Q1`, `2019S1` or `2019T10`)"),
        ("2021-07", "period 2021-07 starts on 2021-07-01, after the as-of day 2021-06-30"),
        ("2030", "period 2030 starts on 2030-01-01, after the as-of day 2021-06-30"),
        ("2015Q1", "period 2015Q1 lies outside the plan (2019-01-01 to 2023-12-31)"),
    ] {
        let e = Report::build(&ds, &rules, &ev, Some(bad)).unwrap_err();
        assert_eq!(e.message(), message);
        assert_eq!(e.location().path, "period");
    }
}
