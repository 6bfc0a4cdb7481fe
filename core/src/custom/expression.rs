//! Conditions: CEL expressions compiled once, checked against a variable table, bounded
//! for untrusted input, evaluated per subject.
//!
//! This is the only module that names the `cel` crate's parser and AST; the engine can be
//! swapped by rewriting it (and [`functions`](super::functions)).

use super::functions;
use super::variables::{Raw, SubjectValues};
use cel::common::ast::{ComprehensionExpr, EntryExpr, Expr, IdedExpr};
use cel::common::types::{CelBool, CelDouble, CelInt, CelList, CelNull, CelString};
use cel::common::value::{CowVal, Val};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

/// The longest condition accepted, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// The deepest nesting accepted: brackets `( [ {` plus conditional `?`s, counted by a
/// cheap scan before parsing so that the parser never recurses deeply.
pub const MAX_NESTING: usize = 64;
/// The most operators (runs of `+ - * / % < > = ! & |`, and `.` field selections) a
/// condition may have: chains of them nest the syntax tree without brackets, so this
/// bounds its depth, checked by the same scan.
pub const MAX_OPERATORS: usize = 128;
/// The depth of syntax tree the parser accepts (operator chains such as `a + b + c ...`
/// nest without brackets).
pub const MAX_TREE_DEPTH: u16 = 96;
/// The most elements a comprehension (`all`, `exists`, `exists_one`, `map`, `filter`) may
/// iterate over; checked at evaluation on every comprehension's range.
pub const MAX_COMPREHENSION_ELEMENTS: usize = 256;
/// The most expression nodes one evaluation may visit, as bounded at load time: each
/// comprehension body counts [`MAX_COMPREHENSION_ELEMENTS`] times (or the size of a list
/// literal range), nested comprehensions multiply.
pub const MAX_EVALUATION_STEPS: u64 = 20_000;

/// The name of the guard wrapped around every comprehension range.
pub(crate) const RANGE_GUARD: &str = "__planwatch_range";

/// What is wrong with a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExpressionErrorKind {
    /// The condition does not parse.
    Syntax,
    /// It names a variable the subject kind does not have.
    UnknownVariable,
    /// It selects a field the subject does not have (`activity.nope`).
    UnknownField,
    /// It calls a function planwatch does not provide.
    UnknownFunction,
    /// It is longer than [`MAX_EXPRESSION_BYTES`].
    TooLong,
    /// It nests deeper than [`MAX_NESTING`] (or [`MAX_TREE_DEPTH`]).
    TooDeep,
    /// Its comprehensions could take more than [`MAX_EVALUATION_STEPS`] steps.
    TooCostly,
    /// It failed while evaluated for one subject (a type error, a missing value, a
    /// function error, a comprehension over too many elements).
    Evaluation,
    /// It gave something other than a bool.
    NotBool,
}

impl ExpressionErrorKind {
    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            ExpressionErrorKind::Syntax => "syntax",
            ExpressionErrorKind::UnknownVariable => "unknown_variable",
            ExpressionErrorKind::UnknownField => "unknown_field",
            ExpressionErrorKind::UnknownFunction => "unknown_function",
            ExpressionErrorKind::TooLong => "too_long",
            ExpressionErrorKind::TooDeep => "too_deep",
            ExpressionErrorKind::TooCostly => "too_costly",
            ExpressionErrorKind::Evaluation => "evaluation",
            ExpressionErrorKind::NotBool => "not_bool",
        }
    }

    /// Whether this is a limit for untrusted input rather than a mistake in the condition.
    pub fn is_limit(self) -> bool {
        matches!(
            self,
            ExpressionErrorKind::TooLong
                | ExpressionErrorKind::TooDeep
                | ExpressionErrorKind::TooCostly
        )
    }
}

/// A condition that does not compile or fails to evaluate, with the 1-based line and
/// column within the expression where known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExpressionError {
    /// What is wrong.
    pub kind: ExpressionErrorKind,
    /// A lowercase message.
    pub message: String,
    /// 1-based line within the expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) within the expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl ExpressionError {
    fn new(kind: ExpressionErrorKind, message: impl Into<String>) -> ExpressionError {
        ExpressionError {
            kind,
            message: message.into(),
            line: None,
            column: None,
        }
    }

    fn at(mut self, pos: Option<(usize, usize)>) -> ExpressionError {
        if let Some((l, c)) = pos {
            self.line = Some(l);
            self.column = Some(c);
        }
        self
    }
}

