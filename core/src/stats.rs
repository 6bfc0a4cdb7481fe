//! Counts that describe a dataset.

use crate::dataset::Dataset;
use serde::Serialize;
use std::collections::BTreeMap;

/// Counts of what a dataset holds and expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanStats {
    /// The plan's id.
    pub plan: String,
    /// Strategies.
    pub strategies: usize,
    /// Activity groups.
    pub groups: usize,
    /// Activities.
    pub activities: usize,
    /// Dependency links between activities.
    pub dependencies: usize,
    /// Organisations.
    pub organisations: usize,
    /// Organisations by kind.
    pub organisations_by_kind: BTreeMap<String, usize>,
    /// Indicators.
    pub indicators: usize,
    /// Reporting obligations.
    pub reporting_obligations: usize,
    /// Distinct organisations bound by a reporting obligation.
    pub reporters: usize,
    /// Reports expected over the whole plan.
    pub expected_reports: usize,
    /// Reports expected over the whole plan, by report type.
    pub expected_reports_by_type: BTreeMap<String, usize>,
    /// Meeting obligations.
    pub meeting_obligations: usize,
    /// Status updates in the monitoring data.
    pub status_updates: usize,
    /// Report submissions in the monitoring data.
    pub submissions: usize,
    /// Indicator values in the monitoring data.
    pub indicator_actuals: usize,
    /// Meetings held in the monitoring data.
    pub meetings_held: usize,
}

impl Dataset {
    /// Counts what this dataset holds and expects.
    pub fn stats(&self) -> PlanStats {
        let plan = self.plan();
        let mon = self.monitoring();
        let mut organisations_by_kind = BTreeMap::new();
        for o in &plan.organisations {
            *organisations_by_kind.entry(o.kind.clone()).or_default() += 1;
        }
        let mut expected_reports_by_type: BTreeMap<String, usize> = BTreeMap::new();
        let mut expected_reports = 0;
        for e in self.expected_reports() {
            expected_reports += 1;
            let t = plan.reporting_obligations[e.obligation as usize].report_type;
            *expected_reports_by_type
                .entry(t.name().to_string())
                .or_default() += 1;
        }
        let mut reporters: Vec<u32> = self.index.reporters.iter().flatten().copied().collect();
        reporters.sort_unstable();
        reporters.dedup();
        PlanStats {
            plan: plan.id.clone(),
            strategies: plan.strategies.len(),
            groups: plan.groups.len(),
            activities: plan.activities.len(),
            dependencies: self.graph().link_count(),
            organisations: plan.organisations.len(),
            organisations_by_kind,
            indicators: plan.indicators.len(),
            reporting_obligations: plan.reporting_obligations.len(),
            reporters: reporters.len(),
            expected_reports,
            expected_reports_by_type,
            meeting_obligations: plan.meeting_obligations.len(),
            status_updates: mon.status_updates.len(),
            submissions: mon.submissions.len(),
            indicator_actuals: mon.indicator_actuals.len(),
            meetings_held: mon.meetings.len(),
        }
    }
}

impl PlanStats {
    /// The counts as (label, value) rows, kinds and report types indented under their
    /// totals: what the text and HTML summaries show.
    pub fn rows(&self) -> Vec<(String, usize)> {
        let mut rows = vec![
            ("strategies".to_string(), self.strategies),
            ("activity groups".into(), self.groups),
            ("activities".into(), self.activities),
            ("dependency links".into(), self.dependencies),
            ("organisations".into(), self.organisations),
        ];
        for (kind, n) in &self.organisations_by_kind {
            rows.push((format!("  {kind}"), *n));
        }
        rows.push(("indicators".into(), self.indicators));
        rows.push(("reporting obligations".into(), self.reporting_obligations));
        rows.push(("reporters".into(), self.reporters));
        rows.push(("expected reports".into(), self.expected_reports));
        for (kind, n) in &self.expected_reports_by_type {
            rows.push((format!("  {kind}"), *n));
        }
        rows.push(("meeting obligations".into(), self.meeting_obligations));
        rows.push(("status updates".into(), self.status_updates));
        rows.push(("submissions".into(), self.submissions));
        rows.push(("indicator values".into(), self.indicator_actuals));
        rows.push(("meetings held".into(), self.meetings_held));
        rows
    }
}
