//! Custom rules: conditions data officers write, in the Common Expression Language (CEL),
//! next to the plan.
//!
//! A rule set file (`rules.json`) may list custom rules after the built-in settings:
//!
//! ```json
//! {"rules": {"overdue": {"severity": "error"}},
//!  "custom": [{"id": "cp_provincial_late", "subject": "activity",
//!              "description": "child-protection activities led by a province, 30+ days late",
//!              "condition": "'child-protection' in tags && lead_kind == 'provincial_committee' && days_overdue > 30",
//!              "severity": "warning",
//!              "message": "{activity.id} is {days_overdue} days late",
//!              "scope": {"strategies": ["2"]}}]}
//! ```
//!
//! A custom rule runs after the built-in rules on every subject of its kind in its scope;
//! each subject for which the condition is true gives an ordinary [`Finding`](crate::Finding) (rule = the
//! custom id, id `<rule>:<subject>[@period]`, evidence = the variables the condition
//! reads), sorted with the others.
//!
//! # Subjects and variables
//!
#![doc = include_str!("variables.md")]
//!
//! # Functions
//!
//! The CEL standard library without optional features: operators, `in`, `size`,
//! `contains`, `startsWith`, `endsWith`, conversions (`int`, `double`, `string`, ...),
//! `has(x.f)` and the comprehensions `all`, `exists`, `exists_one`, `map`, `filter`.
//! Plus planwatch's own (see [`functions`]): `days_between(a, b)`, `add_days(d, n)`,
//! `period_of(d, type)`, `org_kind(id)`, `org_parent(id)`, `org_name(id)`.
//!
//! # Errors
//!
//! - When the rule set is loaded: syntax errors, unknown variables, fields, functions and
//!   message placeholders are [`ErrorKind::Expression`](crate::ErrorKind::Expression)
//!   errors at the JSON path `custom[i].condition` (or `.message`), naming the rule and
//!   the line and column within the expression. Duplicate ids and ids of built-in rules
//!   are [`ErrorKind::DuplicateId`](crate::ErrorKind::DuplicateId).
//! - When a condition fails for one subject (a type error such as comparing `null` with a
//!   date, a result that is not a bool): a finding of the rule for that subject with
//!   severity `error`, the message `condition of custom rule ... failed ...` and the
//!   evidence keys `condition_error` and `error_kind`. The rest of the evaluation goes on.
//!
//! # Limits (for rule files typed by untrusted users)
//!
//! Checked before parsing by a cheap scan: at most [`MAX_EXPRESSION_BYTES`] bytes and
//! [`MAX_NESTING`] levels of brackets and `?`, and at most [`MAX_OPERATORS`] operators
//! (operator chains nest the syntax tree without brackets). The parser refuses syntax trees deeper than
//! [`MAX_TREE_DEPTH`]. At load, a cost bound: each comprehension body counts as often as
//! its range may have elements (a literal's size, else [`MAX_COMPREHENSION_ELEMENTS`]),
//! and the whole must stay under [`MAX_EVALUATION_STEPS`]; at evaluation, a range of more
//! than [`MAX_COMPREHENSION_ELEMENTS`] is an error. Going over a limit is an
//! [`ErrorKind::ExpressionLimit`](crate::ErrorKind::ExpressionLimit) error, never a hang.
//! Parsing and evaluation run under `catch_unwind`, so a panic in the engine becomes an
//! error (where panics unwind).
//!
//! # Engine
//!
//! A condition is bound lazily: when compiled, `activity.x` (the subject's map variable
//! selecting one of its variables, neither rebound by a comprehension) becomes the bare
//! `x`, so both forms cost the same; when evaluated, each variable it names is read from
//! the dataset the first time the condition looks it up for a subject, borrowing the
//! plan's text, and the map variable is built only where a condition reads it whole
//! (`has(activity.x)`, `size(activity)`). Evidence, message and finding are built only
//! for subjects whose condition holds or fails, and written straight into the
//! evaluation's findings store as a row of positions (subject, owner, strategy, period)
//! with typed evidence values, as the built-in rules write theirs.
//!
//! Conditions made of the subject's scalar variables, `as_of`, literals, comparisons,
//! `==`/`!=` (null checks included), `&&`, `||`, `!`, `?:` and `days_between` are also
//! compiled for a direct evaluator that reads the variables straight from the dataset and
//! needs no CEL value or scope per subject (the race in BENCHMARKS.md measures it).
//! Where it meets anything it does not know for a subject (another type pairing, a value
//! that is not a bool, a NaN, a date before year 0 or after 9999, any error), that subject
//! goes to CEL as before, so results, errors and messages are CEL's; a differential test
//! holds the two to the same answers.
//!
//! The `cel` crate (cel-rust 0.15) without default features; only [`expression`],
//! [`functions`] and the direct evaluator name it. Measured (see `core/examples/custom_rule_speed.rs` and the
//! README): over planwatch alone, it adds 672 KB raw / 205 KB gzipped to a size-optimised
//! WebAssembly build (opt-level z, fat LTO, strip), against 2.45 MB / 617 KB with its
//! default features (chrono-tz, regex, base64).

