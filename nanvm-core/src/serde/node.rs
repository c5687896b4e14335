//! What serde's walks see of a value: runtime [`Value`]s and
//! [`StaticValue`]s through one view, so that one deserializer and one
//! serializer serve both.

use std::borrow::Cow;

use ::serde::de::Visitor;

use super::Error;
use crate::static_value::{StaticStr, StaticValue};
use crate::value::{BigInt, JsString, Value};

/// A value of a graph that serde walks.
pub(crate) trait Node: Sized {
    /// The type of object keys.
    type Key;

    /// The value, as the walks see it.
    fn view(&self) -> View<'_, Self>;

    /// An object key, as text.
    fn key_text(key: &Self::Key) -> Text<'_>;
}

/// A value as the walks see it.
pub(crate) enum View<'a, N: Node> {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(Text<'a>),
    BigInt(Cow<'a, BigInt>),
    Array(&'a [N]),
    Object(Properties<'a, N>),
    Function,
}

/// The properties of an object, in order: key-value pairs (static
/// objects) or keys and values side by side (runtime objects).
pub(crate) enum Properties<'a, N: Node> {
    Pairs(std::slice::Iter<'a, (N::Key, N)>),
    Split(std::iter::Zip<std::slice::Iter<'a, N::Key>, std::slice::Iter<'a, N>>),
}

impl<N: Node> Clone for Properties<'_, N> {
    fn clone(&self) -> Self {
        match self {
            Properties::Pairs(p) => Properties::Pairs(p.clone()),
            Properties::Split(p) => Properties::Split(p.clone()),
        }
    }
}

impl<'a, N: Node> Iterator for Properties<'a, N> {
    type Item = (&'a N::Key, &'a N);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Properties::Pairs(p) => p.next().map(|(k, v)| (k, v)),
            Properties::Split(p) => p.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Properties::Pairs(p) => p.size_hint(),
            Properties::Split(p) => p.size_hint(),
        }
    }
}

impl<N: Node> ExactSizeIterator for Properties<'_, N> {}

/// A string: UTF-16 code units (a runtime string, or a static one with a
/// lone surrogate), or static text, which deserializing lends out as it is.
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    Units(&'a [u16]),
    Static(&'static str),
}

impl<'a> Text<'a> {
    /// The text as Rust text, or an error naming its first lone surrogate:
    /// a Rust string cannot hold one.
    pub(crate) fn to_str(self) -> Result<Cow<'a, str>, Error> {
        match self {
            Text::Static(s) => Ok(Cow::Borrowed(s)),
            Text::Units(units) => match String::from_utf16(units) {
                Ok(s) => Ok(Cow::Owned(s)),
                Err(_) => Err(lone_surrogate(units)),
            },
        }
    }

    /// The text as Rust text, each lone surrogate replaced by U+FFFD.
    pub(crate) fn to_str_lossy(self) -> Cow<'a, str> {
        match self {
            Text::Static(s) => Cow::Borrowed(s),
            Text::Units(units) => Cow::Owned(String::from_utf16_lossy(units)),
        }
    }

    /// Hands the text to `visitor`: static text borrowed (for `&'de str`
    /// fields, whatever `'de` is), other text as a new `String`.
    pub(crate) fn visit<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Text::Static(s) => visitor.visit_borrowed_str(s),
            Text::Units(_) => visitor.visit_string(self.to_str()?.into_owned()),
        }
    }

    /// [`visit`](Self::visit) of the lossy text: for names, which a lone
    /// surrogate need not fail (it matches no Rust name).
    pub(crate) fn visit_lossy<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Text::Static(s) => visitor.visit_borrowed_str(s),
            Text::Units(units) => visitor.visit_string(String::from_utf16_lossy(units)),
        }
    }

    /// The text as a runtime string.
    pub(crate) fn to_js_string(self) -> JsString {
        match self {
            Text::Static(s) => JsString::from(s),
            Text::Units(units) => JsString::from_utf16(units),
        }
    }
}

impl<'a> From<&'a JsString> for Text<'a> {
    fn from(s: &'a JsString) -> Self {
        Text::Units(s.as_units())
    }
}

impl From<StaticStr> for Text<'_> {
    fn from(s: StaticStr) -> Self {
        match s {
            StaticStr::Utf8(s) => Text::Static(s),
            StaticStr::Utf16(units) => Text::Units(units),
        }
    }
}

/// The error for a string with a lone surrogate, naming it and its index.
fn lone_surrogate(units: &[u16]) -> Error {
    let mut index = 0;
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => index += c.len_utf16(),
            Err(e) => {
                return Error::new(format_args!(
                    "invalid value: string {} holds a lone surrogate (\\u{:04x} at index {index}), \
                     which a Rust string cannot hold",
                    super::scalar::quote(Text::Units(units)),
                    e.unpaired_surrogate(),
                ))
            }
        }
    }
    Error::new("invalid value: string is not well-formed UTF-16")
}

impl Node for Value {
    type Key = JsString;

    fn view(&self) -> View<'_, Self> {
        match self {
            Value::Undefined => View::Undefined,
            Value::Null => View::Null,
            Value::Bool(b) => View::Bool(*b),
            Value::Number(n) => View::Number(*n),
            Value::String(s) => View::String(s.into()),
            Value::BigInt(b) => View::BigInt(Cow::Borrowed(b)),
            Value::Array(a) => View::Array(a.items()),
            Value::Object(o) => View::Object(Properties::Split(o.entries())),
            Value::Function(_) => View::Function,
        }
    }

    fn key_text(key: &JsString) -> Text<'_> {
        key.into()
    }
}

impl Node for StaticValue {
    type Key = StaticStr;

    fn view(&self) -> View<'_, Self> {
        match self {
            StaticValue::Undefined => View::Undefined,
            StaticValue::Null => View::Null,
            StaticValue::Bool(b) => View::Bool(*b),
            StaticValue::Number(n) => View::Number(*n),
            StaticValue::String(s) => View::String((*s).into()),
            StaticValue::BigInt(b) => View::BigInt(Cow::Owned(b.to_bigint())),
            StaticValue::Array(a) => View::Array(a.items),
            StaticValue::Object(o) => View::Object(Properties::Pairs(o.entries.iter())),
        }
    }

    fn key_text(key: &StaticStr) -> Text<'_> {
        (*key).into()
    }
}
