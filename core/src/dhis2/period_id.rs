//! DHIS2 period ids and the planwatch periods they stand for ([`Dhis2Period`]).

use crate::period::{FiscalCalendar, Period, PeriodType};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::fmt;

/// The period types of DHIS2 that planwatch reads, by DHIS2's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dhis2PeriodType {
    /// A day: `20210615`.
    Daily,
    /// An ISO week, Monday to Sunday: `2021W5`.
    Weekly,
    /// A week starting on Wednesday: `2021WedW5`.
    WeeklyWednesday,
    /// A week starting on Thursday: `2021ThuW5`.
    WeeklyThursday,
    /// A week starting on Saturday: `2021SatW5`.
    WeeklySaturday,
    /// A week starting on Sunday: `2021SunW5`.
    WeeklySunday,
    /// Two ISO weeks: `2021BiW3` (weeks 5 and 6).
    BiWeekly,
    /// A calendar month: `202106`.
    Monthly,
    /// Two calendar months: `202103B` (May-June).
    BiMonthly,
    /// A calendar quarter: `2021Q2` (April-June).
    Quarterly,
    /// A calendar half year: `2021S1` (January-June).
    SixMonthly,
    /// A half year from April or October: `2021AprilS1` (April-September 2021).
    SixMonthlyApril,
    /// A calendar year: `2021`.
    Yearly,
    /// A financial year from April: `2021April` (April 2021 - March 2022).
    FinancialApril,
    /// A financial year from July: `2021July` (July 2021 - June 2022).
    FinancialJuly,
    /// A financial year from October: `2021Oct` (October 2021 - September 2022).
    FinancialOct,
    /// A financial year from November: `2021Nov` (November 2021 - October 2022).
    FinancialNov,
}

/// The financial years: their id suffix and first month.
const FINANCIAL: [(&str, u32, Dhis2PeriodType); 4] = [
    ("April", 4, Dhis2PeriodType::FinancialApril),
    ("July", 7, Dhis2PeriodType::FinancialJuly),
    ("Oct", 10, Dhis2PeriodType::FinancialOct),
    ("Nov", 11, Dhis2PeriodType::FinancialNov),
];

/// The weeks: their id infix and first day.
const WEEKS: [(&str, Weekday, Dhis2PeriodType); 5] = [
    ("W", Weekday::Mon, Dhis2PeriodType::Weekly),
    ("WedW", Weekday::Wed, Dhis2PeriodType::WeeklyWednesday),
    ("ThuW", Weekday::Thu, Dhis2PeriodType::WeeklyThursday),
    ("SatW", Weekday::Sat, Dhis2PeriodType::WeeklySaturday),
    ("SunW", Weekday::Sun, Dhis2PeriodType::WeeklySunday),
];

impl Dhis2PeriodType {
    /// DHIS2's name of the type (`Weekly`, `FinancialJuly`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Dhis2PeriodType::Daily => "Daily",
            Dhis2PeriodType::Weekly => "Weekly",
            Dhis2PeriodType::WeeklyWednesday => "WeeklyWednesday",
            Dhis2PeriodType::WeeklyThursday => "WeeklyThursday",
            Dhis2PeriodType::WeeklySaturday => "WeeklySaturday",
            Dhis2PeriodType::WeeklySunday => "WeeklySunday",
            Dhis2PeriodType::BiWeekly => "BiWeekly",
            Dhis2PeriodType::Monthly => "Monthly",
            Dhis2PeriodType::BiMonthly => "BiMonthly",
            Dhis2PeriodType::Quarterly => "Quarterly",
            Dhis2PeriodType::SixMonthly => "SixMonthly",
            Dhis2PeriodType::SixMonthlyApril => "SixMonthlyApril",
            Dhis2PeriodType::Yearly => "Yearly",
            Dhis2PeriodType::FinancialApril => "FinancialApril",
            Dhis2PeriodType::FinancialJuly => "FinancialJuly",
            Dhis2PeriodType::FinancialOct => "FinancialOct",
            Dhis2PeriodType::FinancialNov => "FinancialNov",
        }
    }

    /// The type as a noun phrase, for messages (`a weekly period`, `a financial year
    /// from july`).
    fn words(self) -> &'static str {
        match self {
            Dhis2PeriodType::Daily => "a day",
            Dhis2PeriodType::Weekly => "a weekly period",
            Dhis2PeriodType::WeeklyWednesday => "a weekly period from wednesday",
            Dhis2PeriodType::WeeklyThursday => "a weekly period from thursday",
            Dhis2PeriodType::WeeklySaturday => "a weekly period from saturday",
            Dhis2PeriodType::WeeklySunday => "a weekly period from sunday",
            Dhis2PeriodType::BiWeekly => "a bi-weekly period",
            Dhis2PeriodType::Monthly => "a monthly period",
            Dhis2PeriodType::BiMonthly => "a bi-monthly period",
            Dhis2PeriodType::Quarterly => "a quarterly period",
            Dhis2PeriodType::SixMonthly => "a six-monthly period",
            Dhis2PeriodType::SixMonthlyApril => "a six-monthly period from april",
            Dhis2PeriodType::Yearly => "a yearly period",
            Dhis2PeriodType::FinancialApril => "a financial year from april",
            Dhis2PeriodType::FinancialJuly => "a financial year from july",
            Dhis2PeriodType::FinancialOct => "a financial year from october",
            Dhis2PeriodType::FinancialNov => "a financial year from november",
        }
    }
}