mod custom_rule;
pub mod expression;
mod fast;
pub mod functions;
pub mod variables;

pub use custom_rule::{
    CustomRule, CustomRuleDef, CustomRulePart, MAX_CUSTOM_RULES, MAX_TEMPLATE_BYTES,
};
pub use expression::{
    compile_condition, Condition, ExpressionError, ExpressionErrorKind, MAX_COMPREHENSION_ELEMENTS,
    MAX_EVALUATION_STEPS, MAX_EXPRESSION_BYTES, MAX_NESTING, MAX_OPERATORS, MAX_TREE_DEPTH,
    PARSER_STACK_BYTES, STANDARD_FUNCTIONS,
};

use crate::eval::{Context, Ev, Findings, Head, IdExtra, Keys, RuleEntry, RuleSink, SubjectKind};
use crate::rules::Severity;
use cel::Value;
use custom_rule::Part;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use variables::{
    ActivitySubject, IndicatorValueSubject, ObligationSubject, OrganisationSubject, ReportCounts,
    SubjectValues,
};

/// What a custom rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomSubject {
    /// Every activity.
    Activity,
    /// Every indicator value reported by the as-of day.
    IndicatorValue,
    /// Every expected report whose due day has passed.
    ReportObligation,
    /// Every organisation.
    Organisation,
}

impl CustomSubject {
    /// Every subject kind.
    pub const ALL: [CustomSubject; 4] = [
        CustomSubject::Activity,
        CustomSubject::IndicatorValue,
        CustomSubject::ReportObligation,
        CustomSubject::Organisation,
    ];

    /// The snake_case name, also the name of the subject's map variable.
    pub fn name(self) -> &'static str {
        match self {
            CustomSubject::Activity => "activity",
            CustomSubject::IndicatorValue => "indicator_value",
            CustomSubject::ReportObligation => "report_obligation",
            CustomSubject::Organisation => "organisation",
        }
    }

    /// The subject's own variables, in table order (the fields of its map variable).
    pub fn variable_names(self) -> Vec<&'static str> {
        variables::SubjectType::variable_names(self)
    }

    /// Every name a condition may use: the subject's variables, `as_of` and the subject's
    /// map variable.
    pub fn condition_names(self) -> Vec<&'static str> {
        let mut names = self.variable_names();
        names.push("as_of");
        names.push(self.name());
        names
    }

    /// The kind of the findings' subject: activity, indicator, or organisation (for
    /// report obligations, the reporter).
    pub fn finding_kind(self) -> SubjectKind {
        match self {
            CustomSubject::Activity => SubjectKind::Activity,
            CustomSubject::IndicatorValue => SubjectKind::Indicator,
            CustomSubject::ReportObligation | CustomSubject::Organisation => {
                SubjectKind::Organisation
            }
        }
    }
}

/// Where a finding about a subject goes: its codes (subject, period, owner, strategy,
/// sort day; the severity is set when the condition has run) and the subject's id.
struct Meta<'a> {
    head: Head,
    /// The subject's id, for the message of a failed condition.
    id: &'a str,
    /// Appended to the finding id to keep it unique (`#reporter`), rarely needed.
    suffix: Option<String>,
}

