//! Checks of the plan's schedule baselines, and their dates by activity position.

use super::validate::{Doc, Validator};
use super::IdMap;
use crate::error::ErrorKind;
use crate::model::Plan;
use chrono::NaiveDate;

/// The planned start and deadline of each activity (by plan position) in one baseline;
/// `None` for an activity the baseline does not cover.
pub(crate) type BaselineColumn = Vec<Option<[NaiveDate; 2]>>;

/// Checks `plan.schedule_baselines` (ids unique and not empty, activities known and each
/// at most once per baseline, starts not after deadlines) and returns each baseline's
/// dates by activity position.
pub(crate) fn check_baselines(
    v: &mut Validator<'_>,
    plan: &Plan,
    activities: &IdMap,
) -> Vec<BaselineColumn> {
    v.index_ids(
        Doc::Plan,
        "schedule_baselines",
        "schedule baseline",
        plan.schedule_baselines.iter().map(|b| b.id.as_str()),
    );
    let mut columns = Vec::with_capacity(plan.schedule_baselines.len());
    for (i, b) in plan.schedule_baselines.iter().enumerate() {
        let mut column: BaselineColumn = vec![None; plan.activities.len()];
        let mut first_at: Vec<u32> = Vec::new();
        for (j, d) in b.activities.iter().enumerate() {
            let Some(at) = v.check_ref(
                Doc::Plan,
                activities,
                &d.activity,
                "activity",
                || format!("schedule_baselines[{i}].activities[{j}].activity"),
                &b.id,
            ) else {
                continue;
            };
            v.check_order(
                Doc::Plan,
                d.planned_start,
                d.deadline,
                || format!("schedule_baselines[{i}].activities[{j}].deadline"),
                &d.activity,
                "baseline deadline",
            );
            let Some(slot) = column.get_mut(at as usize) else {
                continue;
            };
            if slot.is_some() {
                if first_at.is_empty() {
                    // Built only when a duplicate shows, to name the first entry.
                    first_at = vec![u32::MAX; plan.activities.len()];
                    for (k, e) in b.activities.iter().enumerate().take(j) {
                        if let Some(&p) = activities.get(&e.activity) {
                            if let Some(f) = first_at.get_mut(p as usize) {
                                if *f == u32::MAX {
                                    *f = k as u32;
                                }
                            }
                        }
                    }
                }
                let first = first_at.get(at as usize).copied().unwrap_or(0);
                v.report(
                    Doc::Plan,
                    ErrorKind::DuplicateId,
                    format!("schedule_baselines[{i}].activities[{j}].activity"),
                    &d.activity,
                    format!(
                        "activity `{}` appears twice in schedule baseline `{}` (first at schedule_baselines[{i}].activities[{first}])",
                        d.activity, b.id
                    ),
                );
                continue;
            }
            *slot = Some([d.planned_start, d.deadline]);
        }
        columns.push(column);
    }
    columns
}

#[cfg(test)]
mod tests {
    use crate::{Dataset, ErrorKind};

    fn plan(baselines: &str) -> String {
        format!(
            r#"{{"id": "p", "title": "P", "start": "2019-01-01", "end": "2023-12-31",
  "strategies": [{{"id": "1", "title": "S"}}],
  "groups": [{{"id": "1.1", "strategy": "1", "title": "G"}}],
  "activities": [
    {{"id": "1.1.1", "group": "1.1", "title": "A", "planned_start": "2019-01-01", "deadline": "2019-12-31"}},
    {{"id": "1.1.2", "group": "1.1", "title": "B", "planned_start": "2020-01-01", "deadline": "2020-12-31"}}],
  "schedule_baselines": {baselines}}}"#
        )
    }

    fn errors(baselines: &str) -> Vec<(ErrorKind, String, String)> {
        match Dataset::from_json(&plan(baselines), "{}") {
            Ok(_) => Vec::new(),
            Err(errs) => errs
                .iter()
                .map(|e| (e.kind(), e.location().path.clone(), e.message().to_string()))
                .collect(),
        }
    }

    #[test]
    fn a_valid_baseline_loads() {
        let ds = Dataset::from_json(
            &plan(
                r#"[{"id": "o", "name": "Original", "adopted": "2019-01-01", "activities": [
                {"activity": "1.1.2", "planned_start": "2019-07-01", "deadline": "2020-06-30"}]}]"#,
            ),
            "{}",
        )
        .unwrap();
        let column = &ds.index.baselines[0];
        assert_eq!(column[0], None);
        assert_eq!(
            column[1].map(|d| d[1].to_string()),
            Some("2020-06-30".to_string())
        );
    }

    #[test]
    fn each_mistake_is_named_where_it_is() {
        let cases: &[(&str, ErrorKind, &str, &str)] = &[
            (
                r#"[{"id": "o", "name": "O", "adopted": "2019-01-01"}, {"id": "o", "name": "P", "adopted": "2021-01-01"}]"#,
                ErrorKind::DuplicateId,
                "schedule_baselines[1].id",
                "duplicate schedule baseline id `o` (first at schedule_baselines[0])",
            ),
            (
                r#"[{"id": "", "name": "O", "adopted": "2019-01-01"}]"#,
                ErrorKind::InvalidValue,
                "schedule_baselines[0].id",
                "schedule baseline id is empty",
            ),
            (
                r#"[{"id": "o", "name": "O", "adopted": "2019-01-01", "activities": [
                  {"activity": "9.9.9", "planned_start": "2019-01-01", "deadline": "2019-02-01"}]}]"#,
                ErrorKind::UnknownReference,
                "schedule_baselines[0].activities[0].activity",
                "unknown activity `9.9.9`",
            ),
            (
                r#"[{"id": "o", "name": "O", "adopted": "2019-01-01", "activities": [
                  {"activity": "1.1.1", "planned_start": "2019-03-01", "deadline": "2019-02-01"}]}]"#,
                ErrorKind::DeadlineBeforeStart,
                "schedule_baselines[0].activities[0].deadline",
                "baseline deadline 2019-02-01 is before its start 2019-03-01",
            ),
            (
                r#"[{"id": "o", "name": "O", "adopted": "2019-01-01", "activities": [
                  {"activity": "1.1.2", "planned_start": "2019-01-01", "deadline": "2019-02-01"},
                  {"activity": "1.1.1", "planned_start": "2019-01-01", "deadline": "2019-02-01"},
                  {"activity": "1.1.2", "planned_start": "2019-01-01", "deadline": "2019-03-01"}]}]"#,
                ErrorKind::DuplicateId,
                "schedule_baselines[0].activities[2].activity",
                "activity `1.1.2` appears twice in schedule baseline `o` (first at schedule_baselines[0].activities[0])",
            ),
        ];
        for (baselines, kind, path, message) in cases {
            let got = errors(baselines);
            assert_eq!(
                got,
                vec![(*kind, path.to_string(), message.to_string())],
                "{baselines}"
            );
        }
    }
}
