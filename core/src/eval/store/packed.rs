//! [`EvColumn`]: the findings' evidence values, 8 bytes each.
//!
//! Rules give evidence as [`Ev`] values (16 bytes); the store keeps each as one `u64`
//! ([`Packed`]), so the millions of values a national plan's evaluation writes take half
//! the memory to write and read. A number is kept as its own bits; every other value is
//! kept in the bit patterns of the negative quiet NaNs (the top 13 bits set), as a 4-bit
//! tag and a 47-bit payload:
//!
//! - no payload: [`Ev::Absent`], [`Ev::Null`], [`Ev::Period`];
//! - an integer that fits 47 bits (two's complement), a day as its year and ordinal (the
//!   day of the year, which chrono reads back without a division), a position (activity, organisation, indicator, obligation, baseline, text, JSON
//!   value), a list's start and length (when the length fits 15 bits);
//! - a name ([`Ev::Str`]) as its position in the column's table of names;
//! - anything else (a wider integer, a negative quiet NaN itself, a longer list) as the
//!   position of the whole [`Ev`] in the column's spill table.
//!
//! Decoding gives back the value pushed: numbers bit for bit, a name as the same static
//! text.

use super::Ev;
use chrono::{Datelike, NaiveDate};

/// The bits shared by every tagged value: a negative quiet NaN.
const PREFIX: u64 = 0xFFF8_0000_0000_0000;
/// Where the tag starts.
const TAG_SHIFT: u32 = 47;
/// The tag's bits, once shifted down.
const TAG_MASK: u64 = 0xF;
/// The payload's bits.
const PAYLOAD: u64 = (1 << TAG_SHIFT) - 1;
/// Bits of a day's ordinal (1 to 366), below its year.
const ORDINAL_BITS: u32 = 9;
const ORDINAL_MASK: u64 = (1 << ORDINAL_BITS) - 1;
/// Bits of a list's length kept inline, above its 32-bit start.
const LIST_LEN_BITS: u32 = TAG_SHIFT - 32;

const ABSENT: u64 = 0;
const NULL: u64 = 1;
const PERIOD: u64 = 2;
const INT: u64 = 3;
const DATE: u64 = 4;
const STR: u64 = 5;
const ACTIVITY: u64 = 6;
const ORGANISATION: u64 = 7;
const INDICATOR: u64 = 8;
const REPORTING_OBLIGATION: u64 = 9;
const MEETING_OBLIGATION: u64 = 10;
const SCHEDULE_BASELINE: u64 = 11;
const TEXT: u64 = 12;
const JSON: u64 = 13;
const ACTIVITIES: u64 = 14;
const SPILL: u64 = 15;

/// One evidence value as the store keeps it (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Packed(u64);

impl Packed {
    /// [`Ev::Absent`], packed.
    pub(crate) const ABSENT: Packed = Packed::tagged(ABSENT, 0);

    const fn tagged(tag: u64, payload: u64) -> Packed {
        Packed(PREFIX | (tag << TAG_SHIFT) | (payload & PAYLOAD))
    }

    /// The tag, or `None` for a number kept as its bits.
    fn tag(self) -> Option<u64> {
        (self.0 & PREFIX == PREFIX).then_some((self.0 >> TAG_SHIFT) & TAG_MASK)
    }

    fn payload(self) -> u64 {
        self.0 & PAYLOAD
    }

    /// The payload as a 47-bit two's complement integer.
    fn signed(self) -> i64 {
        ((self.payload() << (64 - TAG_SHIFT)) as i64) >> (64 - TAG_SHIFT)
    }

    /// The payload's low 32 bits (a position).
    fn low(self) -> u32 {
        self.payload() as u32
    }

