//! `planwatch schema plan|monitoring|rules|dhis2-mapping`: prints the JSON Schema of a
//! plan directory's file (or of the mapping of `import-dhis2`), generated from the
//! engine's types (the files in the repository's `schema/`).

use clap::ValueEnum;
use planwatch::schema::Document;

/// Which file's schema to print.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Which {
    /// plan.json: the plan.
    Plan,
    /// monitoring.json: the monitoring data.
    Monitoring,
    /// rules.json: built-in rule settings and custom rules.
    Rules,
    /// The mapping file of `import-dhis2` (DHIS2 ids to the plan's).
    Dhis2Mapping,
}

/// The schema's text, as the shipped file holds it.
pub fn text(which: Which) -> String {
    match which {
        Which::Plan => Document::Plan.schema_text(),
        Which::Monitoring => Document::Monitoring.schema_text(),
        Which::Rules => Document::Rules.schema_text(),
        Which::Dhis2Mapping => planwatch::schema::to_text(&planwatch::schema::dhis2_mapping()),
    }
}
