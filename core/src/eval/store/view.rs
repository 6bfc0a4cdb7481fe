//! [`FindingRef`]: one stored finding, read in place.

use super::{Ev, EvOf, Findings, IdExtra, Packed, Row, NONE};
use crate::eval::{Finding, Subject, SubjectKind};
use crate::model::Plan;
use crate::period::Period;
use crate::rules::Severity;
use crate::Dataset;
use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use std::borrow::Cow;

/// One finding of an evaluation, read in place: each field is rendered when asked for.
///
/// Serialises exactly as the [`Finding`] it stands for.
#[derive(Clone, Copy)]
pub struct FindingRef<'a> {
    pub(super) findings: &'a Findings,
    pub(super) row: &'a Row,
}

impl<'a> FindingRef<'a> {
    fn plan(&self) -> &'a Plan {
        self.findings.dataset.plan()
    }

    /// The rule that found it.
    pub fn rule(&self) -> &'a str {
        self.findings.rule_id(self.row.rule)
    }

    /// How serious it is.
    pub fn severity(&self) -> Severity {
        self.row.severity
    }

    /// What kind of thing it is about.
    pub fn subject_kind(&self) -> SubjectKind {
        self.row.kind
    }

    /// The id of what it is about.
    pub fn subject_id(&self) -> &'a str {
        match self.detached(2) {
            Some(id) => id,
            None => subject_id(&self.findings.dataset, self.row.kind, self.row.subject),
        }
    }

    /// The period it is about (for a finding read back from JSON, as the plan's calendar
    /// would give it when its fiscal years start in January).
    pub fn period(&self) -> Option<Period> {
        match self.detached(1) {
            Some(id) => Period::parse(id, crate::period::FiscalCalendar::default()).ok(),
            None => self.row.period,
        }
    }

    /// The id of the period it is about.
    pub fn period_id(&self) -> Option<Cow<'a, str>> {
        match self.detached(1) {
            Some(id) => (!id.is_empty()).then_some(Cow::Borrowed(id)),
            None => self.row.period.map(|p| Cow::Owned(p.id())),
        }
    }

    /// The organisation responsible.
    pub fn owner(&self) -> Option<&'a str> {
        match self.detached(3) {
            Some(id) => (!id.is_empty()).then_some(id),
            None => self.org(self.row.owner),
        }
    }

    /// Whether the finding was read back from JSON (it is about no plan the store holds).
    fn is_detached(&self) -> bool {
        self.findings
            .rules
            .get(usize::from(self.row.rule))
            .is_some_and(|r| r.extra == IdExtra::Detached)
    }

    /// The `k`th kept text of a finding read back from JSON (see [`IdExtra::Detached`]);
    /// `None` for any other finding.
    fn detached(&self, k: usize) -> Option<&'a str> {
        if !self.is_detached() {
            return None;
        }
        let texts = &self.findings.texts;
        Some(
            texts
                .get(self.row.extra as usize + k)
                .map_or("", String::as_str),
        )
    }

    #[cfg(feature = "arrow")]
    /// Position of the owning organisation.
    pub(crate) fn owner_index(&self) -> Option<u32> {
        match self.detached(3) {
            Some(id) => (!id.is_empty()).then_some(self.row.extra + 3),
            None => (self.row.owner != NONE).then_some(self.row.owner),
        }
    }

    /// The strategy of the subject.
    pub fn strategy(&self) -> Option<&'a str> {
        if let Some(id) = self.detached(4) {
            return (!id.is_empty()).then_some(id);
        }
        let s = self.row.strategy;
        (s != NONE)
            .then(|| self.plan().strategies.get(s as usize))
            .flatten()
            .map(|s| s.id.as_str())
    }

    /// The province the owner belongs to.
    pub fn province(&self) -> Option<&'a str> {
        match self.detached(5) {
            Some(id) => (!id.is_empty()).then_some(id),
            None => self.org(self.province_position()),
        }
    }

    /// Position of the owner's province ([`NONE`] for none).
    fn province_position(&self) -> u32 {
        let province = &self.findings.dataset.owners().province;
        province
            .get(self.row.owner as usize)
            .copied()
            .flatten()
            .unwrap_or(NONE)
    }

    fn org(&self, i: u32) -> Option<&'a str> {
        (i != NONE)
            .then(|| self.plan().organisations.get(i as usize))
            .flatten()
            .map(|o| o.id.as_str())
    }

    /// The name of the organisation responsible, beside [`FindingRef::owner`] (`None`
    /// for a finding read back from JSON: its names are in the plan).
    pub fn owner_name(&self) -> Option<&'a str> {
        self.org_name(self.row.owner)
    }

    /// The name of the province, beside [`FindingRef::province`].
    pub fn province_name(&self) -> Option<&'a str> {
        self.org_name(self.province_position())
    }

    fn org_name(&self, i: u32) -> Option<&'a str> {
        (i != NONE && !self.is_detached())
            .then(|| self.plan().organisations.get(i as usize))
            .flatten()
            .map(|o| o.name.as_str())
    }

    /// The name or title of what it is about, beside [`FindingRef::subject_id`]: an
    /// activity's, group's, meeting obligation's or the plan's title, an organisation's or
    /// an indicator's name; `None` for a reporting obligation (it has no name).
    pub fn subject_name(&self) -> Option<&'a str> {
        if self.is_detached() {
            return None;
        }
        let plan = self.plan();
        let i = self.row.subject as usize;
        match self.row.kind {
            SubjectKind::Activity => plan.activities.get(i).map(|x| x.title.as_str()),
            SubjectKind::Organisation => plan.organisations.get(i).map(|x| x.name.as_str()),
            SubjectKind::Indicator => plan.indicators.get(i).map(|x| x.name.as_str()),
            SubjectKind::Group => plan.groups.get(i).map(|x| x.title.as_str()),
            SubjectKind::Obligation => i
                .checked_sub(plan.reporting_obligations.len())
                .and_then(|m| plan.meeting_obligations.get(m))
                .map(|x| x.title.as_str()),
            SubjectKind::Plan => Some(plan.title.as_str()),
        }
    }

    /// The stable id: `rule:subject-id`, then `@period` for findings about one period.
    pub fn id(&self) -> String {
        if let Some(whole) = self.whole_id() {
            return whole.to_string();
        }
        let mut id = String::with_capacity(48);
        id.push_str(self.rule());
        id.push(':');
        id.push_str(self.subject_id());
        self.push_id_tail(&mut id);
        id
    }

    /// The id kept as text, for findings read back from JSON.
    fn whole_id(&self) -> Option<&'a str> {
        let rule = self.findings.rules.get(usize::from(self.row.rule))?;
        if rule.extra != IdExtra::Detached {
            return None;
        }
        self.findings
            .texts
            .get(self.row.extra as usize)
            .map(String::as_str)
    }

    /// What follows `rule:subject-id` in the id.
    pub(crate) fn push_id_tail(&self, id: &mut String) {
        use std::fmt::Write;
        if let Some(whole) = self.whole_id() {
            let head = self.rule().len() + 1 + self.subject_id().len();
            id.push_str(whole.get(head..).unwrap_or(""));
            return;
        }
        let extra = self.row.extra;
        let kind = self
            .findings
            .rules
            .get(usize::from(self.row.rule))
            .map_or(IdExtra::None, |r| r.extra);
        if kind == IdExtra::ColonMeeting && extra != NONE {
            id.push(':');
            if let Some(o) = self.plan().meeting_obligations.get(extra as usize) {
                id.push_str(&o.id);
            }
        }
        if let Some(p) = self.row.period {
            let _ = write!(id, "@{p}");
        }
        if extra == NONE {
            return;
        }
        match kind {
            IdExtra::None => {}
            IdExtra::AtActivity => {
                id.push('@');
                id.push_str(subject_id(
                    &self.findings.dataset,
                    SubjectKind::Activity,
                    extra,
                ));
            }
            IdExtra::SlashText => {
                id.push('/');
                id.push_str(self.findings.texts.get(extra as usize).map_or("", |s| s));
            }
            IdExtra::HashText => {
                id.push('#');
                id.push_str(self.findings.texts.get(extra as usize).map_or("", |s| s));
            }
            IdExtra::ColonMeeting | IdExtra::Detached => {}
        }
    }

    #[cfg(feature = "arrow")]
    /// The rule's code in the store.
    pub(crate) fn rule_code(&self) -> u16 {
        self.row.rule
    }

    #[cfg(feature = "arrow")]
    /// Position of the strategy.
    pub(crate) fn strategy_index(&self) -> Option<u32> {
        match self.detached(4) {
            Some(id) => (!id.is_empty()).then_some(self.row.extra + 4),
            None => (self.row.strategy != NONE).then_some(self.row.strategy),
        }
    }

    #[cfg(feature = "arrow")]
    /// Position of the province.
    pub(crate) fn province_index(&self) -> Option<u32> {
        match self.detached(5) {
            Some(id) => (!id.is_empty()).then_some(self.row.extra + 5),
            None => Some(self.province_position()).filter(|&p| p != NONE),
        }
    }

    #[cfg(all(feature = "arrow", test))]
    /// The evidence, serialisable as the JSON object users see (what
    /// [`write_evidence_json`](FindingRef::write_evidence_json) is tested against).
    pub(crate) fn evidence_json(&self) -> impl Serialize + use<'a> {
        EvidenceOf(*self)
    }

    #[cfg(feature = "arrow")]
    /// Appends the evidence as compact JSON, byte for byte what serialising
    /// [`evidence_json`](FindingRef::evidence_json) writes, without a serializer.
    pub(crate) fn write_evidence_json(&self, out: &mut Vec<u8>) {
        let keys = self.keys();
        let values = self.values();
        if *keys == super::Keys::Whole {
            match values.first() {
                Some(&p) => self.of_packed(p).write_json(out),
                None => out.extend_from_slice(b"{}"),
            }
            return;
        }
        out.push(b'{');
        let mut first = true;
        for (i, &p) in values.iter().enumerate() {
            if p == Packed::ABSENT {
                continue;
            }
            if !first {
                out.push(b',');
            }
            first = false;
            // Keys are plain identifiers, a built-in rule's and a custom rule's (tests in
            // rules::catalogue and custom hold them to it): copied between quotes without
            // an escaping pass.
            out.push(b'"');
            out.extend_from_slice(keys.get(i).as_bytes());
            out.extend_from_slice(b"\":");
            self.of_packed(p).write_json(out);
        }
        out.push(b'}');
    }

    /// The sentence for people.
    pub fn message(&self) -> String {
        if self.row.message != NONE {
            return self
                .findings
                .texts
                .get(self.row.message as usize)
                .cloned()
                .unwrap_or_default();
        }
        match self
            .findings
            .rules
            .get(usize::from(self.row.rule))
            .and_then(|r| r.render)
        {
            Some(render) => render(self),
            None => String::new(),
        }
    }

    fn keys(&self) -> &'a super::Keys {
        static EMPTY: super::Keys = super::Keys::Static(&[]);
        self.findings
            .rules
            .get(usize::from(self.row.rule))
            .map_or(&EMPTY, |r| &r.keys)
    }

    /// The evidence values, packed, one per key.
    fn values(&self) -> &'a [Packed] {
        let start = self.row.evidence as usize;
        let n = self.keys().len();
        self.findings.evidence.slice(start, n)
    }

    /// The evidence value under `key` ([`Ev::Absent`] when there is none).
    pub(crate) fn ev(&self, key: &str) -> Ev {
        self.keys()
            .position(key)
            .and_then(|i| self.values().get(i).copied())
            .map_or(Ev::Absent, |p| self.findings.evidence.get(p))
    }

    fn of_packed(&self, p: Packed) -> EvOf<'a> {
        self.of(self.findings.evidence.get(p))
    }

    fn of(&self, ev: Ev) -> EvOf<'a> {
        EvOf {
            ev,
            findings: self.findings,
            period: self.row.period,
        }
    }

    /// The integer under `key`, 0 when there is none.
    pub(crate) fn int(&self, key: &str) -> i64 {
        match self.ev(key) {
            Ev::Int(i) => i,
            _ => 0,
        }
    }

    /// The number under `key`.
    pub(crate) fn float(&self, key: &str) -> Option<f64> {
        match self.ev(key) {
            Ev::Float(x) => Some(x),
            Ev::Int(i) => Some(i as f64),
            _ => None,
        }
    }

    /// The day under `key`.
    pub(crate) fn date(&self, key: &str) -> Option<NaiveDate> {
        match self.ev(key) {
            Ev::Date(d) => Some(d),
            _ => None,
        }
    }

    /// The text under `key` (a name, an id, a period), empty when there is none.
    pub(crate) fn text(&self, key: &str) -> Cow<'a, str> {
        self.of(self.ev(key)).as_str().unwrap_or_default()
    }

    /// The value kept under `key` beside the findings (a list, a map).
    pub(crate) fn json(&self, key: &str) -> Option<&'a crate::eval::Value> {
        match self.ev(key) {
            Ev::Json(i) => self.findings.json.get(i as usize),
            _ => None,
        }
    }

    /// The evidence as an owned map.
    pub fn evidence(&self) -> crate::eval::Evidence {
        let keys = self.keys();
        if *keys == super::Keys::Whole {
            return match self
                .values()
                .first()
                .and_then(|&p| self.of_packed(p).to_value())
            {
                Some(crate::eval::Value::Map(m)) => m.into(),
                _ => crate::eval::Evidence::new(),
            };
        }
        // Inserted one by one rather than collected: collecting sorts, and the keys are
        // sorted already (a sort for this one type would cost the WebAssembly package
        // about 4 KB).
        let mut evidence = crate::eval::Evidence::new();
        for (i, &p) in self.values().iter().enumerate() {
            if let Some(v) = self.of_packed(p).to_value() {
                evidence.insert(keys.get(i), v);
            }
        }
        evidence
    }

    /// The owned [`Finding`].
    pub fn to_finding(&self) -> Finding {
        Finding {
            id: self.id(),
            rule: self.rule().to_string(),
            severity: self.severity(),
            subject: Subject {
                kind: self.subject_kind(),
                id: self.subject_id().to_string(),
            },
            period: self.period_id().map(Cow::into_owned),
            message: self.message(),
            owner: self.owner().map(str::to_string),
            strategy: self.strategy().map(str::to_string),
            province: self.province().map(str::to_string),
            evidence: self.evidence(),
            sort_date: self.row.sort_date,
        }
    }
}

