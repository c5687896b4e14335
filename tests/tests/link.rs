//! Linking module graphs: each module evaluated once, shared by identity;
//! cycles, missing files and bad specifiers are errors.

use std::collections::HashMap;

use nanvm_runtime::bytecode::{Code, Expr, Module};
use nanvm_runtime::link::{LinkError, Linker};
use nanvm_runtime::path::SpecifierError;
use nanvm_runtime::value::JsString;
use nanvm_runtime::Value;

/// A module importing `imports` whose value is the array of its imports.
fn importer(imports: &[&str]) -> Module {
    let args = (0..imports.len() as u32).map(Expr::ArgRef).collect();
    Module {
        imports: imports.iter().map(|s| JsString::from(*s)).collect(),
        code: Code {
            consts: vec![Expr::Array(args)],
        },
    }
}

fn leaf() -> Module {
    Module::of_value(Expr::Object(vec![(
        JsString::from("leaf"),
        Expr::Bool(true),
    )]))
}

fn graph(modules: &[(&str, Module)]) -> HashMap<String, Module> {
    modules
        .iter()
        .map(|(p, m)| ((*p).to_owned(), m.clone()))
        .collect()
}

#[test]
fn a_diamond_shares_one_value() {
    let source = graph(&[
        ("main.d.mjs", importer(&["./a/left.d.mjs", "./right.d.mjs"])),
        ("a/left.d.mjs", importer(&["../leaf.d.mjs"])),
        ("right.d.mjs", importer(&["./a/../leaf.d.mjs"])),
        ("leaf.d.mjs", leaf()),
    ]);
    let value = Linker::new(source).evaluate("main.d.mjs").unwrap();
    let left = value.get("0").and_then(|v| v.get("0")).unwrap();
    let right = value.get("1").and_then(|v| v.get("0")).unwrap();
    assert!(Value::is(left, right));
    assert_eq!(left, &Value::object([("leaf", Value::Bool(true))]));
}

#[test]
fn values_are_cached_across_entries() {
    let source = graph(&[("x.d.mjs", leaf()), ("y.d.mjs", importer(&["./x.d.mjs"]))]);
    let mut linker = Linker::new(source);
    let x = linker.evaluate("x.d.mjs").unwrap();
    let y = linker.evaluate("y.d.mjs").unwrap();
    assert!(Value::is(&x, y.get("0").unwrap()));
}

#[test]
fn a_cycle_is_named() {
    let source = graph(&[
        ("main.d.mjs", importer(&["./a.d.mjs"])),
        ("a.d.mjs", importer(&["./b.d.mjs"])),
        ("b.d.mjs", importer(&["./a.d.mjs"])),
    ]);
    let error = Linker::new(source).evaluate("main.d.mjs").unwrap_err();
    assert_eq!(
        error,
        LinkError::Cycle(vec!["a.d.mjs".into(), "b.d.mjs".into(), "a.d.mjs".into()])
    );
    assert_eq!(
        error.to_string(),
        "a.d.mjs: error: import cycle: a.d.mjs -> b.d.mjs -> a.d.mjs"
    );
}

#[test]
fn a_long_cycle_is_reported_without_recursion() {
    let n = 10_000;
    let modules: Vec<(String, Module)> = (0..n)
        .map(|i| {
            (
                format!("m{i}.d.mjs"),
                importer(&[&format!("./m{}.d.mjs", (i + 1) % n)]),
            )
        })
        .collect();
    let source: HashMap<String, Module> = modules.into_iter().collect();
    match Linker::new(source).evaluate("m0.d.mjs") {
        Err(LinkError::Cycle(paths)) => assert_eq!(paths.len(), n + 1),
        other => panic!("expected a cycle, got {other:?}"),
    }
}

#[test]
fn a_missing_module_names_its_path() {
    let source = graph(&[("main.d.mjs", importer(&["./gone.d.mjs"]))]);
    let error = Linker::new(source).evaluate("main.d.mjs").unwrap_err();
    assert_eq!(error.to_string(), "gone.d.mjs: error: file not found");
}

#[test]
fn bad_specifiers_are_rejected() {
    for (specifier, expected) in [
        ("gone.d.mjs", SpecifierError::NotRelative),
        ("../up.d.mjs", SpecifierError::OutsideRoot),
        ("./a%20b.d.mjs", SpecifierError::UrlSyntax('%')),
    ] {
        let source = graph(&[("main.d.mjs", importer(&[specifier]))]);
        match Linker::new(source).evaluate("main.d.mjs") {
            Err(LinkError::Specifier { error, .. }) => assert_eq!(error, expected, "{specifier}"),
            other => panic!("{specifier}: expected a specifier error, got {other:?}"),
        }
    }
    let lone = Module {
        imports: vec![JsString::from(vec![0x2E, 0x2F, 0xD800])],
        code: Code {
            consts: vec![Expr::ArgRef(0)],
        },
    };
    let source = graph(&[("main.d.mjs", lone)]);
    assert!(matches!(
        Linker::new(source).evaluate("main.d.mjs"),
        Err(LinkError::Specifier {
            error: SpecifierError::LoneSurrogate,
            ..
        })
    ));
}
