//! The one error type of planwatch, with a [`kind`](Error::kind) and a [`Location`].
//!
//! Loading collects every problem it finds instead of stopping at the first, so the
//! loaders return [`Errors`], a non-empty list of [`Error`]s in the order they were found
//! (file by file, then in document order).

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, as a machine-readable category.
///
/// The serialised form (`"duplicate_id"`, ...) is the `code` the Python and
/// WebAssembly bindings expose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file or directory could not be read.
    Io,
    /// The text is not well-formed JSON.
    Syntax,
    /// An object has a field the format does not define.
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A value has the wrong JSON type (a string where a number belongs, ...).
    WrongType,
    /// A value has the right type but is not allowed (an unknown status, a bad date, ...).
    InvalidValue,
    /// Two items of the same collection share an id.
    DuplicateId,
    /// An id refers to an organisation, activity, indicator, group or obligation that does
    /// not exist.
    UnknownReference,
    /// Activity dependencies form a cycle; the message prints the whole cycle.
    DependencyCycle,
    /// An activity depends on itself.
    SelfDependency,
    /// A deadline (or an end date) lies before its start.
    DeadlineBeforeStart,
    /// A period id does not parse, or does not fit its period type.
    InvalidPeriod,
    /// A period or date lies outside the plan's start and end.
    PeriodOutsidePlan,
    /// A rule id that planwatch does not know.
    UnknownRule,
    /// A rule parameter that the rule does not take, or a value it cannot use.
    InvalidRuleParameter,
    /// A custom rule's condition or message template does not compile: a syntax error, an
    /// unknown variable, field or function; the message names the rule and the position.
    Expression,
    /// A custom rule's condition goes over a limit for untrusted input (length, nesting,
    /// comprehension cost).
    ExpressionLimit,
    /// An input goes over a resource limit (see [`Limits`](crate::Limits) and
    /// SECURITY.md): a plan too long, too many expected reports, a string too long; the
    /// message names the limit and what the input asks for.
    LimitExceeded,
}

impl ErrorKind {
    /// The stable snake_case code of this kind, as serialised.
    ///
    /// ```
    /// assert_eq!(planwatch::ErrorKind::DuplicateId.code(), "duplicate_id");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Syntax => "syntax",
            ErrorKind::UnknownField => "unknown_field",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::WrongType => "wrong_type",
            ErrorKind::InvalidValue => "invalid_value",
            ErrorKind::DuplicateId => "duplicate_id",
            ErrorKind::UnknownReference => "unknown_reference",
            ErrorKind::DependencyCycle => "dependency_cycle",
            ErrorKind::SelfDependency => "self_dependency",
            ErrorKind::DeadlineBeforeStart => "deadline_before_start",
            ErrorKind::InvalidPeriod => "invalid_period",
            ErrorKind::PeriodOutsidePlan => "period_outside_plan",
            ErrorKind::UnknownRule => "unknown_rule",
            ErrorKind::InvalidRuleParameter => "invalid_rule_parameter",
            ErrorKind::Expression => "expression",
            ErrorKind::ExpressionLimit => "expression_limit",
            ErrorKind::LimitExceeded => "limit_exceeded",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where an error was found: the file, the JSON path inside it and, where known, the line
/// and column (1-based); for the table layout (see [`tables`](crate::tables)), the sheet
/// of a workbook, the row (1-based, the header is row 1) and the column header.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Location {
    /// The file the error is in, when the input came from a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// The JSON path of the offending value, like `activities[3].depends_on[0].activity`;
    /// empty for the document itself.
    pub path: String,
    /// 1-based line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// The sheet of a workbook the error is in (`activities`), for .xlsx input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The 1-based row of a table (the header is row 1), for table input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The header of the offending column of a table (`deadline`), for table input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column_name: Option<String>,
}

impl Location {
    /// A location naming only a JSON path.
    pub fn path(path: impl Into<String>) -> Location {
        Location {
            path: path.into(),
            ..Location::default()
        }
    }

