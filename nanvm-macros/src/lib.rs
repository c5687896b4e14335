//! Procedural macros of nanvm.
//!
//! `djs!` and `include_djs!` compile DJS at build time through the nanvm VM.
//! They arrive with the VM (see the project's issue tracker); this crate
//! holds their place in the workspace until then.
