//! Semantic checks of a plan and its monitoring data, collecting every error, and the
//! indexes the engine needs afterwards.
//!
//! The checks of the plan are here; those of the monitoring data are in
//! [`monitoring`](super::validate_monitoring).

use super::{join, locate, locate_key, IdMap};
use crate::dataset::Index;
use crate::error::{Error, ErrorKind, Location};
use crate::graph::ActivityGraph;
use crate::model::{Monitoring, Plan, ReporterSelector};
use crate::order::natural_cmp;
use crate::period::Period;
use chrono::NaiveDate;
use foldhash::fast::FixedState;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Which input document an error is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Doc {
    Plan,
    Monitoring,
}

/// A document's file name and text, when known, to name files and lines in errors.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Source<'a> {
    pub file: Option<&'a Path>,
    pub text: Option<&'a str>,
}

impl Source<'_> {
    /// `e` (located by a JSON path only) in this source: its file, and the line and column
    /// of the path when the source has text.
    pub fn locate(self, e: Error) -> Error {
        let position = self.text.and_then(|t| locate(t, &e.location().path));
        let mut e = e.in_file(self.file);
        if let Some((line, column)) = position {
            e = e.at_line(line, column);
        }
        e
    }
}

/// The ids of one collection and where they are empty or repeated (positions in order,
/// with the first position of a repeated id), found before they are reported.
pub(crate) struct Ids {
    pub map: IdMap,
    problems: Vec<(u32, Option<u32>)>,
}

impl Ids {
    fn new<'t>(ids: impl Iterator<Item = &'t str>) -> Ids {
        let mut map = IdMap::with_capacity(ids.size_hint().0);
        let mut problems = Vec::new();
        for (i, id) in ids.enumerate() {
            let first = map.push(id);
            if id.is_empty() || first.is_some() {
                problems.push((i as u32, first));
            }
        }
        Ids { map, problems }
    }
}

/// The id maps that both documents' checks look ids up in, built before either runs.
pub(crate) struct PlanIds {
    pub org: Ids,
    pub activity: Ids,
    pub indicator: Ids,
    pub meeting_obligation: Ids,
}

impl PlanIds {
    fn new(plan: &Plan) -> PlanIds {
        PlanIds {
            org: Ids::new(plan.organisations.iter().map(|o| o.id.as_str())),
            activity: Ids::new(plan.activities.iter().map(|a| a.id.as_str())),
            indicator: Ids::new(plan.indicators.iter().map(|x| x.id.as_str())),
            meeting_obligation: Ids::new(plan.meeting_obligations.iter().map(|o| o.id.as_str())),
        }
    }
}

/// Collects errors while checking.
pub(crate) struct Validator<'a> {
    pub plan_source: Source<'a>,
    pub monitoring_source: Source<'a>,
    pub errors: Vec<Error>,
    /// The period ids parsed so far (a plan's reports name a few hundred periods a
    /// million times), at most [`PERIODS_KEPT`].
    periods: HashMap<String, Period, FixedState>,
}

/// The most period ids a [`Validator`] keeps parsed: more than five years of every period
/// type, so that the memory it takes is bounded whatever the input.
const PERIODS_KEPT: usize = 4096;

