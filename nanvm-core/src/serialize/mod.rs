//! Writers from a value graph: JSON (a tree), DJS module text, bytecode and
//! Rust source of static values (graphs: shared values are written once).

mod bytecode;
mod djs;
mod json;
mod rust;
mod sharing;

use std::fmt;

pub use bytecode::{to_bytecode, to_bytecode_module};
pub use djs::{to_djs, to_djs_with};
pub use json::{to_json, to_json_with};
pub use rust::{to_rust_expr, to_rust_static, RustOptions};

pub(crate) use json::write_json_string;

/// Why a value could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SerializeError {
    /// The format cannot express this value (for example a bigint in JSON).
    Unrepresentable(&'static str),
    /// Nesting deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    TooDeep(usize),
    /// Output longer than [`Limits::max_output_len`](crate::Limits::max_output_len).
    TooLong(usize),
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SerializeError::Unrepresentable(what) => f.write_str(what),
            SerializeError::TooDeep(limit) => {
                write!(f, "value nests deeper than the limit of {limit}")
            }
            SerializeError::TooLong(limit) => {
                write!(f, "output would be longer than the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for SerializeError {}

/// Tracks nesting depth and output size for a recursive writer.
pub(crate) struct Budget {
    depth: usize,
    max_depth: usize,
    max_len: usize,
}

impl Budget {
    pub(crate) fn new(limits: &crate::Limits) -> Self {
        Budget {
            depth: 0,
            max_depth: limits.max_depth,
            max_len: limits.max_output_len,
        }
    }

    /// Goes one level deeper, failing past the depth limit.
    pub(crate) fn enter(&mut self) -> Result<(), SerializeError> {
        if self.depth >= self.max_depth {
            return Err(SerializeError::TooDeep(self.max_depth));
        }
        self.depth += 1;
        Ok(())
    }

    /// Fails unless `levels` more levels of nesting fit below the current one.
    pub(crate) fn fits(&self, levels: usize) -> Result<(), SerializeError> {
        if self.depth.saturating_add(levels) > self.max_depth {
            return Err(SerializeError::TooDeep(self.max_depth));
        }
        Ok(())
    }

    /// Comes back from a level entered with [`enter`](Self::enter), failing
    /// once `len` bytes of output exceed the limit.
    pub(crate) fn leave(&mut self, len: usize) -> Result<(), SerializeError> {
        self.depth -= 1;
        self.check_len(len)
    }

    /// Fails once `len` bytes of output exceed the limit.
    pub(crate) fn check_len(&self, len: usize) -> Result<(), SerializeError> {
        if len > self.max_len {
            return Err(SerializeError::TooLong(self.max_len));
        }
        Ok(())
    }
}
