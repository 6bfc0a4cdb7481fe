//! Reading the model from any serde data format, not only JSON text: a Python dict through
//! pythonize, a JavaScript object, a value built in Rust. Errors name the path of the first
//! problem (`status_updates[0].actual_finish`); there is no text, so no line or column.

use crate::error::{Error, ErrorKind, Location};
use serde::{Deserialize, Deserializer};

/// Deserialises a [`Plan`](crate::model::Plan), [`Monitoring`](crate::model::Monitoring)
/// or any other model type from `de`, naming the path and kind of the first problem.
///
/// ```
/// use planwatch::model::Monitoring;
/// let value = serde_json::json!({"status_updates": [{"activity": "a", "date": "2020-1-x",
///     "status": "done"}]});
/// let e = planwatch::load::deserialize::<Monitoring, _>(value).unwrap_err();
/// assert_eq!(e.kind(), planwatch::ErrorKind::InvalidValue);
/// assert_eq!(e.location().path, "status_updates[0].date");
/// ```
pub fn deserialize<'de, T, D>(de: D) -> Result<T, Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    serde_path_to_error::deserialize(super::Strict::new(de)).map_err(|e| {
        let path = e.path().to_string();
        let path = match path.as_str() {
            "." | "?" => String::new(),
            p => p.split(".?").next().unwrap_or("").to_string(),
        };
        let message = super::lowercase_first(&e.into_inner().to_string());
        Error::new(kind_of(&message), message, Location::path(path))
    })
}

/// The error kind of a serde data error, from the wording serde's derives use.
pub(crate) fn kind_of(message: &str) -> ErrorKind {
    if message.contains(super::LONGER_THAN_LIMIT) {
        ErrorKind::LimitExceeded
    } else if message.starts_with("unknown field") {
        ErrorKind::UnknownField
    } else if message.starts_with("missing field") {
        ErrorKind::MissingField
    } else if message.starts_with("invalid type")
        || message.starts_with("invalid length")
        // pythonize's wording for a Python value of the wrong type
        || message.starts_with("unexpected type")
    {
        ErrorKind::WrongType
    } else {
        ErrorKind::InvalidValue
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Monitoring, Plan};
    use serde_json::json;

    #[test]
    fn kinds_and_paths_of_value_errors() {
        let plan = |extra: serde_json::Value| {
            let mut p =
                json!({"id": "p", "title": "t", "start": "2019-01-01", "end": "2019-12-31"});
            if let (Some(p), Some(extra)) = (p.as_object_mut(), extra.as_object()) {
                p.extend(extra.clone());
            }
            deserialize::<Plan, _>(p)
                .map(|_| ())
                .map_err(|e| (e.kind(), e.location().path.clone()))
        };
        let cases = [
            (json!({}), Ok(())),
            (json!({"bogus": 1}), Err((ErrorKind::UnknownField, "bogus"))),
            (json!({"id": 3}), Err((ErrorKind::WrongType, "id"))),
            (
                json!({"end": "31/12/2019"}),
                Err((ErrorKind::InvalidValue, "end")),
            ),
            (
                json!({"activities": [{"id": "a", "group": "g", "title": "x", "planned_start": "2019-01-01"}]}),
                Err((ErrorKind::MissingField, "activities[0]")),
            ),
        ];
        for (extra, want) in cases {
            let got = plan(extra.clone());
            let want = want.map_err(|(k, p): (ErrorKind, &str)| (k, p.to_string()));
            assert_eq!(got, want, "{extra}");
        }
        let m = deserialize::<Monitoring, _>(json!({"submissions": [{"reporter": "r",
            "report_type": "monthly", "period": "2020-01", "submitted": null}]}));
        let e = m.unwrap_err();
        assert_eq!(
            (e.kind(), e.location().path.as_str()),
            (ErrorKind::WrongType, "submissions[0].submitted")
        );
    }
}
