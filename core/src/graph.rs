//! The activity dependency graph: petgraph inside, planwatch ids outside.

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
    ids: Vec<String>,
    by_id: HashMap<String, u32>,
    topo: Vec<u32>,
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
    pub(crate) fn build(activities: &[Activity], by_id: &HashMap<String, u32>) -> ActivityGraph {
        let mut graph = DiGraph::with_capacity(activities.len(), activities.len());
        for i in 0..activities.len() {
            graph.add_node(i as u32);
        }
        for (succ, a) in activities.iter().enumerate() {
            for (pos, dep) in a.depends_on.iter().enumerate() {
                if let Some(&pred) = by_id.get(&dep.activity) {
                    if pred as usize != succ {
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
        }
        let topo = toposort(&graph, None)
            .map(|order| order.into_iter().map(|n| n.index() as u32).collect())
            .unwrap_or_default();
        ActivityGraph {
            graph,
            ids: activities.iter().map(|a| a.id.clone()).collect(),
            by_id: by_id.clone(),
            topo,
        }
    }

    /// Every dependency cycle, one per strongly connected component, each starting at its
    /// naturally smallest activity id; components in the order of those ids.
    pub(crate) fn cycles(&self) -> Vec<Cycle> {
        let mut cycles = Vec::new();
        if self.topo.len() == self.graph.node_count() {
            return cycles;
        }
        // Kosaraju's algorithm in petgraph is iterative; its Tarjan recurses once per node
        // along a path and overflows the stack on long dependency chains.
        for component in kosaraju_scc(&self.graph) {
            if component.len() < 2 {
                continue;
            }
            let members: std::collections::HashSet<NodeIndex> = component.iter().copied().collect();
            let start = *component
                .iter()
                .min_by(|a, b| natural_cmp(&self.ids[a.index()], &self.ids[b.index()]))
                .unwrap_or(&component[0]);
            if let Some(path) = self.cycle_from(start, &members) {
                cycles.push(Cycle {
                    activities: path.iter().map(|n| n.index() as u32).collect(),
                });
            }
        }
        cycles.sort_by(|a, b| {
            natural_cmp(
                &self.ids[a.activities[0] as usize],
                &self.ids[b.activities[0] as usize],
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
            next.sort_by(|a, b| natural_cmp(&self.ids[a.index()], &self.ids[b.index()]));
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
            .map(|&i| self.ids[i as usize].as_str())
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
                        activity: self.ids[other.index()].as_str(),
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
        let node = (i < self.graph.node_count()).then(|| NodeIndex::new(i));
        node.into_iter().flat_map(move |n| {
            self.graph.edges_directed(n, Direction::Incoming).map(|e| {
                let w = e.weight();
                InLink {
                    pred: petgraph::visit::EdgeRef::source(&e).index() as u32,
                    link_type: w.link_type,
                    lag_days: w.lag_days,
                    position: w.position,
                }
            })
        })
    }

    /// The number of dependency links.
    pub fn link_count(&self) -> usize {
        self.graph.edge_count()
    }
}
