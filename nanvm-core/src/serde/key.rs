//! Object keys: JavaScript property keys are strings, and integers stand for
//! their canonical decimal form, as in JavaScript's `{[1]: x}`.

use std::fmt::Display;
use std::str::FromStr;

use ::serde::de::{self, Deserializer, IntoDeserializer, Unexpected, Visitor};
use ::serde::forward_to_deserialize_any;
use ::serde::ser::{Impossible, Serialize, Serializer};

use super::node::Text;
use super::Error;
use crate::value::JsString;

/// Deserializes an object key: a string, or an integer type when the key is
/// an integer's canonical decimal form (`"7"`, `"-3"`, not `"07"` or `"+3"`).
pub(crate) struct KeyDeserializer<'a> {
    key: Text<'a>,
}

impl<'a> KeyDeserializer<'a> {
    pub(crate) fn new(key: Text<'a>) -> Self {
        KeyDeserializer { key }
    }

    /// The integer whose canonical decimal form the key is, if it is one.
    fn parse<T: FromStr + Display>(&self) -> Option<T> {
        let text = self.key.to_str().ok()?;
        let n = text.parse::<T>().ok()?;
        (n.to_string() == text).then_some(n)
    }

    fn not_an_integer(&self, expected: &dyn de::Expected) -> Error {
        de::Error::invalid_type(Unexpected::Str(&self.key.to_str_lossy()), expected)
    }
}

macro_rules! deserialize_integer_keys {
    ($($method:ident => $ty:ident, $visit:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.parse::<$ty>() {
                Some(n) => visitor.$visit(n),
                None => Err(self.not_an_integer(&visitor)),
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for KeyDeserializer<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.key.visit(visitor)
    }

    deserialize_integer_keys! {
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

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let variant: de::value::StringDeserializer<Error> =
            self.key.to_str()?.into_owned().into_deserializer();
        visitor.visit_enum(variant)
    }

    /// A field or variant name: compared with Rust names, so a lone
    /// surrogate (which no Rust name holds) need not fail here; the name
    /// then matches nothing, and an unknown name is ignored or reported by
    /// the visitor.
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.key.visit_lossy(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct
    }
}

/// Serializes an object key: strings and chars as they are, integers as
/// their decimal form, unit variants as their name.
pub(crate) struct KeySerializer;

fn not_a_key(what: &str) -> Error {
    Error::new(format_args!(
        "invalid key: object keys are strings (or integers, chars, unit variants), not {what}"
    ))
}

macro_rules! serialize_integer_keys {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method(self, n: $ty) -> Result<JsString, Error> {
            Ok(JsString::from(n.to_string()))
        }
    )*};
}

macro_rules! reject_keys {
    ($($method:ident($($arg:ident: $ty:ty),*) -> $ok:ty, $what:literal;)*) => {$(
        fn $method(self, $(_: $ty),*) -> Result<$ok, Error> {
            Err(not_a_key($what))
        }
    )*};
}

impl Serializer for KeySerializer {
    type Ok = JsString;
    type Error = Error;
    type SerializeSeq = Impossible<JsString, Error>;
    type SerializeTuple = Impossible<JsString, Error>;
    type SerializeTupleStruct = Impossible<JsString, Error>;
    type SerializeTupleVariant = Impossible<JsString, Error>;
    type SerializeMap = Impossible<JsString, Error>;
    type SerializeStruct = Impossible<JsString, Error>;
    type SerializeStructVariant = Impossible<JsString, Error>;

    fn serialize_str(self, s: &str) -> Result<JsString, Error> {
        Ok(JsString::from(s))
    }

    fn serialize_char(self, c: char) -> Result<JsString, Error> {
        Ok(JsString::from(c.encode_utf8(&mut [0; 4]) as &str))
    }

    serialize_integer_keys! {
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_i128(i128);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_u128(u128);
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<JsString, Error> {
        Ok(JsString::from(variant))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<JsString, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<JsString, Error> {
        Err(not_a_key("a newtype variant"))
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<JsString, Error> {
        Err(not_a_key("an option"))
    }

    reject_keys! {
        serialize_bool(b: bool) -> JsString, "a boolean";
        serialize_f32(n: f32) -> JsString, "a float";
        serialize_f64(n: f64) -> JsString, "a float";
        serialize_bytes(b: &[u8]) -> JsString, "bytes";
        serialize_none() -> JsString, "an option";
        serialize_unit() -> JsString, "a unit";
        serialize_unit_struct(name: &'static str) -> JsString, "a unit struct";
        serialize_seq(len: Option<usize>) -> Self::SerializeSeq, "a sequence";
        serialize_tuple(len: usize) -> Self::SerializeTuple, "a tuple";
        serialize_tuple_struct(name: &'static str, len: usize) -> Self::SerializeTupleStruct, "a tuple struct";
        serialize_tuple_variant(name: &'static str, index: u32, variant: &'static str, len: usize)
            -> Self::SerializeTupleVariant, "a tuple variant";
        serialize_map(len: Option<usize>) -> Self::SerializeMap, "a map";
        serialize_struct(name: &'static str, len: usize) -> Self::SerializeStruct, "a struct";
        serialize_struct_variant(name: &'static str, index: u32, variant: &'static str, len: usize)
            -> Self::SerializeStructVariant, "a struct variant";
    }
}
