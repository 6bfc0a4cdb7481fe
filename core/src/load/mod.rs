//! Reading plans and monitoring data from JSON, with errors that say where; [`Input`]
//! loads any plan source (a JSON or CSV directory, a mix of both, or an .xlsx workbook).
//!
//! JSON is the canonical format. Parsing stops at the first syntax or type error of a
//! file (serde cannot go on past one), so each file gives at most one such error; the
//! semantic checks of validation then collect every problem they find.

pub(crate) mod date;
mod id_map;
mod input;
mod locate;
mod strict;
pub(crate) mod validate;
mod validate_baselines;
pub(crate) use validate_baselines::BaselineColumn;
mod validate_monitoring;
mod value;

use crate::error::{Error, ErrorKind, Location};
use serde::de::DeserializeOwned;
use std::path::Path;
pub use strict::MAX_STRING_BYTES;
pub(crate) use strict::{Strict, LONGER_THAN_LIMIT};

pub use date::parse_day;
pub(crate) use id_map::IdMap;
pub use input::Input;
pub(crate) use locate::{locate, locate_key};
pub use value::deserialize;

/// The name of the plan file in a plan directory.
pub const PLAN_FILE: &str = "plan.json";
/// The name of the monitoring data file in a plan directory.
pub const MONITORING_FILE: &str = "monitoring.json";
/// The name of the optional rule set file in a plan directory.
pub const RULES_FILE: &str = "rules.json";

/// The largest input file read, in bytes (2 GiB): a plan of a million activities with
/// years of monitoring is a few hundred MB. A larger file is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 2 << 30;

/// Whether a directory entry exists at `path`, a dangling symbolic link included: such a
/// link is a file the user meant to give, whose reading then fails with an error naming
/// it, never a file silently taken as absent.
pub fn is_present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Reads a file's bytes: a regular file (not a directory, FIFO or device, which could
/// block or never end) of at most [`MAX_FILE_BYTES`], read with that bound even if it
/// grows meanwhile; an [`ErrorKind::Io`] error naming the file otherwise.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let io = |message: String| {
        Error::new(ErrorKind::Io, message, Location::default()).in_file(Some(path))
    };
    let cannot = |e: std::io::Error| {
        io(format!(
            "cannot read file: {}",
            lowercase_first(&e.to_string())
        ))
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(io("cannot read file: not a regular file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(io(format!(
            "file is {} bytes, more than the {MAX_FILE_BYTES} planwatch reads",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io(format!(
            "file grew past the {MAX_FILE_BYTES} bytes planwatch reads"
        )));
    }
    Ok(bytes)
}

/// Reads a file to a string ([`read_bytes`], then UTF-8), as an [`ErrorKind::Io`] error
/// naming the file on failure.
pub(crate) fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|_| {
        Error::new(
            ErrorKind::Io,
            "cannot read file: stream did not contain valid UTF-8",
            Location::default(),
        )
        .in_file(Some(path))
    })
}

/// Inputs smaller than this (in bytes, each) are read and parsed on the calling thread: a
/// thread would cost more than it saves.
pub(crate) const PARALLEL_BYTES: u64 = 1 << 20;

/// Runs `a` and `b`, on two threads when `parallel` and the platform has threads (never on
/// wasm32), else one after the other; the results are the same either way. A panic in
/// either is passed on.
pub(crate) fn join<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    if parallel {
        // `b` waits in a slot so that it still runs here if no thread can be started.
        let slot = std::sync::Mutex::new(Some(b));
        let take = || slot.lock().ok().and_then(|mut b| b.take());
        return std::thread::scope(|scope| {
            let spawned = std::thread::Builder::new().spawn_scoped(scope, || take().map(|b| b()));
            let ra = a();
            let rb = match spawned {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => None,
            };
            match rb.or_else(|| take().map(|b| b())) {
                Some(rb) => (ra, rb),
                None => unreachable!("`b` ran on neither thread"),
            }
        });
    }
    let _ = parallel;
    (a(), b())
}

