//! iCalendar (RFC 5545) exports: activity deadlines and the due days of the expected
//! reports and meetings, as all-day events that a secretariat can subscribe to.
//!
//! - **Deadlines**: one event per activity on its deadline, UID `deadline-ID@planwatch`,
//!   for its lead.
//! - **Reports**: one event per expected report ([`Dataset::expected_reports`]) on its
//!   due day (the period's last day plus the obligation's grace days, the day
//!   `missing_report` and `late_report` measure from), UID
//!   `report-OBLIGATION-REPORTER-PERIOD@planwatch`, for the reporter.
//! - **Meetings**: one event per expected meeting ([`Dataset::expected_meetings`]) on its
//!   due day, UID `meeting-OBLIGATION-ORGANISER-PERIOD@planwatch`, for the organiser.
//!
//! [`agenda_ics`] writes an [`Agenda`] the same way, one event per item.
//!
//! Events are all-day (`DTSTART;VALUE=DATE`, `DTEND` the next day), transparent (they do
//! not block time), in that order: deadlines in plan order, then reports and meetings in
//! the order the dataset expects them. `DTSTAMP` is the as-of day at midnight UTC, so the
//! same input gives the same bytes. Text is escaped (`\\`, `\;`, `\,`, `\n`) and lines
//! are folded at 75 octets, never inside a UTF-8 character; lines end with CRLF.

use super::names::Names;
use crate::agenda::{Agenda, ItemKind};
use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Location};
use chrono::NaiveDate;

