//! The value graphs that `tests/build.rs` writes as Rust statics (with
//! `nanvm_runtime::serialize::to_rust_static`) and that
//! `tests/tests/static_values.rs` compares the compiled statics against.
//!
//! Both compile this file (the build script through `#[path]`), so the
//! graphs are built by the same code at build time and at run time.

use std::fs;
use std::path::Path;

use nanvm_runtime::value::{BigInt, JsString, Value};

/// A named value graph: the name is the Rust `static` it becomes.
pub struct Case {
    /// The name of the generated `static`.
    pub name: &'static str,
    /// The graph.
    pub value: Value,
}

/// Every case. `fixtures` is the repository's `fixtures/` directory, where
/// the sample of doubles comes from.
pub fn cases(fixtures: &Path) -> Result<Vec<Case>, String> {
    let case = |name, value| Case { name, value };
    Ok(vec![
        case("SHARING", sharing()),
        case(
            "NUMBERS",
            Value::array(doubles(fixtures)?.map(Value::Number)),
        ),
        case("STRINGS", strings()),
        case("BIGINTS", bigints()),
        case("KEYS", keys()),
        case("DEEP", deep(1000)),
        case("WIDE", wide(10_000)),
        case("RANDOM", random_graph(0x5EED, 400)),
        case("CONFIG", config()),
        case(
            "ROOT_STRING",
            Value::String(JsString::from(vec![0xDC00, 0x41])),
        ),
        case("ROOT_NULL", Value::Null),
        case("ROOT_UNDEFINED", Value::Undefined),
        case("ROOT_EMPTY_ARRAY", Value::array([])),
    ])
}

/// Shared containers at several levels, shared empty containers, and equal
/// containers that are not shared (which must stay two values).
fn sharing() -> Value {
    let empty_array = Value::array([]);
    let empty_object = Value::object::<&str>([]);
    let point = Value::object([("x", Value::from(1)), ("y", Value::from(2))]);
    let pair = Value::array([point.clone(), point.clone(), empty_array.clone()]);
    Value::object([
        ("a", pair.clone()),
        ("b", pair),
        ("point", point),
        ("e1", empty_array.clone()),
        ("e2", empty_array),
        ("o1", empty_object.clone()),
        ("o2", empty_object),
        ("twin1", Value::array([Value::from(7)])),
        ("twin2", Value::array([Value::from(7)])),
        ("fresh1", Value::array([])),
        ("fresh2", Value::array([])),
    ])
}

/// The doubles of `fixtures/numbers/number-to-string.txt` (NaN payloads,
/// ±0, ±Infinity, subnormals, boundaries, random bit patterns), checked
/// against node by `tests/tests/number_to_string.rs`.
pub fn doubles(fixtures: &Path) -> Result<impl Iterator<Item = f64>, String> {
    let path = fixtures.join("numbers/number-to-string.txt");
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut doubles = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let bits = line.split(' ').next().unwrap_or_default();
        let bits = u64::from_str_radix(bits, 16).map_err(|e| format!("{line:?}: {e}"))?;
        doubles.push(f64::from_bits(bits));
    }
    Ok(doubles.into_iter())
}

/// Strings as values and as keys: lone surrogates (high, low, reversed
/// pair, at either end), astral characters, control characters, quotes,
/// backslashes, bidirectional controls, NUL.
fn strings() -> Value {
    let texts: Vec<Vec<u16>> = vec![
        vec![],
        vec![0xD800],
        vec![0xDFFF],
        vec![0xDC00, 0xD800],
        vec![0x61, 0xD83D],
        vec![0xDE00, 0x61],
        "😀 astral 𝄞".encode_utf16().collect(),
        "\0\u{1}\u{1f}\u{7f}\u{80}\u{9f}\t\n\r\u{b}\u{c}"
            .encode_utf16()
            .collect(),
        "\"quotes\" \\ 'single' `back` ${x} {braces} \\u0041 \\n"
            .encode_utf16()
            .collect(),
        "\u{202e}bidi\u{2066}\u{2069}\u{200f}\u{feff}\u{2028}\u{2029}"
            .encode_utf16()
            .collect(),
        "héllo wörld ÿ ĀĀ 中文 \u{fffd}\u{ffff}\u{10ffff}"
            .encode_utf16()
            .collect(),
    ];
    let as_values = Value::array(
        texts
            .iter()
            .map(|t| Value::String(JsString::from(t.clone()))),
    );
    let as_keys = Value::object(
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| (JsString::from(t.clone()), Value::from(i as u32))),
    );
    Value::array([as_values, as_keys])
}

