use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::rc::Rc;

use ::serde::de::DeserializeOwned;
use ::serde::{Deserialize, Serialize};
use proptest::prelude::*;

use super::*;
use crate::bytecode::{Code, FunctionCode};
use crate::serialize::to_json;
use crate::static_value::tests::leak;
use crate::value::{Function, JsString, Value};
use crate::Limits;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Config {
    name: String,
    port: u16,
    ratio: f64,
    enabled: bool,
    tags: Vec<String>,
    owner: Option<Person>,
    limits: BTreeMap<String, u64>,
    by_id: BTreeMap<u32, String>,
    pair: (i8, char),
    shape: Shape,
    shapes: Vec<Shape>,
    unit: (),
    marker: Marker,
    meters: Meters,
    wide: (i128, u128, i64, u64),
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Person {
    first: String,
    age: Option<u8>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum Shape {
    Empty,
    Circle(f64),
    Rect(u32, u32),
    Polygon { sides: u8, name: Option<String> },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Marker;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Meters(f32);

fn config() -> Config {
    Config {
        name: "héllo 😀".into(),
        port: 8080,
        ratio: -0.25,
        enabled: true,
        tags: vec!["a".into(), String::new()],
        owner: Some(Person {
            first: "Ada".into(),
            age: None,
        }),
        limits: [("max".to_string(), u64::MAX), ("min".to_string(), 0)].into(),
        by_id: [(10, "ten".to_string()), (2, "two".to_string())].into(),
        pair: (-128, '\u{10FFFF}'),
        shape: Shape::Polygon {
            sides: 6,
            name: Some("hex".into()),
        },
        shapes: vec![Shape::Empty, Shape::Circle(1.5), Shape::Rect(2, 3)],
        unit: (),
        marker: Marker,
        meters: Meters(0.1),
        wide: (i128::MIN, u128::MAX, i64::MIN, u64::MAX),
    }
}

/// `t` survives `to_value` then `from_value`, and `from_static` of the
/// value in static form.
fn round_trips<T: Serialize + DeserializeOwned + PartialEq + Debug>(t: &T) {
    let value = to_value(t).unwrap();
    assert_eq!(&from_value::<T>(&value).unwrap(), t, "through {value}");
    assert_eq!(
        &from_static::<T>(leak(&value)).unwrap(),
        t,
        "through static {value}"
    );
}

/// `t` survives [`round_trips`], and JSON text then `Value::deserialize`
/// then `from_value`.
fn round_trips_through_json<T: Serialize + DeserializeOwned + PartialEq + Debug>(t: &T) {
    round_trips(t);
    let json = serde_json::to_string(t).unwrap();
    let parsed: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(&from_value::<T>(&parsed).unwrap(), t, "through {json}");
}

#[test]
fn derived_types_round_trip() {
    round_trips(&config());
    // serde_json reads integers beyond 64 bits as floats.
    round_trips_through_json(&Config {
        wide: (i64::MIN.into(), u64::MAX.into(), i64::MAX, 0),
        ..config()
    });
    round_trips_through_json(&Shape::Empty);
    round_trips_through_json(&vec![Some(1u8), None]);
    round_trips_through_json(&HashMap::from([(-7i64, vec![(); 2]), (0, vec![])]));
    round_trips_through_json(&(u64::MAX, i64::MIN, 1u64 << 60, (1u64 << 53) + 1));
    round_trips_through_json(&Some(Some(1u8)));
    round_trips_through_json(&String::from("\0\u{FFFF}"));
}

#[test]
fn representation_matches_serde_json() {
    // serde_json writes `None` as null where `to_value` makes it undefined,
    // so compare a type without options; everything else must agree.
    #[derive(Serialize)]
    struct NoOptions {
        shapes: Vec<Shape>,
        by_id: BTreeMap<u32, &'static str>,
        pair: (u8, char),
        unit: (),
        marker: Marker,
        meters: Meters,
        bytes: &'static [u8],
    }
    let t = NoOptions {
        shapes: vec![
            Shape::Empty,
            Shape::Circle(-1.5),
            Shape::Rect(1, 2),
            Shape::Polygon {
                sides: 3,
                name: Some("tri".into()),
            },
        ],
        by_id: [(3, "c"), (1, "a")].into(),
        pair: (255, 'x'),
        unit: (),
        marker: Marker,
        meters: Meters(2.5),
        bytes: b"\x00\xff",
    };
    let through_json: Value = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
    assert_eq!(to_value(&t).unwrap(), through_json);
}

#[test]
fn to_value_keeps_field_order_except_array_indices() {
    #[derive(Serialize)]
    struct Fields {
        zeta: u8,
        #[serde(rename = "10")]
        ten: u8,
        alpha: u8,
        #[serde(rename = "2")]
        two: u8,
        #[serde(rename = "02")]
        not_an_index: u8,
        middle: u8,
    }
    let fields = Fields {
        zeta: 1,
        ten: 2,
        alpha: 3,
        two: 4,
        not_an_index: 5,
        middle: 6,
    };
    let names = ["zeta", "10", "alpha", "2", "02", "middle"];
    let value = to_value(&fields).unwrap();
    // The same properties, defined in the same order by an object literal.
    let literal = Value::object(names.iter().zip(1..).map(|(k, v)| (*k, Value::from(v))));
    assert_eq!(value, literal);
    let keys: Vec<String> = value
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.to_string())
        .collect();
    let (indices, named): (Vec<_>, Vec<_>) = names
        .iter()
        .partition(|k| JsString::from(**k).array_index().is_some());
    let mut indices: Vec<&str> = indices.into_iter().copied().collect();
    indices.sort_by_key(|k| k.parse::<u32>().unwrap());
    let expected: Vec<&str> = indices
        .into_iter()
        .chain(named.into_iter().copied())
        .collect();
    assert_eq!(keys, expected);
}

#[test]
fn integers_become_numbers_only_when_exact() {
    assert_eq!(
        to_value(&(1u64 << 60)).unwrap(),
        Value::Number((1u64 << 60) as f64)
    );
    assert_eq!(
        to_value(&((1u64 << 53) + 1)).unwrap(),
        Value::bigint((1u64 << 53) + 1)
    );
    assert_eq!(to_value(&u64::MAX).unwrap(), Value::bigint(u64::MAX));
    assert_eq!(to_value(&-7i8).unwrap(), Value::from(-7));
    // JSON text: an integer JSON.parse reads exactly stays a number.
    let parsed: Value = serde_json::from_str("[1152921504606846976, 9007199254740993]").unwrap();
    assert_eq!(
        parsed,
        Value::array([
            Value::Number(1152921504606846976.0),
            Value::bigint(9007199254740993u64)
        ])
    );
}

#[test]
fn json_integers_beyond_doubles_become_bigints() {
    // JSON.stringify writes 2^63 as 9223372036854776000, an integer that no
    // double holds: where JSON.parse would round it back to 2^63, reading
    // it into a `Value` keeps it exact, as a bigint.
    let two_pow_63 = Value::Number(9_223_372_036_854_775_808.0);
    let text = to_json(&two_pow_63).unwrap();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    let exact: u64 = text.parse().unwrap();
    assert_eq!(parsed, Value::bigint(exact));
    assert_ne!(exact, 1 << 63);
}

#[test]
fn numbers_deserialize_into_integers_when_integral_and_in_range() {
    assert_eq!(from_value::<u8>(&Value::Number(-0.0)), Ok(0));
    assert_eq!(
        from_value::<i64>(&Value::Number(i64::MIN as f64)),
        Ok(i64::MIN)
    );
    assert_eq!(
        from_value::<u128>(&Value::Number(1e30)),
        Ok(1_000_000_000_000_000_019_884_624_838_656)
    );
    assert_eq!(from_value::<f32>(&Value::Number(0.5)), Ok(0.5));

    let e = from_value::<u32>(&Value::Number(1.5)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value: number 1.5 is not an integer, expected u32"
    );
    for n in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let e = from_value::<i64>(&Value::Number(n)).unwrap_err();
        assert!(e.to_string().contains("is not an integer"), "{e}");
    }
    let e = from_value::<u8>(&Value::Number(256.0)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value: number 256 is out of range for u8"
    );
    let e = from_value::<u64>(&Value::Number(-1.0)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value: number -1 is out of range for u64"
    );
    let e = from_value::<u64>(&Value::string("1")).unwrap_err();
    assert_eq!(e.to_string(), "invalid type: string \"1\", expected u64");
}

#[test]
fn bigints_deserialize_into_integers_that_hold_them() {
    assert_eq!(from_value::<i64>(&Value::bigint(i64::MIN)), Ok(i64::MIN));
    assert_eq!(from_value::<u64>(&Value::bigint(u64::MAX)), Ok(u64::MAX));
    assert_eq!(from_value::<i128>(&Value::bigint(i128::MIN)), Ok(i128::MIN));
    assert_eq!(from_value::<u128>(&Value::bigint(u128::MAX)), Ok(u128::MAX));
    assert_eq!(from_value::<u8>(&Value::bigint(255)), Ok(255));

    let e = from_value::<u64>(&Value::bigint(-1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value: bigint -1n is out of range for u64"
    );
    let huge = Value::bigint(num_bigint::BigInt::from(u128::MAX) + 1);
    let e = from_value::<u128>(&huge).unwrap_err();
    assert!(e.to_string().contains("out of range for u128"), "{e}");
    // A bigint is not a number: it never becomes a float.
    assert!(from_value::<f64>(&Value::bigint(1)).is_err());
    // Through `deserialize_any` (here into serde_json's value), a bigint is
    // the smallest integer type that holds it, or an error past 128 bits.
    let json: serde_json::Value = from_value(&Value::bigint(u64::MAX)).unwrap();
    assert_eq!(json, serde_json::json!(u64::MAX));
    let e = from_value::<serde_json::Value>(&huge).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value: bigint of 129 bits does not fit in 128 bits"
    );
}

fn lone_surrogate() -> Value {
    Value::String(JsString::from(vec![0x61, 0xDC00]))
}

#[test]
fn lone_surrogates_cannot_become_rust_strings() {
    let e = from_value::<String>(&lone_surrogate()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid value: string \"a\\udc00\" holds a lone surrogate (\\udc00 at index 1), \
         which a Rust string cannot hold"
    );
    let keyed = Value::object([(JsString::from(vec![0xD800]), Value::Null)]);
    let e = from_value::<HashMap<String, ()>>(&keyed).unwrap_err();
    assert!(e.to_string().contains("lone surrogate"), "{e}");
    let e = serde_json::to_string(&Value::array([lone_surrogate()])).unwrap_err();
    assert!(e.to_string().contains("lone surrogate"), "{e}");
    let e = to_value(&Value::object([("k", Value::array([lone_surrogate()]))])).unwrap_err();
    assert!(e.to_string().contains("lone surrogate"), "{e}");
    assert_eq!(e.path(), ".k[0]");
}

fn function() -> Value {
    Value::Function(Function::new(Rc::new(FunctionCode {
        length: 0,
        code: Code { consts: Vec::new() },
    })))
}

#[test]
fn functions_are_errors_unless_ignored() {
    let e = from_value::<serde_json::Value>(&function()).unwrap_err();
    assert!(e.to_string().contains("function"), "{e}");
    let e = to_value(&Value::object([("f", function())])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid type: function, a function cannot be serialized at .f"
    );
    // A property the target does not have is skipped, whatever it holds.
    let person = Value::object([
        ("first", Value::from("Ada")),
        ("f", function()),
        ("big", Value::bigint(num_bigint::BigInt::from(1) << 200)),
    ]);
    let p: Person = from_value(&person).unwrap();
    assert_eq!(
        p,
        Person {
            first: "Ada".into(),
            age: None
        }
    );
}

#[test]
fn undefined_and_null_are_both_none_and_unit() {
    for v in [Value::Undefined, Value::Null] {
        assert_eq!(from_value::<Option<u8>>(&v), Ok(None));
        assert_eq!(from_value::<()>(&v), Ok(()));
        assert_eq!(from_value::<Marker>(&v), Ok(Marker));
    }
    assert_eq!(to_value(&None::<u8>).unwrap(), Value::Undefined);
    assert_eq!(to_value(&()).unwrap(), Value::Null);
    // A missing property is `None`, too.
    let p: Person = from_value(&Value::object([("first", Value::from("x"))])).unwrap();
    assert_eq!(p.age, None);
}

#[test]
fn errors_name_the_path() {
    let v = Value::object([(
        "servers",
        Value::array([
            Value::object([("first", Value::from("a"))]),
            Value::object([("first", Value::from("b")), ("age", Value::from(1.5))]),
        ]),
    )]);
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Servers {
        servers: Vec<Person>,
    }
    let e = from_value::<Servers>(&v).unwrap_err();
    assert_eq!(e.path(), ".servers[1].age");
    assert_eq!(
        e.message(),
        "invalid value: number 1.5 is not an integer, expected u8"
    );

    let e = from_value::<Shape>(&Value::object([("Rect", Value::array([Value::from(1)]))]))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid length 1, expected tuple variant Shape::Rect with 2 elements at .Rect"
    );
    let e = from_value::<Shape>(&Value::object([
        ("Empty", Value::Null),
        ("Circle", Value::Null),
    ]))
    .unwrap_err();
    assert!(e.to_string().contains("one property"), "{e}");
    let e = from_value::<(u8, u8)>(&Value::array([1, 2, 3].map(Value::from))).unwrap_err();
    assert!(e.to_string().contains("invalid length 3"), "{e}");
    let e = to_value(&vec![HashMap::from([(true, 1)])]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid key: object keys are strings (or integers, chars, unit variants), \
         not a boolean at [0]"
    );
    let e = to_value(&Shape::Polygon {
        sides: 3,
        name: Some("tri".into()),
    })
    .unwrap();
    let e = from_value::<Vec<Shape>>(&Value::array([
        e.clone(),
        e.clone(),
        Value::object([("Polygon", Value::object([("sides", Value::from(-1))]))]),
    ]))
    .unwrap_err();
    assert_eq!(e.path(), "[2].Polygon.sides");
}

