//! Checks of the monitoring data against the plan, and the indexes built from them.

use super::validate::{check_period, Doc, PlanIds, Validator};
use crate::dataset::{Index, SubmissionRecord};
use crate::error::ErrorKind;
use crate::model::{Monitoring, Plan};
use crate::period::Period;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;

/// `collection[i]`, written only when a path is built for an error.
#[derive(Clone, Copy)]
struct At(&'static str, usize);

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.0, self.1)
    }
}

/// Checks the monitoring data against the plan's ids; returns the monitoring part of the
/// index (the plan's part is left at its default).
pub(crate) fn check_monitoring(
    v: &mut Validator<'_>,
    plan: &Plan,
    monitoring: &Monitoring,
    ids: &PlanIds,
) -> Index {
    let mut index = Index::default();
    if let Some(id) = &monitoring.plan {
        if id != &plan.id {
            v.report(
                Doc::Monitoring,
                ErrorKind::UnknownReference,
                "plan".into(),
                id,
                format!("monitoring data are for plan `{id}`, not `{}`", plan.id),
            );
        }
    }

    let mut updates: Vec<Vec<u32>> = vec![Vec::new(); plan.activities.len()];
    for (i, u) in monitoring.status_updates.iter().enumerate() {
        let path = At("status_updates", i);
        let a = v.check_ref(
            Doc::Monitoring,
            &ids.activity.map,
            &u.activity,
            "activity",
            || format!("{path}.activity"),
            &u.activity,
        );
        if let Some(p) = u.progress {
            if !(0.0..=100.0).contains(&p) {
                v.report(
                    Doc::Monitoring,
                    ErrorKind::InvalidValue,
                    format!("{path}.progress"),
                    &u.activity,
                    format!("progress {p} is not between 0 and 100"),
                );
            }
        }
        if let (Some(s), Some(f)) = (u.actual_start, u.actual_finish) {
            v.check_order(
                Doc::Monitoring,
                s,
                f,
                || format!("{path}.actual_finish"),
                &u.activity,
                "actual finish",
            );
        }
        for (field, date) in [
            ("actual_start", u.actual_start),
            ("actual_finish", u.actual_finish),
        ] {
            if let Some(d) = date.filter(|&d| d > u.date) {
                v.report(
                    Doc::Monitoring,
                    ErrorKind::InvalidValue,
                    format!("{path}.{field}"),
                    &u.activity,
                    format!(
                        "{} {d} is after the update's date {}",
                        field.replace('_', " "),
                        u.date
                    ),
                );
            }
        }
        if let Some(a) = a {
            updates[a as usize].push(i as u32);
        }
    }
    for list in &mut updates {
        // Stable: updates of the same day keep their file order, the last one wins.
        list.sort_by_key(|&i| monitoring.status_updates[i as usize].date);
    }
    index.updates = updates;

    let mut submission_periods = Vec::with_capacity(monitoring.submissions.len());
    let mut submission_reporters = Vec::with_capacity(monitoring.submissions.len());
    let mut first_submission: HashMap<(u32, Period), SubmissionRecord, _> =
        HashMap::with_capacity_and_hasher(
            monitoring.submissions.len(),
            foldhash::fast::FixedState::default(),
        );
    for (i, s) in monitoring.submissions.iter().enumerate() {
        let path = At("submissions", i);
        let org = v.check_ref(
            Doc::Monitoring,
            &ids.org.map,
            &s.reporter,
            "organisation",
            || format!("{path}.reporter"),
            &s.reporter,
        );
        let period = check_period(
            v,
            plan,
            Doc::Monitoring,
            &s.period,
            Some(s.report_type),
            || format!("{path}.period"),
            &s.reporter,
        );
        submission_periods.push(period);
        submission_reporters.push(org.unwrap_or(u32::MAX));
        if let (Some(org), Some(period)) = (org, period) {
            first_submission
                .entry((org, period))
                .and_modify(|r| {
                    r.count += 1;
                    if s.submitted < r.first {
                        r.first = s.submitted;
                        r.index = i as u32;
                    }
                })
                .or_insert(SubmissionRecord {
                    first: s.submitted,
                    count: 1,
                    index: i as u32,
                });
        }
    }
    index.submission_periods = submission_periods;
    index.submission_reporters = submission_reporters;
    let mut first_submissions: Vec<Vec<(Period, NaiveDate)>> =
        vec![Vec::new(); plan.organisations.len()];
    for (&(org, period), record) in &first_submission {
        if let Some(list) = first_submissions.get_mut(org as usize) {
            list.push((period, record.first));
        }
    }
    for list in &mut first_submissions {
        // Periods are unique per reporter, so the order does not depend on the map's.
        list.sort_unstable_by_key(|&(p, _)| p);
    }
    index.first_submissions = first_submissions;
    index.submissions = first_submission;

    let mut actual_periods = Vec::with_capacity(monitoring.indicator_actuals.len());
    let mut actual_indicators = Vec::with_capacity(monitoring.indicator_actuals.len());
    for (i, x) in monitoring.indicator_actuals.iter().enumerate() {
        let path = At("indicator_actuals", i);
        let ind = v.check_ref(
            Doc::Monitoring,
            &ids.indicator.map,
            &x.indicator,
            "indicator",
            || format!("{path}.indicator"),
            &x.indicator,
        );
        let frequency = ind.map(|k| plan.indicators[k as usize].frequency);
        let period = check_period(
            v,
            plan,
            Doc::Monitoring,
            &x.period,
            frequency,
            || format!("{path}.period"),
            &x.indicator,
        );
        actual_periods.push(period);
        actual_indicators.push(ind);
        if !x.value.is_finite() {
            v.report(
                Doc::Monitoring,
                ErrorKind::InvalidValue,
                format!("{path}.value"),
                &x.indicator,
                "value is not a finite number".into(),
            );
        }
        if let Some(by) = &x.reported_by {
            v.check_ref(
                Doc::Monitoring,
                &ids.org.map,
                by,
                "organisation",
                || format!("{path}.reported_by"),
                &x.indicator,
            );
        }
        if let Some(k) = ind {
            let declared = &plan.indicators[k as usize].disaggregations;
            for (dim, parts) in &x.disaggregation {
                let Some(d) = declared.iter().find(|d| &d.dimension == dim) else {
                    let names: Vec<&str> = declared.iter().map(|d| d.dimension.as_str()).collect();
                    v.report(
                        Doc::Monitoring,
                        ErrorKind::UnknownReference,
                        format!("{path}.disaggregation.{dim}"),
                        &x.indicator,
                        if names.is_empty() {
                            format!(
                                "indicator `{}` declares no disaggregation, not `{dim}`",
                                x.indicator
                            )
                        } else {
                            format!(
                                "`{dim}` is not a dimension of indicator `{}` (expected one of {})",
                                x.indicator,
                                names.join(", ")
                            )
                        },
                    );
                    continue;
                };
                for (cat, value) in parts {
                    if !d.categories.iter().any(|c| c == cat) {
                        v.report(
                            Doc::Monitoring,
                            ErrorKind::InvalidValue,
                            format!("{path}.disaggregation.{dim}.{cat}"),
                            &x.indicator,
                            format!(
                                "`{cat}` is not a category of `{dim}` (expected one of {})",
                                d.categories.join(", ")
                            ),
                        );
                    } else if !value.is_finite() {
                        v.report(
                            Doc::Monitoring,
                            ErrorKind::InvalidValue,
                            format!("{path}.disaggregation.{dim}.{cat}"),
                            &x.indicator,
                            "value is not a finite number".into(),
                        );
                    }
                }
            }
        }
    }
    let mut indicator_actuals: Vec<Vec<u32>> = vec![Vec::new(); plan.indicators.len()];
    for (i, &k) in actual_indicators.iter().enumerate() {
        if let (Some(k), Some(Some(_))) = (k, actual_periods.get(i)) {
            if let Some(list) = indicator_actuals.get_mut(k as usize) {
                list.push(i as u32);
            }
        }
    }
    for list in &mut indicator_actuals {
        // By period, then the day each value is known, then reporter: never by file
        // position, so that the order of the list does not matter. The same indicator,
        // period, reporter and day twice is refused: which one counts would be a guess.
        let key = |i: u32| {
            let p = actual_periods.get(i as usize).copied().flatten();
            let x = monitoring.indicator_actuals.get(i as usize);
            let known = x.and_then(|x| x.reported).or(p.map(|p| p.end()));
            (p, known, x.and_then(|x| x.reported_by.as_deref()))
        };
        list.sort_by_key(|&i| (key(i), i));
        for pair in list.windows(2) {
            if key(pair[0]) == key(pair[1]) {
                let x = &monitoring.indicator_actuals[pair[1] as usize];
                v.report(
                    Doc::Monitoring,
                    ErrorKind::DuplicateId,
                    At("indicator_actuals", pair[1] as usize).to_string(),
                    &x.indicator,
                    format!(
                        "indicator `{}` has two values for {} known on the same day{}",
                        x.indicator,
                        x.period,
                        x.reported_by
                            .as_ref()
                            .map(|b| format!(" from `{b}`"))
                            .unwrap_or_default()
                    ),
                );
            }
        }
    }
    index.indicator_actuals = indicator_actuals;
    index.actual_periods = actual_periods;

    let mut meeting_periods = Vec::with_capacity(monitoring.meetings.len());
    let mut meetings_held: Vec<Vec<(u32, Period, NaiveDate)>> =
        vec![Vec::new(); plan.organisations.len()];
    for (i, m) in monitoring.meetings.iter().enumerate() {
        let path = At("meetings", i);
        let ob = v.check_ref(
            Doc::Monitoring,
            &ids.meeting_obligation.map,
            &m.obligation,
            "meeting obligation",
            || format!("{path}.obligation"),
            &m.organiser,
        );
        let organiser = v.check_ref(
            Doc::Monitoring,
            &ids.org.map,
            &m.organiser,
            "organisation",
            || format!("{path}.organiser"),
            &m.organiser,
        );
        let period = ob.and_then(|k| {
            let frequency = plan.meeting_obligations[k as usize].frequency;
            match &m.period {
                Some(id) => check_period(
                    v,
                    plan,
                    Doc::Monitoring,
                    id,
                    Some(frequency),
                    || format!("{path}.period"),
                    &m.organiser,
                ),
                None => {
                    let p = Period::containing(frequency, m.date, plan.fiscal_year_start_month);
                    if p.is_none() {
                        v.report(
                            Doc::Monitoring,
                            ErrorKind::InvalidPeriod,
                            format!("{path}.date"),
                            &m.organiser,
                            format!("{} lies in no {frequency} period; give `period`", m.date),
                        );
                    }
                    p
                }
            }
        });
        if let (Some(k), Some(o), Some(p)) = (ob, organiser, period) {
            if let Some(list) = meetings_held.get_mut(o as usize) {
                list.push((k, p, m.date));
            }
        }
        meeting_periods.push(period);
    }
    index.meeting_periods = meeting_periods;
    for list in &mut meetings_held {
        // Keep the earliest meeting of each (obligation, period).
        list.sort_unstable();
        list.dedup_by_key(|&mut (k, p, _)| (k, p));
    }
    index.meetings_held = meetings_held;
    index
}
