//! Issue 4's "done when": hostile modules, written as source text and run
//! through the whole pipeline (the compiler in the VM, then the linker),
//! each end with a clear error or a value within budgets, never a stack
//! overflow or a crash of the host process:
//!
//! - endless recursion (plain and in tail position);
//! - nesting 100,000 deep (arrays in DJS, in JSON, and a function called
//!   inside itself);
//! - a 50 MB module.
//!
//! Issue 7's pathological inputs, each ending with a value or an error that
//! names the limit (`Limits`, `docs/limits.md`), under the default limits
//! unless a test says otherwise:
//!
//! - 100,000 nested arrays (above), and a tighter `max_depth`;
//! - a 50 MB string, as module text and built at run time;
//! - 1,000,000 properties in one object;
//! - an import cycle of 100 modules (node fails on it too), and
//!   `max_modules`;
//! - a graph of 2^40 leaves built from 41 shared consts;
//! - no code reaches the file system, the network, the clock, the
//!   environment or randomness.
//!
//! Debug test builds are slow (the VM compiles about 5 s/MB in release and
//! many times that unoptimized), so the 50 MB module is compiled under a
//! reduced step budget of 20 million steps (about 0.5 MB's worth of
//! compiling): it must end in a clean step-budget error after reading the
//! whole 50 MB input into the VM, rather than a crash. A smaller module of
//! the same shape, within budget, checks that the error is only the budget.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use nanvm_runtime::bytecode::Global;
use nanvm_runtime::compile::{load_with, load_with_vm, Compiler, LoadError, Loaded};
use nanvm_runtime::serialize::{to_bytecode, to_djs, to_json, to_json_with};
use nanvm_runtime::vm::{Budget, Vm};
use nanvm_runtime::{Limit, LimitError, Limits};
use nanvm_tests::oracle::node_eval;

fn one_file(path: &str, text: String) -> BTreeMap<String, Vec<u8>> {
    BTreeMap::from([(path.to_owned(), text.into_bytes())])
}

fn run(path: &str, text: String) -> Result<Loaded, LoadError> {
    let mut compiler = Compiler::new().expect("the compiler starts");
    load_with(&mut compiler, one_file(path, text), path)
}

#[test]
fn endless_recursion_is_a_call_depth_error() {
    let result = run(
        "endless.f.mjs",
        "const f = x => 1 + f(x)\nexport default f(0)".into(),
    );
    let error = result.unwrap_err().to_string();
    assert!(error.starts_with("endless.f.mjs: error: "), "{error}");
    assert!(error.contains("call depth budget"), "{error}");
}

#[test]
fn endless_tail_recursion_is_a_step_error() {
    let budget = Budget {
        steps: 1_000_000,
        ..Budget::default()
    };
    let mut compiler = Compiler::new().expect("the compiler starts");
    let files = one_file(
        "loop.f.mjs",
        "const f = x => f(x + 1)\nexport default f(0)".into(),
    );
    let vm = Vm::with_limits(Limits::default(), budget);
    let error = load_with_vm(&mut compiler, files, "loop.f.mjs", vm).unwrap_err();
    assert_eq!(error.path, "loop.f.mjs");
    assert_eq!(error.message, "computation exceeds max_steps 1000000");
}

fn nested(depth: usize, open: &str, close: &str) -> String {
    format!("{}{}", open.repeat(depth), close.repeat(depth))
}

/// Source nested 100,000 deep: the compiler stops at the nesting limit
/// (`Limits::max_depth`, 1000) with the position where it was crossed.
#[test]
fn source_nested_100_000_deep_is_a_clear_error() {
    let cases = [
        (
            "deep.d.mjs",
            format!("export default {}", nested(100_000, "[", "]")),
        ),
        ("deep.json", nested(100_000, "{\"a\":", "}")),
        (
            "deep.f.mjs",
            format!(
                "export default {}0{}",
                "(x => x)(".repeat(100_000),
                ")".repeat(100_000)
            ),
        ),
    ];
    for (path, text) in cases {
        let result = run(path, text);
        let error = result.unwrap_err();
        assert_eq!(error.path, path);
        assert!(error.line == 1 && error.column > 1000, "{error}");
        assert!(
            error.message.contains("nesting deeper than 1000"),
            "{error}"
        );
    }
}

/// A value nested 100,000 deep built at run time (by a loop written as tail
/// recursion) is a value: evaluating it, and dropping it, stay off the
/// native stack.
#[test]
fn a_value_nested_100_000_deep_is_a_value() {
    let source = "const wrap = (n, a) => n === 0 ? a : wrap(n - 1, [a])\nexport default wrap(100000, 'core')";
    let result = run("wrap.f.mjs", source.into());
    let loaded = result.expect("a value within budgets");
    let mut depth = 0;
    let mut value = &loaded.value;
    while let Some(array) = value.as_array() {
        assert_eq!(array.items().len(), 1);
        value = &array.items()[0];
        depth += 1;
    }
    assert_eq!(depth, 100_000);
    assert!(value.as_js_string().is_some_and(|s| s.eq_str("core")));
}

