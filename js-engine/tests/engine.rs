//! The engine against node, its errors and its time limit. The modules are in
//! `tests/modules/`.

mod node;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use nanvm_js_engine::JsEngine;

fn module(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "modules", name]
        .iter()
        .collect()
}

fn engine() -> JsEngine {
    JsEngine::new().expect("the engine starts")
}

/// The error of `result`, or a panic showing the unexpected value.
fn error<T: std::fmt::Debug>(result: Result<T, String>) -> String {
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(message) => message,
    }
}

#[test]
fn graph_dump_agrees_with_node() {
    let mut engine = engine();
    for name in ["graph.mjs", "list.mjs", "shared.mjs", "function.mjs"] {
        let path = module(name);
        let ours = engine.import_default(&path).expect(name);
        assert_eq!(ours, node::graph_dump(&path), "{name}");
    }
}

#[test]
fn graph_dump_keeps_sharing() {
    // graph.mjs's `a` and `self` are one array, whose first two items are one
    // object (also graph.mjs's `b`): one node each in the dump.
    let dump = engine().import_default(&module("graph.mjs")).unwrap();
    let nodes = dump["nodes"].as_array().unwrap();
    let root = &nodes[0][1];
    let field = |key: &str| {
        let units: Vec<u16> = key.encode_utf16().collect();
        root.as_array()
            .unwrap()
            .iter()
            .find(|entry| entry[0] == serde_json::json!(units))
            .map(|entry| entry[1].clone())
            .unwrap()
    };
    assert_eq!(field("a"), field("self"));
    let list = &nodes[field("a")[1].as_u64().unwrap() as usize][1];
    assert_eq!(list[0], list[1]);
    assert_eq!(list[0], field("b"));
}

#[test]
fn syntax_error_is_an_error() {
    let message = error(engine().import_default(&module("syntax-error.mjs")));
    assert!(message.contains("SyntaxError"), "{message}");
    assert!(message.contains("syntax-error.mjs"), "{message}");
}

#[test]
fn missing_import_is_an_error() {
    let message = error(engine().import_default(&module("missing-import.mjs")));
    assert!(message.contains("does-not-exist.mjs"), "{message}");
}

#[test]
fn missing_module_is_an_error() {
    let message = error(engine().import_default(&module("no-such-module.mjs")));
    assert!(message.contains("no-such-module.mjs"), "{message}");
}

#[test]
fn throwing_module_is_an_error() {
    let message = error(engine().import_default(&module("throws.mjs")));
    assert!(message.contains("RangeError"), "{message}");
    assert!(
        message.contains("thrown while evaluating throws.mjs"),
        "{message}"
    );
}

#[test]
fn engine_works_after_errors() {
    let mut engine = engine();
    for name in ["syntax-error.mjs", "missing-import.mjs", "throws.mjs"] {
        error(engine.import_default(&module(name)));
    }
    let path = module("graph.mjs");
    assert_eq!(
        engine.import_default(&path).unwrap(),
        node::graph_dump(&path)
    );
}

#[test]
fn call_default_agrees_with_node() {
    let mut engine = engine();
    for (name, args) in [
        ("function.mjs", r#"["a\ud800b😀", 21]"#),
        ("function.mjs", r#"["", -0.5]"#),
        ("async-function.mjs", r#"[{"x": [1, "\udfff"]}]"#),
    ] {
        let path = module(name);
        let ours = engine.call_default(&path, args).expect(name);
        assert_eq!(ours, node::call_default(&path, args), "{name} {args}");
    }
}

#[test]
fn call_default_needs_an_array_of_arguments() {
    let mut engine = engine();
    let message = error(engine.call_default(&module("function.mjs"), r#"{"a": 1}"#));
    assert!(message.contains("not a JSON array"), "{message}");
    let message = error(engine.call_default(&module("function.mjs"), "[1,"));
    assert!(message.contains("SyntaxError"), "{message}");
}

#[test]
fn call_default_of_a_non_function_is_an_error() {
    let message = error(engine().call_default(&module("shared.mjs"), "[]"));
    assert!(message.contains("TypeError"), "{message}");
}

#[test]
fn run_sees_the_module_and_the_dumper() {
    let mut engine = engine();
    let path = module("list.mjs");
    let text = engine
        .run(
            &path,
            "await Promise.resolve(JSON.stringify(dump(module.default)))",
        )
        .unwrap();
    let dump: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(dump, node::graph_dump(&path));
    let message = error(engine.run(&path, "module.default.length"));
    assert!(message.contains("not a string"), "{message}");
}

#[test]
fn endless_module_is_terminated() {
    let timeout = Duration::from_millis(500);
    let mut engine = JsEngine::with_timeout(timeout).unwrap();
    let start = Instant::now();
    let message = error(engine.import_default(&module("loop.mjs")));
    assert!(message.contains("terminated"), "{message}");
    assert!(start.elapsed() < timeout * 20, "took {:?}", start.elapsed());
    // The engine starts afresh and works.
    let path = module("graph.mjs");
    assert_eq!(
        engine.import_default(&path).unwrap(),
        node::graph_dump(&path)
    );
}

#[test]
fn endless_function_is_terminated() {
    let mut engine = JsEngine::with_timeout(Duration::from_millis(500)).unwrap();
    let message = error(engine.call_default(&module("loop-function.mjs"), "[]"));
    assert!(message.contains("terminated"), "{message}");
    let path = module("function.mjs");
    let args = r#"["x", 1]"#;
    assert_eq!(
        engine.call_default(&path, args).unwrap(),
        node::call_default(&path, args)
    );
}

#[test]
fn never_settling_module_is_an_error() {
    let message = error(engine().import_default(&module("never-settles.mjs")));
    assert!(!message.contains("terminated"), "{message}");
}

/// Set in the child process of [`catch_all_loop_aborts_the_process_or_is_terminated`].
const CHILD: &str = "NANVM_JS_ENGINE_TEST_CHILD";

/// The child half of [`catch_all_loop_aborts_the_process_or_is_terminated`]; does nothing
/// unless [`CHILD`] is set.
#[test]
fn catch_all_loop_child() {
    if std::env::var_os(CHILD).is_some() {
        let mut engine = JsEngine::with_timeout(Duration::from_millis(200)).unwrap();
        let result = engine.import_default(&module("catch-all-loop.mjs"));
        // Not reached: the watchdog aborts the process.
        println!("returned {result:?}");
    }
}

/// A loop that catches every exception ends one of two ways, and never
/// hangs: QuickJS's interrupt usually reaches the loop's `catch`, which
/// swallows it, and the watchdog aborts the process after its grace
/// period; sometimes (a race in where the interrupt lands; seen once in
/// a clean-clone CI run) the termination ends the evaluation, and the
/// engine returns an error.
#[test]
fn catch_all_loop_aborts_the_process_or_is_terminated() {
    let start = Instant::now();
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "catch_all_loop_child", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let aborted = !output.status.success() && stderr.contains("aborting the process");
    let terminated = output.status.success() && stdout.contains("returned Err");
    assert!(
        aborted || terminated,
        "neither aborted nor terminated: {:?}\nstdout: {stdout}\nstderr: {stderr}",
        output.status
    );
    assert!(
        !stdout.contains("returned Ok"),
        "the loop gave a value: {stdout}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
}
