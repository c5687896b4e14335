//! Shared helpers of the nanvm integration tests.
//!
//! - [`oracle`]: node as the JavaScript oracle (graph dumps, JSON).
//! - [`graph`]: comparison of value graphs, sharing included.

pub mod graph;
pub mod oracle;
