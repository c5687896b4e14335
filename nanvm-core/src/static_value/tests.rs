use std::collections::HashMap;

use num_bigint::Sign;
use proptest::prelude::*;

use super::*;
use crate::serialize::to_djs;

/// A static value for `value`, built at run time by leaking memory (for
/// tests: the generated code builds them at compile time). Sharing is
/// kept; functions, which statics do not hold, become `undefined`.
pub(crate) fn leak(value: &Value) -> &'static StaticValue {
    fn convert(value: &Value, done: &mut HashMap<usize, StaticValue>) -> StaticValue {
        if let Some(converted) = value.addr().and_then(|addr| done.get(&addr)) {
            return *converted;
        }
        let converted = match value {
            Value::Undefined | Value::Function(_) => StaticValue::Undefined,
            Value::Null => StaticValue::Null,
            Value::Bool(b) => StaticValue::Bool(*b),
            Value::Number(n) => StaticValue::Number(*n),
            Value::String(s) => StaticValue::String(leak_str(s)),
            Value::BigInt(n) => {
                let (sign, limbs) = n.to_u64_digits();
                let n = StaticBigInt::new(sign == Sign::Minus, limbs.leak());
                StaticValue::BigInt(Box::leak(Box::new(n)))
            }
            Value::Array(a) => {
                let items: Vec<StaticValue> = a.items().iter().map(|v| convert(v, done)).collect();
                StaticValue::Array(Box::leak(Box::new(StaticArray::new(items.leak()))))
            }
            Value::Object(o) => {
                let entries: Vec<(StaticStr, StaticValue)> = o
                    .entries()
                    .map(|(k, v)| (leak_str(k), convert(v, done)))
                    .collect();
                let keys: Vec<&[u16]> = o.keys().map(|k| k.as_units()).collect();
                let index = key_index(&keys).leak();
                let object = StaticObject::with_index(entries.leak(), index);
                StaticValue::Object(Box::leak(Box::new(object)))
            }
        };
        if let Some(addr) = value.addr() {
            done.insert(addr, converted);
        }
        converted
    }
    Box::leak(Box::new(convert(value, &mut HashMap::new())))
}

fn leak_str(s: &crate::value::JsString) -> StaticStr {
    match s.to_rust_string() {
        Some(text) => StaticStr::Utf8(text.leak()),
        None => StaticStr::Utf16(s.as_units().to_vec().leak()),
    }
}

const fn s(text: &'static str) -> StaticValue {
    StaticValue::String(StaticStr::Utf8(text))
}

static BIG: StaticBigInt = StaticBigInt::new(true, &[0, 1]);
static EMPTY_A: StaticArray = StaticArray::new(&[]);
static EMPTY_B: StaticArray = StaticArray::new(&[]);
static ITEMS: StaticArray = StaticArray::new(&[
    StaticValue::Number(-0.0),
    StaticValue::Number(2.0),
    StaticValue::BigInt(&BIG),
    StaticValue::Array(&EMPTY_A),
    StaticValue::Array(&EMPTY_B),
    StaticValue::Array(&EMPTY_A),
]);
static INNER: StaticObject = StaticObject::new(&[(StaticStr::Utf8("x"), StaticValue::Null)]);
static ROOT_OBJECT: StaticObject = StaticObject::new(&[
    (StaticStr::Utf8("7"), s("seven")),
    (StaticStr::Utf8("items"), StaticValue::Array(&ITEMS)),
    (
        StaticStr::Utf8("lone"),
        StaticValue::String(StaticStr::Utf16(&[0xD800])),
    ),
    (StaticStr::Utf8("a"), StaticValue::Object(&INNER)),
    (StaticStr::Utf8("b"), StaticValue::Object(&INNER)),
    (StaticStr::Utf8("t"), StaticValue::Bool(true)),
    (StaticStr::Utf8("u"), StaticValue::Undefined),
]);
static ROOT: StaticValue = StaticValue::Object(&ROOT_OBJECT);

