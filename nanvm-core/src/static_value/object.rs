//! Static objects: properties in JavaScript's order, and a key index for
//! lookups in large objects.

use std::cmp::Ordering;
use std::fmt;
use std::iter::FusedIterator;
use std::slice;

use super::string::code_points;
use super::{to_value, StaticStr, StaticValue};
use crate::value::Value;

/// Objects with at most this many properties are searched linearly; larger
/// ones get a key index from the generated code.
pub(crate) const LINEAR_LOOKUP_MAX: usize = 8;

/// A JavaScript object in static memory: string keys in JavaScript's own
/// property order (array-index keys first in ascending order, then the
/// other keys in insertion order), as `Object.keys` lists them.
///
/// Its address is its identity, as for [`StaticArray`](super::StaticArray):
/// the generated code writes each object as its own `static`.
///
/// Lookups by key search the properties linearly, or, when `index` lists
/// every property, by binary search in `index`: the positions of the
/// properties sorted by key, comparing keys by code points (the byte order
/// of their UTF-8, a lone surrogate counting as its own code point). The
/// generated code writes an index for objects of more than eight
/// properties. A wrong index makes lookups miss; it never makes them panic.
///
/// ```
/// use nanvm_runtime::static_value::{StaticObject, StaticStr, StaticValue};
///
/// static SERVER: StaticObject = StaticObject::new(&[
///     (StaticStr::Utf8("host"), StaticValue::String(StaticStr::Utf8("example.com"))),
///     (StaticStr::Utf8("port"), StaticValue::Number(8080.0)),
/// ]);
///
/// assert_eq!(SERVER.get("port").and_then(StaticValue::as_u64), Some(8080));
/// assert!(SERVER.get("user").is_none());
/// let keys: Vec<String> = SERVER.keys().map(|k| k.to_string()).collect();
/// assert_eq!(keys, ["host", "port"]);
///
/// // With an index: positions sorted by key ("host" < "port" < "tls").
/// static INDEXED: StaticObject = StaticObject::with_index(
///     &[
///         (StaticStr::Utf8("tls"), StaticValue::Bool(true)),
///         (StaticStr::Utf8("port"), StaticValue::Number(443.0)),
///         (StaticStr::Utf8("host"), StaticValue::Null),
///     ],
///     &[2, 1, 0],
/// );
/// assert_eq!(INDEXED.get("tls").and_then(StaticValue::as_bool), Some(true));
/// ```
pub struct StaticObject {
    /// The properties, in JavaScript's property order.
    pub entries: &'static [(StaticStr, StaticValue)],
    /// The positions in `entries` sorted by key, for binary search; empty
    /// for a linear search (see the [type's documentation](StaticObject)).
    pub index: &'static [u32],
}

impl StaticObject {
    /// An object with these properties, searched linearly.
    pub const fn new(entries: &'static [(StaticStr, StaticValue)]) -> Self {
        StaticObject {
            entries,
            index: &[],
        }
    }

    /// An object with these properties and a key index: the positions of
    /// the properties sorted by key (see the [type's documentation](StaticObject)).
    pub const fn with_index(
        entries: &'static [(StaticStr, StaticValue)],
        index: &'static [u32],
    ) -> Self {
        StaticObject { entries, index }
    }

    /// The number of properties.
    pub const fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the object has no properties.
    pub const fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of the property `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<&'static StaticValue> {
        self.find(
            |k| *k == key,
            |k| match k {
                StaticStr::Utf8(k) => k.cmp(&key),
                StaticStr::Utf16(_) => k.code_points().cmp(key.chars().map(u32::from)),
            },
        )
    }

    /// The value of the property whose key is these UTF-16 code units (which
    /// may hold lone surrogates), if there is one.
    pub fn get_utf16(&self, key: &[u16]) -> Option<&'static StaticValue> {
        self.find(
            |k| k.units().eq(key.iter().copied()),
            |k| k.code_points().cmp(code_points(key.iter().copied())),
        )
    }

    /// Whether the object has the property `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Finds a property by equality (`matches`) or, with a full index, by
    /// binary search (`order` compares a key with the one searched for).
    fn find(
        &self,
        matches: impl Fn(&StaticStr) -> bool,
        order: impl Fn(&StaticStr) -> Ordering,
    ) -> Option<&'static StaticValue> {
        let entries = self.entries;
        if self.index.is_empty() || self.index.len() != entries.len() {
            return entries.iter().find(|(k, _)| matches(k)).map(|(_, v)| v);
        }
        let entry = |i: u32| entries.get(usize::try_from(i).ok()?);
        let position = self
            .index
            .binary_search_by(|&i| entry(i).map_or(Ordering::Less, |(k, _)| order(k)))
            .ok()?;
        entry(self.index[position]).map(|(_, v)| v)
    }

    /// The properties as `(key, value)` pairs, in property order.
    pub fn iter(&self) -> Entries {
        Entries(self.entries.iter())
    }

    /// The keys, in property order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &'static StaticStr> + DoubleEndedIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values, in property order.
    pub fn values(
        &self,
    ) -> impl ExactSizeIterator<Item = &'static StaticValue> + DoubleEndedIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The object as a runtime value: see [`StaticValue::to_value`].
    pub fn to_value(&self) -> Value {
        to_value::object(self)
    }
}

