//! Plain data read straight into a [`Value`]: the fast path for embedded
//! bytecode.
//!
//! A module whose constants are only data (`null`, booleans, numbers,
//! strings, bigints, `undefined`, arrays, objects, `local_ref`s to earlier
//! constants and `arg_ref`s to its imports) evaluates to the graph its
//! bytes describe, so it can be read in one pass without the [`Expr`]
//! tree and the VM. [`decode_plain_data`] does that for a module without
//! imports, [`decode_plain_module`] given its imports' values, with the
//! reader's checks and
//! limits; for anything else (or bytes the reader rejects) it returns
//! `None`, and the general route ([`decode_module`] and
//! [`evaluate`](crate::eval::evaluate)) gives the value or the error.
//!
//! The values are the ones the general route gives, identity included:
//! one allocation per container (the items are collected from a work
//! stack with an exact length), objects whose keys the writer put in
//! JavaScript's property order without duplicates are taken as they are
//! (checked without hashing, see [`are_in_property_order`]), others go
//! through [`ObjectBuilder`](crate::value::ObjectBuilder)'s rules. Keys are
//! shared: a key equal to the one at the same place of the last object at
//! the same path (the same key under the same parent, like `"id"` in each
//! item of an array of records) is the same [`JsString`]; so are short
//! string values equal to the last one at the same path. The caches compare
//! bytes in slots chosen by path, never hash tables, so no input can make
//! them slow.
//!
//! [`Expr`]: super::Expr
//! [`decode_module`]: super::decode_module

use super::reader::Reader;
use super::tag;
use crate::value::{are_in_property_order, Array, Exact, JsString, Keys, Object, Value};
use crate::Limits;

/// The value of a module of plain data, read in one pass; `None` if the
/// bytes are not one (see the [module documentation](self)).
///
/// ```
/// use nanvm_runtime::bytecode::{decode_module, decode_plain_data};
/// use nanvm_runtime::eval::evaluate;
/// use nanvm_runtime::serialize::to_bytecode;
/// use nanvm_runtime::{Limits, Value};
///
/// let value = Value::object([("a", Value::array([Value::from(1), Value::Null]))]);
/// let bytes = to_bytecode(&value).unwrap();
/// let limits = Limits::default();
/// assert_eq!(decode_plain_data(&bytes, &limits), Some(value));
/// // A module with an import is not plain data.
/// let module = nanvm_runtime::bytecode::Module {
///     imports: vec!["./x.d.mjs".into()],
///     code: nanvm_runtime::bytecode::Code { consts: vec![nanvm_runtime::bytecode::Expr::ArgRef(0)] },
/// };
/// let bytes = nanvm_runtime::bytecode::encode_module(&module);
/// assert_eq!(decode_plain_data(&bytes, &limits), None);
/// ```
pub fn decode_plain_data(bytes: &[u8], limits: &Limits) -> Option<Value> {
    decode_plain_module(bytes, limits, &[])
}

/// [`decode_plain_data`] of a module whose imports have the values `args`
/// (its `arg_ref(i)` is `args[i]`); `None` also where it does not import
/// `args.len()` modules.
///
/// ```
/// use nanvm_runtime::bytecode::{decode_plain_module, encode_module, Code, Expr, Module};
/// use nanvm_runtime::{Limits, Value};
///
/// let module = Module {
///     imports: vec!["./x.d.mjs".into()],
///     code: Code { consts: vec![Expr::Array(vec![Expr::ArgRef(0), Expr::Null])] },
/// };
/// let bytes = encode_module(&module);
/// let limits = Limits::default();
/// let value = decode_plain_module(&bytes, &limits, &[Value::from(1)]);
/// assert_eq!(value, Some(Value::array([Value::from(1), Value::Null])));
/// assert_eq!(decode_plain_module(&bytes, &limits, &[]), None);
/// ```
pub fn decode_plain_module(bytes: &[u8], limits: &Limits, args: &[Value]) -> Option<Value> {
    let mut reader = PlainReader {
        reader: Reader::new(bytes, limits),
        args,
        max_depth: limits.max_depth,
        consts: Vec::new(),
        frames: Vec::new(),
        values: Vec::with_capacity((bytes.len() / 64).min(MAX_VALUES_RESERVED)),
        keys: Vec::new(),
        key_cache: Recent::new(KEY_CACHE_SLOTS, bytes.len()),
        string_cache: Recent::new(STRING_CACHE_SLOTS, bytes.len()),
        shapes: vec![None; SHAPE_SLOTS],
    };
    reader.module()
}

/// The most keys remembered (a power of two); small inputs get fewer
/// slots (see [`Recent::new`]).
const KEY_CACHE_SLOTS: usize = 1 << 12;

/// The most string values remembered (a power of two).
const STRING_CACHE_SLOTS: usize = 1 << 10;

/// String values up to this many code units are remembered.
const STRING_CACHE_MAX_UNITS: usize = 64;

