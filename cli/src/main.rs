//! `planwatch`: validate, describe, check a plan directory, show its reporting rates,
//! compare two evaluations (`diff`), say who must act next (`agenda`), write the progress
//! report (`report`), import DHIS2
//! exports (`import-dhis2`), export its results as files and print the JSON Schemas of
//! its files from the command line.
//!
//! Exit codes: 0 when the input is valid (and, for `check`, no finding reaches
//! `--fail-on`), 1 when findings reach `--fail-on`, 2 when the input is invalid (the
//! errors go to stderr, one per line, or as JSON with `--format json`), 64 for a usage
//! error (an unknown option, a missing or malformed argument such as `--as-of June`).

mod schema;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use planwatch::eval::Breakdown;
use planwatch::{Dataset, Errors, FindingFilter, RuleSet, Severity, Window};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod agenda;
mod convert;
mod diff;
mod export;
mod import_dhis2;
mod report;

#[derive(Parser)]
#[command(
    name = "planwatch",
    version,
    about = "Monitor a national strategic plan: validate it, count it, check it as of a day"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Aligned text for people.
    Table,
    /// JSON for machines.
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Info,
    Warning,
    Error,
    Critical,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Check a plan directory (plan.json, monitoring.json, rules.json) and report every error.
    Validate {
        /// The plan: a JSON or CSV directory (or a mix), plan.json, or FILE.xlsx.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Count strategies, groups, activities, organisations by kind, obligations and expected reports.
    Stats {
        /// The plan: a JSON or CSV directory (or a mix), plan.json, or FILE.xlsx.
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Evaluate the monitoring rules as of a day and print the findings.
    ///
    /// Filters (--severity, --min-severity, --rule, --owner, --province, --strategy) narrow
    /// what every format shows: the table counts and lists the findings that pass ("N of M
    /// findings (filtered)"); JSON holds them, its summary and rollups counting them (the
    /// indicators, forecast and rates are the plan's, unchanged); CSV has their rows.
    /// --fail-on judges the findings that pass. A rule, owner, province or strategy the
    /// rule set or the plan does not have is a usage error (exit 64) naming the close ones.
    Check {
        /// The plan: a JSON or CSV directory (or a mix), plan.json, or FILE.xlsx.
        dir: PathBuf,
        /// The day to evaluate as of (YYYY-MM-DD).
        #[arg(long, value_parser = day)]
        as_of: NaiveDate,
        /// A rule set file; default: rules.json in the directory when present, else the built-in defaults.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: export::CheckFormat,
        /// Exit with 1 when a finding is at least this severe; with filters, only the
        /// findings that pass them count.
        #[arg(long, value_enum, default_value = "never")]
        fail_on: FailOn,
        /// Show at most this many findings in the table (0: all of them).
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Convert a plan between a JSON directory, a CSV tables directory and an .xlsx workbook, losslessly.
    Convert {
        /// The source: a JSON or CSV directory (or a mix), plan.json, or FILE.xlsx.
        src: PathBuf,
        /// The destination: a directory, or FILE.xlsx.
        #[arg(long)]
        to: PathBuf,
        /// The layout of a destination directory; default json.
        #[arg(long, value_enum)]
        layout: Option<convert::Layout>,
    },
    /// Reporting completeness and timeliness as of a day, with meeting compliance.
    Rates {
        /// The plan: a JSON or CSV directory (or a mix), plan.json, or FILE.xlsx.
        dir: PathBuf,
        /// The day to evaluate as of (YYYY-MM-DD).
        #[arg(long, value_parser = day)]
        as_of: NaiveDate,
        /// The table's rows: one per reporter, reporter kind, report type, period or
        /// province of the reporters (the reporters of no province share a last row,
        /// "(no province)"); --format json holds every other breakdown, and by_province
        /// (reporting and meetings, `province: null` for no province) with --by province.
        #[arg(long, value_enum, default_value = "reporter")]
        by: By,
        /// First due day counted (YYYY-MM-DD); default: the plan's start.
        #[arg(long, value_parser = day)]
        from: Option<NaiveDate>,
        /// Last due day counted (YYYY-MM-DD); default: the as-of day.
        #[arg(long, value_parser = day)]
        until: Option<NaiveDate>,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// What changed: new, resolved and changed findings between two days or two snapshots.
    Diff(diff::DiffArgs),
    /// Who must act next: per owner, what falls due in the next days and what is overdue; or the reminders due.
    Agenda(agenda::AgendaArgs),
    /// Evaluate as of a day and write a file: .csv, .xlsx, .ics, .dot or .mmd.
    Export(export::ExportArgs),
    /// Write the progress report of a period as one self-contained, printable HTML file.
    Report(report::ReportArgs),
    /// Import DHIS2 exports (data values, complete registrations) into a plan directory's monitoring.json.
    #[command(name = "import-dhis2")]
    ImportDhis2(import_dhis2::ImportArgs),
    /// Print the JSON Schema of plan.json, monitoring.json, rules.json or a DHIS2 mapping.
    Schema {
        /// Which file.
        #[arg(value_enum)]
        which: schema::Which,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum By {
    Reporter,
    Kind,
    Type,
    Period,
    Province,
}

/// A severity argument.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SeverityArg {
    Info,
    Warning,
    Error,
    Critical,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Info => Severity::Info,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Error => Severity::Error,
            SeverityArg::Critical => Severity::Critical,
        }
    }
}

/// The finding filters of `check` (core's `FindingFilter`): every option given must
/// hold; the values of one option are alternatives.
#[derive(clap::Args)]
#[command(next_help_heading = "Filters")]
struct FilterArgs {
    /// Keep findings of exactly these severities (repeatable, or a comma list).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "S")]
    severity: Vec<SeverityArg>,
    /// Keep findings at least this severe.
    #[arg(long, value_enum, value_name = "S")]
    min_severity: Option<SeverityArg>,
    /// Keep findings of these rules (repeatable, or a comma list); an unknown rule is a usage error.
    #[arg(long, value_delimiter = ',', value_name = "R")]
    rule: Vec<String>,
    /// Keep findings owned by these organisations (repeatable); an id the plan lacks is a usage error.
    #[arg(long, value_name = "O")]
    owner: Vec<String>,
    /// Keep findings of these provinces (repeatable): organisations of kind provincial_committee.
    #[arg(long, value_name = "P")]
    province: Vec<String>,
    /// Keep findings of these strategies (repeatable), by strategy id.
    #[arg(long, value_name = "S")]
    strategy: Vec<String>,
}

impl FilterArgs {
    /// Core's filter of these arguments.
    fn into_filter(self) -> FindingFilter {
        FindingFilter {
            min_severity: self.min_severity.map(Severity::from),
            severities: self.severity.into_iter().map(Severity::from).collect(),
            rules: self.rule,
            owners: self.owner,
            strategies: self.strategy,
            provinces: self.province,
            ..FindingFilter::default()
        }
    }
}

/// The option of a filter field named in a core error's path (`filter.rules[0]`).
fn filter_option(path: &str) -> &str {
    let field = path
        .strip_prefix("filter.")
        .and_then(|p| p.split('[').next())
        .unwrap_or(path);
    match field {
        "rules" => "--rule",
        "owners" => "--owner",
        "provinces" => "--province",
        "strategies" => "--strategy",
        other => other,
    }
}

/// Writes to stdout; a closed pipe (`planwatch check ... | head`) ends the output quietly
/// instead of panicking as `println!` does.
/// A day argument, read as the files' dates are (strictly `YYYY-MM-DD`).
fn day(text: &str) -> Result<NaiveDate, String> {
    planwatch::load::parse_day(text).map_err(|e| e.message().to_string())
}

fn write_out(text: std::fmt::Arguments<'_>, newline: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_fmt(text).and_then(|()| {
        if newline {
            out.write_all(b"\n")
        } else {
            Ok(())
        }
    });
}

