//! [`ReminderCadence`]: on which days before and after its due day an item is reminded.

use crate::error::{Error, ErrorKind, Location};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The largest offset (in days) a cadence may name, and the largest `repeat_after`: ten
/// years, as [`MAX_AGENDA_DAYS`](super::MAX_AGENDA_DAYS).
pub const MAX_REMINDER_DAYS: u32 = 3660;

/// The most offsets a `before` or `after` list may hold.
pub const MAX_REMINDER_OFFSETS: usize = 64;

/// When reminders go out, relative to an item's due day (`reminders` in `rules.json`).
///
/// - `before`: "due soon" reminders, so many days before the due day (0 is the due day
///   itself), while the item is still open;
/// - `after`: "late" reminders, so many days after the due day, while it is still open;
/// - `repeat_after`: after the last `after` offset (or the due day when `after` is
///   empty), a "late" reminder every so many days for as long as the item stays open;
///   0 repeats nothing.
///
/// The default is Kausal Watch's: due soon 30, 7 and 1 days before; late 1 and 7 days
/// after, then every 30 days (37, 67, 97, ... days late). Absent keys keep their
/// defaults. Offsets are whole days from 0 (`before`) or 1 (`after`) to 3660, each at
/// most once, at most 64 of them.
///
/// ```
/// use planwatch::agenda::ReminderCadence;
/// let c = ReminderCadence::default();
/// assert_eq!((c.before.as_slice(), c.after.as_slice(), c.repeat_after), (&[30, 7, 1][..], &[1, 7][..], 30));
/// assert!(c.late_on(37) && c.late_on(67) && !c.late_on(30));
/// let rules = planwatch::RuleSet::from_json(r#"{"reminders": {"before": [14, 3]}}"#).unwrap();
/// assert_eq!(rules.reminders().before, [14, 3]);
/// assert_eq!(rules.reminders().after, [1, 7]);
/// let err = planwatch::RuleSet::from_json(r#"{"reminders": {"after": [0]}}"#).unwrap_err();
/// assert_eq!(err[0].location().path, "reminders.after[0]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReminderCadence {
    /// Days before the due day on which a "due soon" reminder goes out (0: the due day);
    /// default `[30, 7, 1]`.
    #[serde(default = "default_before")]
    #[cfg_attr(
        feature = "schema",
        schemars(length(max = 64), inner(range(max = 3660)))
    )]
    pub before: Vec<u32>,
    /// Days after the due day on which a "late" reminder goes out (at least 1); default
    /// `[1, 7]`.
    #[serde(default = "default_after")]
    #[cfg_attr(
        feature = "schema",
        schemars(length(max = 64), inner(range(min = 1, max = 3660)))
    )]
    pub after: Vec<u32>,
    /// After the last `after` offset, a "late" reminder every this many days while the
    /// item stays open; 0: none; default 30.
    #[serde(default = "default_repeat_after")]
    #[cfg_attr(feature = "schema", schemars(range(max = 3660)))]
    pub repeat_after: u32,
}

fn default_before() -> Vec<u32> {
    vec![30, 7, 1]
}

fn default_after() -> Vec<u32> {
    vec![1, 7]
}

fn default_repeat_after() -> u32 {
    30
}

impl Default for ReminderCadence {
    fn default() -> ReminderCadence {
        ReminderCadence {
            before: default_before(),
            after: default_after(),
            repeat_after: default_repeat_after(),
        }
    }
}

impl ReminderCadence {
    /// Whether this is the default cadence (a rule set file without `reminders`).
    pub fn is_default(&self) -> bool {
        *self == ReminderCadence::default()
    }

    /// Whether a "due soon" reminder goes out `days_left` days before the due day.
    pub fn due_soon_on(&self, days_left: i64) -> bool {
        u32::try_from(days_left).is_ok_and(|d| self.before.contains(&d))
    }

    /// Whether a "late" reminder goes out `days_late` days after the due day.
    pub fn late_on(&self, days_late: i64) -> bool {
        let Ok(d) = u32::try_from(days_late) else {
            return false;
        };
        if d == 0 {
            return false;
        }
        if self.after.contains(&d) {
            return true;
        }
        let last = self.after.iter().copied().max().unwrap_or(0);
        self.repeat_after > 0 && d > last && (d - last) % self.repeat_after == 0
    }

