//! `decode_plain_data`, the one-pass reader of embedded bytecode, against
//! the general route (`decode_module`, then the VM): the same graph
//! (sharing included) wherever it gives one, and nothing where the general
//! route fails, on
//!
//! - every compiler fixture without imports (JSONTestSuite, json5-tests,
//!   DJS), compiled by the VM: the compiler's own bytes, objects with
//!   repeated keys and keys in source order included;
//! - the committed bytecode fixtures;
//! - random data modules written as expressions: repeated keys, array
//!   indices out of order, `local_ref`s to earlier constants, deep nesting
//!   at and past a small depth limit;
//! - modules with code, which it leaves to the general route.
//!
//! Random value graphs through `to_bytecode` are in `roundtrip.rs`,
//! hostile bytes in `bytecode_hostile.rs`.

use std::rc::Rc;

use nanvm_runtime::bytecode::{decode_plain_data, encode_module, Code, Expr, FunctionCode, Module};
use nanvm_runtime::compile::Compiler;
use nanvm_runtime::value::JsString;
use nanvm_runtime::Limits;
use nanvm_tests::compiler::{files, fixtures, repository};
use nanvm_tests::plain::check_plain_data;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};

#[test]
fn compiled_fixtures_read_alike() {
    let mut compiler = Compiler::new().expect("the compiler loads");
    let limits = Limits::default();
    let (mut plain, mut failures) = (0, Vec::new());
    for dir in ["JSONTestSuite", "json5-tests", "djs"] {
        for (file, relative) in files(&fixtures().join(dir)) {
            let compiled = [".json", ".json5", ".mjs", ".cjs"];
            if !compiled.iter().any(|ext| relative.ends_with(ext)) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let Ok(bytes) = compiler.compile_bytes(&relative, &text) else {
                continue;
            };
            match check_plain_data(&bytes, &limits) {
                Ok(read) => plain += usize::from(read),
                Err(e) => failures.push(format!("{relative}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // 216 when written; the others import modules.
    assert!(plain > 200, "only {plain} fixtures were plain data");
}

#[test]
fn bytecode_fixtures_read_alike() {
    for (file, relative) in files(&repository().join("fixtures/bytecode")) {
        if relative.ends_with(".bc") {
            let bytes = std::fs::read(&file).expect("fixture readable");
            check_plain_data(&bytes, &Limits::default())
                .unwrap_or_else(|e| panic!("{relative}: {e}"));
        }
    }
}

#[test]
fn code_is_left_to_the_general_route() {
    let function = Expr::Function(Rc::new(FunctionCode {
        length: 0,
        code: Code {
            consts: vec![Expr::Null],
        },
    }));
    let with_function = Module::of_value(Expr::Array(vec![Expr::Null, function]));
    let with_import = Module {
        imports: vec![JsString::from("./a.d.mjs")],
        code: Code {
            consts: vec![Expr::ArgRef(0)],
        },
    };
    for module in [with_function, with_import] {
        let bytes = encode_module(&module);
        assert_eq!(
            decode_plain_data(&bytes, &Limits::default()),
            None,
            "{module:?}"
        );
    }
}

/// Records of one shape, then of others at the same path: the key and shape
/// caches must not carry one record's keys (or their order check) over to
/// another.
#[test]
fn records_that_change_shape_read_alike() {
    let record = |keys: &[&str]| {
        Expr::Object(
            keys.iter()
                .map(|k| (JsString::from(*k), Expr::Null))
                .collect(),
        )
    };
    let shapes: [&[&str]; 7] = [
        &["x", "y"],
        &["y"],
        &["y", "y"],
        &["x", "y"],
        &["1", "0"],
        &["0", "1"],
        &["x", "y", "x"],
    ];
    let list = Expr::Array(shapes.iter().map(|keys| record(keys)).collect());
    let bytes = encode_module(&Module::of_value(Expr::Array(vec![list.clone(), list])));
    assert!(check_plain_data(&bytes, &Limits::default()).expect("alike"));
}

/// Keys that an object literal treats specially, and plain names.
const KEYS: &[&str] = &[
    "0",
    "1",
    "2",
    "10",
    "4294967294",
    "4294967295",
    "01",
    "-0",
    "",
    "a",
    "b",
    "__proto__",
    "id",
];

/// A data expression: leaves, containers with keys drawn from [`KEYS`]
/// (repeats and any order), and `local_ref`s resolved against the number of
/// earlier constants.
#[derive(Clone, Debug)]
enum Data {
    Leaf(Expr),
    Ref(Index),
    Array(Vec<Data>),
    Object(Vec<(&'static str, Data)>),
}

fn data() -> impl Strategy<Value = Data> {
    let leaf = prop_oneof![
        Just(Expr::Null),
        Just(Expr::Undefined),
        any::<bool>().prop_map(Expr::Bool),
        any::<u64>().prop_map(|bits| Expr::Number(f64::from_bits(bits))),
        select(KEYS).prop_map(|s| Expr::String(JsString::from(s))),
    ];
    let leaf = prop_oneof![4 => leaf.prop_map(Data::Leaf), 1 => any::<Index>().prop_map(Data::Ref)];
    leaf.prop_recursive(5, 64, 12, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Data::Array),
            vec((select(KEYS), inner), 0..12).prop_map(Data::Object),
        ]
    })
}

impl Data {
    /// The expression, as constant number `defined` (earlier constants: `0..defined`).
    fn expr(&self, defined: u32) -> Expr {
        match self {
            Data::Leaf(e) => e.clone(),
            Data::Ref(_) if defined == 0 => Expr::Null,
            Data::Ref(i) => Expr::LocalRef(i.index(defined as usize) as u32),
            Data::Array(items) => Expr::Array(items.iter().map(|d| d.expr(defined)).collect()),
            Data::Object(props) => Expr::Object(
                props
                    .iter()
                    .map(|(k, d)| (JsString::from(*k), d.expr(defined)))
                    .collect(),
            ),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn data_modules_read_alike(consts in vec(data(), 1..6), depth in 1usize..6) {
        let consts = consts.iter().zip(0..).map(|(d, i)| d.expr(i)).collect();
        let bytes = encode_module(&Module { imports: vec![], code: Code { consts } });
        // Small depth limits: some modules nest past them.
        let limits = Limits { max_depth: depth, ..Limits::default() };
        check_plain_data(&bytes, &limits).map_err(TestCaseError::fail)?;
        prop_assert!(check_plain_data(&bytes, &Limits::default()).map_err(TestCaseError::fail)?);
    }
}
