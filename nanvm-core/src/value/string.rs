//! JavaScript strings: immutable sequences of UTF-16 code units.

use std::fmt;
use std::rc::Rc;

/// An immutable JavaScript string: a sequence of UTF-16 code units.
///
/// Like a JavaScript string, it may hold lone surrogates, so it is not a Rust
/// [`String`]. Cloning is cheap (reference counted). Equality, hashing and
/// ordering work on code units, as JavaScript's `===` and `<` do.
#[derive(Clone, Eq, PartialOrd, Ord)]
pub struct JsString(Rc<[u16]>);

/// Strings up to this many code units compare unit by unit, inline: the
/// keys and tags the VM compares most are this short, and a call of
/// `memcmp` costs more than comparing them.
const INLINE_COMPARE: usize = 8;

impl std::hash::Hash for JsString {
    /// The code units' hash, as `eq` compares them.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialEq for JsString {
    /// The same code units (the same allocation, surely).
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        if Rc::ptr_eq(&self.0, &other.0) {
            return true;
        }
        let (a, b) = (&*self.0, &*other.0);
        if a.len() != b.len() {
            return false;
        }
        if a.len() <= INLINE_COMPARE {
            a.iter().zip(b).all(|(x, y)| x == y)
        } else {
            a == b
        }
    }
}

impl JsString {
    /// Creates a string from UTF-16 code units.
    pub fn from_utf16(units: impl Into<Rc<[u16]>>) -> Self {
        Self(units.into())
    }

    /// A string from its code units stored 2 bytes each, least-significant
    /// first (as bytecode stores them); a trailing odd byte is ignored.
    /// One allocation: the iterator's exact length sizes it.
    pub(crate) fn from_le_bytes(raw: &[u8]) -> Self {
        Self(
            raw.chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect(),
        )
    }

    /// The UTF-16 code units of this string.
    pub fn as_units(&self) -> &[u16] {
        &self.0
    }

    /// The number of UTF-16 code units (JavaScript's `length`).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The string as Rust UTF-8, or `None` if it holds a lone surrogate.
    pub fn to_rust_string(&self) -> Option<String> {
        String::from_utf16(&self.0).ok()
    }

    /// The string as Rust UTF-8, with each lone surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf16_lossy(&self.0)
    }

    /// Whether the string equals the given Rust string.
    pub fn eq_str(&self, s: &str) -> bool {
        if s.is_ascii() {
            return self.0.len() == s.len()
                && self
                    .0
                    .iter()
                    .zip(s.bytes())
                    .all(|(&u, b)| u == u16::from(b));
        }
        self.0.iter().copied().eq(s.encode_utf16())
    }

    /// The array index this string denotes, if it is one.
    ///
    /// An array index is the canonical decimal form of an integer in
    /// `0..=2^32 - 2` (`"0"`, `"17"`, not `"017"` or `"4294967295"`).
    /// JavaScript enumerates such keys first, in ascending numeric order.
    pub fn array_index(&self) -> Option<u32> {
        array_index(&self.0)
    }

    /// An address that identifies this string's allocation while it is alive.
    pub(crate) fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u16 as usize
    }

    /// Whether two handles point at the same string allocation.
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }
}

/// The array index denoted by UTF-16 `units`, if any (see [`JsString::array_index`]).
pub(crate) fn array_index(units: &[u16]) -> Option<u32> {
    let (&first, rest) = units.split_first()?;
    if first == u16::from(b'0') {
        return rest.is_empty().then_some(0);
    }
    if units.len() > 10 {
        return None;
    }
    let mut n: u64 = 0;
    for &u in units {
        let digit = u.checked_sub(u16::from(b'0')).filter(|d| *d <= 9)?;
        n = n * 10 + u64::from(digit);
    }
    // 2^32 - 1 is the array length limit, not an index.
    u32::try_from(n).ok().filter(|&i| i != u32::MAX)
}

impl From<&str> for JsString {
    fn from(s: &str) -> Self {
        Self(s.encode_utf16().collect())
    }
}

impl From<String> for JsString {
    fn from(s: String) -> Self {
        Self::from(s.as_str())
    }
}

impl From<Vec<u16>> for JsString {
    fn from(units: Vec<u16>) -> Self {
        Self(units.into())
    }
}

impl fmt::Debug for JsString {
    /// Writes the string as a JSON string literal (lone surrogates escaped).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        crate::serialize::write_json_string(&mut out, self);
        f.write_str(&out)
    }
}

impl fmt::Display for JsString {
    /// Writes the string as UTF-8, lone surrogates as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in char::decode_utf16(self.0.iter().copied()) {
            fmt::Write::write_char(f, c.unwrap_or(char::REPLACEMENT_CHARACTER))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_indices() {
        for (s, expected) in [
            ("0", Some(0)),
            ("7", Some(7)),
            ("4294967294", Some(4_294_967_294)),
            ("4294967295", None),
            ("99999999999", None),
            ("01", None),
            ("", None),
            ("-1", None),
            ("1.5", None),
            ("1e3", None),
            (" 1", None),
        ] {
            assert_eq!(JsString::from(s).array_index(), expected, "{s:?}");
        }
    }

    #[test]
    fn little_endian_bytes_convert() {
        for text in ["", "a", "abcde", "héllo wörld ☃"] {
            let s = JsString::from(text);
            let raw: Vec<u8> = s.as_units().iter().flat_map(|u| u.to_le_bytes()).collect();
            assert!(JsString::from_le_bytes(&raw) == s, "{text:?}");
        }
    }

    #[test]
    fn lone_surrogates_survive() {
        let s = JsString::from(vec![0xD800, 0x61]);
        assert_eq!(s.len(), 2);
        assert_eq!(s.to_rust_string(), None);
        assert_eq!(s.to_string_lossy(), "\u{FFFD}a");
        assert_eq!(format!("{s:?}"), r#""\ud800a""#);
    }
}