/// The id of the plan's item of `kind` at position `i` (an activity's from the id map,
/// [`Dataset::activity_id`]).
pub(crate) fn subject_id(dataset: &Dataset, kind: SubjectKind, i: u32) -> &str {
    let plan = dataset.plan();
    let i = i as usize;
    match kind {
        SubjectKind::Activity => dataset.activity_id(i),
        SubjectKind::Organisation => plan.organisations.get(i).map(|x| x.id.as_str()),
        SubjectKind::Indicator => plan.indicators.get(i).map(|x| x.id.as_str()),
        SubjectKind::Group => plan.groups.get(i).map(|x| x.id.as_str()),
        SubjectKind::Obligation => {
            let n = plan.reporting_obligations.len();
            if i < n {
                plan.reporting_obligations.get(i).map(|x| x.id.as_str())
            } else {
                plan.meeting_obligations.get(i - n).map(|x| x.id.as_str())
            }
        }
        SubjectKind::Plan => Some(plan.id.as_str()),
    }
    .unwrap_or("")
}

impl PartialEq for FindingRef<'_> {
    fn eq(&self, other: &FindingRef<'_>) -> bool {
        self.to_finding() == other.to_finding()
    }
}

impl std::fmt::Debug for FindingRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.to_finding().fmt(f)
    }
}

