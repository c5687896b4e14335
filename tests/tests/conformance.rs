//! Conformance suites through the VM: nanvm's compiler, running in nanvm's
//! VM (`nanvm_runtime::compile::Compiler`, no JavaScript engine), against
//! node on every file of
//!
//! - JSONTestSuite `test_parsing` (`y_` accepted with `JSON.parse`'s value,
//!   `n_` rejected, `i_` as `fixtures/conformance/JSONTestSuite/i_decisions.md`
//!   decides each, which must be what `JSON.parse` does);
//! - json5-tests (`.json` as JSON and JSON5, `.json5` as the engine reads the
//!   text as an expression, `.js` and `.txt` rejected);
//! - the json.org JSON_checker files (`pass*` accepted, `fail*` rejected as
//!   `JSON.parse` rejects them; see fixtures/conformance/SOURCES.md);
//! - JSONTestSuite `test_transform` and nativejson-benchmark's `roundtrip`
//!   files: the value, then nanvm's JSON text against node's
//!   `JSON.stringify(JSON.parse(text))` and nanvm's DJS text read back by
//!   nanvm and by node.
//!
//! Files are decoded as strict UTF-8 on both sides (the host's job, before
//! the compiler runs), keeping a byte-order mark.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nanvm_runtime::compile::Compiler;
use nanvm_runtime::serialize::{to_djs, to_json};
use nanvm_runtime::Value;
use nanvm_tests::compiler::{
    files, fixtures, report, run, same_as_engine, Engine, EngineResult, Job,
};
use nanvm_tests::fuzz::nanvm_value;
use nanvm_tests::graph::same_graph;
use nanvm_tests::oracle::{node_eval, node_json_restringify};

/// `fixtures/conformance`.
fn conformance() -> PathBuf {
    fixtures().join("../conformance")
}

/// nanvm's value of `file` compiled in the VM as `path` (the extension picks
/// the language), or why not.
fn vm_value(compiler: &mut Compiler, file: &Path, path: &str) -> Result<Value, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| "invalid UTF-8".to_string())?;
    nanvm_value(compiler, path, &text)
}

/// What a file must do.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Compile to the engine's value.
    Accept,
    /// Be rejected by nanvm and by the engine.
    Reject,
    /// Be rejected by nanvm (the engine does not read it).
    RejectAlone,
}

/// Compiles each job in the VM and checks it against the engine (one node
/// process for the batch): accepted with the engine's value, or rejected by
/// both. Returns the failures.
fn check(compiler: &mut Compiler, jobs: &[(Job, Expect)]) -> Vec<String> {
    let batch: Vec<Job> = jobs
        .iter()
        .map(|(job, _)| Job::new(job.file.clone(), job.path.clone(), job.engine))
        .collect();
    let outcomes = run(&batch);
    let mut failures = Vec::new();
    for ((job, expect), outcome) in jobs.iter().zip(&outcomes) {
        let vm = vm_value(compiler, &job.file, &job.path);
        let result = match (expect, &vm, &outcome.engine) {
            (Expect::Accept, Ok(value), engine) => same_as_engine(value, engine.as_ref()),
            (Expect::Accept, Err(e), _) => Err(format!("the VM rejects it: {e}")),
            (Expect::Reject, Err(_), Some(EngineResult::Threw(_))) => Ok(()),
            (Expect::Reject, Err(_), _) => Err("the engine accepts it".to_string()),
            (Expect::RejectAlone, Err(_), _) => Ok(()),
            (Expect::Reject | Expect::RejectAlone, Ok(_), _) => {
                Err("the VM accepts it".to_string())
            }
        };
        if let Err(e) = result {
            failures.push(format!("{}: {e}", job.path));
        }
    }
    failures
}

