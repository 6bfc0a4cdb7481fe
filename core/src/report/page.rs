//! [`Page`]: the HTML of the report as it is written, every piece of text escaped.

use crate::export::html::escape;
use std::fmt::Write;

/// The fonts, in order: Latin text first, then the Khmer OS fonts (Debian's
/// fonts-khmeros) for Khmer names, which the browser falls back to per character.
pub(crate) const FONTS: &str = "\"DejaVu Sans\", \"Noto Sans\", \"Liberation Sans\", Arial, \
    \"Khmer OS System\", \"Khmer OS\", \"Khmer OS Content\", \"Noto Sans Khmer\", \
    \"Khmer Sangam MN\", sans-serif";

/// The style sheet: plain, printable on A4, tables kept together where they fit.
const STYLE: &str = "@page{size:A4;margin:14mm 12mm}\
body{font-family:FONTS;font-size:10pt;color:#222;max-width:190mm;margin:0 auto;line-height:1.35}\
h1{font-size:17pt;margin:0 0 2mm}h2{font-size:13pt;margin:7mm 0 2mm;border-bottom:1px solid #888;break-after:avoid}\
h3{font-size:11pt;margin:4mm 0 1mm;break-after:avoid}\
p.meta{color:#555;margin:0 0 3mm}\
table{border-collapse:collapse;width:100%;margin:1mm 0 3mm;font-size:9pt}\
th,td{padding:1mm 2mm;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}\
th{background:#f2f2f2}td.n,th.n{text-align:right}tr{break-inside:avoid}\
tr.total td{font-weight:bold;border-top:1px solid #888}\
ul{margin:1mm 0 3mm;padding-left:6mm}\
.indicator{break-inside:avoid;margin:0 0 4mm}\
.legend span{display:inline-block;margin-right:5mm}\
.swatch{display:inline-block;width:8mm;height:2mm;vertical-align:middle;margin-right:1mm}\
.s-critical,.s-behind,.s-late,.s-deterioration{color:#a40000}.s-error,.s-limited_progress{color:#c05000}\
.s-warning,.s-needs_acceleration{color:#8a6d00}.s-on_track,.s-ahead,.s-done,.s-target_achieved{color:#1a6b1a}";

/// Whether `text` has Khmer letters (U+1780-U+17FF, U+19E0-U+19FF).
fn has_khmer(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '\u{1780}'..='\u{17ff}' | '\u{19e0}'..='\u{19ff}'))
}

/// `text` escaped for HTML; text with Khmer letters marked `lang="km"` so that the
/// browser shapes and breaks it as Khmer.
pub(crate) fn text(text: &str) -> String {
    if has_khmer(text) {
        format!("<span lang=\"km\">{}</span>", escape(text))
    } else {
        escape(text)
    }
}

/// One cell of a table row: text, or a right-aligned number.
pub(crate) enum Cell {
    /// Text, escaped when written.
    Text(String),
    /// A figure, right-aligned.
    Num(String),
    /// Markup already escaped.
    Html(String),
}

/// The HTML of a report being written.
pub(crate) struct Page {
    out: String,
}

impl Page {
    /// The head of a document titled `title`.
    pub fn new(title: &str) -> Page {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(out, "<title>{}</title>", escape(title));
        let _ = writeln!(out, "<style>{}</style>", STYLE.replace("FONTS", FONTS));
        out.push_str("</head>\n<body>\n");
        Page { out }
    }

    /// Markup already escaped.
    pub fn raw(&mut self, html: &str) {
        self.out.push_str(html);
    }

    /// An element `tag` with `content` (text, escaped) and an optional class.
    pub fn element(&mut self, tag: &str, class: Option<&str>, content: &str) {
        match class {
            Some(c) => {
                let _ = writeln!(self.out, "<{tag} class=\"{c}\">{}</{tag}>", text(content));
            }
            None => {
                let _ = writeln!(self.out, "<{tag}>{}</{tag}>", text(content));
            }
        }
    }

    /// A table with a header row (`n:` before a heading right-aligns the column) and rows;
    /// the row at `total`, when given, is set off as a total.
    pub fn table(&mut self, header: &[&str], rows: &[Vec<Cell>], total: Option<usize>) {
        self.out.push_str("<table><thead><tr>");
        for h in header {
            match h.strip_prefix("n:") {
                Some(h) => {
                    let _ = write!(self.out, "<th class=\"n\">{}</th>", escape(h));
                }
                None => {
                    let _ = write!(self.out, "<th>{}</th>", escape(h));
                }
            }
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for (i, row) in rows.iter().enumerate() {
            if total == Some(i) {
                self.out.push_str("<tr class=\"total\">");
            } else {
                self.out.push_str("<tr>");
            }
            for cell in row {
                match cell {
                    Cell::Text(t) => {
                        let _ = write!(self.out, "<td>{}</td>", text(t));
                    }
                    Cell::Num(t) => {
                        let _ = write!(self.out, "<td class=\"n\">{}</td>", escape(t));
                    }
                    Cell::Html(h) => {
                        let _ = write!(self.out, "<td>{h}</td>");
                    }
                }
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody></table>\n");
    }

    /// A bulleted list of items (markup already escaped).
    pub fn list(&mut self, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.out.push_str("<ul>\n");
        for item in items {
            let _ = writeln!(self.out, "<li>{item}</li>");
        }
        self.out.push_str("</ul>\n");
    }

    /// The finished document.
    pub fn finish(mut self) -> String {
        self.out.push_str("</body>\n</html>\n");
        self.out
    }
}

/// A ratio as a percentage with one decimal (`83.3%`), `-` when there is none.
pub(crate) fn percent(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// A figure as people read it: whole numbers without decimals, others with up to two.
pub(crate) fn figure(x: f64) -> String {
    if !x.is_finite() {
        return "-".to_string();
    }
    if (x - x.round()).abs() < 1e-9 {
        format!("{:.0}", x.round())
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A snake_case id (a rule, a kind, a status) as words: `missing_report` is
/// `missing report`.
pub(crate) fn words(id: &str) -> String {
    id.replace('_', " ")
}

/// [`words`] with a capital first letter: `working_group` is `Working group`.
pub(crate) fn heading(id: &str) -> String {
    let w = words(id);
    let mut chars = w.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn khmer_is_marked_and_everything_escaped() {
        assert_eq!(text("<b>"), "&lt;b&gt;");
        assert_eq!(text("ខេត្ត <x>"), "<span lang=\"km\">ខេត្ត &lt;x&gt;</span>");
        assert_eq!(figure(3.0), "3");
        assert_eq!(figure(2.5), "2.5");
        assert_eq!(figure(1.0 / 3.0), "0.33");
        assert_eq!(heading("working_group"), "Working group");
    }
}