/// `export default ["0123456789abcdef", …, 0]` of `bytes` bytes.
fn strings(bytes: usize) -> String {
    let item = "\"0123456789abcdef\",";
    format!("export default [{}0]", item.repeat(bytes / item.len()))
}

/// The step budget of the 50 MB test: enough to compile about 0.5 MB.
const STEPS: u64 = 20_000_000;

fn compile_strings(bytes: usize) -> Result<Loaded, LoadError> {
    let budget = Budget {
        steps: STEPS,
        ..Budget::default()
    };
    // Past the default `max_string_len`, which refuses 50 MB of text at
    // once (`a_50_mb_string_literal_is_refused_before_compiling`).
    let limits = Limits {
        max_string_len: 64 << 20,
        ..Limits::default()
    };
    let mut compiler = Compiler::with_limits(limits, budget).expect("the compiler starts");
    load_with(
        &mut compiler,
        one_file("big.d.mjs", strings(bytes)),
        "big.d.mjs",
    )
}

#[test]
fn a_50_mb_module_ends_in_a_clean_budget_error() {
    let error = compile_strings(50_000_000).unwrap_err();
    assert_eq!(error.path, "big.d.mjs");
    let expected = format!("computation exceeds max_steps {STEPS}");
    assert_eq!(error.message, expected);
}

#[test]
fn the_same_module_at_100_kb_is_a_value_within_that_budget() {
    let loaded = compile_strings(100_000).expect("within budget");
    let items = loaded.value.as_array().expect("an array").items().len();
    assert_eq!(items, 100_000 / 19 + 1);
}

/// Loads `files` from `entry` with `limits`.
fn load_limited(
    files: BTreeMap<String, Vec<u8>>,
    entry: &str,
    limits: Limits,
) -> Result<Loaded, LoadError> {
    let mut compiler = Compiler::limited(limits).expect("the compiler starts");
    load_with(&mut compiler, files, entry)
}

/// The limit a load error names, and its message.
fn named(error: &LoadError) -> (Limit, u64, &str) {
    let limit = error
        .limit
        .as_ref()
        .unwrap_or_else(|| panic!("not a limit error: {error}"));
    (limit.limit, limit.value, error.message.as_str())
}

/// Writes modules into a fresh directory for node.
fn scratch(name: &str, files: &BTreeMap<String, Vec<u8>>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nanvm-limits-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    dir
}

#[test]
fn nesting_past_a_tighter_max_depth_names_it() {
    let limits = Limits {
        max_depth: 64,
        ..Limits::default()
    };
    let text = format!("export default {}", nested(100, "[", "]"));
    let error = load_limited(one_file("deep.d.mjs", text), "deep.d.mjs", limits).unwrap_err();
    assert_eq!(error.path, "deep.d.mjs");
    assert_eq!(
        named(&error),
        (Limit::MaxDepth, 64, "nesting exceeds max_depth 64")
    );
    // At the limit, a value.
    let text = format!("export default {}", nested(63, "[", "]"));
    assert!(load_limited(one_file("ok.d.mjs", text), "ok.d.mjs", limits).is_ok());
}

/// A 50 MB string literal: its module text is refused before the compiler
/// reads it, so this takes well under a second, not the minutes compiling
/// 50 MB would.
#[test]
fn a_50_mb_string_literal_is_refused_before_compiling() {
    let text = format!("export default \"{}\"", "x".repeat(50 << 20));
    let units = text.len();
    let error =
        load_limited(one_file("big.d.mjs", text), "big.d.mjs", Limits::default()).unwrap_err();
    assert_eq!(error.path, "big.d.mjs");
    let expected = format!("module text of {units} code units exceeds max_string_len 16777216");
    assert_eq!(
        named(&error),
        (Limit::MaxStringLen, 1 << 24, expected.as_str())
    );
    assert_eq!(error.to_string(), format!("big.d.mjs: error: {expected}"));
}

/// `'0123…'` (50 code units) doubled 20 times at run time: a string of
/// 52,428,800 code units. node builds the same (compared as JSON text).
const DOUBLED: &str = "const twice = (s, n) => n === 0 ? s : twice(s + s, n - 1)\n\
    export default twice('01234567890123456789012345678901234567890123456789', 20)\n";

