//! The checks of the fuzz targets (`fuzz/fuzz_targets/`, run by
//! `scripts/fuzz`), shared with `tests/tests/fuzz_regressions.rs`, which
//! replays every input a fuzzer found (`fixtures/fuzz-regressions/`)
//! through exactly the same checks. Each check panics on a failure, as a
//! fuzz target must.
//!
//! - [`check_bytecode`]: the bytecode reader (and the one-pass reader of
//!   plain data) on arbitrary bytes.
//! - [`check_compiler`]: the compiler, running in the VM, on arbitrary text
//!   in each of [`LANGUAGES`].
//! - [`check_against_engine`]: a DJS module's value in nanvm against a
//!   JavaScript engine's graph dump of it (the differential target
//!   generates the modules with [`crate::djs_gen`]).

use nanvm_runtime::bytecode::{decode_module_with, encode_module, Code};
use nanvm_runtime::compile::{CompileError, Compiler};
use nanvm_runtime::eval::evaluate_with;
use nanvm_runtime::serialize::{to_bytecode_module, to_djs_with, to_json_with};
use nanvm_runtime::vm::{Budget, Vm, VmError};
use nanvm_runtime::{Limit, Limits, Value};
use serde_json::Value as Json;

use crate::graph::same_graph;
use crate::oracle::parse_dump;
use crate::plain::check_plain_data;

/// The VM's budget for evaluating one fuzzed module: small enough that
/// endless recursion (a tail call loop runs in constant space) ends in
/// milliseconds.
pub const EVAL_BUDGET: Budget = Budget {
    steps: 1 << 16,
    call_depth: 1 << 10,
    memory: 1 << 26,
};

/// The compiler's budget for one fuzzed text: far above what the inputs a
/// fuzzer writes (at most a few KiB) need, and small enough that no input
/// keeps the compiler busy for more than a second or so.
pub const COMPILE_BUDGET: Budget = Budget {
    steps: 1 << 22,
    call_depth: Budget::DEFAULT_CALL_DEPTH,
    memory: 1 << 28,
};

/// Limits that short inputs can exceed: nesting 8, output 64 KiB.
pub fn small_limits() -> Limits {
    Limits {
        max_depth: 8,
        max_output_len: 1 << 16,
        ..Limits::default()
    }
}

/// The paths a fuzzed text is compiled under: one per language family.
pub const LANGUAGES: [&str; 4] = ["fuzz.json", "fuzz.json5", "fuzz.d.mjs", "fuzz.f.mjs"];

/// The bytecode reader on `data`, within the default [`Limits`] and within
/// [`small_limits`]: nothing may panic, overflow the stack or allocate beyond
/// the input's size. For each, when the bytes decode to a module:
///
/// - the format is canonical: `encode_module` gives back exactly the input,
///   and that decodes to the same module again (compared as bytes, so NaN
///   payloads count too);
/// - evaluating the module with each import `undefined` (within
///   [`EVAL_BUDGET`]) returns a value or an error;
/// - writing that value as JSON, DJS and bytecode returns text/bytes or an
///   error, and the bytecode written reads back within the same limits.
///
/// A module accepted within the small limits must be accepted within the
/// default ones.
///
/// # Panics
///
/// When a check fails.
pub fn check_bytecode(data: &[u8]) {
    let within_small = check_bytecode_within(data, &small_limits());
    let within_default = check_bytecode_within(data, &Limits::default());
    assert!(
        within_default || !within_small,
        "accepted within max_depth 8 but not within the default limits"
    );
}

/// [`check_bytecode`] within `limits`; returns whether `data` decodes.
fn check_bytecode_within(data: &[u8], limits: &Limits) -> bool {
    // The one-pass reader of plain data: a value only where the general
    // route gives the same one.
    if let Err(e) = check_plain_data(data, limits) {
        panic!("{e}");
    }
    let Ok(module) = decode_module_with(data, limits) else {
        return false;
    };
    let encoded = encode_module(&module);
    assert_eq!(encoded, data, "decoded bytes must re-encode to themselves");
    let again = decode_module_with(&encoded, limits).expect("re-encoded module must decode");
    assert_eq!(encode_module(&again), encoded, "second round trip differs");

    let args = vec![Value::Undefined; module.imports.len()];
    evaluate_then(&module.code, &args, limits, |result| {
        if let Ok(value) = result {
            check_writers(&value, limits);
        }
    });
    true
}

