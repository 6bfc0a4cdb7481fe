//! The report's section on findings by severity, and how a finding reads in the report.

use super::page::{heading, text, words, Cell, Page};
use crate::dataset::Dataset;
use crate::eval::{Evaluation, FindingRef};
use crate::export::html::escape;
use crate::rules::Severity;

/// Most findings listed per severity.
pub(super) const LISTED: usize = 10;

/// Whether `c` can be part of an id in a finding's message.
fn id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_')
}

/// The name of the organisation, indicator or meeting obligation `id`, if it is one.
fn name_of<'a>(dataset: &'a Dataset, id: &str) -> Option<&'a str> {
    let plan = dataset.plan();
    let index = &dataset.index;
    if let Some(&i) = index.org.get(id) {
        return plan.organisations.get(i as usize).map(|o| o.name.as_str());
    }
    if let Some(&i) = index.indicator.get(id) {
        return plan.indicators.get(i as usize).map(|x| x.name.as_str());
    }
    if let Some(&i) = index.meeting_obligation.get(id) {
        return plan
            .meeting_obligations
            .get(i as usize)
            .map(|o| o.title.as_str());
    }
    None
}

/// A finding's message with the ids of organisations, indicators and meeting
/// obligations in it replaced by their names (activity numbers stay: the plan numbers
/// its activities so), escaped for HTML.
pub(super) fn named_message(dataset: &Dataset, message: &str) -> String {
    let mut out = String::with_capacity(message.len() + 32);
    let mut rest = message;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !id_char(c)).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        if !word.is_empty() {
            match name_of(dataset, word) {
                Some(name) => out.push_str(&text(name)),
                None => out.push_str(&escape(word)),
            }
        }
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        }
        rest = chars.as_str();
    }
    out
}

/// One finding as a list item: its subject's name, then its message with names.
pub(super) fn item(dataset: &Dataset, f: &FindingRef<'_>) -> String {
    let subject = f.subject_name().unwrap_or(f.subject_id());
    format!(
        "<span class=\"s-{}\">{}</span> ({}): {}",
        f.severity(),
        text(subject),
        escape(&words(f.rule())),
        named_message(dataset, &f.message())
    )
}

/// Writes the section: counts by severity, then the first findings of each severity
/// above info, in the evaluation's order.
pub(super) fn write(page: &mut Page, dataset: &Dataset, evaluation: &Evaluation) {
    page.raw("<h2>6. Findings by severity</h2>\n");
    let s = &evaluation.summary;
    let rows: Vec<Vec<Cell>> = Severity::ALL
        .iter()
        .rev()
        .map(|sev| {
            vec![
                Cell::Text(heading(&sev.to_string())),
                Cell::Num(s.by_severity.get(sev).copied().unwrap_or(0).to_string()),
            ]
        })
        .chain(std::iter::once(vec![
            Cell::Text("All".into()),
            Cell::Num(s.total.to_string()),
        ]))
        .collect();
    page.table(
        &["Severity", "n:Findings"],
        &rows,
        Some(Severity::ALL.len()),
    );
    for sev in Severity::ALL.iter().rev().filter(|&&x| x > Severity::Info) {
        let of: Vec<FindingRef<'_>> = evaluation
            .findings
            .views()
            .filter(|f| f.severity() == *sev)
            .collect();
        if of.is_empty() {
            continue;
        }
        let shown = of.len().min(LISTED);
        page.element(
            "h3",
            None,
            &format!(
                "{} ({}, {} shown)",
                heading(&sev.to_string()),
                of.len(),
                shown
            ),
        );
        let items: Vec<String> = of.iter().take(shown).map(|f| item(dataset, f)).collect();
        page.list(&items);
    }
}
