//! `planwatch import-dhis2 EXPORT... --mapping MAP.json --into DIR`: DHIS2 exports into a
//! plan directory's monitoring.json. The import lives in `planwatch::dhis2`; this module
//! parses the arguments, forwards, writes and prints the summary.

use crate::{invalid, print_json, write_out, Format};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `planwatch import-dhis2`.
#[derive(Args)]
pub(crate) struct ImportArgs {
    /// DHIS2 exports: data value sets (.json, or .csv in DHIS2's columns) and complete data set registrations (.json).
    #[arg(required = true)]
    exports: Vec<PathBuf>,
    /// The mapping of DHIS2 ids to the plan's obligations, indicators and organisations (docs/dhis2.md).
    #[arg(long)]
    mapping: PathBuf,
    /// The JSON plan directory whose monitoring.json gets the imported data (merged with what it holds).
    #[arg(long)]
    into: PathBuf,
    /// Output format of the summary (and of the errors).
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Check and summarise, but do not write monitoring.json.
    #[arg(long)]
    dry_run: bool,
}

pub(crate) fn run(args: ImportArgs) -> ExitCode {
    let import = match planwatch::dhis2::import_dir(&args.exports, &args.mapping, &args.into) {
        Ok(import) => import,
        Err(errors) => return invalid(&errors, args.format),
    };
    let written = if args.dry_run {
        None
    } else {
        match import.write(&args.into) {
            Ok(path) => Some(path),
            Err(e) => return invalid(&e.into(), args.format),
        }
    };
    match args.format {
        Format::Json => print_json(&import.summary),
        Format::Table => {
            // Ids from the files are echoed: escape what a terminal would obey, line by line.
            for line in import.summary.text().lines() {
                write_out(format_args!("{}", planwatch::export::printable(line)), true);
            }
            let m = &import.monitoring;
            match written {
                Some(path) => write_out(
                    format_args!(
                        "wrote {} ({} submissions, {} indicator values in all)",
                        path.display(),
                        m.submissions.len(),
                        m.indicator_actuals.len()
                    ),
                    true,
                ),
                None => write_out(
                    format_args!(
                        "dry run: {} not written",
                        args.into.join("monitoring.json").display()
                    ),
                    true,
                ),
            }
        }
    }
    ExitCode::SUCCESS
}