/// Bigints of zero to several limbs, both signs, at limb boundaries.
fn bigints() -> Value {
    let (one, two) = (BigInt::from(1), BigInt::from(2));
    let mut values = vec![BigInt::from(0), one.clone(), -one.clone()];
    for bits in [63u32, 64, 65, 127, 128, 129, 200, 255, 256, 1000] {
        let power = two.pow(bits);
        values.extend([
            &power - &one,
            power.clone(),
            -power.clone(),
            -(power + &one),
        ]);
    }
    values.push(BigInt::from(i64::MIN));
    values.push(BigInt::from(u128::MAX));
    Value::array(values.into_iter().map(Value::bigint))
}

/// Property order (array-index keys first, ascending; then insertion
/// order), `__proto__` as an own property, repeated keys, and keys that
/// look like indices but are not (`"01"`, `"4294967295"`, `"-1"`).
fn keys() -> Value {
    Value::object([
        ("b", Value::from(1)),
        ("__proto__", Value::array([Value::from(2)])),
        ("10", Value::from(3)),
        ("4294967295", Value::from(4)),
        ("2", Value::from(5)),
        ("01", Value::from(6)),
        ("4294967294", Value::from(7)),
        ("b", Value::from(8)),
        ("-1", Value::from(9)),
        ("0", Value::from(10)),
        ("1.5", Value::from(11)),
        ("", Value::from(12)),
    ])
}

/// Arrays and objects nested `levels` deep, alternating, with a leaf at the
/// bottom.
pub fn deep(levels: u32) -> Value {
    (0..levels).fold(Value::from("bottom"), |inner, level| {
        if level % 2 == 0 {
            Value::array([inner, Value::from(level)])
        } else {
            Value::object([("level", Value::from(level)), ("inner", inner)])
        }
    })
}

/// An object of `len` properties: the key of property `i` is [`wide_key`]
/// of `i`, and the value is `i`, or every hundredth property a shared
/// object.
pub fn wide(len: u32) -> Value {
    let shared = Value::object([("shared", Value::Bool(true))]);
    Value::object((0..len).map(|i| {
        let value = if i % 100 == 99 {
            shared.clone()
        } else {
            Value::from(i)
        };
        (wide_key(i), value)
    }))
}

/// The key of property `i` of [`wide`]: a mix of array indices, names,
/// non-ASCII names and a few lone surrogates, in no sorted order.
pub fn wide_key(i: u32) -> JsString {
    match i % 5 {
        0 => JsString::from((i * 7919 % 100_000).to_string()),
        1 => JsString::from(format!("key{}", i * 31 % 100_003)),
        2 => JsString::from(format!("ключ{i}")),
        3 => JsString::from(format!("{}😀{i}", char::from(b'a' + (i % 26) as u8))),
        _ if i % 1000 == 4 => JsString::from(vec![0xD800 + (i / 1000) as u16, 0x61]),
        _ => JsString::from(format!("k_{i:x}")),
    }
}

/// A graph of `nodes` values, each a leaf or a container of earlier values
/// (so shared at random), from a fixed-seed generator: the root is an array
/// of the last twenty.
fn random_graph(seed: u64, nodes: usize) -> Value {
    let mut state = seed;
    let mut next = move |bound: usize| {
        // xorshift64
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let mut made: Vec<Value> = Vec::with_capacity(nodes);
    for i in 0..nodes {
        let value = match next(6) {
            0 => Value::Number(f64::from_bits(next(usize::MAX) as u64)),
            1 => Value::from(format!("s{}", next(10))),
            2 => Value::bigint(BigInt::from(next(usize::MAX)) << next(200)),
            3 if i > 0 => {
                let len = next(5);
                Value::array((0..len).map(|_| made[next(i)].clone()))
            }
            _ if i > 0 => {
                let len = next(5);
                Value::object((0..len).map(|_| (format!("k{}", next(8)), made[next(i)].clone())))
            }
            _ => Value::Null,
        };
        made.push(value);
    }
    Value::array(made[nodes.saturating_sub(20)..].iter().cloned())
}

/// A configuration as a user would deserialize it with serde.
fn config() -> Value {
    let server = Value::object([
        ("host", Value::from("example.com")),
        ("port", Value::from(8080)),
    ]);
    Value::object([
        ("name", Value::from("web ✓")),
        ("ratio", Value::Number(-0.25)),
        ("enabled", Value::Bool(true)),
        ("tags", Value::array([Value::from("a"), Value::from("b")])),
        ("primary", server.clone()),
        ("backup", server),
        ("owner", Value::Null),
        ("big", Value::bigint(u128::MAX)),
        (
            "shapes",
            Value::array([
                Value::from("Empty"),
                Value::object([("Circle", Value::Number(1.5))]),
                Value::object([(
                    "Rect",
                    Value::object([("w", Value::from(2)), ("h", Value::from(3))]),
                )]),
            ]),
        ),
    ])
}
