//! DHIS2 data in (feature `dhis2`): DHIS2 exports, read from files, as the plan's
//! monitoring data.
//!
//! Many ministries keep their routine data in DHIS2. [`import_dir`] reads DHIS2 exports
//! ([`Export`]: data value sets in JSON or CSV, complete data set registrations in JSON)
//! through a [`Mapping`] file and merges what they give into the monitoring data of a plan
//! directory: data values become indicator values ([`IndicatorActual`]s with their
//! breakdowns), registrations become report submissions ([`Submission`]s, submitted on
//! the registration's date), and DHIS2 period ids become planwatch periods
//! ([`Dhis2Period`]). `planwatch import-dhis2 EXPORT... --mapping MAP.json --into DIR`
//! and Python's `planwatch.import_dhis2` call it; docs/dhis2.md describes the mapping
//! file and the rules for users.
//!
//! - A data value's data element gives the indicator, its category option combo the
//!   breakdown (dimension and category, or the total), its organisation unit the reporter
//!   (`reported_by`), its period the indicator's period (of the indicator's frequency),
//!   its `lastUpdated` (else `created`) day the day it was reported. Values of the same
//!   indicator, period and reporter add up, as DHIS2 adds a data element's combos: the
//!   total from the rows mapped to it, each category from the rows mapped to it; with no
//!   row mapped to the total, the total is what the categories of a dimension add up to.
//! - A registration's data set gives the obligation and report type, its organisation
//!   unit the reporter, its period the report's period (of the report type), its `date`
//!   the submission day. A reporter's registrations of one report type and period make
//!   one submission, on the earliest day.
//! - A row that DHIS2 keys like an earlier one (the same data element, period,
//!   organisation unit, category and attribute option combo; or data set, period,
//!   organisation unit and attribute option combo) replaces it, as importing the files
//!   into DHIS2 one after the other would; deleted values and un-completed registrations
//!   are left out; all are counted in the [`Summary`].
//! - The result is merged with what the directory holds (see [`Import::monitoring`]):
//!   importing the same exports twice gives the same file.
//!
//! ```
//! use planwatch::dhis2;
//! # let dir = std::env::temp_dir().join(format!("planwatch-dhis2-doc-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! # std::fs::copy("../examples/nsp-2019-2023/plan.json", dir.join("plan.json")).unwrap();
//! // `dir` holds the NSP plan.json and no monitoring data yet
//! let import = dhis2::import_dir(
//!     &["../examples/dhis2/data-values.json", "../examples/dhis2/registrations.json"],
//!     "../examples/dhis2/mapping.json",
//!     &dir,
//! )?;
//! assert_eq!(import.summary.files, 2);
//! assert!(import.monitoring.indicator_actuals.len() > 100);
//! println!("{}", import.summary.text());
//! import.write(&dir)?; // dir/monitoring.json
//! let dataset = planwatch::Dataset::load_dir(&dir)?;
//! assert_eq!(dataset.monitoring(), &import.monitoring);
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), planwatch::Errors>(())
//! ```
//!
//! [`IndicatorActual`]: crate::model::IndicatorActual
//! [`Submission`]: crate::model::Submission

mod data_value_set;
mod export;
mod import;
mod mapping;
mod period_id;
mod registrations;
mod summary;

pub use data_value_set::{DataValue, DataValueSet};
pub use export::Export;
pub use import::{import, Import};
pub use mapping::{DataElementMapping, DataSetMapping, Mapping, UnknownIds};
pub use period_id::{dhis2_id, Dhis2Period, Dhis2PeriodType};
pub use registrations::{dhis2_day, Registration};
pub use summary::{DataSetCount, IdKind, IndicatorCount, Replaced, Skipped, Summary, UnknownId};

use crate::error::{Error, ErrorKind, Errors, Location};
use crate::Dataset;
use std::path::Path;

/// Imports DHIS2 export files into the monitoring data of the plan directory `dir`,
/// through the mapping file `mapping`; writes nothing ([`Import::write`] does).
///
/// `dir` is a JSON plan directory: `plan.json` and, when present, `monitoring.json`
/// (both loaded and validated first; a directory of CSV tables is refused). The mapping
/// is checked against the plan, every export is read, and every problem found is
/// returned, each naming its file and its row, JSON path, line and column, and the id;
/// then the merged monitoring data are validated against the plan as
/// [`Dataset::load_dir`] would validate the written file.
pub fn import_dir<P: AsRef<Path>>(
    exports: &[P],
    mapping: impl AsRef<Path>,
    dir: impl AsRef<Path>,
) -> Result<Import, Errors> {
    let dir = dir.as_ref();
    if crate::tables::has_csv_tables(dir) {
        return Err(Errors::from(
            Error::new(
                ErrorKind::InvalidValue,
                "the directory holds csv tables, and the import writes monitoring.json: convert it to a json plan directory first (planwatch convert DIR --to OTHER)",
                Location::default(),
            )
            .in_file(Some(dir)),
        ));
    }
    let dataset = Dataset::load_dir(dir)?;
    let mapping_file = mapping.as_ref();
    let text = crate::load::read_text(mapping_file)?;
    let mapping: Mapping = crate::load::parse_json(&text, Some(mapping_file))?;
    mapping.check(dataset.plan()).map_err(|errors| {
        let located = errors.into_iter().map(|e| {
            let at = crate::load::locate(&text, &e.location().path);
            let e = e.in_file(Some(mapping_file));
            match at {
                Some((line, column)) => e.at_line(line, column),
                None => e,
            }
        });
        crate::tables::to_errors(located.collect())
    })?;
    let mut read = Vec::with_capacity(exports.len());
    let mut errors = Vec::new();
    for path in exports {
        match Export::read(path) {
            Ok(export) => read.push(export),
            Err(e) => errors.push(e),
        }
    }
    if let Some(errors) = Errors::from_vec(errors) {
        return Err(errors);
    }
    let import = import(dataset.plan(), dataset.monitoring(), &mapping, &read)?;
    Dataset::new_with_limits(
        dataset.plan().clone(),
        import.monitoring.clone(),
        dataset.limits(),
    )?;
    Ok(import)
}
