//! Evaluation: a dataset, a rule set and an as-of day give findings.

mod evidence;
mod filter;
mod finding;
mod forecast;
pub mod indicator_status;
pub mod rates;
mod rates_merge;
mod read_back;
mod report_matrix;
mod rollup;
mod store;
mod value;

pub use evidence::Evidence;
pub use filter::FindingFilter;
pub use finding::{Finding, Subject, SubjectKind};
pub(crate) use forecast::ForecastColumns;
pub use forecast::{ActivityForecast, Forecast};
pub use indicator_status::{
    progress_status, track_status, BaseSource, IndicatorStatus, NoProgress, Progress,
    ProgressStatus, ProgressThresholds, TargetBasis, TargetValue, TrackStatus,
};
pub use rates::{Breakdown, MeetingRates, ProvinceRate, Rate, ReportingRates, Window};
pub use report_matrix::{ReportMatrix, ReportState};
pub(crate) use rollup::provinces;
pub use rollup::{RollupCell, Rollups, SeverityCounts, PROVINCE_KIND};
pub(crate) use store::{
    Ev, Head, IdExtra, IdRanks, Keys, RenderMessage, RuleEntry, RuleSink, Sentence,
};
pub use store::{FindingRef, Findings};
pub use value::Value;

use crate::dataset::{ActivityState, Dataset};
use crate::model::Plan;
use crate::rules::scope::admits;
use crate::rules::{self, RuleSet, RuleSettings, Severity};
use crate::threads::beside;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

/// What one evaluation computes once and every rule shares.
pub(crate) struct Context<'a> {
    pub dataset: &'a Dataset,
    pub as_of: NaiveDate,
    states: Vec<ActivityState>,
    /// Indicator values and statuses, computed once when first asked for.
    pub(crate) indicators: indicator_status::IndicatorCache,
    /// The schedule forecast, computed on first use.
    forecast: std::sync::OnceLock<forecast::ForecastColumns>,
    /// The position of the schedule baseline variance is reported against, if any.
    pub baseline: Option<u32>,
}

impl<'a> Context<'a> {
    fn new(dataset: &'a Dataset, as_of: NaiveDate) -> Context<'a> {
        let states = dataset.states_at(as_of);
        Context {
            dataset,
            as_of,
            states,
            indicators: indicator_status::IndicatorCache::default(),
            forecast: std::sync::OnceLock::new(),
            baseline: None,
        }
    }

    /// The planned start and deadline of the activity at `i` in the schedule baseline
    /// variance is reported against, when there is one and it covers the activity.
    pub fn baseline_dates(&self, i: usize) -> Option<[NaiveDate; 2]> {
        let b = self.baseline?;
        self.dataset
            .index
            .baselines
            .get(b as usize)?
            .get(i)
            .copied()
            .flatten()
    }

    /// The id of that baseline, as evidence.
    pub fn baseline_ev(&self) -> Ev {
        self.baseline.map_or(Ev::Absent, Ev::ScheduleBaseline)
    }

    /// The schedule forecast as of the day, computed once on first use.
    pub fn forecast(&self) -> &forecast::ForecastColumns {
        self.forecast.get_or_init(|| {
            forecast::compute(self.dataset, self.as_of, &self.states, self.baseline)
        })
    }

    /// The schedule forecast, if a rule computed it.
    fn into_forecast(self) -> Option<forecast::ForecastColumns> {
        self.forecast.into_inner()
    }

    pub fn plan(&self) -> &'a Plan {
        self.dataset.plan()
    }

    /// The state of activity `i` on the as-of day.
    pub fn state(&self, i: usize) -> ActivityState {
        self.states.get(i).copied().unwrap_or_default()
    }

    /// Whether activity `i` is in the rule's scope.
    pub fn activity_in_scope(&self, settings: &RuleSettings, i: usize) -> bool {
        let scope = &settings.scope;
        if scope.is_empty() {
            return true;
        }
        let Some(a) = self.plan().activities.get(i) else {
            return false;
        };
        let lead_kind = a.lead.as_deref().and_then(|l| self.org_kind(l));
        (scope.tags.is_empty() || a.tags.iter().any(|t| scope.tags.contains(t)))
            && admits(&scope.strategies, self.strategy_of_activity(i))
            && admits(&scope.groups, Some(a.group.as_str()))
            && admits(&scope.owners, a.lead.as_deref())
            && admits(&scope.owner_kinds, lead_kind)
    }

