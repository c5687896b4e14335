//! The VM runs the FunctionalScript compiler: `nanvm-core/fjs/compiler.bc`
//! (the compiler compiled by itself) evaluated by `nanvm_runtime::vm`
//! compiles the compiler's own sources and every compiler fixture (DJS, FJS,
//! JSON5, JSONTestSuite) to exactly the bytes, or the error, that the
//! compiler gives under node (`tests/js/compile-batch.mjs`).

use std::path::PathBuf;

use nanvm_runtime::bytecode::decode_module;
use nanvm_runtime::vm::Vm;
use nanvm_runtime::Value;
use nanvm_tests::compiler::{files, fixtures, repository, run, Engine, Job};

/// The compiler's answer as the test driver spells it: the bytes, or
/// `line:column: message`.
fn answer(result: &Value) -> Result<Vec<u8>, String> {
    let items = result.as_array().ok_or("not an array")?.items();
    match items {
        [kind, Value::Array(bytes)] if kind.as_js_string().is_some_and(|k| k.eq_str("ok")) => bytes
            .items()
            .iter()
            .map(|b| match b.as_f64() {
                Some(n) if (0.0..=255.0).contains(&n) && n.fract() == 0.0 => Ok(n as u8),
                _ => Err(format!("{b:?} is not a byte")),
            })
            .collect(),
        [kind, error] if kind.as_js_string().is_some_and(|k| k.eq_str("error")) => {
            let field = |name: &str| error.get(name).cloned().unwrap_or_default();
            let number = |name: &str| field(name).as_f64().map_or(-1.0, |n| n);
            let message = field("message");
            let message = message
                .as_js_string()
                .map_or(String::new(), |m| m.to_string_lossy());
            Err(format!(
                "{}:{}: {message}",
                number("line"),
                number("column")
            ))
        }
        _ => Err("neither [\"ok\", bytes] nor [\"error\", …]".to_string()),
    }
}

/// Every compiler source and fixture, with the path the compiler is told.
fn jobs() -> Vec<Job> {
    let mut jobs = Vec::new();
    let fjs = repository().join("nanvm-core/fjs");
    for (file, relative) in files(&fjs) {
        if relative.ends_with(".f.mjs") {
            jobs.push(Job::new(file, relative, Engine::None));
        }
    }
    for dir in ["djs", "fjs", "json5-tests", "JSONTestSuite"] {
        for (file, relative) in files(&fixtures().join(dir)) {
            let compiled = [".json", ".json5", ".mjs", ".cjs", ".js"];
            if compiled.iter().any(|ext| relative.ends_with(ext)) {
                jobs.push(Job::new(file, relative, Engine::None));
            }
        }
    }
    jobs
}

#[test]
fn the_vm_runs_the_compiler_like_node() {
    let bytes = std::fs::read(repository().join("nanvm-core/fjs/compiler.bc"))
        .expect("nanvm-core/fjs/compiler.bc");
    let module = decode_module(&bytes).expect("compiler.bc decodes");
    let mut vm = Vm::new();
    let compile = vm.evaluate(&module, &[]).expect("compiler.bc evaluates");
    let jobs = jobs();
    assert!(jobs.len() > 500, "{} jobs", jobs.len());
    let expected = run(&jobs);
    let mut failures = Vec::new();
    for (job, expected) in jobs.iter().zip(&expected) {
        let file: &PathBuf = &job.file;
        let got = match std::fs::read(file).map(String::from_utf8) {
            Ok(Ok(text)) => {
                let compile_path = vm.call(&compile, &[Value::string(&job.path)]);
                let result = compile_path.and_then(|f| vm.call(&f, &[Value::string(&text)]));
                match result {
                    Ok(v) => answer(&v),
                    Err(e) => Err(format!("the VM failed: {e}")),
                }
            }
            _ => Err("invalid UTF-8".to_string()),
        };
        if got != expected.compiled {
            let show = |r: &Result<Vec<u8>, String>| match r {
                Ok(bytes) => format!("{} bytes", bytes.len()),
                Err(e) => format!("error {e:?}"),
            };
            failures.push(format!(
                "{}: node {}, vm {}",
                job.path,
                show(&expected.compiled),
                show(&got)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files differ:\n{}",
        failures.len(),
        jobs.len(),
        failures.join("\n")
    );
}