/// The longest a content line may be, in octets, before it is folded.
const LINE_OCTETS: usize = 75;

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
///
/// ```
/// use planwatch::export::calendar::escape_text;
/// assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
/// ```
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line to `out`, folded so that no line exceeds 75 octets (a
/// continuation line starts with one space), ended by CRLF.
///
/// ```
/// let mut out = String::new();
/// planwatch::export::calendar::push_folded(&mut out, &format!("SUMMARY:{}", "x".repeat(80)));
/// let lines: Vec<&str> = out.split("\r\n").collect();
/// assert_eq!(lines[0].len(), 75);
/// assert_eq!(lines[1], format!(" {}", "x".repeat(13)));
/// ```
pub fn push_folded(out: &mut String, line: &str) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

fn ical_date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// One all-day event.
struct Event {
    uid: String,
    day: NaiveDate,
    summary: String,
    description: String,
    category: &'static str,
}

/// The calendar of `dataset`'s activity deadlines and report and meeting due days, for
/// every organisation, or for `owner` only (the activities it leads, the reports it owes,
/// the meetings it organises); `as_of` gives the `DTSTAMP` of every event.
///
/// Fails with [`ErrorKind::UnknownReference`] when `owner` is not an organisation of the
/// plan.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let ics = planwatch::export::calendar::calendar_ics(&ds, day, Some("pcct-kampot")).unwrap();
/// assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
/// assert!(ics.contains("DTSTAMP:20210630T000000Z\r\n"));
/// ```
pub fn calendar_ics(
    dataset: &Dataset,
    as_of: NaiveDate,
    owner: Option<&str>,
) -> Result<String, Error> {
    let plan = dataset.plan();
    let names = Names::new(dataset);
    let owner_index = match owner {
        Some(id) => match dataset.index.org.get(id) {
            Some(&i) => Some(i),
            None => {
                return Err(Error::new(
                    ErrorKind::UnknownReference,
                    format!("unknown organisation {id}"),
                    Location::default(),
                )
                .with_subject(id))
            }
        },
        None => None,
    };
    let org_name = |i: u32| {
        plan.organisations
            .get(i as usize)
            .map_or((String::new(), String::new()), |o| {
                (o.id.clone(), o.name.clone())
            })
    };
    let mut events = Vec::new();
    for a in &plan.activities {
        if owner.is_some() && a.lead.as_deref() != owner {
            continue;
        }
        let lead = a.lead.as_deref().map_or_else(
            || "no lead".to_string(),
            |l| format!("{} ({l})", names.organisation(l).unwrap_or(l)),
        );
        events.push(Event {
            uid: format!("deadline-{}@planwatch", a.id),
            day: a.deadline,
            summary: format!("Deadline {}: {}", a.id, a.title),
            description: format!(
                "Activity {} of group {}, planned {} to {}.\nLead: {lead}.",
                a.id, a.group, a.planned_start, a.deadline
            ),
            category: "deadline",
        });
    }
    for e in dataset.expected_reports() {
        if owner_index.is_some_and(|o| o != e.reporter) {
            continue;
        }
        let Some(o) = plan.reporting_obligations.get(e.obligation as usize) else {
            continue;
        };
        let (id, name) = org_name(e.reporter);
        let period = e.period.id();
        let recipient = o.recipient.as_deref().map_or(String::new(), |r| {
            format!(" to {} ({r})", names.organisation(r).unwrap_or(r))
        });
        events.push(Event {
            uid: format!("report-{}-{id}-{period}@planwatch", o.id),
            day: e.due,
            summary: format!("Report due: {name}, {} report for {period}", o.report_type.name()),
            description: format!(
                "{name} ({id}) owes its {} report for {period} ({} to {}){recipient} under obligation {}, due {} ({} grace days).",
                o.report_type.name(),
                e.period.start(),
                e.period.end(),
                o.id,
                e.due,
                o.grace_days
            ),
            category: "report",
        });
    }
    for e in dataset.expected_meetings() {
        if owner_index.is_some_and(|o| o != e.organiser) {
            continue;
        }
        let Some(o) = plan.meeting_obligations.get(e.obligation as usize) else {
            continue;
        };
        let (id, name) = org_name(e.organiser);
        let period = e.period.id();
        events.push(Event {
            uid: format!("meeting-{}-{id}-{period}@planwatch", o.id),
            day: e.due,
            summary: format!("Meeting due: {name}, {} for {period}", o.title),
            description: format!(
                "{name} ({id}) holds {} for {period} ({} to {}) under obligation {}, due {} ({} grace days).",
                o.title,
                e.period.start(),
                e.period.end(),
                o.id,
                e.due,
                o.grace_days
            ),
            category: "meeting",
        });
    }
    let calendar_name = match owner {
        Some(id) => format!("{}: {}", plan.title, names.organisation(id).unwrap_or(id)),
        None => plan.title.clone(),
    };
    Ok(write_calendar(&calendar_name, as_of, &events))
}

/// The calendar named `name` of `events`, stamped `as_of` at midnight UTC.
fn write_calendar(name: &str, as_of: NaiveDate, events: &[Event]) -> String {
    let stamp = format!("{}T000000Z", ical_date(as_of));
    let mut out = String::with_capacity(events.len() * 400 + 256);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//planwatch//planwatch calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_folded(&mut out, line);
    }
    push_folded(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    for e in events {
        push_folded(&mut out, "BEGIN:VEVENT");
        push_folded(&mut out, &format!("UID:{}", escape_text(&e.uid)));
        push_folded(&mut out, &format!("DTSTAMP:{stamp}"));
        push_folded(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", ical_date(e.day)),
        );
        let next = e.day.succ_opt().unwrap_or(e.day);
        push_folded(&mut out, &format!("DTEND;VALUE=DATE:{}", ical_date(next)));
        push_folded(&mut out, &format!("SUMMARY:{}", escape_text(&e.summary)));
        push_folded(
            &mut out,
            &format!("DESCRIPTION:{}", escape_text(&e.description)),
        );
        push_folded(&mut out, &format!("CATEGORIES:{}", e.category));
        push_folded(&mut out, "TRANSP:TRANSPARENT");
        push_folded(&mut out, "END:VEVENT");
    }
    push_folded(&mut out, "END:VCALENDAR");
    out
}

/// An [`Agenda`] as an iCalendar: one all-day event per item, owner by owner (the
/// agenda's order), upcoming then overdue, on the item's due day. UIDs are those of
/// [`calendar_ics`] (`deadline-ACTIVITY@planwatch`, `start-ACTIVITY@planwatch`,
/// `report-OBLIGATION-REPORTER-PERIOD@planwatch`,
/// `meeting-OBLIGATION-ORGANISER-PERIOD@planwatch`), so a client that subscribes to
/// both sees one event per item; `DTSTAMP` is the agenda's as-of day at midnight UTC.
/// Overdue items carry the category `overdue` beside their kind.
///
/// ```
/// let ds = planwatch::Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
/// let agenda = ds.agenda(day, 30, Some("pcct-kampot")).unwrap();
/// let ics = planwatch::export::calendar::agenda_ics(&agenda);
/// let n = agenda.summary.upcoming + agenda.summary.overdue;
/// assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), n);
/// ```
pub fn agenda_ics(agenda: &Agenda) -> String {
    let mut events = Vec::new();
    for o in &agenda.owners {
        let owner = o.owner.as_deref().unwrap_or("");
        let who = match (&o.owner, &o.owner_name) {
            (Some(id), Some(name)) => format!("{name} ({id})"),
            _ => "no lead".to_string(),
        };
        for item in o.upcoming.iter().chain(&o.overdue) {
            let period = item.period.as_deref().unwrap_or("");
            let (uid, summary) = match item.kind {
                ItemKind::Start => (
                    format!("start-{}@planwatch", item.subject),
                    format!("Start {}: {}", item.subject, item.title),
                ),
                ItemKind::Deadline => (
                    format!("deadline-{}@planwatch", item.subject),
                    format!("Deadline {}: {}", item.subject, item.title),
                ),
                ItemKind::Report => (
                    format!("report-{}-{owner}-{period}@planwatch", item.subject),
                    format!("Report due: {who}, {}", item.title),
                ),
                ItemKind::Meeting => (
                    format!("meeting-{}-{owner}-{period}@planwatch", item.subject),
                    format!("Meeting due: {who}, {} for {period}", item.title),
                ),
            };
            let when = match (item.days_left, item.days_late) {
                (_, Some(late)) => format!("{late} days late as of {}", agenda.as_of),
                (Some(left), None) => format!("{left} days left as of {}", agenda.as_of),
                (None, None) => String::new(),
            };
            events.push(Event {
                uid,
                day: item.due,
                summary,
                description: format!(
                    "{} ({}) for {who}, due {}: {when}.\nAgenda item {}.",
                    item.title, item.kind, item.due, item.id
                ),
                category: if item.days_late.is_some() {
                    match item.kind {
                        ItemKind::Start => "start,overdue",
                        ItemKind::Deadline => "deadline,overdue",
                        ItemKind::Report => "report,overdue",
                        ItemKind::Meeting => "meeting,overdue",
                    }
                } else {
                    item.kind.name()
                },
            });
        }
    }
    let name = match (&agenda.owner, agenda.owners.first()) {
        (Some(id), Some(o)) => format!(
            "{} agenda: {}",
            agenda.plan,
            o.owner_name.as_deref().unwrap_or(id)
        ),
        _ => format!("{} agenda", agenda.plan),
    };
    write_calendar(&name, agenda.as_of, &events)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undoes folding (RFC 5545 3.1) and splits the content lines.
    fn unfold(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let khmer = "ផែនការយុទ្ធសាស្ត្រជាតិ ".repeat(8);
        for line in [
            "short".to_string(),
            "x".repeat(75),
            "x".repeat(76),
            format!("SUMMARY:{khmer}"),
            format!("DESCRIPTION:{}", "é".repeat(100)),
        ] {
            let mut out = String::new();
            push_folded(&mut out, &line);
            assert!(out.ends_with("\r\n"));
            for (i, l) in out.trim_end_matches("\r\n").split("\r\n").enumerate() {
                assert!(l.len() <= 75, "{l:?} is {} octets", l.len());
                assert_eq!(i > 0, l.starts_with(' '), "{l:?}");
            }
            assert_eq!(unfold(&out)[0], line);
        }
        let mut out = String::new();
        push_folded(&mut out, &"x".repeat(75));
        assert!(!out.contains("\r\n "), "75 octets fit on one line");
    }

    #[test]
    fn escaping_covers_backslash_semicolon_comma_and_newlines() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "a\\,b"),
            ("a;b", "a\\;b"),
            ("a\\b", "a\\\\b"),
            ("a\nb", "a\\nb"),
            ("a\r\nb", "a\\nb"),
            ("a\rb", "a\\nb"),
            ("\\n", "\\\\n"),
            ("\"colon: ok\"", "\"colon: ok\""),
        ];
        for (input, want) in cases {
            assert_eq!(escape_text(input), want, "{input:?}");
        }
    }

    fn mini() -> Dataset {
        let plan = r#"{"id": "p", "title": "Plan, with; \\ odd text", "start": "2021-01-01", "end": "2021-06-30",
            "organisations": [{"id": "o", "name": "Ministry, of \"Things\"", "kind": "ministry"},
                              {"id": "q", "name": "Other", "kind": "ministry"}],
            "strategies": [{"id": "1", "title": "s"}],
            "groups": [{"id": "1.1", "strategy": "1", "title": "g"}],
            "activities": [{"id": "a", "group": "1.1", "title": "first; second, third", "lead": "o",
                            "planned_start": "2021-01-01", "deadline": "2021-03-31"},
                           {"id": "b", "group": "1.1", "title": "other", "lead": "q",
                            "planned_start": "2021-01-01", "deadline": "2021-04-30"}],
            "reporting_obligations": [{"id": "r", "report_type": "quarterly",
                "reporters": {"ids": ["o"]}, "grace_days": 10}],
            "meeting_obligations": [{"id": "m", "title": "Board meeting", "frequency": "quarterly",
                "organisers": {"ids": ["q"]}}]}"#;
        Dataset::from_json(plan, "{}").unwrap()
    }

    #[test]
    fn events_use_the_engines_due_days_and_stable_uids() {
        let ds = mini();
        let day = NaiveDate::from_ymd_opt(2021, 5, 1).unwrap();
        let ics = calendar_ics(&ds, day, None).unwrap();
        let lines = unfold(&ics);
        assert_eq!(lines.last().map(String::as_str), Some(""));
        assert_eq!(
            lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(),
            2 + 2 + 2
        );
        assert!(lines.contains(&"UID:deadline-a@planwatch".to_string()));
        assert!(lines.contains(&"SUMMARY:Deadline a: first\\; second\\, third".to_string()));
        // 2021Q1 ends on 31 March; ten grace days make it due on 10 April.
        let at = lines
            .iter()
            .position(|l| l == "UID:report-r-o-2021Q1@planwatch")
            .unwrap();
        assert_eq!(lines[at + 2], "DTSTART;VALUE=DATE:20210410");
        assert_eq!(lines[at + 3], "DTEND;VALUE=DATE:20210411");
        let due: Vec<NaiveDate> = ds.expected_reports().map(|e| e.due).collect();
        assert_eq!(due[0], NaiveDate::from_ymd_opt(2021, 4, 10).unwrap());
        assert!(lines.contains(&"UID:meeting-m-q-2021Q2@planwatch".to_string()));
        assert!(lines.contains(&"X-WR-CALNAME:Plan\\, with\\; \\\\ odd text".to_string()));
        assert!(lines
            .iter()
            .all(|l| !l.starts_with("DTSTAMP") || l == "DTSTAMP:20210501T000000Z"));
        assert_eq!(ics, calendar_ics(&ds, day, None).unwrap());
    }

    #[test]
    fn one_owners_calendar_and_an_unknown_owner() {
        let ds = mini();
        let day = NaiveDate::from_ymd_opt(2021, 5, 1).unwrap();
        let ics = calendar_ics(&ds, day, Some("q")).unwrap();
        assert!(ics.contains("UID:deadline-b@planwatch"));
        assert!(!ics.contains("UID:deadline-a@planwatch"));
        assert!(!ics.contains("UID:report-"));
        assert_eq!(ics.matches("UID:meeting-").count(), 2);
        let err = calendar_ics(&ds, day, Some("nobody")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownReference);
        assert_eq!(err.message(), "unknown organisation nobody");
    }
}
