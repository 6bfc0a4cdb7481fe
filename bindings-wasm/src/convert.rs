//! Conversions between JavaScript values and the core's serde types.

use crate::errors::{internal_error, one_error};
use planwatch::ErrorKind;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A serde value as a plain JavaScript object, as its JSON form: maps as objects, `None`
/// as `null` (fields the core skips stay absent).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .map_err(|e| internal_error(&format!("cannot convert a result: {e}")))
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
