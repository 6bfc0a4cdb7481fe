//! The documented order of findings, by integer keys: most severe first, then by rule id,
//! subject kind, subject id (natural order), sort day, and finding id.
//!
//! Each id's natural-order rank is computed once per dataset ([`IdRanks`]); a finding's key
//! packs its codes into one `u64`, so sorting compares integers. Only findings equal on
//! all of those (the same rule, subject and day: a reporter's monthly and quarterly
//! reports for periods starting the same day, say) compare their id's tail as text.

use super::{view::FindingRef, Findings, IdExtra, Row, NONE};
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

    /// The natural-order ranks of `ids` (equal ids share a rank), as the ids of the plan
    /// are ranked: what the agenda sorts its items' ids by.
    pub(crate) fn natural(ids: &[&str]) -> Vec<u32> {
        ranks(ids, natural_cmp)
    }

    /// The natural-order rank of the organisation at position `i`.
    pub(crate) fn organisation(&self, i: u32) -> u32 {
        self.organisation
            .get(i as usize)
            .copied()
            .unwrap_or(u32::MAX)
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

/// The sort key of a row within its (severity, rule) block: subject kind, subject rank
/// and sort day, packed into one integer.
fn key(row: &Row, ranks: &IdRanks) -> u64 {
    let kind = row.kind as u64;
    let subject = u64::from(ranks.subject(row.kind, row.subject));
    // None before any day; days since the Common Era (within +-2^27 for every date chrono
    // represents) shifted to be positive, in 28 bits.
    let day = row.sort_date.map_or(0u64, |d| {
        let n = i64::from(chrono::Datelike::num_days_from_ce(&d)) + (1 << 27) + 1;
        n.clamp(1, (1 << 28) - 1) as u64
    });
    kind << 60 | subject << 28 | day
}

/// The finding order ([`Finding::order`](crate::eval::Finding::order)) of the rows of
/// `findings` as they are stored (settled): the list [`Findings::order`] holds, empty when
/// the rows are in that order already. Reads only, so it runs beside other work over the
/// same findings.
///
/// Rules write their findings in a subject order that is nearly always the documented
/// one, so the sort is a stable bucketing by (severity, rule id) followed by a check of
/// each block; only blocks found out of order are sorted. Equal keys (one rule, subject
/// and day) are ordered by the rest of their ids, compared as text. The rows stay where
/// they are: the order is kept as an index.
pub(crate) fn order_of(findings: &Findings) -> Vec<u32> {
    let n_rules = findings.rules.len();
    let mut by_id: Vec<u16> = (0..n_rules as u16).collect();
    by_id.sort_by(|&a, &b| findings.rule_id(a).cmp(findings.rule_id(b)));
    let mut rule_rank = vec![0usize; n_rules];
    for (r, &code) in by_id.iter().enumerate() {
        let same = r > 0 && findings.rule_id(by_id[r - 1]) == findings.rule_id(code);
        rule_rank[usize::from(code)] = if same {
            rule_rank[usize::from(by_id[r - 1])]
        } else {
            r
        };
    }
    // Block of a row: most severe first, then rule id.
    let blocks = 4 * n_rules.max(1);
    let block = |row: &Row| {
        (3 - row.severity as usize) * n_rules.max(1)
            + rule_rank.get(usize::from(row.rule)).copied().unwrap_or(0)
    };
    let rows = &findings.rows;
    let mut start = vec![0usize; blocks + 1];
    for row in rows {
        if let Some(c) = start.get_mut(block(row) + 1) {
            *c += 1;
        }
    }
    for b in 0..blocks {
        start[b + 1] += start[b];
    }
    let ranks = findings.dataset.ranks();
    let mut next = start.clone();
    let mut keyed: Vec<(u64, u32)> = vec![(0, 0); rows.len()];
    for (i, row) in rows.iter().enumerate() {
        let b = block(row);
        if let Some(at) = next.get_mut(b) {
            if let Some(k) = keyed.get_mut(*at) {
                *k = (key(row, ranks), i as u32);
            }
            *at += 1;
        }
    }
    let f: &Findings = findings;
    let mut ties = TieBreak::default();
    for b in 0..blocks {
        let Some(part) = keyed.get_mut(start[b]..start[b + 1]) else {
            continue;
        };
        if !part.windows(2).all(|w| w[0].0 <= w[1].0) {
            // (key, position) pairs are distinct, so an unstable sort is deterministic.
            part.sort_unstable();
        }
        let mut i = 0;
        while i < part.len() {
            let mut j = i + 1;
            while j < part.len() && part[j].0 == part[i].0 {
                j += 1;
            }
            if let Some(run) = part.get_mut(i..j).filter(|r| r.len() > 1) {
                ties.order(f, run);
            }
            i = j;
        }
    }
    if keyed.iter().enumerate().all(|(k, &(_, i))| i as usize == k) {
        return Vec::new();
    }
    keyed.iter().map(|&(_, i)| i).collect()
}

/// Reorders `rows` in place so that row `k` becomes the row at `order[k]` (a permutation),
/// following its cycles: no second copy of the rows.
pub(super) fn permute(rows: &mut [Row], order: &[u32]) {
    let n = rows.len().min(order.len());
    let mut done = vec![false; n];
    for start in 0..n {
        if done[start] {
            continue;
        }
        let Some(&first) = rows.get(start) else {
            continue;
        };
        let mut k = start;
        // A cycle visits each position once; the bound guards against a non-permutation.
        for _ in 0..n {
            done[k] = true;
            let src = order[k] as usize;
            if src == start || src >= n || done[src] {
                rows[k] = first;
                break;
            }
            rows[k] = rows[src];
            k = src;
        }
    }
}

/// Orders a run of findings with equal keys (one rule, subject and sort day) by the rest of
/// their ids as text, then by position; keeps its buffers from one run to the next.
#[derive(Default)]
struct TieBreak {
    text: String,
    spans: Vec<(usize, usize, u32)>,
}

impl TieBreak {
    fn order(&mut self, f: &Findings, run: &mut [(u64, u32)]) {
        let row = |k: u32| f.rows.get(k as usize);
        let first = run.first().and_then(|&(_, k)| row(k));
        let kind = first
            .and_then(|r| f.rules.get(usize::from(r.rule)))
            .map_or(IdExtra::Detached, |r| r.extra);
        let period = first.and_then(|r| r.period);
        let same_period = run
            .iter()
            .all(|&(_, k)| row(k).is_some_and(|r| r.period == period));
        // With one period and no `:meeting` part, the tails share everything up to the
        // extra part, so comparing the extra parts compares the tails (no extra part is a
        // prefix of any).
        if same_period
            && matches!(
                kind,
                IdExtra::None | IdExtra::AtActivity | IdExtra::SlashText | IdExtra::HashText
            )
        {
            // A dependency's findings tie on nearly every subject with more than one
            // violated link: the predecessors' ids come from the id map
            // (`Dataset::activity_id`), not from each activity's own string.
            let extra = |k: u32| -> Option<&str> {
                let e = row(k)?.extra;
                if e == NONE {
                    return None;
                }
                match kind {
                    IdExtra::AtActivity => Some(f.dataset.activity_id(e as usize).unwrap_or("")),
                    IdExtra::SlashText | IdExtra::HashText => {
                        Some(f.texts.get(e as usize).map_or("", |t| t))
                    }
                    _ => None,
                }
            };
            // (extra part, position) pairs are distinct, so an unstable sort is
            // deterministic; no list of the parts is built.
            run.sort_unstable_by(|x, y| (extra(x.1), x.1).cmp(&(extra(y.1), y.1)));
            return;
        }
        self.text.clear();
        self.spans.clear();
        for &(_, k) in run.iter() {
            let from = self.text.len();
            if let Some(row) = row(k) {
                FindingRef { findings: f, row }.push_id_tail(&mut self.text);
            }
            self.spans.push((from, self.text.len(), k));
        }
        let text = &self.text;
        let of = |&(a, b, _): &(usize, usize, u32)| text.get(a..b).unwrap_or("");
        self.spans
            .sort_unstable_by(|x, y| of(x).cmp(of(y)).then(x.2.cmp(&y.2)));
        for (slot, &(_, _, k)) in run.iter_mut().zip(&self.spans) {
            slot.1 = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn row(subject: u32) -> Row {
        Row {
            rule: 0,
            severity: Severity::Info,
            kind: SubjectKind::Activity,
            subject,
            period: None,
            extra: NONE,
            owner: NONE,
            strategy: NONE,
            sort_date: None,
            evidence: 0,
            message: NONE,
        }
    }

    proptest! {
        /// Reordering in place gives what copying the rows in `order` gives.
        #[test]
        fn permuting_in_place_is_gathering(keys in proptest::collection::vec(any::<u16>(), 0..300)) {
            let rows: Vec<Row> = (0..keys.len() as u32).map(row).collect();
            let mut order: Vec<u32> = (0..keys.len() as u32).collect();
            order.sort_by_key(|&i| (keys[i as usize], i));
            let gathered: Vec<Row> = order.iter().map(|&i| rows[i as usize]).collect();
            let mut in_place = rows.clone();
            permute(&mut in_place, &order);
            prop_assert_eq!(in_place, gathered);
        }
    }

    /// The sort writes an index instead of moving rows; reading through it gives what the
    /// rows moved into that order give, and rows added afterwards follow the sorted ones.
    #[test]
    fn the_order_index_reads_as_the_rows_moved_into_order() {
        let ds = crate::Dataset::load_dir("../examples/nsp-2019-2023").expect("nsp");
        let as_of = NaiveDate::from_ymd_opt(2021, 6, 30).expect("day");
        let ev = ds.evaluate(&crate::RuleSet::default(), as_of);
        let sorted = &ev.findings;
        assert!(
            !sorted.order.is_empty(),
            "the NSP findings are written out of order"
        );
        let mut settled = sorted.clone();
        settled.settle();
        assert!(settled.order.is_empty());
        let ids = |f: &Findings| f.views().map(|v| v.id()).collect::<Vec<_>>();
        assert_eq!(ids(sorted), ids(&settled));
        assert!(*sorted == settled);
        assert_eq!(ids(&sorted.first(7)), ids(&settled)[..7].to_vec());
        assert_eq!(
            ids(&sorted.select(&[3, 0, 2])),
            [3, 0, 2].map(|k| ids(&settled)[k].clone()).to_vec()
        );
        let mut joined = sorted.clone();
        joined.append(settled.first(2));
        let mut expected = ids(&settled);
        expected.extend(ids(&settled.first(2)));
        assert_eq!(ids(&joined), expected);
    }

    #[test]
    fn a_row_stays_small() {
        // Every pass over an evaluation's findings reads its rows: two million of them at
        // national scale. A province is looked up from the owner, not stored.
        assert!(
            std::mem::size_of::<Row>() <= 52,
            "{}",
            std::mem::size_of::<Row>()
        );
    }

    #[test]
    fn keys_order_days_and_subjects_over_every_date() {
        let ranks = IdRanks::default();
        let at = |d: Option<NaiveDate>| {
            let mut r = row(0);
            r.sort_date = d;
            key(&r, &ranks)
        };
        let days = [
            None,
            Some(NaiveDate::MIN),
            NaiveDate::from_ymd_opt(-1, 1, 1),
            NaiveDate::from_ymd_opt(2021, 6, 30),
            NaiveDate::from_ymd_opt(2021, 7, 1),
            Some(NaiveDate::MAX),
        ];
        let keys: Vec<u64> = days.iter().map(|&d| at(d)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        // The subject kind comes before the day.
        let mut group = row(0);
        group.kind = SubjectKind::Group;
        assert!(key(&group, &ranks) > at(Some(NaiveDate::MAX)));
    }
}
