//! The table layout: a plan and its monitoring data as one table per entity, read from
//! a directory of CSV files or the sheets of one .xlsx workbook, and written back.
//!
//! docs/tables.md documents every table column by column; in short:
//!
//! | table | one row per | columns |
//! |---|---|---|
//! | `plan` | key (`id`, `title`, `start`, `end`, `fiscal_year_start_month`, `source`, `note`...) | `key`, `value` |
//! | `organisations` | organisation | `id`, `name`, `abbreviation`, `kind`, `parent`, `led_by`, `active_from`, `active_until` |
//! | `strategies` | strategy | `id`, `title`, `title_status`, `declared_activity_count` |
//! | `groups` | activity group | `id`, `strategy`, `title`, `title_status`, `lead`, `declared_activity_count`, `note` |
//! | `activities` | activity | `id`, `group`, `title`, `title_status`, `lead`, `supporting`, `planned_start`, `deadline`, `indicators`, `tags` |
//! | `dependencies` | link | `activity`, `depends_on`, `type`, `lag_days` |
//! | `indicators` | indicator | `id`, `name`, `unit`, `direction`, `frequency`, `target_kind`, `owner`, `baseline_value`, `baseline_date`, `baseline_source`, `note` |
//! | `targets` | target | `indicator`, `period`, `value` |
//! | `indicator_disaggregations` | dimension | `indicator`, `dimension`, `categories` |
//! | `indicator_relations` | relation | `left`, `op`, `right` |
//! | `reporting_obligations` | obligation | `id`, `report_type`, `reporter_ids`, `reporter_kinds`, `recipient`, `grace_days`, `from`, `until` |
//! | `meeting_obligations` | obligation | `id`, `title`, `frequency`, `organiser_ids`, `organiser_kinds`, `grace_days`, `from`, `until` |
//! | `monitoring` | key (`plan`, `synthetic`, `note`...) | `key`, `value` |
//! | `status_updates` | update | `activity`, `date`, `status`, `progress`, `actual_start`, `actual_finish`, `note` |
//! | `submissions` | report received | `reporter`, `report_type`, `period`, `submitted` |
//! | `indicator_values` | total, then each category of its breakdown | `indicator`, `period`, `reported_by`, `reported`, `dimension`, `category`, `value` |
//! | `meetings` | meeting held | `obligation`, `organiser`, `date`, `period` |
//!
//! Column values are those of the JSON format (the [`model`](crate::model) types), an
//! empty cell being an absent field. Lists in a cell are `;`-separated and text that
//! would be misread is written as a JSON string literal (see docs/tables.md), so that
//! [`encode`] then [`decode`] gives equal values for every plan.
//!
//! ```
//! use planwatch::tables;
//! let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
//! let set = tables::encode(ds.plan(), ds.monitoring());
//! let csv = tables::csv_text(set.get("strategies").unwrap());
//! assert!(csv.starts_with("id,title,title_status,declared_activity_count\n1,"));
//! let (plan, monitoring) = tables::decode(&set).unwrap();
//! assert_eq!((&plan, &monitoring), (ds.plan(), ds.monitoring()));
//! ```
//!
//! Errors name the file (and sheet), the row (1-based, the header is row 1) and the
//! column header, with the error kinds of JSON input: an unknown column is
//! [`UnknownField`](crate::ErrorKind::UnknownField), an empty required cell
//! [`MissingField`](crate::ErrorKind::MissingField), text in a number column
//! [`WrongType`](crate::ErrorKind::WrongType), and the errors of validation (unknown
//! references, ...) name the row and column of the offending value.

mod cell;
mod csv_dir;
mod decode;
mod encode;
pub(crate) mod encoding;
pub(crate) mod layout;
pub(crate) mod source_map;
mod table;
mod table_set;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use cell::Cell;
pub use csv_dir::{
    csv_path, csv_text, has_csv_tables, read_csv, read_csv_dir, read_csv_from, read_csv_texts,
    write_csv_dir,
};
pub use decode::decode;
pub(crate) use decode::{decode_with, to_errors};
pub use encode::encode;
pub use table::{Row, Table};
pub use table_set::TableSet;
#[cfg(feature = "xlsx")]
pub use xlsx::{read_xlsx, read_xlsx_bytes, write_xlsx, xlsx_bytes};

/// The names of the tables of the layout, in order (the order of a workbook's sheets).
///
/// ```
/// let names = planwatch::tables::table_names();
/// assert_eq!(names.first(), Some(&"plan"));
/// assert_eq!(names.len(), 19);
/// ```
pub fn table_names() -> Vec<&'static str> {
    layout::all().map(|s| s.name).collect()
}

/// The columns of the table `name`, in order; `None` for a name not in the layout.
///
/// ```
/// let columns = planwatch::tables::columns("targets").unwrap();
/// assert_eq!(columns, ["indicator", "period", "value"]);
/// ```
pub fn columns(name: &str) -> Option<Vec<&'static str>> {
    layout::spec(name).map(|s| s.columns.iter().map(|c| c.name).collect())
}
