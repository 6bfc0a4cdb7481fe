//! The reporting rates of one plan whose submissions are split into partitions: a dataset
//! narrowed to one partition's reporters ([`Dataset::for_reporters`]), the sum of the
//! partitions' rates ([`ReportingRates::merge`]) and the whole plan's rates from them
//! ([`Dataset::merge_reporting_rates`]).
//!
//! Why the merge is exact is written on [`ReportingRates::merge`].

use super::rates::{OrganisationRate, PeriodRate, Rate, ReportingRates, Window};
use crate::dataset::Dataset;
use crate::error::{Error, ErrorKind, Location};
use std::collections::BTreeMap;

impl Dataset {
    /// The same plan and monitoring data, expecting the reports of `reporters` only (ids of
    /// the plan's organisations): its reporting rates, its `missing_report`,
    /// `late_report` and `low_completeness` findings and every other reader of the
    /// expected reports count those reporters' reports and nothing else. This is how one
    /// partition of a large submissions table (say, one province's) is counted without
    /// walking the expected reports of the whole plan; [`ReportingRates::merge`] adds the
    /// parts up. The reports of an organisation bound by no reporting obligation are none.
    ///
    /// Fails, naming the position, on an id that is no organisation of the plan.
    ///
    /// ```
    /// use planwatch::{eval::Window, Dataset};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let kampot = ds.for_reporters(&["pcct-kampot"]).unwrap();
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let rates = kampot.reporting_rates(as_of, Window::whole_plan());
    /// let row = |r: &planwatch::eval::ReportingRates, id: &str| {
    ///     r.by_reporter.iter().find(|x| x.id == id).unwrap().rate.clone()
    /// };
    /// let whole = ds.reporting_rates(as_of, Window::whole_plan());
    /// assert_eq!(rates.overall, row(&whole, "pcct-kampot"));
    /// assert_eq!(row(&rates, "pcct-kep").expected, 0);
    /// ```
    pub fn for_reporters<S: AsRef<str>>(&self, reporters: &[S]) -> Result<Dataset, Error> {
        let mut scope = vec![false; self.plan().organisations.len()];
        for (i, id) in reporters.iter().enumerate() {
            let id = id.as_ref();
            let Some(r) = self.index.org.get(id) else {
                return Err(Error::new(
                    ErrorKind::UnknownReference,
                    format!("reporter `{id}` is no organisation of the plan"),
                    Location::path(format!("reporters[{i}]")),
                ));
            };
            if let Some(s) = scope.get_mut(*r as usize) {
                *s = true;
            }
        }
        Ok(self.with_reporter_scope(scope))
    }

    /// The reporting rates of the whole plan from the rates of parts (each from a dataset
    /// of this plan narrowed by [`Dataset::for_reporters`] to the reporters whose
    /// submissions it holds, with the same as-of day and window), counting here the
    /// reporters that no part counts: [`ReportingRates::merge`] of the parts and of this
    /// dataset narrowed to the rest. The rest are counted with this dataset's own
    /// submissions, so give the plan with no monitoring data (or with all of it).
    ///
    /// Fails as [`ReportingRates::merge`] does.
    ///
    /// ```
    /// use planwatch::{eval::Window, Dataset};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let whole = Window::whole_plan();
    /// // Two provinces counted apart, the other reporters by the merge itself.
    /// let part = |id: &str| ds.for_reporters(&[id]).unwrap().reporting_rates(as_of, whole);
    /// let parts = [part("pcct-kampot"), part("pcct-kep")];
    /// assert_eq!(ds.merge_reporting_rates(&parts).unwrap(), ds.reporting_rates(as_of, whole));
    /// ```
    pub fn merge_reporting_rates(&self, parts: &[ReportingRates]) -> Result<ReportingRates, Error> {
        let Some(first) = parts.first() else {
            return Err(no_parts());
        };
        let counted: Vec<bool> = first
            .by_reporter
            .iter()
            .enumerate()
            .map(|(j, _)| {
                parts
                    .iter()
                    .any(|p| p.by_reporter.get(j).is_some_and(|r| r.rate.expected > 0))
            })
            .collect();
        let rest: Vec<&str> = first
            .by_reporter
            .iter()
            .zip(&counted)
            .filter(|&(_, &c)| !c)
            .map(|(r, _)| r.id.as_str())
            .collect();
        let window = Window::between(Some(first.from), Some(first.until));
        let rest = self
            .for_reporters(&rest)?
            .reporting_rates(first.as_of, window);
        let mut all = parts.to_vec();
        all.push(rest);
        ReportingRates::merge(&all)
    }
}

