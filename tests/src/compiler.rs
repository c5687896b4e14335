//! Driving the FunctionalScript compiler (`nanvm-core/fjs/`) under node.
//!
//! `tests/js/compile-batch.mjs` compiles a batch of files in one node process
//! and hands back, for each, the bytecode or the error, the engine's value of
//! the file as a graph dump (`JSON.parse` for JSON, the text as an expression
//! for JSON5, `import` for modules) and, on request, the bundle of the file's
//! module graph (`nanvm-core/fjs/link.f.mjs`) with its value as the
//! reference evaluator `tests/js/bytecode-eval.mjs` computes it.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use nanvm_runtime::bytecode::decode_module;
use nanvm_runtime::link::Linker;
use nanvm_runtime::Value;
use serde_json::{json, Value as Json};

use crate::graph::same_graph;
use crate::oracle::parse_dump;

/// How the engine evaluates a file.
#[derive(Clone, Copy)]
pub enum Engine {
    /// Not at all.
    None,
    /// `JSON.parse(text)`.
    Json,
    /// The text as a JavaScript expression.
    Json5,
    /// `import` (the module's default export).
    Module,
}

/// One file to compile.
pub struct Job {
    /// The file to read.
    pub file: PathBuf,
    /// The path the compiler is told; its extension picks the language.
    pub path: String,
    /// How the engine evaluates the file.
    pub engine: Engine,
    /// Whether to bundle the file's module graph too, and evaluate the
    /// bundle with the reference evaluator.
    pub bundle: bool,
}

impl Job {
    /// A job compiling `file` under the name `path`, evaluated by `engine`, not bundled.
    pub fn new(file: PathBuf, path: impl Into<String>, engine: Engine) -> Self {
        Self {
            file,
            path: path.into(),
            engine,
            bundle: false,
        }
    }
}

/// What an engine made of a file.
pub enum EngineResult {
    /// It threw this message.
    Threw(String),
    /// It gave a value: as a nanvm value, or why its graph dump is not one
    /// (an array with holes, an object with another prototype).
    Value(Result<Value, String>),
}

/// What became of a job.
pub struct Outcome {
    /// The bytecode, or the compiler's `line:column: message`.
    pub compiled: Result<Vec<u8>, String>,
    /// The engine's value (`None` for [`Engine::None`]).
    pub engine: Option<EngineResult>,
    /// The bundle of the file's module graph, or the linker's error (`None`
    /// unless [`Job::bundle`]).
    pub bundled: Option<Result<Vec<u8>, String>>,
    /// The bundle's value as the reference evaluator computes it (`None`
    /// unless [`Job::bundle`]).
    pub evaluated: Option<EngineResult>,
}

/// `fixtures/compiler`.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/compiler")
}

/// The root of the repository.
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Bytes from lowercase hexadecimal.
pub fn hex(text: &str) -> Result<Vec<u8>, String> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Ok(c - b'0'),
        b'a'..=b'f' => Ok(c - b'a' + 10),
        _ => Err(format!("{:?} is not a hex digit", c as char)),
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [h, l] => Ok(digit(*h)? << 4 | digit(*l)?),
            _ => Err("odd number of hex digits".to_string()),
        })
        .collect()
}

/// `{ bytes: HEX } | { error: MESSAGE }` of the driver's output.
fn bytes_or_error(json: &Json) -> Result<Vec<u8>, String> {
    match (&json["bytes"], &json["error"]) {
        (Json::String(bytes), _) => hex(bytes),
        (_, Json::String(error)) => Err(error.clone()),
        _ => Err(format!("no result in {json}")),
    }
}

/// `{ value: DUMP } | { error: MESSAGE } | null` of the driver's output.
fn engine_result(json: &Json) -> Option<EngineResult> {
    match json {
        Json::Null => None,
        engine => Some(match (&engine["value"], &engine["error"]) {
            (Json::Null, Json::String(error)) => EngineResult::Threw(error.clone()),
            (dump, _) => {
                EngineResult::Value(parse_dump(dump).map_err(|e| format!("graph dump: {e}")))
            }
        }),
    }
}

/// Runs `jobs` in one node process.
///
/// # Panics
///
/// If node cannot be started or the driver fails (run `scripts/setup`).
pub fn run(jobs: &[Job]) -> Vec<Outcome> {
    let input = Json::Array(
        jobs.iter()
            .map(|job| {
                let engine = match job.engine {
                    Engine::None => Json::Null,
                    Engine::Json => json!("json"),
                    Engine::Json5 => json!("json5"),
                    Engine::Module => json!("module"),
                };
                json!({
                    "file": job.file.to_string_lossy(),
                    "as": job.path,
                    "engine": engine,
                    "bundle": job.bundle,
                })
            })
            .collect(),
    );
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/compile-batch.mjs");
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node (Node.js) runs: see scripts/setup");
    // The driver reads all of its input before it writes anything, so the
    // whole input can be written before the output is read.
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.to_string().as_bytes())
        .expect("node reads the jobs");
    let output = child.wait_with_output().expect("node's output");
    assert!(
        output.status.success(),
        "compile-batch.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("the driver prints UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), jobs.len(), "one line per job");
    lines
        .iter()
        .map(|line| {
            let line: Json = serde_json::from_str(line).expect("the driver prints JSON lines");
            Outcome {
                compiled: bytes_or_error(&line["compiled"]),
                engine: engine_result(&line["engine"]),
                bundled: match &line["bundled"] {
                    Json::Null => None,
                    bundled => Some(bytes_or_error(bundled)),
                },
                evaluated: engine_result(&line["evaluated"]),
            }
        })
        .collect()
}

