//! The table layout: which tables there are, their columns in order, and how each column
//! is read (docs/tables.md describes it for people).

/// How a column's cells are read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The id of the parent item (an activity's dependencies, an indicator's targets);
    /// text.
    Parent,
    /// Text (ids, names, enum values, period ids).
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// A date: a date cell or `YYYY-MM-DD` text.
    Date,
    /// A list of texts in one cell (see [`encoding`](super::encoding)).
    List,
    /// In a key/value table: one row per item of a list (`note`).
    Lines,
}

/// A column: its header, the JSON field it holds (dotted for a nested field, like
/// `baseline.value`) and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Column {
    pub name: &'static str,
    pub field: &'static str,
    pub kind: Kind,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        field: name,
        kind,
    }
}

const fn field(name: &'static str, field: &'static str, kind: Kind) -> Column {
    Column { name, field, kind }
}

/// A table of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spec {
    /// Its name: the CSV file stem and the sheet name.
    pub name: &'static str,
    /// The JSON collection its rows make (`indicator_actuals` for `indicator_values`), or
    /// the parent's sub-collection (`depends_on`).
    pub collection: &'static str,
    /// Its columns, in order.
    pub columns: &'static [Column],
    /// Nested objects that are always present (a selector with no ids and no kinds).
    pub objects: &'static [&'static str],
}

impl Spec {
    /// The column holding `path` (a JSON path inside one row's item, like `lead`,
    /// `supporting[1]` or `baseline.value`).
    pub fn column_for(&self, path: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| {
            c.kind != Kind::Parent
                && path
                    .strip_prefix(c.field)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['[', '.']))
        })
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

use Kind::*;

/// The key/value tables `plan` and `monitoring` have these two columns; their keys are
/// in [`PLAN_KEYS`] and [`MONITORING_KEYS`].
pub(crate) const KEY_VALUE: &[Column] = &[col("key", Text), col("value", Text)];

/// The keys of the `plan` table.
pub(crate) const PLAN_KEYS: &[Column] = &[
    col("id", Text),
    col("title", Text),
    col("start", Date),
    col("end", Date),
    col("fiscal_year_start_month", Integer),
    col("source", Text),
    field("note", "notes", Lines),
];

/// The keys of the `monitoring` table.
pub(crate) const MONITORING_KEYS: &[Column] = &[
    col("plan", Text),
    col("synthetic", Bool),
    field("note", "notes", Lines),
];

pub(crate) const PLAN: Spec = Spec {
    name: "plan",
    collection: "",
    columns: KEY_VALUE,
    objects: &[],
};

pub(crate) const ORGANISATIONS: Spec = Spec {
    name: "organisations",
    collection: "organisations",
    columns: &[
        col("id", Text),
        col("name", Text),
        col("abbreviation", Text),
        col("kind", Text),
        col("parent", Text),
        col("led_by", Text),
        col("active_from", Date),
        col("active_until", Date),
    ],
    objects: &[],
};

pub(crate) const STRATEGIES: Spec = Spec {
    name: "strategies",
    collection: "strategies",
    columns: &[
        col("id", Text),
        col("title", Text),
        col("title_status", Text),
        col("declared_activity_count", Integer),
    ],
    objects: &[],
};

pub(crate) const GROUPS: Spec = Spec {
    name: "groups",
    collection: "groups",
    columns: &[
        col("id", Text),
        col("strategy", Text),
        col("title", Text),
        col("title_status", Text),
        col("lead", Text),
        col("declared_activity_count", Integer),
        col("note", Text),
    ],
    objects: &[],
};

pub(crate) const ACTIVITIES: Spec = Spec {
    name: "activities",
    collection: "activities",
    columns: &[
        col("id", Text),
        col("group", Text),
        col("title", Text),
        col("title_status", Text),
        col("lead", Text),
        col("supporting", List),
        col("planned_start", Date),
        col("deadline", Date),
        col("indicators", List),
        col("tags", List),
    ],
    objects: &[],
};

pub(crate) const DEPENDENCIES: Spec = Spec {
    name: "dependencies",
    collection: "depends_on",
    columns: &[
        field("activity", "", Parent),
        field("depends_on", "activity", Text),
        field("type", "type", Text),
        col("lag_days", Integer),
    ],
    objects: &[],
};

pub(crate) const INDICATORS: Spec = Spec {
    name: "indicators",
    collection: "indicators",
    columns: &[
        col("id", Text),
        col("name", Text),
        col("unit", Text),
        col("direction", Text),
        col("frequency", Text),
        col("target_kind", Text),
        col("owner", Text),
        field("baseline_value", "baseline.value", Number),
        field("baseline_date", "baseline.date", Date),
        field("baseline_source", "baseline.source", Text),
        col("progress_method", Text),
        col("note", Text),
    ],
    objects: &[],
};

pub(crate) const TARGETS: Spec = Spec {
    name: "targets",
    collection: "targets",
    columns: &[
        field("indicator", "", Parent),
        col("period", Text),
        col("value", Number),
    ],
    objects: &[],
};

