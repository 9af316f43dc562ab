//! Fractional order keys: strings that sort siblings, so that a move rewrites one key instead of
//! renumbering every sibling.
//!
//! The scheme is the one production editors use (an integer head whose first character encodes
//! its length, then a fractional tail), over the 62 ASCII digits `0-9A-Za-z`, so keys compare as
//! plain byte strings and appending at the end grows keys logarithmically, not linearly.
//! Siblings sort by `(order, id)`: equal keys from concurrent inserts still sort the same on
//! every peer.

use thiserror::Error;

const DIGITS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BASE: usize = 62;
/// The key of the first element placed where there was none.
pub const FIRST: &str = "a0";
/// The smallest integer head: a key can never sort before `A000…` plus a tail.
const SMALLEST_INTEGER: &str = "A00000000000000000000000000";

/// Why no key could be made between two neighbours.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OrderError {
    /// A neighbour's key is not a valid order key (e.g. written by a foreign client).
    #[error("invalid order key {0:?}")]
    InvalidKey(String),
    /// The lower bound is not below the upper bound.
    #[error("order key {lower:?} is not below {upper:?}")]
    NotOrdered {
        /// The lower neighbour.
        lower: String,
        /// The upper neighbour.
        upper: String,
    },
    /// No key exists beyond the extreme key.
    #[error("order keys exhausted")]
    Exhausted,
}

fn digit(c: u8) -> Option<usize> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as usize),
        b'A'..=b'Z' => Some((c - b'A') as usize + 10),
        b'a'..=b'z' => Some((c - b'a') as usize + 36),
        _ => None,
    }
}

fn integer_length(head: u8) -> Option<usize> {
    match head {
        b'a'..=b'z' => Some((head - b'a') as usize + 2),
        b'A'..=b'Z' => Some((b'Z' - head) as usize + 2),
        _ => None,
    }
}

/// Splits a key into its integer head and fractional tail, checking every character.
fn split(key: &str) -> Result<(&str, &str), OrderError> {
    let invalid = || OrderError::InvalidKey(key.to_owned());
    let bytes = key.as_bytes();
    let head = *bytes.first().ok_or_else(invalid)?;
    let len = integer_length(head).ok_or_else(invalid)?;
    if bytes.len() < len || bytes[1..].iter().any(|&c| digit(c).is_none()) {
        return Err(invalid());
    }
    let (int, frac) = key.split_at(len);
    if key == SMALLEST_INTEGER || frac.ends_with('0') {
        return Err(invalid());
    }
    Ok((int, frac))
}

/// Returns whether `key` is a well-formed order key.
pub fn is_valid(key: &str) -> bool {
    split(key).is_ok()
}

/// A fractional tail strictly between `a` and `b` (`b = None` means no upper bound).
fn midpoint(a: &[u8], b: Option<&[u8]>) -> Vec<u8> {
    if let Some(b) = b {
        let mut n = 0;
        while n < b.len() && a.get(n).copied().unwrap_or(b'0') == b[n] {
            n += 1;
        }
        if n > 0 {
            let mut out = b[..n].to_vec();
            out.extend(midpoint(a.get(n..).unwrap_or(&[]), Some(&b[n..])));
            return out;
        }
    }
    let da = a.first().and_then(|&c| digit(c)).unwrap_or(0);
    let db = b
        .and_then(|b| b.first())
        .and_then(|&c| digit(c))
        .unwrap_or(BASE);
    if db - da > 1 {
        vec![DIGITS[(da + db).div_ceil(2)]]
    } else if let Some(b) = b.filter(|b| b.len() > 1) {
        vec![b[0]]
    } else {
        let mut out = vec![DIGITS[da]];
        out.extend(midpoint(a.get(1..).unwrap_or(&[]), None));
        out
    }
}

fn increment_integer(int: &str) -> Option<String> {
    let bytes = int.as_bytes();
    let head = bytes[0];
    let mut digits: Vec<u8> = bytes[1..].to_vec();
    let mut carry = true;
    for d in digits.iter_mut().rev() {
        let next = digit(*d).unwrap_or(0) + 1;
        if next == BASE {
            *d = b'0';
        } else {
            *d = DIGITS[next];
            carry = false;
            break;
        }
    }
    if !carry {
        return Some(String::from_utf8_lossy(&[&[head][..], &digits].concat()).into_owned());
    }
    match head {
        b'Z' => Some(FIRST.to_owned()),
        b'z' => None,
        _ => {
            let next = head + 1;
            if next > b'a' {
                digits.push(b'0');
            } else {
                digits.pop();
            }
            Some(String::from_utf8_lossy(&[&[next][..], &digits].concat()).into_owned())
        }
    }
}

