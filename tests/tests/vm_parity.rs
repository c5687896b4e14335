//! Operator and builtin parity between the VM and a JavaScript engine.
//!
//! One table of cases ([`cases`]): each is an operation on literal operands
//! (numbers with -0, NaN, ±Infinity and `0.1 + 0.2`; strings with lone
//! surrogates and numeric text; bigints; booleans; `null`; `undefined`;
//! arrays; objects; a few callbacks), written twice: as bytecode expressions
//! the VM evaluates, and as JavaScript text. Node evaluates all the text in
//! one module per batch (`tests/js/graph-dump.mjs`), each case as
//! `["ok", value]` or `["throw", error constructor name]`; the VM's answer
//! takes the same shape, and the two must be the same graph under
//! `Object.is` (`nanvm_tests::graph::same_graph`). Each case runs on the VM
//! twice: at module level (literals built while lowering) and inside a
//! function (literals built by the frame).

use std::fmt::Write as _;
use std::path::Path;

use nanvm_runtime::bytecode::{BinaryOp, Expr, Global, LogicalOp, Prop, UnaryOp};
use nanvm_runtime::number::number_to_string;
use nanvm_runtime::vm::{Vm, VmError};
use nanvm_runtime::Value;
use nanvm_tests::expr::*;
use nanvm_tests::graph::same_graph;
use nanvm_tests::oracle::node_eval;

/// A literal operand: its bytecode and its JavaScript text.
#[derive(Clone)]
struct Lit {
    expr: Expr,
    js: String,
}

fn lit(expr: Expr, js: impl Into<String>) -> Lit {
    Lit {
        expr,
        js: js.into(),
    }
}

fn n(x: f64) -> Lit {
    let js = if x == 0.0 && x.is_sign_negative() {
        "-0".to_string()
    } else {
        number_to_string(x)
    };
    lit(num(x), format!("({js})"))
}

/// A JavaScript string literal of UTF-16 code units, non-ASCII escaped.
fn js_string(units: &[u16]) -> String {
    let mut out = String::from("\"");
    for &u in units {
        match u {
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x20..=0x7E => out.push(char::from(u8::try_from(u).unwrap_or(b'?'))),
            _ => {
                let _ = write!(out, "\\u{u:04X}");
            }
        }
    }
    out.push('"');
    out
}

fn s(text: &str) -> Lit {
    let u: Vec<u16> = text.encode_utf16().collect();
    su(&u)
}

fn su(u: &[u16]) -> Lit {
    lit(units(u), js_string(u))
}

fn b(decimal: &str) -> Lit {
    lit(big(decimal), format!("({decimal}n)"))
}

fn boolean(v: bool) -> Lit {
    lit(Expr::Bool(v), v.to_string())
}

fn null() -> Lit {
    lit(Expr::Null, "null")
}

fn undef() -> Lit {
    lit(Expr::Undefined, "undefined")
}

fn arr(items: Vec<Lit>) -> Lit {
    let js = items.iter().map(|i| i.js.as_str()).collect::<Vec<_>>();
    let js = format!("[{}]", js.join(", "));
    lit(array(items.into_iter().map(|i| i.expr).collect()), js)
}

fn obj(props: Vec<(&str, Lit)>) -> Lit {
    let js: Vec<String> = props
        .iter()
        .map(|(k, v)| {
            format!(
                "{}: {}",
                js_string(&k.encode_utf16().collect::<Vec<_>>()),
                v.js
            )
        })
        .collect();
    let js = format!("({{{}}})", js.join(", "));
    lit(
        object(props.into_iter().map(|(k, v)| (k, v.expr)).collect()),
        js,
    )
}

/// A function literal: its body as bytecode and its JavaScript text.
fn function(length: u32, body: Expr, js: &str) -> Lit {
    lit(func(length, vec![body]), format!("({js})"))
}

/// One case of the table.
struct Case {
    expr: Expr,
    js: String,
}

fn case(expr: Expr, js: String) -> Case {
    Case { expr, js }
}

/// Numbers: zeros, NaN, infinities, fractions, int32/uint32 edges, 2^53.
fn numbers() -> Vec<Lit> {
    [
        0.0,
        -0.0,
        1.0,
        -1.0,
        1.5,
        -2.5,
        0.1 + 0.2,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        2.0,
        3.0,
        7.0,
        -7.0,
        32.0,
        33.0,
        2147483648.0,
        4294967301.0,
        -2147483649.0,
        1e21,
        5e-324,
        9007199254740992.0,
        1e-7,
        123.456,
    ]
    .into_iter()
    .map(n)
    .collect()
}

