//! The progress report: `plan.report(asOf, period, rules)` gives the core's
//! `planwatch::report::Report` as one HTML document, byte for byte what `planwatch report`
//! writes.

use crate::errors::errors_to_js;
use crate::{parse_day, rules_arg, Plan, RulesArg};
use planwatch::RuleSet;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl Plan {
    /// The progress report of `period` (a period id such as `2021Q2`; absent: the period
    /// of the plan's main report type that contains `asOf`) evaluated as of `asOf`, as one
    /// self-contained HTML document.
    pub fn report(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: &str,
        period: Option<String>,
        rules: Option<RulesArg>,
    ) -> Result<String, JsValue> {
        let as_of = parse_day(as_of, "asOf")?;
        let explicit = crate::checked_rules(&self.dataset, rules_arg(rules)?)?;
        let default;
        let rules = match (&explicit, &self.rules) {
            (Some(r), _) | (None, Some(r)) => r,
            (None, None) => {
                default = RuleSet::default();
                &default
            }
        };
        self.dataset
            .report(rules, as_of, period.as_deref())
            .map(planwatch::report::Report::into_html)
            .map_err(|e| errors_to_js(&e.into()))
    }
}
