//! The VM's native overrides of the compiler's hot functions
//! (`nanvm-core/src/vm/native/`: the lexer's step, its copy of code
//! units, the writer's byte pairs) give exactly what interpreting them
//! gives: the same bytes or the same error (message, line, column), for
//! every compiler source and fixture and for random text made of the
//! pieces the lexer tells apart (strings with every escape form, lone
//! surrogates, numbers, comments, templates, identifiers, errors), and
//! for random numbers in every spelling (the parser's numeric literal and
//! the writer's 8 bytes of a double run natively too), and for random
//! values of data in JSON, JSON5 and DJS (the parser's step runs natively
//! for most of their tokens).

use nanvm_runtime::compile::Compiler;
use nanvm_runtime::vm::Budget;
use nanvm_runtime::Limits;
use nanvm_tests::compiler::{files, fixtures, repository};
use proptest::prelude::*;
use std::cell::RefCell;

/// Both ways of running the compiler.
struct Pair {
    native: Compiler,
    interpreted: Compiler,
}

impl Pair {
    fn new() -> Self {
        let native = Compiler::new().expect("the compiler loads");
        let mut interpreted = Compiler::new().expect("the compiler loads");
        interpreted.set_native_overrides(false);
        Pair {
            native,
            interpreted,
        }
    }

    /// The two answers for `text` compiled as `path`.
    fn both(
        &mut self,
        path: &str,
        text: &str,
    ) -> (Result<Vec<u8>, String>, Result<Vec<u8>, String>) {
        let answer = |c: &mut Compiler| c.compile_bytes(path, text).map_err(|e| e.to_string());
        (answer(&mut self.native), answer(&mut self.interpreted))
    }
}

thread_local! {
    /// One pair per thread: loading the compiler is the slow part of a case.
    static PAIR: RefCell<Pair> = RefCell::new(Pair::new());
}

/// The two answers for `text` compiled as `path`, from this thread's pair.
fn both(path: &str, text: &str) -> (Result<Vec<u8>, String>, Result<Vec<u8>, String>) {
    PAIR.with(|pair| pair.borrow_mut().both(path, text))
}

const EXTENSIONS: [&str; 6] = [".json", ".json5", ".d.mjs", ".f.mjs", ".mjs", ".js"];