struct SubjectOf<'a>(SubjectKind, &'a str);

impl Serialize for SubjectOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Subject", 2)?;
        st.serialize_field("kind", &self.0)?;
        st.serialize_field("id", self.1)?;
        st.end()
    }
}

struct EvidenceOf<'a>(FindingRef<'a>);

impl Serialize for EvidenceOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        let keys = f.keys();
        let values = f.values();
        if *keys == super::Keys::Whole {
            return match values.first() {
                Some(&p) => f.of_packed(p).serialize(s),
                None => s.serialize_map(Some(0))?.end(),
            };
        }
        let n = values.iter().filter(|&&p| p != Packed::ABSENT).count();
        let mut map = s.serialize_map(Some(n))?;
        for (i, &p) in values.iter().enumerate() {
            if p != Packed::ABSENT {
                map.serialize_entry(keys.get(i), &f.of_packed(p))?;
            }
        }
        map.end()
    }
}

impl Serialize for FindingRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let owner = self.owner();
        let strategy = self.strategy();
        let province = self.province();
        let period = self.period_id();
        let n = 6
            + usize::from(period.is_some())
            + usize::from(owner.is_some())
            + usize::from(strategy.is_some())
            + usize::from(province.is_some());
        let mut st = s.serialize_struct("Finding", n)?;
        st.serialize_field("id", &self.id())?;
        st.serialize_field("rule", self.rule())?;
        st.serialize_field("severity", &self.severity())?;
        st.serialize_field("subject", &SubjectOf(self.row.kind, self.subject_id()))?;
        match period {
            Some(p) => st.serialize_field("period", &p)?,
            None => st.skip_field("period")?,
        }
        st.serialize_field("message", &self.message())?;
        match owner {
            Some(o) => st.serialize_field("owner", o)?,
            None => st.skip_field("owner")?,
        }
        match strategy {
            Some(x) => st.serialize_field("strategy", x)?,
            None => st.skip_field("strategy")?,
        }
        match province {
            Some(x) => st.serialize_field("province", x)?,
            None => st.skip_field("province")?,
        }
        st.serialize_field("evidence", &EvidenceOf(*self))?;
        st.end()
    }
}
