//! The activity dependency graph: petgraph inside, planwatch ids outside.

use crate::load::IdMap;
use crate::model::{Activity, LinkType};
use crate::order::natural_cmp;
use petgraph::algo::{kosaraju_scc, toposort};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;
use std::collections::HashMap;

/// A dependency link as seen from one activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link<'a> {
    /// The activity at the other end of the link.
    pub activity: &'a str,
    /// The link type.
    pub link_type: LinkType,
    /// Lag in days.
    pub lag_days: i32,
}

/// A link into an activity, by activity positions (for linear passes over the graph).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InLink {
    /// Position of the predecessor in the plan.
    pub pred: u32,
    /// The link type.
    pub link_type: LinkType,
    /// Lag in days (negative for a lead).
    pub lag_days: i32,
    /// Position of the link in the successor's `depends_on`.
    pub position: u32,
}

#[derive(Debug, Clone, Copy)]
struct Edge {
    link_type: LinkType,
    lag_days: i32,
    /// Position of the link in the successor's `depends_on`.
    position: u32,
}

/// The directed graph of activities, edges from predecessor to successor.
///
/// Built by [`Dataset`](crate::Dataset) after validation, so it is acyclic and every id
/// in it exists.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let g = ds.graph();
/// let order = g.topological_order();
/// assert_eq!(order.len(), ds.plan().activities.len());
/// ```
#[derive(Debug, Clone)]
pub struct ActivityGraph {
    graph: DiGraph<u32, Edge>,
    by_id: IdMap,
    topo: Vec<u32>,
    /// The links into each activity, contiguous (compressed rows): those of activity `i`
    /// are `in_links[in_start[i]..in_start[i + 1]]`, in the order the graph lists them.
    /// The passes over the schedule walk these instead of the graph's edge lists, whose
    /// scattered reads were most of the forecast's time at a million activities.
    in_start: Vec<u32>,
    in_links: Vec<InLink>,
}

/// One dependency cycle, as activity indices from the first activity back to it, and the
/// position of the link each step follows in its successor's `depends_on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cycle {
    /// Activities in cycle order; the path is these, then the first again.
    pub activities: Vec<u32>,
}

impl ActivityGraph {
    /// Builds the graph from activities whose ids and references are known to be valid.
    /// Links to unknown activities and self links are left out (validation reports them).
    pub(crate) fn build(activities: &[Activity], by_id: &IdMap) -> ActivityGraph {
        let mut graph = DiGraph::with_capacity(activities.len(), activities.len());
        for i in 0..activities.len() {
            graph.add_node(i as u32);
        }
        let mut in_start = Vec::with_capacity(activities.len() + 1);
        let mut in_links = Vec::with_capacity(activities.len());
        for (succ, a) in activities.iter().enumerate() {
            let first = in_links.len();
            in_start.push(first as u32);
            for (pos, dep) in a.depends_on.iter().enumerate() {
                if let Some(&pred) = by_id.get(&dep.activity) {
                    if pred as usize != succ {
                        in_links.push(InLink {
                            pred,
                            link_type: dep.link_type,
                            lag_days: dep.lag_days,
                            position: pos as u32,
                        });
                        graph.add_edge(
                            NodeIndex::new(pred as usize),
                            NodeIndex::new(succ),
                            Edge {
                                link_type: dep.link_type,
                                lag_days: dep.lag_days,
                                position: pos as u32,
                            },
                        );
                    }
                }
            }
            // The graph lists a node's incoming edges newest first.
            if let Some(links) = in_links.get_mut(first..) {
                links.reverse();
            }
        }
        in_start.push(in_links.len() as u32);
        let topo = toposort(&graph, None)
            .map(|order| order.into_iter().map(|n| n.index() as u32).collect())
            .unwrap_or_default();
        ActivityGraph {
            graph,
            by_id: by_id.clone(),
            topo,
            in_start,
            in_links,
        }
    }

    /// Every dependency cycle, one per strongly connected component, each starting at its
    /// naturally smallest activity id; components in the order of those ids.
    pub(crate) fn cycles(&self) -> Vec<Cycle> {
        let mut cycles = Vec::new();
        if self.topo.len() == self.by_id.len() {
            return cycles;
        }
        // kosaraju_scc walks iteratively (tarjan_scc recurses and overflows the stack on
        // long chains).
        for component in kosaraju_scc(&self.graph) {
            if component.len() < 2 {
                continue;
            }
            let members: std::collections::HashSet<NodeIndex> = component.iter().copied().collect();
            let start = *component
                .iter()
                .min_by(|a, b| natural_cmp(self.by_id.id(a.index()), self.by_id.id(b.index())))
                .unwrap_or(&component[0]);
            if let Some(path) = self.cycle_from(start, &members) {
                cycles.push(Cycle {
                    activities: path.iter().map(|n| n.index() as u32).collect(),
                });
            }
        }
        cycles.sort_by(|a, b| {
            natural_cmp(
                self.by_id.id(a.activities[0] as usize),
                self.by_id.id(b.activities[0] as usize),
            )
        });
        cycles
    }

