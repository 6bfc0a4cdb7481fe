//! Rollups: counts of findings by severity, rule, owner, strategy and province.

use super::store::{Row, NONE};
use super::Findings;
use crate::dataset::Dataset;
use crate::rules::Severity;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// The organisation kind whose members are provinces; a finding belongs to a province
/// when its owner is such an organisation or lies below one in the organisation tree.
pub const PROVINCE_KIND: &str = "provincial_committee";

/// Finding counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SeverityCounts {
    /// All findings.
    pub total: usize,
    /// Critical findings.
    pub critical: usize,
    /// Error findings.
    pub error: usize,
    /// Warning findings.
    pub warning: usize,
    /// Info findings.
    pub info: usize,
}

impl SeverityCounts {
    fn add(&mut self, severity: Severity, n: usize) {
        self.total += n;
        match severity {
            Severity::Critical => self.critical += n,
            Severity::Error => self.error += n,
            Severity::Warning => self.warning += n,
            Severity::Info => self.info += n,
        }
    }
}

/// One cell of the severity x rule x owner x strategy cube.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RollupCell {
    /// Severity.
    pub severity: Severity,
    /// Rule id.
    pub rule: String,
    /// Owner id, when the findings have one.
    pub owner: Option<String>,
    /// Strategy id, when the findings belong to one.
    pub strategy: Option<String>,
    /// How many findings.
    pub count: usize,
}

/// Counts of an evaluation's findings along the dimensions dashboards group by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rollups {
    /// The non-empty cells of severity x rule x owner x strategy, most severe first, then
    /// by rule, owner and strategy.
    pub cells: Vec<RollupCell>,
    /// By owner (findings without an owner are left out).
    pub by_owner: BTreeMap<String, SeverityCounts>,
    /// By strategy (findings outside any strategy are left out).
    pub by_strategy: BTreeMap<String, SeverityCounts>,
    /// By province, for findings owned by a province or an organisation below one.
    pub by_province: BTreeMap<String, SeverityCounts>,
}

impl Rollups {
    /// The number of findings of each severity (every severity present, zero or not), as
    /// the evaluation's summary counts them.
    pub(crate) fn by_severity(&self) -> BTreeMap<Severity, usize> {
        let mut counts: BTreeMap<Severity, usize> = Severity::ALL.iter().map(|&s| (s, 0)).collect();
        for cell in &self.cells {
            *counts.entry(cell.severity).or_default() += cell.count;
        }
        counts
    }
}

/// The province of each organisation (by position): itself when of [`PROVINCE_KIND`], else
/// the nearest such ancestor.
pub(crate) fn provinces(dataset: &Dataset) -> Vec<Option<u32>> {
    let plan = dataset.plan();
    let parent: Vec<Option<u32>> = plan
        .organisations
        .iter()
        .map(|o| {
            o.parent
                .as_ref()
                .and_then(|p| dataset.index.org.get(p))
                .copied()
        })
        .collect();
    (0..plan.organisations.len())
        .map(|start| {
            let mut cur = Some(start as u32);
            // Parents were checked to be acyclic; the bound guards anyway.
            for _ in 0..=plan.organisations.len() {
                let c = cur?;
                if plan.organisations.get(c as usize)?.kind == PROVINCE_KIND {
                    return Some(c);
                }
                cur = parent.get(c as usize).copied().flatten();
            }
            None
        })
        .collect()
}

/// Adds `n` findings of `severity` to the counts of item `i` (none when `i` is past the
/// list: [`NONE`]).
fn count(list: &mut [SeverityCounts], i: u32, severity: Severity, n: usize) {
    if let Some(c) = list.get_mut(i as usize) {
        c.add(severity, n);
    }
}

/// The non-empty counts by id, in id order.
fn by_id<'a>(
    counts: Vec<SeverityCounts>,
    id: impl Fn(usize) -> &'a str,
) -> BTreeMap<String, SeverityCounts> {
    counts
        .into_iter()
        .enumerate()
        .filter(|(_, c)| c.total > 0)
        .map(|(i, c)| (id(i).to_string(), c))
        .collect()
}

/// Puts `findings` in finding order and counts them: the order and the rollups both read
/// the rows as written, so they are computed beside each other (on two threads where
/// there are threads); then the order is set.
pub(crate) fn order_and_count(findings: &mut Findings) -> Rollups {
    findings.settle();
    let (rollups, order) =
        crate::threads::beside(|| rollups(findings), || super::store::order_of(findings));
    findings.order = order;
    rollups
}

