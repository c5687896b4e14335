//! Static Rust constants, end to end: `build.rs` writes the graphs of
//! `nanvm_tests::static_cases` as Rust statics with `to_rust_static`, this
//! test crate compiles them, and the tests check at run time that the
//! compiled statics are the graphs they came from: leaves bit for bit,
//! sharing as `static` identity (`std::ptr::eq`), `to_value` and `Display`
//! as for the original, lookups through the generated key index, and serde.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use nanvm_runtime::serde::{from_static, from_value};
use nanvm_runtime::serialize::{to_djs, to_rust_static, RustOptions};
use nanvm_runtime::static_value::{StaticArray, StaticObject, StaticValue};
use nanvm_runtime::value::{Kind, Value};
use nanvm_tests::graph::same_graph;
use nanvm_tests::static_cases::{cases, deep, doubles, wide, wide_key, Case};
use serde::Deserialize;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/static_cases.rs"));
}

use generated::{BIGINTS, CASES, CONFIG, DEEP, KEYS, NUMBERS, SHARING, STRINGS, WIDE};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

/// The original graphs, each with its compiled static.
fn originals() -> Vec<(Case, &'static StaticValue)> {
    let statics: HashMap<&str, &'static StaticValue> = CASES.iter().copied().collect();
    let cases = cases(&fixtures()).unwrap();
    assert_eq!(cases.len(), statics.len());
    cases
        .into_iter()
        .map(|case| {
            let compiled = statics[case.name];
            (case, compiled)
        })
        .collect()
}

#[test]
fn to_value_is_the_original_graph_with_its_sharing() {
    for (case, compiled) in originals() {
        let converted = compiled.to_value();
        if let Err(e) = same_graph(&case.value, &converted) {
            panic!("{}: {e}", case.name);
        }
    }
}

#[test]
fn display_is_the_djs_text_of_the_original() {
    for (case, compiled) in originals() {
        let text = compiled.to_string();
        assert_eq!(text, case.value.to_string(), "{}", case.name);
        match to_djs(&case.value) {
            Ok(djs) => assert_eq!(text, djs, "{}", case.name),
            // NaN has no DJS literal: both sides say so.
            Err(e) => assert_eq!(text, format!("<{e}>"), "{}", case.name),
        }
    }
    assert!(to_djs(&SHARING.to_value())
        .unwrap()
        .starts_with("const c0 = "));
}