impl fmt::Display for Dhis2PeriodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A DHIS2 period: its id, type, and first and last day.
///
/// DHIS2 names a period by an id of its own format, one per period type: `20210615`
/// (daily), `2021W5` (ISO week; `2021WedW5`, `2021ThuW5`, `2021SatW5` and `2021SunW5` for
/// weeks starting on other days), `2021BiW3` (two weeks), `202106` (month), `202103B`
/// (the third two-month period, May-June), `2021Q2` (calendar quarter), `2021S1`
/// (January-June), `2021AprilS1` (April-September), `2021` (calendar year) and
/// `2021April`, `2021July`, `2021Oct`, `2021Nov` (financial years starting in that
/// month of 2021). [`Dhis2Period::parse`] reads each of them as its first and last day.
///
/// A DHIS2 period is a planwatch period when both cover exactly the same days on the
/// plan's fiscal calendar ([`Dhis2Period::to_period`]): with calendar fiscal years,
/// `202106` is `2021-06`, `2021Q2` is `2021Q2`, `2021S1` is `2021S1` and `2021` is `2021`;
/// with a fiscal year from July, `2021July` is `2021`, `2021Q3` is `2021Q1` and `2021S2`
/// is `2021S1`. DHIS2 has no 10-month period type: a 10-month report is kept in DHIS2
/// under its fiscal year (`2021`, or `2021July` for a fiscal year from July), which a
/// `ten_month` report type reads as that year's 10-month period (`2021T10`). Days, weeks,
/// bi-weeks and bi-months are no planwatch period: they give an
/// [`InvalidPeriod`](crate::ErrorKind::InvalidPeriod) error where they are read.
///
/// ```
/// use planwatch::dhis2::Dhis2Period;
/// use planwatch::{FiscalCalendar, PeriodType};
///
/// let cal = FiscalCalendar::default();
/// let june = Dhis2Period::parse("202106").unwrap();
/// assert_eq!(june.to_period(PeriodType::Monthly, cal).unwrap().id(), "2021-06");
/// let week = Dhis2Period::parse("2021W5").unwrap();
/// assert_eq!(week.start().to_string(), "2021-02-01");
/// let e = week.to_period(PeriodType::Monthly, cal).unwrap_err();
/// assert!(e.starts_with("`2021W5` is a weekly period (2021-02-01 to 2021-02-07), not a monthly one"));
/// let july = FiscalCalendar::new(7).unwrap();
/// let fy = Dhis2Period::parse("2021July").unwrap();
/// assert_eq!(fy.to_period(PeriodType::TenMonth, july).unwrap().id(), "2021T10");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Dhis2Period {
    id: String,
    period_type: Dhis2PeriodType,
    start: NaiveDate,
    end: NaiveDate,
}

/// The first day of month `month0` (0-based, may exceed 11) after January of `year`.
fn month_start(year: i32, month0: u32) -> Option<NaiveDate> {
    let y = year.checked_add(i32::try_from(month0 / 12).ok()?)?;
    NaiveDate::from_ymd_opt(y, month0 % 12 + 1, 1)
}

/// The `months` months from the first day of month `month0` of `year`.
fn months(year: i32, month0: u32, months: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = month_start(year, month0)?;
    let end = month_start(year, month0 + months)?.pred_opt()?;
    Some((start, end))
}

