//! [`Reminders`]: the reminders due on a day, per owner, for a service that sends them.

use super::item::{open_items, sort_items, AgendaItem, ItemKind};
use super::{by_owner, owner_name, owner_position, ReminderCadence};
use crate::dataset::Dataset;
use crate::error::Error;
use chrono::NaiveDate;
use serde::Serialize;

/// Which kind of reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReminderKind {
    /// Before the due day (or on it, with a `before` offset of 0).
    DueSoon,
    /// After the due day, the item still open.
    Late,
}

impl ReminderKind {
    /// The snake_case name used in JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            ReminderKind::DueSoon => "due_soon",
            ReminderKind::Late => "late",
        }
    }
}

/// One reminder to send: about `item`, so many `days` before (`due_soon`) or after
/// (`late`) its due day.
///
/// Its `id` is `ITEM#due_soon-DAYS` or `ITEM#late-DAYS` (`report:pcct-kampot:r@2021Q2#late-7`):
/// the offset fixes the one day it is due on, so a service that runs every day and
/// sends what it is given sends each reminder once, and can keep the ids to be sure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reminder {
    /// The stable id.
    pub id: String,
    /// Due soon or late.
    pub kind: ReminderKind,
    /// Days before (due soon) or after (late) the due day.
    pub days: i64,
    /// What it reminds of, as on the agenda of the day.
    pub item: AgendaItem,
}

/// The reminders of one owner.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OwnerReminders {
    /// The owning organisation's id; `null` for activities without a lead.
    pub owner: Option<String>,
    /// Its name.
    pub owner_name: Option<String>,
    /// Its reminders, in the order of their items ([`AgendaItem::order`]).
    pub reminders: Vec<Reminder>,
}

/// The reminders due on one day, per owner, on a [`ReminderCadence`] (a rule set's
/// [`reminders`](crate::RuleSet::reminders); Kausal Watch's by default).
///
/// An item of the agenda (see [`Agenda`](super::Agenda)) open on the day gets a
/// `due_soon` reminder when its due day is one of the cadence's `before` offsets ahead,
/// and a `late` reminder when it is one of the `after` offsets, or a `repeat_after`
/// multiple past the last of them, behind (planned starts get no late reminders: the
/// `late_start` rule reports those). Each reminder thus has exactly one day, and
/// running this every day sends each reminder once; an item closed (done, cancelled,
/// submitted, held) before a reminder's day gets no more reminders.
///
/// Owners are in natural id order (activities without a lead last), each with its
/// reminders in the order of their items; owners without a reminder are left out,
/// except the one asked for. Serialises as `{"plan", "as_of", "cadence", "owner",
/// "total", "owners"}`.
///
/// ```
/// use planwatch::agenda::{ReminderCadence, Reminders};
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let day = |d| chrono::NaiveDate::from_ymd_opt(2021, 6, d).unwrap();
/// let cadence = ReminderCadence::default();
/// let mut seen = std::collections::BTreeSet::new();
/// for d in 1..=30 {
///     let r = Reminders::of(&ds, day(d), &cadence, None).unwrap();
///     for reminder in r.owners.iter().flat_map(|o| &o.reminders) {
///         assert!(seen.insert(reminder.id.clone()), "{} twice", reminder.id);
///     }
/// }
/// assert!(!seen.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reminders {
    /// The plan id.
    pub plan: String,
    /// The day they are due on.
    pub as_of: NaiveDate,
    /// The cadence they follow.
    pub cadence: ReminderCadence,
    /// The one owner asked for, when one was.
    pub owner: Option<String>,
    /// How many reminders there are.
    pub total: usize,
    /// Per owner.
    pub owners: Vec<OwnerReminders>,
}

impl Reminders {
    /// The reminders of `dataset` due on `as_of` on `cadence`, for every owner or for
    /// `owner` only (see [`Reminders`]).
    ///
    /// Fails with [`ErrorKind::UnknownReference`](crate::ErrorKind::UnknownReference)
    /// when `owner` is not an organisation of the plan.
    pub fn of(
        dataset: &Dataset,
        as_of: NaiveDate,
        cadence: &ReminderCadence,
        owner: Option<&str>,
    ) -> Result<Reminders, Error> {
        let only = owner.map(|id| owner_position(dataset, id)).transpose()?;
        let items = open_items(dataset, as_of, only, &|kind, due| {
            let ahead = (due - as_of).num_days();
            if ahead >= 0 {
                cadence.due_soon_on(ahead)
            } else {
                kind != ItemKind::Start && cadence.late_on(-ahead)
            }
        });
        let mut total = 0;
        let mut owners = Vec::new();
        for (position, items) in by_owner(dataset, items, only) {
            let reminders: Vec<Reminder> = sort_items(items)
                .into_iter()
                .map(|item| {
                    let (kind, days) = match (item.days_left, item.days_late) {
                        (_, Some(late)) => (ReminderKind::Late, late),
                        (left, None) => (ReminderKind::DueSoon, left.unwrap_or(0)),
                    };
                    Reminder {
                        id: format!("{}#{}-{days}", item.id, kind.name()),
                        kind,
                        days,
                        item,
                    }
                })
                .collect();
            total += reminders.len();
            let (owner, owner_name) = owner_name(dataset, position);
            owners.push(OwnerReminders {
                owner,
                owner_name,
                reminders,
            });
        }
        Ok(Reminders {
            plan: dataset.plan().id.clone(),
            as_of,
            cadence: cadence.clone(),
            owner: owner.map(str::to_string),
            total,
            owners,
        })
    }
}

impl Dataset {
    /// The [`Reminders`] due on `as_of` on `cadence`, for every owner or `owner` only.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let rules = planwatch::RuleSet::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let r = ds.reminders(day, rules.reminders(), None).unwrap();
    /// assert_eq!(r.total, r.owners.iter().map(|o| o.reminders.len()).sum::<usize>());
    /// ```
    pub fn reminders(
        &self,
        as_of: NaiveDate,
        cadence: &ReminderCadence,
        owner: Option<&str>,
    ) -> Result<Reminders, Error> {
        Reminders::of(self, as_of, cadence, owner)
    }
}