    /// The same location in the given file.
    pub fn in_file(mut self, file: Option<&Path>) -> Location {
        self.file = file.map(Path::to_path_buf);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            wrote = true;
        }
        if self.sheet.is_some() || self.row.is_some() || self.column_name.is_some() {
            // A table: `activities.csv row 5, column deadline`, or
            // `plan.xlsx sheet activities row 5, column deadline`. The JSON path of the
            // value is kept in `path` for programs but not shown: the user wrote no JSON.
            let mut sep = if wrote { " " } else { "" };
            if let Some(sheet) = &self.sheet {
                write!(f, "{sep}sheet {sheet}")?;
                sep = " ";
            }
            if let Some(row) = self.row {
                write!(f, "{sep}row {row}")?;
                sep = ", ";
            }
            if let Some(column) = &self.column_name {
                write!(f, "{sep}column {column}")?;
            }
            return Ok(());
        }
        if let Some(line) = self.line {
            // `file:line:column`, or `line L, column C` for text that came from no file.
            match (wrote, self.column) {
                (true, Some(column)) => write!(f, ":{line}:{column}")?,
                (true, None) => write!(f, ":{line}")?,
                (false, Some(column)) => write!(f, "line {line}, column {column}")?,
                (false, None) => write!(f, "line {line}")?,
            }
            wrote = true;
        }
        if !self.path.is_empty() {
            if wrote {
                f.write_str(" ")?;
            }
            write!(f, "at {}", self.path)?;
        } else if !wrote {
            f.write_str("<input>")?;
        }
        Ok(())
    }
}

/// A planwatch error: what kind, a lowercase message, where, and the subject (activity,
/// organisation, indicator, ... id) it is about.
///
/// ```
/// let errors = planwatch::Dataset::from_json(r#"{"id": 1}"#, "{}").unwrap_err();
/// let first = &errors[0];
/// assert_eq!(first.kind(), planwatch::ErrorKind::WrongType);
/// assert_eq!(first.location().path, "id");
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Error(Box<ErrorInner>);

/// As the CLI prints it (`file:line:column at path: kind: message`), so that `?` in a
/// `main` returning `Result<(), planwatch::Error>` prints what a user can act on; `{:#?}`
/// gives the fields.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            fmt::Debug::fmt(&self.0, f)
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct ErrorInner {
    kind: ErrorKind,
    message: String,
    location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
}

impl Error {
    /// A new error of `kind` at `location`.
    pub fn new(kind: ErrorKind, message: impl Into<String>, location: Location) -> Error {
        Error(Box::new(ErrorInner {
            kind,
            message: message.into(),
            location,
            subject: None,
        }))
    }

    /// The same error, naming the id of the thing it is about.
    pub fn with_subject(mut self, subject: impl Into<String>) -> Error {
        self.0.subject = Some(subject.into());
        self
    }

    /// The same error, in `file`.
    pub fn in_file(mut self, file: Option<&Path>) -> Error {
        self.0.location.file = file.map(Path::to_path_buf);
        self
    }

    /// The same error at another location.
    pub fn at(mut self, location: Location) -> Error {
        self.0.location = location;
        self
    }

    /// The same error at a line and column (1-based).
    pub fn at_line(mut self, line: usize, column: usize) -> Error {
        self.0.location.line = Some(line);
        self.0.location.column = Some(column);
        self
    }

    /// The category of this error.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The message, lowercase and without a trailing period.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Where the error was found.
    pub fn location(&self) -> &Location {
        &self.0.location
    }

    /// The id of the activity, organisation, indicator, obligation or rule it is about.
    pub fn subject(&self) -> Option<&str> {
        self.0.subject.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.0.location, self.0.kind, self.0.message
        )
    }
}

impl std::error::Error for Error {}

/// A non-empty list of [`Error`]s, as returned by loading and validation.
///
/// It dereferences to a slice, displays one error per line and serialises as a JSON array.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Errors(Vec<Error>);