/// Strings: empty, numeric text (whitespace, prefixes, exponents), lone
/// surrogates, a surrogate pair, a NUL.
fn strings() -> Vec<Lit> {
    let mut out: Vec<Lit> = [
        "",
        "0",
        "1",
        "-1",
        " 12 ",
        "0x1F",
        "0o17",
        "0b101",
        "-0x1F",
        "1e3",
        ".5",
        "5.",
        "1_0",
        "abc",
        "Infinity",
        "-Infinity",
        "-0",
        "2",
        "10",
        "9007199254740993",
        "\n\t 7 \u{3000}\u{FEFF}",
        "a\u{0}b",
        "\u{1F600}",
        "123456789012345678901234567890",
    ]
    .into_iter()
    .map(s)
    .collect();
    out.push(su(&[0xD800]));
    out.push(su(&[0xDC00, 0x61]));
    out.push(su(&[0xFFFF]));
    out
}

fn bigints() -> Vec<Lit> {
    [
        "0",
        "1",
        "-1",
        "2",
        "3",
        "-3",
        "7",
        "-7",
        "64",
        "18446744073709551616",
        "-1180591620717411303424",
        "123456789012345678901234567890",
    ]
    .into_iter()
    .map(b)
    .collect()
}

fn others() -> Vec<Lit> {
    vec![
        boolean(true),
        boolean(false),
        null(),
        undef(),
        arr(vec![]),
        arr(vec![n(1.0)]),
        arr(vec![n(1.0), n(2.0)]),
        arr(vec![arr(vec![n(1.0), arr(vec![n(2.0)])]), n(3.0)]),
        arr(vec![s("a"), null(), undef(), n(-0.0)]),
        obj(vec![]),
        obj(vec![("a", n(1.0))]),
    ]
}

/// Every operand of the unary and builtin cases.
fn all_values() -> Vec<Lit> {
    let mut all = numbers();
    all.extend(strings());
    all.extend(bigints());
    all.extend(others());
    all
}

/// A smaller set whose pairs every binary operator meets.
fn pair_values() -> Vec<Lit> {
    let mut v: Vec<Lit> = [
        0.0,
        -0.0,
        1.0,
        -2.5,
        0.1 + 0.2,
        f64::NAN,
        f64::INFINITY,
        3.0,
        33.0,
    ]
    .into_iter()
    .map(n)
    .collect();
    v.extend(
        ["", "1", " 12 ", "abc", "0x1F", "\u{1F600}"]
            .into_iter()
            .map(s),
    );
    v.push(su(&[0xD800]));
    v.extend(
        ["0", "3", "-7", "64", "18446744073709551616"]
            .into_iter()
            .map(b),
    );
    v.extend([
        boolean(true),
        null(),
        undef(),
        arr(vec![]),
        arr(vec![n(1.0), n(2.0)]),
        arr(vec![n(5.0)]),
        obj(vec![]),
    ]);
    v
}

fn unary_js(op: UnaryOp, x: &str) -> String {
    match op {
        UnaryOp::Not => format!("!{x}"),
        UnaryOp::Negate => format!("-{x}"),
        UnaryOp::ToNumber => format!("+{x}"),
        UnaryOp::BitNot => format!("~{x}"),
        UnaryOp::Typeof => format!("typeof {x}"),
        UnaryOp::ToString => format!("`${{{x}}}`"),
    }
}

fn method_case(receiver: &Lit, name: &str, args: &[&Lit]) -> Case {
    let js: Vec<&str> = args.iter().map(|a| a.js.as_str()).collect();
    case(
        method(
            receiver.expr.clone(),
            name,
            args.iter().map(|a| a.expr.clone()).collect(),
        ),
        format!("{}.{name}({})", receiver.js, js.join(", ")),
    )
}

fn global_call(g: Global, args: &[&Lit]) -> Case {
    let js: Vec<&str> = args.iter().map(|a| a.js.as_str()).collect();
    case(
        call(global(g), args.iter().map(|a| a.expr.clone()).collect()),
        format!("{}({})", g.name(), js.join(", ")),
    )
}