/// The first day of week 1 of `year` for weeks starting on `first`: the latest such day on
/// or before 4 January, so that week 1 has at least four days in the year (ISO 8601 for
/// Monday weeks).
fn week_one(year: i32, first: Weekday) -> Option<NaiveDate> {
    let jan4 = NaiveDate::from_ymd_opt(year, 1, 4)?;
    let back = (7 + jan4.weekday().num_days_from_monday() - first.num_days_from_monday()) % 7;
    jan4.checked_sub_days(Days::new(u64::from(back)))
}

/// `days` days from the first day of week `n` (1-based) of `year`, when that week starts
/// within the year's weeks.
fn weeks(year: i32, first: Weekday, n: u32, days: u64) -> Option<(NaiveDate, NaiveDate)> {
    let one = week_one(year, first)?;
    let next_one = week_one(year.checked_add(1)?, first)?;
    let start = one.checked_add_days(Days::new(u64::from(n.checked_sub(1)?) * days))?;
    (start < next_one).then_some(())?;
    Some((start, start.checked_add_days(Days::new(days - 1))?))
}

/// A number of 1 or 2 ASCII digits without sign or leading zero, in `1..=max`.
fn small(text: &str, max: u32) -> Option<u32> {
    let b = text.as_bytes();
    let ok = matches!(b.len(), 1 | 2) && b.iter().all(u8::is_ascii_digit) && b[0] != b'0';
    ok.then(|| text.parse().ok())
        .flatten()
        .filter(|n| (1..=max).contains(n))
}

