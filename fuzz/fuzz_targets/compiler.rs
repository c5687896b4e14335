//! Fuzz target: the FunctionalScript compiler, running in the VM, on
//! arbitrary text.
//!
//! The bytes are decoded as UTF-8 (invalid sequences become U+FFFD) and
//! compiled as JSON, JSON5, DJS and FJS by one compiler per process, within
//! a small budget. The checks are `nanvm_tests::fuzz::check_compiler`
//! (never a panic or a hang; errors carry `path:line:column` inside the
//! text; what compiles reads back, evaluates, and its DJS text compiles back
//! to the same value), shared with `tests/tests/fuzz_regressions.rs`.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use nanvm_runtime::compile::Compiler;
use nanvm_tests::fuzz::{check_compiler, fuzz_compiler};

thread_local! {
    /// Loading the compiler takes far longer than compiling a short text.
    static COMPILER: RefCell<Compiler> = RefCell::new(fuzz_compiler());
}

fuzz_target!(|data: &[u8]| {
    COMPILER.with(|compiler| check_compiler(&mut compiler.borrow_mut(), data));
});