/// The decisions of `i_decisions.md`: file name to accept (true) or reject.
fn i_decisions() -> BTreeMap<String, bool> {
    let table = conformance().join("JSONTestSuite/i_decisions.md");
    let text = std::fs::read_to_string(&table).expect("i_decisions.md");
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let accept = match *cells.get(2)? {
                "accept" => true,
                "reject" => false,
                other => panic!("{name}: decision {other:?} is neither accept nor reject"),
            };
            Some((name.to_string(), accept))
        })
        .collect()
}

#[test]
fn json_test_suite_through_the_vm() {
    let decisions = i_decisions();
    let dir = fixtures().join("JSONTestSuite/test_parsing");
    let mut jobs = Vec::new();
    let mut listed = Vec::new();
    for (file, name) in files(&dir) {
        let expect = match &name[..2] {
            "y_" => Expect::Accept,
            "n_" => Expect::Reject,
            _ => match decisions.get(&name) {
                Some(true) => Expect::Accept,
                Some(false) => Expect::Reject,
                None => panic!("{name} is not in i_decisions.md"),
            },
        };
        if name.starts_with("i_") {
            listed.push(name.clone());
        }
        if expect == Expect::Accept {
            // Every JSON text is a JSON5 text with the same value.
            jobs.push((
                Job::new(file.clone(), format!("{name}5"), Engine::Json5),
                expect,
            ));
        }
        jobs.push((Job::new(file, name, Engine::Json), expect));
    }
    assert_eq!(
        listed,
        decisions.keys().cloned().collect::<Vec<_>>(),
        "i_decisions.md lists exactly the i_ files"
    );
    assert!(jobs.len() > 318, "{} jobs", jobs.len());
    let mut compiler = Compiler::new().expect("the compiler loads");
    let failures = check(&mut compiler, &jobs);
    report("JSONTestSuite test_parsing (VM)", jobs.len(), &failures);
}

#[test]
fn json5_tests_through_the_vm() {
    let dir = fixtures().join("json5-tests");
    let mut jobs = Vec::new();
    for (file, name) in files(&dir) {
        let job = |path: String, engine| Job::new(file.clone(), path, engine);
        match name.rsplit('.').next().unwrap_or_default() {
            "json" => {
                jobs.push((job(format!("{name}5"), Engine::Json5), Expect::Accept));
                jobs.push((job(name, Engine::Json), Expect::Accept));
            }
            "json5" => jobs.push((job(name, Engine::Json5), Expect::Accept)),
            "js" | "txt" => {
                jobs.push((
                    job(format!("{name}.json5"), Engine::None),
                    Expect::RejectAlone,
                ));
                jobs.push((
                    job(format!("{name}.json"), Engine::None),
                    Expect::RejectAlone,
                ));
            }
            _ => {}
        }
    }
    assert!(jobs.len() > 150, "{} jobs", jobs.len());
    let mut compiler = Compiler::new().expect("the compiler loads");
    let failures = check(&mut compiler, &jobs);
    report("json5-tests (VM)", jobs.len(), &failures);
}

/// The JSON_checker `fail` files that `JSON.parse` accepts (ECMA-404 allows
/// any value at the top and sets no depth limit); fixtures/conformance/SOURCES.md.
const JSON_CHECKER_ACCEPTED_FAILS: [&str; 2] = ["fail01_EXCLUDE.json", "fail18_EXCLUDE.json"];

#[test]
fn json_checker_through_the_vm() {
    let dir = conformance().join("JSON_checker");
    let jobs: Vec<(Job, Expect)> = files(&dir)
        .into_iter()
        .filter(|(_, name)| name.ends_with(".json"))
        .map(|(file, name)| {
            let expect = if name.starts_with("pass")
                || JSON_CHECKER_ACCEPTED_FAILS.contains(&name.as_str())
            {
                Expect::Accept
            } else {
                Expect::Reject
            };
            (Job::new(file, name, Engine::Json), expect)
        })
        .collect();
    assert_eq!(jobs.len(), 36);
    let mut compiler = Compiler::new().expect("the compiler loads");
    let failures = check(&mut compiler, &jobs);
    report("JSON_checker (VM)", jobs.len(), &failures);
}

