//! nanvm's benchmark suite (issue 6): `scripts/bench` runs the binary
//! `nanvm-bench`, which measures nanvm and its peers side by side and
//! prints a table of ratios (docs/performance.md).
//!
//! This library is the part that needs nanvm only, shared by the binary and
//! by the dev-profile compile harness that the binary generates (see
//! [`harness`]).

pub mod config;
pub mod harness;
pub mod measure;
pub mod workload;
