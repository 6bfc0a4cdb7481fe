//! Renderings of an [`Agenda`] and of [`Reminders`]: the aligned text `planwatch agenda`
//! prints and the tables its `--format csv` writes ([`Table::agenda`],
//! [`Table::reminders`]). The iCalendar is [`calendar::agenda_ics`](super::calendar::agenda_ics).

use super::table::{Cell, Table};
use crate::agenda::{Agenda, AgendaItem, Reminders};
use std::fmt::Write;

fn opt(s: Option<&str>) -> Cell {
    s.map_or(Cell::Empty, |s| Cell::Text(s.to_string()))
}

/// The cells of an item, in the order of the item columns of [`Table::AGENDA`].
fn item_cells(item: &AgendaItem) -> Vec<Cell> {
    vec![
        Cell::Text(item.id.clone()),
        Cell::Text(item.kind.name().to_string()),
        Cell::Text(item.subject.clone()),
        Cell::Text(item.title.clone()),
        opt(item.period.as_deref()),
        Cell::Date(item.due),
        item.days_left.map_or(Cell::Empty, Cell::Int),
        item.days_late.map_or(Cell::Empty, Cell::Int),
        opt(item.status.map(|s| s.name())),
        item.progress.map_or(Cell::Empty, Cell::Number),
    ]
}

/// `in 5 days`, `today`, `12 days late`.
fn when(item: &AgendaItem) -> String {
    match (item.days_left, item.days_late) {
        (_, Some(1)) => "1 day late".to_string(),
        (_, Some(n)) => format!("{n} days late"),
        (Some(0), None) => "today".to_string(),
        (Some(1), None) => "in 1 day".to_string(),
        (Some(n), None) => format!("in {n} days"),
        (None, None) => String::new(),
    }
}

fn subject(item: &AgendaItem) -> String {
    match item.kind {
        crate::agenda::ItemKind::Start | crate::agenda::ItemKind::Deadline => {
            format!("activity {}", item.subject)
        }
        _ => format!("obligation {}", item.subject),
    }
}

impl Table {
    /// The columns of [`Table::agenda`].
    pub const AGENDA: &'static [&'static str] = &[
        "owner",
        "owner_name",
        "section",
        "id",
        "kind",
        "subject",
        "title",
        "period",
        "due",
        "days_left",
        "days_late",
        "status",
        "progress",
    ];

    /// The columns of [`Table::reminders`].
    pub const REMINDERS: &'static [&'static str] = &[
        "owner",
        "owner_name",
        "reminder",
        "reminder_kind",
        "days",
        "id",
        "kind",
        "subject",
        "title",
        "period",
        "due",
        "days_left",
        "days_late",
        "status",
        "progress",
    ];

    /// An agenda, one row per item: owner by owner (the [`Agenda`]'s order), its
    /// upcoming items (`section` = `upcoming`) then its overdue ones (`overdue`).
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let agenda = ds.agenda(chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(), 30, None).unwrap();
    /// let t = planwatch::export::Table::agenda(&agenda);
    /// assert_eq!(t.rows.len(), agenda.summary.upcoming + agenda.summary.overdue);
    /// ```
    pub fn agenda(agenda: &Agenda) -> Table {
        let mut rows = Vec::new();
        for o in &agenda.owners {
            for (section, items) in [("upcoming", &o.upcoming), ("overdue", &o.overdue)] {
                for item in items {
                    let mut row = vec![
                        opt(o.owner.as_deref()),
                        opt(o.owner_name.as_deref()),
                        Cell::Text(section.to_string()),
                    ];
                    row.extend(item_cells(item));
                    rows.push(row);
                }
            }
        }
        Table {
            name: "agenda",
            columns: Table::AGENDA,
            rows,
        }
    }

    /// Reminders, one row each, owner by owner: the reminder's id, kind and days, then
    /// its item's columns as in [`Table::agenda`].
    ///
    /// ```
    /// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let r = ds.reminders(day, &Default::default(), None).unwrap();
    /// assert_eq!(planwatch::export::Table::reminders(&r).rows.len(), r.total);
    /// ```
    pub fn reminders(reminders: &Reminders) -> Table {
        let mut rows = Vec::new();
        for o in &reminders.owners {
            for r in &o.reminders {
                let mut row = vec![
                    opt(o.owner.as_deref()),
                    opt(o.owner_name.as_deref()),
                    Cell::Text(r.id.clone()),
                    Cell::Text(r.kind.name().to_string()),
                    Cell::Int(r.days),
                ];
                row.extend(item_cells(&r.item));
                rows.push(row);
            }
        }
        Table {
            name: "reminders",
            columns: Table::REMINDERS,
            rows,
        }
    }
}

