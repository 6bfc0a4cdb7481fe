//! Map a JSON path (as printed by `serde_path_to_error` or emitted by the validator) back to a
//! 1-based `(line, column)` position in the original JSON source text.
//!
//! This is used only for error reporting, so it is deliberately forgiving and cheap:
//!
//! * It never panics, whatever the text or the path.
//! * It walks the text once, descending only into the containers named by the path and skipping
//!   every other value with an iterative scanner (an explicit depth counter, no recursion), so a
//!   call is `O(len(text))` and deeply nested input cannot overflow the stack.
//! * It does not validate the JSON beyond what it needs to reach the requested value; when the
//!   text is too broken to get there, or the path names something that does not exist, the
//!   answer is `None`.
//!
//! # Path syntax
//!
//! Segments are separated by `.`; array indices are written `[n]` directly after a key or after
//! another index: `activities[3].depends_on[0].activity`, `organisations[12]`, `[0]`, `a.b`.
//! The empty path `""` denotes the whole document. Keys are compared with the JSON object keys
//! after JSON string unescaping (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX`
//! including surrogate pairs). Malformed paths (`[`, `a[x]`, `a..b`, an index that does not fit
//! in `usize`, ...) yield `None`.
//!
//! # Positions
//!
//! Lines are split on `'\n'` (so `"\r\n"` counts as a single line break) and columns count
//! Unicode scalar values (`char`s). Both are 1-based.

/// One step of a parsed path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// An object member, by its (unescaped) key.
    Key(String),
    /// An array element, by its 0-based index.
    Index(usize),
}

/// 1-based (line, column) of the value found at `path` in the JSON `text`, or `None` when
/// the text is not JSON enough to get there or the path does not exist.
///
/// The position is that of the first character of the value: the opening quote of a string,
/// the `{` of an object, the `[` of an array, the first character of a number or literal.
/// The empty path denotes the whole document, i.e. the first non-whitespace character of
/// `text` (provided it can start a value).
pub(crate) fn locate(text: &str, path: &str) -> Option<(usize, usize)> {
    let segments = parse_path(path)?;
    let found = find(text, &segments)?;
    Some(line_col(text.as_bytes(), found.value))
}

/// 1-based (line, column) of the KEY of the last path segment when it is an object key
/// (the opening quote of the key), falling back to `locate` for index segments.
///
/// For the empty path, or a path whose last segment is an array index, this is exactly
/// [`locate`]. Returns `None` under the same conditions as [`locate`].
pub(crate) fn locate_key(text: &str, path: &str) -> Option<(usize, usize)> {
    let segments = parse_path(path)?;
    let found = find(text, &segments)?;
    Some(line_col(text.as_bytes(), found.key.unwrap_or(found.value)))
}

/// Parse a path into segments, or `None` when it is malformed.
fn parse_path(path: &str) -> Option<Vec<Segment>> {
    let bytes = path.as_bytes();
    let mut segments = Vec::new();
    if bytes.is_empty() {
        return Some(segments);
    }
    let mut i = 0;
    // A path may start directly with an index (`[0].a`); otherwise every segment group starts
    // with a key.
    let mut expect_key = bytes.first() != Some(&b'[');
    loop {
        if expect_key {
            let start = i;
            while i < bytes.len() && bytes[i] != b'.' && bytes[i] != b'[' {
                i += 1;
            }
            if i == start {
                return None;
            }
            // `start` and `i` sit at the start, the end, or next to an ASCII byte, so they
            // are char boundaries; `get` keeps this panic-free regardless.
            segments.push(Segment::Key(path.get(start..i)?.to_owned()));
        }
        while bytes.get(i) == Some(&b'[') {
            let start = i + 1;
            let close = start + bytes.get(start..)?.iter().position(|&b| b == b']')?;
            let digits = path.get(start..close)?;
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            segments.push(Segment::Index(digits.parse().ok()?));
            i = close + 1;
        }
        match bytes.get(i) {
            None => return Some(segments),
            Some(b'.') => {
                i += 1;
                expect_key = true;
            }
            Some(_) => return None,
        }
    }
}

/// Byte offsets of what a path resolved to.
struct Found {
    /// Offset of the first byte of the value.
    value: usize,
    /// Offset of the opening quote of the key, when the last segment is an object key.
    key: Option<usize>,
}

