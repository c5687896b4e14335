//! Deserializing: Rust types from a [`Value`] or a [`StaticValue`] (`&Value`
//! and `&StaticValue` are serde [`Deserializer`]s), and a [`Value`] from any
//! self-describing format.

use std::iter::Enumerate;
use std::slice;

use ::serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess,
    IntoDeserializer, MapAccess, SeqAccess, Unexpected, VariantAccess, Visitor,
};

use super::key::KeyDeserializer;
use super::node::{Node, Properties, Text, View};
use super::scalar::{describe, integer, integer_value, unsigned_value};
use super::{default_limits, Error, Walk, DEFAULT_MAX_DEPTH};
use crate::static_value::StaticValue;
use crate::value::{BigInt, JsString, ObjectBuilder, Value};
use crate::Limits;

/// Deserializes a `T` from `value`, nesting at most [`DEFAULT_MAX_DEPTH`]
/// levels (see [`from_value_with`]).
///
/// See the [module documentation](super) for how JavaScript values map to
/// Rust types.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    from_value_with(value, &default_limits())
}

/// [`from_value`] within explicit limits: at most `max_depth` levels of
/// nesting and `max_output_len` values reached (a shared value counts at
/// each place it occurs).
pub fn from_value_with<T: DeserializeOwned>(value: &Value, limits: &Limits) -> Result<T, Error> {
    let walk = Walk::new(limits);
    T::deserialize(ValueDeserializer::root(value, &walk)?)
}

/// Deserializes a `T` from a static value, nesting at most
/// [`DEFAULT_MAX_DEPTH`] levels (see [`from_static_with`]).
///
/// Strings are lent out: `T` may hold `&'static str`s of the static value
/// (a string with a lone surrogate cannot be lent, and is an error for a
/// `&str`, as for a `String`). Otherwise this is [`from_value`] of the
/// value's [`to_value`](StaticValue::to_value), without building it.
///
/// ```
/// use nanvm_runtime::serde::from_static;
/// use nanvm_runtime::static_value::{StaticObject, StaticStr, StaticValue};
/// use serde::Deserialize;
///
/// #[derive(Debug, PartialEq, Deserialize)]
/// struct Server {
///     host: &'static str,
///     port: u16,
/// }
///
/// static SERVER: StaticObject = StaticObject::new(&[
///     (StaticStr::Utf8("host"), StaticValue::String(StaticStr::Utf8("example.com"))),
///     (StaticStr::Utf8("port"), StaticValue::Number(8080.0)),
/// ]);
/// let server: Server = from_static(&StaticValue::Object(&SERVER)).unwrap();
/// assert_eq!(server, Server { host: "example.com", port: 8080 });
/// ```
pub fn from_static<T: Deserialize<'static>>(value: &StaticValue) -> Result<T, Error> {
    from_static_with(value, &default_limits())
}

/// [`from_static`] within explicit limits, as [`from_value_with`].
pub fn from_static_with<T: Deserialize<'static>>(
    value: &StaticValue,
    limits: &Limits,
) -> Result<T, Error> {
    let walk = Walk::new(limits);
    T::deserialize(ValueDeserializer::root(value, &walk)?)
}

/// A deserializer for one value of a graph being walked: a runtime
/// [`Value`] or a [`StaticValue`].
///
/// The only data it lends out is static text, which lives for every
/// lifetime, so it is a deserializer for every lifetime `'de`.
struct ValueDeserializer<'a, N> {
    value: &'a N,
    depth: usize,
    walk: &'a Walk,
}

impl<'a, N: Node> ValueDeserializer<'a, N> {
    fn root(value: &'a N, walk: &'a Walk) -> Result<Self, Error> {
        walk.reach(0)?;
        Ok(ValueDeserializer {
            value,
            depth: 0,
            walk,
        })
    }

    /// A deserializer for `value`, at nesting `depth`.
    fn nested(value: &'a N, depth: usize, walk: &'a Walk) -> Result<Self, Error> {
        walk.reach(depth)?;
        Ok(ValueDeserializer { value, depth, walk })
    }

    fn invalid_type(&self, expected: &dyn de::Expected) -> Error {
        de::Error::invalid_type(Unexpected::Other(&describe(self.value)), expected)
    }

