//! How text and lists are written in a cell, losslessly.
//!
//! - Text is written as it is, except the empty string and any text that is itself a
//!   JSON string literal (`"..."`): those are written as a JSON string literal (`""`,
//!   `"\"quoted\""`). A text cell that is a JSON string literal is read as that string;
//!   anything else is read as it is (no trimming).
//! - A list (`supporting`, `tags`, `categories`, ...) is written `a;b;c`: items separated
//!   by `;`, read back with the spaces around each item trimmed and empty items dropped
//!   (`a; b;` is `a`, `b`). A list that this form cannot hold (an item that is empty, has a
//!   `;`, a line break or spaces at either end, or a first item starting with `[`) is
//!   written as a JSON array of strings (`["a;b", ""]`), which is read as that array.

/// The cell text of `s`.
pub(crate) fn encode_text(s: &str) -> String {
    if s.is_empty() || is_json_string(s) {
        serde_json::to_string(s).unwrap_or_default()
    } else {
        s.to_string()
    }
}

/// The text a cell holds.
pub(crate) fn decode_text(s: &str) -> String {
    if is_json_string(s) {
        if let Ok(decoded) = serde_json::from_str::<String>(s) {
            return decoded;
        }
    }
    s.to_string()
}

fn is_json_string(s: &str) -> bool {
    s.len() >= 2
        && s.starts_with('"')
        && s.ends_with('"')
        && serde_json::from_str::<String>(s).is_ok()
}

/// The cell text of a list; empty for an empty list.
pub(crate) fn encode_list(items: &[&str]) -> String {
    let simple = items
        .iter()
        .all(|i| !i.is_empty() && !i.contains([';', '\n', '\r']) && i.trim() == *i)
        && !items.first().is_some_and(|i| i.starts_with('['));
    if simple {
        items.join(";")
    } else {
        serde_json::to_string(items).unwrap_or_default()
    }
}

/// The list a cell holds.
pub(crate) fn decode_list(s: &str) -> Vec<String> {
    let trimmed = s.trim();
    if trimmed.starts_with('[') {
        if let Ok(items) = serde_json::from_str::<Vec<String>>(trimmed) {
            return items;
        }
    }
    trimmed
        .split(';')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips() {
        for (text, cell) in [
            ("plain", "plain"),
            ("", "\"\""),
            ("\"quoted\"", "\"\\\"quoted\\\"\""),
            (" padded ", " padded "),
            ("\"half", "\"half"),
            ("a \"b\" c", "a \"b\" c"),
        ] {
            assert_eq!(encode_text(text), cell, "{text:?}");
            assert_eq!(decode_text(cell), text, "{cell:?}");
        }
    }

    #[test]
    fn lists_round_trip() {
        let cases: &[(&[&str], &str)] = &[
            (&["moi", "mosvy"], "moi;mosvy"),
            (&["child protection"], "child protection"),
            (&[], ""),
            (&[""], "[\"\"]"),
            (&["a;b", "c"], "[\"a;b\",\"c\"]"),
            (&[" a"], "[\" a\"]"),
            (&["[x]"], "[\"[x]\"]"),
            (&["x", "[y]"], "x;[y]"),
        ];
        for (items, cell) in cases {
            assert_eq!(encode_list(items), *cell, "{items:?}");
            assert_eq!(decode_list(cell), items.to_vec(), "{cell:?}");
        }
    }

    #[test]
    fn lists_typed_by_hand_are_read_leniently() {
        for (cell, items) in [
            ("moi; mosvy", vec!["moi", "mosvy"]),
            (" moi ;; mosvy ; ", vec!["moi", "mosvy"]),
            ("[not json", vec!["[not json"]),
        ] {
            assert_eq!(decode_list(cell), items, "{cell:?}");
        }
    }
}