/// Runs the enabled custom rules, writing their findings into `findings` and counting them
/// by rule.
pub(crate) fn run(
    ctx: &Context<'_>,
    rules: &[CustomRule],
    findings: &mut Findings,
    by_rule: &mut BTreeMap<String, usize>,
) {
    let enabled: Vec<&CustomRule> = rules.iter().filter(|r| r.enabled()).collect();
    if enabled.is_empty() {
        return;
    }
    let mut root = cel::Context::with_env(expression::environment());
    functions::register(&mut root, ctx.dataset);
    // The same for every subject: bound once, under the subjects' scopes.
    root.add_variable_from_value("as_of", variables::iso(ctx.as_of));
    let counts = if enabled
        .iter()
        .any(|r| r.def().subject == CustomSubject::Organisation)
    {
        report_counts(ctx)
    } else {
        HashMap::new()
    };
    for rule in enabled {
        let before = findings.len();
        let keys = evidence_keys(rule);
        let sink = findings.rule(RuleEntry {
            id: Cow::Owned(rule.id().to_string()),
            keys: Keys::Named(keys.clone()),
            render: None,
            extra: IdExtra::HashText,
        });
        let mut runner = Runner {
            rule,
            root: &root,
            sink,
            evidence: vec![Ev::Absent; keys.len()],
            keys,
            slots: expression::Slots::new(rule.condition()),
        };
        match rule.def().subject {
            CustomSubject::Activity => activities(ctx, &mut runner),
            CustomSubject::IndicatorValue => indicator_values(ctx, &mut runner),
            CustomSubject::ReportObligation => obligations(ctx, &mut runner),
            CustomSubject::Organisation => organisations(ctx, &counts, &mut runner),
        }
        drop(runner);
        by_rule.insert(rule.id().to_string(), findings.len() - before);
    }
}

/// The evidence keys of `rule`'s findings, sorted by name: the variables its condition
/// reads (not the subject's map variable) and the two a failed condition adds.
fn evidence_keys(rule: &CustomRule) -> Vec<&'static str> {
    let subject = rule.def().subject.name();
    let mut keys: Vec<&'static str> = rule
        .condition()
        .variables()
        .iter()
        .copied()
        .filter(|&name| name != subject)
        .chain(["condition_error", "error_kind"])
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Whether the rule reads one of `names`, in its condition, evidence or message.
fn reads(rule: &CustomRule, names: &[&str]) -> bool {
    let condition = rule.condition();
    let in_template = rule.message.iter().any(|p| match p {
        Part::Var(name, path) if *name == rule.def().subject.name() => {
            path.first().is_some_and(|f| names.contains(&f.as_str()))
        }
        Part::Var(name, _) => names.contains(name),
        Part::Text(_) => false,
    });
    in_template
        || condition
            .lookups()
            .chain(condition.variables().iter().copied())
            // The evidence leaves the subject's map variable out.
            .filter(|&n| n != rule.def().subject.name() || condition.lookups().any(|l| l == n))
            .any(|n| names.contains(&n))
}

fn activities<'a>(ctx: &'a Context<'_>, runner: &mut Runner<'_, '_, 'a>) {
    let forecast = reads(
        runner.rule,
        &["forecast_finish", "slack", CustomSubject::Activity.name()],
    )
    .then(|| ctx.forecast());
    for (i, a) in ctx.plan().activities.iter().enumerate() {
        if !ctx.activity_in_scope(&runner.rule.settings, i) {
            continue;
        }
        let strategy = ctx.strategy_of_activity(i);
        let subject = ActivitySubject {
            ds: ctx.dataset,
            as_of: ctx.as_of,
            forecast,
            strategy,
            index: i,
            activity: a,
            state: ctx.state(i),
        };
        runner.one(&subject, || {
            let mut head = ctx.activity_head(Severity::Info, i);
            head.sort_date = Some(a.deadline);
            Meta {
                head,
                id: &a.id,
                suffix: None,
            }
        });
    }
}

