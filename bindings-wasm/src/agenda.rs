//! Who must act next: `plan.agenda(asOf, days, owner)` gives an [`Agenda`] and
//! `plan.reminders(asOf, owner, rules)` the [`Reminders`] due, the core's
//! `planwatch::agenda` types, converted to plain objects and text on demand.

use crate::errors::{self, errors_to_js};
use crate::{parse_day, rules_arg, Plan, RulesArg};
use planwatch::export::Table;
use planwatch::RuleSet;
use wasm_bindgen::prelude::*;

/// Who must act next as of a day: per owner, what falls due within the window and what
/// is overdue.
#[wasm_bindgen]
pub struct Agenda {
    inner: planwatch::agenda::Agenda,
}

/// The reminders due on a day, per owner.
#[wasm_bindgen]
pub struct Reminders {
    inner: planwatch::agenda::Reminders,
}

fn pretty<T: serde::Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string_pretty(value)
        .map_err(|e| errors::internal_error(&format!("cannot write the agenda: {e}")))
}

/// A value as a plain object through its pretty JSON text (`JSON.parse` of what
/// `toJsonText` gives): one serialiser of the agenda's types in the package, not two.
fn object<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&pretty(value)?)
        .map_err(|_| errors::internal_error("cannot convert the agenda: JSON.parse refused it"))
}

fn csv(table: &Table) -> Result<String, JsValue> {
    planwatch::export::csv::to_csv(table).map_err(|e| errors_to_js(&e.into()))
}

#[wasm_bindgen]
impl Plan {
    /// Who must act next as of `asOf` (`YYYY-MM-DD`): per owner, the activities to start
    /// or finish, the reports to submit and the meetings to hold from that day to `days`
    /// days after it (default 30, at most 3660: more is a `limit_exceeded` error), and
    /// what is already overdue; for every owner or `owner` only (an unknown one is an
    /// `unknown_reference` error).
    pub fn agenda(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
        days: Option<u32>,
        owner: Option<String>,
    ) -> Result<Agenda, JsValue> {
        let as_of = parse_day(as_of, "asOf")?;
        let days = days.unwrap_or(planwatch::agenda::DEFAULT_AGENDA_DAYS);
        planwatch::agenda::Agenda::of(&self.dataset, as_of, days, owner.as_deref())
            .map(|inner| Agenda { inner })
            .map_err(|e| errors_to_js(&e.into()))
    }

    /// The reminders due on `asOf`, per owner, on the cadence of a rule set's `reminders`
    /// (the `rules.json` format, as text or object); without one, of the rule set the
    /// plan was given, else the default (due soon 30, 7 and 1 days before; late 1 and 7
    /// days after, then every 30 days). For every owner or `owner` only.
    pub fn reminders(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
        owner: Option<String>,
        rules: Option<RulesArg>,
    ) -> Result<Reminders, JsValue> {
        let as_of = parse_day(as_of, "asOf")?;
        let explicit = rules_arg(rules)?;
        let default = RuleSet::default();
        let rules = explicit
            .as_ref()
            .or(self.rules.as_ref())
            .unwrap_or(&default);
        planwatch::agenda::Reminders::of(&self.dataset, as_of, rules.reminders(), owner.as_deref())
            .map(|inner| Reminders { inner })
            .map_err(|e| errors_to_js(&e.into()))
    }
}

#[wasm_bindgen]
impl Agenda {
    /// The whole agenda as one plain object.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "AgendaData")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        object(&self.inner)
    }

    /// The agenda as pretty JSON text, byte for byte what `planwatch agenda --format
    /// json` prints (without its final newline) and Python's `to_json(indent=True)` gives.
    #[wasm_bindgen(js_name = toJsonText)]
    pub fn to_json_text(&self) -> Result<String, JsValue> {
        pretty(&self.inner)
    }

    /// The agenda table as CSV text, byte for byte what `planwatch agenda --format csv`
    /// prints.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> Result<String, JsValue> {
        csv(&Table::agenda(&self.inner))
    }

    /// The agenda as an iCalendar (RFC 5545), one all-day event per item, byte for byte
    /// what `planwatch agenda --format ics` prints.
    #[wasm_bindgen(js_name = toIcs)]
    pub fn to_ics(&self) -> String {
        planwatch::export::calendar::agenda_ics(&self.inner)
    }

    /// The aligned text `planwatch agenda` prints.
    pub fn text(&self) -> String {
        planwatch::export::agenda_text(&self.inner)
    }

    /// The same as [`toObject`](Agenda::to_object), for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "AgendaData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        self.to_object()
    }
}

#[wasm_bindgen]
impl Reminders {
    /// How many reminders there are.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> usize {
        self.inner.total
    }

    /// The reminders as one plain object.
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "RemindersData")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        object(&self.inner)
    }

    /// The reminders as pretty JSON text, byte for byte what `planwatch agenda
    /// --reminders --format json` prints (without its final newline).
    #[wasm_bindgen(js_name = toJsonText)]
    pub fn to_json_text(&self) -> Result<String, JsValue> {
        pretty(&self.inner)
    }

    /// The reminders table as CSV text, byte for byte what `planwatch agenda --reminders
    /// --format csv` prints.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> Result<String, JsValue> {
        csv(&Table::reminders(&self.inner))
    }

    /// The aligned text `planwatch agenda --reminders` prints.
    pub fn text(&self) -> String {
        planwatch::export::reminders_text(&self.inner)
    }

    /// The same as [`toObject`](Reminders::to_object), for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "RemindersData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        self.to_object()
    }
}
