//! `planwatch schema plan|monitoring|rules`: prints the JSON Schema of a plan directory's
//! file, generated from the engine's types (the files in the repository's `schema/`).

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
}

impl Which {
    fn document(self) -> Document {
        match self {
            Which::Plan => Document::Plan,
            Which::Monitoring => Document::Monitoring,
            Which::Rules => Document::Rules,
        }
    }
}

/// The schema's text, as the shipped file holds it.
pub fn text(which: Which) -> String {
    which.document().schema_text()
}