#[test]
fn object_keys_can_be_integers_in_canonical_form() {
    let v = Value::object([("7", Value::Null), ("-3", Value::Null)]);
    let m: BTreeMap<i32, ()> = from_value(&v).unwrap();
    assert_eq!(m.keys().copied().collect::<Vec<_>>(), [-3, 7]);
    for key in ["07", "+7", "7.0", " 7", "x"] {
        let e = from_value::<BTreeMap<i32, ()>>(&Value::object([(key, Value::Null)])).unwrap_err();
        assert!(e.to_string().contains("expected i32"), "{key}: {e}");
    }
}

#[test]
fn untagged_enums_see_integral_numbers_as_integers() {
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Port {
        Number(u16),
        Name(String),
    }
    assert_eq!(from_value::<Port>(&Value::from(80)), Ok(Port::Number(80)));
    assert_eq!(
        from_value::<Port>(&Value::from("http")),
        Ok(Port::Name("http".into()))
    );
    assert!(from_value::<Port>(&Value::from(0.5)).is_err());
}

#[test]
fn nesting_and_expansion_are_limited() {
    let mut deep = Value::Null;
    for _ in 0..DEFAULT_MAX_DEPTH + 1 {
        deep = Value::array([deep]);
    }
    let e = from_value::<Value>(&deep).unwrap_err();
    assert!(e.to_string().contains("nests deeper"), "{e}");
    let e = to_value(&deep).unwrap_err();
    assert!(e.to_string().contains("nests deeper"), "{e}");
    let e = serde_json::to_string(&deep).unwrap_err();
    assert!(e.to_string().contains("nests deeper"), "{e}");
    // One level less is fine.
    let Value::Array(a) = &deep else {
        unreachable!()
    };
    let shallower = &a.items()[0];
    assert_eq!(&from_value::<Value>(shallower).unwrap(), shallower);
    assert_eq!(&to_value(shallower).unwrap(), shallower);
    // Explicit limits go deeper.
    let limits = Limits {
        max_depth: DEFAULT_MAX_DEPTH + 1,
        ..Limits::default()
    };
    assert!(from_value_with::<serde_json::Value>(&deep, &limits).is_ok());

    // 2^40 paths through 41 values.
    let mut shared = Value::Null;
    for _ in 0..40 {
        shared = Value::array([shared.clone(), shared]);
    }
    let limits = Limits {
        max_output_len: 100_000,
        ..Limits::default()
    };
    let e = from_value_with::<serde_json::Value>(&shared, &limits).unwrap_err();
    assert!(
        e.to_string()
            .contains("more than the limit of 100000 values"),
        "{e}"
    );
}