fn no_parts() -> Error {
    Error::new(
        ErrorKind::InvalidValue,
        "no reporting rates to merge",
        Location::path("parts"),
    )
}

impl ReportingRates {
    /// The rates of the reporters of all the parts together, from the rates of parts that
    /// count disjoint sets of reporters of one plan (each from a dataset narrowed by
    /// [`Dataset::for_reporters`], with the same as-of day and window): every count
    /// summed, in every breakdown, and the ratios computed again (why that is exact is
    /// below). The parts must between them count every reporter for the sum to be the
    /// whole plan's rates; [`Dataset::merge_reporting_rates`] counts the rest itself.
    ///
    /// Fails, naming the part and the row, when the parts are not of one plan, day and
    /// window, or when they overlap (a reporter with expected reports in two parts), or
    /// on an empty list.
    ///
    /// ```
    /// use planwatch::{eval::{ReportingRates, Window}, Dataset};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// let ids: Vec<&str> = ds.plan().organisations.iter().map(|o| o.id.as_str()).collect();
    /// let (a, b) = ids.split_at(ids.len() / 2);
    /// let part = |ids: &[&str]| ds.for_reporters(ids).unwrap().reporting_rates(as_of, Window::whole_plan());
    /// let merged = ReportingRates::merge(&[part(a), part(b)]).unwrap();
    /// assert_eq!(merged, ds.reporting_rates(as_of, Window::whole_plan()));
    /// // The whole plan twice counts every reporter twice.
    /// assert!(ReportingRates::merge(&[part(&ids), part(&ids)]).is_err());
    /// ```
    ///
    /// # Why the merge is exact
    ///
    /// Every figure of [`ReportingRates`] is a count over the plan's distinct expected
    /// reports, each a (reporter, report type, period), and every report belongs to one
    /// reporter. A dataset narrowed to some reporters counts exactly their reports: `expected`
    /// from the plan, `actual` and `on_time` from the earliest submission of each (which,
    /// when the partition holds all of the reporter's submissions, is the earliest of all).
    /// So when the parts count disjoint sets of reporters, each holding all of its reporters'
    /// submissions, every count of the whole (overall, by reporter, kind, type and period) is
    /// the sum of the counts of the parts, and the ratios are computed again from the sums.
    ///
    /// A part's work is its own reporters' expected reports and its own submissions, not the
    /// whole plan's: partitions are counted in parallel without each walking every report.
    pub fn merge(parts: &[ReportingRates]) -> Result<ReportingRates, Error> {
        let Some((first, rest)) = parts.split_first() else {
            return Err(no_parts());
        };
        let mut whole = first.clone();
        let mut holder: Vec<Option<usize>> = (whole.by_reporter.iter())
            .map(|r| (r.rate.expected > 0).then_some(0))
            .collect();
        let mut periods: BTreeMap<PeriodKey, PeriodRate> = BTreeMap::new();
        for p in whole.by_period.drain(..) {
            periods.insert(PeriodKey::of(&p), p);
        }
        for (i, part) in rest.iter().enumerate() {
            let at = i + 1;
            if (whole.as_of, whole.from, whole.until) != (part.as_of, part.from, part.until) {
                return Err(mismatch(at, "as_of, from and until"));
            }
            add(&mut whole.overall, &part.overall);
            add_reporters(&mut whole.by_reporter, &mut holder, &part.by_reporter, at)?;
            add_keyed(&mut whole.by_kind, &part.by_kind, at, "by_kind")?;
            add_keyed(&mut whole.by_type, &part.by_type, at, "by_type")?;
            for p in &part.by_period {
                match periods.get_mut(&PeriodKey::of(p)) {
                    Some(w) => add(&mut w.rate, &p.rate),
                    None => {
                        periods.insert(PeriodKey::of(p), p.clone());
                    }
                }
            }
        }
        whole.by_period = periods.into_values().collect();
        finish(&mut whole)?;
        Ok(whole)
    }
}

