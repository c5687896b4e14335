//! Procedural macros of [nanvm](https://github.com/functionalscript/nanvm):
//! DJS compiled at build time, through the nanvm VM, into Rust.
//!
//! Use them through `nanvm-runtime` (feature `macros`, on by default), as
//! `nanvm_runtime::include_djs!` and `nanvm_runtime::djs!`: the code they
//! write names `::nanvm_runtime`.
//!
//! - [`include_djs!`]: a DJS module file and its whole import graph.
//! - [`djs!`]: DJS written inline, as Rust tokens or as a string literal.
//!
//! Both give, by default, a `nanvm_runtime::static_value::StaticValue`
//! expression that needs no allocation or initialisation at run time, for
//! `static` items; with the argument `bytecode`, `include_djs!` gives a
//! `nanvm_runtime::embedded::Embedded`, the bytes decoded lazily into a
//! runtime value.
//!
//! Imports stay under the calling crate's directory unless `include_djs!`
//! widens the root (`root = ".."`); limits are set by name
//! (`max_depth = 64`).
//!
//! Errors in DJS are compile errors at the macro call, with
//! `path:line:column`, the message, and the source line with a caret; the
//! macros never panic.
//!
//! # Fast debug builds
//!
//! The macros run the DJS compiler in the VM, which is slow when built
//! without optimisation. One setting in the workspace's `Cargo.toml`
//! optimises it in debug builds:
//!
//! ```toml
//! [profile.dev.package.nanvm-core]
//! opt-level = 3
//! ```
//!
//! (`[profile.dev.build-override] opt-level = 3` does it too, for every
//! proc-macro and build script.) On a 130 KB DJS file, rebuilding after an
//! edit takes 1.7 s instead of 5.1 s.

mod args;
mod diagnostic;
mod emit;
mod inline;
mod location;

use proc_macro::TokenStream;

/// Compiles a DJS module and every module it imports, at build time.
///
/// The path is relative to the file that calls the macro, like
/// `include_str!`. Every file of the import graph is tracked: editing any
/// of them rebuilds the crate.
///
/// - `include_djs!("config.d.mjs")` is a constant expression of type
///   `nanvm_runtime::static_value::StaticValue`, for a `static` item: every
///   array and object is its own `static`, so a value shared in the DJS
///   graph has one address.
/// - `include_djs!("config.d.mjs", bytecode)` is a
///   `nanvm_runtime::embedded::Embedded`: the graph as bytecode in the
///   binary, decoded once per thread when first read.
///
/// ```ignore
/// use nanvm_runtime::static_value::StaticValue;
/// use nanvm_runtime::embedded::Embedded;
///
/// static CONFIG: StaticValue = nanvm_runtime::include_djs!("config/main.d.mjs");
/// static CONFIG_BC: Embedded = nanvm_runtime::include_djs!("config/main.d.mjs", bytecode);
///
/// assert_eq!(CONFIG["name"].as_str(), Some("demo"));
/// CONFIG_BC.with(|v| assert!(v.get("name").is_some()));
/// ```
///
/// # Named arguments
///
/// After the path (and the mode), in any order:
///
/// - `root = "…"`: the import root, relative to the calling crate's
///   directory (`CARGO_MANIFEST_DIR`). By default the root is that
///   directory: the module and everything it imports must be files under
///   it; a `../` import above it, and a symbolic link out of it, are
///   errors. `root = ".."` widens it to the parent directory (a workspace
///   sharing configuration between crates, for instance).
/// - the limits of `nanvm_runtime::Limits` by name, as integers:
///   `max_depth`, `max_string_len`, `max_properties`, `max_modules`,
///   `max_steps`, `max_memory`, `max_output_len` (defaults and errors in
///   `docs/limits.md`). Input past one is a compile error naming it:
///   `config.d.mjs: error: string of 2000 code units exceeds max_string_len 1024`.
///
/// ```ignore
/// static SHARED: StaticValue = nanvm_runtime::include_djs!(
///     "../shared/config.d.mjs",
///     root = "..",
///     max_depth = 64,
///     max_string_len = 1024,
/// );
/// ```
///
/// An unknown name is a compile error at the name.
#[proc_macro]
pub fn include_djs(input: TokenStream) -> TokenStream {
    match args::IncludeArgs::parse(input) {
        Ok(args) => emit::include(&args),
        Err(error) => error.into_tokens(),
    }
}

/// DJS written inline, compiled at build time into a
/// `nanvm_runtime::static_value::StaticValue` expression.
///
/// Either Rust tokens (a bare value, or a module with `import`s, `const`s
/// and `export default`; imports are relative to the calling file and stay
/// under the calling crate's directory), or one
/// string literal for what Rust's lexer rejects (`'single quotes'`,
/// templates, `\u0041`):
///
/// ```
/// use nanvm_runtime::static_value::StaticValue;
///
/// static PORTS: StaticValue = nanvm_runtime::djs! { [80, 443, 18446744073709551616n] };
/// static NAMES: StaticValue = nanvm_runtime::djs!(r#"{ 'a': '\u0041' }"#);
/// static MODULE: StaticValue = nanvm_runtime::djs! {
///     const shared = [1, 2]
///     export default { x: shared, y: shared }
/// };
///
/// assert_eq!(PORTS[2].to_string(), "export default 18446744073709551616n");
/// assert_eq!(NAMES["a"].as_str(), Some("A"));
/// assert!(std::ptr::eq(MODULE["x"].as_array().unwrap(), MODULE["y"].as_array().unwrap()));
/// ```
///
/// An error points at the offending token.
#[proc_macro]
pub fn djs(input: TokenStream) -> TokenStream {
    inline::djs(input)
}
