//! `planwatch export` and `check --format csv`: files out. The renderings live in
//! `planwatch::export`; this module parses the arguments and forwards.

use crate::{invalid, load_rules, Format};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use planwatch::export::{write_export, ExportOptions, Table};
use planwatch::{Errors, Evaluation};
use std::path::PathBuf;
use std::process::ExitCode;

/// The output formats of `check`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Aligned text for people.
    Table,
    /// JSON for machines.
    Json,
    /// CSV: the findings table, as `export --output findings.csv` writes it.
    Csv,
}

impl CheckFormat {
    /// The format errors are reported in.
    pub(crate) fn errors(self) -> Format {
        match self {
            CheckFormat::Json => Format::Json,
            CheckFormat::Table | CheckFormat::Csv => Format::Table,
        }
    }
}

/// Prints the findings table as CSV to stdout; a closed pipe ends it quietly.
pub(crate) fn print_findings_csv(evaluation: &Evaluation) -> Result<(), ExitCode> {
    use std::io::Write;
    let text = planwatch::export::csv::to_csv(&Table::findings(evaluation, None))
        .map_err(|e| invalid(&Errors::from(e), Format::Table))?;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    Ok(())
}

/// The arguments of `planwatch export`.
#[derive(Args)]
pub(crate) struct ExportArgs {
    /// The plan directory.
    dir: PathBuf,
    /// The day to evaluate as of (YYYY-MM-DD); also the calendar's DTSTAMP and the
    /// workbook's creation day.
    #[arg(long, value_parser = crate::day)]
    as_of: NaiveDate,
    /// The file to write; its extension chooses the export: .csv (findings), .xlsx
    /// (findings, rates, forecast and indicators sheets), .ics (deadlines and due days),
    /// .dot or .mmd (the dependency graph, critical path highlighted).
    #[arg(long, short)]
    output: PathBuf,
    /// Only this organisation's rows (tables) or events (calendar).
    #[arg(long)]
    owner: Option<String>,
    /// The table a .csv file holds: findings (the default), rates, forecast or indicators.
    #[arg(long)]
    table: Option<String>,
    /// A rule set file; default: rules.json in the directory when present, else the built-in defaults.
    #[arg(long)]
    rules: Option<PathBuf>,
}

/// Runs `planwatch export`: 0 when the file was written, 2 when the input, the owner or
/// the extension is invalid or the file cannot be written.
pub(crate) fn run(args: ExportArgs) -> ExitCode {
    let fail = |e: planwatch::Error| invalid(&Errors::from(e), Format::Table);
    if let Err(e) = planwatch::export::FileFormat::from_path(&args.output) {
        return fail(e);
    }
    let loaded = crate::convert::load(&args.dir)
        .and_then(|ds| load_rules(&ds, &args.dir, args.rules.as_deref()).map(|r| (ds, r)));
    let (ds, rules) = match loaded {
        Ok(x) => x,
        Err(errors) => return invalid(&errors, Format::Table),
    };
    let evaluation = ds.evaluate(&rules, args.as_of);
    let options = ExportOptions {
        owner: args.owner.as_deref(),
        table: args.table.as_deref(),
    };
    match write_export(&args.output, &ds, &evaluation, &options) {
        Ok(format) => {
            eprintln!(
                "planwatch: wrote {} ({})",
                args.output.display(),
                format.extension()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
