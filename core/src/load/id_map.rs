//! [`IdMap`]: the ids of one collection (organisations, activities, ...) and the position
//! of each, built once at load.
//!
//! A `HashMap<String, u32>` costs one heap allocation per id and a SipHash of every key;
//! at a million activities that was a tenth of the load and about 100 bytes per id. Here
//! the ids are copied once into one buffer, and a hash table holds only positions (4 bytes
//! a slot), hashing the borrowed ids with foldhash's fixed-seed hasher. Lookups never
//! depend on the table's order, so nothing of it can reach output.

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use std::fmt;
use std::hash::BuildHasher;

/// The ids of one collection by position, and a lookup from id to the position of its
/// first occurrence.
#[derive(Clone, Default)]
pub(crate) struct IdMap {
    /// Every id pushed, concatenated in position order.
    text: String,
    /// Where each id ends in `text`, by position.
    ends: Vec<usize>,
    /// Positions of the first occurrence of each distinct non-empty id.
    table: HashTable<u32>,
}

const HASHER: FixedState = FixedState::with_seed(0x05ee_d1d5);

fn hash(id: &str) -> u64 {
    HASHER.hash_one(id)
}

impl IdMap {
    /// An empty map with room for `n` ids.
    pub(crate) fn with_capacity(n: usize) -> IdMap {
        IdMap {
            text: String::new(),
            ends: Vec::with_capacity(n),
            table: HashTable::with_capacity(n),
        }
    }

    /// The id at position `i`, as pushed.
    pub(crate) fn id(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// Appends the id of the next position. An empty id takes its position but is not
    /// mapped; a repeated id keeps mapping to its first position, which is returned.
    pub(crate) fn push(&mut self, id: &str) -> Option<u32> {
        let position = self.ends.len() as u32;
        self.text.push_str(id);
        self.ends.push(self.text.len());
        if id.is_empty() {
            return None;
        }
        let IdMap { text, ends, table } = self;
        let key = |i: u32| -> &str {
            let i = i as usize;
            let start = if i == 0 { 0 } else { ends[i - 1] };
            &text[start..ends[i]]
        };
        match table.entry(hash(id), |&j| key(j) == id, |&j| hash(key(j))) {
            hashbrown::hash_table::Entry::Occupied(e) => Some(*e.get()),
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert(position);
                None
            }
        }
    }

    /// The position of (the first occurrence of) `id`.
    pub(crate) fn get(&self, id: &str) -> Option<&u32> {
        self.table.find(hash(id), |&j| self.id(j as usize) == id)
    }

    /// How many positions were pushed.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }
}

impl fmt::Debug for IdMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries((0..self.len()).filter_map(|i| {
                let id = self.id(i);
                (self.get(id) == Some(&(i as u32))).then_some((id, i))
            }))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_first_occurrences_and_keeps_positions() {
        let mut m = IdMap::with_capacity(1);
        assert_eq!(m.push("a"), None);
        assert_eq!(m.push(""), None);
        assert_eq!(m.push("b"), None);
        assert_eq!(m.push("a"), Some(0));
        assert_eq!(m.len(), 4);
        assert_eq!(m.get("a"), Some(&0));
        assert_eq!(m.get("b"), Some(&2));
        assert_eq!(m.get(""), None);
        assert_eq!(m.get("c"), None);
        assert_eq!(
            (m.id(0), m.id(1), m.id(2), m.id(3), m.id(9)),
            ("a", "", "b", "a", "")
        );
        assert_eq!(format!("{m:?}"), r#"{"a": 0, "b": 2}"#);
    }

    #[test]
    fn grows_past_its_capacity() {
        let mut m = IdMap::default();
        for i in 0..10_000 {
            assert_eq!(m.push(&format!("x{i}")), None);
        }
        for i in 0..10_000u32 {
            assert_eq!(m.get(&format!("x{i}")), Some(&i));
        }
        assert_eq!(m.push("x77"), Some(77));
    }
}
