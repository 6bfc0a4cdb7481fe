//! Reading an [`Evaluation`] back from what serialising it wrote.
//!
//! An evaluation keeps its dataset so that it can render its findings' text when asked;
//! one read back from JSON has no dataset, so its findings keep every text they were
//! written with (ids, periods, owners, messages, evidence), and the plan it holds is an
//! empty one with the evaluation's plan id. Everything the evaluation serialises is kept,
//! so writing it again gives the same JSON, and it equals the evaluation it was written
//! from. What needs the plan is not there: the names of owners and subjects
//! ([`FindingRef::owner_name`](super::FindingRef::owner_name) gives `None`), and the
//! exports that read the plan (the findings table's names, the diagrams).

use super::forecast::{Forecast, LazyForecast};
use super::{Evaluation, Finding, Findings, IndicatorStatus, MeetingRates, ReportingRates};
use super::{Rollups, Summary};
use crate::dataset::Dataset;
use crate::model::{Monitoring, Plan};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// What an evaluation serialises, field for field.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    plan: String,
    as_of: NaiveDate,
    summary: Summary,
    findings: Vec<Finding>,
    rollups: Rollups,
    indicators: Vec<IndicatorStatus>,
    forecast: Forecast,
    reporting: ReportingRates,
    meetings: MeetingRates,
}

/// Reads an evaluation back from its JSON (or any format serde reads).
///
/// ```
/// use planwatch::{Dataset, Evaluation, RuleSet};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let ev = ds.evaluate(&RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let json = serde_json::to_string(&ev).unwrap();
/// let back: Evaluation = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, ev);
/// assert_eq!(serde_json::to_string(&back).unwrap(), json);
/// // Last month's evaluation, kept as JSON, against today's:
/// let diff = back.diff(&ev);
/// assert!(diff.new.is_empty() && diff.resolved.is_empty() && diff.changed.is_empty());
/// ```
impl<'de> Deserialize<'de> for Evaluation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Evaluation, D::Error> {
        let w = Written::deserialize(d)?;
        let plan = Plan {
            format: None,
            id: w.plan.clone(),
            title: String::new(),
            start: w.as_of,
            end: w.as_of,
            fiscal_year_start_month: Default::default(),
            source: None,
            notes: Vec::new(),
            organisations: Vec::new(),
            strategies: Vec::new(),
            groups: Vec::new(),
            activities: Vec::new(),
            indicators: Vec::new(),
            indicator_relations: Vec::new(),
            reporting_obligations: Vec::new(),
            meeting_obligations: Vec::new(),
            schedule_baselines: Vec::new(),
        };
        let dataset = Dataset::new(plan, Monitoring::default())
            .map_err(|e| serde::de::Error::custom(format!("plan id: {e}")))?;
        Ok(Evaluation {
            plan: w.plan,
            as_of: w.as_of,
            summary: w.summary,
            findings: Findings::detached(&dataset, w.findings),
            rollups: w.rollups,
            indicators: w.indicators,
            forecast: LazyForecast::read_back(&dataset, w.as_of, w.forecast),
            reporting: w.reporting,
            meetings: w.meetings,
        })
    }
}
