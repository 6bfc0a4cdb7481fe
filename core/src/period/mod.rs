//! Reporting periods: monthly, quarterly, semi-annual, 10-month and annual, on a fiscal
//! calendar whose year may start in any month.
//!
//! # Period ids
//!
//! | type          | id        | covers (fiscal year = calendar year)      |
//! |---------------|-----------|-------------------------------------------|
//! | `monthly`     | `2019-03` | the calendar month March 2019             |
//! | `quarterly`   | `2019Q1`  | the first quarter of fiscal year 2019     |
//! | `semi_annual` | `2019S2`  | the second half of fiscal year 2019       |
//! | `ten_month`   | `2019T10` | the first ten months of fiscal year 2019  |
//! | `annual`      | `2019`    | fiscal year 2019                          |
//!
//! A fiscal year is named after the calendar year in which it starts: with a fiscal year
//! starting in July, `2019` runs from 2019-07-01 to 2020-06-30 and `2019Q1` is
//! July-September 2019. Monthly ids always name the calendar month.
//!
//! A period's *due date* is its last day plus the obligation's grace days.
//!
//! ```
//! use planwatch::{FiscalCalendar, Period, PeriodType};
//! use chrono::NaiveDate;
//!
//! let cal = FiscalCalendar::default();
//! let t10 = Period::parse("2019T10", cal).unwrap();
//! assert_eq!(t10.period_type(), PeriodType::TenMonth);
//! assert_eq!(t10.end(), NaiveDate::from_ymd_opt(2019, 10, 31).unwrap());
//! assert_eq!(t10.due(15), NaiveDate::from_ymd_opt(2019, 11, 15).unwrap());
//! ```

mod calendar;
mod period_type;

pub use calendar::FiscalCalendar;
pub use period_type::PeriodType;

use chrono::{Datelike, Days, NaiveDate};
use std::cmp::Ordering;
use std::fmt;

/// One reporting period: its type, the fiscal (or, for months, calendar) year, its index
/// within the year, and its first and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    period_type: PeriodType,
    year: i32,
    index: u8,
    start: NaiveDate,
    end: NaiveDate,
}

/// The first day of the month `months` after January of `year` (months may exceed 12).
fn month_start(year: i32, month0: i32) -> Option<NaiveDate> {
    let y = year + month0.div_euclid(12);
    let m = month0.rem_euclid(12) as u32 + 1;
    NaiveDate::from_ymd_opt(y, m, 1)
}

impl Period {
    /// The period of `period_type` with number `index` (1-based: month 1-12, quarter 1-4,
    /// half 1-2, and 1 for 10-month and annual periods) in `year`, on `calendar`.
    ///
    /// `None` when the index is out of range for the type or the year is outside 1-9999.
    pub fn new(
        period_type: PeriodType,
        year: i32,
        index: u8,
        calendar: FiscalCalendar,
    ) -> Option<Period> {
        if !(1..=9999).contains(&year) || index == 0 || index > period_type.per_year() {
            return None;
        }
        let (first_month0, months) = match period_type {
            PeriodType::Monthly => (i32::from(index) - 1, 1),
            other => {
                let fy0 = calendar.start_month() as i32 - 1;
                let len = other.months();
                (fy0 + (i32::from(index) - 1) * len, len)
            }
        };
        let start = month_start(year, first_month0)?;
        let end = month_start(year, first_month0 + months)?.pred_opt()?;
        Some(Period {
            period_type,
            year,
            index,
            start,
            end,
        })
    }

