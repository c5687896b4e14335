//! Seed 002's example module, encoded by hand from `docs/bytecode.md`.

use std::collections::HashMap;

use nanvm_runtime::bytecode::{decode_module, encode_module, Code, Expr, Module};
use nanvm_runtime::eval::evaluate;
use nanvm_runtime::link::Linker;
use nanvm_runtime::value::JsString;
use nanvm_runtime::{Limits, Value};

/// UTF-16LE bytes of an ASCII string.
fn utf16(s: &str) -> Vec<u8> {
    s.bytes().flat_map(|b| [b, 0]).collect()
}

/// The bytes of the table in `docs/bytecode.md`, written out by hand.
fn seed_bytes() -> Vec<u8> {
    let mut b = vec![0x02, 0, 0, 0]; // 2 imports
    b.extend([0x0f, 0, 0, 0]);
    b.extend(utf16("./module1.d.mjs"));
    b.extend([0x0f, 0, 0, 0]);
    b.extend(utf16("./module2.d.mjs"));
    b.extend([0x47, 0, 0, 0]); // code: 71 bytes
    b.extend([0x05, 2, 0, 0, 0]); // const 0: object of 2
    b.extend([2, 0, 0, 0, 0x6d, 0, 0x32, 0]); // "m2"
    b.extend([0x0a, 1, 0, 0, 0]); // arg_ref 1
    b.extend([1, 0, 0, 0, 0x66, 0]); // "f"
    b.push(0x03); // true
    b.extend([0x06, 2, 0, 0, 0]); // const 1: array of 2
    b.extend([0x01, 0, 0, 0, 0, 0, 0, 0x08, 0x40]); // 3.0
    b.extend([0x0a, 0, 0, 0, 0]); // arg_ref 0
    b.extend([0x05, 2, 0, 0, 0]); // const 2: object of 2
    b.extend([1, 0, 0, 0, 0x61, 0]); // "a"
    b.extend([0x09, 0, 0, 0, 0]); // local_ref 0
    b.extend([1, 0, 0, 0, 0x62, 0]); // "b"
    b.extend([0x09, 1, 0, 0, 0]); // local_ref 1
    b
}

#[test]
fn hand_encoded_seed_example_decodes_and_evaluates() {
    let bytes = seed_bytes();
    assert_eq!(bytes.len(), 147);
    let module = decode_module(&bytes).expect("the seed example decodes");
    assert_eq!(
        module.imports,
        [
            JsString::from("./module1.d.mjs"),
            JsString::from("./module2.d.mjs")
        ]
    );
    assert_eq!(module.code.consts.len(), 3);

    let m1 = Value::from("one");
    let m2 = Value::array([Value::from("two")]);
    let value = evaluate(&module.code, &[m1, m2.clone()], &Limits::default()).unwrap();
    let expected = Value::object([
        (
            "a",
            Value::object([("m2", m2.clone()), ("f", Value::Bool(true))]),
        ),
        ("b", Value::array([Value::from(3), Value::from("one")])),
    ]);
    assert_eq!(value, expected);
    let a_m2 = value.get("a").and_then(|a| a.get("m2")).unwrap();
    assert!(Value::is(a_m2, &m2), "the import is shared, not copied");

    assert_eq!(
        encode_module(&module),
        bytes,
        "the writer gives the same bytes"
    );
}

/// The module graph of `fixtures/bytecode/`: `main.bc` imports `shared.bc`
/// twice through two paths, so the shared value must arrive once.
fn fixture_modules() -> Vec<(&'static str, Module)> {
    let s = |t: &str| JsString::from(t);
    let shared = Module::of_value(Expr::Object(vec![
        (s("name"), Expr::String(s("nanvm"))),
        (s("answer"), Expr::Number(42.0)),
    ]));
    let main = Module {
        imports: vec![s("./shared.bc"), s("./sub/../shared.bc")],
        code: Code {
            consts: vec![Expr::Object(vec![
                (s("first"), Expr::ArgRef(0)),
                (s("second"), Expr::ArgRef(1)),
                (
                    s("big"),
                    Expr::BigInt(std::rc::Rc::new((-1i128 << 70).into())),
                ),
                (s("nothing"), Expr::Undefined),
            ])],
        },
    };
    vec![("shared.bc", shared), ("main.bc", main)]
}

#[test]
fn bytecode_fixtures_are_current_and_link_with_sharing() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/bytecode");
    let bless = std::env::var_os("NANVM_BLESS").is_some();
    let mut source = HashMap::new();
    for (name, module) in fixture_modules() {
        let bytes = encode_module(&module);
        let path = dir.join(name);
        if bless {
            std::fs::write(&path, &bytes).unwrap();
        }
        let committed = std::fs::read(&path).expect("run with NANVM_BLESS=1 to write fixtures");
        assert_eq!(committed, bytes, "{name} is stale: run with NANVM_BLESS=1");
        source.insert(name.to_owned(), decode_module(&committed).unwrap());
    }
    let value = Linker::new(source).evaluate("main.bc").unwrap();
    let (first, second) = (value.get("first").unwrap(), value.get("second").unwrap());
    assert!(Value::is(first, second), "one module, one value");
    assert_eq!(
        value.to_string(),
        "const c0 = {\"name\":\"nanvm\",\"answer\":42}\nexport default \
         {\"first\":c0,\"second\":c0,\"big\":-1180591620717411303424n,\"nothing\":undefined}"
    );
}