    /// Whether the organisation at position `org` is in the rule's scope.
    pub fn org_in_scope(&self, settings: &RuleSettings, org: u32) -> bool {
        let scope = &settings.scope;
        if scope.is_empty() {
            return true;
        }
        let Some(o) = self.plan().organisations.get(org as usize) else {
            return false;
        };
        admits(&scope.owners, Some(o.id.as_str()))
            && admits(&scope.owner_kinds, Some(o.kind.as_str()))
    }

    /// Whether the indicator at position `i` is in the rule's scope.
    pub fn indicator_in_scope(&self, settings: &RuleSettings, i: usize) -> bool {
        let scope = &settings.scope;
        if scope.is_empty() {
            return true;
        }
        let Some(x) = self.plan().indicators.get(i) else {
            return false;
        };
        let kind = x.owner.as_deref().and_then(|o| self.org_kind(o));
        admits(&scope.owners, x.owner.as_deref()) && admits(&scope.owner_kinds, kind)
    }

    /// Whether the activity group at position `g` is in the rule's scope.
    pub fn group_in_scope(&self, settings: &RuleSettings, g: usize) -> bool {
        let scope = &settings.scope;
        if scope.is_empty() {
            return true;
        }
        let Some(group) = self.plan().groups.get(g) else {
            return false;
        };
        let kind = group.lead.as_deref().and_then(|o| self.org_kind(o));
        admits(&scope.strategies, Some(group.strategy.as_str()))
            && admits(&scope.groups, Some(group.id.as_str()))
            && admits(&scope.owners, group.lead.as_deref())
            && admits(&scope.owner_kinds, kind)
    }

    /// The head of a finding about activity `i`: owned by its lead, in its strategy.
    pub fn activity_head(&self, severity: Severity, i: usize) -> Head {
        let index = &self.dataset.index;
        let mut head = Head::new(severity, SubjectKind::Activity, i as u32);
        head.owner = self.dataset.owners().activity.get(i).copied().flatten();
        head.strategy = index
            .activity_group
            .get(i)
            .and_then(|&g| index.group_strategy.get(g as usize))
            .copied();
        head
    }

    /// The kind of the organisation `id`.
    pub fn org_kind(&self, id: &str) -> Option<&'a str> {
        let &i = self.dataset.index.org.get(id)?;
        self.plan()
            .organisations
            .get(i as usize)
            .map(|o| o.kind.as_str())
    }

    /// The strategy id of activity `i`.
    pub fn strategy_of_activity(&self, i: usize) -> Option<&'a str> {
        let index = &self.dataset.index;
        let g = *index.activity_group.get(i)?;
        let s = *index.group_strategy.get(g as usize)?;
        self.plan()
            .strategies
            .get(s as usize)
            .map(|s| s.id.as_str())
    }
}

/// Counts of findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    /// All findings.
    pub total: usize,
    /// By severity, every severity present (zero included).
    pub by_severity: BTreeMap<Severity, usize>,
    /// By rule, every enabled rule present (zero included).
    pub by_rule: BTreeMap<String, usize>,
}

/// The result of evaluating a dataset as of a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evaluation {
    /// The plan's id.
    pub plan: String,
    /// The day evaluated.
    pub as_of: NaiveDate,
    /// Counts of findings.
    pub summary: Summary,
    /// The findings, in [`Finding::order`].
    pub findings: Findings,
    /// Finding counts by severity, rule, owner, strategy and province.
    pub rollups: Rollups,
    /// Every indicator's status on the day, in plan order (margin: the `margin` of the
    /// `indicator_off_track` settings).
    pub indicators: Vec<IndicatorStatus>,
    /// The schedule forecast as of the day: see [`Evaluation::forecast`].
    #[cfg_attr(feature = "schema", schemars(with = "Forecast"))]
    forecast: forecast::LazyForecast,
    /// Reporting completeness and timeliness over the whole plan up to `as_of`.
    pub reporting: ReportingRates,
    /// Meeting compliance over the whole plan up to `as_of`.
    pub meetings: MeetingRates,
}

