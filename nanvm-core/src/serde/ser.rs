//! Serializing: a [`Value`] or a [`StaticValue`] into any format (both are
//! [`Serialize`]), and Rust types into a [`Value`] ([`to_value`]).

use ::serde::ser::{self, Error as _, Serialize, SerializeMap as _, SerializeSeq as _, Serializer};

use super::key::KeySerializer;
use super::node::{Node, View};
use super::scalar::{describe, integer_value, unsigned_value};
use super::{default_limits, Error, Walk};
use crate::static_value::StaticValue;
use crate::value::{BigInt, JsString, ObjectBuilder, Value};

/// Serializes `value` into a [`Value`].
///
/// See the [module documentation](super) for how Rust types map to
/// JavaScript values. Fails for map keys that are not strings, integers,
/// chars or unit variants.
pub fn to_value<T: ?Sized + Serialize>(value: &T) -> Result<Value, Error> {
    value.serialize(ValueSerializer)
}

/// Writes a value to any serde format, nesting at most
/// [`DEFAULT_MAX_DEPTH`](super::DEFAULT_MAX_DEPTH) levels.
///
/// `undefined` is written as serde's none and `null` as its unit; a bigint
/// as the first of `i64`, `u64`, `i128` and `u128` that holds it. It fails
/// for a bigint that none holds, a string or key with a lone surrogate (a
/// Rust string cannot hold one), and a function. A value shared by several
/// places is written at each place.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Walking::root(self, serializer)
    }
}

/// Writes a static value to any serde format, as [`Value`]'s `Serialize`
/// writes its [`to_value`](StaticValue::to_value).
impl Serialize for StaticValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Walking::root(self, serializer)
    }
}

/// A value being serialized, at nesting `depth` of a walk.
struct Walking<'a, N> {
    value: &'a N,
    depth: usize,
    walk: &'a Walk,
}

impl<'a, N: Node> Walking<'a, N> {
    /// Serializes `value` as the root of a walk within the default limits.
    fn root<S: Serializer>(value: &'a N, serializer: S) -> Result<S::Ok, S::Error> {
        let walk = Walk::new(&default_limits());
        Walking {
            value,
            depth: 0,
            walk: &walk,
        }
        .serialize(serializer)
    }

    fn child(&self, value: &'a N) -> Self {
        Walking {
            value,
            depth: self.depth + 1,
            walk: self.walk,
        }
    }
}

impl<N: Node> Serialize for Walking<'_, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.walk.reach(self.depth).map_err(S::Error::custom)?;
        match self.value.view() {
            View::Undefined => serializer.serialize_none(),
            View::Null => serializer.serialize_unit(),
            View::Bool(b) => serializer.serialize_bool(b),
            View::Number(n) => serializer.serialize_f64(n),
            View::String(s) => serializer.serialize_str(&s.to_str().map_err(S::Error::custom)?),
            View::BigInt(b) => serialize_bigint(self.value, &b, serializer),
            View::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&self.child(item))?;
                }
                seq.end()
            }
            View::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    let key = N::key_text(key).to_str().map_err(S::Error::custom)?;
                    map.serialize_entry(&*key, &self.child(value))?;
                }
                map.end()
            }
            View::Function => Err(S::Error::custom(
                "invalid type: function, a function cannot be serialized",
            )),
        }
    }
}

/// A bigint as the first of `i64`, `u64`, `i128` and `u128` that holds it.
fn serialize_bigint<S: Serializer>(
    value: &impl Node,
    b: &BigInt,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if let Ok(n) = i64::try_from(b) {
        serializer.serialize_i64(n)
    } else if let Ok(n) = u64::try_from(b) {
        serializer.serialize_u64(n)
    } else if let Ok(n) = i128::try_from(b) {
        serializer.serialize_i128(n)
    } else if let Ok(n) = u128::try_from(b) {
        serializer.serialize_u128(n)
    } else {
        Err(S::Error::custom(format_args!(
            "invalid value: {} does not fit in 128 bits, the widest integers serde has",
            describe(value)
        )))
    }
}

/// The serializer behind [`to_value`]: it makes a [`Value`] of whatever it
/// is given.
#[derive(Clone, Copy, Debug, Default)]
pub struct ValueSerializer;

macro_rules! serialize_integers {
    ($($method:ident($ty:ty) => $convert:ident;)*) => {$(
        fn $method(self, n: $ty) -> Result<Value, Error> {
            Ok($convert(n.into()))
        }
    )*};
}

impl Serializer for ValueSerializer {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = ArrayBuilder;
    type SerializeTuple = ArrayBuilder;
    type SerializeTupleStruct = ArrayBuilder;
    type SerializeTupleVariant = VariantBuilder<ArrayBuilder>;
    type SerializeMap = ObjectSerializer;
    type SerializeStruct = ObjectSerializer;
    type SerializeStructVariant = VariantBuilder<ObjectSerializer>;

    fn serialize_bool(self, b: bool) -> Result<Value, Error> {
        Ok(Value::Bool(b))
    }

