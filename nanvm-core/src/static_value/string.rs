//! Static strings: UTF-8 text, or UTF-16 code units when a lone surrogate
//! must be kept.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::iter::Copied;
use std::slice;
use std::str::EncodeUtf16;

use crate::serialize::write_json_string;
use crate::value::JsString;

/// A JavaScript string in static memory.
///
/// A JavaScript string is a sequence of UTF-16 code units and may hold lone
/// surrogates, which Rust's `str` cannot. The generated code writes every
/// string as [`Utf8`](StaticStr::Utf8), except one holding a lone surrogate,
/// which it writes as [`Utf16`](StaticStr::Utf16). Equality compares code
/// units, so the two forms of the same text are equal.
///
/// ```
/// use nanvm_runtime::static_value::StaticStr;
///
/// let text = StaticStr::Utf8("héllo");
/// assert_eq!(text.as_str(), Some("héllo"));
/// assert_eq!(text, StaticStr::Utf16(&[0x68, 0xE9, 0x6C, 0x6C, 0x6F]));
///
/// let lone = StaticStr::Utf16(&[0xD800, 0x61]);
/// assert_eq!(lone.as_str(), None);
/// assert_eq!(lone.len_utf16(), 2);
/// assert_eq!(lone.to_string(), "\u{FFFD}a"); // Display replaces lone surrogates
/// assert_eq!(format!("{lone:?}"), r#""\ud800a""#); // Debug is a JSON literal
/// ```
#[derive(Clone, Copy)]
pub enum StaticStr {
    /// Text without lone surrogates.
    Utf8(&'static str),
    /// UTF-16 code units: the form of a string that holds a lone surrogate.
    Utf16(&'static [u16]),
}

impl StaticStr {
    /// The string as Rust text: `None` for the [`Utf16`](StaticStr::Utf16)
    /// form (which the generated code uses only for lone surrogates).
    pub const fn as_str(self) -> Option<&'static str> {
        match self {
            StaticStr::Utf8(s) => Some(s),
            StaticStr::Utf16(_) => None,
        }
    }

    /// The UTF-16 code units.
    pub fn units(self) -> Units {
        match self {
            StaticStr::Utf8(s) => Units(UnitSource::Utf8(s.encode_utf16())),
            StaticStr::Utf16(units) => Units(UnitSource::Utf16(units.iter().copied())),
        }
    }

    /// The number of UTF-16 code units (JavaScript's `length`).
    pub fn len_utf16(self) -> usize {
        match self {
            StaticStr::Utf8(s) => s.encode_utf16().count(),
            StaticStr::Utf16(units) => units.len(),
        }
    }

    /// Whether the string is empty.
    pub fn is_empty(self) -> bool {
        match self {
            StaticStr::Utf8(s) => s.is_empty(),
            StaticStr::Utf16(units) => units.is_empty(),
        }
    }

    /// The string as a runtime [`JsString`].
    pub fn to_js_string(self) -> JsString {
        match self {
            StaticStr::Utf8(s) => JsString::from(s),
            StaticStr::Utf16(units) => JsString::from_utf16(units),
        }
    }

    /// The code points, a lone surrogate standing for itself: the order of
    /// [`StaticObject`](super::StaticObject)'s key index.
    pub(crate) fn code_points(self) -> CodePoints<Units> {
        CodePoints(char::decode_utf16(self.units()))
    }
}

/// The code points of UTF-16 `units`, a lone surrogate standing for itself.
pub(crate) fn code_points<I: Iterator<Item = u16>>(units: I) -> CodePoints<I> {
    CodePoints(char::decode_utf16(units))
}

/// An iterator over code points of UTF-16 text, lone surrogates included
/// as their own values.
pub(crate) struct CodePoints<I: Iterator<Item = u16>>(std::char::DecodeUtf16<I>);

impl<I: Iterator<Item = u16>> Iterator for CodePoints<I> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        Some(match self.0.next()? {
            Ok(c) => u32::from(c),
            Err(lone) => u32::from(lone.unpaired_surrogate()),
        })
    }
}

/// The UTF-16 code units of a [`StaticStr`] (see [`StaticStr::units`]).
pub struct Units(UnitSource);

enum UnitSource {
    Utf8(EncodeUtf16<'static>),
    Utf16(Copied<slice::Iter<'static, u16>>),
}

impl Iterator for Units {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        match &mut self.0 {
            UnitSource::Utf8(units) => units.next(),
            UnitSource::Utf16(units) => units.next(),
        }
    }
}

impl PartialEq for StaticStr {
    /// Equality of code units, as JavaScript's `===`.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (StaticStr::Utf8(a), StaticStr::Utf8(b)) => a == b,
            (StaticStr::Utf16(a), StaticStr::Utf16(b)) => a == b,
            _ => self.units().eq(other.units()),
        }
    }
}

impl Eq for StaticStr {}

impl Hash for StaticStr {
    /// Hashes the code units, so that equal strings in either form hash alike.
    fn hash<H: Hasher>(&self, state: &mut H) {
        for unit in self.units() {
            state.write_u16(unit);
        }
        state.write_usize(self.len_utf16());
    }
}

impl PartialEq<str> for StaticStr {
    fn eq(&self, other: &str) -> bool {
        match self {
            StaticStr::Utf8(s) => *s == other,
            StaticStr::Utf16(units) => units.iter().copied().eq(other.encode_utf16()),
        }
    }
}

impl PartialEq<&str> for StaticStr {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl From<&'static str> for StaticStr {
    fn from(s: &'static str) -> Self {
        StaticStr::Utf8(s)
    }
}

impl fmt::Display for StaticStr {
    /// Writes the string as UTF-8, lone surrogates as U+FFFD.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StaticStr::Utf8(s) => f.write_str(s),
            StaticStr::Utf16(units) => fmt::Display::fmt(&JsString::from_utf16(*units), f),
        }
    }
}

impl fmt::Debug for StaticStr {
    /// Writes the string as a JSON string literal (lone surrogates escaped).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_json_string(&mut out, &self.to_js_string());
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;

    #[test]
    fn both_forms_of_the_same_text_are_equal() {
        let utf8 = StaticStr::Utf8("a😀");
        let utf16 = StaticStr::Utf16(&[0x61, 0xD83D, 0xDE00]);
        assert_eq!(utf8, utf16);
        assert_eq!(utf16, "a😀");
        assert_ne!(utf16, "a");
        assert_eq!(utf8.len_utf16(), 3);
        assert!(utf8.code_points().eq(utf16.code_points()));
    }

    #[test]
    fn key_order_is_code_point_order() {
        // UTF-16 code-unit order would put U+FF61 after U+1F600 (0xD83D).
        let order = |a: StaticStr, b: StaticStr| a.code_points().cmp(b.code_points());
        let bmp = StaticStr::Utf8("\u{FF61}");
        let astral = StaticStr::Utf16(&[0xD83D, 0xDE00]);
        assert_eq!(order(bmp, astral), Ordering::Less);
        let lone = StaticStr::Utf16(&[0xDC00]);
        assert_eq!(order(lone, bmp), Ordering::Less);
        assert_eq!(order(astral, lone), Ordering::Greater);
        assert_eq!(
            order(StaticStr::Utf8("ab"), StaticStr::Utf8("a")),
            Ordering::Greater
        );
        // The same order as UTF-8 bytes for text.
        assert_eq!("\u{FF61}".cmp("\u{1F600}"), Ordering::Less);
    }
}
