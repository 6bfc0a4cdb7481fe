//! `blocked`: an activity whose planned start has passed (the as-of day is after it), that
//! has not started (status `not_started`), and that a predecessor holds back.
//!
//! Only links that constrain the successor's *start* can block it: an FS link holds it
//! while the predecessor is not done, an SS link while the predecessor has not started.
//! FF and SF links constrain the successor's finish, never its start, so they block
//! nothing (`forecast_slip` accounts for them). Lags are not considered here: a predecessor
//! that is done (or started) holds nothing, even while the lag runs (`late_start` reports
//! such an activity). Cancelled predecessors hold nothing.
//!
//! The blocking predecessor is the holding one first in natural id order. When an FS and an
//! SS link join the same pair and both hold (the predecessor has not started), the FS link
//! is named, whatever the order they are declared in: it holds longer (until the
//! predecessor is done, not only started). When it has not
//! started either and is itself held, the chain is followed the same way back to the
//! first unfinished cause: an activity not held by anything (in progress, or not started
//! with nothing holding it). The chain is computed once for all activities, in
//! topological order.
//!
//! Parameters: `max_chain` (default 10): the most chain entries listed in the evidence.
//!
//! Evidence: `blocking_predecessor`, `link_type`, `predecessor_status`, `planned_start`,
//! `days_since_planned_start`, `chain` (the blocking predecessor, its own blocking
//! predecessor, ... nearest first, at most `max_chain`), `chain_length` (the whole chain),
//! `root_cause` and `root_cause_status`.

use super::{default_max_chain, link_name};
use crate::eval::{Context, Ev, FindingRef, RuleSink, Sentence};
use crate::model::{ActivityStatus, LinkType};
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;

/// The rule id.
pub(crate) const ID: &str = "blocked";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(
        default = "default_max_chain",
        deserialize_with = "crate::rules::catalogue::range::count"
    )]
    max_chain: usize,
}

/// The evidence keys, sorted.
pub(crate) const EVIDENCE: &[&str] = &[
    "blocking_predecessor",
    "chain",
    "chain_length",
    "days_since_planned_start",
    "link_type",
    "planned_start",
    "predecessor_status",
    "root_cause",
    "root_cause_status",
];

const NONE: u32 = u32::MAX;

/// Who holds each activity: (holder, link type), root cause and chain length.
struct Holders {
    holder: Vec<(u32, LinkType)>,
    root: Vec<u32>,
    depth: Vec<u32>,
}

fn holders(ctx: &Context<'_>) -> Holders {
    let n = ctx.plan().activities.len();
    let graph = ctx.dataset.graph();
    let ranks = ctx.dataset.ranks();
    let mut h = Holders {
        holder: vec![(NONE, LinkType::FS); n],
        root: vec![NONE; n],
        depth: vec![0; n],
    };
    for &i in graph.topo_indices() {
        let iu = i as usize;
        if ctx.state(iu).status != ActivityStatus::NotStarted {
            continue;
        }
        // The holding predecessor first in natural id order (ranks follow that order).
        let mut best: Option<(u32, LinkType)> = None;
        for l in graph.incoming(iu) {
            let status = ctx.state(l.pred as usize).status;
            let holds = match l.link_type {
                LinkType::FS => !matches!(status, ActivityStatus::Done | ActivityStatus::Cancelled),
                LinkType::SS => status == ActivityStatus::NotStarted,
                LinkType::FF | LinkType::SF => false,
            };
            let better = |(b, bt): (u32, LinkType)| {
                let (rank, best_rank) = (ranks.activity(l.pred), ranks.activity(b));
                rank < best_rank
                    || (l.pred == b && l.link_type == LinkType::FS && bt != LinkType::FS)
            };
            if holds && best.is_none_or(better) {
                best = Some((l.pred, l.link_type));
            }
        }
        let Some((p, t)) = best else {
            continue;
        };
        let pu = p as usize;
        let (root, depth) = match h.root.get(pu) {
            Some(&r) if r != NONE => (r, h.depth.get(pu).copied().unwrap_or(0)),
            _ => (p, 0),
        };
        if let Some(x) = h.holder.get_mut(iu) {
            *x = (p, t);
        }
        if let Some(x) = h.root.get_mut(iu) {
            *x = root;
        }
        if let Some(x) = h.depth.get_mut(iu) {
            *x = depth.saturating_add(1);
        }
    }
    h
}

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut RuleSink<'_>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let activities = &ctx.plan().activities;
    let n = activities.len();
    let any = activities.iter().enumerate().any(|(i, a)| {
        ctx.as_of > a.planned_start && ctx.state(i).status == ActivityStatus::NotStarted
    });
    if !any || ctx.dataset.graph().link_count() == 0 {
        return;
    }
    let h = holders(ctx);
    for (i, a) in activities.iter().enumerate() {
        let Some(&(p, t)) = h.holder.get(i) else {
            continue;
        };
        if p == NONE
            || ctx.as_of <= a.planned_start
            || ctx.state(i).status != ActivityStatus::NotStarted
            || !ctx.activity_in_scope(settings, i)
            || p as usize >= n
        {
            continue;
        }
        let mut cur = p;
        let links = std::iter::from_fn(|| {
            if cur == NONE || cur as usize >= n {
                return None;
            }
            let here = cur;
            cur = h.holder.get(cur as usize).map_or(NONE, |x| x.0);
            Some(here)
        });
        let chain = out.activities(links.take(params.max_chain));
        let root = h.root.get(i).copied().unwrap_or(p);
        let root_status = ctx.state(root as usize).status;
        let pred_status = ctx.state(p as usize).status;
        let days = (ctx.as_of - a.planned_start).num_days();
        let mut head = ctx.activity_head(settings.severity, i);
        head.sort_date = Some(a.planned_start);
        out.push(
            head,
            &[
                Ev::Activity(p),
                chain,
                Ev::int(h.depth.get(i).copied().unwrap_or(1)),
                Ev::Int(days),
                link_name(t),
                Ev::Date(a.planned_start),
                Ev::status(pred_status),
                Ev::Activity(root),
                Ev::status(root_status),
            ],
        );
    }
}

/// `activity 1.1.5 cannot start, 30 days after its planned start 2022-07-02: its FS
/// predecessor 1.1.2 is in progress; first cause 1.1.1, in progress`.
pub(crate) fn message(f: &FindingRef<'_>) -> String {
    let pred = f.text("blocking_predecessor");
    let root = f.text("root_cause");
    let mut m = Sentence::with_capacity(160);
    m.push("activity ")
        .push(f.subject_id())
        .push(" cannot start, ")
        .int(f.int("days_since_planned_start"))
        .push(" days after its planned start ")
        .date_if(f.date("planned_start"))
        .push(": its ")
        .push(&f.text("link_type"))
        .push(" predecessor ")
        .push(&pred)
        .push(" is ")
        .words(&f.text("predecessor_status"));
    if root != pred {
        m.push("; first cause ")
            .push(&root)
            .push(", ")
            .words(&f.text("root_cause_status"));
    }
    m.into()
}
