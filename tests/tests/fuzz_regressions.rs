//! The fuzz targets' inputs, replayed through the targets' own checks
//! (`nanvm_tests::fuzz`, which `fuzz/fuzz_targets/*.rs` call):
//!
//! - `fixtures/fuzz-regressions/TARGET/`: every input a fuzzer found that
//!   failed a check (fixed since), see its README.md;
//! - `fuzz/seeds/TARGET/`: the committed seeds each run starts from (the
//!   compiler target's seeds are the fixtures of `fixtures/compiler/`,
//!   which `scripts/fuzz` copies; here all of them are replayed).
//!
//! The differential target compares nanvm with deno_core; here node is the
//! engine (one process for the batch), and besides the kept modules a few
//! hundred modules generated from fixed pseudo-random bytes by the same
//! generator (`nanvm_tests::djs_gen`) are checked, so that CI runs the
//! differential comparison without the fuzzer.

use std::path::{Path, PathBuf};

use arbitrary::Unstructured;
use nanvm_tests::compiler::{files, report, Random};
use nanvm_tests::djs_gen::djs_module;
use nanvm_tests::fuzz::{
    check_against_engine, check_bytecode, check_compiler, fuzz_compiler, nanvm_value,
};
use nanvm_tests::oracle::graph_dump_script;
use serde_json::Value as Json;

/// The inputs of `target`: its regression cases and its seeds, with names.
fn inputs(target: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let seeds = match target {
        "compiler" => root.join("fixtures/compiler"),
        _ => root.join("fuzz/seeds").join(target),
    };
    let mut out = Vec::new();
    for dir in [root.join("fixtures/fuzz-regressions").join(target), seeds] {
        if dir.is_dir() {
            out.extend(
                files(&dir)
                    .into_iter()
                    .filter(|(_, name)| name != "README.md")
                    .map(|(file, name)| (file.clone(), format!("{}/{name}", dir.display()))),
            );
        }
    }
    out
}

/// Runs `check` on each input of `target` (a panic is a failure, reported
/// with the input's name).
fn replay(target: &str, mut check: impl FnMut(&[u8])) -> usize {
    let inputs = inputs(target);
    let mut failures = Vec::new();
    for (file, name) in &inputs {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{name}: {e}"));
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&data)));
        if let Err(panic) = outcome {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{name}: {message}"));
        }
    }
    report(target, inputs.len(), &failures);
    inputs.len()
}

#[test]
fn bytecode_reader_inputs() {
    assert!(replay("bytecode_reader", check_bytecode) > 0);
}

#[test]
fn compiler_inputs() {
    let mut compiler = fuzz_compiler();
    assert!(replay("compiler", |data| check_compiler(&mut compiler, data)) > 0);
}

/// Each module file against node's graph dump of it.
fn check_modules_against_node(suite: &str, modules: &[(PathBuf, String)]) {
    let mut compiler = fuzz_compiler();
    let paths: Vec<PathBuf> = modules.iter().map(|(file, _)| file.clone()).collect();
    let output = std::process::Command::new("node")
        .arg(graph_dump_script())
        .args(&paths)
        .output()
        .expect("node (Node.js) runs: see scripts/setup");
    let stdout = String::from_utf8(output.stdout).expect("node prints UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), modules.len(), "one line per module");
    let mut failures = Vec::new();
    for ((file, name), line) in modules.iter().zip(lines) {
        let text = std::fs::read_to_string(file).expect("a module's text");
        let line: Json = serde_json::from_str(line).expect("node prints JSON lines");
        let engine = match (line.get("value"), line.get("error")) {
            (Some(dump), _) => Ok(dump.clone()),
            (_, error) => Err(error.map_or("no value".to_string(), Json::to_string)),
        };
        let nanvm = nanvm_value(&mut compiler, "fuzz.d.mjs", &text);
        if let Err(e) = check_against_engine(&text, &nanvm, &engine) {
            failures.push(format!("{name}: {e}"));
        }
    }
    report(suite, modules.len(), &failures);
}

#[test]
fn differential_modules() {
    let modules = inputs("differential");
    let kept: Vec<(PathBuf, String)> = modules
        .into_iter()
        .filter(|(_, name)| name.ends_with(".d.mjs"))
        .collect();
    if !kept.is_empty() {
        check_modules_against_node("differential (kept modules)", &kept);
    }
    // The seeds are bytes for the generator: their modules, and more.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz_differential");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut sources: Vec<Vec<u8>> = inputs("differential")
        .into_iter()
        .filter(|(_, name)| !name.ends_with(".d.mjs"))
        .map(|(file, _)| std::fs::read(file).expect("a seed"))
        .collect();
    let mut random = Random(7);
    for i in 0..300 {
        let len = 64 + (i % 16) * 64;
        let bytes: Vec<u8> = (0..len).map(|_| random.next_u64() as u8).collect();
        sources.push(bytes);
    }
    let generated: Vec<(PathBuf, String)> = sources
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let text = djs_module(&mut Unstructured::new(bytes)).expect("a module");
            let file = dir.join(format!("m{i}.d.mjs"));
            std::fs::write(&file, text).expect("write a module");
            (file, format!("generated module {i}"))
        })
        .collect();
    check_modules_against_node("differential (generated)", &generated);
}
