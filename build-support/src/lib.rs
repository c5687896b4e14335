//! Build-script support for nanvm.
//!
//! Compiling DJS modules into `OUT_DIR` from `build.rs` arrives with the VM
//! (see the project's issue tracker); this crate holds its place in the
//! workspace until then.
