//! What changed between two evaluations: `evaluation.diff(later)` gives a [`Diff`], the
//! core's `planwatch::diff::Diff`, whose parts convert to plain objects on demand.

use crate::convert::to_js;
use crate::errors::{self, errors_to_js};
use crate::Evaluation;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const DIFF_TYPES: &str = r#"
/** Counts of a diff's findings. */
export interface DiffCounts {
    new: number;
    resolved: number;
    changed: number;
    escalated: number;
    de_escalated: number;
    evidence_moved: number;
}
/** The counts of a diff, overall and by rule, owner and province (keys in byte order). */
export interface DiffSummary {
    total: DiffCounts;
    by_rule: Record<string, DiffCounts>;
    by_owner: Record<string, DiffCounts>;
    by_province: Record<string, DiffCounts>;
}
/** A finding in both evaluations that changed, as it was and as it is. */
export interface ChangedFinding {
    id: string;
    change: "escalated" | "de_escalated" | "evidence_moved";
    before: Finding;
    after: Finding;
}
/** What changed from one evaluation to a later one (the core's `Diff`). */
export interface DiffData {
    plan: string;
    from: string;
    to: string;
    summary: DiffSummary;
    new: Finding[];
    resolved: Finding[];
    changed: ChangedFinding[];
}
"#;

/// What changed from one evaluation to a later one: findings `new`, `resolved` and
/// `changed` (matched by their stable ids), with counts by rule, owner and province.
#[wasm_bindgen]
pub struct Diff {
    inner: planwatch::diff::Diff,
}

#[wasm_bindgen]
impl Evaluation {
    /// What changed from this evaluation to `later` (a later day, or a later snapshot of
    /// the data evaluated as of the same day).
    pub fn diff(&self, later: &Evaluation) -> Diff {
        Diff {
            inner: self.inner.diff(&later.inner),
        }
    }
}

#[wasm_bindgen]
impl Diff {
    /// The counts, overall and by rule, owner and province.
    #[wasm_bindgen(unchecked_return_type = "DiffSummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summary)
    }

    /// The whole diff as one plain object.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "DiffData")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner)
    }

    /// The whole diff as pretty JSON text, byte for byte what `planwatch diff ... --format
    /// json` prints (without its final newline) and Python's `to_json(indent=True)` gives.
    #[wasm_bindgen(js_name = toJsonText)]
    pub fn to_json_text(&self) -> Result<String, JsValue> {
        serde_json::to_string_pretty(&self.inner)
            .map_err(|e| errors::internal_error(&format!("cannot write the diff: {e}")))
    }

    /// The diff table as CSV text, byte for byte what `planwatch diff ... --format csv`
    /// prints; with `owner`, only the rows of findings that organisation is responsible for.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self, owner: Option<String>) -> Result<String, JsValue> {
        let table = planwatch::export::Table::diff(&self.inner, owner.as_deref());
        planwatch::export::csv::to_csv(&table).map_err(|e| errors_to_js(&e.into()))
    }

    /// The aligned text `planwatch diff` prints; `limit` caps the findings shown.
    pub fn text(&self, limit: Option<usize>) -> String {
        planwatch::export::diff_text(&self.inner, limit)
    }

    /// The same as [`toObject`](Diff::to_object), for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "DiffData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        self.to_object()
    }
}
