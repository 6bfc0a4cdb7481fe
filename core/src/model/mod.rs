//! The plan (what was agreed) and the monitoring data (what happened), as plain serde
//! types. The JSON format is these types, field for field: unknown fields are refused.
//!
//! A plan directory holds `plan.json` ([`Plan`]) and `monitoring.json` ([`Monitoring`]);
//! see [`Dataset::load_dir`](crate::Dataset::load_dir).

mod activity;
mod format;
mod indicator;
mod monitoring;
mod obligation;
mod organisation;
mod plan;
mod schedule_baseline;

pub use activity::{Activity, ActivityGroup, Dependency, LinkType, Strategy, TitleStatus};
pub(crate) use format::version as format_version;
pub use format::FORMAT_VERSION;
pub use indicator::{
    Baseline, Direction, Disaggregation, Indicator, IndicatorRelation, ProgressMethod, RelationOp,
    Target, TargetKind,
};
pub use monitoring::{
    ActivityStatus, IndicatorActual, MeetingHeld, Monitoring, StatusUpdate, Submission,
};
pub use obligation::{MeetingObligation, ReporterSelector, ReportingObligation};
pub use organisation::Organisation;
pub use plan::Plan;
pub use schedule_baseline::{BaselineDates, ScheduleBaseline};
