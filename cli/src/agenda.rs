//! `planwatch agenda`: who must act next, and the reminders due. The agenda, the
//! reminders and their renderings live in `planwatch::agenda` and `planwatch::export`;
//! this module parses the arguments and forwards.

use crate::{invalid, load_rules, print_json, Format, USAGE_ERROR};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use planwatch::export::Table;
use planwatch::{ErrorKind, Errors};
use std::path::PathBuf;
use std::process::ExitCode;

/// The output formats of `agenda`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AgendaFormat {
    /// Aligned text for people, owner by owner.
    Table,
    /// JSON for machines.
    Json,
    /// CSV: one row per item (or reminder).
    Csv,
    /// iCalendar (RFC 5545): one all-day event per item.
    Ics,
}

/// The arguments of `planwatch agenda`.
#[derive(Args)]
pub(crate) struct AgendaArgs {
    /// The plan: a JSON or CSV directory (or a mix), plan.json, or FILE.xlsx.
    src: PathBuf,
    /// The day to draw the agenda up as of (YYYY-MM-DD).
    #[arg(long, value_parser = crate::day)]
    as_of: NaiveDate,
    /// How many days ahead to look (at most 3660).
    #[arg(long, default_value_t = planwatch::agenda::DEFAULT_AGENDA_DAYS)]
    days: u32,
    /// Only this organisation's items.
    #[arg(long)]
    owner: Option<String>,
    /// Print the reminders due on the as-of day (on the cadence of the rule set's
    /// `reminders`) instead of the agenda.
    #[arg(long)]
    reminders: bool,
    /// A rule set file for the reminder cadence; default: the source's own rules file when present, else the built-in defaults.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: AgendaFormat,
}

/// Writes `text` to stdout as it is; a closed pipe ends it quietly.
fn print_text(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Prints `table` as CSV.
fn print_csv(table: &Table) -> ExitCode {
    match planwatch::export::csv::to_csv(table) {
        Ok(text) => {
            print_text(&text);
            ExitCode::SUCCESS
        }
        Err(e) => invalid(&Errors::from(e), Format::Table),
    }
}

/// The exit for an error of the agenda itself: a window too long is a usage error, an
/// unknown owner invalid input (as for `export --owner`).
fn failed(e: planwatch::Error, format: Format) -> ExitCode {
    if e.kind() == ErrorKind::LimitExceeded {
        eprintln!("error: --days: {}", e.message());
        return ExitCode::from(USAGE_ERROR);
    }
    invalid(&Errors::from(e), format)
}

/// Runs `planwatch agenda`.
pub(crate) fn run(args: AgendaArgs) -> ExitCode {
    let errors_format = match args.format {
        AgendaFormat::Json => Format::Json,
        _ => Format::Table,
    };
    if args.reminders && args.format == AgendaFormat::Ics {
        eprintln!("error: --reminders are data to send, not calendar events: use --format table, json or csv");
        return ExitCode::from(USAGE_ERROR);
    }
    let ds = match crate::convert::load(&args.src) {
        Ok(ds) => ds,
        Err(errors) => return invalid(&errors, errors_format),
    };
    let owner = args.owner.as_deref();
    if args.reminders {
        let rules = match load_rules(&ds, &args.src, args.rules.as_deref()) {
            Ok(rules) => rules,
            Err(errors) => return invalid(&errors, errors_format),
        };
        let reminders = match ds.reminders(args.as_of, rules.reminders(), owner) {
            Ok(r) => r,
            Err(e) => return failed(e, errors_format),
        };
        return match args.format {
            AgendaFormat::Json => {
                print_json(&reminders);
                ExitCode::SUCCESS
            }
            AgendaFormat::Csv => print_csv(&Table::reminders(&reminders)),
            AgendaFormat::Table | AgendaFormat::Ics => {
                print_text(&planwatch::export::reminders_text(&reminders));
                ExitCode::SUCCESS
            }
        };
    }
    let agenda = match ds.agenda(args.as_of, args.days, owner) {
        Ok(a) => a,
        Err(e) => return failed(e, errors_format),
    };
    match args.format {
        AgendaFormat::Json => print_json(&agenda),
        AgendaFormat::Csv => return print_csv(&Table::agenda(&agenda)),
        AgendaFormat::Ics => print_text(&planwatch::export::calendar::agenda_ics(&agenda)),
        AgendaFormat::Table => print_text(&planwatch::export::agenda_text(&agenda)),
    }
    ExitCode::SUCCESS
}
