//! The forecast table.

use super::{batch, date32};
use crate::eval::Forecast;
use crate::Dataset;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Int64Builder, StringBuilder, StringDictionaryBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use std::sync::Arc;

/// The forecast, one row per activity (plan order), with the activity's group, title,
/// lead and planned start from the plan; when it reports variance against a schedule
/// baseline, four more columns: `baseline_start`, `baseline_finish`,
/// `start_variance_days` and `finish_variance_days` (null where the baseline does not
/// cover the activity).
pub fn forecast_batch(dataset: &Dataset, forecast: &Forecast) -> Result<RecordBatch, ArrowError> {
    let plan = dataset.plan();
    let n = forecast.activities.len();
    let mut activity = StringBuilder::with_capacity(n, n * 8);
    let mut group = StringBuilder::with_capacity(n, n * 4);
    let mut title = StringBuilder::with_capacity(n, n * 40);
    let mut lead = StringBuilder::with_capacity(n, n * 8);
    let mut status = StringDictionaryBuilder::<Int32Type>::new();
    let mut planned_start = Date32Builder::with_capacity(n);
    let mut deadline = Date32Builder::with_capacity(n);
    let mut early_start = Date32Builder::with_capacity(n);
    let mut early_finish = Date32Builder::with_capacity(n);
    let mut late_start = Date32Builder::with_capacity(n);
    let mut late_finish = Date32Builder::with_capacity(n);
    let mut slack = Int64Builder::with_capacity(n);
    let mut critical = BooleanBuilder::with_capacity(n);
    let mut driver = StringBuilder::with_capacity(n, n * 4);
    let mut link = StringBuilder::with_capacity(n, n * 2);
    let mut baseline_start = Date32Builder::with_capacity(n);
    let mut baseline_finish = Date32Builder::with_capacity(n);
    let mut start_variance = Int64Builder::with_capacity(n);
    let mut finish_variance = Int64Builder::with_capacity(n);
    for (i, a) in forecast.activities.iter().enumerate() {
        // The forecast lists activities in plan order; check the id all the same.
        let planned = plan
            .activities
            .get(i)
            .filter(|p| p.id == a.activity)
            .or_else(|| plan.activities.iter().find(|p| p.id == a.activity));
        activity.append_value(&a.activity);
        group.append_option(planned.map(|p| p.group.as_str()));
        title.append_option(planned.map(|p| p.title.as_str()));
        lead.append_option(planned.and_then(|p| p.lead.as_deref()));
        status.append_value(a.status.name());
        planned_start.append_option(planned.map(|p| date32(p.planned_start)));
        deadline.append_value(date32(a.deadline));
        early_start.append_value(date32(a.early_start));
        early_finish.append_value(date32(a.early_finish));
        late_start.append_value(date32(a.late_start));
        late_finish.append_value(date32(a.late_finish));
        slack.append_value(a.slack_days);
        critical.append_value(a.critical);
        driver.append_option(a.driving_predecessor.as_deref());
        link.append_option(a.driving_link.as_ref().map(json_name));
        baseline_start.append_option(a.baseline_start.map(date32));
        baseline_finish.append_option(a.baseline_finish.map(date32));
        start_variance.append_option(a.start_variance_days);
        finish_variance.append_option(a.finish_variance_days);
    }
    let mut columns: Vec<(&str, arrow_array::ArrayRef)> = vec![
        ("activity", Arc::new(activity.finish())),
        ("group", Arc::new(group.finish())),
        ("title", Arc::new(title.finish())),
        ("lead", Arc::new(lead.finish())),
        ("status", Arc::new(status.finish())),
        ("planned_start", Arc::new(planned_start.finish())),
        ("deadline", Arc::new(deadline.finish())),
        ("early_start", Arc::new(early_start.finish())),
        ("early_finish", Arc::new(early_finish.finish())),
        ("late_start", Arc::new(late_start.finish())),
        ("late_finish", Arc::new(late_finish.finish())),
        ("slack_days", Arc::new(slack.finish())),
        ("critical", Arc::new(critical.finish())),
        ("driving_predecessor", Arc::new(driver.finish())),
        ("driving_link", Arc::new(link.finish())),
    ];
    if forecast.schedule_baseline.is_some() {
        columns.extend([
            (
                "baseline_start",
                Arc::new(baseline_start.finish()) as arrow_array::ArrayRef,
            ),
            ("baseline_finish", Arc::new(baseline_finish.finish())),
            ("start_variance_days", Arc::new(start_variance.finish())),
            ("finish_variance_days", Arc::new(finish_variance.finish())),
        ]);
    }
    batch(columns)
}

/// The serialised name of a unit enum value (`in_progress`, `FS`, ...).
fn json_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
