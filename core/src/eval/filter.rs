//! Selecting findings: by severity, rule, owner, strategy, province or subject.

use super::{Evaluation, Finding, FindingRef, SubjectKind};
use crate::rules::Severity;
use serde::{Deserialize, Serialize};

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
    /// Whether the stored finding `f` passes (no text is built to tell).
    pub fn matches_ref(&self, f: &FindingRef<'_>) -> bool {
        let rule = f.rule();
        let owner = f.owner();
        let strategy = f.strategy();
        let province = f.province();
        let subject = f.subject_id();
        self.min_severity.is_none_or(|s| f.severity() >= s)
            && admits(&self.severities, Some(&f.severity()))
            && (self.rules.is_empty() || self.rules.iter().any(|r| r == rule))
            && admits_str(&self.owners, owner)
            && admits_str(&self.strategies, strategy)
            && admits_str(&self.provinces, province)
            && admits(&self.subject_kinds, Some(&f.subject_kind()))
            && admits_str(&self.subjects, Some(subject))
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
}