fn indicator_values<'a>(ctx: &'a Context<'_>, runner: &mut Runner<'_, '_, 'a>) {
    let ds = ctx.dataset;
    let actuals = &ds.monitoring().indicator_actuals;
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    for v in actuals {
        *seen
            .entry((v.indicator.as_str(), v.period.as_str()))
            .or_default() += 1;
    }
    for (k, v) in actuals.iter().enumerate() {
        let Some(&x) = ds.index.indicator.get(&v.indicator) else {
            continue;
        };
        let Some(Some(period)) = ds.index.actual_periods.get(k).copied() else {
            continue;
        };
        let visible = v
            .reported
            .map_or(period.end() <= ctx.as_of, |r| r <= ctx.as_of);
        if !visible || !ctx.indicator_in_scope(&runner.rule.settings, x as usize) {
            continue;
        }
        let Some(indicator) = ctx.plan().indicators.get(x as usize) else {
            continue;
        };
        let subject = IndicatorValueSubject {
            ds,
            as_of: ctx.as_of,
            indicator,
            value: v,
            period,
        };
        runner.one(&subject, || {
            let duplicate = seen
                .get(&(v.indicator.as_str(), v.period.as_str()))
                .is_some_and(|&n| n > 1);
            let mut head = Head::new(Severity::Info, SubjectKind::Indicator, x);
            head.period = Some(period);
            head.owner = v
                .reported_by
                .as_ref()
                .or(indicator.owner.as_ref())
                .and_then(|o| ds.index.org.get(o))
                .copied();
            head.sort_date = Some(period.start());
            Meta {
                head,
                id: &indicator.id,
                suffix: duplicate.then(|| v.reported_by.clone().unwrap_or_else(|| k.to_string())),
            }
        });
    }
}

fn obligations<'a>(ctx: &'a Context<'_>, runner: &mut Runner<'_, '_, 'a>) {
    let ds = ctx.dataset;
    let plan = ds.plan();
    // Each (reporter, period) once, as the rates count it, when two obligations of the
    // same report type bind the same reporter.
    for e in ds.distinct_expected() {
        let expected = e.report;
        if ctx.as_of <= expected.due || !ctx.org_in_scope(&runner.rule.settings, expected.reporter)
        {
            continue;
        }
        let (Some(obligation), Some(reporter)) = (
            plan.reporting_obligations.get(expected.obligation as usize),
            plan.organisations.get(expected.reporter as usize),
        ) else {
            continue;
        };
        let submitted = e.first_submitted.filter(|&f| f <= ctx.as_of);
        let subject = ObligationSubject {
            as_of: ctx.as_of,
            expected,
            obligation,
            reporter,
            submitted,
        };
        runner.one(&subject, || {
            let mut head = Head::new(Severity::Info, SubjectKind::Organisation, expected.reporter);
            head.period = Some(expected.period);
            head.owner = Some(expected.reporter);
            head.sort_date = Some(expected.period.start());
            Meta {
                head,
                id: &reporter.id,
                suffix: None,
            }
        });
    }
}

fn report_counts(ctx: &Context<'_>) -> HashMap<u32, ReportCounts> {
    let ds = ctx.dataset;
    let mut counts: HashMap<u32, ReportCounts> = HashMap::new();
    for x in ds.distinct_expected() {
        let e = &x.report;
        if e.due >= ctx.as_of {
            continue;
        }
        let c = counts.entry(e.reporter).or_default();
        c.expected += 1;
        if let Some(first) = x.first_submitted.filter(|&f| f <= ctx.as_of) {
            c.submitted += 1;
            if first <= e.due {
                c.on_time += 1;
            }
        }
    }
    counts
}

fn organisations<'a>(
    ctx: &'a Context<'_>,
    counts: &HashMap<u32, ReportCounts>,
    runner: &mut Runner<'_, '_, 'a>,
) {
    for (k, o) in ctx.plan().organisations.iter().enumerate() {
        if !ctx.org_in_scope(&runner.rule.settings, k as u32) {
            continue;
        }
        let subject = OrganisationSubject {
            as_of: ctx.as_of,
            organisation: o,
            counts: counts.get(&(k as u32)).copied().unwrap_or_default(),
        };
        runner.one(&subject, || {
            let mut head = Head::new(Severity::Info, SubjectKind::Organisation, k as u32);
            head.owner = Some(k as u32);
            Meta {
                head,
                id: &o.id,
                suffix: None,
            }
        });
    }
}

