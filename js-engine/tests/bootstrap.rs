//! The bootstrap: deno_core runs the FunctionalScript compiler on its own
//! source and produces exactly the committed `nanvm-core/fjs/compiler.bc`
//! (`fjs-bootstrap --check`).

use std::process::Command;

#[test]
fn deno_core_produces_the_committed_compiler_bytecode() {
    let output = Command::new(env!("CARGO_BIN_EXE_fjs-bootstrap"))
        .arg("--check")
        .output()
        .expect("fjs-bootstrap runs");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
