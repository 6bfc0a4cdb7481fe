//! Period ids and period arithmetic: parse and print round-trip, containing, next,
//! ending_between and due days agree with each other.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use planwatch::chrono::{Datelike, NaiveDate};
use planwatch::{FiscalCalendar, Period, PeriodType};

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    id: &'a str,
    start_month: u8,
    type_index: u8,
    day: i32,
    span: u16,
    grace: u32,
}

fuzz_target!(|input: Input<'_>| {
    let Some(calendar) = FiscalCalendar::new(u32::from(input.start_month % 12) + 1) else {
        return;
    };
    if let Ok(p) = Period::parse(input.id, calendar) {
        assert_eq!(p.id(), input.id, "a parsed id prints as itself");
        assert!(p.start() <= p.end());
        assert!(p.contains(p.start()) && p.contains(p.end()));
        assert_eq!(Period::parse(&p.id(), calendar), Ok(p));
        assert!(Period::parse_as(input.id, p.period_type(), calendar).is_ok());
        assert!(p.due(input.grace) >= p.end());
        if let Some(n) = p.next(calendar) {
            assert!(n > p, "next follows");
            assert!(n.start() > p.end());
            assert_eq!(n.period_type(), p.period_type());
        }
        if p.period_type() != PeriodType::TenMonth {
            assert_eq!(
                Period::containing(p.period_type(), p.start(), calendar),
                Some(p)
            );
            assert_eq!(
                Period::containing(p.period_type(), p.end(), calendar),
                Some(p)
            );
        }
    }
    let period_type = PeriodType::ALL[usize::from(input.type_index) % PeriodType::ALL.len()];
    // Days from about year -100 to 10100: past both ends of the 1-9999 period range.
    let Some(from) = NaiveDate::from_num_days_from_ce_opt(input.day % 3_700_000) else {
        return;
    };
    if let Some(p) = Period::containing(period_type, from, calendar) {
        assert!(p.contains(from));
        assert_eq!(p.period_type(), period_type);
        assert!((1..=9999).contains(&p.year()));
    }
    let Some(until) = from.checked_add_days(planwatch::chrono::Days::new(u64::from(input.span)))
    else {
        return;
    };
    let periods = Period::ending_between(period_type, from, until, calendar);
    for pair in periods.windows(2) {
        assert_eq!(pair[0].next(calendar), Some(pair[1]), "consecutive");
    }
    for p in &periods {
        assert!(from <= p.end() && p.end() <= until);
        assert_eq!(p.period_type(), period_type);
    }
    // Nothing is left out: the period after the last one ends after `until`, the one
    // before the first (if any) ends before `from`.
    if let Some(last) = periods.last() {
        if let Some(n) = last.next(calendar) {
            assert!(n.end() > until);
        }
    } else if from.year() > 1 && from.year() < 9999 && until.year() < 9999 {
        // No period ends in the window: each period containing a day of it ends later.
        if let Some(p) = Period::containing(period_type, from, calendar) {
            assert!(p.end() > until || p.end() < from);
        }
    }
});