    /// A shortest path from `start` back to itself inside one component (breadth first,
    /// successors in natural id order so the result is deterministic).
    fn cycle_from(
        &self,
        start: NodeIndex,
        members: &std::collections::HashSet<NodeIndex>,
    ) -> Option<Vec<NodeIndex>> {
        let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            let mut next: Vec<NodeIndex> = self
                .graph
                .neighbors_directed(n, Direction::Outgoing)
                .filter(|m| members.contains(m))
                .collect();
            next.sort_by(|a, b| natural_cmp(self.by_id.id(a.index()), self.by_id.id(b.index())));
            next.dedup();
            for m in next {
                if m == start {
                    let mut path = vec![n];
                    let mut cur = n;
                    while cur != start {
                        cur = *parent.get(&cur)?;
                        path.push(cur);
                    }
                    path.reverse();
                    return Some(path);
                }
                if m != start && !parent.contains_key(&m) {
                    parent.insert(m, n);
                    queue.push_back(m);
                }
            }
        }
        None
    }

    /// Activity ids in topological order: every predecessor before its successors (ties
    /// in the order petgraph's depth-first search finds them, which is deterministic).
    pub fn topological_order(&self) -> Vec<&str> {
        self.topo
            .iter()
            .map(|&i| self.by_id.id(i as usize))
            .collect()
    }

    fn links(&self, id: &str, dir: Direction) -> Vec<Link<'_>> {
        let Some(&i) = self.by_id.get(id) else {
            return Vec::new();
        };
        let mut out: Vec<(u32, Link<'_>)> = self
            .graph
            .edges_directed(NodeIndex::new(i as usize), dir)
            .map(|e| {
                let other = match dir {
                    Direction::Incoming => petgraph::visit::EdgeRef::source(&e),
                    Direction::Outgoing => petgraph::visit::EdgeRef::target(&e),
                };
                let w = e.weight();
                (
                    w.position,
                    Link {
                        activity: self.by_id.id(other.index()),
                        link_type: w.link_type,
                        lag_days: w.lag_days,
                    },
                )
            })
            .collect();
        out.sort_by(|a, b| natural_cmp(a.1.activity, b.1.activity).then(a.0.cmp(&b.0)));
        out.into_iter().map(|(_, l)| l).collect()
    }

    /// The activities `id` depends on, in natural id order; empty for an unknown id.
    pub fn predecessors(&self, id: &str) -> Vec<Link<'_>> {
        self.links(id, Direction::Incoming)
    }

    /// The activities that depend on `id`, in natural id order; empty for an unknown id.
    pub fn successors(&self, id: &str) -> Vec<Link<'_>> {
        self.links(id, Direction::Outgoing)
    }

    /// Activity positions in topological order, every predecessor before its successors;
    /// empty only for a cyclic graph (which validation refuses).
    pub(crate) fn topo_indices(&self) -> &[u32] {
        &self.topo
    }

    /// The links into the activity at position `i`, in no particular order; empty for an
    /// unknown position. Linear in the number of links, no allocation.
    pub(crate) fn incoming(&self, i: usize) -> impl Iterator<Item = InLink> + '_ {
        let range = match (self.in_start.get(i), self.in_start.get(i + 1)) {
            (Some(&from), Some(&to)) => from as usize..to as usize,
            _ => 0..0,
        };
        self.in_links.get(range).unwrap_or(&[]).iter().copied()
    }

    /// The number of dependency links.
    pub fn link_count(&self) -> usize {
        self.graph.edge_count()
    }
}

#[cfg(test)]
mod tests {
    use crate::Dataset;