#[test]
fn values_pass_through_other_formats() {
    // Keys in sorted order: serde_json's map sorts them.
    let v = Value::object([
        (
            "a",
            Value::array([Value::Null, Value::Undefined, Value::from(true)]),
        ),
        ("big", Value::bigint(u64::MAX)),
        ("n", Value::Number(-0.0)),
        ("s", Value::from("x\"y")),
    ]);
    let json: serde_json::Value = from_value(&v).unwrap();
    let back: Value = serde_json::from_value(json).unwrap();
    // serde_json has no undefined: it becomes null.
    let expected = Value::object([
        (
            "a",
            Value::array([Value::Null, Value::Null, Value::from(true)]),
        ),
        ("big", Value::bigint(u64::MAX)),
        ("n", Value::Number(-0.0)),
        ("s", Value::from("x\"y")),
    ]);
    assert_eq!(back, expected);
}

/// Values that serde's data model carries without change: no functions, no
/// lone surrogates, and only bigints that a double does not hold exactly
/// and 128 bits do (the others come back as numbers).
fn faithful_value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![
        any::<f64>(),
        any::<i64>().prop_map(|n| n as f64),
        Just(-0.0),
        Just(f64::NAN),
    ];
    let bigint = any::<i128>()
        .prop_filter("a double holds it", |n| {
            let m = n.unsigned_abs();
            m != 0 && 128 - m.leading_zeros() - m.trailing_zeros() > 53
        })
        .prop_map(Value::bigint);
    let leaf = prop_oneof![
        Just(Value::Undefined),
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number.prop_map(Value::Number),
        ".{0,6}".prop_map(|s: String| Value::string(&s)),
        bigint,
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec((key(), inner), 0..6).prop_map(Value::object),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,3}",
        (0u32..20).prop_map(|n| n.to_string()),
        "0[0-9]"
    ]
}