    fn visit_array<'de, V: Visitor<'de>>(
        &self,
        array: &'a [N],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut items = ItemsDeserializer {
            items: array.iter().enumerate(),
            depth: self.depth + 1,
            walk: self.walk,
        };
        let result = visitor.visit_seq(&mut items)?;
        match items.items.len() {
            0 => Ok(result),
            _ => Err(de::Error::invalid_length(
                array.len(),
                &"fewer items in the array",
            )),
        }
    }

    fn visit_object<'de, V: Visitor<'de>>(
        &self,
        entries: Properties<'a, N>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let count = entries.len();
        let mut properties = PropertiesDeserializer {
            properties: entries,
            pending: None,
            depth: self.depth + 1,
            walk: self.walk,
        };
        let result = visitor.visit_map(&mut properties)?;
        match properties.properties.len() {
            0 => Ok(result),
            _ => Err(de::Error::invalid_length(
                count,
                &"fewer properties in the object",
            )),
        }
    }

    /// Deserializes an integer of type `T` (named `ty`) and hands it to `visit`.
    fn integer<'de, T, V>(
        self,
        ty: &str,
        visitor: V,
        visit: fn(V, T) -> Result<V::Value, Error>,
    ) -> Result<V::Value, Error>
    where
        T: TryFrom<i128> + TryFrom<u128> + for<'b> TryFrom<&'b BigInt>,
        V: Visitor<'de>,
    {
        match integer::<T>(self.value, ty)? {
            Some(n) => visit(visitor, n),
            None => Err(self.invalid_type(&visitor)),
        }
    }
}

/// A number as serde's self-describing formats give it: integral numbers
/// that an `i64` or `u64` holds as integers (so that an integer type can
/// take them, even through an untagged enum), the others (`-0`, `0.5`,
/// `1e300`, `NaN`) as `f64`.
fn visit_number<'de, V: Visitor<'de>>(n: f64, visitor: V) -> Result<V::Value, Error> {
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if n.fract() != 0.0 || (n == 0.0 && n.is_sign_negative()) {
        visitor.visit_f64(n)
    } else if (0.0..2.0 * TWO_POW_63).contains(&n) {
        visitor.visit_u64(n as u64)
    } else if (-TWO_POW_63..0.0).contains(&n) {
        visitor.visit_i64(n as i64)
    } else {
        visitor.visit_f64(n)
    }
}

/// A bigint as the smallest of `i64`, `u64`, `i128` and `u128` that holds it.
fn visit_bigint<'de, V: Visitor<'de>>(
    value: &impl Node,
    b: &BigInt,
    visitor: V,
) -> Result<V::Value, Error> {
    if let Ok(n) = i64::try_from(b) {
        visitor.visit_i64(n)
    } else if let Ok(n) = u64::try_from(b) {
        visitor.visit_u64(n)
    } else if let Ok(n) = i128::try_from(b) {
        visitor.visit_i128(n)
    } else if let Ok(n) = u128::try_from(b) {
        visitor.visit_u128(n)
    } else {
        Err(Error::new(format_args!(
            "invalid value: {} does not fit in 128 bits",
            describe(value)
        )))
    }
}

fn function_error() -> Error {
    Error::new("invalid type: function, a function cannot be deserialized")
}

macro_rules! deserialize_integers {
    ($($method:ident => $ty:ident, $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.integer::<$ty, V>(stringify!($ty), visitor, V::$visit)
        }
    )*};
}

