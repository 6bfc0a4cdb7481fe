//! [`Matching`]: which finding of one evaluation is which of another, by stable id.
//!
//! Each side's findings are keyed by a 64-bit hash of their id and sorted by it (16 bytes
//! a finding, no id kept as text); the two sorted lists are walked together. Findings
//! whose hashes agree have their ids compared as text, so a hash collision never matches
//! two different findings.

use crate::eval::{FindingRef, Findings};
use std::hash::{Hash, Hasher};

/// The findings of two evaluations, matched by id: positions in each store.
#[derive(Debug, Default)]
pub(crate) struct Matching {
    /// Positions (in the new store) of findings with no match in the old one, ascending.
    pub(crate) only_new: Vec<u32>,
    /// Positions (in the old store) of findings with no match in the new one, ascending.
    pub(crate) only_old: Vec<u32>,
    /// Matched pairs `(old, new)`, by ascending new position.
    pub(crate) both: Vec<(u32, u32)>,
}

/// Writes the id of `f` into `buf` (cleared first), reusing its allocation.
fn id_into(f: &FindingRef<'_>, buf: &mut String) {
    buf.clear();
    buf.push_str(f.rule());
    buf.push(':');
    buf.push_str(f.subject_id());
    f.push_id_tail(buf);
}

/// `(hash of id, position)` of every finding, sorted.
fn keys(findings: &Findings) -> Vec<(u64, u32)> {
    let mut buf = String::with_capacity(64);
    let mut keys: Vec<(u64, u32)> = findings
        .views()
        .enumerate()
        .map(|(i, f)| {
            id_into(&f, &mut buf);
            // SipHash with fixed keys: the same in every run of one build, and the hash
            // never shows in any output (which follows the evaluations' own orders).
            let mut h = std::hash::DefaultHasher::new();
            buf.hash(&mut h);
            (h.finish(), i as u32)
        })
        .collect();
    keys.sort_unstable();
    keys
}

impl Matching {
    /// Matches the findings of `old` and `new` by id. Should one store hold an id twice,
    /// its occurrences pair with the other store's in the order of their positions.
    pub(crate) fn between(old: &Findings, new: &Findings) -> Matching {
        let a = keys(old);
        let b = keys(new);
        let mut m = Matching::default();
        let (mut i, mut j) = (0, 0);
        let (mut ida, mut idb) = (String::new(), String::new());
        while i < a.len() && j < b.len() {
            let (ha, hb) = (a[i].0, b[j].0);
            if ha < hb {
                m.only_old.push(a[i].1);
                i += 1;
                continue;
            }
            if hb < ha {
                m.only_new.push(b[j].1);
                j += 1;
                continue;
            }
            // A run of equal hashes on each side: pair equal ids.
            let ei = a[i..].iter().take_while(|k| k.0 == ha).count() + i;
            let ej = b[j..].iter().take_while(|k| k.0 == hb).count() + j;
            let mut taken = vec![false; ej - j];
            for &(_, pa) in &a[i..ei] {
                let Some(fa) = old.view(pa as usize) else {
                    continue;
                };
                id_into(&fa, &mut ida);
                let mut found = None;
                for (t, &(_, pb)) in b[j..ej].iter().enumerate() {
                    if taken[t] {
                        continue;
                    }
                    if let Some(fb) = new.view(pb as usize) {
                        id_into(&fb, &mut idb);
                        if ida == idb {
                            found = Some((t, pb));
                            break;
                        }
                    }
                }
                match found {
                    Some((t, pb)) => {
                        taken[t] = true;
                        m.both.push((pa, pb));
                    }
                    None => m.only_old.push(pa),
                }
            }
            for (t, &(_, pb)) in b[j..ej].iter().enumerate() {
                if !taken[t] {
                    m.only_new.push(pb);
                }
            }
            i = ei;
            j = ej;
        }
        m.only_old.extend(a[i..].iter().map(|k| k.1));
        m.only_new.extend(b[j..].iter().map(|k| k.1));
        drop(a);
        drop(b);
        m.only_old.sort_unstable();
        m.only_new.sort_unstable();
        m.both.sort_unstable_by_key(|&(_, n)| n);
        m
    }
}