/// Walks an original graph and its static side by side: the same leaves
/// (numbers bit for bit, NaN payloads included), the same keys in the same
/// order, each object's lookups finding each of its properties, and
/// containers of the original in a bijection with statics by address.
fn mirror(original: &Value, compiled: &'static StaticValue) -> Result<(), String> {
    let mut statics_of: HashMap<usize, usize> = HashMap::new();
    let mut originals_of: HashMap<usize, usize> = HashMap::new();
    let mut pending = vec![(original.clone(), compiled)];
    while let Some((value, compiled)) = pending.pop() {
        let leaves_agree = match (&value, compiled) {
            (Value::Undefined, StaticValue::Undefined) | (Value::Null, StaticValue::Null) => true,
            (Value::Bool(a), StaticValue::Bool(b)) => a == b,
            (Value::Number(a), StaticValue::Number(b)) => a.to_bits() == b.to_bits(),
            (Value::String(a), StaticValue::String(b)) => {
                a.as_units().iter().copied().eq(b.units())
                    && b.as_str().is_some() == a.to_rust_string().is_some()
            }
            (Value::BigInt(a), StaticValue::BigInt(b)) => **a == b.to_bigint(),
            (Value::Array(_), StaticValue::Array(_))
            | (Value::Object(_), StaticValue::Object(_)) => true,
            _ => false,
        };
        if !leaves_agree {
            return Err(format!("{value:?} vs {compiled:?}"));
        }
        let (Some(from), Some(to)) = (value.addr(), static_addr(compiled)) else {
            continue;
        };
        match (statics_of.get(&from), originals_of.get(&to)) {
            (None, None) => {
                statics_of.insert(from, to);
                originals_of.insert(to, from);
            }
            (Some(&s), Some(&o)) if s == to && o == from => continue,
            _ => return Err(format!("sharing differs at {value:?}")),
        }
        match (&value, compiled) {
            (Value::Array(a), StaticValue::Array(s)) => {
                if a.len() != s.len() {
                    return Err(format!("lengths differ at {value:?}"));
                }
                pending.extend(a.items().iter().cloned().zip(s.iter()));
            }
            (Value::Object(o), StaticValue::Object(s)) => {
                if o.len() != s.len() {
                    return Err(format!("sizes differ at {value:?}"));
                }
                for ((key, item), (static_key, static_item)) in o.entries().zip(s.iter()) {
                    if !key.as_units().iter().copied().eq(static_key.units()) {
                        return Err(format!("key {key:?} vs {static_key:?}"));
                    }
                    check_lookups(s, key.as_units(), static_item)?;
                    pending.push((item.clone(), static_item));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn static_addr(value: &StaticValue) -> Option<usize> {
    match value {
        StaticValue::Array(a) => Some(std::ptr::from_ref::<StaticArray>(a).addr()),
        StaticValue::Object(o) => Some(std::ptr::from_ref::<StaticObject>(o).addr()),
        _ => None,
    }
}

/// Every way of looking up `key` in `object` finds `expected` itself.
fn check_lookups(
    object: &StaticObject,
    key: &[u16],
    expected: &'static StaticValue,
) -> Result<(), String> {
    let found = |v: Option<&'static StaticValue>| v.is_some_and(|v| std::ptr::eq(v, expected));
    let by_text = String::from_utf16(key).map_or(true, |text| found(object.get(&text)));
    if found(object.get_utf16(key)) && by_text {
        Ok(())
    } else {
        Err(format!(
            "lookup of {:?} fails",
            String::from_utf16_lossy(key)
        ))
    }
}

#[test]
fn statics_mirror_the_original_leaves_keys_and_sharing() {
    for (case, compiled) in originals() {
        if let Err(e) = mirror(&case.value, compiled) {
            panic!("{}: {e}", case.name);
        }
    }
}

#[test]
fn a_shared_value_is_one_static() {
    let array = |v: &'static StaticValue| v.as_array().unwrap();
    let object = |v: &'static StaticValue| v.as_object().unwrap();
    assert!(std::ptr::eq(array(&SHARING["a"]), array(&SHARING["b"])));
    assert!(std::ptr::eq(
        object(&SHARING["a"][0]),
        object(&SHARING["point"])
    ));
    assert!(std::ptr::eq(
        object(&SHARING["b"][1]),
        object(&SHARING["point"])
    ));
    assert!(std::ptr::eq(array(&SHARING["e1"]), array(&SHARING["b"][2])));
    assert!(std::ptr::eq(object(&SHARING["o1"]), object(&SHARING["o2"])));
    assert!(std::ptr::eq(
        object(&CONFIG["primary"]),
        object(&CONFIG["backup"])
    ));
    // Equal but distinct containers stay distinct, empty ones included.
    assert!(!std::ptr::eq(
        array(&SHARING["twin1"]),
        array(&SHARING["twin2"])
    ));
    assert!(!std::ptr::eq(
        array(&SHARING["fresh1"]),
        array(&SHARING["fresh2"])
    ));
    assert!(!std::ptr::eq(
        array(&SHARING["fresh1"]),
        array(&SHARING["e1"])
    ));
    assert_eq!(SHARING["twin1"], SHARING["twin2"]);
    assert!(StaticValue::is(&SHARING["e1"], &SHARING["e2"]));
}

#[test]
fn accessors_read_the_compiled_values() {
    let keys: Vec<String> = KEYS
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.to_string())
        .collect();
    let value = cases(&fixtures()).unwrap().remove(4).value;
    let expected: Vec<String> = value
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(keys, expected);
    assert_eq!(KEYS["__proto__"][0].as_u64(), Some(2));
    assert_eq!(KEYS["b"].as_u64(), Some(8));
    assert_eq!(KEYS[2].as_u64(), Some(5));
    assert!(KEYS["4294967295"].as_f64().is_some());

    let wide_value = wide(10_000);
    let wide_object = wide_value.as_object().unwrap();
    for i in (0..10_000).step_by(37) {
        let key = wide_key(i);
        let expected = wide_object.get(&key).unwrap();
        let found = WIDE.as_object().unwrap().get_utf16(key.as_units()).unwrap();
        assert_eq!(found.kind(), expected.kind(), "{key:?}");
        if let Some(text) = key.to_rust_string() {
            assert!(std::ptr::eq(&WIDE[text.as_str()], found));
        }
    }
    assert!(WIDE["no such key"].is_undefined());

    let mut cursor = &DEEP;
    let mut levels = 0;
    loop {
        cursor = match cursor.kind() {
            Kind::Array => &cursor[0],
            Kind::Object => &cursor["inner"],
            _ => break,
        };
        levels += 1;
    }
    assert_eq!(levels, 1000);
    assert_eq!(cursor.as_str(), Some("bottom"));
    same_graph(&deep(1000), &DEEP.to_value()).unwrap();

    let bigints = BIGINTS.as_array().unwrap();
    let original = cases(&fixtures()).unwrap().remove(3).value;
    for (compiled, value) in bigints.iter().zip(original.as_array().unwrap().items()) {
        assert_eq!(compiled.as_bigint().as_ref(), value.as_bigint());
    }
    assert_eq!(BIGINTS[1].as_i64(), Some(1));
    assert_eq!(BIGINTS[2].as_i64(), Some(-1));

    let strings = STRINGS[0].as_array().unwrap();
    assert_eq!(strings.get(0).and_then(StaticValue::as_str), Some(""));
    assert_eq!(strings.get(1).and_then(StaticValue::as_str), None);
    assert_eq!(
        strings
            .get(1)
            .and_then(StaticValue::as_static_str)
            .map(|s| s.units().collect()),
        Some(vec![0xD800])
    );
    assert_eq!(STRINGS[1]["😀 astral 𝄞"].as_u64(), Some(6));

    let numbers: Vec<u64> = NUMBERS
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_f64().unwrap().to_bits())
        .collect();
    let expected: Vec<u64> = doubles(&fixtures()).unwrap().map(f64::to_bits).collect();
    assert_eq!(numbers, expected);
}

#[test]
fn generated_code_is_deterministic() {
    // The build script ran in another process, with other hash seeds.
    let generated = include_str!(concat!(env!("OUT_DIR"), "/static_cases.rs"));
    for (case, _) in originals() {
        let item = to_rust_static(&case.value, case.name, &RustOptions::default()).unwrap();
        assert!(generated.contains(&item), "{}", case.name);
    }
}

#[derive(Debug, PartialEq, Deserialize)]
struct Config {
    name: &'static str,
    ratio: f64,
    enabled: bool,
    tags: Vec<String>,
    primary: Server,
    backup: Server,
    owner: Option<String>,
    big: u128,
    shapes: Vec<Shape>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Server {
    host: &'static str,
    port: u16,
}

#[derive(Debug, PartialEq, Deserialize)]
enum Shape {
    Empty,
    Circle(f64),
    Rect { w: u32, h: u32 },
}

#[test]
fn serde_reads_compiled_values_into_user_types() {
    let config: Config = from_static(&CONFIG).unwrap();
    let server = || Server {
        host: "example.com",
        port: 8080,
    };
    assert_eq!(
        config,
        Config {
            name: "web ✓",
            ratio: -0.25,
            enabled: true,
            tags: vec!["a".into(), "b".into()],
            primary: server(),
            backup: server(),
            owner: None,
            big: u128::MAX,
            shapes: vec![Shape::Empty, Shape::Circle(1.5), Shape::Rect { w: 2, h: 3 }],
        }
    );
    // Borrowed from the static, not copied.
    assert!(std::ptr::eq(config.name, CONFIG["name"].as_str().unwrap()));
    // Every case reads as its original does.
    for (case, compiled) in originals() {
        let json = |r: Result<serde_json::Value, nanvm_runtime::serde::Error>| {
            r.map_err(|e| e.to_string())
        };
        assert_eq!(
            json(from_static(compiled)),
            json(from_value(&case.value)),
            "{}",
            case.name
        );
    }
}
