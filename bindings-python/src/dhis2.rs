//! `import_dhis2`: DHIS2 exports into a plan directory's monitoring data
//! (`planwatch::dhis2::import_dir` and `Import::write`).

use crate::errors::{self, Origin};
use crate::guarded;
use planwatch::Errors;
use pyo3::prelude::*;
use std::path::PathBuf;

/// Imports DHIS2 export files into the plan directory `into` through the mapping file,
/// writes its `monitoring.json` when `write`, and returns the import's summary (the JSON
/// of `planwatch import-dhis2 --format json`, as a dict).
#[pyfunction]
#[pyo3(signature = (exports, mapping, into, write=true))]
pub fn import_dhis2<'py>(
    py: Python<'py>,
    exports: Vec<PathBuf>,
    mapping: PathBuf,
    into: PathBuf,
    write: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let done = guarded(py, || -> Result<_, Errors> {
        let import = planwatch::dhis2::import_dir(&exports, &mapping, &into)?;
        if write {
            import.write(&into)?;
        }
        Ok(import.summary)
    })?;
    match done {
        Ok(summary) => Ok(pythonize::pythonize(py, &summary)?),
        Err(e) => Err(errors::from_errors(py, &e, Origin::Data)),
    }
}
