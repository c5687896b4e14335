//! Issue 4's "done when": hostile modules, written as source text and run
//! through the whole pipeline (the compiler in the VM, then the linker),
//! each end with a clear error or a value within budgets, never a stack
//! overflow or a crash of the host process:
//!
//! - endless recursion (plain and in tail position);
//! - nesting 100,000 deep (arrays in DJS, in JSON, and a function called
//!   inside itself);
//! - a 50 MB module.
//!
//! Debug test builds are slow (the VM compiles about 5 s/MB in release and
//! many times that unoptimized), so the 50 MB module is compiled under a
//! reduced step budget of 20 million steps (about 0.5 MB's worth of
//! compiling): it must end in a clean step-budget error after reading the
//! whole 50 MB input into the VM, rather than a crash. A smaller module of
//! the same shape, within budget, checks that the error is only the budget.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use nanvm_runtime::compile::{load_with, load_with_vm, Compiler, LoadError, Loaded};
use nanvm_runtime::vm::{Budget, Vm};
use nanvm_runtime::Limits;

fn one_file(path: &str, text: String) -> BTreeMap<String, Vec<u8>> {
    BTreeMap::from([(path.to_owned(), text.into_bytes())])
}

fn run(path: &str, text: String) -> (Result<Loaded, LoadError>, Duration) {
    let start = Instant::now();
    let mut compiler = Compiler::new().expect("the compiler starts");
    let result = load_with(&mut compiler, one_file(path, text), path);
    (result, start.elapsed())
}

#[test]
fn endless_recursion_is_a_call_depth_error_within_a_second() {
    let (result, elapsed) = run(
        "endless.f.mjs",
        "const f = x => 1 + f(x)\nexport default f(0)".into(),
    );
    let error = result.unwrap_err().to_string();
    assert!(error.starts_with("endless.f.mjs: error: "), "{error}");
    assert!(error.contains("call depth budget"), "{error}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[test]
fn endless_tail_recursion_is_a_step_error() {
    let budget = Budget {
        steps: 1_000_000,
        ..Budget::default()
    };
    let mut compiler = Compiler::new().expect("the compiler starts");
    let files = one_file(
        "loop.f.mjs",
        "const f = x => f(x + 1)\nexport default f(0)".into(),
    );
    let vm = Vm::with_limits(Limits::default(), budget);
    let error = load_with_vm(&mut compiler, files, "loop.f.mjs", vm).unwrap_err();
    assert_eq!(error.path, "loop.f.mjs");
    assert!(error.message.contains("steps budget of 1000000"), "{error}");
}

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("{}{}", open.repeat(depth), close.repeat(depth))
}

/// Source nested 100,000 deep: the compiler stops at the nesting limit
/// (`Limits::max_depth`, 1000) with the position where it was crossed.
#[test]
fn source_nested_100_000_deep_is_a_clear_error() {
    let cases = [
        (
            "deep.d.mjs",
            format!("export default {}", nested(100_000, "[", "]")),
        ),
        ("deep.json", nested(100_000, "{\"a\":", "}")),
        (
            "deep.f.mjs",
            format!(
                "export default {}0{}",
                "(x => x)(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
    ];
    for (path, text) in cases {
        let (result, elapsed) = run(path, text);
        let error = result.unwrap_err();
        assert_eq!(error.path, path);
        assert!(error.line == 1 && error.column > 1000, "{error}");
        assert!(
            error.message.contains("nesting deeper than 1000"),
            "{error}"
        );
        assert!(elapsed < Duration::from_secs(20), "{path}: {elapsed:?}");
    }
}

/// A value nested 100,000 deep built at run time (by a loop written as tail
/// recursion) is a value: evaluating it, and dropping it, stay off the
/// native stack.
#[test]
fn a_value_nested_100_000_deep_is_a_value() {
    let source = "const wrap = (n, a) => n === 0 ? a : wrap(n - 1, [a])\nexport default wrap(100000, 'core')";
    let (result, _) = run("wrap.f.mjs", source.into());
    let loaded = result.expect("a value within budgets");
    let mut depth = 0;
    let mut value = &loaded.value;
    while let Some(array) = value.as_array() {
        assert_eq!(array.items().len(), 1);
        value = &array.items()[0];
        depth += 1;
    }
    assert_eq!(depth, 100_000);
    assert!(value.as_js_string().is_some_and(|s| s.eq_str("core")));
}

/// `export default ["0123456789abcdef", …, 0]` of `bytes` bytes.
fn strings(bytes: usize) -> String {
    let item = "\"0123456789abcdef\",";
    format!("export default [{}0]", item.repeat(bytes / item.len()))
}

/// The step budget of the 50 MB test: enough to compile about 0.5 MB.
const STEPS: u64 = 20_000_000;

fn compile_strings(bytes: usize) -> Result<Loaded, LoadError> {
    let budget = Budget {
        steps: STEPS,
        ..Budget::default()
    };
    let mut compiler =
        Compiler::with_limits(Limits::default(), budget).expect("the compiler starts");
    load_with(
        &mut compiler,
        one_file("big.d.mjs", strings(bytes)),
        "big.d.mjs",
    )
}

#[test]
fn a_50_mb_module_ends_in_a_clean_budget_error() {
    let start = Instant::now();
    let error = compile_strings(50_000_000).unwrap_err();
    assert_eq!(error.path, "big.d.mjs");
    let expected = format!("the steps budget of {STEPS} is exhausted");
    assert_eq!(error.message, expected);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn the_same_module_at_100_kb_is_a_value_within_that_budget() {
    let loaded = compile_strings(100_000).expect("within budget");
    let items = loaded.value.as_array().expect("an array").items().len();
    assert_eq!(items, 100_000 / 19 + 1);
}
