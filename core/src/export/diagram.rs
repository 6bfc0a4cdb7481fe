//! [`Diagram`]: the dependency graph laid out for drawing, shared by the DOT and Mermaid
//! renderings: activities grouped by strategy, links with their labels, and the critical
//! path of the forecast.

use crate::dataset::Dataset;
use crate::eval::Forecast;
use crate::model::LinkType;
use std::collections::HashMap;

/// One activity box.
pub(crate) struct Node<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub critical: bool,
}

/// One strategy and its activities, in plan order.
pub(crate) struct Cluster<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Positions of its activities in the plan (and in [`Diagram::nodes`]).
    pub nodes: Vec<usize>,
}

/// One dependency link, from predecessor to successor (plan positions).
pub(crate) struct Edge {
    pub from: usize,
    pub to: usize,
    /// `SS`, `FF +5d`, `FS -2d`...; none for a plain finish-to-start link without lag.
    pub label: Option<String>,
    /// Both ends follow each other on the critical path.
    pub critical: bool,
}

/// The dependency graph of a plan, ready to draw.
pub(crate) struct Diagram<'a> {
    pub title: &'a str,
    /// Every activity, in plan order.
    pub nodes: Vec<Node<'a>>,
    /// The strategies with their activities; activities of no known strategy in none.
    pub clusters: Vec<Cluster<'a>>,
    /// Every link, successor by successor in plan order, in `depends_on` order.
    pub edges: Vec<Edge>,
}

/// The label of a link: its type and lag, none for finish-to-start without lag.
pub(crate) fn link_label(link_type: LinkType, lag_days: i32) -> Option<String> {
    match (link_type, lag_days) {
        (LinkType::FS, 0) => None,
        (t, 0) => Some(t.to_string()),
        (t, lag) => Some(format!("{t} {lag:+}d")),
    }
}

impl<'a> Diagram<'a> {
    pub(crate) fn new(dataset: &'a Dataset, forecast: &Forecast) -> Diagram<'a> {
        let plan = dataset.plan();
        let index = &dataset.index;
        let on_path: HashMap<&str, usize> = forecast
            .critical_path
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let nodes = plan
            .activities
            .iter()
            .map(|a| Node {
                id: &a.id,
                title: &a.title,
                critical: on_path.contains_key(a.id.as_str()),
            })
            .collect();
        let mut clusters: Vec<Cluster<'a>> = plan
            .strategies
            .iter()
            .map(|s| Cluster {
                id: &s.id,
                title: &s.title,
                nodes: Vec::new(),
            })
            .collect();
        for i in 0..plan.activities.len() {
            let strategy = index
                .activity_group
                .get(i)
                .and_then(|&g| index.group_strategy.get(g as usize));
            if let Some(c) = strategy.and_then(|&s| clusters.get_mut(s as usize)) {
                c.nodes.push(i);
            }
        }
        clusters.retain(|c| !c.nodes.is_empty());
        let mut edges = Vec::new();
        for (to, a) in plan.activities.iter().enumerate() {
            for dep in &a.depends_on {
                let Some(&from) = index.activity.get(&dep.activity) else {
                    continue;
                };
                let from = from as usize;
                if from == to {
                    continue;
                }
                let critical = match (
                    on_path.get(dep.activity.as_str()),
                    on_path.get(a.id.as_str()),
                ) {
                    (Some(p), Some(s)) => p + 1 == *s,
                    _ => false,
                };
                edges.push(Edge {
                    from,
                    to,
                    label: link_label(dep.link_type, dep.lag_days),
                    critical,
                });
            }
        }
        Diagram {
            title: &plan.title,
            nodes,
            clusters,
            edges,
        }
    }
}

/// `text` broken into lines of about `width` characters at spaces (a word longer than
/// that stays whole); existing line breaks are kept.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let len = line.chars().count();
            if len > 0 && len + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_show_type_and_lag_unless_plain() {
        assert_eq!(link_label(LinkType::FS, 0), None);
        assert_eq!(link_label(LinkType::FS, 3).as_deref(), Some("FS +3d"));
        assert_eq!(link_label(LinkType::SS, 0).as_deref(), Some("SS"));
        assert_eq!(link_label(LinkType::FF, -2).as_deref(), Some("FF -2d"));
    }

    #[test]
    fn wrapping_breaks_at_spaces() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("one\ntwo", 40), ["one", "two"]);
        assert_eq!(wrap("", 40), [""]);
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            ["averyveryverylongword", "x"]
        );
    }
}