impl<'de, N: Node> Deserializer<'de> for ValueDeserializer<'_, N> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::Undefined => visitor.visit_none(),
            View::Null => visitor.visit_unit(),
            View::Bool(b) => visitor.visit_bool(b),
            View::Number(n) => visit_number(n, visitor),
            View::String(s) => s.visit(visitor),
            View::BigInt(b) => visit_bigint(self.value, &b, visitor),
            View::Array(a) => self.visit_array(a, visitor),
            View::Object(o) => self.visit_object(o, visitor),
            View::Function => Err(function_error()),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::Bool(b) => visitor.visit_bool(b),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    deserialize_integers! {
        deserialize_i8 => i8, visit_i8;
        deserialize_i16 => i16, visit_i16;
        deserialize_i32 => i32, visit_i32;
        deserialize_i64 => i64, visit_i64;
        deserialize_i128 => i128, visit_i128;
        deserialize_u8 => u8, visit_u8;
        deserialize_u16 => u16, visit_u16;
        deserialize_u32 => u32, visit_u32;
        deserialize_u64 => u64, visit_u64;
        deserialize_u128 => u128, visit_u128;
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::Number(n) => visitor.visit_f64(n),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::String(s) => s.visit(visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::String(s) => s.visit(visitor),
            View::Array(a) => self.visit_array(a, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::Undefined | View::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::Undefined | View::Null => visitor.visit_unit(),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::Array(a) => self.visit_array(a, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.view() {
            View::Object(o) => self.visit_object(o, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.value.view() {
            View::Object(o) => self.visit_object(o, visitor),
            View::Array(a) => self.visit_array(a, visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let (variant, content) = match self.value.view() {
            View::String(s) => (s, None),
            View::Object(mut entries) => match (entries.len(), entries.next()) {
                (1, Some((key, value))) => (N::key_text(key), Some(value)),
                (count, _) => {
                    return Err(de::Error::invalid_value(
                        Unexpected::Other(&format!("object with {count} properties")),
                        &"a string or an object with one property",
                    ))
                }
            },
            _ => return Err(self.invalid_type(&"a string or an object with one property")),
        };
        visitor.visit_enum(EnumDeserializer {
            variant,
            content,
            depth: self.depth + 1,
            walk: self.walk,
        })
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// The items of an array, for [`SeqAccess`].
struct ItemsDeserializer<'a, N> {
    items: Enumerate<slice::Iter<'a, N>>,
    depth: usize,
    walk: &'a Walk,
}

impl<'de, N: Node> SeqAccess<'de> for ItemsDeserializer<'_, N> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some((index, item)) = self.items.next() else {
            return Ok(None);
        };
        ValueDeserializer::nested(item, self.depth, self.walk)
            .and_then(|item| seed.deserialize(item))
            .map(Some)
            .map_err(|e| e.at_index(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The properties of an object, for [`MapAccess`].
struct PropertiesDeserializer<'a, N: Node> {
    properties: Properties<'a, N>,
    /// The property whose key was read and whose value is to be read next.
    pending: Option<(&'a N::Key, &'a N)>,
    depth: usize,
    walk: &'a Walk,
}

impl<'de, N: Node> MapAccess<'de> for PropertiesDeserializer<'_, N> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(property) = self.properties.next() else {
            return Ok(None);
        };
        self.pending = Some(property);
        let key = N::key_text(property.0);
        seed.deserialize(KeyDeserializer::new(key))
            .map(Some)
            .map_err(|e| e.at_key(&key.to_str_lossy()))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom(
                "a property's value was asked for before its key",
            ));
        };
        ValueDeserializer::nested(value, self.depth, self.walk)
            .and_then(|value| seed.deserialize(value))
            .map_err(|e| e.at_key(&N::key_text(key).to_str_lossy()))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.properties.len())
    }
}

/// An enum: a variant's name, with its content unless it is a unit variant
/// written as a string.
struct EnumDeserializer<'a, N> {
    variant: Text<'a>,
    content: Option<&'a N>,
    depth: usize,
    walk: &'a Walk,
}

impl<'de, N: Node> EnumAccess<'de> for EnumDeserializer<'_, N> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<(T::Value, Self), Error> {
        let variant = seed.deserialize(KeyDeserializer::new(self.variant))?;
        Ok((variant, self))
    }
}

impl<'a, N: Node> EnumDeserializer<'a, N> {
    /// The content, as a value nested in the variant's object.
    fn content(&self, expected: &str) -> Result<ValueDeserializer<'a, N>, Error> {
        match self.content {
            Some(content) => ValueDeserializer::nested(content, self.depth, self.walk),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &expected)),
        }
    }

    fn at_variant(&self, e: Error) -> Error {
        e.at_key(&self.variant.to_str_lossy())
    }
}

impl<'de, N: Node> VariantAccess<'de> for EnumDeserializer<'_, N> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.content {
            None => Ok(()),
            Some(other) if matches!(other.view(), View::Undefined | View::Null) => Ok(()),
            Some(other) => Err(self.at_variant(de::Error::invalid_type(
                Unexpected::Other(&describe(other)),
                &"a unit variant",
            ))),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        self.content("a newtype variant")
            .and_then(|content| seed.deserialize(content))
            .map_err(|e| self.at_variant(e))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.content("a tuple variant")
            .and_then(|content| content.deserialize_seq(visitor))
            .map_err(|e| self.at_variant(e))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.content("a struct variant")
            .and_then(|content| content.deserialize_struct("", fields, visitor))
            .map_err(|e| self.at_variant(e))
    }
}