/// Evaluates `code` with `args` within [`EVAL_BUDGET`] and hands the result
/// to `check`. The value is dropped before the VM, whose drop then frees the
/// value's reference cycles (recursive closures): a value that outlives its
/// VM keeps them for good.
fn evaluate_then<R>(
    code: &Code,
    args: &[Value],
    limits: &Limits,
    check: impl FnOnce(Result<Value, VmError>) -> R,
) -> R {
    let mut vm = Vm::with_limits(*limits, EVAL_BUDGET);
    let result = vm.evaluate_code(code, args);
    check(result)
}

/// The JSON, DJS and bytecode writers on `value`: text or an error, never a
/// panic; the bytecode written reads back.
fn check_writers(value: &Value, limits: &Limits) {
    let _ = to_json_with(value, limits);
    let _ = to_djs_with(value, limits);
    if let Ok(written) = to_bytecode_module(value, limits) {
        let bytes = encode_module(&written);
        if let Err(e) = decode_module_with(&bytes, limits) {
            panic!("to_bytecode output does not read back: {e}");
        }
    }
}

/// The compiler the fuzz targets use: the default [`Limits`] and
/// [`COMPILE_BUDGET`]. Make one per process and reuse it: loading it takes
/// far longer than compiling a short text.
///
/// # Panics
///
/// If the compiler cannot be loaded.
pub fn fuzz_compiler() -> Compiler {
    Compiler::with_limits(Limits::default(), COMPILE_BUDGET).expect("the compiler loads")
}

/// Whether an error without a position is an exhausted VM budget (named
/// after its limit, `max_steps` or `max_memory`, or the call depth): the one
/// error of the compiler that is not about the text at a place in it.
fn is_budget(error: &CompileError) -> bool {
    let limit = error.limit.as_ref().map(|l| l.limit);
    let named = matches!(limit, Some(Limit::MaxSteps | Limit::MaxMemory));
    let call_depth = error.message.contains("budget of") && error.message.ends_with("exhausted");
    error.line == 0 && (named || call_depth)
}

/// The compiler on arbitrary bytes: decoded as UTF-8 (invalid sequences
/// become U+FFFD), compiled as each of [`LANGUAGES`] by `compiler` (see
/// [`fuzz_compiler`]). For each:
///
/// - an error says where: `path:line:column: error: message` with a line
///   and column inside the text (only an exhausted budget has no place);
/// - what compiles reads back as bytecode, canonically, and evaluates (with
///   each import `undefined`, within [`EVAL_BUDGET`]) to a value or a VM
///   error; data (JSON, JSON5, DJS) always evaluates to a value;
/// - the value's DJS text (when the DJS writer takes it) compiles back to
///   the same value graph, sharing included; the JSON and bytecode writers
///   do not panic on it.
///
/// # Panics
///
/// When a check fails.
pub fn check_compiler(compiler: &mut Compiler, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for path in LANGUAGES {
        check_compile(compiler, path, &text);
    }
}

/// The checks of [`check_compiler`] for one path.
fn check_compile(compiler: &mut Compiler, path: &str, text: &str) {
    let limits = Limits::default();
    let bytes = match compiler.compile_bytes(path, text) {
        Ok(bytes) => bytes,
        Err(error) => return check_error(&error, path, text),
    };
    let module = decode_module_with(&bytes, &limits)
        .unwrap_or_else(|e| panic!("{path}: the compiler wrote bytecode that does not read: {e}"));
    assert_eq!(
        encode_module(&module),
        bytes,
        "{path}: the compiler's bytecode is not canonical"
    );
    let args = vec![Value::Undefined; module.imports.len()];
    evaluate_then(&module.code, &args, &limits, |result| match result {
        Ok(value) => check_value(compiler, path, &value),
        Err(e) if path.ends_with(".f.mjs") => check_vm_error(&e, path),
        Err(e) => panic!("{path}: compiled data does not evaluate: {e}"),
    });
}