/// Walk `text` along `segments`.
fn find(text: &str, segments: &[Segment]) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut value = value_start(bytes, 0)?;
    let mut key = None;
    let mut buf = String::new();
    for segment in segments {
        match segment {
            Segment::Key(wanted) => {
                let (k, v) = find_member(text, value, wanted, &mut buf)?;
                key = Some(k);
                value = v;
            }
            Segment::Index(n) => {
                value = find_element(bytes, value, *n)?;
                key = None;
            }
        }
    }
    Some(Found { value, key })
}

/// Within the object starting at `pos`, find the member whose unescaped key is `wanted`.
/// Returns the offsets of the key's opening quote and of the member's value.
fn find_member(text: &str, pos: usize, wanted: &str, buf: &mut String) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(pos) != Some(&b'{') {
        return None;
    }
    let mut i = skip_ws(bytes, pos + 1);
    loop {
        if bytes.get(i) != Some(&b'"') {
            // Includes `}`: the key does not exist in this object.
            return None;
        }
        let key_start = i;
        i = skip_ws(bytes, read_string(text, i, buf)?);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let value = value_start(bytes, i + 1)?;
        if buf == wanted {
            return Some((key_start, value));
        }
        i = skip_ws(bytes, skip_value(bytes, value)?);
        if bytes.get(i) != Some(&b',') {
            return None;
        }
        i = skip_ws(bytes, i + 1);
    }
}

/// Within the array starting at `pos`, find the offset of element `n`.
fn find_element(bytes: &[u8], pos: usize, n: usize) -> Option<usize> {
    if bytes.get(pos) != Some(&b'[') {
        return None;
    }
    let mut i = pos + 1;
    let mut index = 0usize;
    loop {
        // An empty array, or running past the last element, ends here on the `]`.
        let value = value_start(bytes, i)?;
        if index == n {
            return Some(value);
        }
        i = skip_ws(bytes, skip_value(bytes, value)?);
        if bytes.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
        index += 1;
    }
}

/// Is `b` JSON insignificant whitespace?
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Offset of the first non-whitespace byte at or after `i` (or `bytes.len()`).
fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| is_ws(b)) {
        i += 1;
    }
    i
}

/// Skip whitespace from `i` and return the offset of a value start there, or `None` at the end
/// of the text or on a byte that cannot start a value.
fn value_start(bytes: &[u8], i: usize) -> Option<usize> {
    let i = skip_ws(bytes, i);
    match bytes.get(i)? {
        b',' | b':' | b']' | b'}' => None,
        _ => Some(i),
    }
}