impl Evaluation {
    /// The schedule forecast as of the day (see [`Forecast`]).
    ///
    /// An evaluation keeps the forecast as columns of day numbers and positions; this
    /// builds the public value (ids and dates for every activity) on first use and keeps
    /// it. Serialising the evaluation writes the forecast without building it.
    pub fn forecast(&self) -> &Forecast {
        self.forecast.get()
    }

    /// The names of the evaluation's parts, in the order they are serialised.
    pub const PARTS: &'static [&'static str] = &[
        "plan",
        "as_of",
        "summary",
        "findings",
        "rollups",
        "indicators",
        "forecast",
        "reporting",
        "meetings",
    ];
}

/// Runs one built-in rule, writing its findings into `store` and its count into `counts`.
fn run_rule(
    ctx: &Context<'_>,
    store: &mut Findings,
    counts: &mut Vec<(&'static str, usize)>,
    (_, settings, info): (&str, &RuleSettings, &'static rules::RuleInfo),
) {
    let before = store.len();
    let rules::Run {
        run,
        evidence,
        message,
        extra,
    } = info.run;
    let mut sink = store.rule(store::RuleEntry {
        id: std::borrow::Cow::Borrowed(info.id),
        keys: store::Keys::Static(evidence),
        render: Some(message),
        extra,
    });
    run(ctx, settings, &mut sink);
    counts.push((info.id, store.len() - before));
}

/// Evaluates `dataset` with `rules` as of `as_of`.
///
/// Pure and deterministic: the same input gives the same findings in the same order.
///
/// ```
/// use planwatch::{Dataset, RuleSet};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let ev = planwatch::evaluate(&ds, &RuleSet::default(), as_of);
/// assert!(ev.summary.by_rule["overdue"] > 0);
/// assert!(ev.summary.by_rule["missing_report"] > 0);
/// ```
pub fn evaluate(dataset: &Dataset, rules: &RuleSet, as_of: NaiveDate) -> Evaluation {
    let mut ctx = Context::new(dataset, as_of);
    ctx.baseline = dataset.schedule_baseline_position(rules);
    ctx.indicators =
        indicator_status::IndicatorCache::with_settings(indicator_status::settings_of(rules));
    let mut findings = Findings::new(dataset);
    let mut by_rule = BTreeMap::new();
    let enabled: Vec<(&str, &RuleSettings, &rules::RuleInfo)> = rules
        .iter()
        .filter(|(_, s)| s.enabled)
        .filter_map(|(id, s)| Some((id, s, rules::rule_info(id)?)))
        .collect();
    // The forecast and the plan-wide rates need no finding. On a second thread (where
    // there are threads), the forecast is computed first, then the rules that read it run,
    // then the rates are computed; meanwhile and afterwards, the rules that do not read
    // the forecast are shared out between the two threads as each becomes free. Each
    // thread writes its own store, and the second store is appended to the first.
    // Findings are sorted afterwards, so neither the order rules run in nor the thread
    // they ran on shows. When no rule reads the forecast, it is computed when someone
    // reads it (Evaluation::forecast, or serialising the evaluation).
    let (forecast_first, forecast_later): (Vec<_>, Vec<_>) = enabled
        .into_iter()
        .partition(|(id, _, _)| !rules::USES_FORECAST.contains(id));
    let next = AtomicUsize::new(0);
    let run_share =
        |ctx: &Context<'_>, store: &mut Findings, counts: &mut Vec<(&'static str, usize)>| {
            while let Some(&rule) = forecast_first.get(next.fetch_add(1, AtomicOrdering::Relaxed)) {
                run_rule(ctx, store, counts, rule);
            }
        };
    let mut counts = Vec::new();
    let ((reporting, meetings, second, second_counts), ()) = beside(
        || {
            let mut store = Findings::new(dataset);
            let mut counts = Vec::new();
            if !forecast_later.is_empty() {
                let forecast = forecast::compute(dataset, as_of, &ctx.states, ctx.baseline);
                let _ = ctx.forecast.set(forecast);
                for &rule in &forecast_later {
                    run_rule(&ctx, &mut store, &mut counts, rule);
                }
            }
            let reporting = dataset.reporting_rates(as_of, Window::whole_plan());
            let meetings = dataset.meeting_rates(as_of, Window::whole_plan());
            run_share(&ctx, &mut store, &mut counts);
            (reporting, meetings, store, counts)
        },
        || run_share(&ctx, &mut findings, &mut counts),
    );
    findings.append(second);
    counts.extend(second_counts);
    for (id, n) in counts {
        by_rule.insert(id.to_string(), n);
    }
    // Custom rules run after the built-ins; a condition that fails for a subject gives a
    // finding of severity error for it (see `crate::custom`).
    let mut by_custom = BTreeMap::new();
    crate::custom::run(&ctx, rules.custom_rules(), &mut findings, &mut by_custom);
    by_rule.extend(by_custom);
    let rollups = rollup::order_and_count(&mut findings);
    let baseline = ctx.baseline;
    let by_severity = rollups.by_severity();
    Evaluation {
        plan: dataset.plan().id.clone(),
        as_of,
        summary: Summary {
            total: findings.len(),
            by_severity,
            by_rule,
        },
        findings,
        rollups,
        indicators: ctx.indicator_statuses().to_vec(),
        forecast: forecast::LazyForecast::new(dataset, as_of, baseline, ctx.into_forecast()),
        reporting,
        meetings,
    }
}

impl Dataset {
    /// Evaluates this dataset with `rules` as of `as_of`; see [`evaluate`].
    pub fn evaluate(&self, rules: &RuleSet, as_of: NaiveDate) -> Evaluation {
        evaluate(self, rules, as_of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_shared_out_between_threads_give_one_answer() {
        // Which thread runs which rule changes from run to run; the findings, their order
        // and the counts must not.
        let dir = "../examples/nsp-2019-2023";
        let ds = Dataset::load_dir(dir).expect("nsp");
        let rules = RuleSet::load_dir(dir).expect("rules");
        let day = NaiveDate::from_ymd_opt(2021, 6, 30).expect("day");
        let first = serde_json::to_string(&evaluate(&ds, &rules, day)).expect("json");
        for _ in 0..20 {
            let again = serde_json::to_string(&evaluate(&ds, &rules, day)).expect("json");
            assert!(again == first, "an evaluation differs from the first");
        }
        // Each rule alone gives the findings that rule gives among all of them.
        let all = evaluate(&ds, &rules, day);
        for (id, _) in rules.iter().filter(|(_, s)| s.enabled) {
            let mut only = rules.clone();
            for (other, _) in rules.iter() {
                only.set_enabled(other, other == id);
            }
            let alone: Vec<String> = evaluate(&ds, &only, day)
                .findings
                .views()
                .filter(|f| f.rule() == id)
                .map(|f| f.id())
                .collect();
            let among: Vec<String> = all
                .findings
                .views()
                .filter(|f| f.rule() == id)
                .map(|f| f.id())
                .collect();
            assert_eq!(alone, among, "{id}");
        }
    }

    #[test]
    fn parts_are_the_serialised_fields_in_order() {
        let plan = r#"{"id": "p", "title": "t", "start": "2019-01-01", "end": "2019-12-31",
            "organisations": [{"id": "o", "name": "O", "kind": "ministry"}],
            "strategies": [{"id": "1", "title": "s"}],
            "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
            "activities": [{"id": "a", "group": "1.1", "title": "x", "lead": "o",
                            "planned_start": "2019-01-01", "deadline": "2019-06-30"}]}"#;
        let ds = Dataset::from_json(plan, "{}").expect("valid");
        let day = NaiveDate::from_ymd_opt(2019, 12, 1).expect("day");
        let ev = evaluate(&ds, &RuleSet::default(), day);
        let text = serde_json::to_string(&ev).expect("json");
        let mut at = 0;
        for part in Evaluation::PARTS {
            let key = format!("\"{part}\":");
            let found = text[at..].find(&key).map(|i| i + at);
            assert!(found.is_some(), "{part} after position {at}");
            at = found.unwrap_or(at);
        }
        assert_eq!(ev.findings.len(), ev.summary.total);
        assert!(ev.summary.by_rule["overdue"] == 1);
    }
}
