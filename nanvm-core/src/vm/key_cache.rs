//! Inline caches of property reads with a constant key (`s.mode`): per key
//! constant of a function, the shape of the object last read and where the
//! key is in it, or that it is not there. Objects built by one literal or
//! spread from one another share their shape, so a read at one place of
//! the code usually finds the same shape as the last time. On arrays and
//! strings, what the key means (an index, `length` or a builtin method)
//! depends on the key alone, and is found once.

use std::cell::{Cell, OnceCell};

use super::builtins::{array_method, string_method};
use super::property::get_key;
use crate::value::{JsString, Keys, Object, Value};

/// Where the key sits in the cached shape: `ABSENT` when it has no such key.
const ABSENT: usize = usize::MAX;

/// The cache of one key constant.
#[derive(Default)]
pub(crate) struct KeyCache {
    /// The address of `shape`, 0 while nothing is cached.
    addr: Cell<usize>,
    index: Cell<usize>,
    /// Holds the cached shape alive, so that no other shape can take its
    /// address while it is cached.
    shape: Cell<Option<Keys>>,
    /// What the key means on arrays and strings.
    meaning: OnceCell<Meaning>,
}

/// What a key means on an array or a string.
enum Meaning {
    /// An index, or `length`: read from the receiver.
    Receiver,
    /// Another key: the builtin method it names on arrays and on strings
    /// (`undefined` where it names none).
    Method { array: Value, string: Value },
}

impl KeyCache {
    /// The own property `key` of `object` (`key` is the constant this
    /// cache belongs to).
    #[inline]
    pub(crate) fn get<'o>(&self, object: &'o Object, key: &JsString) -> Option<&'o Value> {
        let shape = object.shape();
        let index = if shape.addr() == self.addr.get() {
            self.index.get()
        } else {
            let index = shape.position(key).unwrap_or(ABSENT);
            self.addr.set(shape.addr());
            self.index.set(index);
            self.shape.set(Some(shape.clone()));
            index
        };
        object.values().get(index)
    }

    /// `receiver[key]` for a receiver that is not `undefined`, `null` or an
    /// object.
    #[inline]
    pub(crate) fn get_other(&self, receiver: &Value, key: &JsString) -> Value {
        let meaning = self.meaning.get_or_init(|| {
            if key.array_index().is_some() || key.eq_str("length") {
                Meaning::Receiver
            } else {
                Meaning::Method {
                    array: array_method(key).unwrap_or_default(),
                    string: string_method(key).unwrap_or_default(),
                }
            }
        });
        match (meaning, receiver) {
            (Meaning::Method { array, .. }, Value::Array(_)) => array.clone(),
            (Meaning::Method { string, .. }, Value::String(_)) => string.clone(),
            _ => get_key(receiver, key),
        }
    }
}