    /// The period of `period_type` that contains `date`.
    ///
    /// For 10-month periods, dates in the last two months of a fiscal year belong to no
    /// period and give `None`.
    ///
    /// ```
    /// use planwatch::{FiscalCalendar, Period, PeriodType};
    /// let cal = FiscalCalendar::new(7).unwrap();
    /// let d = chrono::NaiveDate::from_ymd_opt(2020, 2, 14).unwrap();
    /// assert_eq!(Period::containing(PeriodType::Quarterly, d, cal).unwrap().id(), "2019Q3");
    /// ```
    pub fn containing(
        period_type: PeriodType,
        date: NaiveDate,
        calendar: FiscalCalendar,
    ) -> Option<Period> {
        if period_type == PeriodType::Monthly {
            return Period::new(period_type, date.year(), date.month() as u8, calendar);
        }
        let (fy, month_in_fy0) = calendar.fiscal_position(date);
        let index = month_in_fy0 / period_type.months() as u32 + 1;
        Period::new(period_type, fy, u8::try_from(index).ok()?, calendar)
    }

    /// Parses a period id (see the [module docs](self)) on `calendar`.
    ///
    /// ```
    /// use planwatch::{FiscalCalendar, Period};
    /// let p = Period::parse("2021Q2", FiscalCalendar::default()).unwrap();
    /// assert_eq!(p.start().to_string(), "2021-04-01");
    /// assert!(Period::parse("2021Q5", FiscalCalendar::default()).is_err());
    /// ```
    pub fn parse(id: &str, calendar: FiscalCalendar) -> Result<Period, String> {
        let bad = || {
            format!(
                "`{id}` is not a period id (expected `2019`, `2019-03`, `2019Q1`, `2019S1` or `2019T10`)"
            )
        };
        let id_trim = id.as_bytes();
        if id_trim.len() < 4 || !id_trim[..4].iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        let year: i32 = id[..4].parse().map_err(|_| bad())?;
        let rest = &id[4..];
        let (period_type, index) = if rest.is_empty() {
            (PeriodType::Annual, 1)
        } else if let Some(m) = rest.strip_prefix('-') {
            // Two ASCII digits: `u8::from_str` alone would also take `+1`.
            if m.len() != 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            (PeriodType::Monthly, m.parse::<u8>().map_err(|_| bad())?)
        } else if let Some(q) = rest.strip_prefix('Q') {
            (PeriodType::Quarterly, one_digit(q).ok_or_else(bad)?)
        } else if let Some(s) = rest.strip_prefix('S') {
            (PeriodType::SemiAnnual, one_digit(s).ok_or_else(bad)?)
        } else if rest == "T10" {
            (PeriodType::TenMonth, 1)
        } else {
            return Err(bad());
        };
        Period::new(period_type, year, index, calendar).ok_or_else(bad)
    }

    /// Parses a period id and checks it is of `expected` type.
    pub fn parse_as(
        id: &str,
        expected: PeriodType,
        calendar: FiscalCalendar,
    ) -> Result<Period, String> {
        Period::parse(id, calendar)?.of_type(id, expected)
    }

    /// This period if it is of type `expected`, else the error [`Period::parse_as`] gives
    /// for its id `id`.
    pub(crate) fn of_type(self, id: &str, expected: PeriodType) -> Result<Period, String> {
        if self.period_type != expected {
            return Err(format!(
                "`{id}` is a {} period, expected a {} one",
                self.period_type, expected
            ));
        }
        Ok(self)
    }