    serialize_integers! {
        serialize_i8(i8) => integer_value;
        serialize_i16(i16) => integer_value;
        serialize_i32(i32) => integer_value;
        serialize_i64(i64) => integer_value;
        serialize_i128(i128) => integer_value;
        serialize_u8(u8) => integer_value;
        serialize_u16(u16) => integer_value;
        serialize_u32(u32) => integer_value;
        serialize_u64(u64) => integer_value;
        serialize_u128(u128) => unsigned_value;
    }

    fn serialize_f32(self, n: f32) -> Result<Value, Error> {
        Ok(Value::Number(n.into()))
    }

    fn serialize_f64(self, n: f64) -> Result<Value, Error> {
        Ok(Value::Number(n))
    }

    fn serialize_char(self, c: char) -> Result<Value, Error> {
        Ok(Value::string(c.encode_utf8(&mut [0; 4])))
    }

    fn serialize_str(self, s: &str) -> Result<Value, Error> {
        Ok(Value::string(s))
    }

    fn serialize_bytes(self, bytes: &[u8]) -> Result<Value, Error> {
        Ok(Value::array(
            bytes.iter().map(|&b| Value::from(u32::from(b))),
        ))
    }

    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Undefined)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(Value::string(variant))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        let content = to_value(value).map_err(|e| e.at_key(variant))?;
        Ok(Value::object([(variant, content)]))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<ArrayBuilder, Error> {
        Ok(ArrayBuilder::with_capacity(len.unwrap_or(0)))
    }

    fn serialize_tuple(self, len: usize) -> Result<ArrayBuilder, Error> {
        Ok(ArrayBuilder::with_capacity(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<ArrayBuilder, Error> {
        Ok(ArrayBuilder::with_capacity(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<ArrayBuilder>, Error> {
        Ok(VariantBuilder {
            variant,
            content: ArrayBuilder::with_capacity(len),
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<ObjectSerializer, Error> {
        Ok(ObjectSerializer::default())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<ObjectSerializer, Error> {
        Ok(ObjectSerializer::default())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<VariantBuilder<ObjectSerializer>, Error> {
        Ok(VariantBuilder {
            variant,
            content: ObjectSerializer::default(),
        })
    }
}

/// Builds an array from a sequence, tuple or tuple struct.
pub struct ArrayBuilder {
    items: Vec<Value>,
}

impl ArrayBuilder {
    fn with_capacity(len: usize) -> Self {
        ArrayBuilder {
            // A size hint is only a hint: do not let it allocate much up front.
            items: Vec::with_capacity(len.min(4096)),
        }
    }

    fn push<T: ?Sized + Serialize>(&mut self, item: &T) -> Result<(), Error> {
        let item = to_value(item).map_err(|e| e.at_index(self.items.len()))?;
        self.items.push(item);
        Ok(())
    }

    fn build(self) -> Value {
        Value::from(self.items)
    }
}

impl ser::SerializeSeq for ArrayBuilder {
    type Ok = Value;
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, item: &T) -> Result<(), Error> {
        self.push(item)
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.build())
    }
}

impl ser::SerializeTuple for ArrayBuilder {
    type Ok = Value;
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, item: &T) -> Result<(), Error> {
        self.push(item)
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.build())
    }
}

impl ser::SerializeTupleStruct for ArrayBuilder {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, item: &T) -> Result<(), Error> {
        self.push(item)
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.build())
    }
}

/// Builds an object from a map or struct, as an object literal with the
/// same properties in the same order would be.
#[derive(Default)]
pub struct ObjectSerializer {
    object: ObjectBuilder,
    /// The key of the map entry whose value comes next.
    key: Option<JsString>,
}

impl ObjectSerializer {
    fn insert<T: ?Sized + Serialize>(&mut self, key: JsString, value: &T) -> Result<(), Error> {
        let value = to_value(value).map_err(|e| e.at_key(&key.to_string_lossy()))?;
        self.object.insert(key, value);
        Ok(())
    }

    fn build(self) -> Value {
        Value::Object(self.object.build())
    }
}

impl ser::SerializeMap for ObjectSerializer {
    type Ok = Value;
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeySerializer)?);
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        match self.key.take() {
            Some(key) => self.insert(key, value),
            None => Err(Error::new("a map value was given before its key")),
        }
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.build())
    }
}

impl ser::SerializeStruct for ObjectSerializer {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.insert(JsString::from(name), value)
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.build())
    }
}

/// Builds the object `{variant: content}` of a tuple or struct variant.
pub struct VariantBuilder<B> {
    variant: &'static str,
    content: B,
}

impl ser::SerializeTupleVariant for VariantBuilder<ArrayBuilder> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, item: &T) -> Result<(), Error> {
        self.content.push(item).map_err(|e| e.at_key(self.variant))
    }

    fn end(self) -> Result<Value, Error> {
        let VariantBuilder { variant, content } = self;
        Ok(Value::object([(variant, content.build())]))
    }
}

impl ser::SerializeStructVariant for VariantBuilder<ObjectSerializer> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.content
            .insert(JsString::from(name), value)
            .map_err(|e| e.at_key(self.variant))
    }

    fn end(self) -> Result<Value, Error> {
        let VariantBuilder { variant, content } = self;
        Ok(Value::object([(variant, content.build())]))
    }
}