/// Exactly `len` ASCII digits, as a number.
fn digits(text: &str, len: usize) -> Option<u32> {
    (text.len() == len && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

impl Dhis2Period {
    /// Reads a DHIS2 period id (see [`Dhis2Period`]); the message says what is
    /// wrong otherwise.
    ///
    /// ```
    /// use planwatch::dhis2::{Dhis2Period, Dhis2PeriodType};
    /// let q = Dhis2Period::parse("2021Q2").unwrap();
    /// assert_eq!(q.period_type(), Dhis2PeriodType::Quarterly);
    /// assert_eq!((q.start().to_string(), q.end().to_string()), ("2021-04-01".into(), "2021-06-30".into()));
    /// assert!(Dhis2Period::parse("2021-06").is_err());
    /// ```
    pub fn parse(id: &str) -> Result<Dhis2Period, String> {
        let parsed = Dhis2Period::read(id);
        parsed
            .map(|(period_type, (start, end))| Dhis2Period {
                id: id.to_string(),
                period_type,
                start,
                end,
            })
            .ok_or_else(|| {
                let shown: String = id.chars().take(40).flat_map(char::escape_debug).collect();
                format!(
                    "`{shown}` is not a dhis2 period id (expected one like `202106`, `2021Q2`, `2021S1`, `2021`, `2021July` or `2021W5`)"
                )
            })
    }

    fn read(id: &str) -> Option<(Dhis2PeriodType, (NaiveDate, NaiveDate))> {
        let year = i32::try_from(digits(id.get(..4)?, 4)?).ok()?;
        if year == 0 {
            return None;
        }
        let rest = &id[4..];
        use Dhis2PeriodType as T;
        if rest.is_empty() {
            return Some((T::Yearly, months(year, 0, 12)?));
        }
        if let Some(month) = digits(rest, 2) {
            return Some((T::Monthly, months(year, month.checked_sub(1)?, 1)?))
                .filter(|_| month <= 12);
        }
        if let Some(mmdd) = digits(rest, 4) {
            let day = NaiveDate::from_ymd_opt(year, mmdd / 100, mmdd % 100)?;
            return Some((T::Daily, (day, day)));
        }
        if let Some(b) = rest.strip_suffix('B').and_then(|b| digits(b, 2)) {
            let n = Some(b).filter(|n| (1..=6).contains(n))?;
            return Some((T::BiMonthly, months(year, (n - 1) * 2, 2)?));
        }
        if let Some(n) = rest.strip_prefix('Q').and_then(|q| small(q, 4)) {
            return Some((T::Quarterly, months(year, (n - 1) * 3, 3)?));
        }
        if let Some(n) = rest.strip_prefix('S').and_then(|s| small(s, 2)) {
            return Some((T::SixMonthly, months(year, (n - 1) * 6, 6)?));
        }
        if let Some(n) = rest.strip_prefix("AprilS").and_then(|s| small(s, 2)) {
            return Some((T::SixMonthlyApril, months(year, 3 + (n - 1) * 6, 6)?));
        }
        if let Some(n) = rest.strip_prefix("BiW").and_then(|w| small(w, 27)) {
            return Some((T::BiWeekly, weeks(year, Weekday::Mon, n, 14)?));
        }
        for (infix, first, t) in WEEKS {
            if let Some(n) = rest.strip_prefix(infix).and_then(|w| small(w, 53)) {
                return Some((t, weeks(year, first, n, 7)?));
            }
        }
        let (_, month, t) = FINANCIAL.into_iter().find(|(s, _, _)| *s == rest)?;
        Some((t, months(year, month - 1, 12)?))
    }

    /// The id, as DHIS2 wrote it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The DHIS2 period type.
    pub fn period_type(&self) -> Dhis2PeriodType {
        self.period_type
    }

    /// The first day.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// The planwatch period of `report_type` on `calendar` that covers exactly the same
    /// days, or for a `ten_month` report type the 10-month period of the fiscal year this
    /// period is; a message saying why not otherwise (the DHIS2 id that would fit, where
    /// there is one).
    pub fn to_period(
        &self,
        report_type: PeriodType,
        calendar: FiscalCalendar,
    ) -> Result<Period, String> {
        let covers = if report_type == PeriodType::TenMonth {
            PeriodType::Annual
        } else {
            report_type
        };
        let found = Period::containing(covers, self.start, calendar)
            .filter(|p| p.start() == self.start && p.end() == self.end);
        let period = match found {
            Some(year) if report_type == PeriodType::TenMonth => {
                Period::new(PeriodType::TenMonth, year.year(), 1, calendar)
            }
            found => found,
        };
        period.ok_or_else(|| self.misfit(report_type, calendar))
    }

    fn misfit(&self, report_type: PeriodType, calendar: FiscalCalendar) -> String {
        let mut message = format!(
            "`{}` is {} ({} to {}), not {} {report_type} one",
            self.id,
            self.period_type.words(),
            self.start,
            self.end,
            article(report_type.name()),
        );
        let covers = if report_type == PeriodType::TenMonth {
            PeriodType::Annual
        } else {
            report_type
        };
        let near = Period::containing(covers, self.start, calendar);
        match near.and_then(|p| dhis2_id(&p)) {
            Some(id) if report_type == PeriodType::TenMonth => message.push_str(&format!(
                "; dhis2 keeps a 10-month report under its fiscal year, like `{id}`"
            )),
            Some(id) => message.push_str(&format!(
                "; the {report_type} period holding {} is `{id}` in dhis2",
                self.start
            )),
            None => message.push_str(&format!(
                "; dhis2 has no period type for {report_type} periods of a fiscal year from month {}",
                calendar.start_month()
            )),
        }
        message
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// The DHIS2 id of a planwatch period, when DHIS2 has a period type for it: `2021-06` is
/// `202106`, `2021Q2` (calendar fiscal years) `2021Q2`, an annual period of a fiscal year
/// from July `2021July`, a 10-month period the id of its fiscal year.
///
/// ```
/// use planwatch::{dhis2, FiscalCalendar, Period};
/// let july = FiscalCalendar::new(7).unwrap();
/// let q1 = Period::parse("2021Q1", july).unwrap();
/// assert_eq!(dhis2::dhis2_id(&q1).as_deref(), Some("2021Q3"));
/// let march = FiscalCalendar::new(3).unwrap();
/// assert_eq!(dhis2::dhis2_id(&Period::parse("2021", march).unwrap()), None);
/// ```
pub fn dhis2_id(period: &Period) -> Option<String> {
    let start = period.start();
    let (y, m) = (start.year(), start.month());
    let months = match period.period_type() {
        PeriodType::TenMonth => 12,
        t => t.months(),
    };
    match (months, m) {
        (1, _) => Some(format!("{y:04}{m:02}")),
        (3, 1 | 4 | 7 | 10) => Some(format!("{y:04}Q{}", (m - 1) / 3 + 1)),
        (6, 1 | 7) => Some(format!("{y:04}S{}", (m - 1) / 6 + 1)),
        (6, 4 | 10) => Some(format!("{y:04}AprilS{}", (m - 4) / 6 + 1)),
        (12, 1) => Some(format!("{y:04}")),
        (12, _) => FINANCIAL
            .iter()
            .find(|(_, first, _)| *first == m)
            .map(|(suffix, _, _)| format!("{y:04}{suffix}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_dhis2_period_type_reads_as_its_days() {
        use Dhis2PeriodType as T;
        let cases = [
            ("20210615", T::Daily, d(2021, 6, 15), d(2021, 6, 15)),
            ("2021W5", T::Weekly, d(2021, 2, 1), d(2021, 2, 7)),
            ("2021W1", T::Weekly, d(2021, 1, 4), d(2021, 1, 10)),
            ("2020W1", T::Weekly, d(2019, 12, 30), d(2020, 1, 5)),
            ("2020W53", T::Weekly, d(2020, 12, 28), d(2021, 1, 3)),
            (
                "2021WedW1",
                T::WeeklyWednesday,
                d(2020, 12, 30),
                d(2021, 1, 5),
            ),
            (
                "2021ThuW1",
                T::WeeklyThursday,
                d(2020, 12, 31),
                d(2021, 1, 6),
            ),
            ("2021SatW1", T::WeeklySaturday, d(2021, 1, 2), d(2021, 1, 8)),
            ("2021SunW1", T::WeeklySunday, d(2021, 1, 3), d(2021, 1, 9)),
            ("2021BiW3", T::BiWeekly, d(2021, 2, 1), d(2021, 2, 14)),
            ("202106", T::Monthly, d(2021, 6, 1), d(2021, 6, 30)),
            ("202402", T::Monthly, d(2024, 2, 1), d(2024, 2, 29)),
            ("202103B", T::BiMonthly, d(2021, 5, 1), d(2021, 6, 30)),
            ("2021Q2", T::Quarterly, d(2021, 4, 1), d(2021, 6, 30)),
            ("2021S1", T::SixMonthly, d(2021, 1, 1), d(2021, 6, 30)),
            ("2021S2", T::SixMonthly, d(2021, 7, 1), d(2021, 12, 31)),
            (
                "2021AprilS2",
                T::SixMonthlyApril,
                d(2021, 10, 1),
                d(2022, 3, 31),
            ),
            ("2021", T::Yearly, d(2021, 1, 1), d(2021, 12, 31)),
            (
                "2021April",
                T::FinancialApril,
                d(2021, 4, 1),
                d(2022, 3, 31),
            ),
            ("2021July", T::FinancialJuly, d(2021, 7, 1), d(2022, 6, 30)),
            ("2021Oct", T::FinancialOct, d(2021, 10, 1), d(2022, 9, 30)),
            ("2021Nov", T::FinancialNov, d(2021, 11, 1), d(2022, 10, 31)),
        ];
        for (id, t, start, end) in cases {
            let p = Dhis2Period::parse(id).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(
                (p.period_type(), p.start(), p.end()),
                (t, start, end),
                "{id}"
            );
            assert_eq!(p.id(), id);
        }
    }

    #[test]
    fn malformed_ids_are_refused_with_a_message() {
        for id in [
            "",
            "21",
            "0000",
            "2021-06",
            "202113",
            "202100",
            "2021Q0",
            "2021Q5",
            "2021Q01",
            "2021S3",
            "2021W0",
            "2021W54",
            "2021W+5",
            "2021W05",
            "2021W53",
            "20210230",
            "202107B",
            "2021july",
            "2021T10",
            "2021Jul",
            "２０２１",
            "2021Q2 ",
            " 2021",
        ] {
            let e = Dhis2Period::parse(id).unwrap_err();
            assert!(
                e.contains("is not a dhis2 period id (expected one like `202106`"),
                "{id}: {e}"
            );
        }
    }

    /// The data-driven table of the brief: per report type, which DHIS2 ids fit (and as
    /// which planwatch period) and which do not, on calendar fiscal years and on fiscal
    /// years from July.
    #[test]
    fn period_ids_against_each_report_type() {
        use PeriodType::*;
        let jan = FiscalCalendar::default();
        let july = FiscalCalendar::new(7).unwrap();
        // (calendar, report type, dhis2 id, planwatch id or None when it does not fit)
        let table: &[(FiscalCalendar, PeriodType, &str, Option<&str>)] = &[
            (jan, Monthly, "202106", Some("2021-06")),
            (jan, Monthly, "202112", Some("2021-12")),
            (jan, Monthly, "2021W5", None),
            (jan, Monthly, "20210601", None),
            (jan, Monthly, "202103B", None),
            (jan, Monthly, "2021Q2", None),
            (jan, Quarterly, "2021Q2", Some("2021Q2")),
            (jan, Quarterly, "202106", None),
            (jan, Quarterly, "2021S1", None),
            (july, Quarterly, "2021Q3", Some("2021Q1")),
            (july, Quarterly, "2022Q2", Some("2021Q4")),
            (jan, SemiAnnual, "2021S1", Some("2021S1")),
            (jan, SemiAnnual, "2021AprilS1", None),
            (july, SemiAnnual, "2021S2", Some("2021S1")),
            (
                FiscalCalendar::new(4).unwrap(),
                SemiAnnual,
                "2021AprilS2",
                Some("2021S2"),
            ),
            (jan, Annual, "2021", Some("2021")),
            (jan, Annual, "2021July", None),
            (jan, Annual, "2021Q4", None),
            (july, Annual, "2021July", Some("2021")),
            (july, Annual, "2021", None),
            (
                FiscalCalendar::new(4).unwrap(),
                Annual,
                "2021April",
                Some("2021"),
            ),
            (
                FiscalCalendar::new(10).unwrap(),
                Annual,
                "2020Oct",
                Some("2020"),
            ),
            (
                FiscalCalendar::new(11).unwrap(),
                Annual,
                "2020Nov",
                Some("2020"),
            ),
            (jan, TenMonth, "2021", Some("2021T10")),
            (jan, TenMonth, "202110", None),
            (jan, TenMonth, "2021Q4", None),
            (july, TenMonth, "2021July", Some("2021T10")),
            (july, TenMonth, "2021", None),
            (jan, Annual, "2021W52", None),
        ];
        for &(cal, t, id, expected) in table {
            let got = Dhis2Period::parse(id).unwrap().to_period(t, cal);
            match expected {
                Some(p) => assert_eq!(got.as_ref().map(Period::id), Ok(p.to_string()), "{t} {id}"),
                None => {
                    let e = got.unwrap_err();
                    assert!(e.starts_with(&format!("`{id}` is a")), "{t} {id}: {e}");
                    assert!(
                        e.contains(&format!("not a {t} one"))
                            || e.contains(&format!("not an {t} one")),
                        "{t} {id}: {e}"
                    );
                }
            }
        }
    }

    #[test]
    fn misfits_say_which_id_would_fit() {
        let jan = FiscalCalendar::default();
        let p = |id: &str| Dhis2Period::parse(id).unwrap();
        assert_eq!(
            p("2021W5").to_period(PeriodType::Monthly, jan).unwrap_err(),
            "`2021W5` is a weekly period (2021-02-01 to 2021-02-07), not a monthly one; the monthly period holding 2021-02-01 is `202102` in dhis2"
        );
        assert_eq!(
            p("2021Q4").to_period(PeriodType::TenMonth, jan).unwrap_err(),
            "`2021Q4` is a quarterly period (2021-10-01 to 2021-12-31), not a ten_month one; dhis2 keeps a 10-month report under its fiscal year, like `2021`"
        );
        assert_eq!(
            p("2021").to_period(PeriodType::Annual, FiscalCalendar::new(7).unwrap()).unwrap_err(),
            "`2021` is a yearly period (2021-01-01 to 2021-12-31), not an annual one; the annual period holding 2021-01-01 is `2020July` in dhis2"
        );
        assert_eq!(
            p("2021").to_period(PeriodType::Annual, FiscalCalendar::new(3).unwrap()).unwrap_err(),
            "`2021` is a yearly period (2021-01-01 to 2021-12-31), not an annual one; dhis2 has no period type for annual periods of a fiscal year from month 3"
        );
    }

    #[test]
    fn every_planwatch_period_with_a_dhis2_id_reads_back_as_itself() {
        for month in 1..=12 {
            let cal = FiscalCalendar::new(month).unwrap();
            for t in PeriodType::ALL {
                let all = Period::ending_between(t, d(2019, 1, 1), d(2023, 12, 31), cal);
                for p in all {
                    let Some(id) = dhis2_id(&p) else { continue };
                    let back = Dhis2Period::parse(&id).unwrap().to_period(t, cal);
                    assert_eq!(back, Ok(p), "{month} {t} {id}");
                }
            }
        }
        // calendar years: every type has its dhis2 id
        let jan = FiscalCalendar::default();
        for t in PeriodType::ALL {
            let p = Period::containing(t, d(2021, 6, 1), jan).unwrap();
            assert!(dhis2_id(&p).is_some(), "{t}");
        }
    }
}
