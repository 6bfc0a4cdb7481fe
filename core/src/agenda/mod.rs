//! Who must act next: the [`Agenda`] of a plan as of a day (per owner, what falls due in
//! the next days and what is overdue) and the [`Reminders`] due on a day, as data for a
//! service that sends them, on a [`ReminderCadence`] set in `rules.json`.
//!
//! Both read the same open items ([`AgendaItem`]): activities to start or finish,
//! reports to submit and meetings to hold, due on the days the reporting rules and the
//! rates use (a report's period end plus its obligation's grace days). The renderings
//! (aligned text, CSV, iCalendar) are in [`crate::export`]:
//! [`agenda_text`](crate::export::agenda_text),
//! [`reminders_text`](crate::export::reminders_text),
//! [`Table::agenda`](crate::export::Table::agenda),
//! [`Table::reminders`](crate::export::Table::reminders) and
//! [`calendar::agenda_ics`](crate::export::calendar::agenda_ics).

#[allow(clippy::module_inception)]
mod agenda;
mod cadence;
mod item;
mod reminders;

pub use agenda::{Agenda, AgendaSummary, OwnerAgenda, DEFAULT_AGENDA_DAYS, MAX_AGENDA_DAYS};
pub use cadence::{ReminderCadence, MAX_REMINDER_DAYS, MAX_REMINDER_OFFSETS};
pub use item::{AgendaItem, ItemKind};
pub use reminders::{OwnerReminders, Reminder, ReminderKind, Reminders};

use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Location};
use chrono::NaiveDate;
use item::Owned;

/// The window's last day, or the documented error when `days` is too many.
fn check_days(as_of: NaiveDate, days: u32) -> Result<NaiveDate, Error> {
    let until = (days <= MAX_AGENDA_DAYS)
        .then(|| as_of.checked_add_days(chrono::Days::new(u64::from(days))))
        .flatten();
    until.ok_or_else(|| {
        Error::new(
            ErrorKind::LimitExceeded,
            format!("an agenda of {days} days is longer than the {MAX_AGENDA_DAYS} days allowed"),
            Location::path("days"),
        )
    })
}

/// The position of the organisation `id`, or an unknown-reference error naming it.
fn owner_position(dataset: &Dataset, id: &str) -> Result<u32, Error> {
    dataset.index.org.get(id).copied().ok_or_else(|| {
        Error::new(
            ErrorKind::UnknownReference,
            format!("unknown organisation {id}"),
            Location::path("owner"),
        )
        .with_subject(id)
    })
}

/// The items grouped by owner: owners in natural id order, `None` (no lead) last; the
/// owner `only`, when given, is there even without items.
fn by_owner(
    dataset: &Dataset,
    items: Vec<Owned>,
    only: Option<u32>,
) -> Vec<(Option<u32>, Vec<AgendaItem>)> {
    let mut groups: Vec<(Option<u32>, Vec<AgendaItem>)> = Vec::new();
    let mut slot: Vec<Option<usize>> = vec![None; dataset.plan().organisations.len() + 1];
    let none = slot.len() - 1;
    if let Some(cell) = only.and_then(|o| slot.get_mut(o as usize)) {
        *cell = Some(0);
        groups.push((only, Vec::new()));
    }
    for Owned { owner, item } in items {
        let k = owner.map_or(none, |o| o as usize);
        let Some(s) = slot.get_mut(k) else {
            continue;
        };
        let g = *s.get_or_insert_with(|| {
            groups.push((owner, Vec::new()));
            groups.len() - 1
        });
        if let Some((_, list)) = groups.get_mut(g) {
            list.push(item);
        }
    }
    // Owners in natural id order (organisation ranks are a permutation of positions:
    // ids are unique), without a lead last.
    let ranks = dataset.ranks();
    let mut by_rank: Vec<Option<(Option<u32>, Vec<AgendaItem>)>> = Vec::new();
    by_rank.resize_with(slot.len(), || None);
    for (owner, list) in groups {
        let at = owner.map_or(none, |o| ranks.organisation(o) as usize);
        if let Some(cell) = by_rank.get_mut(at) {
            *cell = Some((owner, list));
        }
    }
    by_rank.into_iter().flatten().collect()
}

/// The id and name of the organisation at `position` (none for `None`).
fn owner_name(dataset: &Dataset, position: Option<u32>) -> (Option<String>, Option<String>) {
    match position.and_then(|o| dataset.plan().organisations.get(o as usize)) {
        Some(o) => (Some(o.id.clone()), Some(o.name.clone())),
        None => (None, None),
    }
}