#[test]
fn accessors_read_each_kind() {
    assert_eq!(ROOT.kind(), Kind::Object);
    assert_eq!(ROOT["7"].as_str(), Some("seven"));
    assert_eq!(ROOT[7].as_str(), Some("seven"));
    assert_eq!(ROOT["t"].as_bool(), Some(true));
    assert!(ROOT["u"].is_undefined());
    assert!(ROOT["a"]["x"].is_null());
    assert!(ROOT["missing"].is_undefined());
    assert!(ROOT["missing"]["deeper"][3].is_undefined());
    assert!(ROOT.get("missing").is_none());
    assert!(ROOT.get("u").is_some());

    let items = &ROOT["items"];
    assert_eq!(items.kind(), Kind::Array);
    assert_eq!(items.as_array().map(StaticArray::len), Some(6));
    assert_eq!(items[1].as_f64(), Some(2.0));
    assert_eq!(items["1"].as_f64(), Some(2.0));
    assert!(items["01"].is_undefined());
    assert!(items[6].is_undefined());
    assert_eq!(items[2].as_bigint(), Some(-(BigInt::from(1) << 64u32)));
    assert_eq!(
        items[2].as_static_bigint().map(|b| b.limbs),
        Some(&[0, 1][..])
    );

    let lone = ROOT["lone"];
    assert_eq!(lone.as_str(), None);
    assert_eq!(lone.as_static_str().map(StaticStr::len_utf16), Some(1));
    assert_eq!(s("x").as_str(), Some("x"));
    assert_eq!(StaticValue::Null.as_str(), None);
}

#[test]
fn integers_are_exact_only() {
    let cases: [(StaticValue, Option<i64>, Option<u64>); 10] = [
        (StaticValue::Number(-0.0), Some(0), Some(0)),
        (StaticValue::Number(-3.0), Some(-3), None),
        (StaticValue::Number(2.5), None, None),
        (StaticValue::Number(f64::NAN), None, None),
        (StaticValue::Number(f64::INFINITY), None, None),
        (
            StaticValue::Number(-9_223_372_036_854_775_808.0),
            Some(i64::MIN),
            None,
        ),
        (
            StaticValue::Number(9_223_372_036_854_775_808.0),
            None,
            Some(1 << 63),
        ),
        (
            StaticValue::Number(18_446_744_073_709_551_616.0),
            None,
            None,
        ),
        (StaticValue::BigInt(&BIG), None, None),
        (s("1"), None, None),
    ];
    for (value, i, u) in cases {
        assert_eq!(value.as_i64(), i, "{value:?}");
        assert_eq!(value.as_u64(), u, "{value:?}");
    }
    static SEVEN: StaticBigInt = StaticBigInt::new(false, &[7]);
    assert_eq!(StaticValue::BigInt(&SEVEN).as_i64(), Some(7));
    assert_eq!(StaticValue::BigInt(&SEVEN).as_u64(), Some(7));
}

