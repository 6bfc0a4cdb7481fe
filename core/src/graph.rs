//! The activity dependency graph: links as compressed rows of positions, planwatch ids
//! outside.
//!
//! A valid plan's graph is two arrays of links (into and out of each activity) and a
//! topological order found by Kahn's algorithm over them: at a million activities with
//! two million links, building petgraph's adjacency lists and its depth-first
//! topological sort took about 0.45 s of the load, these about 40 ms. petgraph is kept
//! for what only an invalid plan needs: the strongly connected components that report
//! each dependency cycle.

use crate::load::IdMap;
use crate::model::{Activity, LinkType};
use crate::order::natural_cmp;
use petgraph::algo::kosaraju_scc;
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

/// A link out of an activity, by activity positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct OutLink {
    /// Position of the successor in the plan.
    succ: u32,
    /// The link type.
    link_type: LinkType,
    /// Lag in days (negative for a lead).
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
    by_id: IdMap,
    /// Every activity once, each after all its predecessors; shorter than the plan only
    /// when the links form a cycle.
    topo: Vec<u32>,
    /// The links into each activity, contiguous (compressed rows): those of activity `i`
    /// are `in_links[in_start[i]..in_start[i + 1]]`, last declared first.
    in_start: Vec<u32>,
    in_links: Vec<InLink>,
    /// The links out of each activity, the same way: those of activity `i` are
    /// `out_links[out_start[i]..out_start[i + 1]]`, by successor position.
    out_start: Vec<u32>,
    out_links: Vec<OutLink>,
}

/// One dependency cycle, as activity indices from the first activity back to it, and the
/// position of the link each step follows in its successor's `depends_on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cycle {
    /// Activities in cycle order; the path is these, then the first again.
    pub activities: Vec<u32>,
}