/// The checks of [`check_compiler`] for the value of a module compiled from
/// `path`: the writers, and the DJS text read back.
fn check_value(compiler: &mut Compiler, path: &str, value: &Value) {
    let limits = Limits::default();
    check_writers(value, &small_limits());
    check_writers(value, &limits);
    let Ok(djs) = to_djs_with(value, &short_output()) else {
        return;
    };
    match compiler.compile("again.d.mjs", &djs) {
        Ok(again) => {
            let value_again = evaluate_with(&again.code, &[], &limits, EVAL_BUDGET)
                .unwrap_or_else(|e| panic!("{path}: the DJS writer's text evaluates to {e}"));
            if let Err(e) = same_graph(value, &value_again) {
                panic!("{path}: the DJS writer's text {djs:?} has another value: {e}");
            }
        }
        Err(e) if is_budget(&e) => {}
        Err(e) => panic!("{path}: the DJS writer's text {djs:?} does not compile: {e}"),
    }
}

/// Limits that keep the DJS text of a value short enough to compile again
/// within [`COMPILE_BUDGET`].
fn short_output() -> Limits {
    Limits {
        max_output_len: 1 << 16,
        ..Limits::default()
    }
}

/// A compile error must be located inside the text (or be a budget error).
fn check_error(error: &CompileError, path: &str, text: &str) {
    if is_budget(error) {
        return;
    }
    let shown = error.to_string();
    let place = format!("{path}:{}:{}: error: ", error.line, error.column);
    assert!(
        error.line >= 1 && error.column >= 1 && shown.starts_with(&place),
        "{path}: an error without a place: {shown}"
    );
    // Lines end at LF, CR, CR LF, U+2028 and U+2029; columns count UTF-16 units.
    let lines = text.split(['\n', '\r', '\u{2028}', '\u{2029}']).count();
    let units = text.encode_utf16().count();
    assert!(
        error.line as usize <= lines && error.column as usize <= units + 1,
        "{path}: the error's place is outside the text ({lines} lines, {units} units): {shown}"
    );
}

/// Running FJS code may end in a thrown error or an exhausted budget, but
/// what the compiler wrote must be valid code.
fn check_vm_error(error: &VmError, path: &str) {
    assert!(
        !matches!(error, VmError::Code(_)),
        "{path}: the compiler wrote invalid code: {error}"
    );
}

/// Compiles `text` under `path` with `compiler` and evaluates it (no
/// imports) with the default budget: nanvm's value of a module, or the
/// error as text.
pub fn nanvm_value(compiler: &mut Compiler, path: &str, text: &str) -> Result<Value, String> {
    let module = compiler.compile(path, text).map_err(|e| e.to_string())?;
    let args = vec![Value::Undefined; module.imports.len()];
    evaluate_with(&module.code, &args, &Limits::default(), Budget::default())
        .map_err(|e| format!("{path}: {e}"))
}

/// nanvm's value of a module against a JavaScript engine's graph dump of
/// it (`tests/js/graph-dump.mjs`): both must give the same value graph,
/// sharing included, or both must reject the module.
///
/// # Errors
///
/// The difference, with the module's text.
pub fn check_against_engine(
    text: &str,
    nanvm: &Result<Value, String>,
    engine: &Result<Json, String>,
) -> Result<(), String> {
    let engine = engine
        .as_ref()
        .map(|dump| parse_dump(dump).map_err(|e| format!("graph dump: {e}")));
    let difference = match (nanvm, engine) {
        (Ok(value), Ok(Ok(expected))) => match same_graph(&expected, value) {
            Ok(()) => return Ok(()),
            Err(e) => format!("engine vs nanvm: {e}"),
        },
        (Err(_), Err(_)) => return Ok(()),
        (Ok(_), Ok(Err(e))) => format!("nanvm accepts it, the engine's value is not one: {e}"),
        (Err(_), Ok(Err(_))) => return Ok(()),
        (Ok(_), Err(e)) => format!("nanvm accepts it, the engine throws: {e}"),
        (Err(e), Ok(Ok(_))) => format!("the engine accepts it, nanvm rejects it: {e}"),
    };
    Err(format!("{difference}\n--- module ---\n{text}"))
}