fn decrement_integer(int: &str) -> Option<String> {
    let bytes = int.as_bytes();
    let head = bytes[0];
    let mut digits: Vec<u8> = bytes[1..].to_vec();
    let mut borrow = true;
    for d in digits.iter_mut().rev() {
        match digit(*d).unwrap_or(0) {
            0 => *d = b'z',
            n => {
                *d = DIGITS[n - 1];
                borrow = false;
                break;
            }
        }
    }
    if !borrow {
        return Some(String::from_utf8_lossy(&[&[head][..], &digits].concat()).into_owned());
    }
    match head {
        b'a' => Some("Zz".to_owned()),
        b'A' => None,
        _ => {
            let next = head - 1;
            if next < b'Z' {
                digits.push(b'z');
            } else {
                digits.pop();
            }
            Some(String::from_utf8_lossy(&[&[next][..], &digits].concat()).into_owned())
        }
    }
}

/// A key strictly between `lower` and `upper`; `None` is an open end.
pub fn between(lower: Option<&str>, upper: Option<&str>) -> Result<String, OrderError> {
    match (lower, upper) {
        (None, None) => Ok(FIRST.to_owned()),
        (None, Some(b)) => {
            let (int, frac) = split(b)?;
            if int == SMALLEST_INTEGER {
                let tail = midpoint(&[], Some(frac.as_bytes()));
                return Ok(format!("{int}{}", String::from_utf8_lossy(&tail)));
            }
            if !frac.is_empty() {
                return Ok(int.to_owned());
            }
            decrement_integer(int).ok_or(OrderError::Exhausted)
        }
        (Some(a), None) => {
            let (int, frac) = split(a)?;
            match increment_integer(int) {
                Some(next) => Ok(next),
                None => Ok(format!(
                    "{int}{}",
                    String::from_utf8_lossy(&midpoint(frac.as_bytes(), None))
                )),
            }
        }
        (Some(a), Some(b)) => {
            let (ia, fa) = split(a)?;
            let (ib, fb) = split(b)?;
            if a >= b {
                return Err(OrderError::NotOrdered {
                    lower: a.to_owned(),
                    upper: b.to_owned(),
                });
            }
            if ia == ib {
                let tail = midpoint(fa.as_bytes(), Some(fb.as_bytes()));
                return Ok(format!("{ia}{}", String::from_utf8_lossy(&tail)));
            }
            let next = increment_integer(ia).ok_or(OrderError::Exhausted)?;
            if next.as_str() < b {
                return Ok(next);
            }
            let tail = midpoint(fa.as_bytes(), None);
            Ok(format!("{ia}{}", String::from_utf8_lossy(&tail)))
        }
    }
}

