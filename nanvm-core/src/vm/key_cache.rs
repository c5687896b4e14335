//! Inline caches of property reads with a constant key (`s.mode`): per key
//! constant of a function, the shape of the object last read and where the
//! key is in it, or that it is not there. Objects built by one literal or
//! spread from one another share their shape, so a read at one place of
//! the code usually finds the same shape as the last time.

use std::cell::Cell;

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
}
