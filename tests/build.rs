//! Writes the value graphs of `src/static_cases.rs` as Rust statics into
//! `OUT_DIR/static_cases.rs`, which `tests/static_values.rs` includes: the
//! generated code is compiled as users' code is, and checked at run time.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use nanvm_runtime::serialize::{to_rust_static, RustOptions};

#[path = "src/static_cases.rs"]
mod static_cases;

fn main() -> Result<(), String> {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").ok_or("no CARGO_MANIFEST_DIR")?);
    let fixtures = manifest.join("../fixtures");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/static_cases.rs");
    println!("cargo:rerun-if-changed=../fixtures/numbers/number-to-string.txt");

    // nanvm-build: the graph of fixtures/macros/config as Rust and as
    // bytecode, for tests/macros.rs (it prints rerun-if-changed for each file).
    nanvm_build::Build::new()
        // The fixtures are in the workspace, outside this crate.
        .root("..")
        .rust(
            "../fixtures/macros/config/main.d.mjs",
            "macros_config.rs",
            "BUILT",
        )
        .bytecode("../fixtures/macros/config/main.d.mjs", "macros_config.bc")
        .run()
        .map_err(|e| e.to_string())?;

    let options = RustOptions::default();
    let mut code = String::new();
    let mut table = String::from(
        "/// Every case, by name.\npub static CASES: &[(&str, &::nanvm_runtime::static_value::StaticValue)] = &[\n",
    );
    for case in static_cases::cases(&fixtures)? {
        let item = to_rust_static(&case.value, case.name, &options)
            .map_err(|e| format!("{}: {e}", case.name))?;
        code.push_str(&format!("/// The case {}.\n{item}\n", case.name));
        table.push_str(&format!("    ({:?}, &{}),\n", case.name, case.name));
    }
    table.push_str("];\n");
    code.push_str(&table);
    let out = Path::new(&env::var_os("OUT_DIR").ok_or("no OUT_DIR")?).join("static_cases.rs");
    fs::write(&out, code).map_err(|e| format!("{}: {e}", out.display()))
}