/// As the CLI prints them, one per line after a count, so that `?` in `main` prints
/// them readably:
///
/// ```
/// let errors = planwatch::Dataset::from_json(r#"{"id": 1}"#, "{}").unwrap_err();
/// let shown = format!("{errors:?}");
/// assert!(shown.starts_with("1 error:\n") && shown.contains("at id: wrong_type: "));
/// ```
impl fmt::Debug for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return f.debug_list().entries(self.0.iter()).finish();
        }
        let n = self.0.len();
        writeln!(f, "{n} error{}:", if n == 1 { "" } else { "s" })?;
        fmt::Display::fmt(self, f)
    }
}

impl Errors {
    /// Wraps a list of errors; `None` when the list is empty.
    pub fn from_vec(errors: Vec<Error>) -> Option<Errors> {
        if errors.is_empty() {
            None
        } else {
            Some(Errors(errors))
        }
    }

    /// The errors as a vector.
    pub fn into_vec(self) -> Vec<Error> {
        self.0
    }
}

impl From<Error> for Errors {
    fn from(error: Error) -> Errors {
        Errors(vec![error])
    }
}

impl std::ops::Deref for Errors {
    type Target = [Error];
    fn deref(&self) -> &[Error] {
        &self.0
    }
}

impl IntoIterator for Errors {
    type Item = Error;
    type IntoIter = std::vec::IntoIter<Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Errors {
    type Item = &'a Error;
    type IntoIter = std::slice::Iter<'a, Error>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_path() {
        let e = Error::new(
            ErrorKind::DuplicateId,
            "duplicate activity id `1.1.1`",
            Location::path("activities[2].id"),
        )
        .in_file(Some(Path::new("plan.json")))
        .at_line(12, 5)
        .with_subject("1.1.1");
        assert_eq!(
            e.to_string(),
            "plan.json:12:5 at activities[2].id: duplicate_id: duplicate activity id `1.1.1`"
        );
        assert_eq!(e.subject(), Some("1.1.1"));
    }

    #[test]
    fn display_without_a_file_names_line_and_column() {
        let e = Error::new(ErrorKind::Syntax, "x", Location::path("a")).at_line(3, 7);
        assert_eq!(e.to_string(), "line 3, column 7 at a: syntax: x");
        let e = Error::new(ErrorKind::Syntax, "x", Location::default());
        assert_eq!(e.to_string(), "<input>: syntax: x");
    }

    #[test]
    fn display_names_table_sheet_row_and_column() {
        let at = |file: &str, sheet: Option<&str>, row: Option<usize>, col: Option<&str>| {
            Location {
                file: Some(PathBuf::from(file)),
                path: "activities[3].deadline".into(),
                sheet: sheet.map(str::to_string),
                row,
                column_name: col.map(str::to_string),
                ..Location::default()
            }
            .to_string()
        };
        for (location, expected) in [
            (
                at("activities.csv", None, Some(5), Some("deadline")),
                "activities.csv row 5, column deadline",
            ),
            (
                at("plan.xlsx", Some("activities"), Some(5), Some("deadline")),
                "plan.xlsx sheet activities row 5, column deadline",
            ),
            (
                at("plan.xlsx", Some("plan"), None, None),
                "plan.xlsx sheet plan",
            ),
            (at("targets.csv", None, Some(2), None), "targets.csv row 2"),
        ] {
            assert_eq!(location, expected);
        }
    }

    #[test]
    fn json_locations_serialise_as_before() {
        let e = Error::new(ErrorKind::Syntax, "x", Location::path("a")).at_line(3, 7);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v["location"],
            serde_json::json!({"path": "a", "line": 3, "column": 7})
        );
    }

    #[test]
    fn serialises_with_code_and_location() {
        let e = Error::new(ErrorKind::UnknownReference, "x", Location::path("a.b"));
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["kind"], "unknown_reference");
        assert_eq!(v["location"]["path"], "a.b");
    }

    #[test]
    fn empty_list_is_not_an_error() {
        assert!(Errors::from_vec(vec![]).is_none());
    }
}
