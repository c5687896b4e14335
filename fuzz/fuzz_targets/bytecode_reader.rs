//! Fuzz target: the bytecode reader on arbitrary bytes.
//!
//! The checks are `nanvm_tests::fuzz::check_bytecode` (nothing may panic,
//! overflow the stack or allocate beyond the input's size; what decodes
//! re-encodes to itself, evaluates within a small budget and writes as
//! JSON, DJS and bytecode), shared with `tests/tests/fuzz_regressions.rs`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nanvm_tests::fuzz::check_bytecode;

fuzz_target!(|data: &[u8]| check_bytecode(data));