impl fmt::Display for ExpressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, " (line {l}, column {c})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ExpressionError {}

/// A compiled condition for one subject type.
#[derive(Debug)]
pub struct Condition {
    source: String,
    ast: IdedExpr,
    /// Root variables the condition reads, in name order.
    variables: Vec<&'static str>,
    /// The estimated worst-case number of steps.
    cost: u64,
    subject: super::CustomSubject,
    /// The names evaluation may look up (variables, the subject's map variable) with
    /// their position in the subject's table (none for the map), in name order.
    lookups: Vec<(&'static str, Option<usize>)>,
}

impl Condition {
    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The subject variables the condition reads, in name order.
    pub fn variables(&self) -> &[&'static str] {
        &self.variables
    }

    /// The names evaluation may look up, in name order: the subject's variables (those
    /// read as `activity.x` too) and its map variable where read as a whole.
    pub(crate) fn lookups(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.lookups.iter().map(|(n, _)| *n)
    }

    /// The load-time bound on evaluation steps (at most [`MAX_EVALUATION_STEPS`]).
    pub fn cost(&self) -> u64 {
        self.cost
    }

    /// Evaluates the condition for `subject` in a scope under `root` whose variables are
    /// read from the subject when first looked up (into `slots`, emptied first).
    pub(crate) fn evaluate_for<'a, S: SubjectValues<'a>>(
        &self,
        root: &cel::Context<'_, '_>,
        subject: &S,
        slots: &mut Slots<'a>,
    ) -> Result<bool, ExpressionError> {
        slots.0.iter_mut().for_each(|s| drop(s.take()));
        let lookup = Lookup {
            condition: self,
            subject,
            slots: &slots.0,
        };
        let mut scope = root.new_inner_scope();
        scope.set_variable_resolver(&lookup);
        self.evaluate(&scope)
    }