fn static_call(g: Global, name: &str, args: &[&Lit]) -> Case {
    let js: Vec<&str> = args.iter().map(|a| a.js.as_str()).collect();
    case(
        method(
            global(g),
            name,
            args.iter().map(|a| a.expr.clone()).collect(),
        ),
        format!("{}.{name}({})", g.name(), js.join(", ")),
    )
}

/// The callbacks of the builtin cases.
fn callbacks() -> Vec<Lit> {
    vec![
        function(1, bin(BinaryOp::Mul, arg(0), num(2.0)), "x => x * 2"),
        function(2, bin(BinaryOp::Add, arg(0), arg(1)), "(a, b) => a + b"),
        function(2, arg(1), "(x, i) => i"),
        function(1, bin(BinaryOp::Gt, arg(0), num(1.0)), "x => x > 1"),
        function(
            3,
            array(vec![arg(0), arg(1), prop(arg(2), "length")]),
            "(x, i, a) => [x, i, a.length]",
        ),
        function(1, un(UnaryOp::Typeof, arg(0)), "x => typeof x"),
    ]
}

/// The table.
fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let all = all_values();
    for op in UnaryOp::ALL {
        for x in &all {
            out.push(case(un(op, x.expr.clone()), unary_js(op, &x.js)));
        }
    }
    let pairs = pair_values();
    for op in BinaryOp::ALL {
        for x in &pairs {
            for y in &pairs {
                out.push(case(
                    bin(op, x.expr.clone(), y.expr.clone()),
                    format!("{} {} {}", x.js, op.symbol(), y.js),
                ));
            }
        }
    }
    // Arithmetic, comparisons and shifts among all numbers and all bigints.
    for group in [numbers(), bigints()] {
        for op in [
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Div,
            BinaryOp::Rem,
            BinaryOp::Pow,
            BinaryOp::Lt,
            BinaryOp::Le,
            BinaryOp::BitAnd,
            BinaryOp::BitXor,
            BinaryOp::Shl,
            BinaryOp::Shr,
            BinaryOp::Ushr,
        ] {
            for x in &group {
                for y in &group {
                    out.push(case(
                        bin(op, x.expr.clone(), y.expr.clone()),
                        format!("{} {} {}", x.js, op.symbol(), y.js),
                    ));
                }
            }
        }
    }
    // Strings compare by code units; bigints and numbers against strings.
    let mut mixed = strings();
    mixed.extend(bigints().into_iter().take(6));
    mixed.extend(numbers().into_iter().take(10));
    for op in [
        BinaryOp::Lt,
        BinaryOp::Ge,
        BinaryOp::StrictEq,
        BinaryOp::Add,
    ] {
        for x in &mixed {
            for y in &mixed {
                out.push(case(
                    bin(op, x.expr.clone(), y.expr.clone()),
                    format!("{} {} {}", x.js, op.symbol(), y.js),
                ));
            }
        }
    }
    for op in LogicalOp::ALL {
        let symbol = ["&&", "||", "??"][op as usize];
        for x in &pairs {
            out.push(case(
                logical(op, x.expr.clone(), num(7.0)),
                format!("{} {symbol} 7", x.js),
            ));
        }
    }
    out.extend(pow_cases());
    out.extend(property_cases());
    out.extend(builtin_cases(&all));
    out.extend(byte_array_cases());
    out.extend(spread_cases(&all));
    out
}

/// `**` on numbers, where engines' `pow` implementations differ in the last
/// bit: bases near 1, huge and tiny results, subnormals, and pseudo-random
/// operands (a fixed linear congruential sequence).
fn pow_cases() -> Vec<Case> {
    let mut bases = vec![
        1.0001,
        0.9999,
        1.0000000001,
        2.5,
        10.0,
        1e-300,
        1e300,
        -3.7,
        5e-324,
        0.5,
        -0.5,
        1.1,
        1e-10,
        123456.789,
        -2.0,
        7.0,
    ];
    let mut exponents = vec![
        -3.5,
        0.3,
        7.0,
        100.5,
        -1074.0,
        1023.9,
        2147483648.5,
        1e10,
        -1e10,
        0.5,
        -0.5,
        3.0,
        33.0,
        1.0 / 3.0,
        -2.0,
        1e-5,
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |scale: f64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.25) * scale
    };
    for _ in 0..24 {
        bases.push(next(40.0));
        exponents.push(next(60.0));
    }
    let mut out = Vec::new();
    for &x in &bases {
        for &y in &exponents {
            out.push(case(
                bin(BinaryOp::Pow, num(x), num(y)),
                format!("{} ** {}", n(x).js, n(y).js),
            ));
        }
    }
    out
}

