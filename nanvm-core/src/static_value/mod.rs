//! Static values: a DJS value graph in `static` memory, ready at compile
//! time, with no allocation and no initialisation at run time.
//!
//! A [`StaticValue`] is what the macros and build scripts of nanvm embed in a
//! Rust program (written by [`to_rust_static`](crate::serialize::to_rust_static)).
//! It holds the same values as a runtime [`Value`], with `&'static`
//! references in place of `Rc`s:
//!
//! - strings are [`StaticStr`]: `&'static str`, or UTF-16 code units for a
//!   string that holds a lone surrogate;
//! - bigints are [`StaticBigInt`]: a sign and 64-bit limbs;
//! - arrays are [`StaticArray`]s and objects [`StaticObject`]s, each its own
//!   `static`: **a container's address is its identity**, so a value that
//!   the DJS graph reaches along two paths is one `static` reached from
//!   both places (`std::ptr::eq` holds), and [`to_value`](StaticValue::to_value)
//!   turns it into one `Rc`.
//!
//! Reading is like reading a `serde_json::Value`: index by key or position
//! (a miss gives `undefined`, as in JavaScript), `as_*` accessors,
//! iteration, and, with the `serde` feature, deserialization into your own
//! types (`nanvm_runtime::serde::from_static`), borrowing `&'static str`s.
//! `Display` writes the DJS module text that
//! [`to_djs`](crate::serialize::to_djs) writes for the same graph.
//!
//! ```
//! use nanvm_runtime::static_value::{StaticArray, StaticObject, StaticStr, StaticValue};
//!
//! // What the generated code looks like, written by hand: the array is
//! // shared by two properties.
//! static PORTS: StaticArray = StaticArray::new(&[StaticValue::Number(80.0), StaticValue::Number(443.0)]);
//! static ROOT: StaticObject = StaticObject::new(&[
//!     (StaticStr::Utf8("name"), StaticValue::String(StaticStr::Utf8("web"))),
//!     (StaticStr::Utf8("ports"), StaticValue::Array(&PORTS)),
//!     (StaticStr::Utf8("open"), StaticValue::Array(&PORTS)),
//! ]);
//! static CONFIG: StaticValue = StaticValue::Object(&ROOT);
//!
//! assert_eq!(CONFIG["name"].as_str(), Some("web"));
//! assert_eq!(CONFIG["ports"][1].as_u64(), Some(443));
//! assert!(CONFIG["missing"].is_undefined());
//! assert!(std::ptr::eq(CONFIG["ports"].as_array().unwrap(), CONFIG["open"].as_array().unwrap()));
//! assert_eq!(
//!     CONFIG.to_string(),
//!     "const c0 = [80,443]\nexport default {\"name\":\"web\",\"ports\":c0,\"open\":c0}"
//! );
//! ```

mod array;
mod bigint;
mod object;
mod string;
mod to_value;

use std::fmt;
use std::ops;

pub use array::StaticArray;
pub use bigint::StaticBigInt;
pub use object::{Entries, StaticObject};
pub use string::{StaticStr, Units};

pub(crate) use object::key_index;

use crate::value::{same_number, BigInt, Kind, Value};

/// A JavaScript value in static memory (see the [module documentation](self)).
///
/// `Clone` and `Copy` copy the reference to an array or object, not the
/// container: a copy is the same value, identity included.
#[derive(Clone, Copy, Default)]
pub enum StaticValue {
    /// `undefined`.
    #[default]
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number: an IEEE-754 double, including -0, ±Infinity and NaN.
    Number(f64),
    /// A string.
    String(StaticStr),
    /// A bigint.
    BigInt(&'static StaticBigInt),
    /// An array.
    Array(&'static StaticArray),
    /// An object.
    Object(&'static StaticObject),
}

/// What indexing gives for a missing property or item.
static UNDEFINED: StaticValue = StaticValue::Undefined;

/// 2^63, which a double holds exactly.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

impl StaticValue {
    /// The kind of this value (never [`Kind::Function`]).
    pub fn kind(&self) -> Kind {
        match self {
            StaticValue::Undefined => Kind::Undefined,
            StaticValue::Null => Kind::Null,
            StaticValue::Bool(_) => Kind::Bool,
            StaticValue::Number(_) => Kind::Number,
            StaticValue::String(_) => Kind::String,
            StaticValue::BigInt(_) => Kind::BigInt,
            StaticValue::Array(_) => Kind::Array,
            StaticValue::Object(_) => Kind::Object,
        }
    }

    /// Whether this is `undefined`.
    pub fn is_undefined(&self) -> bool {
        matches!(self, StaticValue::Undefined)
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, StaticValue::Null)
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            StaticValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            StaticValue::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The integer this number or bigint is exactly, if it is in `i64`'s
    /// range: `2` and `2n` are `2`, `-0` is `0`; `2.5`, `NaN` and `2**63`
    /// are `None`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            StaticValue::Number(n) if n.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(n) => {
                Some(*n as i64)
            }
            StaticValue::BigInt(b) => b.to_i64(),
            _ => None,
        }
    }

