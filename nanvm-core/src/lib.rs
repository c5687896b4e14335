//! # nanvm-core
//!
//! Everything of the [nanvm](https://github.com/functionalscript/nanvm)
//! runtime except the macros: use it through `nanvm-runtime`, which
//! re-exports this crate and adds `djs!`/`include_djs!` (the macros compile
//! with this crate, hence the split).
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

mod addr;
pub mod bundle;
pub mod bytecode;
pub mod compile;
pub mod embedded;
pub mod eval;
mod limits;
pub mod link;
pub mod number;
pub mod path;
#[cfg(feature = "serde")]
pub mod serde;
pub mod serialize;
pub mod source;
pub mod static_value;
pub mod value;
pub mod vm;

pub use limits::{Limit, LimitError, Limits, UnknownLimit};
pub use value::Value;

thread_local! {
    static COMPILER: std::cell::RefCell<Option<compile::Compiler>> = const { std::cell::RefCell::new(None) };
}

/// Compiles the module text `source` (the language from `path`'s
/// extension) to bytecode with the VM running the embedded FunctionalScript
/// compiler; the compiler is loaded once per thread.
///
/// ```
/// let module = nanvm_runtime::compile("export default [1, 2n]", "a.d.mjs").unwrap();
/// assert!(module.imports.is_empty());
/// let error = nanvm_runtime::compile("export default [", "a.d.mjs").unwrap_err();
/// assert!(error.to_string().starts_with("a.d.mjs:1:"));
/// ```
pub fn compile(source: &str, path: &str) -> Result<bytecode::Module, compile::CompileError> {
    COMPILER.with(|cell| {
        let mut cell = cell.borrow_mut();
        let compiler = match cell.as_mut() {
            Some(compiler) => compiler,
            None => cell.insert(compile::Compiler::new().map_err(|e| compile::CompileError {
                path: path.to_owned(),
                line: 0,
                column: 0,
                message: format!("the compiler failed to load: {e}"),
                limit: None,
            })?),
        };
        compiler.compile(path, source)
    })
}