/// `object[key]` on every kind of receiver.
fn property_cases() -> Vec<Case> {
    let receivers = [
        arr(vec![s("x"), n(-0.0), arr(vec![])]),
        s("h\u{e9}llo"),
        su(&[0xD83D, 0xDE00, 0x41]),
        obj(vec![("a", n(1.0)), ("0", s("zero")), ("length", n(9.0))]),
        n(5.0),
        boolean(true),
        b("3"),
        null(),
        undef(),
    ];
    let keys = [
        n(0.0),
        n(-0.0),
        n(1.0),
        n(2.0),
        n(1.5),
        n(-1.0),
        n(f64::NAN),
        s("0"),
        s("1"),
        s("01"),
        s("length"),
        s("a"),
        s("b"),
        b("0"),
        boolean(true),
        null(),
        undef(),
        arr(vec![n(1.0)]),
    ];
    let mut out = Vec::new();
    for r in &receivers {
        for k in &keys {
            out.push(case(
                get(r.expr.clone(), k.expr.clone()),
                format!("{}[{}]", r.js, k.js),
            ));
        }
    }
    // Builtin methods are functions of the usual length.
    for (r, name) in [
        (arr(vec![]), "map"),
        (arr(vec![]), "reduce"),
        (arr(vec![]), "slice"),
        (arr(vec![]), "flat"),
        (s(""), "charCodeAt"),
        (s(""), "slice"),
    ] {
        out.push(case(prop(r.expr.clone(), name), format!("{}.{name}", r.js)));
    }
    out.push(case(
        prop(global(Global::Array), "from"),
        "Array.from".to_string(),
    ));
    out.push(case(
        prop(func(2, vec![Expr::Null]), "length"),
        "((a, b) => null).length".to_string(),
    ));
    out
}

/// `flat` of items that are all integers from 0 to 255 makes an array the
/// VM holds as bytes (a module's bytecode): every reading of it must be
/// the engine's, and items that only look like bytes (`-0`, `256`, `1.5`,
/// `NaN`, `"1"`) keep the array of values.
fn byte_array_cases() -> Vec<Case> {
    let flat = |items: Lit, depth: Lit| {
        let js = format!("{}.flat({})", items.js, depth.js);
        lit(method(items.expr, "flat", vec![depth.expr]), js)
    };
    let bytes = flat(
        arr(vec![
            arr(vec![n(0.0), n(1.0)]),
            n(255.0),
            arr(vec![arr(vec![n(7.0)]), arr(vec![])]),
        ]),
        n(f64::INFINITY),
    );
    // A byte array inside a rope, flattened again, or kept one level down.
    let again = flat(arr(vec![bytes.clone(), n(9.0), bytes.clone()]), n(1.0));
    let kept = flat(arr(vec![arr(vec![bytes.clone()]), n(3.0)]), n(1.0));
    let mut receivers = vec![bytes.clone(), again, kept];
    for odd in [n(-0.0), n(256.0), n(1.5), n(f64::NAN), n(-1.0), s("1")] {
        receivers.push(flat(arr(vec![arr(vec![n(2.0), odd]), n(4.0)]), undef()));
    }
    let callbacks = callbacks();
    let mut out = Vec::new();
    for r in &receivers {
        out.push(case(r.expr.clone(), r.js.clone()));
        out.push(case(
            prop(r.expr.clone(), "length"),
            format!("{}.length", r.js),
        ));
        for i in [n(0.0), n(1.0), n(3.0), n(4.0), n(40.0), s("2")] {
            out.push(case(
                get(r.expr.clone(), i.expr.clone()),
                format!("{}[{}]", r.js, i.js),
            ));
        }
        out.push(method_case(r, "slice", &[&n(1.0), &n(-1.0)]));
        out.push(method_case(r, "includes", &[&n(255.0)]));
        out.push(method_case(r, "includes", &[&n(-0.0)]));
        out.push(method_case(r, "concat", &[r]));
        out.push(method_case(r, "flat", &[]));
        out.push(case(
            array_spread(vec![el(num(5.0)), spread(r.expr.clone())]),
            format!("[5, ...{}]", r.js),
        ));
        for f in &callbacks {
            out.push(method_case(r, "map", &[f]));
        }
    }
    out
}

