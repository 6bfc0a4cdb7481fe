//! A direct evaluator for the common shape of conditions: comparisons of a subject's
//! variables with literals, `&&`, `||`, `!`, null checks and `days_between`.
//!
//! The condition is compiled once from its checked CEL syntax tree. Per subject, the
//! evaluator reads the variables from the subject's columns (no map, no scope, no CEL
//! value) and either decides the result or gives up; when it gives up (a type pairing it
//! does not know, an operand that is not a bool, a NaN, a date outside years 0-9999, any
//! error), CEL evaluates the condition for that subject as before. So the evaluator only
//! ever answers where CEL would give the same bool, and every error and message still
//! comes from CEL; a differential test over generated subjects holds the two to that.

use super::variables::{Raw, SubjectValues};
use crate::load::date::IsoDate;
use cel::common::ast::{operators, Expr, IdedExpr, LiteralValue};
use chrono::NaiveDate;
use std::cmp::Ordering;

/// A compiled condition.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    root: Node,
}

#[derive(Debug, Clone)]
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// Variable `k` of the subject's table.
    Var(usize),
    AsOf,
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Eq(bool, Box<Node>, Box<Node>),
    Cmp(Ordering, bool, Box<Node>, Box<Node>),
    DaysBetween(Box<Node>, Box<Node>),
    Conditional(Box<Node>, Box<Node>, Box<Node>),
}

/// A value while evaluating; borrowed from the subject or the program.
#[derive(Debug, Clone, Copy)]
enum Fv<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
    /// A date variable: CEL sees its `YYYY-MM-DD` text.
    Date(NaiveDate),
}