    /// The value packed without a table, when it can be.
    #[inline]
    fn inline(ev: Ev) -> Option<Packed> {
        let position = |tag, i: u32| Some(Packed::tagged(tag, u64::from(i)));
        match ev {
            Ev::Absent => Some(Packed::ABSENT),
            Ev::Null => Some(Packed::tagged(NULL, 0)),
            Ev::Period => Some(Packed::tagged(PERIOD, 0)),
            Ev::Int(i) => {
                let p = Packed::tagged(INT, i as u64);
                (p.signed() == i).then_some(p)
            }
            Ev::Float(x) => {
                let bits = x.to_bits();
                (bits & PREFIX != PREFIX).then_some(Packed(bits))
            }
            Ev::Date(d) => Some(Packed::tagged(
                DATE,
                ((i64::from(d.year()) << ORDINAL_BITS) | i64::from(d.ordinal())) as u64,
            )),
            Ev::Str(_) => None,
            Ev::Activity(i) => position(ACTIVITY, i),
            Ev::Organisation(i) => position(ORGANISATION, i),
            Ev::Indicator(i) => position(INDICATOR, i),
            Ev::ReportingObligation(i) => position(REPORTING_OBLIGATION, i),
            Ev::MeetingObligation(i) => position(MEETING_OBLIGATION, i),
            Ev::ScheduleBaseline(i) => position(SCHEDULE_BASELINE, i),
            Ev::Text(i) => position(TEXT, i),
            Ev::Json(i) => position(JSON, i),
            Ev::Activities { start, len } => (len >> LIST_LEN_BITS == 0)
                .then(|| Packed::tagged(ACTIVITIES, u64::from(start) | (u64::from(len) << 32))),
        }
    }
}

/// The evidence values of a store, with the tables some of them point into.
#[derive(Debug, Clone, Default)]
pub(crate) struct EvColumn {
    values: Vec<Packed>,
    tables: Tables,
}

/// What packed values point into.
#[derive(Debug, Clone, Default)]
struct Tables {
    /// The names of [`Ev::Str`] values, each static text once.
    names: Vec<&'static &'static str>,
    /// Values that do not fit 8 bytes.
    spill: Vec<Ev>,
}

impl Tables {
    #[inline]
    fn pack(&mut self, ev: Ev) -> Packed {
        match Packed::inline(ev) {
            Some(p) => p,
            None => self.pack_in_table(ev),
        }
    }

    /// A name, or a value kept whole in the spill table.
    fn pack_in_table(&mut self, ev: Ev) -> Packed {
        if let Ev::Str(name) = ev {
            return Packed::tagged(STR, self.name_position(name) as u64);
        }
        self.spill.push(ev);
        Packed::tagged(SPILL, (self.spill.len() - 1) as u64)
    }

    /// The position of `name` in the table of names, added if it is not there. Searched
    /// from the end: a rule's names are the last added while it writes its findings.
    fn name_position(&mut self, name: &'static &'static str) -> usize {
        match self.names.iter().rposition(|&n| std::ptr::eq(*n, *name)) {
            Some(i) => i,
            None => {
                self.names.push(name);
                self.names.len() - 1
            }
        }
    }
}

impl EvColumn {
    /// The number of values.
    pub(crate) fn len(&self) -> usize {
        self.values.len()
    }

    /// The packed values from `start`, `n` of them (none when out of range).
    pub(crate) fn slice(&self, start: usize, n: usize) -> &[Packed] {
        self.values.get(start..start + n).unwrap_or(&[])
    }

    /// Appends `ev`.
    pub(crate) fn push(&mut self, ev: Ev) {
        let p = self.tables.pack(ev);
        self.values.push(p);
    }

    /// Appends `evs`.
    pub(crate) fn extend(&mut self, evs: &[Ev]) {
        let tables = &mut self.tables;
        self.values.extend(evs.iter().map(|&ev| tables.pack(ev)));
    }

    /// Appends `n` copies of [`Ev::Absent`].
    pub(crate) fn push_absent(&mut self, n: usize) {
        self.values.extend(std::iter::repeat_n(Packed::ABSENT, n));
    }