/// The files of `test_transform/` and `roundtrip/`, with their names.
fn transform_files() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for dir in ["JSONTestSuite/test_transform", "roundtrip"] {
        for (file, name) in files(&conformance().join(dir)) {
            out.push((file, format!("{dir}/{name}")));
        }
    }
    out
}

#[test]
fn transform_round_trips_through_the_vm() {
    let inputs = transform_files();
    assert_eq!(inputs.len(), 22 + 27);
    let jobs: Vec<Job> = inputs
        .iter()
        .map(|(file, name)| Job::new(file.clone(), name.clone(), Engine::Json))
        .collect();
    let outcomes = run(&jobs);
    let mut compiler = Compiler::new().expect("the compiler loads");
    let mut failures = Vec::new();
    // (name, nanvm's JSON text, the file's text) of each accepted file.
    let mut written = Vec::new();
    // (name, nanvm's value, the DJS file written) of each accepted file.
    let mut djs_files = Vec::new();
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance_transform");
    std::fs::create_dir_all(&out_dir).expect("a temporary directory");
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let name = &job.path;
        let value = match (vm_value(&mut compiler, &job.file, name), &outcome.engine) {
            (Err(_), Some(EngineResult::Threw(_))) => continue,
            (Err(e), _) => {
                failures.push(format!(
                    "{name}: the engine accepts it, the VM rejects it: {e}"
                ));
                continue;
            }
            (Ok(value), engine) => match same_as_engine(&value, engine.as_ref()) {
                Ok(()) => value,
                Err(e) => {
                    failures.push(format!("{name}: {e}"));
                    continue;
                }
            },
        };
        let text = std::fs::read_to_string(&job.file).expect("accepted, so UTF-8");
        match to_json(&value) {
            Ok(json) => written.push((name.clone(), json, text)),
            Err(e) => failures.push(format!("{name}: the JSON writer fails: {e}")),
        }
        let djs = match to_djs(&value) {
            Ok(djs) => djs,
            Err(e) => {
                failures.push(format!("{name}: the DJS writer fails: {e}"));
                continue;
            }
        };
        match nanvm_value(&mut compiler, "again.d.mjs", &djs) {
            Ok(again) => {
                if let Err(e) = same_graph(&value, &again) {
                    failures.push(format!(
                        "{name}: the DJS text {djs:?} reads back otherwise: {e}"
                    ));
                }
            }
            Err(e) => failures.push(format!(
                "{name}: the DJS text {djs:?} does not compile: {e}"
            )),
        }
        let file = out_dir.join(format!("{}.d.mjs", djs_files.len()));
        std::fs::write(&file, &djs).expect("write the DJS text");
        djs_files.push((name.clone(), value, file));
    }

    // nanvm's JSON text against node's JSON.stringify(JSON.parse(text)).
    let texts: Vec<String> = written
        .iter()
        .map(|(_, _, text)| text.trim_end().to_string())
        .collect();
    let node = node_json_restringify(&texts).expect("node restringifies");
    for ((name, json, _), node) in written.iter().zip(&node) {
        match node {
            Ok(expected) if expected == json => {}
            Ok(expected) => failures.push(format!("{name}: JSON {json:?}, node {expected:?}")),
            Err(e) => failures.push(format!("{name}: node: {e}")),
        }
    }

    // node imports each DJS text: the same value graph as nanvm's.
    let paths: Vec<PathBuf> = djs_files.iter().map(|(_, _, file)| file.clone()).collect();
    for ((name, value, _), imported) in djs_files.iter().zip(node_eval(&paths)) {
        let result = imported.and_then(|engine| same_graph(&engine, value));
        if let Err(e) = result {
            failures.push(format!(
                "{name}: node reads nanvm's DJS text otherwise: {e}"
            ));
        }
    }
    assert!(written.len() >= 40, "{} files accepted", written.len());
    report(
        "test_transform and roundtrip (VM)",
        jobs.len() + written.len() + djs_files.len(),
        &failures,
    );
}