impl Program {
    /// Compiles `ast` (after the rewriting of `activity.x` into `x`), where `lookups` maps
    /// each variable name to its table position; `None` when the condition uses anything
    /// the evaluator does not know, which leaves it to CEL entirely.
    pub(crate) fn compile(
        ast: &IdedExpr,
        lookups: &[(&'static str, Option<usize>)],
    ) -> Option<Program> {
        Some(Program {
            root: node(ast, lookups, 0)?,
        })
    }

    /// The condition's result for `subject`, or `None` to leave it to CEL.
    pub(crate) fn decide<'a, S: SubjectValues<'a>>(&self, subject: &S) -> Option<bool> {
        match eval(&self.root, subject)? {
            Fv::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// The deepest tree compiled; deeper conditions are left to CEL (which has its own limit).
const MAX_DEPTH: usize = 64;

fn node(e: &IdedExpr, lookups: &[(&'static str, Option<usize>)], depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH {
        return None;
    }
    let sub = |x: &IdedExpr| node(x, lookups, depth + 1).map(Box::new);
    Some(match &e.expr {
        Expr::Literal(l) => match l {
            LiteralValue::Null => Node::Null,
            LiteralValue::Boolean(b) => Node::Bool(*b.inner()),
            LiteralValue::Int(i) => Node::Int(*i.inner()),
            LiteralValue::Double(d) => Node::Float(*d.inner()),
            LiteralValue::String(s) => Node::Str(s.inner().to_string()),
            _ => return None,
        },
        Expr::Ident(name) if name == "as_of" => Node::AsOf,
        Expr::Ident(name) => {
            let k = lookups.iter().find(|(n, _)| *n == name.as_str())?.1?;
            Node::Var(k)
        }
        Expr::Call(c) if c.target.is_none() => {
            let args = &c.args;
            match (c.func_name.as_str(), args.as_slice()) {
                (operators::LOGICAL_AND, [a, b]) => Node::And(sub(a)?, sub(b)?),
                (operators::LOGICAL_OR, [a, b]) => Node::Or(sub(a)?, sub(b)?),
                (operators::LOGICAL_NOT, [a]) => Node::Not(sub(a)?),
                (operators::EQUALS, [a, b]) => Node::Eq(true, sub(a)?, sub(b)?),
                (operators::NOT_EQUALS, [a, b]) => Node::Eq(false, sub(a)?, sub(b)?),
                (operators::LESS, [a, b]) => Node::Cmp(Ordering::Less, true, sub(a)?, sub(b)?),
                (operators::LESS_EQUALS, [a, b]) => {
                    Node::Cmp(Ordering::Greater, false, sub(a)?, sub(b)?)
                }
                (operators::GREATER, [a, b]) => {
                    Node::Cmp(Ordering::Greater, true, sub(a)?, sub(b)?)
                }
                (operators::GREATER_EQUALS, [a, b]) => {
                    Node::Cmp(Ordering::Less, false, sub(a)?, sub(b)?)
                }
                (operators::CONDITIONAL, [c, a, b]) => Node::Conditional(sub(c)?, sub(a)?, sub(b)?),
                ("days_between", [a, b]) => Node::DaysBetween(sub(a)?, sub(b)?),
                _ => return None,
            }
        }
        _ => return None,
    })
}

fn raw_value<'a>(raw: Raw<'a>) -> Option<Fv<'a>> {
    Some(match raw {
        Raw::Null => Fv::Null,
        Raw::Bool(b) => Fv::Bool(b),
        Raw::Int(i) => Fv::Int(i),
        Raw::Float(f) => Fv::Float(f),
        Raw::Str(s) => Fv::Str(s),
        Raw::Date(d) => Fv::Date(d),
        Raw::Strs(_) | Raw::Value(_) => return None,
    })
}

/// The ten bytes CEL sees for a date, when its year is 0-9999.
fn date_text(d: NaiveDate) -> Option<[u8; 10]> {
    IsoDate(d).bytes()
}

/// A date from CEL's text or a date variable, as `days_between` reads it.
fn as_date(v: Fv<'_>) -> Option<NaiveDate> {
    match v {
        Fv::Date(d) => date_text(d).map(|_| d),
        Fv::Str(s) => crate::load::date::parse_iso(s).ok(),
        _ => None,
    }
}

fn eval<'p, 'a: 'p, S: SubjectValues<'a>>(n: &'p Node, s: &S) -> Option<Fv<'p>> {
    Some(match n {
        Node::Null => Fv::Null,
        Node::Bool(b) => Fv::Bool(*b),
        Node::Int(i) => Fv::Int(*i),
        Node::Float(f) => Fv::Float(*f),
        Node::Str(t) => Fv::Str(t),
        Node::Var(k) => raw_value(s.raw(*k))?,
        Node::AsOf => Fv::Date(s.as_of()),
        Node::And(a, b) => match eval(a, s)? {
            Fv::Bool(false) => Fv::Bool(false),
            Fv::Bool(true) => match eval(b, s)? {
                Fv::Bool(r) => Fv::Bool(r),
                _ => return None,
            },
            _ => return None,
        },
        Node::Or(a, b) => match eval(a, s)? {
            Fv::Bool(true) => Fv::Bool(true),
            Fv::Bool(false) => match eval(b, s)? {
                Fv::Bool(r) => Fv::Bool(r),
                _ => return None,
            },
            _ => return None,
        },
        Node::Not(a) => match eval(a, s)? {
            Fv::Bool(b) => Fv::Bool(!b),
            _ => return None,
        },
        Node::Eq(want, a, b) => {
            let same = equal(eval(a, s)?, eval(b, s)?)?;
            Fv::Bool(same == *want)
        }
        Node::Cmp(ord, is, a, b) => {
            let o = order(eval(a, s)?, eval(b, s)?)?;
            Fv::Bool((o == *ord) == *is)
        }
        Node::DaysBetween(a, b) => {
            let (a, b) = (as_date(eval(a, s)?)?, as_date(eval(b, s)?)?);
            Fv::Int((b - a).num_days())
        }
        Node::Conditional(c, a, b) => match eval(c, s)? {
            Fv::Bool(true) => eval(a, s)?,
            Fv::Bool(false) => eval(b, s)?,
            _ => return None,
        },
    })
}

/// Equality as CEL decides it, for the pairings known here.
fn equal(a: Fv<'_>, b: Fv<'_>) -> Option<bool> {
    Some(match (a, b) {
        (Fv::Null, Fv::Null) => true,
        (Fv::Null, Fv::Bool(_) | Fv::Int(_) | Fv::Float(_) | Fv::Str(_) | Fv::Date(_))
        | (Fv::Bool(_) | Fv::Int(_) | Fv::Float(_) | Fv::Str(_) | Fv::Date(_), Fv::Null) => false,
        (Fv::Bool(x), Fv::Bool(y)) => x == y,
        (Fv::Int(x), Fv::Int(y)) => x == y,
        (Fv::Float(x), Fv::Float(y)) => x == y,
        (Fv::Str(x), Fv::Str(y)) => x == y,
        (Fv::Date(x), Fv::Date(y)) => date_text(x)? == date_text(y)?,
        (Fv::Date(x), Fv::Str(y)) | (Fv::Str(y), Fv::Date(x)) => date_text(x)? == y.as_bytes(),
        _ => return None,
    })
}

/// Ordering as CEL decides it, for the pairings known here.
fn order(a: Fv<'_>, b: Fv<'_>) -> Option<Ordering> {
    Some(match (a, b) {
        (Fv::Int(x), Fv::Int(y)) => x.cmp(&y),
        (Fv::Float(x), Fv::Float(y)) => x.partial_cmp(&y)?,
        (Fv::Str(x), Fv::Str(y)) => x.cmp(y),
        (Fv::Date(x), Fv::Date(y)) => date_text(x)?.cmp(&date_text(y)?),
        (Fv::Date(x), Fv::Str(y)) => date_text(x)?.as_slice().cmp(y.as_bytes()),
        (Fv::Str(x), Fv::Date(y)) => x.as_bytes().cmp(date_text(y)?.as_slice()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    //! The direct evaluator against CEL: for generated subjects whose variables take every
    //! kind of value (null, bools, ints, doubles with NaN and infinities, strings, date
    //! texts, dates of every era), wherever the evaluator decides, CEL gives the same bool.
    use super::*;
    use crate::custom::variables::Raw;
    use cel::Value;

    #[derive(Debug, Clone)]
    enum V {
        Null,
        Bool(bool),
        Int(i64),
        Float(f64),
        Str(String),
        Date(NaiveDate),
    }

    const NAMES: [&str; 5] = ["a", "b", "c", "d", "e"];

    struct Subject<'a>(&'a [V], NaiveDate);

    impl<'a> SubjectValues<'a> for Subject<'a> {
        fn names() -> Vec<&'static str> {
            NAMES.to_vec()
        }
        fn raw(&self, k: usize) -> Raw<'a> {
            match self.0.get(k) {
                Some(V::Bool(b)) => Raw::Bool(*b),
                Some(V::Int(i)) => Raw::Int(*i),
                Some(V::Float(f)) => Raw::Float(*f),
                Some(V::Str(s)) => Raw::Str(s),
                Some(V::Date(d)) => Raw::Date(*d),
                Some(V::Null) | None => Raw::Null,
            }
        }
        fn as_of(&self) -> NaiveDate {
            self.1
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    /// Every value a variable takes in the test.
    fn pool() -> Vec<V> {
        vec![
            V::Null,
            V::Bool(true),
            V::Bool(false),
            V::Int(0),
            V::Int(29),
            V::Int(30),
            V::Int(-5),
            V::Int(i64::MAX),
            V::Float(0.0),
            V::Float(49.5),
            V::Float(50.0),
            V::Float(f64::NAN),
            V::Float(f64::INFINITY),
            V::Float(-0.0),
            V::Str(String::new()),
            V::Str("done".into()),
            V::Str("not_started".into()),
            V::Str("2024-01-31".into()),
            V::Str("2024-02-29".into()),
            V::Str("2024-2-29".into()),
            V::Str("30".into()),
            V::Date(day(2024, 1, 31)),
            V::Date(day(2023, 12, 1)),
            V::Date(day(1, 1, 1)),
            V::Date(day(10000, 1, 1)),
            V::Date(day(-3, 5, 6)),
        ]
    }

    const CONDITIONS: &[&str] = &[
        "a != null && a < 50.0 && days_between(b, as_of) < 30 && c != 'done'",
        "a == null || a >= 50.0",
        "!(a < b)",
        "a == b",
        "a != b",
        "a <= b || b > c",
        "a > 29 && a < 31",
        "days_between(a, b) == 0",
        "days_between(as_of, d) >= -30",
        "d == as_of",
        "d < '2024-01-01'",
        "'2024-01-31' == d",
        "c == 'not_started' ? a > 0.0 : b",
        "a && b",
        "!a || e",
        "a == null",
        "null == a",
        "a == true",
        "e != false && d >= as_of",
        "a < 1 || a < 1.0",
        "a",
        "a == 30 && b == 30.0",
    ];

    fn cel_result(
        ds: &crate::Dataset,
        ast: &cel::common::ast::IdedExpr,
        values: &[V],
        as_of: NaiveDate,
    ) -> Option<bool> {
        let mut root = cel::Context::with_env(crate::custom::expression::environment());
        crate::custom::functions::register(&mut root, ds);
        root.add_variable_from_value("as_of", crate::custom::variables::iso(as_of));
        let subject = Subject(values, as_of);
        for (k, name) in NAMES.iter().enumerate() {
            root.add_variable_from_value(*name, subject.raw(k).into_value());
        }
        match cel::Value::resolve(ast, &root) {
            Ok(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }

    #[test]
    fn the_direct_evaluator_decides_as_cel_does() {
        let lookups: Vec<(&'static str, Option<usize>)> = NAMES
            .iter()
            .enumerate()
            .map(|(k, n)| (*n, Some(k)))
            .collect();
        let pool = pool();
        let ds = crate::Dataset::load_dir("../examples/nsp-2019-2023").expect("nsp");
        let as_of = day(2024, 1, 31);
        // A fixed walk through the pool: every value in every position, in many mixes.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % pool.len() as u64) as usize
        };
        let (mut decided, mut left) = (0usize, 0usize);
        for src in CONDITIONS {
            let ast = crate::custom::expression::parse_for_tests(src);
            let program = Program::compile(&ast, &lookups);
            assert!(program.is_some(), "{src} compiles");
            let Some(program) = program else { continue };
            for _ in 0..300 {
                let values: Vec<V> = (0..NAMES.len()).map(|_| pool[next()].clone()).collect();
                match program.decide(&Subject(&values, as_of)) {
                    Some(b) => {
                        decided += 1;
                        assert_eq!(
                            cel_result(&ds, &ast, &values, as_of),
                            Some(b),
                            "{src} with {values:?}"
                        );
                    }
                    None => left += 1,
                }
            }
        }
        // Both paths are exercised.
        assert!(
            decided > 1000 && left > 1000,
            "decided {decided}, left to cel {left}"
        );
    }

    #[test]
    fn what_it_does_not_know_is_left_to_cel() {
        let lookups = [("a", Some(0)), ("activity", None)];
        for src in [
            "a + 1 > 2",
            "[1, 2].exists(x, x == a)",
            "activity.a == 1",
            "size(a) > 0",
            "a in [1]",
        ] {
            let ast = crate::custom::expression::parse_for_tests(src);
            assert!(Program::compile(&ast, &lookups).is_none(), "{src}");
        }
    }
}
