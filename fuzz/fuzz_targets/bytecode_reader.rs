//! Fuzz target: the bytecode reader on arbitrary bytes.
//!
//! Whatever the input, nothing may panic, overflow the stack or allocate
//! beyond the input's size. Each input is read twice: with the default
//! [`Limits`] and with [`SMALL`] ones, whose depth limit inputs of a few
//! bytes can reach. For each, when the bytes decode to a module:
//!
//! - the format is canonical: `encode_module` gives back exactly the input,
//!   and that decodes to the same module again (compared as bytes, so NaN
//!   payloads count too);
//! - evaluating the module with each import `undefined` (within a small
//!   VM [`BUDGET`]) returns a value or an error;
//! - writing that value as JSON, DJS and bytecode (`to_json`, `to_djs`,
//!   `to_bytecode` with those limits) returns text/bytes or an error, and
//!   the bytecode written reads back within the same limits.
//!
//! A module accepted within the small limits must be accepted within the
//! default ones.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanvm_runtime::bytecode::{decode_module_with, encode_module};
use nanvm_runtime::eval::evaluate_with;
use nanvm_runtime::vm::Budget;
use nanvm_runtime::serialize::{to_bytecode_module, to_djs_with, to_json_with};
use nanvm_runtime::{Limits, Value};

/// The VM's budget per input: small enough that endless recursion (a tail
/// call loop runs in constant space) ends in milliseconds.
const BUDGET: Budget = Budget {
    steps: 1 << 16,
    call_depth: 1 << 10,
    memory: 1 << 26,
};

/// Limits that short inputs can exceed.
const SMALL: Limits = Limits {
    max_depth: 8,
    max_output_len: 1 << 16,
};

fuzz_target!(|data: &[u8]| {
    let within_small = check(data, &SMALL);
    let within_default = check(data, &Limits::default());
    assert!(
        within_default || !within_small,
        "accepted within max_depth 8 but not within the default limits"
    );
});

/// Checks `data` within `limits`; returns whether it decodes.
fn check(data: &[u8], limits: &Limits) -> bool {
    let Ok(module) = decode_module_with(data, limits) else {
        return false;
    };
    let encoded = encode_module(&module);
    assert_eq!(encoded, data, "decoded bytes must re-encode to themselves");
    let again = decode_module_with(&encoded, limits).expect("re-encoded module must decode");
    assert_eq!(encode_module(&again), encoded, "second round trip differs");

    let args = vec![Value::Undefined; module.imports.len()];
    let Ok(value) = evaluate_with(&module.code, &args, limits, BUDGET) else {
        return true;
    };
    let _ = to_json_with(&value, limits);
    let _ = to_djs_with(&value, limits);
    if let Ok(written) = to_bytecode_module(&value, limits) {
        let bytes = encode_module(&written);
        if let Err(e) = decode_module_with(&bytes, limits) {
            panic!("to_bytecode output does not read back: {e}");
        }
    }
    true
}