/// Counts the findings along every rollup dimension, in one pass over the rows in the
/// order they are stored (as rules wrote them, or in finding order for findings selected
/// from an evaluation).
///
/// Needs no finding order, so it runs beside the sort: a rule writes its rows one after
/// the other, so each run of one rule's rows is counted by (severity, owner, strategy)
/// cell over dense positions, one counter per row. Each run's cells are then put in
/// (owner, strategy) id order, the blocks in finding order (most severe first, then by
/// rule id), and the counts by owner, strategy and province are summed from the cells.
pub(crate) fn rollups(findings: &Findings) -> Rollups {
    let plan = findings.dataset.plan();
    let province = &findings.dataset.owners().province;
    let ranks = findings.dataset.ranks();
    let n_orgs = plan.organisations.len();
    let n_strategies = plan.strategies.len();
    // A cell by position: 0 for none, else 1 + the position.
    let slot = |i: u32, n: usize| -> u64 {
        if (i as usize) < n {
            u64::from(i) + 1
        } else {
            0
        }
    };
    // Cells are laid out strategy by strategy: a rule's rows come in plan order, strategy
    // after strategy, so the counters in use at a time are mostly one strategy's (one
    // per organisation) however many strategies there are.
    let width = n_orgs as u64 + 1;
    let n_cells = (n_strategies as u64 + 1).saturating_mul(width);
    // The key cells are put in order by: 0 for none, else 1 + the id's byte rank.
    let rank_of = |list: &[u32], i: u32| -> u64 {
        if i == NONE {
            0
        } else {
            list.get(i as usize).map_or(0, |&r| u64::from(r) + 1)
        }
    };
    let key = |owner: u32, strategy: u32| {
        rank_of(&ranks.organisation_bytes, owner) * width + rank_of(&ranks.strategy_bytes, strategy)
    };
    // One counter set per severity (by its position in `Severity::ALL`), made when the
    // severity first shows up.
    let mut by_severity: [Option<CellCounts>; 4] = [None, None, None, None];
    // The cells of each (severity, rule) block, keyed in finding order: most severe
    // first, then by rule id.
    let mut blocks: BTreeMap<(Reverse<Severity>, &str), Vec<Cell>> = BTreeMap::new();
    let rows = &findings.rows;
    let mut start = 0;
    while let Some(&Row { rule, .. }) = rows.get(start) {
        let end = rows
            .get(start..)
            .and_then(|rest| rest.iter().position(|r| r.rule != rule))
            .map_or(rows.len(), |k| start + k);
        for row in rows.get(start..end).unwrap_or(&[]) {
            let cell = slot(row.strategy, n_strategies) * width + slot(row.owner, n_orgs);
            if let Some(counts) = by_severity.get_mut(row.severity as usize) {
                counts
                    .get_or_insert_with(|| CellCounts::new(n_cells, width))
                    .add(cell);
            }
        }
        let rule_id = findings.rules.get(usize::from(rule)).map_or("", |r| &*r.id);
        for (&severity, counts) in Severity::ALL.iter().zip(by_severity.iter_mut()) {
            let Some(counts) = counts else { continue };
            let cells = counts.drain(key);
            if cells.is_empty() {
                continue;
            }
            let block = blocks.entry((Reverse(severity), rule_id)).or_default();
            if block.is_empty() {
                *block = cells;
            } else {
                // The rule's rows came in more than one run (a store of selected
                // findings): the runs' cells are merged.
                block.extend(cells);
                merge_equal_keys(block);
            }
        }
        start = end;
    }
    let mut by_owner = vec![SeverityCounts::default(); n_orgs];
    let mut by_strategy = vec![SeverityCounts::default(); n_strategies];
    let mut by_province = vec![SeverityCounts::default(); n_orgs];
    let mut cells = Vec::new();
    for (&(Reverse(severity), rule_id), block) in &blocks {
        for &(_, owner, strategy, n) in block {
            count(&mut by_owner, owner, severity, n);
            count(&mut by_strategy, strategy, severity, n);
            let in_province = province.get(owner as usize).copied().flatten();
            let in_province = in_province.unwrap_or(NONE);
            count(&mut by_province, in_province, severity, n);
            cells.push(RollupCell {
                severity,
                rule: rule_id.to_string(),
                owner: plan.organisations.get(owner as usize).map(|o| o.id.clone()),
                strategy: plan.strategies.get(strategy as usize).map(|s| s.id.clone()),
                count: n,
            });
        }
    }
    let org_id = |i: usize| plan.organisations.get(i).map_or("", |o| o.id.as_str());
    Rollups {
        cells,
        by_owner: by_id(by_owner, org_id),
        by_strategy: by_id(by_strategy, |i| {
            plan.strategies.get(i).map_or("", |s| s.id.as_str())
        }),
        by_province: by_id(by_province, org_id),
    }
}

/// Sorts `cells` by key (stably: of cells with one key, the first counted comes first)
/// and merges those with one key into the first, summing their counts.
fn merge_equal_keys(cells: &mut Vec<Cell>) {
    cells.sort_by_key(|c| c.0);
    cells.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            first.3 += later.3;
        }
        same
    });
}

/// A counted cell: its key, owner and strategy positions, and count.
type Cell = (u64, u32, u32, usize);

/// The counts of one (severity, rule) block by (owner, strategy) cell (see [`rollups`]:
/// `(strategy slot) * width + owner slot`, a slot being 0 for none, else 1 + the
/// position), drained in the order of the cells' keys.
///
/// Dense (one counter per possible cell, and the list of cells touched) while the cube of
/// owners x strategies stays below [`CellCounts::DENSE_CELLS`]; a sorted map beyond.
struct CellCounts {
    /// The number of owner slots, by which the strategy slot is multiplied.
    width: u64,
    counts: Counts,
}