/// The number of remembered object shapes (a power of two).
const SHAPE_SLOTS: usize = 1 << 8;

/// The most values reserved ahead on the work stack (one per 64 bytes of
/// input up to this): growing it by doubling costs reallocations of a large
/// block while containers are read.
const MAX_VALUES_RESERVED: usize = 1 << 14;

/// The path of the module's constants, for the key cache.
const ROOT_PATH: usize = 0;

struct PlainReader<'a> {
    reader: Reader<'a>,
    /// The values of the module's imports: what `arg_ref` names.
    args: &'a [Value],
    max_depth: usize,
    /// The constants read so far: what `local_ref` names.
    consts: Vec<Value>,
    /// The containers being read, innermost last.
    frames: Vec<Frame>,
    /// The items and property values read, of all containers being read.
    values: Vec<Value>,
    /// The keys read, of all objects being read.
    keys: Vec<JsString>,
    /// The last key read at each slot (see [`key`](Self::key)).
    key_cache: Recent<'a>,
    /// The last short string value read at each slot (see
    /// [`string`](Self::string)).
    string_cache: Recent<'a>,
    /// The keys of the last object at each slot (by path) found in property
    /// order (see [`finish`](Self::finish)).
    shapes: Vec<Option<Keys>>,
}

/// A container being read.
struct Frame {
    /// Items or properties still to read.
    remaining: usize,
    /// Where its items or property values start in `values`.
    values_at: usize,
    /// For an object, where its keys start in `keys`.
    keys_at: Option<usize>,
    /// A hash of the keys that lead here, for the key cache: for an
    /// array, the path of its items.
    path: usize,
}

impl<'a> PlainReader<'a> {
    fn module(&mut self) -> Option<Value> {
        if usize::try_from(self.reader.u32().ok()?).ok()? != self.args.len() {
            return None;
        }
        for _ in self.args {
            self.reader.string_bytes().ok()?;
        }
        let len = self.reader.count(1).ok()?;
        if len == 0 {
            return None;
        }
        let end = self.reader.pos() + len;
        while self.reader.pos() < end {
            let value = self.constant()?;
            self.consts.push(value);
        }
        if self.reader.pos() != end || !self.reader.at_end() {
            return None;
        }
        self.consts.pop()
    }

    /// Reads one constant, containers with a work stack (no recursion).
    fn constant(&mut self) -> Option<Value> {
        let mut value = None;
        loop {
            // Hand a value read to its container, or return it.
            if let Some(v) = value.take() {
                let Some(frame) = self.frames.last_mut() else {
                    return Some(v);
                };
                self.values.push(v);
                frame.remaining -= 1;
            }
            let path = match self.frames.last() {
                None => ROOT_PATH,
                Some(frame) if frame.remaining == 0 => {
                    let frame = self.frames.pop()?;
                    value = Some(self.finish(frame));
                    continue;
                }
                Some(frame) => match frame.keys_at {
                    None => {
                        let path = frame.path;
                        if self.array_leaves()? {
                            continue;
                        }
                        path
                    }
                    Some(keys_at) => self.key(frame.path, keys_at)?,
                },
            };
            let t = self.reader.u8().ok()?;
            if t != tag::ARRAY && t != tag::OBJECT {
                value = Some(self.leaf(t, path)?);
                continue;
            }
            if self.frames.len() >= self.max_depth {
                return None;
            }
            let object = t == tag::OBJECT;
            let remaining = self.reader.count(if object { 3 } else { 1 }).ok()?;
            self.frames.push(Frame {
                remaining,
                values_at: self.values.len(),
                keys_at: object.then_some(self.keys.len()),
                // All items of an array share a path: records in a list look alike.
                path: if object { path } else { mix(path, usize::MAX) },
            });
        }
    }

    /// Reads the leaves that come next in the innermost container, an
    /// array, without going round [`constant`](Self::constant)'s loop;
    /// returns whether that read all its items.
    fn array_leaves(&mut self) -> Option<bool> {
        let frame = self.frames.last()?;
        let (mut remaining, path) = (frame.remaining, frame.path);
        while remaining > 0 {
            match self.reader.peek() {
                Some(tag::ARRAY | tag::OBJECT) | None => break,
                Some(tag::NUMBER) => {
                    let [_, number @ ..] = self.reader.take::<9>().ok()?;
                    self.values.push(Value::Number(f64::from_le_bytes(number)));
                    remaining -= 1;
                }
                Some(t) => {
                    self.reader.u8().ok()?;
                    let leaf = self.leaf(t, path)?;
                    self.values.push(leaf);
                    remaining -= 1;
                }
            }
        }
        self.frames.last_mut()?.remaining = remaining;
        Some(remaining == 0)
    }