/// The value of a module that imports nothing, as nanvm evaluates it.
pub fn value_of(bytes: &[u8]) -> Result<Value, String> {
    let module = decode_module(bytes).map_err(|e| e.to_string())?;
    let mut linker = Linker::new(HashMap::from([("main".to_string(), module)]));
    linker.evaluate("main").map_err(|e| e.to_string())
}

/// The files of `dir` (recursively), sorted, with their paths relative to `dir`.
///
/// # Panics
///
/// If `dir` cannot be read.
pub fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under dir");
                out.push((path.clone(), relative.to_string_lossy().replace('\\', "/")));
            }
        }
    }
    out.sort();
    out
}

/// Checks that a value and the engine's value are the same graph.
pub fn same_as_engine(value: &Value, engine: Option<&EngineResult>) -> Result<(), String> {
    match engine {
        Some(EngineResult::Value(Ok(engine))) => {
            same_graph(engine, value).map_err(|e| format!("engine vs compiled: {e}"))
        }
        Some(EngineResult::Value(Err(e))) => Err(format!("the engine's value: {e}")),
        Some(EngineResult::Threw(e)) => Err(format!("compiled, but the engine throws: {e}")),
        None => Err("no engine value".to_string()),
    }
}

/// Checks that a compiled value, evaluated by nanvm, and the engine's value
/// are the same graph.
pub fn same_value(outcome: &Outcome) -> Result<(), String> {
    let bytes = outcome
        .compiled
        .as_ref()
        .map_err(|e| format!("rejected: {e}"))?;
    let compiled = value_of(bytes).map_err(|e| format!("nanvm cannot evaluate it: {e}"))?;
    same_as_engine(&compiled, outcome.engine.as_ref())
}

/// Fails with every message of `failures`, after `checked` checks.
///
/// # Panics
///
/// If there is a failure.
pub fn report(suite: &str, checked: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{suite}: {} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{suite}: {checked} checks passed");
}

/// What an error fixture says of itself on its first two lines.
pub struct Expectation {
    /// `LINE:COLUMN: message`: the error's position and (the start of) its message.
    pub error: String,
    /// Whether node throws on the module (else it accepts it: a deliberate difference).
    pub node_throws: bool,
}

/// Reads the first two lines of an error fixture: `// error: LINE:COLUMN:
/// message` and `// node: throws` or `// node: accepts (why)`.
pub fn expectation(file: &Path) -> Result<Expectation, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let mut lines = text.lines();
    let error = lines
        .next()
        .and_then(|l| l.strip_prefix("// error: "))
        .ok_or("the first line is not `// error: LINE:COLUMN: message`")?;
    let node = lines
        .next()
        .and_then(|l| l.strip_prefix("// node: "))
        .ok_or("the second line is not `// node: throws|accepts …`")?;
    Ok(Expectation {
        error: error.to_string(),
        node_throws: node == "throws",
    })
}

/// Checks every error fixture of `dir` (see [`expectation`]): the compiler
/// rejects it where and as its first line says, and node throws on it or
/// accepts it as its second line says. Returns the number of fixtures.
///
/// # Panics
///
/// If a fixture does not behave as it says.
pub fn check_error_fixtures(suite: &str, dir: &Path) -> usize {
    let jobs: Vec<Job> = files(dir)
        .into_iter()
        .filter(|(_, name)| !name.ends_with(".json") && name != "package.json")
        .map(|(file, name)| {
            let path = format!("err/{name}");
            Job::new(file, path, Engine::Module)
        })
        .collect();
    let outcomes = run(&jobs);
    let mut failures = Vec::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let result = expectation(&job.file).and_then(|expected| {
            match &outcome.compiled {
                Ok(_) => return Err("accepted".to_string()),
                Err(e) if !e.starts_with(&expected.error) => {
                    return Err(format!("error {e:?}, expected {:?}", expected.error))
                }
                Err(_) => {}
            }
            match (&outcome.engine, expected.node_throws) {
                (Some(EngineResult::Threw(_)), true) | (Some(EngineResult::Value(_)), false) => {
                    Ok(())
                }
                (Some(EngineResult::Value(_)), true) => Err("node accepts it".to_string()),
                (Some(EngineResult::Threw(e)), false) => Err(format!("node throws: {e}")),
                (None, _) => Err("no engine result".to_string()),
            }
        });
        if let Err(e) = result {
            failures.push(format!("{}: {e}", job.path));
        }
    }
    report(suite, jobs.len(), &failures);
    jobs.len()
}

/// A deterministic stream of pseudo-random numbers (splitmix64).
pub struct Random(pub u64);

impl Random {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (which must not be 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}
