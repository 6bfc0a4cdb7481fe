//! A monitoring service: evaluates plans on a schedule and reports what changed since its
//! last run, as an M&E secretariat's server would each night.
//!
//! Each run reloads every plan source given (so edits and new monitoring data are seen),
//! applies the source's own `rules.json`, evaluates it as of the run's day and prints what
//! changed since the previous run of that plan (new, resolved and changed findings, by
//! their stable ids). A plan that fails to load is reported and retried on the next run;
//! the service goes on with the others.
//!
//! ```sh
//! # every 24 hours, as of today:
//! cargo run --release -p planwatch --example service -- examples/nsp-2019-2023
//! # a demonstration: four runs a quarter apart, from 2021-03-31, without waiting:
//! cargo run -p planwatch --example service -- examples/nsp-2019-2023 \
//!     --as-of 2021-03-31 --step-days 91 --every 0 --runs 4
//! ```
//!
//! Options: `--every SECONDS` between runs (default 86400), `--runs N` to stop after N
//! runs (default: never), `--as-of YYYY-MM-DD` for the first run's day (default today, UTC),
//! `--step-days N` to move the day by N days each run (default: today at each run), and
//! `--limits JSON` to lower the work limits for plans from untrusted sources
//! (`{"max_expected_reports": 100000}`).

use planwatch::chrono::{Days, NaiveDate};
use planwatch::diff::Change;
use planwatch::export::printable;
use planwatch::load::Input;
use planwatch::{Dataset, Diff, Evaluation, Limits, RuleSet};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Writes a line to stdout; when stdout has gone (a closed pipe), the service stops, as
/// there is no one left to tell.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

/// What the service was asked to do.
struct Options {
    sources: Vec<PathBuf>,
    every: Duration,
    runs: Option<u64>,
    as_of: Option<NaiveDate>,
    step_days: Option<u64>,
    limits: Limits,
}

fn parse_options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        sources: Vec::new(),
        every: Duration::from_secs(86_400),
        runs: None,
        as_of: None,
        step_days: None,
        limits: Limits::default(),
    };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |text: String, name: &str| {
            text.parse::<u64>()
                .map_err(|_| format!("{name}: expected a whole number, not {text:?}"))
        };
        match arg.as_str() {
            "--every" => options.every = Duration::from_secs(number(value("--every")?, "--every")?),
            "--runs" => options.runs = Some(number(value("--runs")?, "--runs")?),
            "--step-days" => {
                options.step_days = Some(number(value("--step-days")?, "--step-days")?)
            }
            "--as-of" => {
                let text = value("--as-of")?;
                let day = planwatch::load::parse_day(&text).map_err(|e| e.to_string())?;
                options.as_of = Some(day);
            }
            "--limits" => {
                let text = value("--limits")?;
                let mut de = serde_json::Deserializer::from_str(&text);
                options.limits =
                    planwatch::load::deserialize(&mut de).map_err(|e| format!("--limits: {e}"))?;
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            source => options.sources.push(PathBuf::from(source)),
        }
    }
    if options.sources.is_empty() {
        return Err("give at least one plan source (a directory, plan.json or FILE.xlsx)".into());
    }
    Ok(options)
}

/// Loads a source and its own rule set, within the service's limits.
fn load(source: &PathBuf, limits: &Limits) -> Result<(Dataset, RuleSet), planwatch::Errors> {
    let input = Input::detect(source);
    let dataset = input.load_with_limits(limits)?;
    let rules = input.rules()?.map(|(rules, _)| rules).unwrap_or_default();
    Ok((dataset, rules))
}

/// What a run found changed: the counts, then the new and escalated findings, most
/// severe first (a service would send these to the owners).
fn report(diff: &Diff) {
    let t = &diff.summary.total;
    say!(
        "{} from {} to {}: {} new, {} resolved, {} changed ({} escalated)",
        diff.plan,
        diff.from,
        diff.to,
        t.new,
        t.resolved,
        t.changed,
        t.escalated
    );
    let escalated = diff
        .changed
        .iter()
        .filter(|c| c.change == Change::Escalated)
        .map(|c| c.after);
    for f in diff.new.views().take(NEWS).chain(escalated.take(NEWS)) {
        // Ids and messages are the plan's text: escaped before they reach a terminal or log.
        let (id, message) = (f.id(), f.message());
        let (id, message) = (printable(&id), printable(&message));
        say!("  {:<8} {id}: {message}", f.severity().name());
    }
}

/// How many new (and escalated) findings a run lists.
const NEWS: usize = 5;

/// One run over every source: prints each plan's changes since its previous evaluation,
/// which it then replaces.
fn run(day: NaiveDate, options: &Options, last: &mut BTreeMap<PathBuf, Evaluation>) {
    for source in &options.sources {
        let (dataset, rules) = match load(source, &options.limits) {
            Ok(loaded) => loaded,
            Err(errors) => {
                // Keep the previous evaluation: the next run diffs against it.
                let errors = errors.to_string();
                eprintln!(
                    "{}: not evaluated as of {day}:\n{}",
                    source.display(),
                    printable(&errors)
                );
                continue;
            }
        };
        let evaluation = dataset.evaluate(&rules, day);
        match last.get(source) {
            None => say!(
                "{} as of {day}: {} findings (first run)",
                dataset.plan().id,
                evaluation.summary.total
            ),
            Some(previous) => report(&Diff::between(previous, &evaluation)),
        }
        last.insert(source.clone(), evaluation);
    }
}

/// Today in UTC, from the system clock (planwatch's chrono has no clock of its own).
fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(Days::new(days)))
        .unwrap_or(NaiveDate::MIN)
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("service: {message}");
            return ExitCode::from(64);
        }
    };
    let mut last = BTreeMap::new();
    let mut day = options.as_of.unwrap_or_else(today);
    let mut done = 0u64;
    loop {
        run(day, &options, &mut last);
        done += 1;
        if options.runs.is_some_and(|runs| done >= runs) {
            return ExitCode::SUCCESS;
        }
        std::thread::sleep(options.every);
        day = match options.step_days {
            Some(step) => day.checked_add_days(Days::new(step)).unwrap_or(day),
            None => today(),
        };
    }
}
