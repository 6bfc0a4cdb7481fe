//! Selecting findings: by severity, rule, owner, strategy, province or subject.

use super::{rollup, Evaluation, Finding, FindingRef, SubjectKind, Summary, PROVINCE_KIND};
use crate::error::{Error, ErrorKind, Errors, Location};
use crate::order::natural_cmp;
use crate::rules::Severity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which findings to keep. Every non-empty criterion must hold; within a list, any value
/// matches. The default keeps everything.
///
/// ```
/// use planwatch::{Dataset, FindingFilter, RuleSet, Severity};
/// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
/// let ev = ds.evaluate(&RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
/// let filter = FindingFilter {
///     min_severity: Some(Severity::Warning),
///     provinces: vec!["pcct-mondulkiri".into()],
///     ..FindingFilter::default()
/// };
/// let found = ev.filter(&filter);
/// assert!(!found.is_empty());
/// assert!(found.iter().all(|f| f.province.as_deref() == Some("pcct-mondulkiri")));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct FindingFilter {
    /// Keep findings at least this severe.
    pub min_severity: Option<Severity>,
    /// Keep findings of exactly these severities.
    pub severities: Vec<Severity>,
    /// Keep findings of these rules.
    pub rules: Vec<String>,
    /// Keep findings owned by these organisations.
    pub owners: Vec<String>,
    /// Keep findings of these strategies.
    pub strategies: Vec<String>,
    /// Keep findings of these provinces.
    pub provinces: Vec<String>,
    /// Keep findings about subjects of these kinds.
    pub subject_kinds: Vec<SubjectKind>,
    /// Keep findings about these subject ids.
    pub subjects: Vec<String>,
}

fn admits<T: PartialEq>(list: &[T], value: Option<&T>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.contains(v))
}

impl FindingFilter {
    /// Whether `finding` passes.
    pub fn matches(&self, f: &Finding) -> bool {
        self.min_severity.is_none_or(|s| f.severity >= s)
            && admits(&self.severities, Some(&f.severity))
            && admits(&self.rules, Some(&f.rule))
            && admits(&self.owners, f.owner.as_ref())
            && admits(&self.strategies, f.strategy.as_ref())
            && admits(&self.provinces, f.province.as_ref())
            && admits(&self.subject_kinds, Some(&f.subject.kind))
            && admits(&self.subjects, Some(&f.subject.id))
    }
}

impl FindingFilter {
    /// Whether the stored finding `f` passes (no text is built to tell, and only the
    /// fields a criterion names are read).
    pub fn matches_ref(&self, f: &FindingRef<'_>) -> bool {
        self.min_severity.is_none_or(|s| f.severity() >= s)
            && admits(&self.severities, Some(&f.severity()))
            && (self.rules.is_empty() || {
                let rule = f.rule();
                self.rules.iter().any(|r| r == rule)
            })
            && (self.owners.is_empty() || admits_str(&self.owners, f.owner()))
            && (self.strategies.is_empty() || admits_str(&self.strategies, f.strategy()))
            && (self.provinces.is_empty() || admits_str(&self.provinces, f.province()))
            && admits(&self.subject_kinds, Some(&f.subject_kind()))
            && (self.subjects.is_empty() || admits_str(&self.subjects, Some(f.subject_id())))
    }
}

fn admits_str(list: &[String], value: Option<&str>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.iter().any(|x| x == v))
}

impl Evaluation {
    /// The findings that pass `filter`, in their order.
    pub fn filter(&self, filter: &FindingFilter) -> Vec<Finding> {
        self.findings
            .views()
            .filter(|f| filter.matches_ref(f))
            .map(|f| f.to_finding())
            .collect()
    }

    /// The positions of the findings that pass `filter`, in their order.
    pub fn filter_positions(&self, filter: &FindingFilter) -> Vec<usize> {
        self.findings
            .views()
            .enumerate()
            .filter(|(_, f)| filter.matches_ref(f))
            .map(|(i, _)| i)
            .collect()
    }
}

impl FindingFilter {
    /// Whether the filter keeps everything (every criterion empty).
    pub fn is_empty(&self) -> bool {
        *self == FindingFilter::default()
    }
}

