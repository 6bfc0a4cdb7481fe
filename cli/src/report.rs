//! `planwatch report`: the progress report of a period as one HTML file. The report
//! lives in `planwatch::report`; this module parses the arguments and forwards.

use crate::{invalid, load_rules, Format, USAGE_ERROR};
use chrono::NaiveDate;
use clap::Args;
use planwatch::report::Report;
use planwatch::Errors;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `planwatch report`.
#[derive(Args)]
pub(crate) struct ReportArgs {
    /// The plan: a JSON or CSV directory (or a mix), plan.json, or FILE.xlsx.
    src: PathBuf,
    /// The day to evaluate as of (YYYY-MM-DD).
    #[arg(long, value_parser = crate::day)]
    as_of: NaiveDate,
    /// The period the report covers, as a period id (2021Q2, 2021S1, 2021T10, 2021,
    /// 2021-05); default: the period of the plan's main report type (the shortest one
    /// longer than a month: quarterly for the NSP) that contains the as-of day.
    #[arg(long)]
    period: Option<String>,
    /// A rule set file; default: the source's own rules file when present, else the built-in defaults.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// The HTML file to write.
    #[arg(long)]
    output: PathBuf,
}

/// Runs `planwatch report`: 0 when the file was written, 2 when the input is invalid or
/// the file cannot be written, 64 for a period that is no period id or does not fit
/// (after the as-of day, outside the plan).
pub(crate) fn run(args: ReportArgs) -> ExitCode {
    let loaded = crate::convert::load(&args.src)
        .and_then(|ds| load_rules(&ds, &args.src, args.rules.as_deref()).map(|r| (ds, r)));
    let (ds, rules) = match loaded {
        Ok(x) => x,
        Err(errors) => return invalid(&errors, Format::Table),
    };
    let evaluation = ds.evaluate(&rules, args.as_of);
    let report = match Report::build(&ds, &rules, &evaluation, args.period.as_deref()) {
        Ok(report) => report,
        Err(e) if e.location().path == "period" => {
            eprintln!(
                "error: --period: {}",
                planwatch::export::printable(e.message())
            );
            return ExitCode::from(USAGE_ERROR);
        }
        Err(e) => return invalid(&Errors::from(e), Format::Table),
    };
    drop(evaluation);
    if let Err(e) = report.save(&args.output) {
        return invalid(&Errors::from(e), Format::Table);
    }
    eprintln!(
        "planwatch: wrote {} (progress report for {}, as of {})",
        args.output.display(),
        report.period().id(),
        report.as_of()
    );
    ExitCode::SUCCESS
}