impl ActivityGraph {
    /// Builds the graph from activities and the position of each one's predecessors,
    /// `preds[k]` for the `k`-th link in plan order (each activity's `depends_on` in
    /// turn), `u32::MAX` for a link to an unknown activity or itself: validation reports
    /// those and they are left out.
    pub(crate) fn build(activities: &[Activity], preds: &[u32], by_id: &IdMap) -> ActivityGraph {
        let n = activities.len();
        let mut in_start = Vec::with_capacity(n + 1);
        let mut in_links = Vec::with_capacity(preds.len());
        let mut preds = preds.iter();
        for (succ, a) in activities.iter().enumerate() {
            let first = in_links.len();
            in_start.push(first as u32);
            for (pos, dep) in a.depends_on.iter().enumerate() {
                let pred = preds.next().copied().unwrap_or(u32::MAX);
                if (pred as usize) < n && pred as usize != succ {
                    in_links.push(InLink {
                        pred,
                        link_type: dep.link_type,
                        lag_days: dep.lag_days,
                        position: pos as u32,
                    });
                }
            }
            // Last declared first, as the passes over the schedule have always seen them
            // (ties between predecessors go to the first seen).
            if let Some(links) = in_links.get_mut(first..) {
                links.reverse();
            }
        }
        in_start.push(in_links.len() as u32);
        let (out_start, out_links) = outgoing(n, &in_start, &in_links);
        let topo = topological(&in_start, &out_start, &out_links);
        ActivityGraph {
            by_id: by_id.clone(),
            topo,
            in_start,
            in_links,
            out_start,
            out_links,
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
        let graph = self.petgraph();
        for component in kosaraju_scc(&graph) {
            if component.len() < 2 {
                continue;
            }
            let members: std::collections::HashSet<NodeIndex> = component.iter().copied().collect();
            let start = *component
                .iter()
                .min_by(|a, b| natural_cmp(self.by_id.id(a.index()), self.by_id.id(b.index())))
                .unwrap_or(&component[0]);
            if let Some(path) = self.cycle_from(&graph, start, &members) {
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
        graph: &DiGraph<u32, ()>,
        start: NodeIndex,
        members: &std::collections::HashSet<NodeIndex>,
    ) -> Option<Vec<NodeIndex>> {
        let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(n) = queue.pop_front() {
            let mut next: Vec<NodeIndex> = graph
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

    /// Activity ids in topological order: every predecessor before its successors. The
    /// order is Kahn's: first the activities without predecessors in plan order, then
    /// each activity as soon as its last predecessor is placed, first ready first.
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
        let i = i as usize;
        let link = |other: u32, link_type, lag_days| Link {
            activity: self.by_id.id(other as usize),
            link_type,
            lag_days,
        };
        let mut out: Vec<(u32, Link<'_>)> = match dir {
            Direction::Incoming => self
                .incoming(i)
                .map(|l| (l.position, link(l.pred, l.link_type, l.lag_days)))
                .collect(),
            Direction::Outgoing => rows(&self.out_start, &self.out_links, i)
                .iter()
                .map(|l| (l.position, link(l.succ, l.link_type, l.lag_days)))
                .collect(),
        };
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
        rows(&self.in_start, &self.in_links, i).iter().copied()
    }

    /// The number of dependency links.
    pub fn link_count(&self) -> usize {
        self.in_links.len()
    }

    /// The graph as petgraph's, for the components of an invalid plan: an edge from
    /// predecessor to successor per link, added in plan order.
    fn petgraph(&self) -> DiGraph<u32, ()> {
        let n = self.in_start.len().saturating_sub(1);
        let mut graph = DiGraph::with_capacity(n, self.in_links.len());
        for i in 0..n {
            graph.add_node(i as u32);
        }
        for succ in 0..n {
            for l in rows(&self.in_start, &self.in_links, succ).iter().rev() {
                graph.add_edge(NodeIndex::new(l.pred as usize), NodeIndex::new(succ), ());
            }
        }
        graph
    }
}

/// Row `i` of compressed rows: `items[start[i]..start[i + 1]]`, empty for an unknown row.
fn rows<'a, T>(start: &[u32], items: &'a [T], i: usize) -> &'a [T] {
    match (start.get(i), start.get(i + 1)) {
        (Some(&from), Some(&to)) => items.get(from as usize..to as usize).unwrap_or(&[]),
        _ => &[],
    }
}

/// The links out of each activity as compressed rows, from the links into each: a count
/// per predecessor, then every link placed in successor order.
fn outgoing(n: usize, in_start: &[u32], in_links: &[InLink]) -> (Vec<u32>, Vec<OutLink>) {
    let mut out_start = vec![0u32; n + 1];
    for l in in_links {
        out_start[l.pred as usize + 1] += 1;
    }
    for i in 0..n {
        out_start[i + 1] += out_start[i];
    }
    let mut next: Vec<u32> = out_start[..n].to_vec();
    let mut out_links = vec![
        OutLink {
            succ: 0,
            link_type: LinkType::FS,
            lag_days: 0,
            position: 0,
        };
        in_links.len()
    ];
    for succ in 0..n {
        for l in rows(in_start, in_links, succ) {
            let slot = &mut next[l.pred as usize];
            out_links[*slot as usize] = OutLink {
                succ: succ as u32,
                link_type: l.link_type,
                lag_days: l.lag_days,
                position: l.position,
            };
            *slot += 1;
        }
    }
    (out_start, out_links)
}

/// Kahn's topological order: the activities without predecessors in plan order, then each
/// activity once all its predecessors are placed, first ready first. Those on or after a
/// cycle are never ready, so the order is shorter than the plan exactly when there is one.
fn topological(in_start: &[u32], out_start: &[u32], out_links: &[OutLink]) -> Vec<u32> {
    let n = in_start.len().saturating_sub(1);
    let mut waiting: Vec<u32> = in_start.windows(2).map(|w| w[1] - w[0]).collect();
    let mut order: Vec<u32> = (0..n as u32)
        .filter(|&i| waiting[i as usize] == 0)
        .collect();
    order.reserve(n - order.len());
    let mut next = 0;
    while let Some(&i) = order.get(next) {
        next += 1;
        for l in rows(out_start, out_links, i as usize) {
            let w = &mut waiting[l.succ as usize];
            *w -= 1;
            if *w == 0 {
                order.push(l.succ);
            }
        }
    }
    order
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
    fn incoming_links_are_the_declared_ones_last_first_and_outgoing_mirror_them() {
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
        for (i, a) in ds.plan().activities.iter().enumerate() {
            let declared: Vec<super::InLink> = (a.depends_on.iter().enumerate().rev())
                .map(|(pos, d)| super::InLink {
                    pred: *ds.index.activity.get(&d.activity).unwrap(),
                    link_type: d.link_type,
                    lag_days: d.lag_days,
                    position: pos as u32,
                })
                .collect();
            assert_eq!(g.incoming(i).collect::<Vec<_>>(), declared, "activity {i}");
            // Every link into `i` is a link out of its predecessor, and no other is.
            for l in &declared {
                let out = super::rows(&g.out_start, &g.out_links, l.pred as usize);
                assert!(out
                    .iter()
                    .any(|o| o.succ == i as u32 && o.position == l.position));
            }
        }
        assert_eq!(g.out_links.len(), g.in_links.len());
        assert_eq!(g.incoming(3).count(), 3);
        assert_eq!(g.incoming(99).count(), 0);
    }

    #[test]
    fn the_topological_order_is_kahns_in_plan_order() {
        // d and b have no predecessors; a waits for d, c for a and b.
        let acts = [
            act("c", &[("a", "FS", 0), ("b", "FS", 0)]),
            act("d", &[]),
            act("a", &[("d", "SS", 0)]),
            act("b", &[]),
        ]
        .join(",");
        let ds = Dataset::from_json(&plan(&acts), "{}").unwrap();
        assert_eq!(ds.graph().topological_order(), ["d", "b", "a", "c"]);
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