impl Validator<'_> {
    /// Records an error at `path` of `doc` about `subject`.
    pub fn report(
        &mut self,
        doc: Doc,
        kind: ErrorKind,
        path: String,
        subject: &str,
        message: String,
    ) {
        let source = match doc {
            Doc::Plan => self.plan_source,
            Doc::Monitoring => self.monitoring_source,
        };
        let position = source.text.and_then(|t| {
            if kind == ErrorKind::DuplicateId || kind == ErrorKind::UnknownField {
                locate_key(t, &path).or_else(|| locate(t, &path))
            } else {
                locate(t, &path)
            }
        });
        let mut e = Error::new(kind, message, Location::path(path)).in_file(source.file);
        if !subject.is_empty() {
            e = e.with_subject(subject);
        }
        if let Some((line, column)) = position {
            e = e.at_line(line, column);
        }
        self.errors.push(e);
    }

    /// Builds an id -> position map, reporting duplicates.
    pub fn index_ids<'t>(
        &mut self,
        doc: Doc,
        collection: &str,
        what: &str,
        ids: impl Iterator<Item = &'t str>,
    ) -> IdMap {
        let ids = Ids::new(ids);
        self.report_ids(doc, collection, what, &ids);
        ids.map
    }

    /// Reports the empty and repeated ids of a collection, in position order.
    pub fn report_ids(&mut self, doc: Doc, collection: &str, what: &str, ids: &Ids) {
        for &(i, first) in &ids.problems {
            let id = ids.map.id(i as usize);
            match first {
                None => self.report(
                    doc,
                    ErrorKind::InvalidValue,
                    format!("{collection}[{i}].id"),
                    "",
                    format!("{what} id is empty"),
                ),
                Some(first) => self.report(
                    doc,
                    ErrorKind::DuplicateId,
                    format!("{collection}[{i}].id"),
                    id,
                    format!("duplicate {what} id `{id}` (first at {collection}[{first}])"),
                ),
            }
        }
    }

    /// Reports `id` at `path` unless `map` has it. The path is built only for an error.
    pub fn check_ref(
        &mut self,
        doc: Doc,
        map: &IdMap,
        id: &str,
        what: &str,
        path: impl FnOnce() -> String,
        subject: &str,
    ) -> Option<u32> {
        let found = map.get(id).copied();
        if found.is_none() {
            self.report(
                doc,
                ErrorKind::UnknownReference,
                path(),
                subject,
                format!("unknown {what} `{id}`"),
            );
        }
        found
    }

    /// Reports `start > end` at `path` (built only then).
    pub fn check_order(
        &mut self,
        doc: Doc,
        start: NaiveDate,
        end: NaiveDate,
        path: impl FnOnce() -> String,
        subject: &str,
        what: &str,
    ) {
        if end < start {
            self.report(
                doc,
                ErrorKind::DeadlineBeforeStart,
                path(),
                subject,
                format!("{what} {end} is before its start {start}"),
            );
        }
    }
}

/// Plans with at least this many activities, status updates, submissions and actuals
/// together are checked on two threads (the plan and its graph on one, the monitoring data
/// on the other); smaller ones on the calling thread, where a thread would cost more than
/// it saves.
const PARALLEL_ITEMS: usize = 20_000;

