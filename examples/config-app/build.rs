//! Compiles `config/main.d.mjs` with nanvm-build into `OUT_DIR`, as Rust
//! (`config.rs`, `pub static BUILT`) and as bytecode (`config.bc`).

fn main() {
    let result = nanvm_build::Build::new()
        .rust("config/main.d.mjs", "config.rs", "BUILT")
        .bytecode("config/main.d.mjs", "config.bc")
        .run();
    if let Err(error) = result {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
