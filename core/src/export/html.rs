//! Compact HTML summaries, as notebooks show them (`_repr_html_`). Every piece of data is
//! escaped; the markup uses only inline styles so it renders the same anywhere.

use crate::dataset::Dataset;
use crate::eval::Evaluation;
use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
///
/// ```
/// assert_eq!(planwatch::export::html::escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const TABLE: &str = "border-collapse:collapse;font-size:90%;margin:4px 0";
const CELL: &str = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:left";

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let _ = write!(out, "<table style=\"{TABLE}\"><thead><tr>");
    for h in header {
        let _ = write!(out, "<th style=\"{CELL}\">{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            let _ = write!(out, "<td style=\"{CELL}\">{}</td>", escape(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// A dataset summary: the plan, its counts and its obligations.
pub fn dataset_html(dataset: &Dataset) -> String {
    let s = dataset.stats();
    let plan = dataset.plan();
    let mut out = String::new();
    let _ = write!(
        out,
        "<div><strong>{}</strong> {} ({} to {})",
        escape(&plan.id),
        escape(&plan.title),
        plan.start,
        plan.end
    );
    let rows: Vec<Vec<String>> = s
        .rows()
        .into_iter()
        .map(|(name, value)| vec![name, value.to_string()])
        .collect();
    table(&mut out, &["count", "value"], &rows);
    out.push_str("</div>");
    out
}

/// An evaluation summary: counts by severity and by rule, then the `worst` first findings.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let ev = ds.evaluate(&planwatch::RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let html = planwatch::export::html::evaluation_html(&ev, 5);
/// assert!(html.starts_with("<div>") && html.ends_with("</div>"));
/// ```
pub fn evaluation_html(evaluation: &Evaluation, worst: usize) -> String {
    let s = &evaluation.summary;
    let mut out = String::new();
    let _ = write!(
        out,
        "<div><strong>{}</strong> as of {}: {} findings",
        escape(&evaluation.plan),
        evaluation.as_of,
        s.total
    );
    let sev: Vec<Vec<String>> = s
        .by_severity
        .iter()
        .rev()
        .map(|(k, v)| vec![k.to_string(), v.to_string()])
        .collect();
    let rules: Vec<Vec<String>> = s
        .by_rule
        .iter()
        .filter(|(_, v)| **v > 0)
        .map(|(k, v)| vec![k.clone(), v.to_string()])
        .collect();
    out.push_str("<div style=\"display:flex;gap:24px;align-items:flex-start\">");
    table(&mut out, &["severity", "findings"], &sev);
    table(&mut out, &["rule", "findings"], &rules);
    out.push_str("</div>");
    let shown = worst.min(evaluation.findings.len());
    if shown > 0 {
        let _ = write!(out, "<div>worst {shown}:</div>");
        let rows: Vec<Vec<String>> = evaluation
            .findings
            .iter()
            .take(shown)
            .map(|f| {
                vec![
                    f.severity.to_string(),
                    f.rule.clone(),
                    f.subject.id.clone(),
                    f.period.clone().unwrap_or_default(),
                    f.message.clone(),
                ]
            })
            .collect();
        table(
            &mut out,
            &["severity", "rule", "subject", "period", "message"],
            &rows,
        );
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_that_matters() {
        let cases = [
            ("plain", "plain"),
            ("a<b", "a&lt;b"),
            ("'\"&", "&#39;&quot;&amp;"),
            ("<script>", "&lt;script&gt;"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want);
        }
    }
}
