//! Interned strings for lowered code: every short string constant and
//! object-literal key is one shared [`JsString`] per thread, so that property
//! lookups and `===` on them usually succeed by pointer comparison (an `Rc`
//! of an `Eq` type compares pointers before contents).

use std::cell::RefCell;
use std::collections::HashSet;

use crate::value::JsString;

/// Longer strings are not interned (they are rarely keys or tags).
const MAX_UNITS: usize = 64;

/// At most this many strings are kept per thread; later ones are not interned.
const MAX_STRINGS: usize = 1 << 14;

thread_local! {
    static STRINGS: RefCell<HashSet<JsString>> = RefCell::new(HashSet::new());
}

/// The thread's shared copy of `s` (or `s` itself if it is not interned).
pub(crate) fn intern(s: &JsString) -> JsString {
    if s.len() > MAX_UNITS {
        return s.clone();
    }
    STRINGS.with(|strings| {
        let mut strings = strings.borrow_mut();
        if let Some(shared) = strings.get(s) {
            return shared.clone();
        }
        if strings.len() < MAX_STRINGS {
            strings.insert(s.clone());
        }
        s.clone()
    })
}
