//! The self-hosting fixed point: the compiler (`nanvm-core/fjs/compiler.bc`)
//! running in the VM compiles its own sources (`compiler.f.mjs` and every
//! module it imports), the Rust bundler (`nanvm_runtime::bundle`) links them,
//! and the result is `compiler.bc` byte for byte.
//!
//! That deno_core gives the same bytes is checked by
//! `js-engine/tests/bootstrap.rs` (`fjs-bootstrap --check` runs the compiler
//! from source in deno_core and compares with the committed `compiler.bc`),
//! and node by `node nanvm-core/fjs/cli.mjs` in `vm_compiler.rs`'s driver.

use nanvm_runtime::bundle::bundle_files;
use nanvm_runtime::compile::{Compiler, COMPILER_BC};
use nanvm_runtime::source::Directory;
use nanvm_tests::compiler::repository;

#[test]
fn the_vm_compiles_the_compiler_to_compiler_bc() {
    let fjs = Directory::new(repository().join("nanvm-core/fjs")).expect("fjs directory");
    let committed =
        std::fs::read(repository().join("nanvm-core/fjs/compiler.bc")).expect("compiler.bc");
    assert_eq!(
        COMPILER_BC, committed,
        "the embedded compiler.bc is the committed one"
    );
    let mut compiler = Compiler::new().expect("the compiler evaluates");
    let bundle =
        bundle_files(&mut compiler, &fjs, "compiler.f.mjs").expect("the compiler compiles");
    assert!(
        bundle == committed,
        "the bundle differs from compiler.bc ({} bytes, {} committed)",
        bundle.len(),
        committed.len()
    );
}