fn owner_heading(out: &mut String, owner: Option<&str>, name: Option<&str>) {
    out.push('\n');
    match (owner, name) {
        (Some(id), Some(name)) => {
            let _ = writeln!(out, "{}", super::printable(&format!("{id}: {name}")));
        }
        _ => out.push_str("(no lead)\n"),
    }
}

fn item_row(section: &str, item: &AgendaItem) -> Vec<String> {
    vec![
        section.to_string(),
        item.due.to_string(),
        when(item),
        item.kind.name().to_string(),
        subject(item),
        item.period.clone().unwrap_or_else(|| "-".to_string()),
        item.title.clone(),
    ]
}

/// An agenda for people: the totals, then owner by owner a table of what is upcoming
/// and what is overdue.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let agenda = ds.agenda(chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(), 30, Some("pcct-kampot")).unwrap();
/// let text = planwatch::export::agenda_text(&agenda);
/// assert!(text.starts_with("nsp-2019-2023 as of 2021-06-30, next 30 days (to 2021-07-30):"));
/// ```
pub fn agenda_text(agenda: &Agenda) -> String {
    let s = &agenda.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} as of {}, next {} days (to {}): {} upcoming, {} overdue, {} owner{}",
        agenda.plan,
        agenda.as_of,
        agenda.days,
        agenda.until,
        s.upcoming,
        s.overdue,
        s.owners,
        if s.owners == 1 { "" } else { "s" }
    );
    for o in &agenda.owners {
        owner_heading(&mut out, o.owner.as_deref(), o.owner_name.as_deref());
        let rows: Vec<Vec<String>> = (o.upcoming.iter().map(|i| item_row("upcoming", i)))
            .chain(o.overdue.iter().map(|i| item_row("overdue", i)))
            .collect();
        if rows.is_empty() {
            out.push_str("nothing due\n");
            continue;
        }
        out.push_str(&super::table(
            &[
                "SECTION", "DUE", "WHEN", "KIND", "SUBJECT", "PERIOD", "WHAT",
            ],
            &rows,
        ));
    }
    out
}

/// Reminders for people: the day, the cadence and the total, then owner by owner a
/// table of the reminders to send.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let r = ds.reminders(day, &Default::default(), None).unwrap();
/// let text = planwatch::export::reminders_text(&r);
/// assert!(text.starts_with("nsp-2019-2023 reminders on 2021-06-30"));
/// ```
pub fn reminders_text(reminders: &Reminders) -> String {
    let mut out = String::new();
    let owners = reminders
        .owners
        .iter()
        .filter(|o| !o.reminders.is_empty())
        .count();
    let _ = writeln!(
        out,
        "{} reminders on {} ({}): {} reminder{} to {} owner{}",
        reminders.plan,
        reminders.as_of,
        reminders.cadence.describe(),
        reminders.total,
        if reminders.total == 1 { "" } else { "s" },
        owners,
        if owners == 1 { "" } else { "s" }
    );
    for o in &reminders.owners {
        owner_heading(&mut out, o.owner.as_deref(), o.owner_name.as_deref());
        if o.reminders.is_empty() {
            out.push_str("no reminders\n");
            continue;
        }
        let rows: Vec<Vec<String>> = o
            .reminders
            .iter()
            .map(|r| {
                let mut row = item_row(r.kind.name(), &r.item);
                row[0] = match r.kind {
                    crate::agenda::ReminderKind::DueSoon => "due soon".to_string(),
                    crate::agenda::ReminderKind::Late => "late".to_string(),
                };
                row
            })
            .collect();
        out.push_str(&super::table(
            &[
                "REMINDER", "DUE", "WHEN", "KIND", "SUBJECT", "PERIOD", "WHAT",
            ],
            &rows,
        ));
    }
    out
}