/// Offset just past the value starting at `i`, without recursion.
///
/// Containers are skipped with a depth counter (brackets of either kind are counted alike;
/// strings are skipped so that brackets inside them are ignored). Scalars extend up to the next
/// structural character or whitespace.
fn skip_value(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'"' => skip_string(bytes, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&b) = bytes.get(j) {
                match b {
                    b'"' => {
                        j = skip_string(bytes, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        b',' | b':' | b']' | b'}' => None,
        _ => {
            let mut j = i;
            while let Some(&b) = bytes.get(j) {
                if is_ws(b) || matches!(b, b',' | b':' | b']' | b'}' | b'[' | b'{' | b'"') {
                    break;
                }
                j += 1;
            }
            Some(j)
        }
    }
}

/// Offset just past the string whose opening quote is at `i`, or `None` if it is unterminated.
fn skip_string(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match bytes.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// Read and unescape the string whose opening quote is at `i` into `buf`; returns the offset
/// just past its closing quote. `None` if it is unterminated or has an invalid escape.
///
/// Lone surrogates in `\u` escapes become U+FFFD (such keys cannot be matched by a path anyway).
fn read_string(text: &str, i: usize, buf: &mut String) -> Option<usize> {
    let bytes = text.as_bytes();
    buf.clear();
    let mut j = i + 1;
    let mut run = j;
    loop {
        match bytes.get(j)? {
            b'"' => {
                buf.push_str(text.get(run..j)?);
                return Some(j + 1);
            }
            b'\\' => {
                buf.push_str(text.get(run..j)?);
                let escape = *bytes.get(j + 1)?;
                j += 2;
                let c = match escape {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let unit = hex4(bytes, j)?;
                        j += 4;
                        if (0xD800..0xDC00).contains(&unit) {
                            match low_surrogate(bytes, j) {
                                Some(low) => {
                                    j += 6;
                                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                    char::from_u32(code).unwrap_or('\u{FFFD}')
                                }
                                None => '\u{FFFD}',
                            }
                        } else {
                            char::from_u32(unit).unwrap_or('\u{FFFD}')
                        }
                    }
                    _ => return None,
                };
                buf.push(c);
                run = j;
            }
            _ => j += 1,
        }
    }
}

/// The low surrogate of a `\uDC00`–`\uDFFF` escape starting at `j`, if there is one.
fn low_surrogate(bytes: &[u8], j: usize) -> Option<u32> {
    if bytes.get(j) != Some(&b'\\') || bytes.get(j + 1) != Some(&b'u') {
        return None;
    }
    let unit = hex4(bytes, j + 2)?;
    (0xDC00..0xE000).contains(&unit).then_some(unit)
}

/// The value of the four hex digits starting at `j`.
fn hex4(bytes: &[u8], j: usize) -> Option<u32> {
    bytes
        .get(j..j.checked_add(4)?)?
        .iter()
        .try_fold(0u32, |acc, &b| Some(acc * 16 + char::from(b).to_digit(16)?))
}

/// 1-based (line, column) of byte offset `offset`; columns count chars.
fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    // Count the bytes that start a UTF-8 sequence, i.e. the chars.
    let column = 1 + before
        .get(line_start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&b| b & 0xC0 != 0x80)
        .count();
    (line, column)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::{Duration, Instant};

    /// A table case: (JSON text, path, expected position).
    type Case = (&'static str, &'static str, Option<(usize, usize)>);

    #[test]
    fn table() {
        let cases: &[Case] = &[
            // The whole document.
            ("{}", "", Some((1, 1))),
            ("  \n\t [1]", "", Some((2, 3))),
            ("42", "", Some((1, 1))),
            ("", "", None),
            (" \r\n ", "", None),
            // Objects.
            (r#"{"a":1}"#, "a", Some((1, 6))),
            (r#"{"a": 1}"#, "a", Some((1, 7))),
            (r#"{ "a" : "x" }"#, "a", Some((1, 9))),
            (r#"{"a":1,"b":{"c":[true,null]}}"#, "b", Some((1, 12))),
            (r#"{"a":1,"b":{"c":[true,null]}}"#, "b.c", Some((1, 17))),
            (r#"{"a":1,"b":{"c":[true,null]}}"#, "b.c[0]", Some((1, 18))),
            (r#"{"a":1,"b":{"c":[true,null]}}"#, "b.c[1]", Some((1, 23))),
            (r#"{"a":{"b":{"c":-1.5e3}}}"#, "a.b.c", Some((1, 16))),
            // Skipping values containing brackets and quotes inside strings.
            (
                r#"{"x":"a}]\"{[","y":[{"z":"]"},[[]]],"w":7}"#,
                "w",
                Some((1, 41)),
            ),
            (r#"{"x":[{"a":[1,[2]]},{}],"y":"v"}"#, "y", Some((1, 29))),
            // Arrays.
            ("[1,2,3]", "[0]", Some((1, 2))),
            ("[1,2,3]", "[2]", Some((1, 6))),
            ("[ 1 , 2 , 3 ]", "[2]", Some((1, 11))),
            ("[[1,2],[3,[4,5]]]", "[1][1][0]", Some((1, 12))),
            (r#"[{"a":[0,"q"]}]"#, "[0].a[1]", Some((1, 10))),
            (
                r#"{"activities":[{},{},{},{"depends_on":[{"activity":"A1"}]}]}"#,
                "activities[3].depends_on[0].activity",
                Some((1, 52)),
            ),
            // Escapes in keys.
            (r#"{"a\"b":1}"#, "a\"b", Some((1, 9))),
            (r#"{"a\\b":1}"#, "a\\b", Some((1, 9))),
            (r#"{"a\/b":1}"#, "a/b", Some((1, 9))),
            (r#"{"\n\t\r\b\f":1}"#, "\n\t\r\u{8}\u{c}", Some((1, 15))),
            (r#"{"\u00e9t\u00E9":1}"#, "été", Some((1, 18))),
            (r#"{"\ud83d\ude00":1}"#, "😀", Some((1, 17))),
            (r#"{"\ud83d":1,"x":2}"#, "x", Some((1, 17))),
            (r#"{"a\"":1,"a":2}"#, "a", Some((1, 14))),
            // Unicode before the value: columns count chars.
            ("{\"é😀\": \"ü\", \"k\": 3}", "k", Some((1, 18))),
            ("[\"日本語\", 5]", "[1]", Some((1, 9))),
            // Lines, LF and CRLF.
            ("{\n  \"a\": 1,\n  \"b\": 2\n}", "b", Some((3, 8))),
            ("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}", "b", Some((3, 8))),
            ("[\r\n\r\n\t\"x\"\r\n]", "[0]", Some((3, 2))),
            ("{\"s\":\"line\\nbreak\",\n\"t\":0}", "t", Some((2, 5))),
            // Missing keys, wrong types, out-of-range indices.
            (r#"{"a":1}"#, "b", None),
            (r#"{}"#, "a", None),
            (r#"{"a":1}"#, "a.b", None),
            (r#"{"a":[1]}"#, "a[1]", None),
            (r#"{"a":[]}"#, "a[0]", None),
            ("[1,2]", "[18446744073709551615]", None),
            ("[1,2]", "a", None),
            (r#"{"a":1}"#, "[0]", None),
            (r#""str""#, "[0]", None),
            // Malformed paths.
            ("[1]", "[", None),
            ("[1]", "[]", None),
            ("[1]", "[x]", None),
            ("[1]", "[+0]", None),
            ("[1]", "[0", None),
            ("[1]", "[0]x", None),
            (r#"{"a":[1]}"#, "a[x]", None),
            (r#"{"a":{"b":1}}"#, "a..b", None),
            (r#"{"a":1}"#, ".a", None),
            (r#"{"a":1}"#, "a.", None),
            ("[1]", "[99999999999999999999]", None),
            // Broken or truncated JSON.
            (r#"{"a":1"#, "a", Some((1, 6))),
            (r#"{"a":"#, "a", None),
            (r#"{"a":}"#, "a", None),
            (r#"{"a" 1}"#, "a", None),
            (r#"{"a":1 "b":2}"#, "b", None),
            (r#"{"a":[1,2"#, "b", None),
            (r#"{"a":"unterminated}"#, "b", None),
            (r#"{"a\q":1}"#, "a", None),
            ("[1,]", "[1]", None),
            ("}", "", None),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter(|&&(json, path, expected)| locate(json, path) != expected)
            .map(|&(json, path, expected)| {
                let got = locate(json, path);
                format!("json {json:?} path {path:?}: got {got:?}, expected {expected:?}")
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn key_table() {
        let cases: &[Case] = &[
            (r#"{"a":1}"#, "a", Some((1, 2))),
            (r#"{ "a" : 1 }"#, "a", Some((1, 3))),
            (r#"{"a":{"b":[1,{"c":2}]}}"#, "a.b", Some((1, 7))),
            (r#"{"a":{"b":[1,{"c":2}]}}"#, "a.b[1].c", Some((1, 15))),
            // Index segments fall back to the value.
            (r#"{"a":{"b":[1,{"c":2}]}}"#, "a.b[1]", Some((1, 14))),
            ("[1,2]", "[1]", Some((1, 4))),
            (" [1]", "", Some((1, 2))),
            ("{\r\n  \"é\": 1,\r\n  \"ü\":\n2}", "ü", Some((3, 3))),
            (r#"{"\u0041":1}"#, "A", Some((1, 2))),
            (r#"{"a":1}"#, "b", None),
            (r#"{"a":1}"#, "a[0]", None),
            (r#"{"a":1}"#, "[", None),
        ];
        let failures: Vec<String> = cases
            .iter()
            .filter(|&&(json, path, expected)| locate_key(json, path) != expected)
            .map(|&(json, path, expected)| {
                let got = locate_key(json, path);
                format!("json {json:?} path {path:?}: got {got:?}, expected {expected:?}")
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn path_parsing() {
        use Segment::{Index, Key};
        let key = |s: &str| Key(s.to_owned());
        assert_eq!(parse_path(""), Some(vec![]));
        assert_eq!(parse_path("a"), Some(vec![key("a")]));
        assert_eq!(parse_path("[0]"), Some(vec![Index(0)]));
        assert_eq!(
            parse_path("a[3].b[0][12].c"),
            Some(vec![
                key("a"),
                Index(3),
                key("b"),
                Index(0),
                Index(12),
                key("c")
            ])
        );
        assert_eq!(parse_path("[1].x"), Some(vec![Index(1), key("x")]));
        assert_eq!(parse_path("é]"), Some(vec![key("é]")]));
        for bad in [
            "[", "a[", "a[]", "a[-1]", "a..b", ".", "a.", "[0]a", "[0].", "a[1]]",
        ] {
            assert_eq!(parse_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting() {
        const DEPTH: usize = 100_000;
        let start = Instant::now();
        let open = "[".repeat(DEPTH);
        assert_eq!(locate(&open, ""), Some((1, 1)));
        assert_eq!(locate(&open, "[0]"), Some((1, 2)));
        // Skipping the unterminated first element must not recurse.
        assert_eq!(locate(&open, "[1]"), None);
        assert_eq!(locate(&open, &"[0]".repeat(DEPTH - 1)), Some((1, DEPTH)));
        assert_eq!(locate(&open, &"[0]".repeat(DEPTH)), None);

        let balanced = format!(
            "{{\"a\":{}{},\"b\":true}}",
            "[{\"k\":".repeat(DEPTH),
            "}]".repeat(DEPTH)
        );
        let b_col = 6 + 6 * DEPTH + 2 * DEPTH + 5;
        assert_eq!(locate(&balanced, "b"), Some((1, b_col)));
        assert_eq!(locate_key(&balanced, "b"), Some((1, b_col - 4)));
        assert_eq!(locate(&balanced, "c"), None);
        assert!(start.elapsed() < Duration::from_secs(20));
    }

    /// A small serde-like JSON value.
    #[derive(Debug, Clone)]
    enum Tree {
        Null,
        Bool(bool),
        Num(String),
        Str(String),
        Arr(Vec<Tree>),
        Obj(Vec<(String, Tree)>),
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let leaf = prop_oneof![
            Just(Tree::Null),
            any::<bool>().prop_map(Tree::Bool),
            "-?(0|[1-9][0-9]{0,5})(\\.[0-9]{1,3})?([eE][+-]?[0-9]{1,2})?".prop_map(Tree::Num),
            any::<String>().prop_map(Tree::Str),
            "[a-z\"\\\\/{}\\[\\],:]{0,6}".prop_map(Tree::Str),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Tree::Arr),
                prop::collection::vec(("[^.\\[]{1,6}", inner), 0..6).prop_map(|members| {
                    let mut seen = std::collections::HashSet::new();
                    Tree::Obj(
                        members
                            .into_iter()
                            .filter(|(k, _)| seen.insert(k.clone()))
                            .collect(),
                    )
                }),
            ]
        })
    }

    /// Deterministic pseudo-random choices for the serialiser (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn pick(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Where a node of the tree ended up in the serialisation.
    struct Node {
        path: String,
        /// Byte range of the value's serialisation.
        value: std::ops::Range<usize>,
        /// Byte range of the key's serialisation, for object members.
        key: Option<std::ops::Range<usize>>,
    }

    fn ws(out: &mut String, rng: &mut Rng) {
        out.push_str(["", "", "", " ", "\n  ", "\r\n\t", "  \n"][rng.pick(7) as usize]);
    }

    fn write_str(s: &str, out: &mut String, rng: &mut Rng) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '/' if rng.pick(2) == 0 => out.push_str("\\/"),
                c if c < ' ' || rng.pick(5) == 0 => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        if rng.pick(2) == 0 {
                            out.push_str(&format!("\\u{unit:04x}"));
                        } else {
                            out.push_str(&format!("\\u{unit:04X}"));
                        }
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    fn write_tree(
        tree: &Tree,
        path: &str,
        key: Option<std::ops::Range<usize>>,
        out: &mut String,
        rng: &mut Rng,
        nodes: &mut Vec<Node>,
    ) {
        let start = out.len();
        match tree {
            Tree::Null => out.push_str("null"),
            Tree::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Tree::Num(n) => out.push_str(n),
            Tree::Str(s) => write_str(s, out, rng),
            Tree::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    ws(out, rng);
                    write_tree(item, &format!("{path}[{i}]"), None, out, rng, nodes);
                    ws(out, rng);
                }
                if items.is_empty() {
                    ws(out, rng);
                }
                out.push(']');
            }
            Tree::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    ws(out, rng);
                    let key_start = out.len();
                    write_str(k, out, rng);
                    let key_range = key_start..out.len();
                    ws(out, rng);
                    out.push(':');
                    ws(out, rng);
                    let child = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    write_tree(v, &child, Some(key_range), out, rng, nodes);
                    ws(out, rng);
                }
                if members.is_empty() {
                    ws(out, rng);
                }
                out.push('}');
            }
        }
        nodes.push(Node {
            path: path.to_owned(),
            value: start..out.len(),
            key,
        });
    }

    fn serialise(tree: &Tree, seed: u64) -> (String, Vec<Node>) {
        let mut rng = Rng(seed | 1);
        let mut out = String::new();
        let mut nodes = Vec::new();
        ws(&mut out, &mut rng);
        write_tree(tree, "", None, &mut out, &mut rng, &mut nodes);
        ws(&mut out, &mut rng);
        (out, nodes)
    }

    /// Independent reference: (line, column) of a byte offset by walking the chars.
    fn reference_line_col(text: &str, offset: usize) -> (usize, usize) {
        let (mut line, mut col) = (1, 1);
        for (i, c) in text.char_indices() {
            if i >= offset {
                break;
            }
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        (line, col)
    }

    /// The text starting at 1-based (line, column).
    fn text_at(text: &str, (line, col): (usize, usize)) -> &str {
        let line_text = text.split('\n').nth(line - 1).unwrap();
        let line_start = line_text.as_ptr() as usize - text.as_ptr() as usize;
        let within = line_text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(line_text.len()))
            .nth(col - 1)
            .unwrap();
        &text[line_start + within..]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_on_arbitrary_input(text in any::<String>(), path in any::<String>()) {
            let _ = locate(&text, &path);
            let _ = locate_key(&text, &path);
        }

        #[test]
        fn never_panics_on_json_like_input(
            text in "[\\[\\]{}\",:\\\\ \\n\\r\\tabuDd0-9.é😀]{0,64}",
            path in "[ab0-9\\[\\].]{0,10}",
        ) {
            let _ = locate(&text, &path);
            let _ = locate_key(&text, &path);
        }

        #[test]
        fn locates_every_node(tree in tree(), seed in any::<u64>()) {
            let (text, nodes) = serialise(&tree, seed);
            for node in &nodes {
                let expected = reference_line_col(&text, node.value.start);
                let found = locate(&text, &node.path);
                prop_assert_eq!(found, Some(expected), "path {:?} in {:?}", node.path, text);
                let serialised = &text[node.value.clone()];
                prop_assert!(text_at(&text, expected).starts_with(serialised));

                let key_expected = match &node.key {
                    Some(key) => {
                        prop_assert!(text_at(&text, reference_line_col(&text, key.start))
                            .starts_with(&text[key.clone()]));
                        reference_line_col(&text, key.start)
                    }
                    None => expected,
                };
                prop_assert_eq!(locate_key(&text, &node.path), Some(key_expected));
            }
        }

        #[test]
        fn truncation_gives_none_or_the_same_answer(
            tree in tree(),
            seed in any::<u64>(),
            cut in any::<prop::sample::Index>(),
        ) {
            let (text, nodes) = serialise(&tree, seed);
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let prefix = &text[..boundaries[cut.index(boundaries.len())]];
            for node in &nodes {
                let found = locate(prefix, &node.path);
                prop_assert!(found.is_none() || found == locate(&text, &node.path));
                let found = locate_key(prefix, &node.path);
                prop_assert!(found.is_none() || found == locate_key(&text, &node.path));
            }
        }

        #[test]
        fn never_panics_on_mutated_json(
            tree in tree(),
            seed in any::<u64>(),
            at in any::<prop::sample::Index>(),
            replacement in prop_oneof![
                Just(String::new()),
                "[\\[\\]{}\",:\\\\ u]",
                any::<char>().prop_map(String::from),
            ],
        ) {
            let (text, nodes) = serialise(&tree, seed);
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let (i, c) = chars[at.index(chars.len())];
            let mutated = format!("{}{}{}", &text[..i], replacement, &text[i + c.len_utf8()..]);
            for node in &nodes {
                let _ = locate(&mutated, &node.path);
                let _ = locate_key(&mutated, &node.path);
            }
        }
    }
}