/// Parses `text` as JSON into `T`, naming the JSON path, line and column of the first
/// problem.
///
/// The first pass is plain serde_json, which tracks no path (serde_path_to_error costs
/// about twice the parse itself, on every value); only when it fails is the text parsed
/// again with path tracking, to name where. Both passes see the same input through the
/// same `Deserialize` impls, so they fail at the same place. Both read strictly
/// ([`Strict`]): no sequence form of a struct, no map key twice.
///
/// In WebAssembly only the tracked pass runs: it gives the same values and errors, and
/// leaving out the first pass's copy of the model's deserialisation takes about 31 KB off
/// the package's gzipped size (BENCHMARKS.md), for a slower load of large plans there.
pub(crate) fn parse_json<T: DeserializeOwned>(text: &str, file: Option<&Path>) -> Result<T, Error> {
    if cfg!(target_arch = "wasm32") {
        return parse_json_tracked(text, file);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    match T::deserialize(Strict::new(&mut de)).and_then(|value| de.end().map(|()| value)) {
        Ok(value) => Ok(value),
        Err(_) => parse_json_tracked(text, file),
    }
}

/// [`parse_json`] with path tracking: the slow pass that names where parsing failed.
fn parse_json_tracked<T: DeserializeOwned>(text: &str, file: Option<&Path>) -> Result<T, Error> {
    tracked(text).map_err(|(path, inner)| {
        let kind = classify(&inner);
        let message = strip_position(&inner.to_string()).replace("EOF", "end of input");
        let mut err =
            Error::new(kind, lowercase_first(&message), Location::path(path)).in_file(file);
        if inner.line() > 0 {
            // serde_json counts the column of an error before a line's first character
            // (the end of an empty file) as 0; columns are 1-based.
            err = err.at_line(inner.line(), inner.column().max(1));
        }
        err
    })
}

/// Reads `text` as JSON into `T` strictly, tracking the path: on failure, the JSON path
/// of the problem (empty at the top) and serde_json's error.
pub(crate) fn tracked<T: DeserializeOwned>(text: &str) -> Result<T, (String, serde_json::Error)> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, T>(Strict::new(&mut de))
        .map_err(|e| (tracked_path(e.path().to_string()), e.into_inner()))
        .and_then(|value| de.end().map(|()| value).map_err(|e| (String::new(), e)))
}

/// Deserialises a JSON value built in memory (a row of a table) strictly, tracking the
/// path: on failure, the path of the problem and serde_json's error.
///
/// Natively the value is read as it is. In WebAssembly it is written as text and read by
/// [`tracked`], the reader of JSON text: the package then holds one copy of the model's
/// deserialisation instead of two (about 36 KB of its gzipped size, see BENCHMARKS.md),
/// at the cost of writing each row's text (natively that costs a quarter more time to read
/// a tables directory, so native builds keep the direct read). Both read through
/// [`Strict`], so they accept and refuse the same values with the same messages.
pub(crate) fn tracked_value<T: DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, (String, serde_json::Error)> {
    #[cfg(target_arch = "wasm32")]
    {
        let text = serde_json::to_string(&value).map_err(|e| (String::new(), e))?;
        tracked(&text)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_path_to_error::deserialize::<_, T>(Strict::new(value))
            .map_err(|e| (tracked_path(e.path().to_string()), e.into_inner()))
    }
}

/// The path serde_path_to_error printed, as the errors carry it: `?` marks a segment it
/// could not name (at a syntax error inside a key), so the path up to it is what is known;
/// the top level is the empty path.
fn tracked_path(path: String) -> String {
    let path = path.split(".?").next().unwrap_or("");
    if path == "." || path == "?" {
        String::new()
    } else {
        path.to_string()
    }
}

