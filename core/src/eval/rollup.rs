//! Rollups: counts of findings by severity, rule, owner, strategy and province.

use super::Finding;
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
pub(crate) fn assign_provinces(dataset: &Dataset, findings: &mut [Finding]) {
    let province = provinces(dataset);
    let orgs = &dataset.plan().organisations;
    for f in findings {
        f.province = f
            .owner
            .as_ref()
            .and_then(|o| dataset.index.org.get(o))
            .and_then(|&i| province.get(i as usize).copied().flatten())
            .and_then(|p| orgs.get(p as usize))
            .map(|o| o.id.clone());
    }
}

/// Counts findings (whose provinces are set) along every rollup dimension.
pub(crate) fn rollups(findings: &[Finding]) -> Rollups {
    type Key<'a> = (
        std::cmp::Reverse<Severity>,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
    );
    let mut cells: BTreeMap<Key<'_>, usize> = BTreeMap::new();
    let mut r = Rollups::default();
    for f in findings {
        *cells
            .entry((
                std::cmp::Reverse(f.severity),
                f.rule.as_str(),
                f.owner.as_deref(),
                f.strategy.as_deref(),
            ))
            .or_default() += 1;
        if let Some(o) = &f.owner {
            r.by_owner.entry(o.clone()).or_default().add(f.severity);
        }
        if let Some(s) = &f.strategy {
            r.by_strategy.entry(s.clone()).or_default().add(f.severity);
        }
        if let Some(p) = &f.province {
            r.by_province.entry(p.clone()).or_default().add(f.severity);
        }
    }
    r.cells = cells
        .into_iter()
        .map(|((s, rule, owner, strategy), count)| RollupCell {
            severity: s.0,
            rule: rule.to_string(),
            owner: owner.map(str::to_string),
            strategy: strategy.map(str::to_string),
            count,
        })
        .collect();
    r
}
