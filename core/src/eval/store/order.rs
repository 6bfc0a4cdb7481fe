//! The documented order of findings, by integer keys: most severe first, then by rule id,
//! subject kind, subject id (natural order), sort day, and finding id.
//!
//! Each id's natural-order rank is computed once per dataset ([`IdRanks`]); a finding's key
//! packs its codes into one `u128`, so sorting compares integers. Only findings equal on
//! all of those (the same rule, subject and day: a reporter's monthly and quarterly
//! reports for periods starting the same day, say) compare their id's tail as text.

use super::{view::FindingRef, Findings, Row};
use crate::eval::SubjectKind;
use crate::model::Plan;
use crate::order::natural_cmp;
use std::cmp::Ordering;

/// Ranks of the plan's ids, computed once per dataset.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdRanks {
    /// Natural-order rank of each activity, organisation, indicator, group and obligation
    /// (reporting obligations, then meeting obligations, ranked together).
    activity: Vec<u32>,
    organisation: Vec<u32>,
    indicator: Vec<u32>,
    group: Vec<u32>,
    obligation: Vec<u32>,
    /// Byte-order rank of each organisation and strategy id (the order of rollup keys).
    pub(crate) organisation_bytes: Vec<u32>,
    pub(crate) strategy_bytes: Vec<u32>,
}

/// Ranks of `ids` under `cmp`: equal ids share a rank.
fn ranks(ids: &[&str], cmp: impl Fn(&str, &str) -> Ordering) -> Vec<u32> {
    // Plans are usually written in order: then a rank is a position.
    if ids.windows(2).all(|w| cmp(w[0], w[1]) == Ordering::Less) {
        return (0..ids.len() as u32).collect();
    }
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    order.sort_by(|&a, &b| cmp(ids[a as usize], ids[b as usize]));
    let mut rank = vec![0u32; ids.len()];
    let mut r = 0u32;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && cmp(ids[order[k - 1] as usize], ids[i as usize]) != Ordering::Equal {
            r = k as u32;
        }
        rank[i as usize] = r;
    }
    rank
}

impl IdRanks {
    pub(crate) fn new(plan: &Plan) -> IdRanks {
        let activities: Vec<&str> = plan.activities.iter().map(|x| x.id.as_str()).collect();
        let orgs: Vec<&str> = plan.organisations.iter().map(|x| x.id.as_str()).collect();
        let indicators: Vec<&str> = plan.indicators.iter().map(|x| x.id.as_str()).collect();
        let groups: Vec<&str> = plan.groups.iter().map(|x| x.id.as_str()).collect();
        let strategies: Vec<&str> = plan.strategies.iter().map(|x| x.id.as_str()).collect();
        let obligations: Vec<&str> = plan
            .reporting_obligations
            .iter()
            .map(|x| x.id.as_str())
            .chain(plan.meeting_obligations.iter().map(|x| x.id.as_str()))
            .collect();
        IdRanks {
            activity: ranks(&activities, natural_cmp),
            organisation: ranks(&orgs, natural_cmp),
            indicator: ranks(&indicators, natural_cmp),
            group: ranks(&groups, natural_cmp),
            obligation: ranks(&obligations, natural_cmp),
            organisation_bytes: ranks(&orgs, str::cmp),
            strategy_bytes: ranks(&strategies, str::cmp),
        }
    }

    /// The natural-order rank of the activity at position `i`.
    pub(crate) fn activity(&self, i: u32) -> u32 {
        self.activity.get(i as usize).copied().unwrap_or(u32::MAX)
    }

    /// The natural-order rank of the subject of `kind` at position `i`.
    fn subject(&self, kind: SubjectKind, i: u32) -> u32 {
        let list = match kind {
            SubjectKind::Activity => &self.activity,
            SubjectKind::Organisation => &self.organisation,
            SubjectKind::Indicator => &self.indicator,
            SubjectKind::Group => &self.group,
            SubjectKind::Obligation => &self.obligation,
            SubjectKind::Plan => return 0,
        };
        list.get(i as usize).copied().unwrap_or(u32::MAX)
    }
}

/// The packed sort key of a row, given the rank of each rule code by rule id.
fn key(row: &Row, rule_rank: &[u16], ranks: &IdRanks) -> u128 {
    let severity = 3 - row.severity as u128;
    let rule = u128::from(
        rule_rank
            .get(usize::from(row.rule))
            .copied()
            .unwrap_or(u16::MAX),
    );
    let kind = row.kind as u128;
    let subject = u128::from(ranks.subject(row.kind, row.subject));
    // None before any day; days since the Common Era shifted to be positive.
    let day = row.sort_date.map_or(0u128, |d| {
        (i64::from(chrono::Datelike::num_days_from_ce(&d)) + (1 << 30)) as u128
    });
    severity << 120 | rule << 100 | kind << 96 | subject << 64 | day
}

/// Sorts the findings into [`Finding::order`](crate::eval::Finding::order).
pub(crate) fn sort(findings: &mut Findings) {
    let mut by_id: Vec<u16> = (0..findings.rules.len() as u16).collect();
    by_id.sort_by(|&a, &b| findings.rule_id(a).cmp(findings.rule_id(b)));
    let mut rule_rank = vec![0u16; findings.rules.len()];
    for (r, &code) in by_id.iter().enumerate() {
        let same = r > 0 && findings.rule_id(by_id[r - 1]) == findings.rule_id(code);
        rule_rank[usize::from(code)] = if same {
            rule_rank[usize::from(by_id[r - 1])]
        } else {
            r as u16
        };
    }
    let ranks = findings.dataset.ranks();
    let mut keyed: Vec<(u128, u32)> = findings
        .rows
        .iter()
        .enumerate()
        .map(|(i, row)| (key(row, &rule_rank, ranks), i as u32))
        .collect();
    let sorted = keyed.windows(2).all(|w| w[0].0 < w[1].0);
    if sorted {
        return;
    }
    let f: &Findings = findings;
    let tail = |i: u32| {
        let mut s = String::new();
        if let Some(row) = f.rows.get(i as usize) {
            FindingRef { findings: f, row }.push_id_tail(&mut s);
        }
        s
    };
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| tail(a.1).cmp(&tail(b.1)))
            .then(a.1.cmp(&b.1))
    });
    let rows: Vec<Row> = keyed
        .iter()
        .filter_map(|&(_, i)| findings.rows.get(i as usize).copied())
        .collect();
    findings.rows = rows;
}