    /// Reads the next key of the innermost container, an object at `path`
    /// whose keys start at `keys_at`; returns the path of its value.
    ///
    /// The key is the one last read at the same slot (a hash of the path
    /// and the key's position) when that one is equal: records of one
    /// shape share their keys.
    fn key(&mut self, path: usize, keys_at: usize) -> Option<usize> {
        let position = self.keys.len() - keys_at;
        let slot = mix(path, position) & (KEY_CACHE_SLOTS - 1);
        let raw = self.reader.string_bytes().ok()?;
        let key = self.key_cache.string(slot, raw);
        self.keys.push(key);
        Some(slot)
    }

    /// Reads a string value at `path`. A short one equal to the last one
    /// read at the same path is that string: values that repeat from record
    /// to record (`"lang": "en"`) are shared, as keys are. Strings have no
    /// identity in JavaScript, so sharing them changes nothing visible.
    fn string(&mut self, path: usize) -> Option<JsString> {
        let raw = self.reader.string_bytes().ok()?;
        if raw.len() > 2 * STRING_CACHE_MAX_UNITS {
            return Some(JsString::from_le_bytes(raw));
        }
        Some(self.string_cache.string(path, raw))
    }

    /// The container of `frame`, all of whose items have been read.
    ///
    /// An object whose keys are the very strings (shared through the key
    /// cache) of the last object at the same path that was in property
    /// order is in property order too, without checking again.
    fn finish(&mut self, frame: Frame) -> Value {
        match frame.keys_at {
            None => Value::Array(Array::from_tail(&mut self.values, frame.values_at)),
            Some(keys_at) => {
                let keys = &self.keys[keys_at..];
                let remembered = &mut self.shapes[frame.path & (SHAPE_SLOTS - 1)];
                let same = remembered.as_ref().filter(|shape| {
                    let shape = shape.as_slice();
                    shape.len() == keys.len()
                        && shape.iter().zip(keys).all(|(a, b)| JsString::ptr_eq(a, b))
                });
                let shape = match same {
                    Some(shape) => Some(shape.clone()),
                    None if are_in_property_order(keys) => {
                        let shape = Keys::from_ordered(keys.into());
                        *remembered = Some(shape.clone());
                        Some(shape)
                    }
                    None => None,
                };
                let values = self.values.drain(frame.values_at..);
                Value::Object(match shape {
                    Some(shape) => {
                        self.keys.truncate(keys_at);
                        Object::with_shape(shape, Exact(values))
                    }
                    None => self.keys.drain(keys_at..).zip(values).collect(),
                })
            }
        }
    }

    /// The value of a leaf of tag `t` (not a container); `None` for the
    /// tags of code.
    fn leaf(&mut self, t: u8, path: usize) -> Option<Value> {
        Some(match t {
            tag::NULL => Value::Null,
            tag::UNDEFINED => Value::Undefined,
            tag::FALSE => Value::Bool(false),
            tag::TRUE => Value::Bool(true),
            tag::NUMBER => Value::Number(f64::from_le_bytes(self.reader.take().ok()?)),
            tag::STRING => Value::String(self.string(path)?),
            tag::BIGINT_POSITIVE | tag::BIGINT_NEGATIVE => {
                let negative = t == tag::BIGINT_NEGATIVE;
                Value::bigint(self.reader.bigint(negative).ok()?)
            }
            tag::LOCAL_REF => {
                let index = usize::try_from(self.reader.u32().ok()?).ok()?;
                self.consts.get(index)?.clone()
            }
            tag::ARG_REF => {
                let index = usize::try_from(self.reader.u32().ok()?).ok()?;
                self.args.get(index)?.clone()
            }
            _ => return None,
        })
    }
}

/// Strings read recently, each at a slot, with the bytes it was read from.
struct Recent<'a> {
    slots: Vec<Option<(&'a [u8], JsString)>>,
}

impl<'a> Recent<'a> {
    /// Empty slots: `max` (a power of two), or fewer for an input of
    /// `input_len` bytes (one per 64 bytes, at least 16), so that a small
    /// input does not pay for clearing a large cache.
    fn new(max: usize, input_len: usize) -> Self {
        let n = (input_len / 64).next_power_of_two().clamp(16, max);
        Recent {
            slots: vec![None; n],
        }
    }

    /// The string of the code units `raw` (see [`JsString::from_le_bytes`]):
    /// the one at `slot` (modulo the slots) if it was read from equal
    /// bytes, else a new one that takes the slot.
    fn string(&mut self, slot: usize, raw: &'a [u8]) -> JsString {
        let n = self.slots.len();
        let entry = &mut self.slots[slot & (n - 1)];
        match entry {
            Some((bytes, known)) if *bytes == raw => known.clone(),
            _ => entry.insert((raw, JsString::from_le_bytes(raw))).1.clone(),
        }
    }
}

/// A slot-spreading combination of a path and a position in it.
fn mix(path: usize, position: usize) -> usize {
    (path ^ position.rotate_left(7))
        .wrapping_mul(0x9E37_79B9)
        .rotate_right(11)
}