pub(crate) const INDICATOR_DISAGGREGATIONS: Spec = Spec {
    name: "indicator_disaggregations",
    collection: "disaggregations",
    columns: &[
        field("indicator", "", Parent),
        col("dimension", Text),
        col("categories", List),
    ],
    objects: &[],
};

pub(crate) const INDICATOR_RELATIONS: Spec = Spec {
    name: "indicator_relations",
    collection: "indicator_relations",
    columns: &[col("left", Text), col("op", Text), col("right", Text)],
    objects: &[],
};

pub(crate) const REPORTING_OBLIGATIONS: Spec = Spec {
    name: "reporting_obligations",
    collection: "reporting_obligations",
    columns: &[
        col("id", Text),
        col("report_type", Text),
        field("reporter_ids", "reporters.ids", List),
        field("reporter_kinds", "reporters.kinds", List),
        col("recipient", Text),
        col("grace_days", Integer),
        col("from", Date),
        col("until", Date),
    ],
    objects: &["reporters"],
};

pub(crate) const MEETING_OBLIGATIONS: Spec = Spec {
    name: "meeting_obligations",
    collection: "meeting_obligations",
    columns: &[
        col("id", Text),
        col("title", Text),
        col("frequency", Text),
        field("organiser_ids", "organisers.ids", List),
        field("organiser_kinds", "organisers.kinds", List),
        col("grace_days", Integer),
        col("from", Date),
        col("until", Date),
    ],
    objects: &["organisers"],
};

pub(crate) const SCHEDULE_BASELINES: Spec = Spec {
    name: "schedule_baselines",
    collection: "schedule_baselines",
    columns: &[
        col("id", Text),
        col("name", Text),
        col("adopted", Date),
        col("note", Text),
    ],
    objects: &[],
};

/// One row per activity of a schedule baseline.
pub(crate) const BASELINE_DATES: Spec = Spec {
    name: "baseline_dates",
    collection: "activities",
    columns: &[
        field("baseline", "", Parent),
        col("activity", Text),
        col("planned_start", Date),
        col("deadline", Date),
    ],
    objects: &[],
};

pub(crate) const MONITORING: Spec = Spec {
    name: "monitoring",
    collection: "",
    columns: KEY_VALUE,
    objects: &[],
};

pub(crate) const STATUS_UPDATES: Spec = Spec {
    name: "status_updates",
    collection: "status_updates",
    columns: &[
        col("activity", Text),
        col("date", Date),
        col("status", Text),
        col("progress", Number),
        col("actual_start", Date),
        col("actual_finish", Date),
        col("note", Text),
    ],
    objects: &[],
};

pub(crate) const SUBMISSIONS: Spec = Spec {
    name: "submissions",
    collection: "submissions",
    columns: &[
        col("reporter", Text),
        col("report_type", Text),
        col("period", Text),
        col("submitted", Date),
    ],
    objects: &[],
};

/// Long form: a total row (no `dimension`), then one row per category of its breakdown.
pub(crate) const INDICATOR_VALUES: Spec = Spec {
    name: "indicator_values",
    collection: "indicator_actuals",
    columns: &[
        col("indicator", Text),
        col("period", Text),
        col("reported_by", Text),
        col("reported", Date),
        field("dimension", "disaggregation", Text),
        col("category", Text),
        col("value", Number),
    ],
    objects: &[],
};

pub(crate) const MEETINGS: Spec = Spec {
    name: "meetings",
    collection: "meetings",
    columns: &[
        col("obligation", Text),
        col("organiser", Text),
        col("date", Date),
        col("period", Text),
    ],
    objects: &[],
};

/// The tables of the plan, in the layout's order.
pub(crate) const PLAN_TABLES: &[&Spec] = &[
    &PLAN,
    &ORGANISATIONS,
    &STRATEGIES,
    &GROUPS,
    &ACTIVITIES,
    &DEPENDENCIES,
    &INDICATORS,
    &TARGETS,
    &INDICATOR_DISAGGREGATIONS,
    &INDICATOR_RELATIONS,
    &REPORTING_OBLIGATIONS,
    &MEETING_OBLIGATIONS,
    &SCHEDULE_BASELINES,
    &BASELINE_DATES,
];

/// The tables of the monitoring data, in the layout's order.
pub(crate) const MONITORING_TABLES: &[&Spec] = &[
    &MONITORING,
    &STATUS_UPDATES,
    &SUBMISSIONS,
    &INDICATOR_VALUES,
    &MEETINGS,
];

/// Every table of the layout, in order.
pub(crate) fn all() -> impl Iterator<Item = &'static Spec> {
    PLAN_TABLES.iter().chain(MONITORING_TABLES).copied()
}

/// The table named `name`.
pub(crate) fn spec(name: &str) -> Option<&'static Spec> {
    all().find(|s| s.name == name)
}
