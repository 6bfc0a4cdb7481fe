//! The dependency graph as a Mermaid flowchart (`flowchart LR`): one node per activity
//! (`n0`, `n1`, ... in plan order, so that no id can clash with Mermaid's keywords)
//! labelled with its id and title, one subgraph per strategy, links labelled with their
//! type and lag when not finish-to-start without lag, and the forecast's critical path
//! in red (class `critical` on its nodes, `linkStyle` on the links between them).

use super::diagram::{wrap, Diagram};
use crate::dataset::Dataset;
use crate::eval::Forecast;
use std::fmt::Write;

/// Characters per line of a node's title.
const WRAP: usize = 32;

/// Escapes text for a quoted Mermaid label (`["..."]`): the characters Mermaid or its
/// HTML labels would read (`"`, `#`, `&`, `<`, `>`, `|`, backtick) become entity codes,
/// a line break becomes `<br>`; everything else (Khmer too) is kept.
///
/// ```
/// assert_eq!(planwatch::export::mermaid::escape("a \"b\" <c>\nd"), "a #quot;b#quot; #lt;c#gt;<br>d");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br>"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The dependency graph of `dataset` as a Mermaid flowchart, with `forecast`'s critical
/// path highlighted.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let forecast = ds.forecast(chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let mmd = planwatch::export::mermaid::graph_mermaid(&ds, &forecast);
/// assert!(mmd.starts_with("flowchart LR\n"));
/// ```
pub fn graph_mermaid(dataset: &Dataset, forecast: &Forecast) -> String {
    let d = Diagram::new(dataset, forecast);
    let mut out = String::new();
    out.push_str("flowchart LR\n");
    let node = |out: &mut String, i: usize, indent: &str| {
        let Some(n) = d.nodes.get(i) else { return };
        let label = std::iter::once(n.id.to_string())
            .chain(wrap(n.title, WRAP))
            .map(|l| escape(&l))
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = writeln!(out, "{indent}n{i}[\"{label}\"]");
    };
    let mut clustered = vec![false; d.nodes.len()];
    for (k, c) in d.clusters.iter().enumerate() {
        let title = escape(&format!("{} {}", c.id, c.title));
        let _ = writeln!(out, "  subgraph s{k}[\"{title}\"]");
        for &i in &c.nodes {
            node(&mut out, i, "    ");
            if let Some(seen) = clustered.get_mut(i) {
                *seen = true;
            }
        }
        out.push_str("  end\n");
    }
    for (i, seen) in clustered.iter().enumerate() {
        if !seen {
            node(&mut out, i, "  ");
        }
    }
    let mut critical_links = Vec::new();
    for (k, e) in d.edges.iter().enumerate() {
        match &e.label {
            Some(label) => {
                let _ = writeln!(out, "  n{} -->|\"{}\"| n{}", e.from, escape(label), e.to);
            }
            None => {
                let _ = writeln!(out, "  n{} --> n{}", e.from, e.to);
            }
        }
        if e.critical {
            critical_links.push(k.to_string());
        }
    }
    let critical: Vec<String> = d
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.critical)
        .map(|(i, _)| format!("n{i}"))
        .collect();
    if !critical.is_empty() {
        out.push_str("  classDef critical fill:#fde0e0,stroke:#c00,stroke-width:2px\n");
        let _ = writeln!(out, "  class {} critical", critical.join(","));
    }
    if !critical_links.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#c00,stroke-width:2px",
            critical_links.join(",")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_mermaid_reads() {
        let cases = [
            ("plain", "plain"),
            ("a\"b", "a#quot;b"),
            ("#1 & <2>", "#35;1 #amp; #lt;2#gt;"),
            ("a|b`c", "a#124;b#96;c"),
            ("a\nb", "a<br>b"),
            ("a\r\nb", "a<br>b"),
            ("end; (x) [y] {z}", "end; (x) [y] {z}"),
            ("ការប្រយុទ្ធ", "ការប្រយុទ្ធ"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want, "{input:?}");
        }
    }

    #[test]
    fn nodes_links_subgraphs_and_the_critical_path() {
        let plan = r#"{"id": "p", "title": "t", "start": "2021-01-01", "end": "2021-12-31",
            "strategies": [{"id": "1", "title": "s #1"}],
            "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
            "activities": [
              {"id": "end", "group": "1.1", "title": "say \"x\"", "planned_start": "2021-01-01", "deadline": "2021-02-01"},
              {"id": "b", "group": "1.1", "title": "y", "planned_start": "2021-01-15", "deadline": "2021-03-01",
               "depends_on": [{"activity": "end"}]},
              {"id": "c", "group": "1.1", "title": "z", "planned_start": "2021-01-01", "deadline": "2021-03-01",
               "depends_on": [{"activity": "end", "type": "FF", "lag_days": -3}]}]}"#;
        let ds = Dataset::from_json(plan, "{}").unwrap();
        let forecast = ds.forecast(chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
        let mmd = graph_mermaid(&ds, &forecast);
        assert!(mmd.contains("  subgraph s0[\"1 s #35;1\"]\n"), "{mmd}");
        assert!(
            mmd.contains("    n0[\"end<br>say #quot;x#quot;\"]\n"),
            "{mmd}"
        );
        assert!(mmd.contains("  n0 --> n1\n"), "{mmd}");
        assert!(mmd.contains("  n0 -->|\"FF -3d\"| n2\n"), "{mmd}");
        assert!(mmd.contains("  class n0,"), "{mmd}");
        assert!(mmd.contains("  linkStyle 0"), "{mmd}");
    }
}