enum Counts {
    Dense { counts: Vec<u32>, touched: Vec<u64> },
    Sparse(BTreeMap<u64, usize>),
}

impl CellCounts {
    /// The largest cube counted densely (4 MiB of counters).
    const DENSE_CELLS: u64 = 1 << 20;

    fn new(n_cells: u64, width: u64) -> CellCounts {
        let counts = if n_cells <= Self::DENSE_CELLS {
            Counts::Dense {
                counts: vec![0; n_cells as usize],
                touched: Vec::new(),
            }
        } else {
            Counts::Sparse(BTreeMap::new())
        };
        CellCounts { width, counts }
    }

    #[inline]
    fn add(&mut self, cell: u64) {
        match &mut self.counts {
            Counts::Dense { counts, touched } => {
                if let Some(c) = counts.get_mut(cell as usize) {
                    if *c == 0 {
                        touched.push(cell);
                    }
                    *c += 1;
                }
            }
            Counts::Sparse(map) => *map.entry(cell).or_insert(0) += 1,
        }
    }

    /// The (key, owner, strategy, count) of every cell counted since the last drain, in
    /// key order (`key` of the owner and strategy positions, [`NONE`] for none), cells of
    /// one key merged; leaves every count at zero.
    fn drain(&mut self, key: impl Fn(u32, u32) -> u64) -> Vec<Cell> {
        let width = self.width.max(1);
        let position = |slot: u64| slot.checked_sub(1).map_or(NONE, |p| p as u32);
        let cell = |c: u64, n: usize| {
            let (strategy, owner) = (position(c / width), position(c % width));
            (key(owner, strategy), owner, strategy, n)
        };
        let mut out: Vec<Cell> = match &mut self.counts {
            Counts::Dense { counts, touched } => {
                let out = touched
                    .iter()
                    .filter_map(|&c| {
                        let n = std::mem::take(counts.get_mut(c as usize)?) as usize;
                        Some(cell(c, n))
                    })
                    .collect();
                touched.clear();
                out
            }
            Counts::Sparse(map) => std::mem::take(map)
                .into_iter()
                .map(|(c, n)| cell(c, n))
                .collect(),
        };
        merge_equal_keys(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::FindingFilter;
    use crate::RuleSet;
    use chrono::NaiveDate;

    /// A rollup cell's key: severity (most severe first), rule, owner and strategy.
    type CellKey = (Reverse<Severity>, String, Option<String>, Option<String>);

    /// The rollups of `ev`, counted again finding by finding from what each finding says.
    fn recount(ev: &crate::Evaluation) -> Rollups {
        let mut cells: BTreeMap<CellKey, usize> = BTreeMap::new();
        let mut by_owner: BTreeMap<String, SeverityCounts> = BTreeMap::new();
        let mut by_strategy: BTreeMap<String, SeverityCounts> = BTreeMap::new();
        let mut by_province: BTreeMap<String, SeverityCounts> = BTreeMap::new();
        for f in ev.findings.views() {
            let owner = f.owner().map(str::to_string);
            let strategy = f.strategy().map(str::to_string);
            *cells
                .entry((Reverse(f.severity()), f.rule().to_string(), owner, strategy))
                .or_default() += 1;
            for (map, id) in [
                (&mut by_owner, f.owner()),
                (&mut by_strategy, f.strategy()),
                (&mut by_province, f.province()),
            ] {
                if let Some(id) = id {
                    map.entry(id.to_string()).or_default().add(f.severity(), 1);
                }
            }
        }
        Rollups {
            // `None` sorts before any id, as cells without an owner or strategy come first.
            cells: cells
                .into_iter()
                .map(
                    |((Reverse(severity), rule, owner, strategy), count)| RollupCell {
                        severity,
                        rule,
                        owner,
                        strategy,
                        count,
                    },
                )
                .collect(),
            by_owner,
            by_strategy,
            by_province,
        }
    }

    #[test]
    fn rollups_are_the_findings_counted_one_by_one() -> Result<(), crate::Errors> {
        let dir = "../examples/nsp-2019-2023";
        let ds = Dataset::load_dir(dir)?;
        let rules = RuleSet::load_dir(dir)?;
        for day in [(2019, 12, 31), (2021, 6, 30), (2024, 3, 1)] {
            let as_of = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap_or_default();
            let ev = ds.evaluate(&rules, as_of);
            assert!(ev.rollups.cells.len() > 10, "{day:?}");
            assert!(!ev.rollups.by_province.is_empty(), "{day:?}");
            assert_eq!(ev.rollups, recount(&ev), "{day:?}");
            // A selection counts its rules' rows in the order of its findings.
            let filter = FindingFilter {
                rules: vec![
                    "overdue".into(),
                    "missing_report".into(),
                    "late_report".into(),
                ],
                ..FindingFilter::default()
            };
            let some = ev.filtered(&filter);
            assert!(some.summary.total > 0, "{day:?}");
            assert_eq!(some.rollups, recount(&some), "{day:?}");
        }
        Ok(())
    }
}