/// Checks the plan and the monitoring data; returns the indexes and graph, or every error:
/// the plan's in document order, then its dependency cycles, then the monitoring data's.
///
/// The id maps are built first; then the plan (with its graph) and the monitoring data,
/// which only look ids up in them, are checked side by side.
pub(crate) fn validate(
    plan: &Plan,
    monitoring: &Monitoring,
    plan_source: Source<'_>,
    monitoring_source: Source<'_>,
) -> Result<(Index, ActivityGraph), Vec<Error>> {
    let validator = || Validator {
        plan_source,
        monitoring_source,
        errors: Vec::new(),
        periods: HashMap::default(),
    };
    let ids = PlanIds::new(plan);
    let items = plan.activities.len()
        + monitoring.status_updates.len()
        + monitoring.submissions.len()
        + monitoring.indicator_actuals.len();
    let ((plan_index, graph, mut errors), (monitoring_index, monitoring_errors)) = join(
        items >= PARALLEL_ITEMS,
        || {
            let mut v = validator();
            let (index, preds) = check_plan(&mut v, plan, &ids);
            let graph = ActivityGraph::build(&plan.activities, &preds, &ids.activity.map);
            drop(preds);
            report_cycles(&mut v, plan, &graph);
            (index, graph, v.errors)
        },
        || {
            let mut v = validator();
            let index =
                super::validate_monitoring::check_monitoring(&mut v, plan, monitoring, &ids);
            (index, v.errors)
        },
    );
    errors.extend(monitoring_errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let PlanIds {
        org,
        activity,
        indicator,
        meeting_obligation,
    } = ids;
    let index = Index {
        org: org.map,
        activity: activity.map,
        indicator: indicator.map,
        meeting_obligation: meeting_obligation.map,
        indicator_used: plan_index.indicator_used,
        group_strategy: plan_index.group_strategy,
        activity_group: plan_index.activity_group,
        reporters: plan_index.reporters,
        reporter_obligations: plan_index.reporter_obligations,
        overlapping_obligations: plan_index.overlapping_obligations,
        organisers: plan_index.organisers,
        baselines: plan_index.baselines,
        ..monitoring_index
    };
    Ok((index, graph))
}

/// Reports each dependency cycle of `graph` at the link its second activity declares on
/// its first.
fn report_cycles(v: &mut Validator<'_>, plan: &Plan, graph: &ActivityGraph) {
    for cycle in graph.cycles() {
        let ids: Vec<&str> = cycle
            .activities
            .iter()
            .map(|&i| plan.activities[i as usize].id.as_str())
            .collect();
        let first = cycle.activities[0] as usize;
        let next_id = ids.get(1).copied().unwrap_or(ids[0]);
        let second = cycle
            .activities
            .get(1)
            .copied()
            .unwrap_or(cycle.activities[0]) as usize;
        let position = plan.activities[second]
            .depends_on
            .iter()
            .position(|d| d.activity == plan.activities[first].id)
            .unwrap_or(0);
        let mut path: Vec<&str> = ids.clone();
        path.push(ids[0]);
        v.report(
            Doc::Plan,
            ErrorKind::DependencyCycle,
            format!("activities[{second}].depends_on[{position}]"),
            next_id,
            format!("dependency cycle: {}", path.join(" -> ")),
        );
    }
}

fn within_plan(plan: &Plan, date: NaiveDate) -> bool {
    plan.start <= date && date <= plan.end
}

/// Checks that a period id parses for `period_type` and ends within the plan; `path` is
/// built only for an error.
pub(crate) fn check_period(
    v: &mut Validator<'_>,
    plan: &Plan,
    doc: Doc,
    id: &str,
    period_type: Option<crate::PeriodType>,
    path: impl FnOnce() -> String,
    subject: &str,
) -> Option<Period> {
    let parsed = match v.periods.get(id) {
        Some(&p) => Ok(p),
        None => {
            let parsed = Period::parse(id, plan.fiscal_year_start_month);
            if let Ok(p) = parsed {
                if v.periods.len() < PERIODS_KEPT {
                    v.periods.insert(id.to_owned(), p);
                }
            }
            parsed
        }
    };
    let parsed = match period_type {
        Some(t) => parsed.and_then(|p| p.of_type(id, t)),
        None => parsed,
    };
    match parsed {
        Err(message) => {
            v.report(doc, ErrorKind::InvalidPeriod, path(), subject, message);
            None
        }
        Ok(p) if !within_plan(plan, p.end()) || p.start() > plan.end => {
            v.report(
                doc,
                ErrorKind::PeriodOutsidePlan,
                path(),
                subject,
                format!(
                    "period {id} ({} to {}) ends outside the plan ({} to {})",
                    p.start(),
                    p.end(),
                    plan.start,
                    plan.end
                ),
            );
            None
        }
        Ok(p) => Some(p),
    }
}

fn check_date_in_plan(
    v: &mut Validator<'_>,
    plan: &Plan,
    date: NaiveDate,
    path: impl FnOnce() -> String,
    subject: &str,
    what: &str,
) {
    if !within_plan(plan, date) {
        v.report(
            Doc::Plan,
            ErrorKind::PeriodOutsidePlan,
            path(),
            subject,
            format!(
                "{what} {date} is outside the plan ({} to {})",
                plan.start, plan.end
            ),
        );
    }
}

/// Resolves a selector to organisation indices in natural id order, reporting unknown
/// ids and kinds no organisation has.
pub(crate) fn resolve_selector(
    v: &mut Validator<'_>,
    plan: &Plan,
    orgs: &IdMap,
    selector: &ReporterSelector,
    path: &str,
    subject: &str,
) -> Vec<u32> {
    let mut chosen = BTreeSet::new();
    for (j, id) in selector.ids.iter().enumerate() {
        if let Some(i) = v.check_ref(
            Doc::Plan,
            orgs,
            id,
            "organisation",
            || format!("{path}.ids[{j}]"),
            subject,
        ) {
            chosen.insert(i);
        }
    }
    for (j, kind) in selector.kinds.iter().enumerate() {
        let mut any = false;
        for (i, o) in plan.organisations.iter().enumerate() {
            if &o.kind == kind {
                any = true;
                chosen.insert(i as u32);
            }
        }
        if !any {
            v.report(
                Doc::Plan,
                ErrorKind::UnknownReference,
                format!("{path}.kinds[{j}]"),
                subject,
                format!("no organisation has kind `{kind}`"),
            );
        }
    }
    if selector.ids.is_empty() && selector.kinds.is_empty() {
        v.report(
            Doc::Plan,
            ErrorKind::MissingField,
            path.to_string(),
            subject,
            "the selector names no organisation id and no kind".to_string(),
        );
    }
    let mut out: Vec<u32> = chosen.into_iter().collect();
    out.sort_by(|&a, &b| {
        natural_cmp(
            &plan.organisations[a as usize].id,
            &plan.organisations[b as usize].id,
        )
    });
    out
}

/// Checks the plan; returns its indexes and the position of every dependency's
/// predecessor, link by link in plan order (`u32::MAX` for an unknown one or the activity
/// itself), for [`ActivityGraph::build`].
fn check_plan(v: &mut Validator<'_>, plan: &Plan, ids: &PlanIds) -> (Index, Vec<u32>) {
    v.check_order(
        Doc::Plan,
        plan.start,
        plan.end,
        || "end".into(),
        &plan.id,
        "plan end",
    );

    v.report_ids(Doc::Plan, "organisations", "organisation", &ids.org);
    let orgs = &ids.org.map;
    for (i, o) in plan.organisations.iter().enumerate() {
        if let Some(parent) = &o.parent {
            if parent == &o.id {
                v.report(
                    Doc::Plan,
                    ErrorKind::DependencyCycle,
                    format!("organisations[{i}].parent"),
                    &o.id,
                    format!("organisation `{}` is its own parent", o.id),
                );
            } else {
                v.check_ref(
                    Doc::Plan,
                    orgs,
                    parent,
                    "organisation",
                    || format!("organisations[{i}].parent"),
                    &o.id,
                );
            }
        }
        if let Some(lead) = &o.led_by {
            v.check_ref(
                Doc::Plan,
                orgs,
                lead,
                "organisation",
                || format!("organisations[{i}].led_by"),
                &o.id,
            );
        }
        if let (Some(from), Some(until)) = (o.active_from, o.active_until) {
            v.check_order(
                Doc::Plan,
                from,
                until,
                || format!("organisations[{i}].active_until"),
                &o.id,
                "active until",
            );
        }
    }
    check_parent_cycles(v, plan, orgs);

    let strategies = v.index_ids(
        Doc::Plan,
        "strategies",
        "strategy",
        plan.strategies.iter().map(|s| s.id.as_str()),
    );
    let groups = v.index_ids(
        Doc::Plan,
        "groups",
        "activity group",
        plan.groups.iter().map(|g| g.id.as_str()),
    );
    let mut group_strategy = Vec::with_capacity(plan.groups.len());
    for (i, g) in plan.groups.iter().enumerate() {
        let s = v.check_ref(
            Doc::Plan,
            &strategies,
            &g.strategy,
            "strategy",
            || format!("groups[{i}].strategy"),
            &g.id,
        );
        group_strategy.push(s.unwrap_or(u32::MAX));
        if let Some(lead) = &g.lead {
            v.check_ref(
                Doc::Plan,
                orgs,
                lead,
                "organisation",
                || format!("groups[{i}].lead"),
                &g.id,
            );
        }
    }

    v.report_ids(Doc::Plan, "indicators", "indicator", &ids.indicator);
    let indicators = &ids.indicator.map;
    v.report_ids(Doc::Plan, "activities", "activity", &ids.activity);
    let activities = &ids.activity.map;
    let mut activity_group = Vec::with_capacity(plan.activities.len());
    let mut preds = Vec::with_capacity(plan.activities.len() * 2);
    let mut indicator_used = vec![false; plan.indicators.len()];
    for (i, a) in plan.activities.iter().enumerate() {
        let g = v.check_ref(
            Doc::Plan,
            &groups,
            &a.group,
            "activity group",
            || format!("activities[{i}].group"),
            &a.id,
        );
        activity_group.push(g.unwrap_or(u32::MAX));
        if let Some(lead) = &a.lead {
            v.check_ref(
                Doc::Plan,
                orgs,
                lead,
                "organisation",
                || format!("activities[{i}].lead"),
                &a.id,
            );
        }
        for (j, s) in a.supporting.iter().enumerate() {
            v.check_ref(
                Doc::Plan,
                orgs,
                s,
                "organisation",
                || format!("activities[{i}].supporting[{j}]"),
                &a.id,
            );
        }
        v.check_order(
            Doc::Plan,
            a.planned_start,
            a.deadline,
            || format!("activities[{i}].deadline"),
            &a.id,
            "deadline",
        );
        check_date_in_plan(
            v,
            plan,
            a.planned_start,
            || format!("activities[{i}].planned_start"),
            &a.id,
            "planned start",
        );
        check_date_in_plan(
            v,
            plan,
            a.deadline,
            || format!("activities[{i}].deadline"),
            &a.id,
            "deadline",
        );
        for (j, dep) in a.depends_on.iter().enumerate() {
            let path = || format!("activities[{i}].depends_on[{j}].activity");
            let pred = if dep.activity == a.id {
                v.report(
                    Doc::Plan,
                    ErrorKind::SelfDependency,
                    path(),
                    &a.id,
                    format!("activity `{}` depends on itself", a.id),
                );
                None
            } else {
                v.check_ref(
                    Doc::Plan,
                    activities,
                    &dep.activity,
                    "activity",
                    path,
                    &a.id,
                )
            };
            preds.push(pred.unwrap_or(u32::MAX));
        }
        for (j, ind) in a.indicators.iter().enumerate() {
            let k = v.check_ref(
                Doc::Plan,
                indicators,
                ind,
                "indicator",
                || format!("activities[{i}].indicators[{j}]"),
                &a.id,
            );
            if let Some(used) = k.and_then(|k| indicator_used.get_mut(k as usize)) {
                *used = true;
            }
        }
    }

    for (i, ind) in plan.indicators.iter().enumerate() {
        if let Some(owner) = &ind.owner {
            v.check_ref(
                Doc::Plan,
                orgs,
                owner,
                "organisation",
                || format!("indicators[{i}].owner"),
                &ind.id,
            );
        }
        if let Some(b) = &ind.baseline {
            if !b.value.is_finite() {
                v.report(
                    Doc::Plan,
                    ErrorKind::InvalidValue,
                    format!("indicators[{i}].baseline.value"),
                    &ind.id,
                    "baseline is not a finite number".into(),
                );
            }
        }
        let mut target_periods = BTreeSet::new();
        for (j, t) in ind.targets.iter().enumerate() {
            let period = check_period(
                v,
                plan,
                Doc::Plan,
                &t.period,
                None,
                || format!("indicators[{i}].targets[{j}].period"),
                &ind.id,
            );
            if let Some(p) = period {
                // Targets are at the indicator's frequency or coarser, one per period.
                if p.period_type().months() < ind.frequency.months() {
                    v.report(
                        Doc::Plan,
                        ErrorKind::InvalidPeriod,
                        format!("indicators[{i}].targets[{j}].period"),
                        &ind.id,
                        format!(
                            "target period {} is {}, finer than the indicator's {} frequency",
                            t.period,
                            p.period_type(),
                            ind.frequency
                        ),
                    );
                } else if !target_periods.insert(p) {
                    v.report(
                        Doc::Plan,
                        ErrorKind::DuplicateId,
                        format!("indicators[{i}].targets[{j}].period"),
                        &ind.id,
                        format!("target period {} is given twice", t.period),
                    );
                }
            }
            if !t.value.is_finite() {
                v.report(
                    Doc::Plan,
                    ErrorKind::InvalidValue,
                    format!("indicators[{i}].targets[{j}].value"),
                    &ind.id,
                    "target is not a finite number".into(),
                );
            }
        }
        let mut dims = BTreeSet::new();
        for (j, d) in ind.disaggregations.iter().enumerate() {
            if !dims.insert(d.dimension.as_str()) {
                v.report(
                    Doc::Plan,
                    ErrorKind::DuplicateId,
                    format!("indicators[{i}].disaggregations[{j}].dimension"),
                    &ind.id,
                    format!("dimension `{}` is declared twice", d.dimension),
                );
            }
            if d.categories.is_empty() {
                v.report(
                    Doc::Plan,
                    ErrorKind::MissingField,
                    format!("indicators[{i}].disaggregations[{j}].categories"),
                    &ind.id,
                    format!("dimension `{}` has no categories", d.dimension),
                );
            }
        }
    }
    for (i, r) in plan.indicator_relations.iter().enumerate() {
        v.check_ref(
            Doc::Plan,
            indicators,
            &r.left,
            "indicator",
            || format!("indicator_relations[{i}].left"),
            &r.left,
        );
        v.check_ref(
            Doc::Plan,
            indicators,
            &r.right,
            "indicator",
            || format!("indicator_relations[{i}].right"),
            &r.right,
        );
    }

    v.index_ids(
        Doc::Plan,
        "reporting_obligations",
        "reporting obligation",
        plan.reporting_obligations.iter().map(|o| o.id.as_str()),
    );
    let mut reporters = Vec::with_capacity(plan.reporting_obligations.len());
    for (i, o) in plan.reporting_obligations.iter().enumerate() {
        reporters.push(resolve_selector(
            v,
            plan,
            orgs,
            &o.reporters,
            &format!("reporting_obligations[{i}].reporters"),
            &o.id,
        ));
        if let Some(r) = &o.recipient {
            v.check_ref(
                Doc::Plan,
                orgs,
                r,
                "organisation",
                || format!("reporting_obligations[{i}].recipient"),
                &o.id,
            );
        }
        check_window(
            v,
            plan,
            o.from,
            o.until,
            &format!("reporting_obligations[{i}]"),
            &o.id,
        );
    }
    v.report_ids(
        Doc::Plan,
        "meeting_obligations",
        "meeting obligation",
        &ids.meeting_obligation,
    );
    let mut organisers = Vec::with_capacity(plan.meeting_obligations.len());
    for (i, o) in plan.meeting_obligations.iter().enumerate() {
        organisers.push(resolve_selector(
            v,
            plan,
            orgs,
            &o.organisers,
            &format!("meeting_obligations[{i}].organisers"),
            &o.id,
        ));
        check_window(
            v,
            plan,
            o.from,
            o.until,
            &format!("meeting_obligations[{i}]"),
            &o.id,
        );
    }

    let mut reporter_obligations: Vec<Vec<u32>> = vec![Vec::new(); plan.organisations.len()];
    for (k, list) in reporters.iter().enumerate() {
        for &r in list {
            if let Some(obligations) = reporter_obligations.get_mut(r as usize) {
                obligations.push(k as u32);
            }
        }
    }
    let overlapping_obligations = reporter_obligations.iter().any(|list| {
        let mut types: Vec<_> = list
            .iter()
            .filter_map(|&k| plan.reporting_obligations.get(k as usize))
            .map(|o| o.report_type)
            .collect();
        let n = types.len();
        types.sort_unstable();
        types.dedup();
        types.len() != n
    });

    let baselines = super::validate_baselines::check_baselines(v, plan, activities);

    let index = Index {
        baselines,
        group_strategy,
        activity_group,
        reporters,
        reporter_obligations,
        overlapping_obligations,
        organisers,
        indicator_used,
        ..Index::default()
    };
    (index, preds)
}

fn check_window(
    v: &mut Validator<'_>,
    plan: &Plan,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    path: &str,
    subject: &str,
) {
    if let Some(f) = from {
        check_date_in_plan(v, plan, f, || format!("{path}.from"), subject, "from");
    }
    if let Some(u) = until {
        check_date_in_plan(v, plan, u, || format!("{path}.until"), subject, "until");
    }
    if let (Some(f), Some(u)) = (from, until) {
        v.check_order(
            Doc::Plan,
            f,
            u,
            || format!("{path}.until"),
            subject,
            "until",
        );
    }
}

/// Organisations form a tree: report each parent cycle once, from its smallest id.
fn check_parent_cycles(v: &mut Validator<'_>, plan: &Plan, orgs: &IdMap) {
    let n = plan.organisations.len();
    let parent: Vec<Option<usize>> = plan
        .organisations
        .iter()
        .map(|o| {
            o.parent
                .as_ref()
                .and_then(|p| orgs.get(p))
                .map(|&p| p as usize)
        })
        .collect();
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; n];
    let mut reported: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        let mut walk = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            if state[c] == 2 {
                break;
            }
            if state[c] == 1 {
                if let Some(pos) = walk.iter().position(|&w| w == c) {
                    let cycle: Vec<usize> = walk[pos..].to_vec();
                    if cycle.len() > 1 {
                        reported.push(cycle);
                    }
                }
                break;
            }
            state[c] = 1;
            walk.push(c);
            cur = parent[c];
        }
        for w in walk {
            state[w] = 2;
        }
    }
    for mut cycle in reported {
        let Some(min_pos) = (0..cycle.len()).min_by(|&a, &b| {
            natural_cmp(
                &plan.organisations[cycle[a]].id,
                &plan.organisations[cycle[b]].id,
            )
        }) else {
            continue;
        };
        cycle.rotate_left(min_pos);
        let mut names: Vec<&str> = cycle
            .iter()
            .map(|&i| plan.organisations[i].id.as_str())
            .collect();
        names.push(names[0]);
        v.report(
            Doc::Plan,
            ErrorKind::DependencyCycle,
            format!("organisations[{}].parent", cycle[0]),
            &plan.organisations[cycle[0]].id,
            format!("organisation parents form a cycle: {}", names.join(" -> ")),
        );
    }
}