    /// All periods of `period_type` whose last day lies in `from..=until`, in order.
    ///
    /// ```
    /// use planwatch::{FiscalCalendar, Period, PeriodType};
    /// use chrono::NaiveDate;
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let q = Period::ending_between(PeriodType::Quarterly, d(2019, 1, 1), d(2023, 12, 31),
    ///     FiscalCalendar::default());
    /// assert_eq!(q.len(), 20);
    /// ```
    pub fn ending_between(
        period_type: PeriodType,
        from: NaiveDate,
        until: NaiveDate,
        calendar: FiscalCalendar,
    ) -> Vec<Period> {
        let mut out = Vec::new();
        let Some(mut p) = Period::containing_or_next(period_type, from, calendar) else {
            return out;
        };
        if p.end < from {
            match p.next(calendar) {
                Some(n) => p = n,
                None => return out,
            }
        }
        while p.end <= until {
            out.push(p);
            match p.next(calendar) {
                Some(n) => p = n,
                None => break,
            }
        }
        out
    }

    fn containing_or_next(
        period_type: PeriodType,
        date: NaiveDate,
        calendar: FiscalCalendar,
    ) -> Option<Period> {
        Period::containing(period_type, date, calendar).or_else(|| {
            // Only 10-month periods leave gaps: the next one starts the next fiscal year.
            let (fy, _) = calendar.fiscal_position(date);
            Period::new(period_type, fy + 1, 1, calendar)
        })
    }

    /// The period of the same type that follows this one.
    pub fn next(&self, calendar: FiscalCalendar) -> Option<Period> {
        if self.index < self.period_type.per_year() {
            Period::new(self.period_type, self.year, self.index + 1, calendar)
        } else {
            Period::new(self.period_type, self.year + 1, 1, calendar)
        }
    }

    /// The period of the same type before this one.
    ///
    /// ```
    /// use planwatch::{FiscalCalendar, Period};
    /// let cal = FiscalCalendar::default();
    /// let q1 = Period::parse("2021Q1", cal).unwrap();
    /// assert_eq!(q1.previous(cal).unwrap().id(), "2020Q4");
    /// let t10 = Period::parse("2021T10", cal).unwrap();
    /// assert_eq!(t10.previous(cal).unwrap().id(), "2020T10");
    /// ```
    pub fn previous(&self, calendar: FiscalCalendar) -> Option<Period> {
        if self.index > 1 {
            Period::new(self.period_type, self.year, self.index - 1, calendar)
        } else {
            let last = self.period_type.per_year();
            Period::new(self.period_type, self.year - 1, last, calendar)
        }
    }

    /// The period type.
    pub fn period_type(&self) -> PeriodType {
        self.period_type
    }

    /// The fiscal year (calendar year for monthly periods).
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The 1-based index within the year (month, quarter, half; 1 otherwise).
    pub fn index(&self) -> u8 {
        self.index
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// The last day plus `grace_days`: a report submitted on or before it is on time.
    pub fn due(&self, grace_days: u32) -> NaiveDate {
        self.end
            .checked_add_days(Days::new(u64::from(grace_days)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Whether `date` lies in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The period id, like `2019Q1`.
    pub fn id(&self) -> String {
        self.to_string()
    }
}

fn one_digit(s: &str) -> Option<u8> {
    match s.as_bytes() {
        [d] if d.is_ascii_digit() => Some(d - b'0'),
        _ => None,
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.period_type {
            PeriodType::Monthly => write!(f, "{:04}-{:02}", self.year, self.index),
            PeriodType::Quarterly => write!(f, "{:04}Q{}", self.year, self.index),
            PeriodType::SemiAnnual => write!(f, "{:04}S{}", self.year, self.index),
            PeriodType::TenMonth => write!(f, "{:04}T10", self.year),
            PeriodType::Annual => write!(f, "{:04}", self.year),
        }
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Periods order by start, then end, then type.
impl Ord for Period {
    fn cmp(&self, other: &Period) -> Ordering {
        (self.start, self.end, self.period_type).cmp(&(other.start, other.end, other.period_type))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_ids_are_two_digits() {
        // Found by fuzzing (fuzz/fuzz_targets/period.rs): `2019-+1` parsed as 2019-01.
        let cal = FiscalCalendar::default();
        for id in ["2019-+1", "2019- 1", "2019-1", "2019-001", "2019-1a"] {
            assert!(Period::parse(id, cal).is_err(), "{id}");
        }
        assert_eq!(Period::parse("2019-01", cal).unwrap().id(), "2019-01");
    }

    #[test]
    fn calendar_year_periods() {
        let cal = FiscalCalendar::default();
        let cases = [
            ("2019-03", d(2019, 3, 1), d(2019, 3, 31)),
            ("2020-02", d(2020, 2, 1), d(2020, 2, 29)),
            ("2019Q1", d(2019, 1, 1), d(2019, 3, 31)),
            ("2019Q4", d(2019, 10, 1), d(2019, 12, 31)),
            ("2019S1", d(2019, 1, 1), d(2019, 6, 30)),
            ("2019S2", d(2019, 7, 1), d(2019, 12, 31)),
            ("2019T10", d(2019, 1, 1), d(2019, 10, 31)),
            ("2019", d(2019, 1, 1), d(2019, 12, 31)),
        ];
        for (id, start, end) in cases {
            let p = Period::parse(id, cal).unwrap();
            assert_eq!((p.start(), p.end()), (start, end), "{id}");
            assert_eq!(p.id(), id);
        }
    }

    #[test]
    fn july_fiscal_year() {
        let cal = FiscalCalendar::new(7).unwrap();
        let cases = [
            ("2019Q1", d(2019, 7, 1), d(2019, 9, 30)),
            ("2019Q3", d(2020, 1, 1), d(2020, 3, 31)),
            ("2019S2", d(2020, 1, 1), d(2020, 6, 30)),
            ("2019T10", d(2019, 7, 1), d(2020, 4, 30)),
            ("2019", d(2019, 7, 1), d(2020, 6, 30)),
            ("2019-07", d(2019, 7, 1), d(2019, 7, 31)),
        ];
        for (id, start, end) in cases {
            let p = Period::parse(id, cal).unwrap();
            assert_eq!((p.start(), p.end()), (start, end), "{id}");
        }
    }

    #[test]
    fn rejects_bad_ids() {
        let cal = FiscalCalendar::default();
        for id in [
            "",
            "19",
            "2019-13",
            "2019-00",
            "2019-3",
            "2019Q0",
            "2019Q5",
            "2019S3",
            "2019T9",
            "2019X1",
            "abcd",
            "2019Q12",
            "0000",
            "２０１９",
        ] {
            assert!(Period::parse(id, cal).is_err(), "{id}");
        }
    }

    #[test]
    fn counts_over_the_nsp_years() {
        let cal = FiscalCalendar::default();
        let n = |t| Period::ending_between(t, d(2019, 1, 1), d(2023, 12, 31), cal).len();
        assert_eq!(n(PeriodType::Monthly), 60);
        assert_eq!(n(PeriodType::Quarterly), 20);
        assert_eq!(n(PeriodType::SemiAnnual), 10);
        assert_eq!(n(PeriodType::TenMonth), 5);
        assert_eq!(n(PeriodType::Annual), 5);
    }

    #[test]
    fn ten_month_gap_has_no_period() {
        let cal = FiscalCalendar::default();
        assert!(Period::containing(PeriodType::TenMonth, d(2019, 11, 5), cal).is_none());
        let from_gap =
            Period::ending_between(PeriodType::TenMonth, d(2019, 11, 5), d(2020, 12, 31), cal);
        assert_eq!(
            from_gap.iter().map(Period::id).collect::<Vec<_>>(),
            ["2020T10"]
        );
    }

    #[test]
    fn due_adds_grace_days() {
        let p = Period::parse("2019-01", FiscalCalendar::default()).unwrap();
        assert_eq!(p.due(0), d(2019, 1, 31));
        assert_eq!(p.due(10), d(2019, 2, 10));
    }

    proptest::proptest! {
        #[test]
        fn containing_contains_and_round_trips(
            days in 0i64..(365 * 30),
            start_month in 1u32..=12,
            t in 0usize..5,
        ) {
            let cal = FiscalCalendar::new(start_month).unwrap();
            let date = d(2000, 1, 1) + chrono::Duration::days(days);
            let pt = PeriodType::ALL[t];
            if let Some(p) = Period::containing(pt, date, cal) {
                proptest::prop_assert!(p.contains(date));
                proptest::prop_assert_eq!(Period::parse(&p.id(), cal).unwrap(), p);
                let n = p.next(cal).unwrap();
                proptest::prop_assert!(n.start() > p.end());
            } else {
                proptest::prop_assert_eq!(pt, PeriodType::TenMonth);
            }
        }
    }
}