    /// The value `p` stands for (`p` packed by this column).
    pub(crate) fn get(&self, p: Packed) -> Ev {
        let Some(tag) = p.tag() else {
            return Ev::Float(f64::from_bits(p.0));
        };
        match tag {
            ABSENT => Ev::Absent,
            NULL => Ev::Null,
            PERIOD => Ev::Period,
            INT => Ev::Int(p.signed()),
            // Every day a NaiveDate holds comes back from its year and ordinal.
            DATE => i32::try_from(p.signed() >> ORDINAL_BITS)
                .ok()
                .and_then(|year| NaiveDate::from_yo_opt(year, (p.payload() & ORDINAL_MASK) as u32))
                .map_or(Ev::Null, Ev::Date),
            STR => self
                .tables
                .names
                .get(p.payload() as usize)
                .map_or(Ev::Null, |&n| Ev::Str(n)),
            ACTIVITY => Ev::Activity(p.low()),
            ORGANISATION => Ev::Organisation(p.low()),
            INDICATOR => Ev::Indicator(p.low()),
            REPORTING_OBLIGATION => Ev::ReportingObligation(p.low()),
            MEETING_OBLIGATION => Ev::MeetingObligation(p.low()),
            SCHEDULE_BASELINE => Ev::ScheduleBaseline(p.low()),
            TEXT => Ev::Text(p.low()),
            JSON => Ev::Json(p.low()),
            ACTIVITIES => Ev::Activities {
                start: p.low(),
                len: (p.payload() >> 32) as u32,
            },
            _ => self
                .tables
                .spill
                .get(p.payload() as usize)
                .copied()
                .unwrap_or(Ev::Null),
        }
    }

    /// A column with no values that shares this one's tables (for a store of some of
    /// this store's findings, whose values are copied with [`EvColumn::extend_from`]).
    pub(crate) fn emptied_sharing(&self) -> EvColumn {
        EvColumn {
            values: Vec::new(),
            tables: self.tables.clone(),
        }
    }

    /// Appends `values`, packed by a column whose tables this one shares.
    pub(crate) fn extend_from(&mut self, values: &[Packed]) {
        self.values.extend_from_slice(values);
    }