    /// The integer this number or bigint is exactly, if it is in `u64`'s
    /// range (see [`as_i64`](Self::as_i64)).
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            StaticValue::Number(n) if n.fract() == 0.0 && (0.0..2.0 * TWO_POW_63).contains(n) => {
                Some(*n as u64)
            }
            StaticValue::BigInt(b) => b.to_u64(),
            _ => None,
        }
    }

    /// The string as Rust text, if this is a string without lone surrogates.
    pub fn as_str(&self) -> Option<&'static str> {
        self.as_static_str()?.as_str()
    }

    /// The string, if this is one (lone surrogates included).
    pub fn as_static_str(&self) -> Option<StaticStr> {
        match self {
            StaticValue::String(s) => Some(*s),
            _ => None,
        }
    }

    /// The bigint, if this is one.
    pub fn as_bigint(&self) -> Option<BigInt> {
        self.as_static_bigint().map(StaticBigInt::to_bigint)
    }

    /// The bigint as it is stored, if this is one.
    pub fn as_static_bigint(&self) -> Option<&'static StaticBigInt> {
        match self {
            StaticValue::BigInt(b) => Some(b),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&'static StaticArray> {
        match self {
            StaticValue::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&'static StaticObject> {
        match self {
            StaticValue::Object(o) => Some(o),
            _ => None,
        }
    }

    /// A property of an object or an item of an array, as JavaScript's
    /// `value[key]` finds it (own properties only): a string key names a
    /// property of an object or, when it is an array index (`"0"`, `"17"`),
    /// an item of an array; a `usize` names an item of an array or the
    /// property of that decimal name of an object. `None` when there is no
    /// such property, and for primitives.
    ///
    /// Indexing (`value["key"]`, `value[0]`) is the same lookup, giving
    /// `undefined` when this gives `None`.
    pub fn get<K: Lookup>(&self, key: K) -> Option<&'static StaticValue> {
        key.find_in(self)
    }

    /// JavaScript's `Object.is`: primitives by value (NaN is NaN, 0 is not
    /// -0, strings by code units), arrays and objects by identity (address).
    pub fn is(a: &StaticValue, b: &StaticValue) -> bool {
        match (a, b) {
            (StaticValue::Undefined, StaticValue::Undefined)
            | (StaticValue::Null, StaticValue::Null) => true,
            (StaticValue::Bool(x), StaticValue::Bool(y)) => x == y,
            (StaticValue::Number(x), StaticValue::Number(y)) => same_number(*x, *y),
            (StaticValue::String(x), StaticValue::String(y)) => x == y,
            (StaticValue::BigInt(x), StaticValue::BigInt(y)) => x == y,
            (StaticValue::Array(x), StaticValue::Array(y)) => std::ptr::eq(*x, *y),
            (StaticValue::Object(x), StaticValue::Object(y)) => std::ptr::eq(*x, *y),
            _ => false,
        }
    }

    /// The value as a runtime [`Value`]. Sharing is kept: each static array
    /// or object becomes one `Rc`, wherever it is referred to from. An
    /// object's properties are defined in its order, as an object literal
    /// would define them (so an object written by hand in another order
    /// comes out in JavaScript's order, and a repeated key once).
    pub fn to_value(&self) -> Value {
        to_value::value(self)
    }
}

/// What [`StaticValue::get`] and indexing take: a property key (`&str`,
/// `String`) or an array position (`usize`).
pub trait Lookup: sealed::Sealed {
    /// Finds the property or item this names in `value`.
    #[doc(hidden)]
    fn find_in(&self, value: &StaticValue) -> Option<&'static StaticValue>;
}