/// Values that JSON carries: no undefined, bigints, non-finite numbers or
/// -0; and no integral numbers from 2^53 to 2^64, which JSON text writes as
/// integers that a double may not hold exactly (see
/// `json_integers_beyond_doubles_become_bigints`).
fn json_value() -> impl Strategy<Value = Value> {
    let number = prop_oneof![any::<f64>(), any::<i64>().prop_map(|n| n as f64)]
        .prop_filter("JSON text carries it", |n| {
            n.is_finite()
                && !(n.fract() == 0.0 && (2f64.powi(53)..2f64.powi(64)).contains(&n.abs()))
        })
        .prop_map(|n| if n == 0.0 { 0.0 } else { n });
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number.prop_map(Value::Number),
        ".{0,6}".prop_map(|s: String| Value::string(&s)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec((key(), inner), 0..6).prop_map(Value::object),
        ]
    })
}

#[test]
fn static_values_lend_their_strings() {
    #[derive(Debug, PartialEq, Deserialize)]
    struct Borrowed {
        name: &'static str,
        tags: Vec<&'static str>,
        by_name: BTreeMap<&'static str, u8>,
        shape: Shape,
    }
    let value = Value::object([
        ("name", Value::from("héllo")),
        ("tags", Value::array([Value::from("a"), Value::from("")])),
        (
            "by_name",
            Value::object([("x", Value::from(1)), ("y", Value::from(2))]),
        ),
        ("shape", Value::object([("Circle", Value::from(2))])),
    ]);
    let compiled = leak(&value);
    let borrowed: Borrowed = from_static(compiled).unwrap();
    assert_eq!(
        borrowed,
        Borrowed {
            name: "héllo",
            tags: vec!["a", ""],
            by_name: [("x", 1), ("y", 2)].into(),
            shape: Shape::Circle(2.0),
        }
    );
    // The very text of the static value, not a copy.
    assert!(std::ptr::eq(
        borrowed.name,
        compiled["name"].as_str().unwrap()
    ));
    // `&StaticValue` is a deserializer too, and runtime values cannot lend.
    assert_eq!(
        <&str>::deserialize(&compiled["tags"][0]).map_err(|e| e.to_string()),
        Ok("a")
    );
    let e = <(&str,)>::deserialize(&Value::array([Value::from("a")])).unwrap_err();
    assert!(e.to_string().contains("borrowed string"), "{e}");
    let e = from_static::<&'static str>(leak(&lone_surrogate())).unwrap_err();
    assert!(e.to_string().contains("lone surrogate"), "{e}");
}

