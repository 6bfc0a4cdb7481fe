//! Orderings that make output deterministic and read naturally.

use std::cmp::Ordering;

/// Compares ids so that digit runs compare as numbers: `1.2.9 < 1.2.10 < 1.10.1`, and
/// `pcct-kampot < pcct-kandal` as plain text.
///
/// Ties between numerically equal runs (`01` and `1`) fall back to plain byte order, so
/// the order is total and consistent with equality.
///
/// ```
/// use planwatch::natural_cmp;
/// let mut ids = vec!["2.10.1", "2.9.3", "10.1", "2.9.10"];
/// ids.sort_by(|a, b| natural_cmp(a, b));
/// assert_eq!(ids, ["2.9.3", "2.9.10", "2.10.1", "10.1"]);
/// ```
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        if x[i].is_ascii_digit() && y[j].is_ascii_digit() {
            let si = i;
            while i < x.len() && x[i].is_ascii_digit() {
                i += 1;
            }
            let sj = j;
            while j < y.len() && y[j].is_ascii_digit() {
                j += 1;
            }
            let (na, nb) = (trim_zeros(&x[si..i]), trim_zeros(&y[sj..j]));
            let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            let ord = x[i].cmp(&y[j]);
            if ord != Ordering::Equal {
                return ord;
            }
            i += 1;
            j += 1;
        }
    }
    (x.len() - i).cmp(&(y.len() - j)).then_with(|| x.cmp(y))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let first = digits
        .iter()
        .position(|&d| d != b'0')
        .unwrap_or(digits.len());
    &digits[first..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_numeric_runs() {
        let cases = [
            ("1.2", "1.10", Ordering::Less),
            ("1.10.1", "1.9.1", Ordering::Greater),
            ("a", "a1", Ordering::Less),
            ("01", "1", Ordering::Less),
            ("x2y", "x2y", Ordering::Equal),
            ("pcct-kampot", "pcct-kandal", Ordering::Less),
            ("", "0", Ordering::Less),
        ];
        for (a, b, want) in cases {
            assert_eq!(natural_cmp(a, b), want, "{a} vs {b}");
            assert_eq!(natural_cmp(b, a), want.reverse(), "{b} vs {a}");
        }
    }

    proptest::proptest! {
        #[test]
        fn total_order(a in "[a-c0-2.]{0,6}", b in "[a-c0-2.]{0,6}", c in "[a-c0-2.]{0,6}") {
            proptest::prop_assert_eq!(natural_cmp(&a, &b) == Ordering::Equal, a == b);
            proptest::prop_assert_eq!(natural_cmp(&a, &b), natural_cmp(&b, &a).reverse());
            if natural_cmp(&a, &b) != Ordering::Greater && natural_cmp(&b, &c) != Ordering::Greater {
                proptest::prop_assert_ne!(natural_cmp(&a, &c), Ordering::Greater);
            }
        }
    }
}