#[test]
fn a_50_mb_string_built_at_run_time_names_the_limit() {
    let files = one_file("doubled.f.mjs", DOUBLED.into());
    let error = load_limited(files.clone(), "doubled.f.mjs", Limits::default()).unwrap_err();
    assert_eq!(
        named(&error),
        (
            Limit::MaxStringLen,
            1 << 24,
            "string of 52428800 code units exceeds max_string_len 16777216"
        )
    );
    // Within a wider limit it is the string node builds.
    let limits = Limits {
        max_string_len: 64 << 20,
        ..Limits::default()
    };
    let ours = load_limited(files.clone(), "doubled.f.mjs", limits).unwrap();
    assert_eq!(ours.value.as_js_string().map(|s| s.len()), Some(52_428_800));
    assert_eq!(
        to_json(&ours.value).unwrap(),
        node_json(&files, "doubled.f.mjs")
    );
}

/// What node's `JSON.stringify` writes for the module `entry` of `files`
/// (through a file: megabytes of JSON inside a JSON line would take
/// seconds to parse in a debug build).
fn node_json(files: &BTreeMap<String, Vec<u8>>, entry: &str) -> String {
    let dir = scratch(entry, files);
    let module = dir.join(entry);
    let out = dir.join("out.json");
    let script = "const [module, out] = process.argv.slice(1);\n\
        const { pathToFileURL } = await import('node:url');\n\
        const { writeFileSync } = await import('node:fs');\n\
        const value = (await import(pathToFileURL(module))).default;\n\
        writeFileSync(out, JSON.stringify(value));";
    let status = Command::new("node")
        .args(["--input-type=module", "-e", script])
        .arg(&module)
        .arg(&out)
        .status()
        .expect("node runs (scripts/setup)");
    assert!(status.success(), "node failed on {entry}");
    let json = std::fs::read_to_string(&out).expect("node wrote the JSON");
    let _ = std::fs::remove_dir_all(&dir);
    json
}

/// One object of 1,000,000 properties, `k000000: 0` … `k999999: 999`,
/// built at run time from 1000 spreads of a function of 1000 computed keys
/// (each property inserted twice). The text of 1,000,000 properties
/// written out is 13 MB, which the compiler reads in about 35 s (see
/// `docs/limits.md`).
fn million() -> String {
    let keys: Vec<String> = (0..1000).map(|i| format!("[p + '{i:03}']: {i}")).collect();
    let rows: Vec<String> = (0..1000).map(|r| format!("...row('k{r:03}')")).collect();
    format!(
        "const row = p => ({{ {} }})\nexport default {{ {} }}\n",
        keys.join(", "),
        rows.join(", ")
    )
}

#[test]
fn a_million_properties_are_a_value_or_name_the_limit() {
    let files = one_file("million.f.mjs", million());
    let loaded = load_limited(files.clone(), "million.f.mjs", Limits::default()).unwrap();
    let object = loaded.value.as_object().expect("an object");
    assert_eq!(object.len(), 1_000_000);
    // The writers handle it.
    let json = to_json(&loaded.value).unwrap();
    assert!(
        json.ends_with("\"k999999\":999}"),
        "{}",
        &json[json.len() - 40..]
    );

    assert_eq!(json, node_json(&files, "million.f.mjs"));

    // Past a tighter limit, the check loads make (`max_properties` through
    // the load paths: `tests/ui/limits.rs`, `nanvm-cli/tests/cli.rs`).
    let limits = Limits {
        max_properties: 999_999,
        ..Limits::default()
    };
    let error = limits.check_value(&loaded.value).unwrap_err();
    assert_eq!((error.limit, error.value), (Limit::MaxProperties, 999_999));
    assert_eq!(
        error.to_string(),
        "object of 1000000 properties exceeds max_properties 999999"
    );
}

/// `m0.d.mjs` imports `m1.d.mjs` … imports `m{n-1}.d.mjs`, which imports
/// `m0.d.mjs` when `cycle`.
fn chain(n: usize, cycle: bool) -> BTreeMap<String, Vec<u8>> {
    (0..n)
        .map(|i| {
            let text = if i + 1 < n || cycle {
                format!(
                    "import next from './m{}.d.mjs'\nexport default [{i}, next]\n",
                    (i + 1) % n
                )
            } else {
                format!("export default [{i}]\n")
            };
            (format!("m{i}.d.mjs"), text.into_bytes())
        })
        .collect()
}

/// An import cycle of 100 modules, each `export default [i, next]`: node
/// throws (`next` is read before it is initialized); nanvm names the cycle.
#[test]
fn an_import_cycle_of_100_is_an_error_naming_it() {
    let files = chain(100, true);
    let error = load_limited(files.clone(), "m0.d.mjs", Limits::default()).unwrap_err();
    assert_eq!(error.path, "m0.d.mjs");
    let cycle: Vec<String> = (0..=100).map(|i| format!("m{}.d.mjs", i % 100)).collect();
    assert_eq!(
        error.message,
        format!("import cycle: {}", cycle.join(" -> "))
    );

    let dir = scratch("cycle", &files);
    let node = node_eval(&[dir.join("m0.d.mjs")]).remove(0);
    let _ = std::fs::remove_dir_all(&dir);
    let node = node.unwrap_err();
    assert!(node.contains("before initialization"), "{node}");
}