macro_rules! deserialize_from_root {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
            let walk = Walk::new(&default_limits());
            ValueDeserializer::root(self, &walk)?.$method($($arg,)* visitor)
        }
    )*};
}

/// Implements serde's [`Deserializer`] and [`IntoDeserializer`] for
/// references to a value type: each walks from the value as a root, within
/// the limits [`from_value`] has.
macro_rules! root_deserializer {
    ($(#[$doc:meta])* $target:ty) => {
        $(#[$doc])*
        impl<'de> Deserializer<'de> for &$target {
            type Error = Error;

            deserialize_from_root! {
                deserialize_any();
                deserialize_bool();
                deserialize_i8();
                deserialize_i16();
                deserialize_i32();
                deserialize_i64();
                deserialize_i128();
                deserialize_u8();
                deserialize_u16();
                deserialize_u32();
                deserialize_u64();
                deserialize_u128();
                deserialize_f32();
                deserialize_f64();
                deserialize_char();
                deserialize_str();
                deserialize_string();
                deserialize_bytes();
                deserialize_byte_buf();
                deserialize_option();
                deserialize_unit();
                deserialize_unit_struct(name: &'static str);
                deserialize_newtype_struct(name: &'static str);
                deserialize_seq();
                deserialize_tuple(len: usize);
                deserialize_tuple_struct(name: &'static str, len: usize);
                deserialize_map();
                deserialize_struct(name: &'static str, fields: &'static [&'static str]);
                deserialize_enum(name: &'static str, variants: &'static [&'static str]);
                deserialize_identifier();
                deserialize_ignored_any();
            }
        }

        impl<'de, 'a> IntoDeserializer<'de, Error> for &'a $target {
            type Deserializer = &'a $target;

            fn into_deserializer(self) -> Self::Deserializer {
                self
            }
        }
    };
}

root_deserializer!(
    /// `&Value` is a deserializer, as `&serde_json::Value` is: it walks the
    /// value within the limits [`from_value`] has. [`from_value`] is the
    /// usual way in.
    Value
);

root_deserializer!(
    /// `&StaticValue` is a deserializer, lending out its strings as
    /// `&'static str`: [`from_static`] is the usual way in.
    StaticValue
);

/// A [`Value`] from any self-describing format (`serde_json::from_str`, …).
///
/// serde's integers become numbers when a double holds them exactly and
/// bigints otherwise, so no precision is lost; serde's none is `undefined`,
/// its unit `null`; bytes become an array of numbers; map keys must be
/// strings. Nesting deeper than [`DEFAULT_MAX_DEPTH`] is an error.
impl<'de> de::Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor { depth: 0 })
    }
}

/// Builds a [`Value`] at nesting `depth` from what a format visits.
#[derive(Clone, Copy)]
struct ValueVisitor {
    depth: usize,
}

impl ValueVisitor {
    fn child<E: de::Error>(self) -> Result<Self, E> {
        let depth = self.depth + 1;
        if depth > DEFAULT_MAX_DEPTH {
            return Err(E::custom(format_args!(
                "value nests deeper than the limit of {}",
                DEFAULT_MAX_DEPTH
            )));
        }
        Ok(ValueVisitor { depth })
    }
}

impl<'de> DeserializeSeed<'de> for ValueVisitor {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(integer_value(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Ok(integer_value(n.into()))
    }

    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Value, E> {
        Ok(integer_value(n))
    }

    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Value, E> {
        Ok(unsigned_value(n))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Number(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::string(s))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Value, E> {
        Ok(Value::array(
            bytes.iter().map(|&b| Value::from(u32::from(b))),
        ))
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Undefined)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let child = self.child()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(child)? {
            items.push(item);
        }
        Ok(Value::from(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let child = self.child()?;
        let mut object = ObjectBuilder::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(child)?;
            object.insert(JsString::from(key), value);
        }
        Ok(Value::Object(object.build()))
    }
}