/// The builtins of `docs/fjs.md`.
fn builtin_cases(all: &[Lit]) -> Vec<Case> {
    let mut out = Vec::new();
    for x in all {
        out.push(global_call(Global::Number, &[x]));
        out.push(global_call(Global::BigInt, &[x]));
        out.push(global_call(Global::String, &[x]));
        out.push(static_call(Global::String, "fromCharCode", &[x]));
        out.push(static_call(Global::Array, "from", &[x]));
    }
    out.push(global_call(Global::Number, &[]));
    out.push(global_call(Global::String, &[]));
    out.push(global_call(Global::BigInt, &[]));
    out.push(static_call(
        Global::String,
        "fromCharCode",
        &[&n(72.0), &n(65536.0 + 105.0), &n(-1.0), &s("33")],
    ));
    let text = su(&[0x61, 0xD83D, 0xDE00, 0x62, 0xDC00]);
    let positions = [
        undef(),
        n(0.0),
        n(1.0),
        n(2.5),
        n(4.0),
        n(5.0),
        n(-1.0),
        n(f64::NAN),
        n(f64::INFINITY),
        s("1"),
        null(),
    ];
    for p in &positions {
        out.push(method_case(&text, "charCodeAt", &[p]));
        out.push(method_case(&text, "slice", &[p]));
        for q in &positions {
            out.push(method_case(&text, "slice", &[p, q]));
        }
    }
    out.push(method_case(&text, "charCodeAt", &[&b("1")]));
    let list = arr(vec![
        n(1.0),
        n(f64::NAN),
        n(-0.0),
        s("2"),
        arr(vec![n(3.0), arr(vec![n(4.0), arr(vec![n(5.0)])])]),
        null(),
    ]);
    for p in &positions {
        out.push(method_case(&list, "slice", &[p]));
        out.push(method_case(&list, "flat", &[p]));
        for q in &positions {
            out.push(method_case(&list, "slice", &[p, q]));
        }
    }
    for x in [
        n(0.0),
        n(f64::NAN),
        n(1.0),
        s("2"),
        n(2.0),
        null(),
        undef(),
        n(4.0),
    ] {
        out.push(method_case(&list, "includes", &[&x]));
        for from in [n(-2.0), n(2.0), n(10.0), n(-10.0), s("1")] {
            out.push(method_case(&list, "includes", &[&x, &from]));
        }
    }
    for x in all.iter().step_by(3) {
        out.push(method_case(&list, "concat", &[x]));
        out.push(method_case(&list, "concat", &[x, &list]));
    }
    out.push(method_case(&arr(vec![]), "concat", &[]));
    let array_likes = [
        obj(vec![("length", n(3.0))]),
        obj(vec![("length", s("2"))]),
        obj(vec![("length", n(-1.0))]),
        obj(vec![("length", n(2.5))]),
        obj(vec![("0", s("a")), ("1", s("b")), ("length", n(3.0))]),
        obj(vec![("length", b("2"))]),
        arr(vec![n(1.0), arr(vec![])]),
        su(&[0x61, 0xD83D, 0xDE00, 0xD800]),
    ];
    let callbacks = callbacks();
    for items in &array_likes {
        out.push(static_call(Global::Array, "from", &[items]));
        for f in &callbacks {
            out.push(static_call(Global::Array, "from", &[items, f]));
        }
        out.push(static_call(Global::Array, "from", &[items, &n(1.0)]));
    }
    let lists = [
        arr(vec![]),
        arr(vec![n(1.0)]),
        arr(vec![n(3.0), n(1.0), n(2.0), n(0.5)]),
        arr(vec![s("a"), b("2"), undef()]),
    ];
    for l in &lists {
        for f in &callbacks {
            for name in ["map", "filter", "every", "reduce"] {
                out.push(method_case(l, name, &[f]));
            }
            out.push(method_case(l, "reduce", &[f, &s("init")]));
        }
        out.push(method_case(l, "map", &[&n(1.0)]));
        out.push(method_case(l, "reduce", &[&undef()]));
    }
    // Callbacks calling builtins that call back.
    let nested = function(
        1,
        method(
            array(vec![arg(0), num(10.0)]),
            "map",
            vec![func(1, vec![bin(BinaryOp::Add, arg(0), outer_arg(1, 0))])],
        ),
        "x => [x, 10].map(y => y + x)",
    );
    out.push(method_case(&lists[2], "map", &[&nested]));
    out
}