mod sealed {
    /// Keeps [`Lookup`](super::Lookup) to the key types of this crate.
    pub trait Sealed {}
    impl Sealed for str {}
    impl Sealed for String {}
    impl Sealed for usize {}
    impl<T: Sealed + ?Sized> Sealed for &T {}
}

impl Lookup for str {
    fn find_in(&self, value: &StaticValue) -> Option<&'static StaticValue> {
        match value {
            StaticValue::Object(o) => o.get(self),
            StaticValue::Array(a) => a.get(array_index(self)?),
            _ => None,
        }
    }
}

impl Lookup for String {
    fn find_in(&self, value: &StaticValue) -> Option<&'static StaticValue> {
        self.as_str().find_in(value)
    }
}

impl Lookup for usize {
    fn find_in(&self, value: &StaticValue) -> Option<&'static StaticValue> {
        match value {
            StaticValue::Array(a) => a.get(*self),
            StaticValue::Object(o) => o.get(&self.to_string()),
            _ => None,
        }
    }
}

impl<T: Lookup + ?Sized> Lookup for &T {
    fn find_in(&self, value: &StaticValue) -> Option<&'static StaticValue> {
        (**self).find_in(value)
    }
}

/// The array index `key` denotes, if it is one (canonical decimal below
/// 2^32 - 1, as JavaScript's array indices).
fn array_index(key: &str) -> Option<usize> {
    let mut units = [0u16; 10];
    let digits = units.get_mut(..key.len())?;
    for (unit, byte) in digits.iter_mut().zip(key.bytes()) {
        *unit = u16::from(byte);
    }
    usize::try_from(crate::value::array_index(digits)?).ok()
}

impl<K: Lookup> ops::Index<K> for StaticValue {
    type Output = StaticValue;

    /// The property or item `key` names (see [`StaticValue::get`]), or
    /// `undefined`, as JavaScript gives for a missing one.
    fn index(&self, key: K) -> &StaticValue {
        self.get(key).unwrap_or(&UNDEFINED)
    }
}

impl PartialEq for StaticValue {
    /// Deep structural equality, as the runtime [`Value`]'s: numbers
    /// compare with `Object.is`, arrays item by item, objects key by key in
    /// order. Identity is not compared (see [`StaticValue::is`]).
    fn eq(&self, other: &Self) -> bool {
        let mut pending = vec![(*self, *other)];
        while let Some(pair) = pending.pop() {
            match pair {
                (StaticValue::Array(x), StaticValue::Array(y)) => {
                    if std::ptr::eq(x, y) {
                        continue;
                    }
                    if x.len() != y.len() {
                        return false;
                    }
                    pending.extend(x.items.iter().copied().zip(y.items.iter().copied()));
                }
                (StaticValue::Object(x), StaticValue::Object(y)) => {
                    if std::ptr::eq(x, y) {
                        continue;
                    }
                    if x.len() != y.len() {
                        return false;
                    }
                    for ((k, v), (l, w)) in x.entries.iter().zip(y.entries) {
                        if k != l {
                            return false;
                        }
                        pending.push((*v, *w));
                    }
                }
                (a, b) => {
                    if !StaticValue::is(&a, &b) {
                        return false;
                    }
                }
            }
        }
        true
    }
}

impl PartialEq<str> for StaticValue {
    /// Whether this is the string `other`.
    fn eq(&self, other: &str) -> bool {
        matches!(self, StaticValue::String(s) if *s == *other)
    }
}

impl PartialEq<&str> for StaticValue {
    /// Whether this is the string `other`.
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<bool> for StaticValue {
    /// Whether this is the boolean `other`.
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl PartialEq<f64> for StaticValue {
    /// Whether this is the number `other`, compared with `Object.is`.
    fn eq(&self, other: &f64) -> bool {
        self.as_f64().is_some_and(|n| same_number(n, *other))
    }
}

impl fmt::Display for StaticValue {
    /// Writes the value as the text of a DJS module, exactly as
    /// [`to_djs`](crate::serialize::to_djs) writes the runtime value
    /// [`to_value`](StaticValue::to_value) makes: shared arrays and objects
    /// become `const`s. (A value that DJS cannot write, such as NaN, is
    /// written as `<` the error `>`, as the runtime value's `Display` does.)
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_value(), f)
    }
}

impl fmt::Debug for StaticValue {
    /// Writes the value as a DJS module, as `Display` does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
pub(crate) mod tests;
