//! [`Agenda`]: who must act next, per owner.

use super::item::{open_items, sort_items, AgendaItem, ItemKind};
use super::{by_owner, check_days, owner_name, owner_position};
use crate::dataset::Dataset;
use crate::error::Error;
use chrono::NaiveDate;
use serde::Serialize;

/// The agenda's window when none is given: 30 days.
pub const DEFAULT_AGENDA_DAYS: u32 = 30;

/// The longest window an agenda may look ahead: 3660 days (ten years).
pub const MAX_AGENDA_DAYS: u32 = 3660;

/// What one owner must act on: what is ahead in the window and what is overdue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OwnerAgenda {
    /// The owning organisation's id; `null` for activities without a lead.
    pub owner: Option<String>,
    /// Its name.
    pub owner_name: Option<String>,
    /// What falls due within the window, in [`AgendaItem::order`].
    pub upcoming: Vec<AgendaItem>,
    /// What is already overdue, most overdue first ([`AgendaItem::order`]).
    pub overdue: Vec<AgendaItem>,
}

/// The totals of an [`Agenda`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AgendaSummary {
    /// Owners with something on their agenda.
    pub owners: usize,
    /// Items falling due within the window.
    pub upcoming: usize,
    /// Items overdue.
    pub overdue: usize,
}

/// Who must act next: per owner, what falls due in the next `days` days and what is
/// already overdue, as of a day.
///
/// - **Upcoming** (due day from the as-of day to `days` days after it, both included,
///   as the `due_soon` rule counts): activities not started whose planned start falls
///   there (`start`), activities neither done nor cancelled whose deadline falls there
///   (`deadline`), expected reports not yet submitted (`report`) and expected meetings
///   not yet held (`meeting`) whose due day falls there, with `days_left`.
/// - **Overdue** (due day before the as-of day): activities neither done nor cancelled
///   past their deadline, expected reports not submitted and meetings not held past
///   their due day, with `days_late`: what `overdue`, `missing_report` and
///   `meeting_missed` report, without their grace days or scopes.
///
/// Reports and meetings are the ones the obligations expect
/// ([`Dataset::expected_reports`], each report once as the rates count it, and
/// [`Dataset::expected_meetings`]), due on their period's last day plus the obligation's
/// grace days; only what is dated on or before the as-of day counts as submitted, held,
/// started or done. An activity's owner is its lead, a report's its reporter, a
/// meeting's its organiser.
///
/// Owners come in natural id order, activities without a lead last (owner `null`);
/// owners with nothing to do are left out, except the one asked for with `owner`.
/// Within an owner, items are in [`AgendaItem::order`]. Serialises as `{"plan",
/// "as_of", "days", "until", "owner", "summary", "owners"}`.
///
/// ```
/// use planwatch::{agenda::Agenda, Dataset};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let agenda = Agenda::of(&ds, day, 30, None).unwrap();
/// assert_eq!(agenda.until, chrono::NaiveDate::from_ymd_opt(2021, 7, 30).unwrap());
/// let all: Vec<_> = agenda.owners.iter().flat_map(|o| &o.upcoming).collect();
/// assert!(all.iter().all(|i| (0..=30).contains(&i.days_left.unwrap())));
/// // Activity 2.7.11 is 792 days past its deadline, as `overdue` finds it.
/// let late = agenda.owners.iter().flat_map(|o| &o.overdue).find(|i| i.id == "deadline:2.7.11").unwrap();
/// assert_eq!(late.days_late, Some(792));
///
/// let too_long = Agenda::of(&ds, day, 4000, None).unwrap_err();
/// assert_eq!(too_long.kind(), planwatch::ErrorKind::LimitExceeded);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Agenda {
    /// The plan id.
    pub plan: String,
    /// The day it is drawn up as of.
    pub as_of: NaiveDate,
    /// The window, in days after the as-of day.
    pub days: u32,
    /// The window's last day (`as_of` + `days`).
    pub until: NaiveDate,
    /// The one owner asked for, when one was.
    pub owner: Option<String>,
    /// The totals.
    pub summary: AgendaSummary,
    /// Per owner, in natural id order (activities without a lead last).
    pub owners: Vec<OwnerAgenda>,
}

impl Agenda {
    /// The agenda of `dataset` as of `as_of` over the next `days` days, for every owner
    /// or for `owner` only (see [`Agenda`]).
    ///
    /// Fails with [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) when
    /// `days` exceeds [`MAX_AGENDA_DAYS`] (or the window would end after the last day
    /// chrono knows), and with
    /// [`ErrorKind::UnknownReference`](crate::ErrorKind::UnknownReference) when `owner`
    /// is not an organisation of the plan.
    pub fn of(
        dataset: &Dataset,
        as_of: NaiveDate,
        days: u32,
        owner: Option<&str>,
    ) -> Result<Agenda, Error> {
        let until = check_days(as_of, days)?;
        let only = owner.map(|id| owner_position(dataset, id)).transpose()?;
        let items = open_items(dataset, as_of, only, &|kind, due| {
            due <= until && (due >= as_of || kind != ItemKind::Start)
        });
        let mut summary = AgendaSummary::default();
        let mut owners = Vec::new();
        for (position, items) in by_owner(dataset, items, only) {
            let (overdue, upcoming): (Vec<AgendaItem>, Vec<AgendaItem>) = sort_items(items)
                .into_iter()
                .partition(|i| i.days_late.is_some());
            summary.upcoming += upcoming.len();
            summary.overdue += overdue.len();
            let (owner, owner_name) = owner_name(dataset, position);
            owners.push(OwnerAgenda {
                owner,
                owner_name,
                upcoming,
                overdue,
            });
        }
        summary.owners = owners
            .iter()
            .filter(|o| !o.upcoming.is_empty() || !o.overdue.is_empty())
            .count();
        Ok(Agenda {
            plan: dataset.plan().id.clone(),
            as_of,
            days,
            until,
            owner: owner.map(str::to_string),
            summary,
            owners,
        })
    }
}

impl Dataset {
    /// Who must act next: the [`Agenda`] as of `as_of` over the next `days` days, for
    /// every owner or `owner` only.
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let agenda = ds.agenda(day, 30, Some("pcct-kampot")).unwrap();
    /// assert_eq!(agenda.owners.len(), 1);
    /// assert_eq!(agenda.owners[0].owner.as_deref(), Some("pcct-kampot"));
    /// ```
    pub fn agenda(
        &self,
        as_of: NaiveDate,
        days: u32,
        owner: Option<&str>,
    ) -> Result<Agenda, Error> {
        Agenda::of(self, as_of, days, owner)
    }
}