impl Evaluation {
    /// Refuses a filter naming what the evaluation cannot have a finding about: a rule
    /// that is neither a built-in rule nor a custom rule evaluated, an owner that is no
    /// organisation of the plan, a province that is no organisation of kind
    /// [`PROVINCE_KIND`], a strategy the plan does not have. One
    /// [`UnknownRule`](ErrorKind::UnknownRule) or
    /// [`UnknownReference`](ErrorKind::UnknownReference) error per unknown value, at
    /// `filter.rules[i]` (`owners`, `provinces`, `strategies`), naming the value and the
    /// close ones (or the valid ones when none is close). Subject ids are not checked
    /// (any id of any kind may be meant); a built-in rule that is turned off is known
    /// and simply matches nothing.
    ///
    /// ```
    /// use planwatch::{Dataset, FindingFilter, RuleSet};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let ev = ds.evaluate(&RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
    /// let ok = FindingFilter { rules: vec!["overdue".into()], ..FindingFilter::default() };
    /// assert!(ev.check_filter(&ok).is_ok());
    /// let typo = FindingFilter { rules: vec!["overdu".into()], ..FindingFilter::default() };
    /// let errors = ev.check_filter(&typo).unwrap_err();
    /// assert_eq!(errors[0].message(), "unknown rule `overdu`: did you mean `overdue`?");
    /// assert_eq!(errors[0].location().path, "filter.rules[0]");
    /// ```
    pub fn check_filter(&self, filter: &FindingFilter) -> Result<(), Errors> {
        let plan = self.findings.dataset.plan();
        let mut rules: Vec<&str> = crate::rules::all_rules()
            .map(|r| r.id)
            .chain(self.summary.by_rule.keys().map(String::as_str))
            .collect();
        rules.sort_by(by_natural);
        rules.dedup();
        let owners: Vec<&str> = plan.organisations.iter().map(|o| o.id.as_str()).collect();
        let provinces: Vec<&str> = plan
            .organisations
            .iter()
            .filter(|o| o.kind == PROVINCE_KIND)
            .map(|o| o.id.as_str())
            .collect();
        let strategies: Vec<&str> = plan.strategies.iter().map(|s| s.id.as_str()).collect();
        let mut errors = Vec::new();
        // (field, what one is, what they are, the values given, the known ones, how many
        // of them a hint lists when none is close)
        let lists = [
            (
                "rules",
                "rule",
                "known rules",
                &filter.rules,
                rules,
                usize::MAX,
            ),
            (
                "owners",
                "owner",
                "organisations",
                &filter.owners,
                owners,
                HINT_VALUES,
            ),
            (
                "provinces",
                "province",
                "provinces",
                &filter.provinces,
                provinces,
                HINT_VALUES,
            ),
            (
                "strategies",
                "strategy",
                "strategies",
                &filter.strategies,
                strategies,
                HINT_VALUES,
            ),
        ];
        for (field, what, plural, given, mut known, cap) in lists {
            known.sort_by(by_natural);
            for (i, value) in given.iter().enumerate() {
                if known.contains(&value.as_str()) {
                    continue;
                }
                let kind = if field == "rules" {
                    ErrorKind::UnknownRule
                } else {
                    ErrorKind::UnknownReference
                };
                errors.push(
                    Error::new(
                        kind,
                        format!(
                            "unknown {what} `{value}`: {}",
                            hint(value, &known, plural, cap)
                        ),
                        Location::path(format!("filter.{field}[{i}]")),
                    )
                    .with_subject(value.as_str()),
                );
            }
        }
        Errors::from_vec(errors).map_or(Ok(()), Err)
    }

