//! Rebuild tracking: a crate that uses `include_djs!` on a module that
//! imports another is built with cargo, run, then the imported file is
//! edited and the next `cargo build` must produce a program that prints the
//! new value. (The macro tracks every file of the import graph with
//! `include_bytes!`.)
//!
//! The crate lives in `target/nanvm-rebuild-tracking/` with its own target
//! directory (the outer cargo holds the workspace's lock), so the first run
//! compiles nanvm-runtime and the macros once; later runs reuse them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds and runs the crate (in the shared target directory `target`);
/// its standard output.
fn build_and_run(dir: &Path, target: &Path) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo run failed:\n{stderr}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn editing_an_imported_file_rebuilds_the_crate() {
    let workspace = workspace();
    let scratch = workspace.join("target/nanvm-rebuild-tracking");
    let target = scratch.join("target");
    // One crate per test process, so that concurrent runs do not edit each
    // other's files; they share the compiled dependencies.
    let dir = scratch.join(format!("crate-{}", std::process::id()));
    let runtime = workspace.join("nanvm-runtime");
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"rebuild-tracking\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nnanvm-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    );
    // The workspace's lock file: the same, already downloaded, versions.
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    write(
        &dir.join("src/main.rs"),
        "static CONFIG: nanvm_runtime::static_value::StaticValue =\n    \
         nanvm_runtime::include_djs!(\"../config/main.d.mjs\");\n\n\
         fn main() {\n    println!(\"{}\", CONFIG);\n}\n",
    );
    write(
        &dir.join("config/main.d.mjs"),
        "import part from './part.d.mjs'\nexport default { part }\n",
    );
    let part = dir.join("config/part.d.mjs");
    write(&part, "export default [1, 2n]\n");
    let before = build_and_run(&dir, &target);
    assert!(before.contains("[1,2n]"), "{before}");

    // Past the time stamp granularity of coarse file systems.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // Only the imported file changes; the same size, so that nothing but
    // its content (and time stamp) differs.
    write(&part, "export default [7, 8n]\n");
    let after = build_and_run(&dir, &target);
    assert!(after.contains("[7,8n]"), "not rebuilt: {after}");
    let _ = std::fs::remove_dir_all(&dir);
}