#[test]
fn an_import_graph_past_max_modules_names_it() {
    let limits = Limits {
        max_modules: 100,
        ..Limits::default()
    };
    let loaded = load_limited(chain(100, false), "m0.d.mjs", limits).unwrap();
    assert_eq!(loaded.files.len(), 100);
    let error = load_limited(chain(101, false), "m0.d.mjs", limits).unwrap_err();
    assert_eq!(error.path, "m100.d.mjs");
    assert_eq!(
        named(&error),
        (
            Limit::MaxModules,
            100,
            "import graph of more than 100 modules exceeds max_modules 100"
        )
    );
}

/// `c0 = [0]`, `c{i+1} = [c{i}, c{i}]` … `c40`: 41 arrays, a tree of 2^40
/// leaves.
fn exponential() -> String {
    let mut text = String::from("const c0 = [0]\n");
    for i in 1..=40 {
        text.push_str(&format!("const c{i} = [c{}, c{}]\n", i - 1, i - 1));
    }
    text.push_str("export default c40\n");
    text
}

/// The graph evaluates as a DAG; the writers that share (DJS, bytecode)
/// write it whole, the JSON writer, which cannot share, stops at
/// `max_output_len`.
#[test]
fn an_exponential_graph_is_a_dag_and_json_stops_at_the_output_limit() {
    let files = one_file("exp.d.mjs", exponential());
    let loaded = load_limited(files.clone(), "exp.d.mjs", Limits::default()).unwrap();
    let mut depth = 0;
    let mut value = &loaded.value;
    while let Some(items) = value.as_array().map(|a| a.items()) {
        if let [a, b] = items {
            assert_eq!(a.addr(), b.addr(), "shared at depth {depth}");
        }
        value = &items[0];
        depth += 1;
    }
    assert_eq!(depth, 41);
    let djs = to_djs(&loaded.value).unwrap();
    assert_eq!(djs.lines().count(), 41, "{djs}");
    let bytes = to_bytecode(&loaded.value).unwrap();
    assert!(bytes.len() < 1000, "{}", bytes.len());
    // node's value, written the same way.
    let dir = scratch("exp", &files);
    let node = node_eval(&[dir.join("exp.d.mjs")]).remove(0).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(to_djs(&node).unwrap(), djs);

    let limits = Limits {
        max_output_len: 1 << 20,
        ..Limits::default()
    };
    let error = to_json_with(&loaded.value, &limits).unwrap_err();
    let named = LimitError::from_serialize(&error).expect("a limit");
    assert_eq!(named.to_string(), "output exceeds max_output_len 1048576");
}

/// The same at the default output limit (256 MiB of JSON written, then
/// dropped).
#[test]
fn an_exponential_graph_stops_at_the_default_output_limit() {
    let loaded = load_limited(
        one_file("exp.d.mjs", exponential()),
        "exp.d.mjs",
        Limits::default(),
    )
    .unwrap();
    let error = to_json(&loaded.value).unwrap_err();
    let named = LimitError::from_serialize(&error).expect("a limit");
    assert_eq!(named.limit, Limit::MaxOutputLen);
    assert_eq!(named.value, 256 << 20);
}

/// Issue 7, item 4: the VM's globals are `Array`, `String`, `Number`,
/// `BigInt` and `Infinity`, none of which reads the outside world; every
/// other way to reach it fails to load.
#[test]
fn no_code_reaches_the_outside_world() {
    let names: Vec<&str> = Global::ALL.iter().map(|g| g.name()).collect();
    assert_eq!(names, ["Array", "String", "Number", "BigInt", "Infinity"]);
    let attempts = [
        "export default Math.random()",
        "export default Date.now()",
        "export default new Date()",
        "export default process.env",
        "export default globalThis",
        "export default fetch('http://example.com')",
        "export default require('fs')",
        "export default import('./a.d.mjs')",
        "export default import.meta.url",
        "export default performance.now()",
        "export default crypto.getRandomValues([0])",
        "import fs from 'fs'\nexport default fs",
        "import fs from 'node:fs'\nexport default fs",
        "import x from '/etc/hostname'\nexport default x",
        "import x from 'file:///etc/hostname'\nexport default x",
        "import x from 'https://example.com/x.mjs'\nexport default x",
    ];
    for text in attempts {
        let files = one_file("main.f.mjs", text.into());
        let result = load_limited(files, "main.f.mjs", Limits::default());
        assert!(result.is_err(), "{text}: {:?}", result.map(|l| l.value));
    }
}