    /// Appends the values of `other`, each moved along by `shift` (which gives the new
    /// value of a text, JSON value or list position).
    pub(crate) fn append(&mut self, other: EvColumn, shift: impl Fn(Ev) -> Ev) {
        let names: Vec<usize> = other
            .tables
            .names
            .iter()
            .map(|&n| self.tables.name_position(n))
            .collect();
        self.values.reserve(other.values.len());
        for &p in &other.values {
            let moved = match p.tag() {
                None | Some(ABSENT | NULL | PERIOD | INT | DATE) => p,
                Some(ACTIVITY..=SCHEDULE_BASELINE) => p,
                Some(STR) => match names.get(p.payload() as usize) {
                    Some(&i) => Packed::tagged(STR, i as u64),
                    None => Packed::tagged(NULL, 0),
                },
                _ => {
                    let ev = shift(other.get(p));
                    self.tables.pack(ev)
                }
            };
            self.values.push(moved);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(a: Ev, b: Ev) -> bool {
        match (a, b) {
            (Ev::Float(x), Ev::Float(y)) => x.to_bits() == y.to_bits(),
            (Ev::Str(x), Ev::Str(y)) => std::ptr::eq(*x, *y),
            _ => a == b,
        }
    }

    static NAMES: [&str; 3] = ["above", "below", "finish_to_start"];

    fn any_ev() -> impl Strategy<Value = Ev> {
        let day = (-2_000_000i32..2_000_000).prop_filter_map("a day", |n| {
            NaiveDate::from_num_days_from_ce_opt(n).map(Ev::Date)
        });
        let edge_days = prop_oneof![
            Just(Ev::Date(NaiveDate::MIN)),
            Just(Ev::Date(NaiveDate::MAX)),
        ];
        let near_edges = prop_oneof![
            Just(i64::MIN),
            Just(i64::MAX),
            Just(-(1i64 << 46)),
            Just((1i64 << 46) - 1),
            Just(-(1i64 << 46) - 1),
            Just(1i64 << 46),
        ];
        prop_oneof![
            Just(Ev::Absent),
            Just(Ev::Null),
            Just(Ev::Period),
            any::<i64>().prop_map(Ev::Int),
            (-100_000i64..100_000).prop_map(Ev::Int),
            near_edges.prop_map(Ev::Int),
            any::<u64>().prop_map(|b| Ev::Float(f64::from_bits(b))),
            any::<f64>().prop_map(Ev::Float),
            (0xFFF8_0000_0000_0000u64..=u64::MAX).prop_map(|b| Ev::Float(f64::from_bits(b))),
            Just(Ev::Float(f64::NAN)),
            Just(Ev::Float(-f64::NAN)),
            Just(Ev::Float(-0.0)),
            day,
            edge_days,
            (0..3usize).prop_map(|i| Ev::Str(&NAMES[i])),
            any::<u32>().prop_map(Ev::Activity),
            any::<u32>().prop_map(Ev::Organisation),
            any::<u32>().prop_map(Ev::Indicator),
            any::<u32>().prop_map(Ev::ReportingObligation),
            any::<u32>().prop_map(Ev::MeetingObligation),
            any::<u32>().prop_map(Ev::ScheduleBaseline),
            any::<u32>().prop_map(Ev::Text),
            any::<u32>().prop_map(Ev::Json),
            (any::<u32>(), any::<u32>()).prop_map(|(start, len)| Ev::Activities { start, len }),
            (any::<u32>(), 0u32..40_000).prop_map(|(start, len)| Ev::Activities { start, len }),
        ]
    }

    fn column(values: &[Ev]) -> EvColumn {
        let mut c = EvColumn::default();
        let (one_by_one, together) = values.split_at(values.len() / 2);
        for &ev in one_by_one {
            c.push(ev);
        }
        c.extend(together);
        c
    }

    #[test]
    fn eight_bytes() {
        assert_eq!(std::mem::size_of::<Packed>(), 8);
    }

    #[test]
    fn a_name_is_kept_once() {
        let c = column(&[Ev::Str(&NAMES[0]), Ev::Str(&NAMES[1]), Ev::Str(&NAMES[0])]);
        assert_eq!(c.tables.names.len(), 2);
        assert!(c.tables.spill.is_empty());
    }

    #[test]
    fn common_values_need_no_table() {
        let c = column(&[
            Ev::Int(-3),
            Ev::Float(2.5),
            Ev::Float(f64::NAN),
            Ev::Date(NaiveDate::MIN),
            Ev::Date(NaiveDate::MAX),
            Ev::Activities {
                start: u32::MAX,
                len: 32_767,
            },
        ]);
        assert!(c.tables.spill.is_empty(), "{:?}", c.tables.spill);
    }

    proptest! {
        /// Every value comes back as it was pushed.
        #[test]
        fn values_come_back(values in proptest::collection::vec(any_ev(), 0..200)) {
            let c = column(&values);
            prop_assert_eq!(c.len(), values.len());
            for (&p, &ev) in c.slice(0, c.len()).iter().zip(&values) {
                prop_assert!(same(c.get(p), ev), "{:?} came back as {:?}", ev, c.get(p));
            }
        }

        /// Appending a column gives what pushing its values, moved along, gives.
        #[test]
        fn appending_is_pushing_moved_values(
            first in proptest::collection::vec(any_ev(), 0..100),
            second in proptest::collection::vec(any_ev(), 0..100),
        ) {
            let shift = |ev: Ev| match ev {
                Ev::Text(i) => Ev::Text(i.saturating_add(7)),
                Ev::Json(i) => Ev::Json(i.saturating_add(11)),
                Ev::Activities { start, len } => Ev::Activities {
                    start: start.saturating_add(13),
                    len,
                },
                ev => ev,
            };
            let mut joined = column(&first);
            joined.append(column(&second), shift);
            let expected: Vec<Ev> = first
                .iter()
                .copied()
                .chain(second.iter().map(|&ev| shift(ev)))
                .collect();
            prop_assert_eq!(joined.len(), expected.len());
            for (&p, &ev) in joined.slice(0, joined.len()).iter().zip(&expected) {
                prop_assert!(same(joined.get(p), ev), "{:?} came back as {:?}", ev, joined.get(p));
            }
        }

        /// A store of some findings copies their packed values and shares the tables.
        #[test]
        fn copied_values_read_the_same(values in proptest::collection::vec(any_ev(), 1..100), from in 0usize..100) {
            let c = column(&values);
            let from = from % values.len();
            let mut copy = c.emptied_sharing();
            copy.extend_from(c.slice(from, values.len() - from));
            for (&p, &ev) in copy.slice(0, copy.len()).iter().zip(&values[from..]) {
                prop_assert!(same(copy.get(p), ev));
            }
        }
    }
}