    /// This evaluation narrowed to the findings that pass `filter`: its findings are
    /// those, in order; its summary counts them (by severity, every severity; by rule,
    /// the rules of the findings kept and the evaluated rules the filter names, zero
    /// included) and its rollups count them;
    /// the indicators, the forecast and the rates, which describe the plan rather than
    /// the findings, are kept as they are.
    ///
    /// ```
    /// use planwatch::{Dataset, FindingFilter, RuleSet, Severity};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let ev = ds.evaluate(&RuleSet::default(), chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap());
    /// let filter = FindingFilter { rules: vec!["overdue".into()], ..FindingFilter::default() };
    /// let overdue = ev.filtered(&filter);
    /// assert_eq!(overdue.summary.total, ev.summary.by_rule["overdue"]);
    /// assert_eq!(overdue.summary.by_rule.len(), 1);
    /// assert!(overdue.findings.iter().all(|f| f.rule == "overdue"));
    /// ```
    pub fn filtered(&self, filter: &FindingFilter) -> Evaluation {
        let positions: Vec<u32> = self
            .filter_positions(filter)
            .into_iter()
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        let findings = self.findings.select(&positions);
        let rollups = rollup::rollups(&findings);
        let by_severity = rollups.by_severity();
        let mut by_rule: BTreeMap<String, usize> = self
            .summary
            .by_rule
            .keys()
            .filter(|r| filter.rules.contains(r))
            .map(|r| (r.clone(), 0))
            .collect();
        for cell in &rollups.cells {
            *by_rule.entry(cell.rule.clone()).or_default() += cell.count;
        }
        Evaluation {
            plan: self.plan.clone(),
            as_of: self.as_of,
            summary: Summary {
                total: findings.len(),
                by_severity,
                by_rule,
            },
            findings,
            rollups,
            indicators: self.indicators.clone(),
            forecast: self.forecast.clone(),
            reporting: self.reporting.clone(),
            meetings: self.meetings.clone(),
        }
    }
}

/// Most close values a hint names, and most known ones of a long list.
const HINT_VALUES: usize = 8;