#[test]
fn static_values_fail_as_runtime_values_do() {
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Servers {
        servers: Vec<Person>,
    }
    let values = [
        Value::object([(
            "servers",
            Value::array([
                Value::object([("first", Value::from("a"))]),
                Value::object([("first", Value::from("b")), ("age", Value::from(1.5))]),
            ]),
        )]),
        Value::object([("servers", Value::array([lone_surrogate()]))]),
        Value::object([("servers", Value::bigint(1))]),
        Value::object([(
            "servers",
            Value::array([Value::object([
                ("first", Value::from("c")),
                ("age", Value::bigint(300)),
            ])]),
        )]),
    ];
    for value in &values {
        let runtime = from_value::<Servers>(value).unwrap_err();
        let compiled = from_static::<Servers>(leak(value)).unwrap_err();
        assert_eq!(runtime, compiled);
    }
    let deep = (0..200).fold(Value::Null, |v, _| Value::array([v]));
    assert_eq!(
        from_value::<Value>(&deep).unwrap_err(),
        from_static::<Value>(leak(&deep)).unwrap_err()
    );
}

#[test]
fn static_values_serialize_as_runtime_values_do() {
    let value = to_value(&config()).unwrap();
    assert_eq!(
        serde_json::to_string(leak(&value)).unwrap(),
        serde_json::to_string(&value).unwrap()
    );
    let bad = Value::object([("k", Value::array([lone_surrogate()]))]);
    assert_eq!(
        serde_json::to_string(leak(&bad)).unwrap_err().to_string(),
        serde_json::to_string(&bad).unwrap_err().to_string()
    );
}

