//! The dependency graph as Graphviz DOT: `digraph` left to right, one box per activity
//! labelled with its id and title, one cluster per strategy, links labelled with their
//! type and lag when not finish-to-start without lag, and the forecast's critical path in
//! red (nodes and the links between them).

use super::diagram::{wrap, Diagram};
use crate::dataset::Dataset;
use crate::eval::Forecast;
use std::fmt::Write;

/// Characters per line of a node's title.
const WRAP: usize = 32;

/// Escapes text for a DOT double-quoted string: backslash and quote are escaped, a line
/// break becomes `\n` (DOT's centred line break); everything else (Khmer too) is kept.
///
/// ```
/// assert_eq!(planwatch::export::dot::escape("say \"hi\"\\\nok"), "say \\\"hi\\\"\\\\\\nok");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The dependency graph of `dataset` as DOT, with `forecast`'s critical path highlighted.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let forecast = ds.forecast(chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let dot = planwatch::export::dot::graph_dot(&ds, &forecast);
/// assert!(dot.starts_with("digraph plan {\n"));
/// ```
pub fn graph_dot(dataset: &Dataset, forecast: &Forecast) -> String {
    let d = Diagram::new(dataset, forecast);
    let mut out = String::new();
    out.push_str("digraph plan {\n");
    let _ = writeln!(out, "  label=\"{}\";", escape(d.title));
    out.push_str("  labelloc=t;\n  rankdir=LR;\n");
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontsize=10];\n");
    out.push_str("  edge [fontsize=9];\n");
    let node = |out: &mut String, i: usize, indent: &str| {
        let Some(n) = d.nodes.get(i) else { return };
        let label = std::iter::once(n.id.to_string())
            .chain(wrap(n.title, WRAP))
            .map(|l| escape(&l))
            .collect::<Vec<_>>()
            .join("\\n");
        let style = if n.critical {
            ", color=red, fillcolor=\"#fde0e0\", penwidth=2"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{indent}\"{}\" [label=\"{label}\"{style}];",
            escape(n.id)
        );
    };
    let mut clustered = vec![false; d.nodes.len()];
    for (k, c) in d.clusters.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_{k} {{");
        let title = wrap(&format!("{} {}", c.id, c.title), 60)
            .iter()
            .map(|l| escape(l))
            .collect::<Vec<_>>()
            .join("\\n");
        let _ = writeln!(out, "    label=\"{title}\";");
        out.push_str("    style=rounded;\n    color=gray60;\n");
        for &i in &c.nodes {
            node(&mut out, i, "    ");
            if let Some(seen) = clustered.get_mut(i) {
                *seen = true;
            }
        }
        out.push_str("  }\n");
    }
    for (i, seen) in clustered.iter().enumerate() {
        if !seen {
            node(&mut out, i, "  ");
        }
    }
    for e in &d.edges {
        let (Some(from), Some(to)) = (d.nodes.get(e.from), d.nodes.get(e.to)) else {
            continue;
        };
        let mut attrs = Vec::new();
        if let Some(label) = &e.label {
            attrs.push(format!("label=\"{}\"", escape(label)));
        }
        if e.critical {
            attrs.push("color=red, penwidth=2".to_string());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\"{attrs};",
            escape(from.id),
            escape(to.id)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_quotes_backslashes_and_newlines() {
        let cases = [
            ("plain", "plain"),
            ("a\"b", "a\\\"b"),
            ("a\\b", "a\\\\b"),
            ("a\nb", "a\\nb"),
            ("a\r\nb", "a\\nb"),
            ("\\n", "\\\\n"),
            ("ការប្រយុទ្ធ {x} <y> ;", "ការប្រយុទ្ធ {x} <y> ;"),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want, "{input:?}");
        }
    }

    #[test]
    fn nodes_edges_clusters_and_the_critical_path() {
        let plan = r#"{"id": "p", "title": "The \"plan\"", "start": "2021-01-01", "end": "2021-12-31",
            "strategies": [{"id": "1", "title": "s\\1"}],
            "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
            "activities": [
              {"id": "a", "group": "1.1", "title": "say \"x\"", "planned_start": "2021-01-01", "deadline": "2021-02-01"},
              {"id": "b", "group": "1.1", "title": "y", "planned_start": "2021-01-15", "deadline": "2021-03-01",
               "depends_on": [{"activity": "a"}]},
              {"id": "c", "group": "1.1", "title": "z", "planned_start": "2021-01-05", "deadline": "2021-03-01",
               "depends_on": [{"activity": "a", "type": "SS", "lag_days": 4}]}]}"#;
        let ds = Dataset::from_json(plan, "{}").unwrap();
        let forecast = ds.forecast(chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap());
        let dot = graph_dot(&ds, &forecast);
        assert!(dot.contains("  label=\"The \\\"plan\\\"\";\n"), "{dot}");
        assert!(dot.contains("    label=\"1 s\\\\1\";\n"), "{dot}");
        assert!(dot.contains("\"a\" [label=\"a\\nsay \\\"x\\\"\""), "{dot}");
        assert!(dot.contains("  \"a\" -> \"c\" [label=\"SS +4d\""), "{dot}");
        assert!(!forecast.critical_path.is_empty());
        for id in &forecast.critical_path {
            assert!(dot.contains(&format!("\"{id}\" [label=")));
        }
        assert_eq!(forecast.critical_path, ["a", "b"]);
        assert!(
            dot.contains("  \"a\" -> \"b\" [color=red, penwidth=2];\n"),
            "{dot}"
        );
        assert!(dot.ends_with("}\n"));
    }
}