/// A period row's place in the documented order (start, end, type).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct PeriodKey(
    chrono::NaiveDate,
    chrono::NaiveDate,
    crate::period::PeriodType,
);

impl PeriodKey {
    fn of(p: &PeriodRate) -> PeriodKey {
        PeriodKey(p.start, p.end, p.period_type)
    }
}

fn mismatch(part: usize, what: &str) -> Error {
    Error::new(
        ErrorKind::InvalidValue,
        format!("part {part} is not of the same plan, day and window as part 0 ({what} differ)"),
        Location::path(format!("parts[{part}].{what}")),
    )
}

fn add(whole: &mut Rate, part: &Rate) {
    whole.expected += part.expected;
    whole.actual += part.actual;
    whole.on_time += part.on_time;
}

/// Adds a part's reporter rows, refusing a reporter that two parts count.
fn add_reporters(
    whole: &mut [OrganisationRate],
    holder: &mut [Option<usize>],
    part: &[OrganisationRate],
    at: usize,
) -> Result<(), Error> {
    if whole.len() != part.len() {
        return Err(mismatch(at, "by_reporter"));
    }
    for (j, ((w, p), held)) in whole
        .iter_mut()
        .zip(part)
        .zip(holder.iter_mut())
        .enumerate()
    {
        if w.id != p.id {
            return Err(mismatch(at, &format!("by_reporter[{j}]")));
        }
        if p.rate.expected > 0 {
            if let Some(other) = *held {
                return Err(Error::new(
                    ErrorKind::InvalidValue,
                    format!(
                        "the parts overlap: reporter `{}` is counted in parts {other} and {at} (count each reporter in one part)",
                        p.id
                    ),
                    Location::path(format!("parts[{at}].by_reporter[{j}]")),
                ));
            }
            *held = Some(at);
        }
        add(&mut w.rate, &p.rate);
    }
    Ok(())
}

/// Adds a breakdown whose keys come from the plan (kinds, report types): the same in
/// every part.
fn add_keyed<K: Ord>(
    whole: &mut BTreeMap<K, Rate>,
    part: &BTreeMap<K, Rate>,
    at: usize,
    what: &str,
) -> Result<(), Error> {
    if whole.len() != part.len() {
        return Err(mismatch(at, what));
    }
    for (k, r) in whole.iter_mut() {
        add(r, part.get(k).ok_or_else(|| mismatch(at, what))?);
    }
    Ok(())
}

