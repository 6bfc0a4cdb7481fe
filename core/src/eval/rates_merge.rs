//! [`ReportingRates::merge`]: the reporting rates of one plan whose submissions are split
//! into partitions, from the rates of each partition.

use super::rates::{OrganisationRate, PeriodRate, Rate, ReportingRates};
use crate::error::{Error, ErrorKind, Location};

impl ReportingRates {
    /// The rates of the whole from the rates of partitions of one plan's submissions
    /// (each computed with the whole plan and one partition's submissions, with the same
    /// as-of day and window): `expected` as in every part, `actual` and `on_time` summed,
    /// the ratios computed again.
    ///
    /// Fails, naming the part and the row, when the parts are not of one plan, day and
    /// window (their expected reports differ) or when they overlap (a report counted in
    /// two parts); an empty list is refused too.
    ///
    /// ```
    /// use planwatch::{eval::{ReportingRates, Window}, Dataset};
    /// use planwatch::tables::{Cell, Table, TableSet};
    /// let ds = Dataset::load_dir("../examples/nsp-2019-2023").unwrap();
    /// let as_of = chrono::NaiveDate::from_ymd_opt(2021, 6, 30).unwrap();
    /// // Split the submissions in two by reporter: the rates of the halves add up.
    /// let part = |first: bool| {
    ///     let mut t = Table::new("submissions", ["reporter", "report_type", "period", "submitted"]);
    ///     for s in &ds.monitoring().submissions {
    ///         if (s.reporter.as_str() < "m") == first {
    ///             let kind = serde_json::to_value(s.report_type).unwrap();
    ///             let row = [s.reporter.clone(), kind.as_str().unwrap().to_string(),
    ///                        s.period.clone(), s.submitted.to_string()];
    ///             t.push_row(row.map(Cell::text).to_vec());
    ///         }
    ///     }
    ///     let mut set = TableSet::new();
    ///     set.insert(t);
    ///     ds.with_monitoring_tables(&set).unwrap().reporting_rates(as_of, Window::whole_plan())
    /// };
    /// let merged = ReportingRates::merge(&[part(true), part(false)]).unwrap();
    /// assert_eq!(merged, ds.reporting_rates(as_of, Window::whole_plan()));
    /// ```
    ///
    /// # Why the merge is exact
    ///
    /// Every figure of [`ReportingRates`] is a count over the plan's distinct expected
    /// reports, each a (reporter, report type, period):
    ///
    /// - `expected` depends on the plan alone (obligations, reporters, periods, the window
    ///   and the as-of day), never on the submissions, so every partition counts the same
    ///   expected reports, and the merge takes them once (and refuses parts that differ).
    /// - `actual` and `on_time` of a report depend only on its own earliest submission. When
    ///   each report's submissions lie in one partition (the table is partitioned by
    ///   reporter, or by something finer that keeps a reporter's report of one period
    ///   together, such as province), a report is counted by the partition that holds its
    ///   submissions and by no other, so the counts of the whole are the sums of the counts
    ///   of the parts, in every breakdown (overall, by reporter, kind, type and period).
    ///
    /// A report whose submissions are split over two partitions would be counted twice: the
    /// merge refuses parts whose sums exceed what is expected, and the Python and Spark
    /// recipes group the submissions by reporter before counting.
    pub fn merge(parts: &[ReportingRates]) -> Result<ReportingRates, Error> {
        let Some((first, rest)) = parts.split_first() else {
            return Err(Error::new(
                ErrorKind::InvalidValue,
                "no reporting rates to merge",
                Location::path("parts"),
            ));
        };
        let mut whole = first.clone();
        for (i, part) in rest.iter().enumerate() {
            add_part(&mut whole, part, i + 1)?;
        }
        finish(&mut whole)?;
        Ok(whole)
    }
}

fn mismatch(part: usize, what: &str) -> Error {
    Error::new(
        ErrorKind::InvalidValue,
        format!("part {part} is not of the same plan, day and window as part 0 ({what} differ)"),
        Location::path(format!("parts[{part}].{what}")),
    )
}

fn add(whole: &mut Rate, part: &Rate, at: usize, what: &str) -> Result<(), Error> {
    if whole.expected != part.expected {
        return Err(mismatch(at, what));
    }
    whole.actual += part.actual;
    whole.on_time += part.on_time;
    Ok(())
}

fn add_part(whole: &mut ReportingRates, part: &ReportingRates, at: usize) -> Result<(), Error> {
    if (whole.as_of, whole.from, whole.until) != (part.as_of, part.from, part.until) {
        return Err(mismatch(at, "as_of, from and until"));
    }
    add(&mut whole.overall, &part.overall, at, "overall")?;
    zip_rows(
        &mut whole.by_reporter,
        &part.by_reporter,
        at,
        "by_reporter",
        |a, b| (a.id == b.id).then_some(()),
    )?;
    if whole.by_kind.len() != part.by_kind.len() || whole.by_type.len() != part.by_type.len() {
        return Err(mismatch(at, "by_kind and by_type"));
    }
    for (k, r) in &mut whole.by_kind {
        let other = part.by_kind.get(k).ok_or_else(|| mismatch(at, "by_kind"))?;
        add(r, other, at, &format!("by_kind.{k}"))?;
    }
    for (t, r) in &mut whole.by_type {
        let other = part.by_type.get(t).ok_or_else(|| mismatch(at, "by_type"))?;
        add(r, other, at, "by_type")?;
    }
    zip_rows(
        &mut whole.by_period,
        &part.by_period,
        at,
        "by_period",
        |a, b| (a.period == b.period && a.period_type == b.period_type).then_some(()),
    )
}

/// Rows that carry a rate: organisation and period rates.
trait HasRate {
    fn rate_mut(&mut self) -> &mut Rate;
    fn rate(&self) -> &Rate;
}

impl HasRate for OrganisationRate {
    fn rate_mut(&mut self) -> &mut Rate {
        &mut self.rate
    }
    fn rate(&self) -> &Rate {
        &self.rate
    }
}

impl HasRate for PeriodRate {
    fn rate_mut(&mut self) -> &mut Rate {
        &mut self.rate
    }
    fn rate(&self) -> &Rate {
        &self.rate
    }
}

fn zip_rows<T: HasRate>(
    whole: &mut [T],
    part: &[T],
    at: usize,
    what: &str,
    same: impl Fn(&T, &T) -> Option<()>,
) -> Result<(), Error> {
    if whole.len() != part.len() {
        return Err(mismatch(at, what));
    }
    for (j, (w, p)) in whole.iter_mut().zip(part).enumerate() {
        same(w, p).ok_or_else(|| mismatch(at, &format!("{what}[{j}]")))?;
        add(w.rate_mut(), p.rate(), at, &format!("{what}[{j}]"))?;
    }
    Ok(())
}

/// Recomputes every ratio, refusing counts above what is expected (overlapping parts).
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
                    "the parts overlap: {} reports counted where {} are expected (keep each reporter's submissions in one part)",
                    r.actual, r.expected
                ),
                Location::path(path),
            ));
        }
        *r = Rate::from_counts(r.expected, r.actual, r.on_time);
    }
    Ok(())
}