/// Evaluates one rule subject by subject, writing its findings into the store.
struct Runner<'r, 'o, 'a> {
    rule: &'r CustomRule,
    root: &'r cel::Context<'r, 'r>,
    sink: RuleSink<'o>,
    /// The rule's evidence keys (see [`evidence_keys`]).
    keys: Vec<&'static str>,
    /// One finding's evidence values, one per key (kept from one finding to the next).
    evidence: Vec<Ev>,
    /// The values the condition read for the current subject.
    slots: expression::Slots<'a>,
}

impl<'a> Runner<'_, '_, 'a> {
    /// Evaluates the condition for `subject`; only when it holds (or fails) are the
    /// finding's evidence, message and `meta` built.
    fn one<S: SubjectValues<'a>>(&mut self, subject: &S, meta: impl FnOnce() -> Meta<'a>) {
        let rule = self.rule;
        let condition = rule.condition();
        let result = match condition.decide(subject) {
            Some(b) => Ok(b),
            None => condition.evaluate_for(self.root, subject, &mut self.slots),
        };
        if result == Ok(false) {
            return;
        }
        let kind = rule.def().subject;
        let names = S::names();
        let lookup = |name: &str| variable(subject, &names, kind, name);
        self.evidence.fill(Ev::Absent);
        for &name in condition.variables() {
            if name == kind.name() {
                continue;
            }
            let ev = stored(&mut self.sink, to_value(&lookup(name)));
            self.set(name, ev);
        }
        let Meta {
            mut head,
            id,
            suffix,
        } = meta();
        let message = match result {
            Ok(_) => {
                head.severity = rule.settings.severity;
                render(&rule.message, kind, &lookup)
            }
            Err(e) => {
                head.severity = Severity::Error;
                let message = format!(
                    "condition of custom rule `{}` failed for {} {id}: {}",
                    rule.id(),
                    kind.name().replace('_', " "),
                    e.message
                );
                let error = Ev::Text(self.sink.keep_text(e.message));
                self.set("condition_error", error);
                let code = Ev::Text(self.sink.keep_text(e.kind.code().to_string()));
                self.set("error_kind", code);
                message
            }
        };
        if let Some(s) = suffix {
            head.extra = self.sink.keep_text(s);
        }
        self.sink.push_with_message(head, message, &self.evidence);
    }

    /// Sets the evidence value under `key`, one of the rule's keys.
    fn set(&mut self, key: &str, ev: Ev) {
        if let Ok(k) = self.keys.binary_search(&key) {
            if let Some(slot) = self.evidence.get_mut(k) {
                *slot = ev;
            }
        }
    }
}

/// An evidence value as the store keeps it: numbers and `null` inline, text and the rest
/// beside the findings.
fn stored(sink: &mut RuleSink<'_>, value: crate::eval::Value) -> Ev {
    use crate::eval::Value as V;
    match value {
        V::Null => Ev::Null,
        V::Int(i) => Ev::Int(i),
        V::Float(x) if x.is_finite() => Ev::Float(x),
        V::Float(_) => Ev::Null,
        V::Text(s) => Ev::Text(sink.keep_text(s)),
        other => sink.json(other),
    }
}

/// The value of variable `name` for `subject`.
fn variable<'a, S: SubjectValues<'a>>(
    subject: &S,
    names: &[&'static str],
    kind: CustomSubject,
    name: &str,
) -> Value {
    if name == "as_of" {
        return Value::from(variables::iso(subject.as_of()));
    }
    if name == kind.name() {
        return expression::subject_map(subject);
    }
    names
        .iter()
        .position(|n| *n == name)
        .map_or(Value::Null, |k| subject.value(k))
}

/// Fills a message template.
fn render(parts: &[Part], kind: CustomSubject, lookup: &dyn Fn(&str) -> Value) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Var(name, path) => {
                // `{activity.x}` is the variable `x` (the template names a variable).
                let (mut v, path) = match path.split_first() {
                    Some((field, rest)) if *name == kind.name() => (lookup(field), rest),
                    _ => (lookup(name), path.as_slice()),
                };
                for field in path {
                    v = match &v {
                        Value::Map(m) => m
                            .get(&cel::objects::Key::String(std::sync::Arc::new(
                                field.clone(),
                            )))
                            .cloned()
                            .unwrap_or(Value::Null),
                        _ => Value::Null,
                    };
                }
                out.push_str(&display(&v));
            }
        }
    }
    out
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        // What the JSON path below gives for integers, without float formatting.
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 && *f != 0.0 => {
            (*f as i64).to_string()
        }
        Value::Null => "none".into(),
        Value::List(l) => l.iter().map(display).collect::<Vec<_>>().join(", "),
        other => match to_json(other) {
            serde_json::Value::Number(n) => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map_or_else(|| n.to_string(), |f| format!("{f:.0}")),
            j => j.to_string(),
        },
    }
}

