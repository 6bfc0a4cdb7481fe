//! Conversions between JavaScript values and the core's serde types.

use crate::errors::{internal_error, one_error};
use planwatch::ErrorKind;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A serde value as a plain JavaScript object, as its JSON form: maps as objects, `None`
/// as `null` (fields the core skips stay absent).
///
/// It goes through JSON text and `JSON.parse`, which defines every key as an own
/// property: building the object key by key would assign them, and a key `__proto__`
/// (an organisation id, say) would then set the object's prototype instead of appearing.
/// The result is exactly the core's JSON, as on every other surface.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| internal_error(&format!("cannot convert a result: {e}")))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| internal_error("cannot convert a result: JSON.parse refused it"))
}

/// The JSON text of an argument: a string as it is, anything else through
/// `JSON.stringify`.
pub(crate) fn json_text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_undefined() || value.is_function() || value.is_symbol() {
        return Err(one_error(
            ErrorKind::WrongType,
            &format!("`{what}` must be JSON text or a plain object"),
            what,
        ));
    }
    match js_sys::JSON::stringify(value) {
        Ok(text) => Ok(String::from(text)),
        Err(_) => Err(one_error(
            ErrorKind::InvalidValue,
            &format!("`{what}` cannot be converted to JSON (a cycle or a BigInt?)"),
            what,
        )),
    }
}

/// Deserialises an argument (text or object) through JSON; a value the type does not
/// accept (an unknown field, a wrong type) is an `invalid_value` error at `what`.
pub(crate) fn from_js_json<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let text = json_text(value, what)?;
    serde_json::from_str(&text).map_err(|e| {
        let message = format!("`{what}` is not valid: {e}");
        one_error(ErrorKind::InvalidValue, &message, what)
    })
}
