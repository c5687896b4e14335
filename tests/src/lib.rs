//! Shared helpers of the nanvm integration tests.
//!
//! - [`oracle`]: node as the JavaScript oracle (graph dumps, JSON).
//! - [`graph`]: comparison of value graphs, sharing included.
//! - [`static_cases`]: the value graphs `build.rs` writes as Rust statics.
//! - [`compiler`]: the FunctionalScript compiler run by node, in batches.
//! - [`expr`]: constructors of bytecode expressions for hand-built programs.
//! - [`fuzz`]: the checks of the fuzz targets, replayed by the tests.
//! - [`djs_gen`]: DJS modules generated from arbitrary bytes.
//! - [`plain`]: the one-pass reader of plain data against the general route.

pub mod compiler;
pub mod djs_gen;
pub mod expr;
pub mod fuzz;
pub mod graph;
pub mod oracle;
pub mod plain;
pub mod static_cases;