#[test]
fn every_fixture_and_compiler_source_compiles_the_same_natively() {
    let mut pair = Pair::new();
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut all = files(&fixtures());
    all.extend(files(&repository().join("nanvm-core/fjs")));
    for (file, relative) in all {
        if !EXTENSIONS.iter().any(|e| relative.ends_with(e)) && !relative.ends_with(".cjs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let (native, interpreted) = pair.both(&relative, &text);
        checked += 1;
        if native != interpreted {
            failures.push(format!("{relative}: {native:?} != {interpreted:?}"));
        }
    }
    assert!(checked > 500, "only {checked} files checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn long_text_across_the_lexer_chunks_compiles_the_same_natively() {
    let mut pair = Pair::new();
    // Tokens and escapes at and around the lexer's chunks of 4096 offsets.
    for shift in [4090, 4094, 4095, 4096, 4097, 8191, 8192] {
        let pad = " ".repeat(shift);
        for tail in [
            r#""abc\u0041\"é""#,
            "12345.5e-3",
            "[truex]",
            "\"unterminated",
            "// comment\n1",
            "/* block */ 2",
        ] {
            for ext in EXTENSIONS {
                let text = format!("{pad}{tail}");
                let path = format!("long{ext}");
                let (native, interpreted) = pair.both(&path, &text);
                assert_eq!(native, interpreted, "{path} at {shift}: {tail}");
            }
        }
    }
}

#[test]
fn references_compile_the_same_natively() {
    // Names as values in DJS: bound, unbound, declared later, imports,
    // literals, reserved words and the names other languages read.
    let values = [
        "a",
        "[a, a]",
        "{ k: a, a }",
        "b",
        "c",
        "later",
        "undefined",
        "[undefined, null]",
        "Infinity",
        "NaN",
        "typeof",
        "eval",
        "arguments",
        "yield",
        "let",
        "require",
        "module",
        "\\u0061",
        "[a, b, { c: [a] }]",
        "ab",
        "x",
    ];
    let mut pair = Pair::new();
    for value in values {
        for (path, text) in [
            ("refs.d.mjs", format!("import x from './x.d.mjs'\nconst a = 1\nconst ab = [a]\nexport default {value}\nconst later = 2\n")),
            ("refs.d.cjs", format!("const a = 1\nconst ab = [a]\nmodule.exports = {value}\n")),
            ("refs.json5", format!("[{value}]")),
            ("refs.json", format!("[{value}]")),
            ("refs.f.mjs", format!("const a = 1\nconst ab = [a]\nexport default {value}\n")),
        ] {
            let (native, interpreted) = pair.both(path, &text);
            assert_eq!(native, interpreted, "{path}: {text}");
        }
    }
}

#[test]
fn nesting_at_the_limit_closes_the_same_natively() {
    // 999 and 1000 arrays closed natively, alone (a literal) and as the
    // item or property of a node that is not one (beside the name `a`),
    // where 1000 arrays and the node are one level too deep.
    for depth in [999, 1000] {
        let deep = format!("{}null{}", "[".repeat(depth), "]".repeat(depth));
        let texts = [
            (format!("export default {deep}\n"), true),
            (
                format!("const a = 1\nexport default [a, {deep}]\n"),
                depth < 1000,
            ),
            (
                format!("const a = 1\nexport default {{ a, b: {deep} }}\n"),
                depth < 1000,
            ),
        ];
        for (text, fits) in texts {
            let (native, interpreted) = both("deep.d.mjs", &text);
            assert!(
                native == interpreted,
                "{depth} levels differ: {:?}",
                native.err()
            );
            match native {
                Ok(_) => assert!(fits, "{depth} levels compiled"),
                Err(e) => assert!(!fits && e.contains("nesting deeper than 1000"), "{e}"),
            }
        }
    }
}

/// Literals of data, each either read whole from its opening bracket or
/// stopped somewhere inside (a spelling some language reads otherwise, an
/// error, a reference, the end of the lexer's chunk): every case of
/// `vm/native/whole_literal.rs`'s reader.
const LITERALS: &[&str] = &[
    r#"[1, -2.5e3, +3, "a\"\\\/\b\f\n\r\t\u00e9", 'q', true, false, null, undefined, [], {}]"#,
    r#"{ "a": 1, b: [2, { c: 'd' }], 'e': -0, "": [[]], $_1: {}, }"#,
    r#"[0, 1e5, 1E-5, 0.25, 12345678901234567890, 1.7976931348623157e309, 5e-324, -0.0]"#,
    "[1,]",
    "[,]",
    "[1,,2]",
    "{,}",
    r#"{"a":1,}"#,
    "{a}",
    "{a: 1, b}",
    "{__proto__: 1}",
    r#"{"__proto__": 1}"#,
    "{'__proto__': []}",
    r#"{"k": 1, "k": [2], "1": 3, "0": 4}"#,
    "[ // line\n 1, /* block */ 2 /**/, /*/ still a comment */ 3 ]",
    "[1 /* never closed ]",
    "[1 // a line comment to the end",
    "[1 // ends at a line separator \u{2028} 2]",
    "[1 / 2]",
    "[1 /",
    "[01]",
    "[1.]",
    "[.5]",
    "[1e]",
    "[1e+]",
    "[0x10]",
    "[1n]",
    "[1_0]",
    "[1a]",
    "[1.5.2]",
    "[Infinity, -Infinity, NaN]",
    "[- 1]",
    "[-]",
    "[+ 1]",
    "[-a]",
    r#"["\v"]"#,
    r#"["\x41"]"#,
    r#"["\0"]"#,
    r#"["\u12"]"#,
    r#"["\u{41}"]"#,
    "[\"a\\\nb\"]",
    "[\"raw\ttab\"]",
    "[\"raw\nline\"]",
    "[\"é\u{1F600}\"]",
    r#"["\ud800", "\udc00x"]"#,
    r#"['a"b', "it's"]"#,
    "[\"unterminated]",
    "[truex]",
    "[true1]",
    "[nul]",
    "[tru\\u0065]",
    "[trueé]",
    "[true\u{2028}]",
    "{1: 2}",
    "{a-b: 1}",
    "{\\u0061: 1}",
    "{é: 1}",
    "{\"a\" 1}",
    "{\"a\": }",
    "[1 2]",
    "[1, 2",
    "[[1], [2",
    "[[1], [2]]]",
    "{ \"a\": [1, 2] ]",
    "[\u{a0}1]",
    "[\u{b}1]",
    "[\u{feff}1]",
    "[1\r\n,\r2\n]",
    "[a, [1, 2], { k: a }, { k: [a] }]",
    "{ \"a\": [1, 2], \"b\": { \"c\": a } }",
    "[x, a, [x], { x: x, a: [a, x] }]",
    "{ k: a, a }",
    "[later]",
    "[b]",
    "[s]",
    "{ k: [a, { s: s }] }",
    "[if]",
    "[typeof]",
    "[require]",
    "[arguments, eval]",
    "[aé]",
    "[a\\u0061]",
];

#[test]
fn whole_literals_compile_the_same_natively() {
    let mut pair = Pair::new();
    let mut compiled = 0;
    let deep = format!("{}1{}", "[".repeat(60), "]".repeat(60));
    let literals = LITERALS.iter().copied().chain([deep.as_str()]);
    for literal in literals {
        // Alone and as an item; from the text's start and across the
        // lexer's chunks of 4096 offsets.
        for value in [
            literal.to_owned(),
            format!("[0, {literal}, {{ \"k\": {literal} }}]"),
        ] {
            for shift in [0, 4090, 4096] {
                let pad = " ".repeat(shift);
                for (path, text) in [
                    ("whole.json", format!("{pad}{value}")),
                    ("whole.json5", format!("{pad}{value}")),
                    (
                        "whole.d.mjs",
                        format!("import x from './x.d.mjs'\nconst a = 1\n{pad}export default {value}\nconst later = 2\n"),
                    ),
                    (
                        "whole.d.cjs",
                        format!("const x = require('./x.d.cjs')\nconst a = 1\n{pad}module.exports = {value}\n"),
                    ),
                    (
                        // A constant's own name is not declared before it.
                        "const.d.mjs",
                        format!("const a = 1\n{pad}const s = {value}\nexport default [s, a]\n"),
                    ),
                ] {
                    let (native, interpreted) = pair.both(path, &text);
                    assert_eq!(native, interpreted, "{path} at {shift}: {value}");
                    compiled += usize::from(native.is_ok());
                }
            }
        }
    }
    // Most of them are data in some language.
    assert!(compiled > 300, "only {compiled} compiled");
}

/// Compiles `text` as `path` within a budget of `steps`, with the native
/// overrides on or off: the error's text if it does not fit.
fn within(path: &str, text: &str, steps: u64, native: bool) -> Result<(), String> {
    let budget = Budget {
        steps,
        ..Budget::default()
    };
    let mut compiler = Compiler::with_limits(Limits::default(), budget).expect("loads");
    compiler.set_native_overrides(native);
    compiler
        .compile_bytes(path, text)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Checks that `text` fits a budget of `steps` with the native overrides
/// and exceeds it without them.
fn only_native_fits(path: &str, text: &str, steps: u64) {
    assert_eq!(within(path, text, steps, true), Ok(()));
    let error = within(path, text, steps, false).expect_err("interpreted, it exceeds the budget");
    assert!(error.contains("step"), "{error}");
}

#[test]
fn the_override_runs_for_the_lexer() {
    // 200 000 spaces: one step per space natively, at least two (an
    // iteration and a call) interpreted, so only the native lexer fits.
    let text = format!("{}0", " ".repeat(200_000));
    only_native_fits("spaces.json", &text, 300_000);
}

#[test]
fn the_overrides_run_for_a_string_literal() {
    // A string of 200 000 code units: natively about 1.5 M steps, each
    // unit skipped by the lexer, copied and turned into bytes without a
    // call; interpreted about 2.5 M, and without the two item overrides
    // at least 0.4 M more (a call per unit each).
    let text = format!("\"{}\"", "a".repeat(200_000));
    only_native_fits("string.json", &text, 1_600_000);
}

#[test]
fn the_overrides_run_for_numbers() {
    // 20 000 numbers with a fraction and a signed exponent: about 0.62 M
    // steps with the literal's `.`, `e` and sign made natively in the
    // lexer's step, about 1.76 M with a call of the step for each; 8.74 M
    // interpreted, with a call per character to check each literal and
    // some 25 calls to write each double.
    let items: Vec<String> = (0..20_000).map(|i| format!("{}.{i}e-3", i * 7)).collect();
    let text = format!("[{}]", items.join(","));
    only_native_fits("numbers.json", &text, 900_000);
}

#[test]
fn the_overrides_run_for_negative_numbers() {
    // 20 000 negative numbers, each `-` right before its digit: about
    // 0.41 M steps with the `-` ended natively at the digit, about 1.75 M
    // with a call of the lexer's step for each (0.79 M with the `.` a
    // call), 8.57 M interpreted.
    let text = format!("[{}0]", "-1.5,".repeat(20_000));
    only_native_fits("signed.json", &text, 550_000);
}

#[test]
fn the_overrides_run_for_token_starts() {
    // 20 000 strings and commas, each started in whitespace: about 0.43 M
    // steps with the token starts made by the step's override and the
    // closing bracket closed natively, about 0.55 M with each start a call
    // of the step (and `ws` run natively per call), about 0.63 M with the
    // closing bracket (the flattening of its 20 000 items) interpreted.
    let text = format!("[{}\"a\"]", "\"a\", ".repeat(20_000));
    assert_eq!(within("starts.json", &text, 490_000, true), Ok(()));
}

#[test]
fn the_overrides_run_for_token_starts_right_after_a_token() {
    // 20 000 numbers and commas, each token started right where the one
    // before ended (the lexer calls `ws` itself, in FJS, where the parser's
    // step and so `emitThen` are interpreted): about 2.31 M steps with `ws`
    // run natively per call, about 2.81 M with it interpreted.
    let text = format!("export default [{}1]", "1,".repeat(20_000));
    assert_eq!(within("adjacent.f.mjs", &text, 2_500_000, true), Ok(()));
}

#[test]
fn the_overrides_run_for_token_ends() {
    // 5 000 objects of punctuators, strings, numbers and identifiers:
    // about 0.54 M steps with the tokens' ends made natively through the
    // parser's step and `ws`, the closing brackets included, about 0.58 M
    // with each start a call of the step, about 1.50 M with the closing
    // brackets closed by the FJS step, 4.35 M with each end a call of
    // `emitThen` or `emit`, 8.81 M with every override off.
    let text = format!("[{}0]", "{\"k\":1,\"b\":true,\"c\":[]},".repeat(5_000));
    only_native_fits("ends.json", &text, 560_000);
}

#[test]
fn the_override_runs_for_the_parser_step() {
    // 5 000 objects with identifier keys, signed numbers, strings, `null`
    // and arrays: about 1.03 M steps with the parser's step run natively
    // for their tokens, closing brackets included, about 2.15 M with the
    // closing brackets closed by the FJS step, about 4.3 M with the step
    // interpreted (every other override on), 10 M with all of them off.
    let value = "{ a: -1, b: 'x', c: [null] },".repeat(5_000);
    only_native_fits(
        "keys.d.mjs",
        &format!("export default [{value}0]"),
        1_500_000,
    );
    only_native_fits("keys.json5", &format!("[{value}0]"), 1_500_000);
}

#[test]
fn the_overrides_run_for_strings_with_escapes() {
    // 20 000 strings with escapes of every kind all languages read alike:
    // about 1.06 M steps with each string read natively from its first
    // escape to its closing quote, 8.99 M with a call of the FJS lexer
    // for each escape and the string's end.
    let text = format!("[{}0]", r#""a\"b\\c\n\u00e9d/\/","#.repeat(20_000));
    only_native_fits("escapes.json", &text, 1_200_000);
}

#[test]
fn the_overrides_run_for_the_code_generator() {
    // 10 000 objects, each a property whose value is one of 1 000
    // constants: about 1.27 M steps with the persistent map's `get` (the
    // name's binding, about ten levels down), the writer's `property`,
    // `u32` and the code generator's `firstError` run natively, about
    // 1.42 M with `get` and `property` interpreted; far more with every
    // override off.
    let consts: String = (0..1000).map(|i| format!("const c{i} = {i}\n")).collect();
    let items: String = (0..10_000)
        .map(|i| format!("{{ k: c{} }}, ", i * 7 % 1000))
        .collect();
    let text = format!("{consts}export default [{items}0]\n");
    only_native_fits("refs.d.mjs", &text, 1_350_000);
}

#[test]
fn the_overrides_run_for_literals_among_references() {
    // 10 000 objects of a reference and a number: about 1.63 M steps with
    // the code generator's `gen` of a literal, its `unlessError` and the
    // writer's `sizeOf` run natively, about 1.66 M with `unlessError`
    // interpreted, about 1.74 M with none of them.
    let consts: String = (0..1000).map(|i| format!("const c{i} = {i}\n")).collect();
    let items: String = (0..10_000)
        .map(|i| format!("{{ k: c{}, n: {i} }}, ", i * 7 % 1000))
        .collect();
    let text = format!("{consts}export default [{items}0]\n");
    only_native_fits("mixed.d.mjs", &text, 1_640_000);
}

#[test]
fn the_override_runs_for_references() {
    // 20 000 references to a constant: about 0.39 M steps with the
    // parser's step for a DJS name as a value and the code generator's
    // `resolve` run natively, about 0.49 M with `resolve` interpreted,
    // about 2 M with a call of the FJS step (and `emit`) for each name too.
    let text = format!("const a = 1\nexport default [{}a]\n", "a, ".repeat(20_000));
    only_native_fits("refs.d.mjs", &text, 440_000);
}

#[test]
fn the_overrides_run_for_comments_and_single_quotes() {
    // 10 000 line comments, block comments and single-quoted strings:
    // about 0.54 M steps with the comments' and the strings' starts and
    // the comments' ends made in the lexer's step, about 1.26 M with a
    // call of the FJS lexer for each.
    let items: String = (0..10_000)
        .map(|i| format!("// item {i}\n/* a */ '{i}',\n"))
        .collect();
    let text = format!("export default [{items}0]\n");
    only_native_fits("comments.d.mjs", &text, 700_000);
}

#[test]
fn literals_across_chunks_compile_the_same_natively() {
    // Literals read whole past the lexer's chunk of 4096 code units: over
    // several chunks, ending at a chunk's last unit or the text's, nested
    // in others that span chunks, and ones that stop far from where they
    // start (so that the brackets open there are not read again).
    let numbers = |n: usize| {
        (0..n)
            .map(|i| format!("{i}.5"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let pairs = |n: usize| {
        (0..n)
            .map(|i| format!("[{i},-{i}]"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let long = "x".repeat(5000);
    let values = [
        format!("[{}]", numbers(1500)),
        format!("{{\"a\": [{}], \"b\": \"{long}\"}}", pairs(800)),
        format!("[{}, [{}]]", pairs(700), numbers(1000)),
        format!("[[{}], 1n]", numbers(1500)),
        format!("[{}, x]", pairs(1000)),
        format!("[{}, {{ __proto__: 1 }}]", pairs(1000)),
        format!("[[[{}]], [", numbers(1500)),
        format!("{}{}{}", "[".repeat(900), numbers(1200), "]".repeat(900)),
    ];
    let mut pair = Pair::new();
    let mut compiled = 0;
    for value in &values {
        for pad in [0, 4095] {
            let pad = " ".repeat(pad);
            for (path, text) in [
                ("long.json", format!("{pad}{value}")),
                ("long.json5", format!("{pad}{value}")),
                (
                    "long.d.mjs",
                    format!("const x = 1\n{pad}export default {value}\n"),
                ),
            ] {
                let (native, interpreted) = pair.both(path, &text);
                assert!(native == interpreted, "{path} differs: {:?}", native.err());
                compiled += usize::from(native.is_ok());
            }
        }
    }
    // A literal whose closing bracket is the last unit of a chunk, and of
    // the text.
    for n in [8191, 8192, 8193] {
        let body = numbers(1000);
        let text = format!("{}[{body}]", " ".repeat(n - body.len() - 2));
        assert_eq!(text.len(), n);
        let (native, interpreted) = pair.both("end.json", &text);
        assert_eq!(native, interpreted, "{n}");
        compiled += usize::from(native.is_ok());
    }
    assert!(compiled > 20, "only {compiled} compiled");
}

#[test]
fn the_overrides_run_for_whole_literals() {
    // 20 000 arrays of two numbers in one array of 200 000 code units:
    // about 0.67 M steps with the whole array read at once (a step per
    // code unit), about 0.75 M with each pair read whole within a chunk
    // of the lexer and the outer array token by token, about 0.93 M with
    // a token end and the parser's step for each token.
    let text = format!("[{}0]", "[1.5, -2],".repeat(20_000));
    assert_eq!(within("pairs.json", &text, 710_000, true), Ok(()));
    // In DJS, objects with identifier keys, a comment and a reference:
    // about 1.53 M steps, 1.72 M with each object read whole but the
    // outer array token by token, 3.17 M token by token (the objects
    // then are not literals, and the code generator writes each).
    let item = "{ a: [1.5, -2] /* c */, r: c },";
    let text = format!("const c = 1\nexport default [{}0]", item.repeat(20_000));
    assert_eq!(within("pairs.d.mjs", &text, 1_600_000, true), Ok(()));
}

/// Values of data, valid and not, in the spellings of JSON, JSON5 and DJS:
/// nested arrays and objects with string, identifier, `__proto__` and
/// computed keys, shorthands, signs, trailing commas, and a missing or
/// stray token here and there.
fn data_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        number(),
        prop::sample::select(vec![
            "\"s\"",
            "'q'",
            "\"\\n\"",
            "\"\"",
            "true",
            "false",
            "null",
            "undefined",
            "x",
            "-1",
            "+2",
            "- 3",
            "-Infinity",
            "NaN",
            "1n",
            "-0",
            "[]",
            "{}",
            ",",
            "]",
            "}",
            ":",
        ])
        .prop_map(str::to_owned),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let key = prop::sample::select(vec![
            "\"k\"",
            "k",
            "'k'",
            "\"__proto__\"",
            "__proto__",
            "[\"c\"]",
            "0",
            "get",
            "\"\\u0041\"",
        ]);
        let sep = prop::sample::select(vec![",", ", ", ",\n", ""]);
        let trailing = prop::sample::select(vec!["", ","]);
        prop_oneof![
            (
                prop::collection::vec(inner.clone(), 0..6),
                sep.clone(),
                trailing.clone()
            )
                .prop_map(|(items, sep, end)| format!("[{}{end}]", items.join(sep))),
            (
                prop::collection::vec((key, prop::option::of(inner)), 0..6),
                sep,
                trailing
            )
                .prop_map(|(props, sep, end)| {
                    let props: Vec<String> = props
                        .into_iter()
                        .map(|(k, v)| v.map_or(k.to_owned(), |v| format!("{k}: {v}")))
                        .collect();
                    format!("{{{}{end}}}", props.join(sep))
                }),
        ]
    })
}

/// What may stand between the tokens of a literal.
const TRIVIA: &[&str] = &["", " ", "\n", "\t", "\r\n", "/* c */", "// c\n", "/**/"];

/// Literals of data, most of them valid in JSON5 and DJS and many in JSON,
/// with random trivia between their tokens: mostly what a literal read
/// whole holds (`vm/native/whole_literal.rs`).
fn literal_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        number(),
        prop::sample::select(vec![
            "\"s\"",
            "'q'",
            "\"a\\\"\\n\\u00e9\"",
            "\"\"",
            "true",
            "false",
            "null",
            "undefined",
            "-1",
            "+2",
            "-0",
            "[]",
            "{}",
            "a",
        ])
        .prop_map(str::to_owned),
    ];
    let trivia = || prop::sample::select(TRIVIA);
    leaf.prop_recursive(5, 64, 8, move |inner| {
        let key = prop::sample::select(vec!["\"k\"", "k", "'k'", "\"1\"", "$k_2", "\"__proto__\""]);
        let end = prop::sample::select(vec!["", ","]);
        let item = (trivia(), inner.clone(), trivia()).prop_map(|(a, v, b)| format!("{a}{v}{b}"));
        let prop = (trivia(), key, trivia(), trivia(), inner, trivia())
            .prop_map(|(a, k, b, c, v, d)| format!("{a}{k}{b}:{c}{v}{d}"));
        prop_oneof![
            (prop::collection::vec(item, 0..8), end.clone(), trivia())
                .prop_map(|(items, end, t)| format!("[{t}{}{end}]", items.join(","))),
            (prop::collection::vec(prop, 0..8), end, trivia())
                .prop_map(|(props, end, t)| format!("{{{t}{}{end}}}", props.join(","))),
        ]
    })
}

/// Numeric literals in many spellings, valid and not, in every language:
/// decimals from random doubles, the edges of the double range, and the
/// spellings only some languages accept.
fn number() -> impl Strategy<Value = String> {
    let double = any::<f64>().prop_flat_map(|x| {
        prop::sample::select(vec![
            format!("{x}"),
            format!("{x:e}"),
            format!("{x:E}"),
            format!("{:.3}", x.abs()),
        ])
    });
    let spelled = prop::sample::select(vec![
        "0",
        "-0",
        "00",
        "01",
        "0.0",
        "5e-324",
        "2.2250738585072014e-308",
        "2.225073858507201e-308",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "1e400",
        "-1e400",
        "NaN",
        "Infinity",
        "-Infinity",
        ".5",
        "5.",
        "1.e5",
        "0x1F",
        "0X1f",
        "0o17",
        "0b101",
        "12n",
        "0x1Fn",
        "1e",
        "1e+",
        "1_000",
        "9007199254740993",
        "123456789012345678901234567890",
        "0.1e-9999",
        "1E+0",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        double,
        spelled,
        (0u64..u64::MAX).prop_map(|n| n.to_string())
    ]
}

/// The pieces random sources are made of.
const PIECES: &[&str] = &[
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u{2028}",
    "\u{a0}",
    "\u{feff}",
    "\u{1}",
    "\u{1f}",
    "\"",
    "'",
    "`",
    "\\",
    "\\\\",
    "\\\"",
    "\\'",
    "\\n",
    "\\b",
    "\\f",
    "\\r",
    "\\t",
    "\\v",
    "\\/",
    "\\0",
    "\\00",
    "\\1",
    "\\x41",
    "\\xZ",
    "\\u0041",
    "\\ud800",
    "\\udc00",
    "\\ud83d\\ude00",
    "\\u{1F600}",
    "\\u{110000}",
    "\\u{}",
    "\\u12",
    "\\\n",
    "\\\r\n",
    "\\q",
    "${",
    "}",
    "{",
    "[",
    "]",
    ",",
    ":",
    "(",
    ")",
    ";",
    "=",
    "=>",
    "?.",
    "?",
    ".",
    "..",
    "...",
    "+",
    "-",
    "*",
    "/",
    "//",
    "/*",
    "*/",
    "0",
    "1",
    "123",
    "0x1F",
    "0b10",
    "0o7",
    "1e",
    "1e+",
    "e-5",
    "E",
    "1_0",
    "1n",
    ".5",
    "a",
    "abc",
    "$_",
    "x",
    "\\u0061",
    "é",
    "\u{1d49c}",
    "😀",
    "null",
    "true",
    "false",
    "undefined",
    "Infinity",
    "NaN",
    "export default ",
    "const a = ",
    "import b from './b.d.mjs'\n",
    "__proto__",
    "#",
    "@",
];

/// The pieces of a string literal's body: plain code units, raw
/// characters some language rejects, and escapes of every form.
const STRING_PIECES: &[&str] = &[
    "a", "é", "😀", "\u{2028}", "\t", "\u{7f}", "'", "\"", "`", "\\n", "\\r", "\\t", "\\b", "\\f",
    "\\v", "\\0", "\\\"", "\\'", "\\\\", "\\/", "\\u00e9", "\\uD83D", "\\udE00", "\\u00G0",
    "\\u12", "\\u{41}", "\\x41", "\\q", "\\\n",
];

/// A string literal's body of [`STRING_PIECES`].
fn string_body() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(STRING_PIECES), 0..12).prop_map(|p| p.concat())
}

fn source() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..48).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn random_text_compiles_the_same_natively(text in source(), ext in prop::sample::select(&EXTENSIONS[..])) {
        let path = format!("random{ext}");
        let (native, interpreted) = both(&path, &text);
        prop_assert_eq!(native, interpreted);
    }

    #[test]
    fn random_numbers_compile_the_same_natively(numbers in prop::collection::vec(number(), 1..8)) {
        let items = numbers.join(", ");
        for (path, text) in [
            ("numbers.json", format!("[{items}]")),
            ("numbers.json5", format!("[{items}]")),
            ("numbers.d.mjs", format!("export default [{items}]")),
        ] {
            let (native, interpreted) = both(path, &text);
            prop_assert_eq!(native, interpreted, "{}", text);
        }
    }

    #[test]
    fn random_data_compiles_the_same_natively(value in data_value()) {
        for (path, text) in [
            ("data.json", value.clone()),
            ("data.json5", value.clone()),
            ("data.d.mjs", format!("const x = 1\nexport default {value}")),
            ("data.d.cjs", format!("module.exports = {value}")),
        ] {
            let (native, interpreted) = both(path, &text);
            prop_assert_eq!(native, interpreted, "{}", text);
        }
    }

    #[test]
    fn random_literals_compile_the_same_natively(
        value in literal_value(),
        shift in prop_oneof![Just(0usize), 3900usize..4096],
    ) {
        // From the text's start, or across the lexer's first chunk end.
        let pad = " ".repeat(shift);
        for (path, text) in [
            ("literal.json", format!("{pad}{value}")),
            ("literal.json5", format!("{pad}{value}")),
            ("literal.d.mjs", format!("import a from './a.d.mjs'\nconst b = 1\n{pad}export default [b, {value}]")),
        ] {
            let (native, interpreted) = both(path, &text);
            prop_assert_eq!(native, interpreted, "{}", text);
        }
    }

    #[test]
    fn random_strings_compile_the_same_natively(a in string_body(), b in string_body()) {
        // Each body in both quotes, the second string's end checked after
        // the first's, in every language.
        let items = format!("\"{a}\", '{a}', \"{b}\", '{b}'");
        for (path, text) in [
            ("strings.json", format!("[\"{a}\", \"{b}\"]")),
            ("strings.json5", format!("[{items}]")),
            ("strings.d.mjs", format!("export default [{items}]")),
            ("strings.f.mjs", format!("export default [{items}]")),
        ] {
            let (native, interpreted) = both(path, &text);
            prop_assert_eq!(native, interpreted, "{}", text);
        }
    }

    #[test]
    fn random_values_compile_the_same_natively(text in source()) {
        // Inside a value, so that more of the text gets past the parser.
        for (path, wrapped) in [
            ("value.json", format!("[\"{text}\", {text}]")),
            ("value.d.mjs", format!("export default [`{text}`, '{text}', {text}]")),
        ] {
            let (native, interpreted) = both(path, &wrapped);
            prop_assert_eq!(native, interpreted, "{}", wrapped);
        }
    }
}