/// A CEL value as an evidence value: what [`to_json`] gives, as planwatch's own value (an
/// unsigned integer beyond `i64` becomes a number with a fraction).
pub(crate) fn to_value(v: &Value) -> crate::eval::Value {
    use crate::eval::Value as V;
    match v {
        Value::Int(i) => V::Int(*i),
        Value::UInt(u) => i64::try_from(*u).map_or(V::Float(*u as f64), V::Int),
        Value::Float(f) if f.is_finite() => V::Float(*f),
        Value::String(s) => V::Text(s.to_string()),
        Value::Bool(b) => V::Bool(*b),
        Value::List(l) => V::List(l.iter().map(to_value).collect()),
        Value::Map(m) => {
            let mut sorted = BTreeMap::new();
            for (k, v) in m.map.iter() {
                let key = match k {
                    cel::objects::Key::String(s) => s.to_string(),
                    cel::objects::Key::Int(i) => i.to_string(),
                    cel::objects::Key::Uint(u) => u.to_string(),
                    cel::objects::Key::Bool(b) => b.to_string(),
                };
                sorted.insert(key, to_value(v));
            }
            V::Map(sorted)
        }
        _ => V::Null,
    }
}

/// A CEL value as JSON (maps with sorted keys).
pub(crate) fn to_json(v: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Int(i) => J::from(*i),
        Value::UInt(u) => J::from(*u),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::String(s) => J::from(s.as_str()),
        Value::Bool(b) => J::from(*b),
        Value::List(l) => J::Array(l.iter().map(to_json).collect()),
        Value::Map(m) => {
            let sorted: BTreeMap<String, J> = m
                .map
                .iter()
                .map(|(k, v)| {
                    let key = match k {
                        cel::objects::Key::String(s) => s.to_string(),
                        cel::objects::Key::Int(i) => i.to_string(),
                        cel::objects::Key::Uint(u) => u.to_string(),
                        cel::objects::Key::Bool(b) => b.to_string(),
                    };
                    (key, to_json(v))
                })
                .collect();
            J::Object(sorted.into_iter().collect())
        }
        _ => J::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::{display, to_json, CustomSubject};
    use cel::Value;

    /// Evidence keys of custom rules (variable names) are written into JSON between quotes
    /// without escaping: they must be plain identifiers.
    #[test]
    fn evidence_keys_are_plain_identifiers() {
        let plain = |k: &str| {
            !k.is_empty()
                && k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        for subject in CustomSubject::ALL {
            for name in subject.condition_names() {
                assert!(plain(name), "{name}");
            }
        }
    }

    /// Numbers display as their JSON form always has (integral ones without a fraction).
    #[test]
    fn numbers_display_as_before() {
        let json_display = |v: &Value| match to_json(v) {
            serde_json::Value::Number(n) => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                .map_or_else(|| n.to_string(), |f| format!("{f:.0}")),
            j => j.to_string(),
        };
        let floats = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            49.999,
            50.0,
            1e14,
            999_999_999_999_999.0,
            1e15,
            1e16,
            -1e15,
            1e300,
            f64::NAN,
            f64::INFINITY,
            f64::MIN_POSITIVE,
        ];
        for f in floats {
            assert_eq!(
                display(&Value::Float(f)),
                json_display(&Value::Float(f)),
                "{f}"
            );
        }
        for i in [
            0,
            1,
            -1,
            42,
            999_999_999_999_999,
            1_000_000_000_000_001,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(display(&Value::Int(i)), json_display(&Value::Int(i)), "{i}");
        }
    }
}