/// `n` keys in ascending order strictly between `lower` and `upper`, spread so that none grows
/// longer than needed (a batch insert of 10,000 siblings yields short keys).
pub fn n_between(
    lower: Option<&str>,
    upper: Option<&str>,
    n: usize,
) -> Result<Vec<String>, OrderError> {
    match n {
        0 => Ok(Vec::new()),
        1 => Ok(vec![between(lower, upper)?]),
        _ => match (lower, upper) {
            (_, None) => {
                let mut keys = Vec::with_capacity(n);
                let mut last = between(lower, None)?;
                keys.push(last.clone());
                for _ in 1..n {
                    last = between(Some(&last), None)?;
                    keys.push(last.clone());
                }
                Ok(keys)
            }
            (None, Some(_)) => {
                let mut keys = Vec::with_capacity(n);
                let mut first = between(None, upper)?;
                keys.push(first.clone());
                for _ in 1..n {
                    first = between(None, Some(&first))?;
                    keys.push(first.clone());
                }
                keys.reverse();
                Ok(keys)
            }
            (Some(_), Some(_)) => {
                let mid = n / 2;
                let c = between(lower, upper)?;
                let mut keys = n_between(lower, Some(&c), mid)?;
                keys.push(c.clone());
                keys.extend(n_between(Some(&c), upper, n - mid - 1)?);
                Ok(keys)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_key_and_neighbours() {
        assert_eq!(between(None, None).as_deref(), Ok("a0"));
        assert_eq!(between(Some("a0"), None).as_deref(), Ok("a1"));
        assert_eq!(between(None, Some("a0")).as_deref(), Ok("Zz"));
        assert_eq!(between(Some("a0"), Some("a1")).as_deref(), Ok("a0V"));
        assert_eq!(between(Some("az"), None).as_deref(), Ok("b00"));
    }

    #[test]
    fn appending_ten_thousand_keeps_keys_short() {
        let mut last = between(None, None).unwrap();
        for _ in 0..10_000 {
            let next = between(Some(&last), None).unwrap();
            assert!(next > last);
            last = next;
        }
        assert!(last.len() <= 4, "{last}");
    }

    #[test]
    fn repeated_insertion_between_stays_ordered() {
        let (mut lo, hi) = ("a0".to_owned(), "a1".to_owned());
        for _ in 0..200 {
            let mid = between(Some(&lo), Some(&hi)).unwrap();
            assert!(lo < mid && mid < hi, "{lo} {mid} {hi}");
            assert!(is_valid(&mid));
            lo = mid;
        }
        let (lo, mut hi) = ("a0".to_owned(), "a1".to_owned());
        for _ in 0..200 {
            let mid = between(Some(&lo), Some(&hi)).unwrap();
            assert!(lo < mid && mid < hi);
            hi = mid;
        }
    }

    #[test]
    fn n_between_is_sorted_and_strictly_inside() {
        for (lo, hi) in [
            (None, None),
            (Some("a0"), None),
            (None, Some("a5")),
            (Some("a0"), Some("a1")),
        ] {
            let keys = n_between(lo, hi, 1000).unwrap();
            assert_eq!(keys.len(), 1000);
            assert!(keys.windows(2).all(|w| w[0] < w[1]));
            if let Some(lo) = lo {
                assert!(keys[0].as_str() > lo);
            }
            if let Some(hi) = hi {
                assert!(keys[999].as_str() < hi);
            }
            assert!(keys.iter().all(|k| is_valid(k)));
        }
    }

    #[test]
    fn invalid_and_unordered_inputs_are_errors() {
        assert!(matches!(
            between(Some("!"), None),
            Err(OrderError::InvalidKey(_))
        ));
        assert!(matches!(
            between(Some("a10"), None),
            Err(OrderError::InvalidKey(_))
        ));
        assert!(matches!(
            between(Some(""), None),
            Err(OrderError::InvalidKey(_))
        ));
        assert!(matches!(
            between(Some("a2"), Some("a1")),
            Err(OrderError::NotOrdered { .. })
        ));
    }

    #[test]
    fn prepending_thousands_stays_ordered_and_valid() {
        let mut first = between(None, None).unwrap();
        for _ in 0..5_000 {
            let next = between(None, Some(&first)).unwrap();
            assert!(next < first && is_valid(&next), "{next} {first}");
            first = next;
        }
        assert!(first.len() <= 4, "{first}");
    }

    #[test]
    fn below_the_smallest_integer_the_tail_keeps_going() {
        let floor = SMALLEST_INTEGER.to_owned();
        // The bare smallest integer is never written as a key, so it is refused, not panicked on.
        let below = between(None, Some(&floor)).unwrap_err();
        assert_eq!(below, OrderError::InvalidKey(floor.clone()));
        // A key with the smallest head and a tail still has room before it.
        let low = format!("{floor}V");
        let key = between(None, Some(&low)).unwrap();
        assert!(key < low && is_valid(&key), "{key}");
    }

    #[test]
    fn neighbours_with_different_heads_get_a_key_between_them() {
        for (lo, hi) in [("a0", "b00"), ("az", "b00"), ("Zz", "a0"), ("a0zzz", "a1")] {
            let key = between(Some(lo), Some(hi)).unwrap();
            assert!(lo < key.as_str() && key.as_str() < hi, "{lo} {key} {hi}");
            assert!(is_valid(&key));
        }
    }

    #[test]
    fn equal_neighbours_and_zero_keys() {
        assert!(matches!(
            between(Some("a0"), Some("a0")),
            Err(OrderError::NotOrdered { .. })
        ));
        assert_eq!(n_between(Some("a0"), Some("a0"), 0), Ok(Vec::new()));
    }
}
