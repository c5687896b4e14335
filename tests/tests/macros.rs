//! `include_djs!` (static constants and embedded bytecode) and `djs!`
//! (tokens and string literal), compiled into this test crate from
//! `fixtures/macros/`, checked against the same modules loaded at run time
//! by `nanvm_runtime::compile` (itself checked against node in
//! `compiler_node.rs` and `vm_compiler.rs`): the same graph, sharing
//! included, and shared values at one address.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nanvm_runtime::compile::{load, load_with, Compiler};
use nanvm_runtime::embedded::Embedded;
use nanvm_runtime::static_value::StaticValue;
use nanvm_runtime::value::{Array, Object, Value};
use nanvm_runtime::{djs, include_djs};
use nanvm_tests::graph::same_graph;

static CONFIG: StaticValue = include_djs!("../../fixtures/macros/config/main.d.mjs", root = "..");
static CONFIG_BYTECODE: Embedded = include_djs!(
    "../../fixtures/macros/config/main.d.mjs",
    bytecode,
    root = ".."
);

/// What `build.rs` wrote with nanvm-build: `BUILT`.
mod built {
    include!(concat!(env!("OUT_DIR"), "/macros_config.rs"));
}

static BUILT_BYTECODE: Embedded = Embedded::new(include_bytes!(concat!(
    env!("OUT_DIR"),
    "/macros_config.bc"
)));

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/macros")
}

/// The fixture's graph, loaded at run time.
fn config_at_run_time() -> Value {
    let root = fixtures();
    load(&root, Path::new("config/main.d.mjs")).unwrap().value
}

/// `text` as a module in memory, loaded at run time.
fn module_at_run_time(text: &str) -> Value {
    let files = BTreeMap::from([("m.d.mjs".to_owned(), text.as_bytes().to_vec())]);
    load_with(&mut Compiler::new().unwrap(), files, "m.d.mjs")
        .unwrap()
        .value
}

#[test]
fn include_djs_statics_are_the_graph_loaded_at_run_time() {
    same_graph(&config_at_run_time(), &CONFIG.to_value()).unwrap();
    assert_eq!(CONFIG.to_string(), config_at_run_time().to_string());
}

#[test]
fn include_djs_statics_keep_shared_values_at_one_address() {
    let shared = CONFIG["shared"].as_array().unwrap();
    assert!(std::ptr::eq(shared, CONFIG["again"].as_array().unwrap()));
    let points = &CONFIG["points"];
    let (a, b) = (
        points[0].as_object().unwrap(),
        points[1].as_object().unwrap(),
    );
    assert!(std::ptr::eq(a, b));
    // Two equal but distinct values stay two.
    assert!(!std::ptr::eq(shared, CONFIG["numbers"].as_array().unwrap()));
}

#[test]
fn include_djs_bytecode_is_the_graph_decoded_once_per_thread() {
    let first = CONFIG_BYTECODE.get();
    same_graph(&config_at_run_time(), &first).unwrap();
    let again = CONFIG_BYTECODE.get();
    let (a, b) = (first.as_object().unwrap(), again.as_object().unwrap());
    assert!(Object::ptr_eq(a, b), "decoded once");
    let shared = |v: &Value, key: &str| v.get(key).and_then(Value::as_array).cloned().unwrap();
    assert!(Array::ptr_eq(
        &shared(&first, "shared"),
        &shared(&first, "again")
    ));
    assert_eq!(CONFIG_BYTECODE.to_string(), CONFIG.to_string());
    // Another thread decodes its own copy of the same graph.
    let text = std::thread::spawn(|| CONFIG_BYTECODE.with(|v| v.to_string()))
        .join()
        .unwrap();
    assert_eq!(text, CONFIG.to_string());
}

#[test]
fn nanvm_build_writes_the_same_graph_as_the_macros() {
    same_graph(&config_at_run_time(), &built::BUILT.to_value()).unwrap();
    let shared = built::BUILT["shared"].as_array().unwrap();
    assert!(std::ptr::eq(
        shared,
        built::BUILT["again"].as_array().unwrap()
    ));
    same_graph(&config_at_run_time(), &BUILT_BYTECODE.get()).unwrap();
}

static BARE: StaticValue =
    djs! { [1, -0, 18446744073709551616n, { "a": [true, null], b: "x\ty" }, 0.1] };

// djs! imports stay under this crate's directory.
static MODULE: StaticValue = djs! {
    import shared from "./shared.d.mjs"
    const pair = [shared, shared]
    export default { pair, n: 1e21 }
};

static RAW: StaticValue = djs!(r#"{ 'single': 'single quotes', escaped: '\u0041\uD800' }"#);

#[test]
fn djs_tokens_are_the_module_they_spell() {
    let bare =
        r#"export default [1, -0, 18446744073709551616n, { "a": [true, null], b: "x\ty" }, 0.1]"#;
    same_graph(&module_at_run_time(bare), &BARE.to_value()).unwrap();
    let shared = MODULE["pair"][0].as_array().unwrap();
    assert!(std::ptr::eq(shared, MODULE["pair"][1].as_array().unwrap()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let expected = load(&root, Path::new("shared.d.mjs")).unwrap().value;
    same_graph(&expected, &MODULE["pair"][0].to_value()).unwrap();
    assert_eq!(MODULE["n"].as_f64(), Some(1e21));
}

#[test]
fn djs_string_literal_takes_what_rust_tokens_cannot() {
    let text = r#"export default { 'single': 'single quotes', escaped: '\u0041\uD800' }"#;
    same_graph(&module_at_run_time(text), &RAW.to_value()).unwrap();
    assert_eq!(RAW["single"].as_str(), Some("single quotes"));
}

#[test]
fn compile_errors_are_reported_at_the_macro_call() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
