//! Embedded bytecode: a value graph kept in the binary as nanvm bytecode
//! and decoded once per thread, lazily, into a runtime [`Value`].
//!
//! This is what `include_djs!("path", bytecode)` gives: the bytes cost
//! less space than static Rust constants for large graphs, and the decoded
//! value is an ordinary runtime [`Value`] (`Rc`-based, so each thread that
//! reads it decodes its own copy, once).
//!
//! ```
//! use nanvm_runtime::embedded::Embedded;
//! use nanvm_runtime::serialize::to_bytecode;
//! use nanvm_runtime::value::{Array, Value};
//!
//! let shared = Value::array([Value::from(1)]);
//! let bytes = to_bytecode(&Value::array([shared.clone(), shared])).unwrap();
//! let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
//! let embedded = Embedded::new(bytes);
//! assert_eq!(embedded.with(|v| v.as_array().unwrap().items().len()), 2);
//! // Decoded once: every call on this thread sees the same graph.
//! let (first, again) = (embedded.get(), embedded.get());
//! assert!(Array::ptr_eq(first.as_array().unwrap(), again.as_array().unwrap()));
//! assert_eq!(embedded.to_string(), "const c0 = [1]\nexport default [c0,c0]");
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use crate::bytecode::{decode_module_with, decode_plain_data};
use crate::eval::evaluate;
use crate::value::Value;
use crate::Limits;

/// A value graph embedded as bytecode, decoded lazily once per thread (see
/// the [module documentation](self)). Usable in `static` items.
#[derive(Clone, Copy, Debug)]
pub struct Embedded {
    bytes: &'static [u8],
}

/// Why embedded bytes do not decode to a value (never the case for bytes
/// written by `include_djs!` or nanvm-build, which check them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmbeddedError {
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for EmbeddedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "embedded bytecode: {}", self.message)
    }
}

impl std::error::Error for EmbeddedError {}

thread_local! {
    /// The values decoded on this thread, by the address and length of
    /// their bytes.
    static DECODED: RefCell<HashMap<(usize, usize), Value>> = RefCell::new(HashMap::new());
}

impl Embedded {
    /// The graph of a bytecode module with no imports (as
    /// [`to_bytecode`](crate::serialize::to_bytecode) writes).
    pub const fn new(bytes: &'static [u8]) -> Self {
        Embedded { bytes }
    }

    /// The bytecode.
    pub fn bytes(&self) -> &'static [u8] {
        self.bytes
    }

    /// Decodes the bytes into a value graph, without caching: in one pass
    /// when they are plain data ([`decode_plain_data`]), else through the
    /// reader and the VM.
    pub fn decode(bytes: &[u8]) -> Result<Value, EmbeddedError> {
        let limits = Limits::default();
        if let Some(value) = decode_plain_data(bytes, &limits) {
            return Ok(value);
        }
        let error = |message: String| EmbeddedError { message };
        let module = decode_module_with(bytes, &limits).map_err(|e| error(e.to_string()))?;
        if !module.imports.is_empty() {
            return Err(error("the module has imports".to_owned()));
        }
        evaluate(&module.code, &[], &limits).map_err(|e| error(e.to_string()))
    }

    /// The value, decoded on this thread's first call and shared by the
    /// calls after it.
    pub fn try_get(&self) -> Result<Value, EmbeddedError> {
        let key = (self.bytes.as_ptr() as usize, self.bytes.len());
        if let Some(value) = DECODED.with(|d| d.borrow().get(&key).cloned()) {
            return Ok(value);
        }
        let value = Self::decode(self.bytes)?;
        DECODED.with(|d| d.borrow_mut().insert(key, value.clone()));
        Ok(value)
    }

    /// The value (see [`try_get`](Self::try_get)).
    ///
    /// # Panics
    ///
    /// If the bytes are not a bytecode module without imports; bytes from
    /// `include_djs!` and nanvm-build always are (they are decoded when
    /// they are written).
    pub fn get(&self) -> Value {
        match self.try_get() {
            Ok(value) => value,
            Err(e) => panic!("{e}"),
        }
    }

    /// Calls `f` with the value (see [`get`](Self::get)).
    pub fn with<R>(&self, f: impl FnOnce(&Value) -> R) -> R {
        f(&self.get())
    }
}

/// The DJS module text of the value, as [`Value`]'s `Display` writes it.
impl fmt::Display for Embedded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.try_get() {
            Ok(value) => value.fmt(f),
            Err(e) => write!(f, "<{e}>"),
        }
    }
}