/// What to say after an unknown `value`: the close ones among `known` (closest first),
/// else the first `cap` of them all (`known` is in natural order).
fn hint(value: &str, known: &[&str], plural: &str, cap: usize) -> String {
    let quoted = |list: &[&str]| -> String {
        list.iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Closest first, ties in `known`'s natural order: a pass per distance, as the list of
    // close values is short and a sort would be one more copy of the sort code in the
    // WebAssembly package.
    let close: Vec<(usize, &str)> = known
        .iter()
        .filter_map(|&k| closeness(value, k).map(|d| (d, k)))
        .collect();
    let mut names: Vec<&str> = Vec::new();
    let mut at = close.iter().map(|c| c.0).min();
    while let (Some(d), true) = (at, names.len() < HINT_VALUES) {
        names.extend(close.iter().filter(|c| c.0 == d).map(|c| c.1));
        at = close.iter().map(|c| c.0).filter(|&e| e > d).min();
    }
    names.truncate(HINT_VALUES);
    if !names.is_empty() {
        return format!("did you mean {}?", quoted(&names));
    }
    match known.len() {
        0 => format!("there are no {plural}"),
        n if n <= cap => format!("the {plural} are {}", quoted(known)),
        n => format!(
            "the {plural} are {} and {} more",
            quoted(known.get(..cap).unwrap_or(known)),
            n - cap
        ),
    }
}

/// How far `known` is from `value` when it is close (a smaller number is closer): the
/// same but for ASCII case, containing or contained in it, or a few edits away.
fn closeness(value: &str, known: &str) -> Option<usize> {
    // ASCII case only: ids are ASCII as a rule, and full Unicode case mapping would add
    // its tables to the WebAssembly package for a hint.
    let v = value.to_ascii_lowercase();
    let k = known.to_ascii_lowercase();
    if v == k {
        return Some(0);
    }
    let edits = edit_distance(&v, &k);
    let allowed = (v.chars().count() / 3).max(1);
    if edits <= allowed {
        return Some(edits);
    }
    let part = v.chars().count() >= 3 && (k.contains(&v) || v.contains(&k));
    part.then_some(allowed + 1 + edits)
}

/// [`natural_cmp`] of two ids, as a function (one sort instantiation for every list here).
fn by_natural(a: &&str, b: &&str) -> std::cmp::Ordering {
    natural_cmp(a, b)
}

/// The Levenshtein distance between `a` and `b`, in chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let value = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(left)
            };
            diagonal = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::Subject;

    fn finding(rule: &str, severity: Severity, owner: Option<&str>) -> Finding {
        Finding {
            id: format!("{rule}:x"),
            rule: rule.into(),
            severity,
            subject: Subject {
                kind: SubjectKind::Activity,
                id: "x".into(),
            },
            period: None,
            message: String::new(),
            owner: owner.map(str::to_string),
            strategy: Some("1".into()),
            province: None,
            evidence: Default::default(),
            sort_date: None,
        }
    }

    #[test]
    fn criteria_combine() {
        let cases = [
            (FindingFilter::default(), true),
            (
                FindingFilter {
                    min_severity: Some(Severity::Error),
                    ..Default::default()
                },
                false,
            ),
            (
                FindingFilter {
                    min_severity: Some(Severity::Warning),
                    ..Default::default()
                },
                true,
            ),
            (
                FindingFilter {
                    severities: vec![Severity::Info, Severity::Warning],
                    ..Default::default()
                },
                true,
            ),
            (
                FindingFilter {
                    rules: vec!["overdue".into()],
                    ..Default::default()
                },
                true,
            ),
            (
                FindingFilter {
                    rules: vec!["late_start".into()],
                    ..Default::default()
                },
                false,
            ),
            (
                FindingFilter {
                    owners: vec!["moi".into()],
                    strategies: vec!["1".into()],
                    ..Default::default()
                },
                true,
            ),
            (
                FindingFilter {
                    owners: vec!["moi".into()],
                    strategies: vec!["2".into()],
                    ..Default::default()
                },
                false,
            ),
            (
                FindingFilter {
                    provinces: vec!["pcct-kep".into()],
                    ..Default::default()
                },
                false,
            ),
            (
                FindingFilter {
                    subject_kinds: vec![SubjectKind::Activity],
                    subjects: vec!["x".into()],
                    ..Default::default()
                },
                true,
            ),
        ];
        let f = finding("overdue", Severity::Warning, Some("moi"));
        for (i, (filter, want)) in cases.iter().enumerate() {
            assert_eq!(filter.matches(&f), *want, "case {i}");
        }
        assert!(!FindingFilter {
            owners: vec!["moi".into()],
            ..Default::default()
        }
        .matches(&finding("overdue", Severity::Warning, None)));
    }

    #[test]
    fn hints_name_the_close_values_else_the_known_ones() {
        let known = ["late_report", "late_start", "overdue", "stale_update"];
        let cases = [
            ("overdu", "did you mean `overdue`?"),
            ("Late_Start", "did you mean `late_start`?"),
            ("late", "did you mean `late_start`, `late_report`?"),
            ("update", "did you mean `stale_update`?"),
            (
                "zzz",
                "the rules are `late_report`, `late_start`, `overdue`, `stale_update`",
            ),
        ];
        for (value, want) in cases {
            assert_eq!(hint(value, &known, "rules", usize::MAX), want, "{value}");
        }
        assert_eq!(
            hint("zzz", &known, "rules", 2),
            "the rules are `late_report`, `late_start` and 2 more"
        );
        assert_eq!(hint("zzz", &[], "provinces", 2), "there are no provinces");
        for (a, b, d) in [
            ("", "", 0),
            ("abc", "", 3),
            ("kitten", "sitting", 3),
            ("ក", "ខ", 1),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} {b}");
        }
    }

    #[test]
    fn check_filter_refuses_what_the_evaluation_cannot_have() {
        let dir = "../examples/nsp-2019-2023";
        let ds = crate::Dataset::load_dir(dir).expect("nsp");
        let rules = crate::RuleSet::load_dir(dir).expect("rules");
        let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).expect("day");
        let ev = ds.evaluate(&rules, day);
        let custom = rules.custom_rules().first().map(|r| r.id().to_string());
        let list = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        // (filter, the errors: path and message)
        let cases: Vec<(FindingFilter, Vec<(&str, &str)>)> = vec![
            (FindingFilter::default(), vec![]),
            (
                FindingFilter {
                    rules: list(&["overdue", "no_owner"]),
                    owners: list(&["moj"]),
                    provinces: list(&["pcct-kampot"]),
                    strategies: list(&["2"]),
                    subjects: list(&["anything"]),
                    ..Default::default()
                },
                vec![],
            ),
            (
                FindingFilter {
                    rules: custom.clone().into_iter().collect(),
                    ..Default::default()
                },
                vec![],
            ),
            (
                FindingFilter {
                    rules: list(&["overdue", "overdu"]),
                    owners: list(&["mojj"]),
                    provinces: list(&["moj", "kampot"]),
                    ..Default::default()
                },
                vec![
                    (
                        "filter.rules[1]",
                        "unknown rule `overdu`: did you mean `overdue`?",
                    ),
                    (
                        "filter.owners[0]",
                        "unknown owner `mojj`: did you mean `moj`?",
                    ),
                    (
                        "filter.provinces[0]",
                        "unknown province `moj`: the provinces are",
                    ),
                    (
                        "filter.provinces[1]",
                        "unknown province `kampot`: did you mean `pcct-kampot`?",
                    ),
                ],
            ),
            (
                FindingFilter {
                    strategies: list(&["12"]),
                    ..Default::default()
                },
                vec![(
                    "filter.strategies[0]",
                    "unknown strategy `12`: did you mean `1`, `2`?",
                )],
            ),
        ];
        for (i, (filter, want)) in cases.iter().enumerate() {
            let got: Vec<(String, String)> = match ev.check_filter(filter) {
                Ok(()) => vec![],
                Err(errors) => errors
                    .iter()
                    .map(|e| (e.location().path.clone(), e.message().to_string()))
                    .collect(),
            };
            assert_eq!(got.len(), want.len(), "case {i}: {got:?}");
            for ((path, message), (want_path, want_start)) in got.iter().zip(want) {
                assert_eq!(path, want_path, "case {i}");
                assert!(message.starts_with(want_start), "case {i}: {message}");
            }
        }
        let errors = ev
            .check_filter(&FindingFilter {
                rules: list(&["zzz"]),
                ..Default::default()
            })
            .expect_err("unknown rule");
        assert_eq!(errors[0].kind(), ErrorKind::UnknownRule);
        assert!(
            errors[0].message().contains("`overdue`"),
            "every rule listed"
        );
    }

    #[test]
    fn filtered_keeps_and_counts_the_findings_that_pass() {
        let ds = crate::Dataset::load_dir("../examples/nsp-2019-2023").expect("nsp");
        let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).expect("day");
        let ev = ds.evaluate(&crate::RuleSet::default(), day);
        let cases = [
            FindingFilter::default(),
            FindingFilter {
                rules: vec!["overdue".into(), "no_owner".into()],
                ..Default::default()
            },
            FindingFilter {
                min_severity: Some(Severity::Error),
                provinces: vec!["pcct-mondulkiri".into()],
                ..Default::default()
            },
            FindingFilter {
                owners: vec!["nobody".into()],
                ..Default::default()
            },
        ];
        for (i, filter) in cases.iter().enumerate() {
            let kept = ev.filtered(filter);
            assert_eq!(kept.findings.to_vec(), ev.filter(filter), "case {i}");
            assert_eq!(kept.summary.total, kept.findings.len(), "case {i}");
            let by_severity: usize = kept.summary.by_severity.values().sum();
            let by_rule: usize = kept.summary.by_rule.values().sum();
            assert_eq!(
                (by_severity, by_rule),
                (kept.summary.total, kept.summary.total)
            );
            for r in &filter.rules {
                assert!(kept.summary.by_rule.contains_key(r), "case {i}: {r} listed");
            }
            let owned: usize = kept.rollups.by_owner.values().map(|c| c.total).sum();
            let with_owner = kept
                .findings
                .views()
                .filter(|f| f.owner().is_some())
                .count();
            assert_eq!(owned, with_owner, "case {i}");
            assert_eq!(kept.reporting, ev.reporting, "case {i}");
        }
        let all = ev.filtered(&FindingFilter::default());
        assert!(all.findings == ev.findings && all.rollups == ev.rollups);
    }
}
