//! What changed between two evaluations: findings that appeared, disappeared and
//! changed, matched by their stable ids, with counts by rule, owner and province.
//!
//! [`Evaluation::diff`](crate::Evaluation::diff) (or [`Diff::between`]) compares the same
//! data evaluated on two days, or last month's snapshot with this month's evaluated on
//! one day. The renderings (aligned text, CSV) are in [`crate::export`]:
//! [`diff_text`](crate::export::diff_text) and [`Table::diff`](crate::export::Table::diff).
//!
//! Matching costs 16 bytes per finding on each side while it runs (a hash of the id and a
//! position) and no id text; the diff then keeps its findings as columns.

mod change;
mod counts;
mod findings_diff;
mod matching;

pub use change::{Change, ChangedFindings, ChangedRef};
pub use counts::{DiffCounts, DiffSummary};
pub use findings_diff::Diff;
