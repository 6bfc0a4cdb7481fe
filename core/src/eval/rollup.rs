//! Rollups: counts of findings by severity, rule, owner, strategy and province.

use super::store::NONE;
use super::Findings;
use crate::dataset::Dataset;
use crate::rules::Severity;
use serde::Serialize;
use std::collections::BTreeMap;

/// The organisation kind whose members are provinces; a finding belongs to a province
/// when its owner is such an organisation or lies below one in the organisation tree.
pub const PROVINCE_KIND: &str = "provincial_committee";

/// Finding counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
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

/// Sets each finding's province from its owner.
pub(crate) fn assign_provinces(findings: &mut Findings) {
    let province = provinces(&findings.dataset);
    for row in &mut findings.rows {
        row.province = province
            .get(row.owner as usize)
            .copied()
            .flatten()
            .unwrap_or(NONE);
    }
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

/// Counts findings (whose provinces are set) along every rollup dimension.
///
/// Over dense positions: the findings are in order, so each (severity, rule) run is one
/// block whose cells are counted by (owner, strategy) rank and written in rank order.
pub(crate) fn rollups(findings: &Findings) -> Rollups {
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
    let mut cells = Vec::new();
    let mut block: BTreeMap<u64, (u32, u32, usize)> = BTreeMap::new();
    let rows = &findings.rows;
    let mut start = 0;
    while start < rows.len() {
        let (severity, rule) = (rows[start].severity, rows[start].rule);
        let mut end = start;
        while end < rows.len() && rows[end].severity == severity && rows[end].rule == rule {
            let row = &rows[end];
            let cell = rank_of(&ranks.organisation_bytes, row.owner) * width
                + rank_of(&ranks.strategy_bytes, row.strategy);
            block.entry(cell).or_insert((row.owner, row.strategy, 0)).2 += 1;
            count(&mut by_owner, row.owner, severity);
            count(&mut by_strategy, row.strategy, severity);
            count(&mut by_province, row.province, severity);
            end += 1;
        }
        let rule_id = findings.rule_id(rule);
        for (_, (owner, strategy, n)) in std::mem::take(&mut block) {
            cells.push(RollupCell {
                severity,
                rule: rule_id.to_string(),
                owner: plan.organisations.get(owner as usize).map(|o| o.id.clone()),
                strategy: plan.strategies.get(strategy as usize).map(|s| s.id.clone()),
                count: n,
            });
        }
        start = end;
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