    /// Evaluates the condition in `ctx` (which binds the subject's variables).
    pub(crate) fn evaluate(&self, ctx: &cel::Context<'_, '_>) -> Result<bool, ExpressionError> {
        let result = catch_unwind(AssertUnwindSafe(|| cel::Value::resolve(&self.ast, ctx)));
        match result {
            Ok(Ok(cel::Value::Bool(b))) => Ok(b),
            Ok(Ok(other)) => Err(ExpressionError::new(
                ExpressionErrorKind::NotBool,
                format!("condition gave {}, not a bool", type_name(&other)),
            )),
            Ok(Err(e)) => Err(ExpressionError::new(
                ExpressionErrorKind::Evaluation,
                lowercase_first(&e.to_string()),
            )),
            Err(_) => Err(ExpressionError::new(
                ExpressionErrorKind::Evaluation,
                "the expression engine failed (internal panic)",
            )),
        }
    }
}

/// The CEL type name of a value, for messages.
pub(crate) fn type_name(v: &cel::Value) -> &'static str {
    match v {
        cel::Value::List(_) => "a list",
        cel::Value::Map(_) => "a map",
        cel::Value::Int(_) => "an int",
        cel::Value::UInt(_) => "a uint",
        cel::Value::Float(_) => "a double",
        cel::Value::String(_) => "a string",
        cel::Value::Bytes(_) => "bytes",
        cel::Value::Bool(_) => "a bool",
        cel::Value::Null => "null",
        _ => "a value of another type",
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `src`.
fn line_col(src: &str, at: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for (i, ch) in src.char_indices() {
        if i >= at {
            break;
        }
        if ch == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

const OPERATOR_CHARS: &[u8] = b"+-*/%<>=!&|";

fn too_many_operators(n: usize, src: &str, at: usize) -> Result<(), ExpressionError> {
    if n > MAX_OPERATORS {
        return Err(ExpressionError::new(
            ExpressionErrorKind::TooDeep,
            format!("condition has more than {MAX_OPERATORS} operators"),
        )
        .at(Some(line_col(src, at))));
    }
    Ok(())
}

/// The cheap pre-parse scan: length and nesting, skipping string literals.
pub(crate) fn check_limits(src: &str) -> Result<(), ExpressionError> {
    if src.len() > MAX_EXPRESSION_BYTES {
        return Err(ExpressionError::new(
            ExpressionErrorKind::TooLong,
            format!(
                "condition is {} bytes long, more than {MAX_EXPRESSION_BYTES}",
                src.len()
            ),
        ));
    }
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut ternaries = 0usize;
    let mut operators = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\'' | b'"' => {
                // Skip a string literal (escapes included); unterminated ones are the
                // parser's to report.
                i += 1;
                while i < bytes.len() && bytes[i] != b {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' | b'?' => {
                if b == b'?' {
                    ternaries += 1;
                } else {
                    depth += 1;
                }
                if depth + ternaries > MAX_NESTING {
                    return Err(ExpressionError::new(
                        ExpressionErrorKind::TooDeep,
                        format!("condition nests deeper than {MAX_NESTING} levels"),
                    )
                    .at(Some(line_col(src, i))));
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'=' | b'!' | b'&' | b'|' => {
                let start = i;
                while i + 1 < bytes.len() && OPERATOR_CHARS.contains(&bytes[i + 1]) {
                    i += 1;
                }
                operators += 1;
                too_many_operators(operators, src, start)?;
            }
            b'.' if bytes
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') =>
            {
                operators += 1;
                too_many_operators(operators, src, i)?;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Compiles `src` as a condition on subjects of type `subject`: limits, parse, variable
/// and function check, cost bound.
///
/// ```
/// use planwatch::custom::{compile_condition, CustomSubject, ExpressionErrorKind};
/// let c = compile_condition("days_overdue > 30 && 'child-protection' in tags",
///     CustomSubject::Activity).unwrap();
/// assert_eq!(c.variables(), ["days_overdue", "tags"]);
/// let e = compile_condition("days_overdue > nope", CustomSubject::Activity).unwrap_err();
/// assert_eq!(e.kind, ExpressionErrorKind::UnknownVariable);
/// assert_eq!((e.line, e.column), (Some(1), Some(16)));
/// ```
pub fn compile_condition(
    src: &str,
    subject: super::CustomSubject,
) -> Result<Condition, ExpressionError> {
    check_limits(src)?;
    let parsed = catch_unwind(|| {
        let env = cel::Env::stdlib();
        env.parser()
            .max_recursion_depth(MAX_TREE_DEPTH)
            .parse_with_source_info(src)
            .map(|(expr, info)| {
                let offsets = collect_offsets(&expr, &info);
                (expr, offsets)
            })
            .map_err(|errors| {
                let first = errors.errors.first();
                let pos = first.and_then(|e| {
                    (e.pos.0 > 0 && e.pos.1 >= 0)
                        .then_some((e.pos.0 as usize, e.pos.1 as usize + 1))
                });
                let message = first
                    .map(|e| lowercase_first(&e.msg))
                    .unwrap_or_else(|| "syntax error".into());
                (message, pos)
            })
    });
    let (mut ast, offsets) = match parsed {
        Ok(Ok(p)) => p,
        Ok(Err((message, pos))) => {
            let kind = if message.contains("recursion") || message.contains("depth") {
                ExpressionErrorKind::TooDeep
            } else {
                ExpressionErrorKind::Syntax
            };
            return Err(ExpressionError::new(kind, message).at(pos));
        }
        Err(_) => {
            return Err(ExpressionError::new(
                ExpressionErrorKind::Syntax,
                "the expression engine failed to parse the condition (internal panic)",
            ))
        }
    };
    let pos_of = |id: u64| {
        offsets
            .binary_search_by_key(&id, |&(i, _)| i)
            .ok()
            .map(|k| line_col(src, offsets[k].1))
    };
    let mut checker = Checker {
        table: subject.condition_names(),
        subject,
        bound: Vec::new(),
        used: BTreeSet::new(),
    };
    checker.check(&ast, &pos_of)?;
    let cost = cost(&ast);
    if cost > MAX_EVALUATION_STEPS {
        return Err(ExpressionError::new(
            ExpressionErrorKind::TooCostly,
            format!(
                "condition could take {cost} evaluation steps, more than {MAX_EVALUATION_STEPS} (comprehensions over up to {MAX_COMPREHENSION_ELEMENTS} elements multiply their bodies)"
            ),
        )
        .at(pos_of(ast.id)));
    }
    guard_ranges(&mut ast, &mut u64::MAX.clone());
    let fields = subject.variable_names();
    let mut lookups = BTreeSet::new();
    bind_members(&mut ast, subject, &fields, &mut Vec::new(), &mut lookups);
    let lookups = lookups
        .into_iter()
        .map(|name| (name, fields.iter().position(|f| *f == name)))
        .collect();
    Ok(Condition {
        source: src.to_string(),
        ast,
        variables: checker.used.into_iter().collect(),
        cost,
        subject,
        lookups,
    })
}

/// Rewrites `activity.x` (the subject's map variable, not rebound by a comprehension,
/// selecting one of its variables) into the bare variable `x` where no comprehension
/// rebinds `x`, so that both forms cost the same; collects the names the evaluation may
/// look up: variables, and the map variable where it is still read as a whole.
fn bind_members(
    e: &mut IdedExpr,
    subject: super::CustomSubject,
    fields: &[&'static str],
    bound: &mut Vec<String>,
    lookups: &mut BTreeSet<&'static str>,
) {
    let unbound = |bound: &[String], name: &str| !bound.iter().any(|b| b == name);
    match &mut e.expr {
        Expr::Ident(name) => {
            if unbound(bound, name) {
                if name == subject.name() {
                    lookups.insert(subject.name());
                } else if let Some(f) = fields.iter().find(|f| **f == name.as_str()) {
                    lookups.insert(f);
                }
            }
        }
        Expr::Select(s) => {
            if let Expr::Ident(root) = &s.operand.expr {
                if !s.test && root == subject.name() && unbound(bound, root) {
                    if let Some(&f) = fields.iter().find(|f| **f == s.field) {
                        // `activity.x` with `x` rebound stays a select, which looks up
                        // `activity.x` first: the resolver answers that name too.
                        lookups.insert(f);
                        if unbound(bound, f) {
                            e.expr = Expr::Ident(f.to_string());
                        }
                        return;
                    }
                }
            }
            bind_members(&mut s.operand, subject, fields, bound, lookups);
        }
        Expr::Call(c) => {
            if let Some(t) = c.target.as_deref_mut() {
                bind_members(t, subject, fields, bound, lookups);
            }
            for a in &mut c.args {
                bind_members(a, subject, fields, bound, lookups);
            }
        }
        Expr::Comprehension(c) => {
            let c = &mut **c;
            bind_members(&mut c.iter_range, subject, fields, bound, lookups);
            bind_members(&mut c.accu_init, subject, fields, bound, lookups);
            let before = bound.len();
            bound.push(c.iter_var.clone());
            bound.extend(c.iter_var2.clone());
            bound.push(c.accu_var.clone());
            for x in [&mut c.loop_cond, &mut c.loop_step, &mut c.result] {
                bind_members(x, subject, fields, bound, lookups);
            }
            bound.truncate(before);
        }
        Expr::List(l) => {
            for x in &mut l.elements {
                bind_members(x, subject, fields, bound, lookups);
            }
        }
        Expr::Map(m) => {
            for entry in &mut m.entries {
                if let EntryExpr::MapEntry(me) = &mut entry.expr {
                    bind_members(&mut me.key, subject, fields, bound, lookups);
                    bind_members(&mut me.value, subject, fields, bound, lookups);
                }
            }
        }
        Expr::Struct(st) => {
            for entry in &mut st.entries {
                if let EntryExpr::StructField(f) = &mut entry.expr {
                    bind_members(&mut f.value, subject, fields, bound, lookups);
                }
            }
        }
        Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// One variable's value for the subject being evaluated, in the engine's own types,
/// borrowing the plan's text; read by reference on every lookup.
enum Slot<'a> {
    Null(CelNull),
    Bool(CelBool),
    Int(CelInt),
    Double(CelDouble),
    Str(CelString<'a>),
    Boxed(Box<dyn Val + 'a>),
}

impl<'a> Slot<'a> {
    fn of(raw: Raw<'a>) -> Slot<'a> {
        match raw {
            Raw::Null => Slot::Null(CelNull),
            Raw::Bool(b) => Slot::Bool(CelBool::from(b)),
            Raw::Int(i) => Slot::Int(CelInt::from(i)),
            Raw::Float(f) => Slot::Double(CelDouble::from(f)),
            Raw::Str(x) => Slot::Str(CelString::from(x)),
            Raw::Date(x) => Slot::Str(CelString::from(super::variables::iso(x))),
            Raw::Strs(x) => Slot::Boxed(Box::new(CelList::from(
                x.iter()
                    .map(|v| Box::new(CelString::from(v.as_str())) as Box<dyn Val + 'a>)
                    .collect::<Vec<_>>(),
            ))),
            Raw::Value(v) => Slot::of_value(v),
        }
    }

    fn of_value(v: cel::Value) -> Slot<'a> {
        // Planwatch's values (strings, lists, maps) always convert.
        match Box::<dyn Val>::try_from(v) {
            Ok(b) => Slot::Boxed(b),
            Err(_) => Slot::Null(CelNull),
        }
    }

    fn val(&self) -> &(dyn Val + 'a) {
        match self {
            Slot::Null(v) => v,
            Slot::Bool(v) => v,
            Slot::Int(v) => v,
            Slot::Double(v) => v,
            Slot::Str(v) => v,
            Slot::Boxed(v) => v.as_ref(),
        }
    }
}

/// The values one condition reads, one slot per name it may look up, each filled the
/// first time it is read for a subject; kept from subject to subject.
pub(crate) struct Slots<'a>(Vec<OnceLock<Slot<'a>>>);

impl Slots<'_> {
    /// Empty slots for `condition`.
    pub(crate) fn new(condition: &Condition) -> Self {
        Slots(
            (0..condition.lookups.len())
                .map(|_| OnceLock::new())
                .collect(),
        )
    }
}

/// The variable resolver of one subject: answers the names the condition looks up.
struct Lookup<'s, 'a, S> {
    condition: &'s Condition,
    subject: &'s S,
    slots: &'s [OnceLock<Slot<'a>>],
}

impl<'a, S: SubjectValues<'a>> cel::context::VariableResolver for Lookup<'_, 'a, S> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        let lookups = &self.condition.lookups;
        let k = match lookups.iter().position(|(n, _)| *n == variable) {
            Some(k) => k,
            // `activity.x`, where a comprehension rebinds `x`.
            None => {
                let field = variable
                    .strip_prefix(self.condition.subject.name())?
                    .strip_prefix('.')?;
                lookups
                    .iter()
                    .position(|(n, i)| i.is_some() && *n == field)?
            }
        };
        let slot = self.slots[k].get_or_init(|| match lookups[k].1 {
            Some(i) => Slot::of(self.subject.raw(i)),
            None => Slot::of_value(subject_map(self.subject)),
        });
        Some(CowVal::Borrowed(slot.val()))
    }
}

/// The subject's map variable: every variable by name.
pub(crate) fn subject_map<'a, S: SubjectValues<'a>>(subject: &S) -> cel::Value {
    let map: HashMap<String, cel::Value> = S::names()
        .iter()
        .enumerate()
        .map(|(k, n)| (n.to_string(), subject.value(k)))
        .collect();
    cel::Value::from(map)
}

/// (node id, byte offset) of every node, sorted by id, walked without recursion.
fn collect_offsets(root: &IdedExpr, info: &cel::common::ast::SourceInfo) -> Vec<(u64, usize)> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(e) = stack.pop() {
        if let Some((start, _)) = info.offset_for(e.id) {
            // Offsets count characters; convert to a byte offset.
            let byte = info
                .source
                .char_indices()
                .nth(start as usize)
                .map_or(info.source.len(), |(b, _)| b);
            out.push((e.id, byte));
        }
        children(e, &mut stack);
    }
    out.sort_unstable();
    out
}

fn children<'e>(e: &'e IdedExpr, out: &mut Vec<&'e IdedExpr>) {
    match &e.expr {
        Expr::Call(c) => {
            out.extend(c.target.as_deref());
            out.extend(c.args.iter());
        }
        Expr::Comprehension(c) => out.extend([
            &c.iter_range,
            &c.accu_init,
            &c.loop_cond,
            &c.loop_step,
            &c.result,
        ]),
        Expr::List(l) => out.extend(l.elements.iter()),
        Expr::Map(m) => {
            for entry in &m.entries {
                if let EntryExpr::MapEntry(me) = &entry.expr {
                    out.push(&me.key);
                    out.push(&me.value);
                }
            }
        }
        Expr::Struct(s) => {
            for entry in &s.entries {
                if let EntryExpr::StructField(f) = &entry.expr {
                    out.push(&f.value);
                }
            }
        }
        Expr::Select(s) => out.push(&s.operand),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// Walks the tree (its depth is bounded by the parser) checking names.
struct Checker {
    table: Vec<&'static str>,
    subject: super::CustomSubject,
    /// Names bound by enclosing comprehensions.
    bound: Vec<String>,
    used: BTreeSet<&'static str>,
}

impl Checker {
    fn check(
        &mut self,
        e: &IdedExpr,
        pos_of: &dyn Fn(u64) -> Option<(usize, usize)>,
    ) -> Result<(), ExpressionError> {
        match &e.expr {
            Expr::Ident(name) => {
                if self.bound.iter().any(|b| b == name) || TYPE_NAMES.contains(&name.as_str()) {
                    return Ok(());
                }
                match self.table.iter().find(|v| **v == name.as_str()) {
                    Some(v) => {
                        self.used.insert(v);
                        Ok(())
                    }
                    None => Err(ExpressionError::new(
                        ExpressionErrorKind::UnknownVariable,
                        format!(
                            "unknown variable `{name}` for {} subjects (known: {})",
                            self.subject.name(),
                            self.table.join(", ")
                        ),
                    )
                    .at(pos_of(e.id))),
                }
            }
            Expr::Select(s) => {
                // `activity.id`: the subject map's fields are the subject's variables.
                if let Expr::Ident(root) = &s.operand.expr {
                    if root == self.subject.name()
                        && !self.bound.iter().any(|b| b == root)
                        && !self.subject.variable_names().contains(&s.field.as_str())
                    {
                        return Err(ExpressionError::new(
                            ExpressionErrorKind::UnknownField,
                            format!(
                                "unknown field `{}` of `{root}` (known: {})",
                                s.field,
                                self.subject.variable_names().join(", ")
                            ),
                        )
                        .at(pos_of(e.id)));
                    }
                }
                self.check(&s.operand, pos_of)
            }
            Expr::Call(c) => {
                let name = c.func_name.as_str();
                let known = name.starts_with('_')
                    || name.starts_with('@')
                    || name.starts_with("!_")
                    || STANDARD_FUNCTIONS.contains(&name)
                    || functions::NAMES.contains(&name);
                if !known {
                    return Err(ExpressionError::new(
                        ExpressionErrorKind::UnknownFunction,
                        format!(
                            "unknown function `{name}` (planwatch provides {} and the standard {})",
                            functions::NAMES.join(", "),
                            STANDARD_FUNCTIONS.join(", ")
                        ),
                    )
                    .at(pos_of(e.id)));
                }
                if let Some(t) = &c.target {
                    self.check(t, pos_of)?;
                }
                for a in &c.args {
                    self.check(a, pos_of)?;
                }
                Ok(())
            }
            Expr::Comprehension(c) => self.check_comprehension(c, pos_of),
            _ => {
                let mut kids = Vec::new();
                children(e, &mut kids);
                for k in kids {
                    self.check(k, pos_of)?;
                }
                Ok(())
            }
        }
    }

    fn check_comprehension(
        &mut self,
        c: &ComprehensionExpr,
        pos_of: &dyn Fn(u64) -> Option<(usize, usize)>,
    ) -> Result<(), ExpressionError> {
        self.check(&c.iter_range, pos_of)?;
        self.check(&c.accu_init, pos_of)?;
        let before = self.bound.len();
        self.bound.push(c.iter_var.clone());
        self.bound.extend(c.iter_var2.clone());
        self.bound.push(c.accu_var.clone());
        let r = [&c.loop_cond, &c.loop_step, &c.result]
            .into_iter()
            .try_for_each(|e| self.check(e, pos_of));
        self.bound.truncate(before);
        r
    }
}

/// The standard CEL functions available without the `cel` crate's optional features
/// (no timestamps, durations or regular expressions).
pub const STANDARD_FUNCTIONS: &[&str] = &[
    "size",
    "contains",
    "startsWith",
    "endsWith",
    "int",
    "uint",
    "double",
    "string",
    "bool",
    "bytes",
    "type",
    "dyn",
];

/// CEL type names, usable as identifiers (`type(x) == int`).
const TYPE_NAMES: &[&str] = &[
    "int",
    "uint",
    "double",
    "bool",
    "string",
    "bytes",
    "list",
    "map",
    "null_type",
    "type",
];

/// The worst-case number of steps (see [`MAX_EVALUATION_STEPS`]), saturating.
fn cost(e: &IdedExpr) -> u64 {
    match &e.expr {
        Expr::Comprehension(c) => {
            let n = range_bound(&c.iter_range);
            cost(&c.iter_range)
                .saturating_add(cost(&c.accu_init))
                .saturating_add(
                    n.saturating_mul(cost(&c.loop_cond).saturating_add(cost(&c.loop_step))),
                )
                .saturating_add(cost(&c.result))
        }
        _ => {
            let mut kids = Vec::new();
            children(e, &mut kids);
            kids.into_iter()
                .fold(1u64, |acc, k| acc.saturating_add(cost(k)))
        }
    }
}

/// How many elements a comprehension over `e` iterates at most: a literal's size, else
/// the runtime cap.
fn range_bound(e: &IdedExpr) -> u64 {
    let n = match &e.expr {
        Expr::List(l) => l.elements.len(),
        Expr::Map(m) => m.entries.len(),
        _ => MAX_COMPREHENSION_ELEMENTS,
    };
    n.min(MAX_COMPREHENSION_ELEMENTS) as u64
}

/// Wraps every comprehension range in the runtime guard that refuses ranges of more than
/// [`MAX_COMPREHENSION_ELEMENTS`]; new nodes take ids counting down from `next_id`.
fn guard_ranges(e: &mut IdedExpr, next_id: &mut u64) {
    if let Expr::Comprehension(c) = &mut e.expr {
        let range = std::mem::take(&mut c.iter_range);
        *next_id -= 1;
        c.iter_range = IdedExpr {
            id: *next_id,
            expr: Expr::Call(cel::common::ast::CallExpr {
                func_name: RANGE_GUARD.to_string(),
                target: None,
                args: vec![range],
            }),
        };
    }
    match &mut e.expr {
        Expr::Call(c) => {
            if let Some(t) = c.target.as_deref_mut() {
                guard_ranges(t, next_id);
            }
            for a in &mut c.args {
                guard_ranges(a, next_id);
            }
        }
        Expr::Comprehension(c) => {
            let c = &mut **c;
            for x in [
                &mut c.iter_range,
                &mut c.accu_init,
                &mut c.loop_cond,
                &mut c.loop_step,
                &mut c.result,
            ] {
                guard_ranges(x, next_id);
            }
        }
        Expr::List(l) => l.elements.iter_mut().for_each(|x| guard_ranges(x, next_id)),
        Expr::Map(m) => {
            for entry in &mut m.entries {
                if let EntryExpr::MapEntry(me) = &mut entry.expr {
                    guard_ranges(&mut me.key, next_id);
                    guard_ranges(&mut me.value, next_id);
                }
            }
        }
        Expr::Struct(s) => {
            for entry in &mut s.entries {
                if let EntryExpr::StructField(f) = &mut entry.expr {
                    guard_ranges(&mut f.value, next_id);
                }
            }
        }
        Expr::Select(s) => guard_ranges(&mut s.operand, next_id),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => {}
    }
}

/// The shared standard environment.
pub(crate) fn environment() -> Arc<cel::Env> {
    Arc::new(cel::Env::stdlib())
}