/// Recomputes every ratio, refusing counts above what is expected (which parts of
/// different data can give).
fn finish(whole: &mut ReportingRates) -> Result<(), Error> {
    let mut rates: Vec<(String, &mut Rate)> = vec![("overall".to_string(), &mut whole.overall)];
    for (j, r) in whole.by_reporter.iter_mut().enumerate() {
        rates.push((format!("by_reporter[{j}]"), &mut r.rate));
    }
    for (k, r) in &mut whole.by_kind {
        rates.push((format!("by_kind.{k}"), r));
    }
    for (t, r) in &mut whole.by_type {
        rates.push((format!("by_type.{}", t.name()), r));
    }
    for (j, r) in whole.by_period.iter_mut().enumerate() {
        rates.push((format!("by_period[{j}]"), &mut r.rate));
    }
    for (path, r) in rates {
        if r.actual > r.expected || r.on_time > r.actual {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                format!(
                    "the parts do not add up: {} reports counted where {} are expected",
                    r.actual, r.expected
                ),
                Location::path(path),
            ));
        }
        *r = Rate::from_counts(r.expected, r.actual, r.on_time);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn nsp() -> Dataset {
        Dataset::load_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/nsp-2019-2023"
        ))
        .unwrap()
    }

    fn ids(ds: &Dataset) -> Vec<String> {
        ds.plan()
            .organisations
            .iter()
            .map(|o| o.id.clone())
            .collect()
    }

    #[test]
    fn any_split_of_the_reporters_adds_up_to_the_whole() {
        let ds = nsp();
        let whole_window = Window::whole_plan();
        let ids = ids(&ds);
        for (as_of, window) in [
            (NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(), whole_window),
            (
                NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(),
                Window::trailing_months(NaiveDate::from_ymd_opt(2023, 12, 31).unwrap(), 12),
            ),
        ] {
            let expected = ds.reporting_rates(as_of, window);
            for n in [1, 2, 3, 7] {
                let parts: Vec<ReportingRates> = (0..n)
                    .map(|k| {
                        let mine: Vec<&String> = ids.iter().skip(k).step_by(n).collect();
                        ds.for_reporters(&mine)
                            .unwrap()
                            .reporting_rates(as_of, window)
                    })
                    .collect();
                assert_eq!(
                    ReportingRates::merge(&parts).unwrap(),
                    expected,
                    "{n} parts"
                );
                // Leave the last part out: the dataset counts its reporters itself.
                let some = &parts[..n.saturating_sub(1).max(1)];
                assert_eq!(
                    ds.merge_reporting_rates(some).unwrap(),
                    expected,
                    "{n} parts, one left to the merge"
                );
            }
        }
    }

    #[test]
    fn a_narrowed_dataset_finds_the_missing_reports_of_its_reporters_only() {
        let ds = nsp();
        let as_of = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        let rules = crate::RuleSet::load_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/nsp-2019-2023"
        ))
        .unwrap();
        let all = ds.evaluate(&rules, as_of);
        let kampot = ds
            .for_reporters(&["pcct-kampot"])
            .unwrap()
            .evaluate(&rules, as_of);
        let of_kampot = |ev: &crate::Evaluation| -> Vec<String> {
            ev.findings
                .iter()
                .filter(|f| f.rule == "missing_report" || f.rule == "late_report")
                .filter(|f| f.subject.id == "pcct-kampot")
                .map(|f| f.id)
                .collect()
        };
        let mine = of_kampot(&kampot);
        assert!(!mine.is_empty());
        assert_eq!(mine, of_kampot(&all));
        let others = kampot
            .findings
            .iter()
            .filter(|f| f.rule == "missing_report" && f.subject.id != "pcct-kampot")
            .count();
        assert_eq!(others, 0);
    }

    #[test]
    fn overlapping_and_mismatched_parts_are_refused_by_name() {
        let ds = nsp();
        let as_of = NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
        let w = Window::whole_plan();
        let a = ds
            .for_reporters(&["pcct-kampot", "pcct-kep"])
            .unwrap()
            .reporting_rates(as_of, w);
        let b = ds
            .for_reporters(&["pcct-kep"])
            .unwrap()
            .reporting_rates(as_of, w);
        let e = ReportingRates::merge(&[a.clone(), b]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        assert!(
            e.to_string()
                .contains("reporter `pcct-kep` is counted in parts 0 and 1"),
            "{e}"
        );
        let later = ds
            .for_reporters(&["pcct-kandal"])
            .unwrap()
            .reporting_rates(NaiveDate::from_ymd_opt(2021, 7, 31).unwrap(), w);
        let e = ReportingRates::merge(&[a, later]).unwrap_err();
        assert!(
            e.to_string().contains("parts[1].as_of, from and until"),
            "{e}"
        );
        assert!(ReportingRates::merge(&[]).is_err());
        let e = ds.for_reporters(&["pcct-kampot", "nobody"]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownReference);
        assert!(
            e.to_string().contains("reporters[1]") && e.to_string().contains("`nobody`"),
            "{e}"
        );
    }
}
