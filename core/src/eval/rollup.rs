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
    fn add(&mut self, severity: Severity) {
        self.total += 1;
        match severity {
            Severity::Critical => self.critical += 1,
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
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

/// Adds `severity` to the counts of item `i`, growing the list as needed.
fn count(list: &mut [SeverityCounts], i: u32, severity: Severity) {
    if let Some(c) = list.get_mut(i as usize) {
        c.add(severity);
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
/// there are threads); then the order is set and each finding's province written.
pub(crate) fn order_and_count(findings: &mut Findings) -> Rollups {
    findings.settle();
    let province = provinces(&findings.dataset);
    let (rollups, order) = crate::threads::beside(
        || rollups(findings, &province),
        || super::store::order_of(findings),
    );
    findings.order = order;
    set_provinces(findings, &province);
    rollups
}

/// Counts `findings`, a store in finding order already (findings selected from an
/// evaluation), and writes each finding's province.
pub(crate) fn count_in_order(findings: &mut Findings) -> Rollups {
    let province = provinces(&findings.dataset);
    let rollups = rollups(findings, &province);
    set_provinces(findings, &province);
    rollups
}

/// Sets each finding's province from its owner (`province`, from [`provinces`]).
fn set_provinces(findings: &mut Findings, province: &[Option<u32>]) {
    for row in &mut findings.rows {
        row.province = province_of(province, row.owner);
    }
}

fn province_of(province: &[Option<u32>], owner: u32) -> u32 {
    province
        .get(owner as usize)
        .copied()
        .flatten()
        .unwrap_or(NONE)
}

/// Counts the findings along every rollup dimension, in one pass over the rows in the
/// order rules wrote them (`province` from [`provinces`]).
///
/// Needs no finding order, so it runs beside the sort: a rule writes its rows one after
/// the other, so each run of one rule's rows is counted by (severity, owner, strategy)
/// cell over dense positions, and the blocks are put in finding order (most severe
/// first, then by rule id) at the end, each with its cells in (owner, strategy) rank
/// order.
fn rollups(findings: &Findings, province: &[Option<u32>]) -> Rollups {
    let plan = findings.dataset.plan();
    let ranks = findings.dataset.ranks();
    let n_orgs = plan.organisations.len();
    let n_strategies = plan.strategies.len();
    let mut by_owner = vec![SeverityCounts::default(); n_orgs];
    let mut by_strategy = vec![SeverityCounts::default(); n_strategies];
    let mut by_province = vec![SeverityCounts::default(); n_orgs];
    // Cell (owner, strategy) of a block, by rank: 0 for none, else 1 + the id's byte rank.
    let rank_of = |list: &[u32], i: u32| -> u64 {
        if i == NONE {
            0
        } else {
            list.get(i as usize).map_or(0, |&r| u64::from(r) + 1)
        }
    };
    let width = n_strategies as u64 + 1;
    let n_cells = (n_orgs as u64 + 1).saturating_mul(width);
    // One counter set per severity (by its position in `Severity::ALL`), made when the
    // severity first shows up.
    let mut by_severity: [Option<CellCounts>; 4] = [None, None, None, None];
    // The cells of each (severity, rule) block, keyed in finding order: most severe
    // first, then by rule id.
    let mut blocks: BTreeMap<(Reverse<Severity>, &str), Vec<Cell>> = BTreeMap::new();
    let rows = &findings.rows;
    let mut start = 0;
    while let Some(&Row { rule, .. }) = rows.get(start) {
        let mut end = start;
        while let Some(row) = rows.get(end).filter(|r| r.rule == rule) {
            let level = row.severity as usize;
            let cell = rank_of(&ranks.organisation_bytes, row.owner) * width
                + rank_of(&ranks.strategy_bytes, row.strategy);
            if let Some(counts) = by_severity.get_mut(level) {
                counts.get_or_insert_with(|| CellCounts::new(n_cells)).add(
                    cell,
                    row.owner,
                    row.strategy,
                );
            }
            count(&mut by_owner, row.owner, row.severity);
            count(&mut by_strategy, row.strategy, row.severity);
            count(
                &mut by_province,
                province_of(province, row.owner),
                row.severity,
            );
            end += 1;
        }
        let rule_id = findings.rules.get(usize::from(rule)).map_or("", |r| &*r.id);
        for (&severity, counts) in Severity::ALL.iter().zip(by_severity.iter_mut()) {
            let Some(counts) = counts else { continue };
            let cells = counts.drain();
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
                block.sort_by_key(|c| c.0);
                block.dedup_by(|later, first| {
                    let same = later.0 == first.0;
                    if same {
                        first.3 += later.3;
                    }
                    same
                });
            }
        }
        start = end;
    }
    let mut cells = Vec::new();
    for (&(Reverse(severity), rule_id), block) in &blocks {
        for &(_, owner, strategy, n) in block {
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

/// A counted cell: its key, owner and strategy positions, and count.
type Cell = (u64, u32, u32, usize);

/// The counts of one (severity, rule) block by (owner, strategy) cell, drained in cell
/// order.
///
/// Dense (one counter per possible cell, and the list of cells touched) while the cube of
/// owners x strategies stays below [`CellCounts::DENSE_CELLS`]; a sorted map beyond.
enum CellCounts {
    Dense {
        counts: Vec<u32>,
        first: Vec<(u32, u32)>,
        touched: Vec<u64>,
    },
    Sparse(BTreeMap<u64, (u32, u32, usize)>),
}

impl CellCounts {
    /// The largest cube counted densely (4 MiB of counters).
    const DENSE_CELLS: u64 = 1 << 20;

    fn new(n_cells: u64) -> CellCounts {
        if n_cells <= Self::DENSE_CELLS {
            CellCounts::Dense {
                counts: vec![0; n_cells as usize],
                first: vec![(NONE, NONE); n_cells as usize],
                touched: Vec::new(),
            }
        } else {
            CellCounts::Sparse(BTreeMap::new())
        }
    }

    fn add(&mut self, cell: u64, owner: u32, strategy: u32) {
        match self {
            CellCounts::Dense {
                counts,
                first,
                touched,
            } => {
                if let (Some(c), Some(f)) =
                    (counts.get_mut(cell as usize), first.get_mut(cell as usize))
                {
                    if *c == 0 {
                        touched.push(cell);
                        *f = (owner, strategy);
                    }
                    *c += 1;
                }
            }
            CellCounts::Sparse(map) => map.entry(cell).or_insert((owner, strategy, 0)).2 += 1,
        }
    }

    /// The (cell, owner, strategy, count) of every cell counted since the last drain, in
    /// cell order; leaves every count at zero.
    fn drain(&mut self) -> Vec<Cell> {
        match self {
            CellCounts::Dense {
                counts,
                first,
                touched,
            } => {
                touched.sort_unstable();
                let out = touched
                    .iter()
                    .filter_map(|&cell| {
                        let c = counts.get_mut(cell as usize)?;
                        let n = std::mem::take(c) as usize;
                        let &(owner, strategy) = first.get(cell as usize)?;
                        Some((cell, owner, strategy, n))
                    })
                    .collect();
                touched.clear();
                out
            }
            CellCounts::Sparse(map) => std::mem::take(map)
                .into_iter()
                .map(|(cell, (owner, strategy, n))| (cell, owner, strategy, n))
                .collect(),
        }
    }
}
