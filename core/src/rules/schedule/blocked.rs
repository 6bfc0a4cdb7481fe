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
//! The blocking predecessor is the holding one first in natural id order. When it has not
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

use super::{activity_finding, default_max_chain, status_words, Draft};
use crate::eval::{Context, Finding};
use crate::model::{ActivityStatus, LinkType};
use crate::order::natural_cmp;
use crate::rules::catalogue::params_or_default;
use crate::rules::RuleSettings;
use serde::Deserialize;
use serde_json::json;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The rule id.
pub(crate) const ID: &str = "blocked";

/// Parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    #[serde(default = "default_max_chain")]
    max_chain: usize,
}

const NONE: u32 = u32::MAX;

/// Who holds each activity: (holder, link type), root cause and chain length.
struct Holders {
    holder: Vec<(u32, LinkType)>,
    root: Vec<u32>,
    depth: Vec<u32>,
}

fn holders(ctx: &Context<'_>) -> Holders {
    let activities = &ctx.plan().activities;
    let n = activities.len();
    let graph = ctx.dataset.graph();
    let mut h = Holders {
        holder: vec![(NONE, LinkType::FS); n],
        root: vec![NONE; n],
        depth: vec![0; n],
    };
    let id = |i: u32| activities.get(i as usize).map_or("", |a| a.id.as_str());
    for &i in graph.topo_indices() {
        let iu = i as usize;
        if ctx.state(iu).status != ActivityStatus::NotStarted {
            continue;
        }
        let mut best: Option<(u32, LinkType)> = None;
        for l in graph.incoming(iu) {
            let status = ctx.state(l.pred as usize).status;
            let holds = match l.link_type {
                LinkType::FS => !matches!(status, ActivityStatus::Done | ActivityStatus::Cancelled),
                LinkType::SS => status == ActivityStatus::NotStarted,
                LinkType::FF | LinkType::SF => false,
            };
            if holds && best.is_none_or(|(b, _)| natural_cmp(id(l.pred), id(b)) == Ordering::Less) {
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

pub(crate) fn run(ctx: &Context<'_>, settings: &RuleSettings, out: &mut Vec<Finding>) {
    let Some(params) = params_or_default::<Params>(settings) else {
        return;
    };
    let activities = &ctx.plan().activities;
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
        {
            continue;
        }
        let Some(pred) = activities.get(p as usize) else {
            continue;
        };
        let mut chain = Vec::new();
        let mut cur = p;
        while cur != NONE && chain.len() < params.max_chain {
            let Some(c) = activities.get(cur as usize) else {
                break;
            };
            chain.push(c.id.as_str());
            cur = h.holder.get(cur as usize).map_or(NONE, |x| x.0);
        }
        let root = h.root.get(i).copied().unwrap_or(p);
        let root_id = activities.get(root as usize).map_or("", |r| r.id.as_str());
        let root_status = ctx.state(root as usize).status;
        let pred_status = ctx.state(p as usize).status;
        let days = (ctx.as_of - a.planned_start).num_days();
        let mut evidence = BTreeMap::new();
        evidence.insert("blocking_predecessor".into(), json!(pred.id));
        evidence.insert("link_type".into(), json!(t));
        evidence.insert("predecessor_status".into(), json!(pred_status));
        evidence.insert("planned_start".into(), json!(a.planned_start));
        evidence.insert("days_since_planned_start".into(), json!(days));
        evidence.insert("chain".into(), json!(chain));
        evidence.insert(
            "chain_length".into(),
            json!(h.depth.get(i).copied().unwrap_or(1)),
        );
        evidence.insert("root_cause".into(), json!(root_id));
        evidence.insert("root_cause_status".into(), json!(root_status));
        let cause = if root == p {
            String::new()
        } else {
            format!("; first cause {root_id}, {}", status_words(root_status))
        };
        out.extend(activity_finding(
            ctx,
            settings,
            i,
            Draft {
                rule: ID,
                id: format!("{ID}:{}", a.id),
                message: format!(
                    "activity {} cannot start, {days} days after its planned start {}: its {t} predecessor {} is {}{cause}",
                    a.id,
                    a.planned_start,
                    pred.id,
                    status_words(pred_status)
                ),
                evidence,
                sort_date: Some(a.planned_start),
            },
        ));
    }
}
