//! `planwatch diff`: what changed between two evaluations. The diff and its renderings
//! live in `planwatch::diff` and `planwatch::export`; this module parses the arguments
//! and forwards.

use crate::{invalid, load_rules, print_json, Format, USAGE_ERROR};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use planwatch::export::Table;
use planwatch::{Errors, Evaluation};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The output formats of `diff`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// Aligned text for people.
    Table,
    /// JSON for machines: `new`, `resolved` and `changed` arrays of findings.
    Json,
    /// CSV: one row per new, resolved or changed finding, before and after.
    Csv,
}

/// The arguments of `planwatch diff`.
#[derive(Args)]
pub(crate) struct DiffArgs {
    /// The plan (with `--from` and `--to`), or the earlier snapshot (with NEW_SRC and `--as-of`).
    src: PathBuf,
    /// The later snapshot, evaluated as of the same day as SRC (`--as-of`).
    new_src: Option<PathBuf>,
    /// With one source: the earlier day (YYYY-MM-DD).
    #[arg(long, value_parser = crate::day)]
    from: Option<NaiveDate>,
    /// With one source: the later day (YYYY-MM-DD).
    #[arg(long, value_parser = crate::day)]
    to: Option<NaiveDate>,
    /// With two sources: the day both are evaluated as of (YYYY-MM-DD).
    #[arg(long, value_parser = crate::day)]
    as_of: Option<NaiveDate>,
    /// A rule set file for both; default: each source's own rules file when present, else the built-in defaults.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: DiffFormat,
    /// Show at most this many findings in the table (0: all of them).
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\nUsage: planwatch diff SRC --from D1 --to D2\n       planwatch diff OLD_SRC NEW_SRC --as-of D");
    ExitCode::from(USAGE_ERROR)
}

fn evaluate(dir: &Path, rules: Option<&Path>, day: NaiveDate) -> Result<Evaluation, Errors> {
    let ds = crate::convert::load(dir)?;
    let rules = load_rules(&ds, dir, rules)?;
    Ok(ds.evaluate(&rules, day))
}

/// Runs `planwatch diff`.
pub(crate) fn run(args: DiffArgs) -> ExitCode {
    let errors_format = match args.format {
        DiffFormat::Json => Format::Json,
        DiffFormat::Table | DiffFormat::Csv => Format::Table,
    };
    let rules = args.rules.as_deref();
    let pair = match (&args.new_src, args.from, args.to, args.as_of) {
        (None, Some(from), Some(to), None) => evaluate(&args.src, rules, from)
            .and_then(|old| Ok((old, evaluate(&args.src, rules, to)?))),
        (Some(new_src), None, None, Some(day)) => evaluate(&args.src, rules, day)
            .and_then(|old| Ok((old, evaluate(new_src, rules, day)?))),
        (None, _, _, Some(_)) => {
            return usage("--as-of compares two sources: give OLD_SRC NEW_SRC")
        }
        (None, _, _, None) => return usage("one source needs --from D1 and --to D2"),
        (Some(_), Some(_), _, _) | (Some(_), _, Some(_), _) => {
            return usage("two sources are compared as of one day: give --as-of D, not --from/--to")
        }
        (Some(_), None, None, None) => return usage("two sources need --as-of D"),
    };
    let (old, new) = match pair {
        Ok(pair) => pair,
        Err(errors) => return invalid(&errors, errors_format),
    };
    let diff = old.diff(&new);
    drop((old, new));
    match args.format {
        DiffFormat::Json => print_json(&diff),
        DiffFormat::Table => {
            let limit = (args.limit > 0).then_some(args.limit);
            crate::write_out(
                format_args!("{}", planwatch::export::diff_text(&diff, limit)),
                false,
            );
        }
        DiffFormat::Csv => {
            use std::io::Write;
            let text = match planwatch::export::csv::to_csv(&Table::diff(&diff, None)) {
                Ok(text) => text,
                Err(e) => return invalid(&Errors::from(e), Format::Table),
            };
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        }
    }
    ExitCode::SUCCESS
}