/// Spread in arrays, objects and calls; computed keys.
fn spread_cases(all: &[Lit]) -> Vec<Case> {
    let mut out = Vec::new();
    for x in all {
        out.push(case(
            array_spread(vec![el(num(0.0)), spread(x.expr.clone()), el(num(9.0))]),
            format!("[0, ...{}, 9]", x.js),
        ));
        out.push(case(
            object_dynamic(vec![
                Prop::Entry(str("z"), num(1.0)),
                Prop::Spread(x.expr.clone()),
                Prop::Entry(str("0"), num(2.0)),
            ]),
            format!("({{\"z\": 1, ...{}, \"0\": 2}})", x.js),
        ));
        out.push(case(
            object_dynamic(vec![
                Prop::Entry(str("b"), num(1.0)),
                Prop::Entry(x.expr.clone(), str("v")),
                Prop::Entry(str("a"), num(2.0)),
            ]),
            format!("({{\"b\": 1, [{}]: \"v\", \"a\": 2}})", x.js),
        ));
        out.push(case(
            call_spread(
                prop(global(Global::String), "fromCharCode"),
                vec![spread(x.expr.clone())],
            ),
            format!("String.fromCharCode(...{})", x.js),
        ));
    }
    out
}

/// The VM's answer to a case: `["ok", value]` or `["throw", type]`; other
/// errors (budgets, unsupported) as `["vm", message]`, which no engine gives.
fn vm_answer(result: Result<Value, VmError>) -> Value {
    match result {
        Ok(v) => Value::array([Value::string("ok"), v]),
        Err(VmError::Thrown(e)) => {
            Value::array([Value::string("throw"), Value::string(e.error_type.name())])
        }
        Err(e) => Value::array([Value::string("vm"), Value::string(&e.to_string())]),
    }
}

/// A short rendering of a value for failure messages (DJS cannot write NaN
/// or functions).
fn show(v: &Value) -> String {
    match v {
        Value::Number(x) if *x == 0.0 && x.is_sign_negative() => "-0".into(),
        Value::Number(x) => number_to_string(*x),
        Value::String(s) => format!("{s:?}"),
        Value::BigInt(b) => format!("{b}n"),
        Value::Array(a) => {
            let items: Vec<String> = a.items().iter().map(show).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(o) => {
            let props: Vec<String> = o
                .entries()
                .map(|(k, v)| format!("{k:?}: {}", show(v)))
                .collect();
            format!("{{{}}}", props.join(", "))
        }
        Value::Function(f) => format!("function/{}", f.length()),
        Value::Undefined => "undefined".into(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
    }
}

const PRELUDE: &str = "const t = f => { try { return [\"ok\", f()] } catch (e) { return [\"throw\", e.constructor.name] } }\n";

/// Cases per node module.
const BATCH: usize = 4000;

#[test]
fn operators_and_builtins_match_node() {
    let cases = cases();
    assert!(cases.len() > 10_000, "{} cases", cases.len());
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("vm_parity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let files: Vec<_> = cases
        .chunks(BATCH)
        .enumerate()
        .map(|(i, chunk)| {
            let mut text = String::from(PRELUDE);
            text.push_str("export default [\n");
            for c in chunk {
                let _ = writeln!(text, "t(() => {}),", c.js);
            }
            text.push_str("]\n");
            let file = dir.join(format!("batch{i}.mjs"));
            std::fs::write(&file, text).expect("write a batch");
            file
        })
        .collect();
    let answers = node_eval(&files);
    let mut vm = Vm::new();
    let mut failures = Vec::new();
    for (chunk, answer) in cases.chunks(BATCH).zip(answers) {
        let answer = answer.expect("node evaluates the batch");
        let Some(expected) = answer.as_array() else {
            panic!("node's answer is not an array");
        };
        assert_eq!(expected.len(), chunk.len());
        for (c, expected) in chunk.iter().zip(expected.items()) {
            let at_module = vm_answer(vm.evaluate(&module(vec![c.expr.clone()]), &[]));
            let in_function = vm_answer(vm.evaluate(
                &module(vec![call(func(0, vec![c.expr.clone()]), vec![])]),
                &[],
            ));
            for (where_, got) in [("module level", at_module), ("in a function", in_function)] {
                if let Err(e) = same_graph(expected, &got) {
                    failures.push(format!(
                        "{} ({where_}): node {}, vm {}: {e}",
                        c.js,
                        show(expected),
                        show(&got)
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
