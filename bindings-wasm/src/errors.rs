//! Errors as JavaScript `Error`s.
//!
//! Every error the package throws is a JavaScript `Error` whose `name` is
//! `PlanwatchError`, with:
//!
//! - `code`: the core's error kind code (`dependency_cycle`, `unknown_reference`, ...) when
//!   there is one error, `invalid_input` when loading found several, `internal` for a bug
//!   (a Rust panic, caught by the panic hook);
//! - `details`: for one error, the error as a plain object `{kind, message, location:
//!   {file?, path, line?, column?}, subject?}`; for several, the array of them;
//! - `errors`: always the array of every error (one element for one error).
//!
//! The `message` is the core's display form (`<location>: <kind>: <message>`, one line per
//! error).

use planwatch::{Error, ErrorKind, Errors, Location};
use wasm_bindgen::prelude::*;

/// The `code` of an error that reports several errors at once.
pub const INVALID_INPUT: &str = "invalid_input";
/// The `code` of an internal error (a bug in planwatch).
pub const INTERNAL: &str = "internal";

/// What a thrown error carries besides its message: its code and details, and the list
/// of every error. Plain data, so that it can be tested off the browser.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorParts {
    /// The `code` property.
    pub code: String,
    /// The `message`.
    pub message: String,
    /// The `details` property, as JSON.
    pub details: serde_json::Value,
    /// The `errors` property, as JSON.
    pub errors: serde_json::Value,
}

/// The parts of the error thrown for `errors`.
pub fn error_parts(errors: &Errors) -> ErrorParts {
    let list: Vec<serde_json::Value> = errors
        .iter()
        .map(|e| serde_json::to_value(e).unwrap_or(serde_json::Value::Null))
        .collect();
    let (code, details) = match list.as_slice() {
        [one] => (
            errors
                .first()
                .map_or(INTERNAL, |e| e.kind().code())
                .to_string(),
            one.clone(),
        ),
        _ => (
            INVALID_INPUT.to_string(),
            serde_json::Value::Array(list.clone()),
        ),
    };
    ErrorParts {
        code,
        message: errors.to_string(),
        details,
        errors: serde_json::Value::Array(list),
    }
}

/// The parts of an internal error (a panic) with the given description.
pub fn internal_parts(what: &str) -> ErrorParts {
    let details = serde_json::json!({
        "kind": INTERNAL,
        "message": what,
        "location": {"path": ""},
    });
    ErrorParts {
        code: INTERNAL.to_string(),
        message: format!("planwatch internal error (please report it): {what}"),
        errors: serde_json::Value::Array(vec![details.clone()]),
        details,
    }
}

/// Builds the JavaScript `Error` of `parts`.
fn to_js_error(parts: &ErrorParts) -> JsValue {
    let error = js_sys::Error::new(&parts.message);
    error.set_name("PlanwatchError");
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let set = |key: &str, value: JsValue| {
        // Setting a property of a fresh Error cannot fail; if it did, the Error still
        // carries its message.
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(&parts.code));
    set(
        "details",
        serde::Serialize::serialize(&parts.details, &serializer).unwrap_or(JsValue::NULL),
    );
    set(
        "errors",
        serde::Serialize::serialize(&parts.errors, &serializer).unwrap_or(JsValue::NULL),
    );
    error.into()
}

/// The JavaScript `Error` for a list of core errors.
pub fn errors_to_js(errors: &Errors) -> JsValue {
    to_js_error(&error_parts(errors))
}

/// The JavaScript `Error` for one error of `kind` about the argument `what`.
pub fn one_error(kind: ErrorKind, message: &str, what: &str) -> JsValue {
    errors_to_js(&Error::new(kind, message, Location::path(what)).into())
}

/// The JavaScript `Error` with code `internal`.
pub fn internal_error(what: &str) -> JsValue {
    to_js_error(&internal_parts(what))
}

/// The description of a panic: its message and where it happened.
pub fn panic_description(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string());
    match info.location() {
        Some(at) => format!("{message} ({}:{})", at.file(), at.line()),
        None => message,
    }
}

/// Installs a panic hook that throws a `PlanwatchError` with code `internal` instead of
/// letting the module trap with `unreachable`. After it fired the module instance may be
/// in an inconsistent state: load the package again. Rust's panic machinery, left by the
/// throw, believes it is still inside the hook, so a second panic in the same instance
/// aborts (`RuntimeError: unreachable`) without reaching it (test/panic.test.mjs).
pub fn install_panic_hook() {
    #[cfg(target_arch = "wasm32")]
    std::panic::set_hook(Box::new(|info| {
        wasm_bindgen::throw_val(internal_error(&panic_description(info)))
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_error_has_its_kind_as_code() {
        let errors: Errors = Error::new(
            ErrorKind::DependencyCycle,
            "dependency cycle: a -> b -> a",
            Location::path("activities[0].depends_on[0].activity"),
        )
        .with_subject("a")
        .into();
        let parts = error_parts(&errors);
        assert_eq!(parts.code, "dependency_cycle");
        assert_eq!(parts.details["subject"], "a");
        assert_eq!(
            parts.details["location"]["path"],
            "activities[0].depends_on[0].activity"
        );
        assert_eq!(parts.errors.as_array().map(Vec::len), Some(1));
    }

    #[test]
    fn several_errors_are_invalid_input() {
        let Err(errors) = planwatch::Dataset::from_json(r#"{"id": 1, "title": 2}"#, "{}") else {
            panic!("loaded");
        };
        let parts = error_parts(&errors);
        if errors.len() > 1 {
            assert_eq!(parts.code, INVALID_INPUT);
            assert_eq!(parts.details, parts.errors);
        } else {
            assert_eq!(parts.code, errors[0].kind().code());
        }
    }

    #[test]
    fn internal_parts_hide_nothing_but_say_internal() {
        let parts = internal_parts("index out of bounds (core/src/x.rs:1)");
        assert_eq!(parts.code, INTERNAL);
        assert!(parts.message.starts_with("planwatch internal error"));
        assert_eq!(parts.details["kind"], INTERNAL);
    }
}