/// The key index of an object with these keys (UTF-16 code units, in
/// property order): the positions sorted by key in the order
/// [`StaticObject`] searches; empty when the object is small enough to be
/// searched linearly.
pub(crate) fn key_index(keys: &[&[u16]]) -> Vec<u32> {
    if keys.len() <= LINEAR_LOOKUP_MAX {
        return Vec::new();
    }
    let Ok(mut index) = (0..keys.len())
        .map(u32::try_from)
        .collect::<Result<Vec<u32>, _>>()
    else {
        return Vec::new();
    };
    let key = |i: u32| code_points(keys[i as usize].iter().copied());
    index.sort_unstable_by(|&a, &b| key(a).cmp(key(b)));
    index
}

/// The properties of a [`StaticObject`] (see [`StaticObject::iter`]).
#[derive(Clone)]
pub struct Entries(slice::Iter<'static, (StaticStr, StaticValue)>);

impl Iterator for Entries {
    type Item = (&'static StaticStr, &'static StaticValue);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Entries {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl ExactSizeIterator for Entries {}

impl FusedIterator for Entries {}

impl IntoIterator for &StaticObject {
    type Item = (&'static StaticStr, &'static StaticValue);
    type IntoIter = Entries;

    fn into_iter(self) -> Entries {
        self.iter()
    }
}

impl fmt::Display for StaticObject {
    /// Writes the object as the text of a DJS module (see [`StaticValue`]'s
    /// `Display`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_value(), f)
    }
}

impl fmt::Debug for StaticObject {
    /// Writes the object as the text of a DJS module, as `Display` does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An object with these keys, each mapped to its position, and its
    /// generated key index.
    fn object(keys: Vec<Vec<u16>>) -> StaticObject {
        let units: Vec<&[u16]> = keys.iter().map(Vec::as_slice).collect();
        let index = key_index(&units).leak();
        let entries: Vec<(StaticStr, StaticValue)> = keys
            .into_iter()
            .enumerate()
            .map(|(i, k)| {
                let key = match String::from_utf16(&k) {
                    Ok(text) => StaticStr::Utf8(text.leak()),
                    Err(_) => StaticStr::Utf16(k.leak()),
                };
                (key, StaticValue::Number(i as f64))
            })
            .collect();
        StaticObject::with_index(entries.leak(), index)
    }

    #[test]
    fn indexed_lookups_find_every_key_and_nothing_else() {
        let mut keys: Vec<Vec<u16>> = (0..200)
            .map(|i| format!("k{}", i * 7 % 200).encode_utf16().collect())
            .collect();
        keys.extend([
            vec![0xD800],
            vec![0xDC00, 0x61],
            "\u{FF61}".encode_utf16().collect(),
            "\u{1F600}".encode_utf16().collect(),
            Vec::new(),
        ]);
        let o = object(keys.clone());
        assert_eq!(o.index.len(), o.len());
        for (i, k) in keys.iter().enumerate() {
            let expected = Some(i as f64);
            assert_eq!(o.get_utf16(k).and_then(StaticValue::as_f64), expected);
            if let Ok(text) = String::from_utf16(k) {
                assert_eq!(
                    o.get(&text).and_then(StaticValue::as_f64),
                    expected,
                    "{text}"
                );
            }
        }
        for missing in ["k200", "k", "", "\u{FF62}", "zz"] {
            assert_eq!(o.get(missing).is_some(), missing.is_empty(), "{missing}");
        }
        assert!(o.get_utf16(&[0xD801]).is_none());
    }

    #[test]
    fn small_objects_need_no_index() {
        let o = object((0..8).map(|i| vec![0x61 + i]).collect());
        assert!(o.index.is_empty());
        assert_eq!(o.get("h").and_then(StaticValue::as_f64), Some(7.0));
        assert!(o.get("i").is_none());
    }

    #[test]
    fn a_wrong_index_misses_without_panicking() {
        static WRONG: StaticObject = StaticObject::with_index(
            &[
                (StaticStr::Utf8("a"), StaticValue::Null),
                (StaticStr::Utf8("b"), StaticValue::Null),
            ],
            &[7, 0],
        );
        // "b" is not in the index; "a" may or may not be found, but never
        // as another property's value.
        assert!(WRONG.get("b").is_none());
        assert!(WRONG
            .get("a")
            .is_none_or(|v| std::ptr::eq(v, &WRONG.entries[0].1)));
    }
}