#[test]
fn iteration_follows_property_order() {
    let object = ROOT.as_object().unwrap();
    let keys: Vec<String> = object.keys().map(ToString::to_string).collect();
    assert_eq!(keys, ["7", "items", "lone", "a", "b", "t", "u"]);
    assert_eq!(object.iter().len(), 7);
    let (k, v) = object.iter().next_back().unwrap();
    assert!(*k == "u" && v.is_undefined());
    let kinds: Vec<Kind> = ROOT["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(StaticValue::kind)
        .collect();
    assert_eq!(
        kinds,
        [
            Kind::Number,
            Kind::Number,
            Kind::BigInt,
            Kind::Array,
            Kind::Array,
            Kind::Array
        ]
    );
    let mut seen = 0;
    for (_, value) in object {
        seen += usize::from(value.is_undefined());
    }
    assert_eq!(seen, 1);
}

#[test]
fn identity_is_the_address() {
    assert!(StaticValue::is(&ROOT["a"], &ROOT["b"]));
    let items = ROOT["items"];
    assert!(StaticValue::is(&items[3], &items[5]));
    assert!(!StaticValue::is(&items[3], &items[4]));
    assert_eq!(items[3], items[4]); // equal, but two arrays
    assert!(StaticValue::is(&items[0], &StaticValue::Number(-0.0)));
    assert!(!StaticValue::is(&items[0], &StaticValue::Number(0.0)));
    assert_ne!(items[0], StaticValue::Number(0.0));
    assert_eq!(ROOT["7"], "seven");
    assert_eq!(ROOT["t"], true);
    assert_eq!(items[1], 2.0);
    assert_ne!(ROOT, StaticValue::Object(&INNER));
    assert_eq!(ROOT, ROOT);
}

#[test]
fn to_value_keeps_sharing_and_display_is_djs() {
    let value = ROOT.to_value();
    let items = value.get("items").unwrap().as_array().unwrap();
    let (first, second, third) = (&items.items()[3], &items.items()[4], &items.items()[5]);
    assert!(Value::is(first, third));
    assert!(!Value::is(first, second));
    assert!(Value::is(value.get("a").unwrap(), value.get("b").unwrap()));
    assert_eq!(ROOT.to_string(), to_djs(&value).unwrap());
    assert_eq!(
        ROOT.to_string(),
        "const c0 = []\nconst c1 = {\"x\":null}\nexport default {\"7\":\"seven\",\
         \"items\":[-0,2,-18446744073709551616n,c0,[],c0],\"lone\":\"\\ud800\",\
         \"a\":c1,\"b\":c1,\"t\":true,\"u\":undefined}"
    );
    assert_eq!(format!("{:?}", ROOT["a"]), "export default {\"x\":null}");
    assert_eq!(
        StaticValue::Number(f64::NAN).to_string(),
        "<DJS has no literal for NaN>"
    );
}

#[test]
fn to_value_orders_hand_written_objects_as_javascript_does() {
    static UNORDERED: StaticObject = StaticObject::new(&[
        (StaticStr::Utf8("b"), StaticValue::Number(1.0)),
        (StaticStr::Utf8("1"), StaticValue::Number(2.0)),
        (StaticStr::Utf8("b"), StaticValue::Number(3.0)),
    ]);
    assert_eq!(UNORDERED.to_string(), "export default {\"1\":2,\"b\":3}");
}

#[test]
fn deep_graphs_convert_without_recursion() {
    // 100 000 levels, built at run time (leaked, so 'static).
    let mut value = StaticValue::Null;
    for _ in 0..100_000 {
        let items: &'static [StaticValue] = Box::leak(Box::new([value]));
        value = StaticValue::Array(Box::leak(Box::new(StaticArray::new(items))));
    }
    let converted = value.to_value();
    let mut depth = 0;
    let mut cursor = &converted;
    while let Some(a) = cursor.as_array() {
        cursor = &a.items()[0];
        depth += 1;
    }
    assert_eq!(depth, 100_000);
    assert_eq!(value, value);
}

/// Random graphs whose containers are shared at random: each container
/// picks its children among leaves and the containers made before it.
fn graph() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Undefined),
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![Just(-0.0), Just(f64::INFINITY), -1e3..1e3f64].prop_map(Value::Number),
        prop::collection::vec(prop_oneof![Just(0xD800u16), 0x20u16..0x80], 0..4)
            .prop_map(|units| Value::String(crate::value::JsString::from(units))),
        any::<i128>().prop_map(Value::bigint),
    ];
    let key = prop_oneof!["[a-c]{0,2}", (0u32..12).prop_map(|n| n.to_string())];
    let child = (any::<bool>(), any::<prop::sample::Index>(), leaf);
    let node = (any::<bool>(), prop::collection::vec((key, child), 0..12));
    prop::collection::vec(node, 1..24).prop_map(|nodes| {
        let mut made: Vec<Value> = Vec::new();
        for (is_array, children) in nodes {
            let children = children.into_iter().map(|(k, (earlier, i, leaf))| {
                let v = if earlier && !made.is_empty() {
                    made[i.index(made.len())].clone()
                } else {
                    leaf
                };
                (k, v)
            });
            let container = if is_array {
                Value::array(children.map(|(_, v)| v))
            } else {
                Value::object(children)
            };
            made.push(container);
        }
        made.pop().unwrap_or_default()
    })
}

proptest! {
    #[test]
    fn random_graphs_survive_static_form(v in graph()) {
        let compiled = leak(&v);
        let back = compiled.to_value();
        prop_assert_eq!(&back, &v);
        // The DJS text names each shared container: the sharing is the same.
        prop_assert_eq!(to_djs(&back), to_djs(&v));
        prop_assert_eq!(compiled.to_string(), v.to_string());
        prop_assert!(*compiled == *leak(&v));
        if let Value::Object(o) = &v {
            for (key, value) in o.entries() {
                let found = compiled.as_object().and_then(|s| s.get_utf16(key.as_units()));
                let found = found.map(StaticValue::to_value);
                prop_assert_eq!(found.as_ref(), Some(value));
            }
        }
    }
}
