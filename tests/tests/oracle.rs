//! The node oracle itself: `tests/js/graph-dump.mjs` and
//! `nanvm_tests::oracle` must hand back what the hand-written modules of
//! `fixtures/oracle/` say, sharing included. Each expected graph is built in
//! Rust from the module's text, literal by literal, so these tests check the
//! oracle and not the engine.

use std::path::{Path, PathBuf};

use nanvm_runtime::value::{BigInt, JsString, Value};
use nanvm_tests::graph::same_graph;
use nanvm_tests::oracle::node_eval;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/oracle")
        .join(name)
}

/// What node says `name` evaluates to.
fn eval(name: &str) -> Result<Value, String> {
    let mut results = node_eval(&[fixture(name)]);
    assert_eq!(results.len(), 1);
    results.remove(0)
}

fn num(n: f64) -> Value {
    Value::Number(n)
}

fn units(units: &[u16]) -> Value {
    Value::String(JsString::from(units.to_vec()))
}

#[test]
fn sharing_survives_as_identity() {
    let value = eval("sharing.mjs").unwrap();
    let get = |path: &[&str]| {
        path.iter()
            .try_fold(&value, |v, key| v.get(key))
            .unwrap_or_else(|| panic!("no {path:?} in {value}"))
            .clone()
    };
    assert!(Value::is(&get(&["a"]), &get(&["b"])));
    assert!(Value::is(&get(&["a", "0"]), &get(&["c"])));
    assert!(Value::is(&get(&["a", "1"]), &get(&["d", "0"])));
    assert!(!Value::is(&get(&["d", "1"]), &get(&["d", "2"])));
    assert!(!Value::is(&get(&["c"]), &get(&["d", "1"])));

    let leaf = Value::object([("x", num(1.0))]);
    let pair = Value::array([leaf.clone(), leaf.clone()]);
    let fresh = || Value::object([("x", num(1.0))]);
    let expected = Value::object([
        ("a", pair.clone()),
        ("b", pair),
        ("c", leaf.clone()),
        ("d", Value::array([leaf, fresh(), fresh()])),
    ]);
    assert_eq!(same_graph(&expected, &value), Ok(()));
    // The same tree without its sharing is a different graph.
    let tree = Value::object([
        ("a", Value::array([fresh(), fresh()])),
        ("b", Value::array([fresh(), fresh()])),
        ("c", fresh()),
        ("d", Value::array([fresh(), fresh(), fresh()])),
    ]);
    assert!(same_graph(&tree, &value).is_err());
}

#[test]
fn leaves_keep_what_json_loses() {
    let value = eval("leaves.mjs").unwrap();
    let big = |s: &str| Value::bigint(s.parse::<BigInt>().unwrap());
    let expected = Value::array([
        Value::Undefined,
        Value::Null,
        Value::Bool(true),
        Value::Bool(false),
        num(0.0),
        num(-0.0),
        num(f64::NAN),
        num(f64::INFINITY),
        num(f64::NEG_INFINITY),
        num(1e21),
        num(5e-324),
        num(0.1),
        big("0"),
        big("-1"),
        big("123456789012345678901234567890"),
        big("-18446744073709551616"),
        units(&[]),
        units(&[0xD800]),
        units(&[0x61, 0xDC00, 0x62]),
        units(&[0xD83D, 0xDE00]),
        units(&[0x2028]),
    ]);
    assert_eq!(same_graph(&expected, &value), Ok(()));
}

#[test]
fn keys_come_in_javascript_order_and_proto_stays_own() {
    let value = eval("keys.mjs").unwrap();
    // In source order: the object builder must order them as node does.
    let expected = Value::object([
        ("b", num(1.0)),
        ("__proto__", Value::array([num(2.0)])),
        ("10", num(3.0)),
        ("4294967295", num(4.0)),
        ("2", num(5.0)),
        ("01", num(6.0)),
        ("4294967294", num(7.0)),
        ("b", num(8.0)),
    ]);
    assert_eq!(same_graph(&expected, &value), Ok(()));
}

#[test]
fn a_prototype_literal_is_reported() {
    let error = eval("proto.mjs").unwrap_err();
    assert!(error.contains("non-default prototype"), "{error}");
}

#[test]
fn functions_keep_length_and_identity() {
    let value = eval("functions.mjs").unwrap();
    let items = value.as_array().unwrap().items();
    let lengths: Vec<Option<u32>> = items
        .iter()
        .map(|f| f.as_function().map(|f| f.length()))
        .collect();
    assert_eq!(lengths, [Some(2), Some(2), Some(1)]);
    assert!(Value::is(&items[0], &items[1]));
    assert!(!Value::is(&items[0], &items[2]));
}

#[test]
fn one_node_process_answers_a_batch_in_order() {
    let names = [
        "leaves.mjs",
        "throws.mjs",
        "missing.mjs",
        "proto.mjs",
        "sharing.mjs",
    ];
    let files: Vec<PathBuf> = names.iter().map(|name| fixture(name)).collect();
    let results = node_eval(&files);
    assert_eq!(results.len(), names.len());
    assert!(results[0]
        .as_ref()
        .is_ok_and(|v| v.as_array().is_some_and(|a| a.len() == 21)));
    let error = results[1].as_ref().unwrap_err();
    assert!(error.contains("thrown by the fixture"), "{error}");
    assert!(results[2].is_err());
    assert!(results[3].is_err());
    assert!(results[4].as_ref().is_ok_and(|v| v.get("a").is_some()));
    assert!(node_eval(&[]).is_empty());
}
