//! [`FileFormat`]: the export a file name asks for, by its extension, and writing it.

use super::table::Table;
use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Location};
use crate::eval::Evaluation;
use std::path::Path;

/// What to export beyond the format: whose rows, and which table for CSV.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions<'a> {
    /// Only this organisation's rows (tables) or events (calendar); refused for graphs.
    pub owner: Option<&'a str>,
    /// The table a `.csv` file holds: `findings` (the default), `rates`, `forecast` or
    /// `indicators` (see [`Table::named`]); refused for other formats.
    pub table: Option<&'a str>,
}

/// What an export file holds, chosen by the file's extension (case-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// `.csv`: the findings table.
    Csv,
    /// `.xlsx`: a workbook with the findings, rates, forecast and indicators sheets
    /// (feature `xlsx`).
    Xlsx,
    /// `.ics`: the iCalendar of deadlines and report and meeting due days.
    Ics,
    /// `.dot`: the dependency graph in Graphviz DOT.
    Dot,
    /// `.mmd`: the dependency graph as a Mermaid flowchart.
    Mermaid,
}

impl FileFormat {
    /// Every format, in the order the extensions are listed.
    pub const ALL: [FileFormat; 5] = [
        FileFormat::Csv,
        FileFormat::Xlsx,
        FileFormat::Ics,
        FileFormat::Dot,
        FileFormat::Mermaid,
    ];

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
            FileFormat::Ics => "ics",
            FileFormat::Dot => "dot",
            FileFormat::Mermaid => "mmd",
        }
    }

    /// The format of `path` by its extension; an unknown or absent extension is an
    /// [`ErrorKind::InvalidValue`] error that lists the known ones.
    ///
    /// ```
    /// use planwatch::export::FileFormat;
    /// assert_eq!(FileFormat::from_path("out/NSP.XLSX".as_ref()).unwrap(), FileFormat::Xlsx);
    /// let err = FileFormat::from_path("out.pdf".as_ref()).unwrap_err();
    /// assert_eq!(err.message(), "unknown export extension .pdf: use .csv, .xlsx, .ics, .dot or .mmd");
    /// ```
    pub fn from_path(path: &Path) -> Result<FileFormat, Error> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let found = ext
            .as_deref()
            .and_then(|e| FileFormat::ALL.into_iter().find(|f| f.extension() == e));
        found.ok_or_else(|| {
            let known: Vec<String> = FileFormat::ALL
                .iter()
                .map(|f| format!(".{}", f.extension()))
                .collect();
            let (last, rest) = known
                .split_last()
                .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
            let what = match ext {
                Some(e) => format!("unknown export extension .{e}"),
                None => "an export file needs an extension".to_string(),
            };
            Error::new(
                ErrorKind::InvalidValue,
                format!("{what}: use {} or {last}", rest.join(", ")),
                Location::default().in_file(Some(path)),
            )
        })
    }

    /// The export of `evaluation` (of `dataset`) in this format (see [`ExportOptions`]).
    /// Graphs show the whole plan, so an owner is refused for them; a table name is
    /// refused for anything but CSV.
    pub fn render(
        self,
        dataset: &Dataset,
        evaluation: &Evaluation,
        options: &ExportOptions<'_>,
    ) -> Result<Vec<u8>, Error> {
        let owner = options.owner;
        if options.table.is_some() && self != FileFormat::Csv {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "a table name applies to .csv files, not to .{}",
                    self.extension()
                ),
                Location::default(),
            ));
        }
        if let Some(id) = owner {
            if dataset.index.org.get(id).is_none() {
                return Err(Error::new(
                    ErrorKind::UnknownReference,
                    format!("unknown organisation {id}"),
                    Location::default(),
                )
                .with_subject(id));
            }
            if matches!(self, FileFormat::Dot | FileFormat::Mermaid) {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    format!(
                        "an owner applies to tables and calendars, not to .{} graphs",
                        self.extension()
                    ),
                    Location::default(),
                ));
            }
        }
        Ok(match self {
            FileFormat::Csv => {
                let name = options.table.unwrap_or("findings");
                super::csv::to_csv(&Table::named(evaluation, name, owner)?)?.into_bytes()
            }
            #[cfg(feature = "xlsx")]
            FileFormat::Xlsx => super::xlsx::evaluation_xlsx(evaluation, owner)?,
            #[cfg(not(feature = "xlsx"))]
            FileFormat::Xlsx => {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    "this build of planwatch writes no .xlsx (feature xlsx)",
                    Location::default(),
                ))
            }
            FileFormat::Ics => {
                super::calendar::calendar_ics(dataset, evaluation.as_of, owner)?.into_bytes()
            }
            FileFormat::Dot => super::dot::graph_dot(dataset, evaluation.forecast()).into_bytes(),
            FileFormat::Mermaid => {
                super::mermaid::graph_mermaid(dataset, evaluation.forecast()).into_bytes()
            }
        })
    }
}

/// Writes the export that `path`'s extension asks for (see [`FileFormat`]) and returns
/// its format. The bytes go to a temporary file beside `path` that is then renamed over
/// it, so a reader never sees half a file; nothing is written when rendering fails.
pub fn write_export(
    path: &Path,
    dataset: &Dataset,
    evaluation: &Evaluation,
    options: &ExportOptions<'_>,
) -> Result<FileFormat, Error> {
    let format = FileFormat::from_path(path)?;
    let bytes = format.render(dataset, evaluation, options)?;
    write_replacing(path, &bytes, "export")?;
    Ok(format)
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed over it, so that a
/// reader never sees half a file; an [`ErrorKind::Io`] error (`cannot write the {what}`)
/// names the file.
pub(crate) fn write_replacing(path: &Path, bytes: &[u8], what: &str) -> Result<(), Error> {
    let io = |e: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write the {what}: {e}"),
            Location::default().in_file(Some(path)),
        )
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&temp, bytes).map_err(io)?;
    std::fs::rename(&temp, path).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_round_trip_and_unknown_ones_are_listed() {
        for f in FileFormat::ALL {
            let name = format!("x.{}", f.extension());
            assert_eq!(FileFormat::from_path(name.as_ref()).unwrap(), f);
        }
        let err = FileFormat::from_path("noext".as_ref()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidValue);
        assert_eq!(
            err.message(),
            "an export file needs an extension: use .csv, .xlsx, .ics, .dot or .mmd"
        );
    }
}