    fn plan(deps: &str) -> String {
        format!(
            r#"{{"id": "g", "title": "g", "start": "2020-01-01", "end": "2020-12-31",
            "strategies": [{{"id": "1", "title": "s"}}],
            "groups": [{{"id": "1.1", "strategy": "1", "title": "g"}}],
            "activities": [{deps}]}}"#
        )
    }

    fn act(id: &str, deps: &[(&str, &str, i32)]) -> String {
        let d: Vec<String> = deps
            .iter()
            .map(|(a, t, lag)| {
                format!(r#"{{"activity": "{a}", "type": "{t}", "lag_days": {lag}}}"#)
            })
            .collect();
        format!(
            r#"{{"id": "{id}", "group": "1.1", "title": "x", "planned_start": "2020-01-01",
            "deadline": "2020-02-01", "depends_on": [{}]}}"#,
            d.join(",")
        )
    }

    #[test]
    fn compact_incoming_links_are_the_graphs_in_its_order() {
        let acts = [
            act("a", &[]),
            act("b", &[("a", "FS", 2)]),
            act("c", &[("a", "SS", -1), ("b", "FF", 0), ("zz", "FS", 0)]),
            act("d", &[("c", "SF", 0), ("a", "FS", 3), ("b", "SS", 1)]),
        ]
        .join(",");
        let Err(_) = Dataset::from_json(&plan(&acts), "{}") else {
            panic!("zz is unknown")
        };
        let acts = acts
            .replace(r#"{"activity": "zz", "type": "FS", "lag_days": 0}"#, "")
            .replace(",]", "]");
        let ds = Dataset::from_json(&plan(&acts), "{}").unwrap();
        let g = ds.graph();
        for i in 0..4 {
            let from_graph: Vec<super::InLink> = g
                .graph
                .edges_directed(super::NodeIndex::new(i), super::Direction::Incoming)
                .map(|e| {
                    let w = e.weight();
                    super::InLink {
                        pred: petgraph::visit::EdgeRef::source(&e).index() as u32,
                        link_type: w.link_type,
                        lag_days: w.lag_days,
                        position: w.position,
                    }
                })
                .collect();
            assert_eq!(
                g.incoming(i).collect::<Vec<_>>(),
                from_graph,
                "activity {i}"
            );
        }
        assert_eq!(g.incoming(3).count(), 3);
        assert_eq!(g.incoming(99).count(), 0);
    }

    #[test]
    fn queries_and_topological_order() {
        let acts = [
            act("a", &[]),
            act("b", &[("a", "FS", 2)]),
            act("c", &[("a", "SS", -1), ("b", "FF", 0)]),
            act("d", &[("c", "SF", 0)]),
        ]
        .join(",");
        let ds = Dataset::from_json(&plan(&acts), "{}").unwrap();
        let g = ds.graph();
        let order = g.topological_order();
        let pos = |id: &str| order.iter().position(|x| *x == id).unwrap();
        assert!(pos("a") < pos("b") && pos("b") < pos("c") && pos("c") < pos("d"));
        let preds: Vec<(&str, String, i32)> = g
            .predecessors("c")
            .iter()
            .map(|l| (l.activity, l.link_type.to_string(), l.lag_days))
            .collect();
        assert_eq!(
            preds,
            [("a", "SS".to_string(), -1), ("b", "FF".to_string(), 0)]
        );
        let succ: Vec<&str> = g.successors("a").iter().map(|l| l.activity).collect();
        assert_eq!(succ, ["b", "c"]);
        assert!(g.predecessors("nope").is_empty());
        assert_eq!(g.link_count(), 4);
    }

    #[test]
    fn every_cycle_is_reported_once_with_its_path() {
        let acts = [
            act("x1", &[("x3", "FS", 0)]),
            act("x2", &[("x1", "FS", 0)]),
            act("x3", &[("x2", "FS", 0)]),
            act("y1", &[("y2", "SS", 0)]),
            act("y2", &[("y1", "FF", 0)]),
            act("z", &[("x1", "FS", 0)]),
        ]
        .join(",");
        let errors = Dataset::from_json(&plan(&acts), "{}").unwrap_err();
        let messages: Vec<&str> = errors.iter().map(|e| e.message()).collect();
        assert_eq!(
            messages,
            [
                "dependency cycle: x1 -> x2 -> x3 -> x1",
                "dependency cycle: y1 -> y2 -> y1"
            ]
        );
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 20_000;
        let acts: Vec<String> = (0..n)
            .map(|i| {
                if i == 0 {
                    act("a0", &[])
                } else {
                    let prev = format!("a{}", i - 1);
                    act(&format!("a{i}"), &[(prev.as_str(), "FS", 0)])
                }
            })
            .collect();
        let ds = Dataset::from_json(&plan(&acts.join(",")), "{}").unwrap();
        assert_eq!(ds.graph().topological_order().len(), n);
        // The same chain closed into one long cycle is refused, also without overflowing.
        let mut cyclic = acts;
        cyclic[0] = act("a0", &[(&format!("a{}", n - 1), "FS", 0)]);
        let errors = Dataset::from_json(&plan(&cyclic.join(",")), "{}").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0]
            .message()
            .starts_with("dependency cycle: a0 -> a1 -> a2 -> "));
        assert!(errors[0].message().ends_with(&format!("a{} -> a0", n - 1)));
    }
}