macro_rules! out {
    ($($arg:tt)*) => { write_out(format_args!($($arg)*), true) };
}

macro_rules! out_nolf {
    ($($arg:tt)*) => { write_out(format_args!($($arg)*), false) };
}

/// The exit code of a usage error (an unknown option, a missing or malformed argument):
/// `EX_USAGE` of sysexits, apart from 2 (invalid input data) and 1 (findings at or above
/// `--fail-on`).
const USAGE_ERROR: u8 = 64;

/// mimalloc rather than the system allocator: a plan's millions of small strings and the
/// findings' fresh pages cost a fifth less time (see the workspace's Cargo.toml).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(USAGE_ERROR)
            } else {
                // --help and --version
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Validate { dir, format } => {
            match convert::load(&dir).and_then(|ds| load_rules(&ds, &dir, None).map(|_| ds)) {
                Ok(ds) => {
                    let s = ds.stats();
                    if format == Format::Json {
                        out!(
                            "{}",
                            serde_json::json!({"valid": true, "activities": s.activities, "organisations": s.organisations})
                        );
                    } else {
                        out!(
                            "{}: valid ({} activities, {} organisations, {} expected reports)",
                            dir.display(),
                            s.activities,
                            s.organisations,
                            s.expected_reports
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(errors) => invalid(&errors, format),
            }
        }
        Command::Stats { dir, format } => match convert::load(&dir) {
            Ok(ds) => {
                let s = ds.stats();
                match format {
                    Format::Json => print_json(&s),
                    Format::Table => out_nolf!("{}", planwatch::export::stats_text(&s)),
                }
                ExitCode::SUCCESS
            }
            Err(errors) => invalid(&errors, format),
        },
        Command::Check {
            dir,
            as_of,
            rules,
            format,
            fail_on,
            limit,
            filter,
        } => {
            let filter = filter.into_filter();
            let loaded = convert::load(&dir)
                .and_then(|ds| load_rules(&ds, &dir, rules.as_deref()).map(|r| (ds, r)));
            let (ds, rules) = match loaded {
                Ok(x) => x,
                Err(errors) => return invalid(&errors, format.errors()),
            };
            let all = ds.evaluate(&rules, as_of);
            if let Err(errors) = all.check_filter(&filter) {
                for e in errors.iter() {
                    let option = filter_option(&e.location().path);
                    let message = planwatch::export::printable(e.message());
                    eprintln!("error: {option}: {message}");
                }
                return ExitCode::from(USAGE_ERROR);
            }
            // With filters, every format shows the findings that pass them (core narrows
            // the evaluation); without, the evaluation as it is.
            let filtered = (!filter.is_empty()).then(|| all.filtered(&filter));
            let evaluation = filtered.as_ref().unwrap_or(&all);
            match format {
                export::CheckFormat::Json => print_json(evaluation),
                export::CheckFormat::Table => {
                    let limit = (limit > 0).then_some(limit);
                    let text = match &filtered {
                        Some(f) => {
                            planwatch::export::filtered_evaluation_text(f, all.summary.total, limit)
                        }
                        None => planwatch::export::evaluation_text(&all, limit),
                    };
                    out_nolf!("{text}")
                }
                export::CheckFormat::Csv => {
                    if let Err(code) = export::print_findings_csv(evaluation) {
                        return code;
                    }
                }
            }
            let threshold = match fail_on {
                FailOn::Info => Some(Severity::Info),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Error => Some(Severity::Error),
                FailOn::Critical => Some(Severity::Critical),
                FailOn::Never => None,
            };
            let failed =
                threshold.is_some_and(|t| evaluation.findings.views().any(|f| f.severity() >= t));
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Convert { src, to, layout } => match convert::convert(&src, &to, layout) {
            Ok(line) => {
                out!("{line}");
                ExitCode::SUCCESS
            }
            Err(errors) => invalid(&errors, Format::Table),
        },
        Command::Rates {
            dir,
            as_of,
            by,
            from,
            until,
            format,
        } => {
            let window = match Window::checked(from, until) {
                Ok(window) => window,
                Err(e) => {
                    eprintln!("error: --from and --until: {}", e.message());
                    return ExitCode::from(USAGE_ERROR);
                }
            };
            let ds = match convert::load(&dir) {
                Ok(ds) => ds,
                Err(errors) => return invalid(&errors, format),
            };
            let reporting = ds.reporting_rates(as_of, window);
            let meetings = ds.meeting_rates(as_of, window);
            match format {
                Format::Json => print_json(&RatesOutput {
                    reporting: &reporting,
                    meetings: &meetings,
                    by_province: (by == By::Province).then(|| ProvinceRates {
                        reporting: reporting.by_province(&ds),
                        meetings: meetings.by_province(&ds),
                    }),
                }),
                Format::Table => {
                    let by = match by {
                        By::Reporter => Breakdown::Reporter,
                        By::Kind => Breakdown::Kind,
                        By::Type => Breakdown::Type,
                        By::Period => Breakdown::Period,
                        By::Province => Breakdown::Province,
                    };
                    out_nolf!(
                        "{}",
                        planwatch::export::rates_text(&ds, &reporting, Some(&meetings), by)
                    )
                }
            }
            ExitCode::SUCCESS
        }
        Command::Export(args) => export::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Agenda(args) => agenda::run(args),
        Command::Report(args) => report::run(args),
        Command::ImportDhis2(args) => import_dhis2::run(args),
        Command::Schema { which } => {
            out_nolf!("{}", schema::text(which));
            ExitCode::SUCCESS
        }
    }
}

/// What `rates --format json` prints, in this order; `by_province` with `--by province`
/// only.
#[derive(serde::Serialize)]
struct RatesOutput<'a> {
    reporting: &'a planwatch::ReportingRates,
    meetings: &'a planwatch::MeetingRates,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_province: Option<ProvinceRates>,
}

/// The reporting and meeting rates by province (core's `by_province`).
#[derive(serde::Serialize)]
struct ProvinceRates {
    reporting: Vec<planwatch::eval::ProvinceRate>,
    meetings: Vec<planwatch::eval::ProvinceRate>,
}

/// The rule set: an explicit file, else the source's rules file (`rules.json` in a
/// directory, `NAME.rules.json` beside `NAME.xlsx`), else the defaults.
fn load_rules(ds: &Dataset, dir: &Path, explicit: Option<&Path>) -> Result<RuleSet, Errors> {
    convert::load_rules(ds, dir, explicit)
}

/// Writes `value` as pretty JSON to stdout as it is serialised (an evaluation's findings
/// are rendered one at a time, never all as text at once); a closed pipe ends it quietly.
fn print_json<T: serde::Serialize>(value: &T) {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("planwatch: cannot write JSON: {e}");
        }
    }
}

fn invalid(errors: &Errors, format: Format) -> ExitCode {
    match format {
        Format::Json => match serde_json::to_string_pretty(errors) {
            Ok(text) => eprintln!("{text}"),
            Err(_) => eprintln!("{errors}"),
        },
        Format::Table => {
            // Ids and values from the input are echoed: escape what a terminal would obey.
            for error in errors.iter() {
                eprintln!("{}", planwatch::export::printable(&error.to_string()));
            }
            eprintln!(
                "{} error{}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
        }
    }
    ExitCode::from(2)
}
