//! The version of planwatch's file formats: `plan.json`, `monitoring.json` and
//! `rules.json` may say which version of their format they are written in, with a
//! top-level `"format": 1`.
//!
//! # How the formats may change
//!
//! - Within a version, a change only adds: a new optional field, a new rule, a new value
//!   of an open list. Files written for an earlier build keep their meaning; a file that
//!   uses something new is refused by an older build by name (an unknown field, rule or
//!   value), never misread.
//! - A change that would alter the meaning of a file an earlier build accepts (a field
//!   renamed or removed, a default changed) makes a new version. A build reads the versions
//!   it knows and refuses any other with an error at `format` naming the versions it reads,
//!   so a file is never evaluated under rules it was not written for.
//! - A file without `format` is version 1, the only version so far; planwatch writes the
//!   key back as it was read, and will write it always once a second version exists.

use serde::{de::Error as _, Deserialize, Deserializer};

/// The format version this build reads: 1.
pub const FORMAT_VERSION: u32 = 1;

/// Reads a `format` field: a version this build knows, else an error that says which it
/// reads.
pub(crate) fn version<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let v = u32::deserialize(d)?;
    if v == FORMAT_VERSION {
        Ok(Some(v))
    } else {
        Err(D::Error::custom(format!(
            "format version {v} is not one this build of planwatch reads (it reads version {FORMAT_VERSION}): use a planwatch release that reads version {v}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Dataset, ErrorKind, RuleSet};

    const PLAN: &str =
        r#"{"id": "p", "title": "P", "start": "2020-01-01", "end": "2020-12-31"FORMAT}"#;

    fn plan(format: &str) -> String {
        PLAN.replace("FORMAT", format)
    }

    /// The first error expected: its kind and JSON path.
    type Expected = Option<(ErrorKind, &'static str)>;

    #[test]
    fn each_document_reads_its_own_version_and_refuses_others_by_name() {
        // (plan's format, monitoring's format, rules' format, the error expected)
        let cases: &[(&str, &str, &str, Expected)] = &[
            ("", "", "", None),
            (r#", "format": 1"#, r#""format": 1"#, r#""format": 1"#, None),
            (
                r#", "format": 2"#,
                "",
                "",
                Some((ErrorKind::InvalidValue, "format")),
            ),
            (
                "",
                r#""format": 0"#,
                "",
                Some((ErrorKind::InvalidValue, "format")),
            ),
            (
                "",
                "",
                r#""format": 99"#,
                Some((ErrorKind::InvalidValue, "format")),
            ),
            (
                r#", "format": "1""#,
                "",
                "",
                Some((ErrorKind::WrongType, "format")),
            ),
            (
                r#", "format": -1"#,
                "",
                "",
                Some((ErrorKind::InvalidValue, "format")),
            ),
        ];
        for (p, m, r, expected) in cases {
            let loaded = Dataset::from_json(&plan(p), &format!("{{{m}}}"))
                .map(|_| ())
                .and_then(|()| RuleSet::from_json(&format!("{{{r}}}")).map(|_| ()));
            match (loaded, expected) {
                (Ok(()), None) => {}
                (Err(errors), Some((kind, path))) => {
                    let e = &errors[0];
                    assert_eq!(
                        (e.kind(), e.location().path.as_str()),
                        (*kind, *path),
                        "{p} {m} {r}: {e}"
                    );
                }
                (got, want) => panic!("{p} {m} {r}: got {got:?}, expected {want:?}"),
            }
        }
    }

    #[test]
    fn the_message_names_the_version_read_and_the_one_asked_for() {
        let errors = Dataset::from_json(&plan(r#", "format": 2"#), "{}").unwrap_err();
        let shown = errors[0].to_string();
        assert!(
            shown.contains(
                "format version 2 is not one this build of planwatch reads (it reads version 1)"
            ),
            "{shown}"
        );
    }

    #[test]
    fn the_version_given_is_written_back_and_none_is_not_invented() {
        let with = Dataset::from_json(&plan(r#", "format": 1"#), r#"{"format": 1}"#).unwrap();
        let (p, m) = with.to_portable().unwrap();
        assert!(
            p.contains(r#""format":1"#) && m.contains(r#""format":1"#),
            "{p} {m}"
        );
        let without = Dataset::from_json(&plan(""), "{}").unwrap();
        let (p, m) = without.to_portable().unwrap();
        assert!(!p.contains("format") && !m.contains("format"), "{p} {m}");
    }
}
