//! One decode of a benchmark file, for instruction counts under callgrind
//! (steady where timings on a shared machine are not):
//!
//! ```text
//! cargo build --release -p nanvm-core --features serde --example decode_count
//! valgrind --tool=callgrind --toggle-collect='decode_count::measure' \
//!     target/release/examples/decode_count canada.json nanvm
//! ```
//!
//! `MODE` is `nanvm` (`Embedded::decode`, what embedded bytecode costs),
//! `general` (the reader, then the VM) or `serde` (`serde_json` into
//! `serde_json::Value`). Only `measure` is counted: the decode and the drop
//! of its value, as criterion's `decode` bench times them.

use nanvm_core::bytecode::decode_module;
use nanvm_core::embedded::Embedded;
use nanvm_core::eval::evaluate;
use nanvm_core::serialize::to_bytecode;
use nanvm_core::{Limits, Value};

/// Decodes (and drops) `json` or its `bytecode` as `mode` says.
#[inline(never)]
fn measure(mode: &str, json: &[u8], bytecode: &[u8]) -> Result<(), String> {
    match mode {
        "nanvm" => drop(std::hint::black_box(
            Embedded::decode(bytecode).map_err(|e| e.to_string())?,
        )),
        "general" => {
            let module = decode_module(bytecode).map_err(|e| e.to_string())?;
            let value = evaluate(&module.code, &[], &Limits::default());
            drop(std::hint::black_box(value.map_err(|e| e.to_string())?));
        }
        "serde" => drop(std::hint::black_box(
            serde_json::from_slice::<serde_json::Value>(json).map_err(|e| e.to_string())?,
        )),
        _ => return Err(format!("unknown mode {mode:?}: nanvm, general or serde")),
    }
    Ok(())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let [_, file, mode] = args.as_slice() else {
        return Err("usage: decode_count FILE MODE".to_string());
    };
    let json = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    let value: Value = serde_json::from_slice(&json).map_err(|e| e.to_string())?;
    let bytecode = to_bytecode(&value).map_err(|e| e.to_string())?;
    measure(mode, &json, &bytecode)
}
