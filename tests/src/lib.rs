//! Shared helpers of the nanvm integration tests.
//!
//! - [`oracle`]: node as the JavaScript oracle (graph dumps, JSON).
//! - [`graph`]: comparison of value graphs, sharing included.
//! - [`static_cases`]: the value graphs `build.rs` writes as Rust statics.
//! - [`compiler`]: the FunctionalScript compiler run by node, in batches.
//! - [`expr`]: constructors of bytecode expressions for hand-built programs.

pub mod compiler;
pub mod expr;
pub mod graph;
pub mod oracle;
pub mod static_cases;