proptest! {
    #[test]
    fn static_values_read_as_runtime_values_do(v in faithful_value()) {
        let compiled = leak(&v);
        prop_assert_eq!(from_static::<Value>(compiled).unwrap(), from_value::<Value>(&v).unwrap());
        let json = |r: Result<serde_json::Value, Error>| r.map_err(|e| e.to_string());
        prop_assert_eq!(json(from_static(compiled)), json(from_value(&v)));
        prop_assert_eq!(
            serde_json::to_string(compiled).map_err(|e| e.to_string()),
            serde_json::to_string(&v).map_err(|e| e.to_string())
        );
    }

    #[test]
    fn values_survive_to_value_and_from_value(v in faithful_value()) {
        prop_assert_eq!(to_value(&v).unwrap(), v.clone());
        prop_assert_eq!(from_value::<Value>(&v).unwrap(), v);
    }

    #[test]
    fn values_survive_json_text(v in json_value()) {
        // Written by this crate's JSON writer (JSON.stringify's rules)…
        let parsed: Value = serde_json::from_str(&to_json(&v).unwrap()).unwrap();
        prop_assert_eq!(&parsed, &v);
        // …and by serde_json through `Value`'s `Serialize`.
        let parsed: Value = serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
        prop_assert_eq!(&parsed, &v);
    }
}