    /// The cadence in words: `due soon 30, 7 and 1 days before; late 1 and 7 days after,
    /// then every 30 days`.
    pub fn describe(&self) -> String {
        let before = if self.before.is_empty() {
            "no due-soon reminders".to_string()
        } else {
            format!("due soon {} days before", words(&self.before, true))
        };
        let late = match (self.after.is_empty(), self.repeat_after) {
            (true, 0) => "no late reminders".to_string(),
            (true, r) => format!("late every {r} days"),
            (false, 0) => format!("late {} days after", words(&self.after, false)),
            (false, r) => format!(
                "late {} days after, then every {r} days",
                words(&self.after, false)
            ),
        };
        format!("{before}; {late}")
    }

    /// Checks the offsets (`reminders` of a rule set file read from `text`, in `file`):
    /// every error at its JSON path.
    pub(crate) fn check(&self, text: &str, file: Option<&Path>) -> Vec<Error> {
        let mut errors = Vec::new();
        let mut error = |path: String, message: String| {
            let mut at = Location::path(&path).in_file(file);
            if let Some((l, c)) = crate::load::locate(text, &path) {
                at.line = Some(l);
                at.column = Some(c);
            }
            errors.push(Error::new(ErrorKind::InvalidValue, message, at));
        };
        for (key, list, min) in [("before", &self.before, 0), ("after", &self.after, 1)] {
            if list.len() > MAX_REMINDER_OFFSETS {
                error(
                    format!("reminders.{key}"),
                    format!(
                        "{} reminder offsets, more than the {MAX_REMINDER_OFFSETS} allowed",
                        list.len()
                    ),
                );
                continue;
            }
            for (i, &d) in list.iter().enumerate() {
                let path = format!("reminders.{key}[{i}]");
                if d < min || d > MAX_REMINDER_DAYS {
                    error(
                        path,
                        format!("reminder offset {d} is outside {min} to {MAX_REMINDER_DAYS} days"),
                    );
                } else if list[..i].contains(&d) {
                    error(path, format!("reminder offset {d} is given twice"));
                }
            }
        }
        if self.repeat_after > MAX_REMINDER_DAYS {
            error(
                "reminders.repeat_after".to_string(),
                format!(
                    "repeat_after {} is outside 0 to {MAX_REMINDER_DAYS} days",
                    self.repeat_after
                ),
            );
        }
        errors
    }
}

/// `30, 7 and 1` (falling) or `1 and 7` (rising).
fn words(days: &[u32], falling: bool) -> String {
    let mut sorted = days.to_vec();
    sorted.sort_unstable();
    if falling {
        sorted.reverse();
    }
    let words: Vec<String> = sorted.iter().map(u32::to_string).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_late_schedule_is_1_7_then_every_30_days() {
        let c = ReminderCadence::default();
        let late: Vec<i64> = (-5..=130).filter(|&d| c.late_on(d)).collect();
        assert_eq!(late, [1, 7, 37, 67, 97, 127]);
        let soon: Vec<i64> = (-5..=60).filter(|&d| c.due_soon_on(d)).collect();
        assert_eq!(soon, [1, 7, 30]);
        assert_eq!(
            c.describe(),
            "due soon 30, 7 and 1 days before; late 1 and 7 days after, then every 30 days"
        );
    }

    #[test]
    fn repeats_without_after_count_from_the_due_day() {
        let c = ReminderCadence {
            before: vec![],
            after: vec![],
            repeat_after: 10,
        };
        let late: Vec<i64> = (0..=35).filter(|&d| c.late_on(d)).collect();
        assert_eq!(late, [10, 20, 30]);
        assert_eq!(c.describe(), "no due-soon reminders; late every 10 days");
        let none = ReminderCadence {
            repeat_after: 0,
            ..c
        };
        assert!((0..400).all(|d| !none.late_on(d)));
        assert_eq!(none.describe(), "no due-soon reminders; no late reminders");
    }
}
