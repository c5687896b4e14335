//! # nanvm-runtime
//!
//! The runtime of [nanvm](https://github.com/functionalscript/nanvm): DJS
//! (data JavaScript) configuration compiled into Rust builds.
//!
//! - [`value`]: the value graph a DJS module evaluates to. Strings are
//!   UTF-16, numbers are doubles (with -0 and NaN), objects keep
//!   JavaScript's property order, and shared values stay shared.
//! - [`bytecode`]: the nanvm bytecode format (`docs/bytecode.md`), its
//!   reader and writer.
//! - [`vm`]: the virtual machine that runs bytecode (FunctionalScript
//!   operations included), with budgets.
//! - [`bundle`]: a module graph linked into one self-contained module.
//! - [`compile`](mod@compile): the FunctionalScript compiler running in the VM, and
//!   loading module graphs from text at run time.
//! - [`embedded`]: a value graph embedded as bytecode, decoded lazily.
//! - [`link`]: evaluation of a graph of modules, each module a function of
//!   its imports.
//! - [`source`]: module sources backed by a directory (confined to its
//!   root) or by files in memory.
//! - [`serialize`]: writers to JSON, DJS module text, bytecode and Rust
//!   source of static values.
//! - [`static_value`]: the value graph in `static` memory, as the macros
//!   embed it: no allocation or initialisation at run time.
//! - `serde` (feature `serde`): Rust types from and to values, and values
//!   from and to any serde format.
//!
//! ```
//! use nanvm_runtime::value::Value;
//! use nanvm_runtime::serialize::{to_djs, to_json};
//!
//! let shared = Value::array([Value::from(1), Value::bigint(2)]);
//! let config = Value::object([("a", shared.clone()), ("b", shared)]);
//! assert_eq!(to_djs(&config).unwrap(), "const c0 = [1,2n]\nexport default {\"a\":c0,\"b\":c0}");
//! assert!(to_json(&config).is_err()); // JSON has no bigint
//! ```

#[doc(inline)]
pub use nanvm_core::*;

/// `include_djs!("path")` and `djs!{ … }` (feature `macros`, on by
/// default): DJS compiled at build time into static values or embedded
/// bytecode. See the [`nanvm_macros`] documentation.
#[cfg(feature = "macros")]
pub use nanvm_macros::{djs, include_djs};