pub(crate) fn classify(e: &serde_json::Error) -> ErrorKind {
    use serde_json::error::Category;
    match e.classify() {
        Category::Io => ErrorKind::Io,
        Category::Syntax | Category::Eof => ErrorKind::Syntax,
        Category::Data => {
            let text = e.to_string();
            if text.contains(LONGER_THAN_LIMIT) {
                ErrorKind::LimitExceeded
            } else if text.starts_with("unknown field") {
                ErrorKind::UnknownField
            } else if text.starts_with("missing field") {
                ErrorKind::MissingField
            } else if text.starts_with("invalid type") || text.starts_with("invalid length") {
                ErrorKind::WrongType
            } else {
                ErrorKind::InvalidValue
            }
        }
    }
}

/// serde_json appends " at line L column C"; the location carries those already.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

pub(crate) fn lowercase_first(s: &str) -> String {
    let s = s.trim_end_matches('.');
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && !chars.clone().next().is_some_and(char::is_uppercase) => {
            c.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Plan;

    #[test]
    fn unknown_field_is_named_with_path_and_line() {
        let text = "{\"id\": \"p\", \"title\": \"t\", \"start\": \"2019-01-01\",\n \"end\": \"2019-12-31\", \"bogus\": 1}";
        let e = parse_json::<Plan>(text, Some(Path::new("plan.json"))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownField);
        assert!(e.message().contains("bogus"), "{}", e.message());
        assert_eq!(e.location().line, Some(2));
        assert_eq!(e.location().file.as_deref(), Some(Path::new("plan.json")));
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read_and_dangling_links_are_present() {
        let dir = std::env::temp_dir().join(format!("planwatch-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let link = dir.join("monitoring.json");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(dir.join("nowhere.json"), &link).unwrap();
        assert!(is_present(&link) && !link.exists());
        let e = read_text(&link).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Io);
        assert_eq!(e.location().file.as_deref(), Some(link.as_path()));
        let e = read_text(&dir).unwrap_err();
        assert!(
            e.message().contains("not a regular file") || e.message().contains("directory"),
            "{}",
            e.message()
        );
        let e = read_text(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(e.message(), "cannot read file: not a regular file");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn numbers_keep_every_digit() {
        use crate::model::Monitoring;
        let text = r#"{"indicator_actuals": [{"indicator": "i", "period": "2020Q1",
            "value": 12.649999999999999}]}"#;
        let m = parse_json::<Monitoring>(text, None).unwrap();
        #[allow(clippy::excessive_precision)]
        let written = 12.649999999999999_f64;
        assert_eq!(m.indicator_actuals[0].value.to_bits(), written.to_bits());
        assert_ne!(m.indicator_actuals[0].value, 12.65);
    }

    #[test]
    fn an_empty_file_is_an_error_at_line_1_column_1() {
        let e = parse_json::<Plan>("", Some(Path::new("plan.json"))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Syntax);
        assert_eq!((e.location().line, e.location().column), (Some(1), Some(1)));
        assert!(e.location().to_string().starts_with("plan.json:1:1"));
    }

    #[test]
    fn trailing_garbage_is_a_syntax_error() {
        let e = parse_json::<Plan>("{} x", None).unwrap_err();
        assert!(matches!(
            e.kind(),
            ErrorKind::Syntax | ErrorKind::MissingField
        ));
    }

    #[test]
    fn join_runs_both_in_either_mode() {
        for parallel in [false, true] {
            let (a, b) = join(parallel, || 1 + 1, || "b".repeat(2));
            assert_eq!((a, b.as_str()), (2, "bb"));
        }
        let caught = std::panic::catch_unwind(|| join(true, || 1, || panic!("in b")));
        assert!(caught.is_err());
    }

    #[test]
    fn lowercases_messages() {
        assert_eq!(lowercase_first("No such file."), "no such file");
        assert_eq!(lowercase_first("EOF while"), "EOF while");
    }
}
