//! The FunctionalScript compiler (`nanvm-core/fjs/`), run by node, against
//! node's own reading of the same files.
//!
//! `tests/js/compile-batch.mjs` compiles a batch of files in one node process
//! and hands back, for each, the bytecode or the error, and the engine's value
//! of the file as a graph dump: `JSON.parse` for JSON, the text as an
//! expression for JSON5, `import` for modules. Here the bytecode is decoded
//! and evaluated by nanvm (`decode_module`, `Linker`) and compared with the
//! engine's value, sharing included (`same_graph`).
//!
//! Fixtures (`fixtures/compiler/`, see its SOURCES.md):
//! - `JSONTestSuite/test_parsing`: `y_` must compile to the value
//!   `JSON.parse` gives, `n_` must be rejected, `i_` must be accepted exactly
//!   when the engine (strict UTF-8 decoding, then `JSON.parse`) accepts.
//! - `json5-tests`: `.json` and `.json5` must compile to the engine's value
//!   (`.json` both as JSON and as JSON5), `.js` and `.txt` must be rejected.
//! - `djs/ok`: modules (ESM and CommonJS, importing `djs/lib`) that must
//!   compile to the value node imports; `djs/err`: modules that must be
//!   rejected, each saying where and why on its first line
//!   (`// error: LINE:COLUMN: message`) and what node does with it on its
//!   second (`// node: throws` or `// node: accepts …`, a deliberate
//!   difference, see docs/fjs.md).
//!
//! Generated inputs add large files (the compiler's folds and builders at
//! scale) and random ones (modules that must compile to node's value, and
//! random edits of JSON texts that must be accepted exactly when
//! `JSON.parse` accepts them). A last test checks that the compiler's source
//! stays in the FunctionalScript subset that docs/fjs.md lists.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use nanvm_runtime::bytecode::{decode_module, Module};
use nanvm_runtime::link::{Linker, ModuleSource};
use nanvm_tests::compiler::{
    check_error_fixtures, files, fixtures, report, run, same_value, Engine, EngineResult, Job,
    Random,
};
use nanvm_tests::graph::same_graph;

#[test]
fn json_test_suite() {
    let dir = fixtures().join("JSONTestSuite/test_parsing");
    let mut jobs = Vec::new();
    for (file, name) in files(&dir) {
        jobs.push(Job::new(file.clone(), name.clone(), Engine::Json));
        // Every JSON text is a JSON5 text, with the same value.
        if name.starts_with("y_") {
            jobs.push(Job::new(file, format!("{name}5"), Engine::Json5));
        }
    }
    let outcomes = run(&jobs);
    let mut failures = Vec::new();
    let mut counts = HashMap::<&str, usize>::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let name = &job.path;
        let result = match &name[..2] {
            "y_" => same_value(outcome),
            "n_" => match (&outcome.compiled, &outcome.engine) {
                (Ok(_), _) => Err("accepted".to_string()),
                (Err(_), Some(EngineResult::Threw(_))) => Ok(()),
                (Err(_), _) => Err("the engine accepts this n_ file".to_string()),
            },
            _ => match (&outcome.compiled, &outcome.engine) {
                (Err(_), Some(EngineResult::Threw(_))) => Ok(()),
                (Ok(_), _) => same_value(outcome),
                (Err(e), _) => Err(format!("rejected ({e}), but the engine accepts it")),
            },
        };
        *counts.entry(&name[..2]).or_default() += 1;
        if let Err(e) = result {
            failures.push(format!("{name}: {e}"));
        }
    }
    println!("JSONTestSuite jobs by kind: {counts:?}");
    report("JSONTestSuite", jobs.len(), &failures);
}

#[test]
fn json5_tests() {
    let dir = fixtures().join("json5-tests");
    let mut jobs = Vec::new();
    for (file, name) in files(&dir) {
        let ext = name.rsplit('.').next().unwrap_or_default();
        let job = |path: String, engine| Job::new(file.clone(), path, engine);
        match ext {
            "json" => {
                jobs.push(job(name.clone(), Engine::Json));
                jobs.push(job(format!("{name}5"), Engine::Json5));
            }
            "json5" => jobs.push(job(name.clone(), Engine::Json5)),
            "js" | "txt" => {
                jobs.push(job(format!("{name}.json5"), Engine::None));
                jobs.push(job(format!("{name}.json"), Engine::None));
            }
            _ => {}
        }
    }
    let outcomes = run(&jobs);
    let mut failures = Vec::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let result = match job.engine {
            Engine::None => match &outcome.compiled {
                Ok(_) => Err("accepted".to_string()),
                Err(_) => Ok(()),
            },
            _ => same_value(outcome),
        };
        if let Err(e) = result {
            failures.push(format!("{}: {e}", job.path));
        }
    }
    report("json5-tests", jobs.len(), &failures);
}

/// Compiled modules by path, for the [`Linker`]; a module that did not
/// compile is an error when it is loaded.
struct Compiled(HashMap<String, Result<Module, String>>);

impl ModuleSource for Compiled {
    fn load(&mut self, path: &str) -> Result<Module, String> {
        self.0
            .get(path)
            .cloned()
            .unwrap_or_else(|| Err("file not found".to_string()))
    }
}

#[test]
fn djs_modules() {
    let dir = fixtures().join("djs");
    let modules: Vec<(PathBuf, String)> = files(&dir)
        .into_iter()
        .filter(|(_, name)| name.starts_with("ok/") || name.starts_with("lib/"))
        .collect();
    let jobs: Vec<Job> = modules
        .iter()
        .map(|(file, name)| Job {
            file: file.clone(),
            path: name.clone(),
            bundle: false,
            engine: if name.starts_with("ok/") {
                Engine::Module
            } else {
                Engine::None
            },
        })
        .collect();
    let outcomes = run(&jobs);
    let compiled = Compiled(
        jobs.iter()
            .zip(&outcomes)
            .map(|(job, outcome)| {
                let module = match &outcome.compiled {
                    Ok(bytes) => decode_module(bytes).map_err(|e| e.to_string()),
                    Err(e) => Err(e.clone()),
                };
                (job.path.clone(), module)
            })
            .collect(),
    );
    let mut linker = Linker::new(compiled);
    let mut failures = Vec::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        if let Err(e) = &outcome.compiled {
            failures.push(format!("{}: rejected: {e}", job.path));
            continue;
        }
        let Some(engine) = &outcome.engine else {
            continue;
        };
        let result = match (linker.evaluate(&job.path), engine) {
            (Err(e), _) => Err(format!("nanvm cannot link it: {e}")),
            (Ok(_), EngineResult::Threw(e)) => Err(format!("node throws: {e}")),
            (Ok(_), EngineResult::Value(Err(e))) => Err(format!("node's value: {e}")),
            (Ok(compiled), EngineResult::Value(Ok(engine))) => same_graph(engine, &compiled),
        };
        if let Err(e) = result {
            failures.push(format!("{}: {e}", job.path));
        }
    }
    report("djs/ok", jobs.len(), &failures);
}

#[test]
fn djs_errors() {
    check_error_fixtures("djs/err", &fixtures().join("djs/err"));
}

/// The compiler's own source stays in the FunctionalScript subset of
/// docs/fjs.md (`tests/js/fjs-subset.mjs` parses it with the acorn parser
/// node ships), so that it can later compile itself.
#[test]
fn compiler_source_is_fjs() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/fjs-subset.mjs");
    let output = Command::new("node")
        .arg("--expose-internals")
        .arg(script)
        .output()
        .expect("node (Node.js) runs: see scripts/setup");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains(" 0 violations"), "{stdout}");
}

/// Large generated inputs: the compiler folds over its input, so their size
/// never shows in its recursion depth, and its builders do not go
/// quadratic. Each must still compile to node's value; 100 000 nested
/// arrays must be a clean error.
#[test]
fn large_inputs() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compiler_node_large");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut random = Random(2024);
    let mut inputs: Vec<(&str, String)> = Vec::new();

    // 3000 consts, each sharing two earlier ones: the declared names' map and sharing.
    let mut text = String::new();
    for i in 0..3000 {
        let (j, k) = (random.below(i.max(1)), random.below(i.max(1)));
        if i == 0 {
            text.push_str("const c0 = [\"leaf\"]\n");
        } else {
            text.push_str(&format!("const c{i} = [c{j}, {{ k: c{k}, n: {i} }}]\n"));
        }
    }
    text.push_str("export default [c2999, c1500, c0]\n");
    inputs.push(("many-consts.d.mjs", text));

    // 200 000 numbers in one array.
    let numbers: Vec<String> = (0..200_000)
        .map(|_| {
            let bits = random.next_u64();
            let x = f64::from_bits(bits);
            if x.is_finite() {
                format!("{x:e}")
            } else {
                format!("{}", bits % 1_000_000)
            }
        })
        .collect();
    inputs.push(("long-array.json", format!("[{}]", numbers.join(","))));

    // A 300 000 character string with an escape every few characters.
    let escapes = [
        "\\n",
        "\\u00e9",
        "\\x41",
        "\\\\",
        "\\'",
        "\\ud83d\\ude00",
        "\\uD800",
    ];
    let mut s = String::new();
    while s.len() < 300_000 {
        s.push_str("abc");
        s.push_str(escapes[random.below(escapes.len())]);
    }
    inputs.push(("long-string.json5", format!("'{s}'")));

    // An object of 50 000 keys, some repeated, some array indices.
    let keys: Vec<String> = (0..50_000)
        .map(|i| format!("\"{}\": {i}", random.below(40_000)))
        .collect();
    inputs.push(("many-keys.json", format!("{{{}}}", keys.join(","))));

    // A bigint of 20 000 digits.
    let digits: String = (0..20_000)
        .map(|i| char::from(b'1' + u8::try_from((i * 7) % 9).unwrap_or(0)))
        .collect();
    inputs.push((
        "big-bigint.d.mjs",
        format!("export default [{digits}n, -{digits}n]\n"),
    ));

    // 1000 nested objects in JSON5.
    let deep = format!("{}0{}", "{a:".repeat(1000), "}".repeat(1000));
    inputs.push(("deep-objects.json5", deep));

    for (name, text) in &inputs {
        std::fs::write(dir.join(name), text).expect("write a generated input");
    }
    std::fs::write(
        dir.join("too-deep.d.mjs"),
        format!("export default {}", "[".repeat(100_000)),
    )
    .expect("write a generated input");

    let engine = |name: &str| match name.rsplit('.').next() {
        Some("json") => Engine::Json,
        Some("json5") => Engine::Json5,
        _ => Engine::Module,
    };
    let mut jobs: Vec<Job> = inputs
        .iter()
        .map(|(name, _)| Job::new(dir.join(name), *name, engine(name)))
        .collect();
    jobs.push(Job::new(
        dir.join("too-deep.d.mjs"),
        "too-deep.d.mjs",
        Engine::None,
    ));
    let outcomes = run(&jobs);
    let mut failures = Vec::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let result = if job.path == "too-deep.d.mjs" {
            match &outcome.compiled {
                Err(e) if e.contains("nesting deeper than 1000") => Ok(()),
                other => Err(format!("expected the nesting error, got {other:?}")),
            }
        } else {
            same_value(outcome)
        };
        if let Err(e) = result {
            failures.push(format!("{}: {e}", job.path));
        }
    }
    report("large inputs", jobs.len(), &failures);
}

/// `nanvm-core/fjs/cli.mjs IN OUT.bc` writes what the compiler returns,
/// and reports errors as `path:line:column: error: message`, exit status 1.
#[test]
fn command_line() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compiler_node_cli");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("../nanvm-core/fjs/cli.mjs");
    let good = fixtures().join("djs/ok/sharing.d.mjs");
    let bad = fixtures().join("djs/err/self-reference.d.mjs");
    let out = dir.join("sharing.bc");

    let status = Command::new("node")
        .arg(&cli)
        .arg(&good)
        .arg(&out)
        .status()
        .expect("node runs");
    assert!(status.success());
    let written = std::fs::read(&out).expect("the output file");
    let batch = run(&[Job::new(good.clone(), "sharing.d.mjs", Engine::None)]);
    assert_eq!(batch[0].compiled.as_ref(), Ok(&written));

    let output = Command::new("node")
        .arg(&cli)
        .arg(&bad)
        .arg(dir.join("bad.bc"))
        .output()
        .expect("node runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        format!(
            "{}:3:12: error: 'a' is not declared before this point\n",
            bad.display()
        )
    );
    assert!(!dir.join("bad.bc").exists());
}

/// Writes random DJS values, modules and JSON texts.
struct Writer {
    random: Random,
}

impl Writer {
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.random.below(items.len())]
    }

    /// Trivia between two tokens of a module (never a bare line comment,
    /// which would swallow what follows without its line break).
    fn trivia(&mut self) -> &'static str {
        self.pick(&[
            "", "", " ", "\n", "\t", "/* c */", "// c\n", "\u{a0}", "\r\n", "\u{2028}",
        ])
    }

    fn number(&mut self) -> String {
        let int = self.random.below(1_000_000);
        let frac = self.random.below(1000);
        let exp = self.random.below(400);
        match self.random.below(12) {
            0 => format!("{int}"),
            1 => format!("{int}.{frac}"),
            2 => format!("{int}e{exp}"),
            3 => format!("{int}.{frac}E-{exp}"),
            4 => format!("0x{int:X}"),
            5 => format!("0o{int:o}"),
            6 => format!("0b{int:b}"),
            7 => format!(".{frac}"),
            8 => format!("{int}."),
            9 => format!("-{}{int}", self.trivia()),
            10 => format!("{int}n"),
            _ => format!("-0x{int:x}{:x}n", self.random.next_u64()),
        }
    }

    fn string(&mut self) -> String {
        let quote = if self.random.below(2) == 0 { '"' } else { '\'' };
        let mut s = String::from(quote);
        for _ in 0..self.random.below(8) {
            let piece = self.pick(&[
                "a",
                "Z",
                " ",
                "é",
                "😀",
                "中",
                "\t",
                "\\n",
                "\\t",
                "\\\\",
                "\\'",
                "\\\"",
                "\\0",
                "\\x41",
                "\\xff",
                "\\u00e9",
                "\\uD800",
                "\\uDC00",
                "\\u{1F600}",
                "\\u{10FFFF}",
                "\\\n",
                "\\\r\n",
                "\\q",
                "\u{2028}",
                "/",
                "\\/",
                "\\b\\f\\v",
            ]);
            s.push_str(piece);
        }
        s.push(quote);
        s
    }

    fn key(&mut self) -> String {
        match self.random.below(5) {
            0 => self.string(),
            1 => format!("[{}{}]", self.trivia(), self.string()),
            _ => self
                .pick(&[
                    "a",
                    "b",
                    "key",
                    "class",
                    "default",
                    "true",
                    "null",
                    "undefined",
                    "$",
                    "_x1",
                    "café",
                    "\"0\"",
                    "\"10\"",
                    "\"2\"",
                    "\"-1\"",
                    "[\"__proto__\"]",
                    "ª",
                ])
                .to_string(),
        }
    }

    /// A value of at most `depth` nested levels, referring to `names`.
    fn value(&mut self, depth: usize, names: &[String]) -> String {
        let choice = self.random.below(if depth == 0 { 6 } else { 9 });
        match choice {
            0 => self
                .pick(&["null", "true", "false", "undefined"])
                .to_string(),
            1 | 2 => self.number(),
            3 | 4 => self.string(),
            5 if !names.is_empty() => names[self.random.below(names.len())].clone(),
            5 => "[]".to_string(),
            6 | 7 => {
                let n = self.random.below(5);
                let items: Vec<String> = (0..n)
                    .map(|_| {
                        let t = self.trivia();
                        format!("{t}{}", self.value(depth - 1, names))
                    })
                    .collect();
                let trailing = if n > 0 && self.random.below(3) == 0 {
                    ","
                } else {
                    ""
                };
                format!("[{}{trailing}]", items.join(","))
            }
            _ => {
                let n = self.random.below(5);
                let props: Vec<String> = (0..n)
                    .map(|_| {
                        let (t, u) = (self.trivia(), self.trivia());
                        format!("{t}{}{u}:{}", self.key(), self.value(depth - 1, names))
                    })
                    .collect();
                format!("{{{}}}", props.join(","))
            }
        }
    }

    fn module(&mut self) -> String {
        let mut text = String::new();
        let mut names: Vec<String> = Vec::new();
        for i in 0..self.random.below(6) {
            let name = format!("c{i}");
            let value = self.value(3, &names);
            let end = self.pick(&["\n", ";", "; ", "\r\n", "/*\n*/", "// end\n"]);
            let t = self.trivia();
            text.push_str(&format!("const {name}{t}={t}{value}{end}"));
            names.push(name);
        }
        let value = self.value(3, &names);
        text.push_str(&format!(
            "export{}default {value}",
            self.pick(&[" ", "\n", " /* c */ "])
        ));
        text
    }

    /// A string literal without `\u{…}` escapes (not JSON5).
    fn json5_string(&mut self) -> String {
        self.string()
            .replace("\\u{1F600}", "x")
            .replace("\\u{10FFFF}", "y")
    }

    /// A JSON5 text (valid by construction).
    fn json5(&mut self, depth: usize) -> String {
        let t = self.trivia();
        match self.random.below(if depth == 0 { 4 } else { 6 }) {
            0 => format!(
                "{t}{}",
                self.pick(&[
                    "null",
                    "true",
                    "false",
                    "Infinity",
                    "-Infinity",
                    "+NaN",
                    "NaN"
                ])
            ),
            1 => {
                let sign = self.pick(&["", "", "-", "+"]);
                let n = self.random.below(100_000);
                let frac = self.random.below(100);
                let number = match self.random.below(6) {
                    0 => format!("{n}"),
                    1 => format!("0x{n:X}"),
                    2 => format!(".{frac}"),
                    3 => format!("{n}."),
                    4 => format!("{n}.{frac}e-{frac}"),
                    _ => format!("{n}E+{frac}"),
                };
                format!("{t}{sign}{number}")
            }
            2 | 3 => {
                let s = self
                    .string()
                    .replace("\\u{1F600}", "x")
                    .replace("\\u{10FFFF}", "y");
                format!("{t}{s}")
            }
            4 => {
                let n = self.random.below(4);
                let items: Vec<String> = (0..n).map(|_| self.json5(depth - 1)).collect();
                let trailing = if n > 0 && self.random.below(2) == 0 {
                    ","
                } else {
                    ""
                };
                format!("{t}[{}{trailing}{}]", items.join(","), self.trivia())
            }
            _ => {
                let props: Vec<String> = (0..self.random.below(4))
                    .map(|_| {
                        let key = match self.random.below(3) {
                            0 => self.json5_string(),
                            _ => self
                                .pick(&[
                                    "a",
                                    "while",
                                    "Infinity",
                                    "null",
                                    "$_",
                                    "\\u0061b",
                                    "ümlåût",
                                    "sig\\u03A3ma",
                                ])
                                .to_string(),
                        };
                        format!(
                            "{}{key}{}:{}",
                            self.trivia(),
                            self.trivia(),
                            self.json5(depth - 1)
                        )
                    })
                    .collect();
                format!("{t}{{{}}}", props.join(","))
            }
        }
    }

    /// Random pieces of tokens, mostly not a valid text of any language.
    fn soup(&mut self) -> String {
        (0..self.random.below(30))
            .map(|_| {
                self.pick(&[
                    "import",
                    "from",
                    "const",
                    "export",
                    "default",
                    "module",
                    ".",
                    "exports",
                    "require",
                    "(",
                    ")",
                    "=",
                    "[",
                    "]",
                    "{",
                    "}",
                    ",",
                    ":",
                    ";",
                    "-",
                    "+",
                    "a",
                    "\"./a.d.mjs\"",
                    "'./b.json'",
                    "with",
                    "type",
                    "\"json\"",
                    "1",
                    "0x",
                    "1e",
                    "1n",
                    ".5",
                    "\"",
                    "'",
                    "\\",
                    "\\u",
                    "/*",
                    "*/",
                    "//",
                    "\n",
                    " ",
                    "`",
                    "__proto__",
                    "\"__proto__\"",
                    "\u{0}",
                    "\u{feff}",
                    "\u{2028}",
                    "é",
                    "😀",
                    "Infinity",
                    "NaN",
                    "undefined",
                    "true",
                    "null",
                    "\\x4",
                    "\\u{",
                    "#",
                    "@",
                    "=>",
                    "x => ",
                    "?",
                    "`a${",
                    "${",
                    "...",
                    "if",
                    "else",
                    "return",
                    "typeof",
                    " ** ",
                    "??",
                    "&&",
                    "!",
                    "-",
                    "x",
                    "(a, b)",
                    ";",
                    "/",
                    "?.",
                ])
            })
            .collect()
    }

    /// A JSON text: a JSON value, then a few random edits.
    fn mutated_json(&mut self) -> String {
        let value = self.json(3);
        let mut bytes: Vec<char> = value.chars().collect();
        for _ in 0..self.random.below(3) {
            let at = self.random.below(bytes.len() + 1);
            let c = self.pick(&[
                "", " ", ",", "]", "[", "{", "}", ":", "\"", "\\", "-", "0", "1", "e", ".", "+",
                "\n", "\u{1}", "a", "/", "'", "\u{feff}", "x",
            ]);
            match self.random.below(3) {
                0 if at < bytes.len() => {
                    bytes.remove(at);
                }
                1 if at < bytes.len() => {
                    bytes.splice(at..=at, c.chars());
                }
                _ => {
                    bytes.splice(at..at, c.chars());
                }
            }
        }
        bytes.into_iter().collect()
    }

    fn json(&mut self, depth: usize) -> String {
        match self.random.below(if depth == 0 { 4 } else { 6 }) {
            0 => self
                .pick(&["null", "true", "false", "-0", "0", "1e400", "-1.5e-7"])
                .to_string(),
            1 => format!("{}", self.random.below(1_000_000) as f64 / 7.0),
            2 => self
                .pick(&[
                    "\"\"",
                    "\"a\\nb\"",
                    "\"\\ud800\"",
                    "\"\\u00e9\\/\"",
                    "\"é😀\"",
                    "\"__proto__\"",
                ])
                .to_string(),
            3 => format!("{}", self.random.next_u64()),
            4 => {
                let items: Vec<String> = (0..self.random.below(4))
                    .map(|_| self.json(depth - 1))
                    .collect();
                format!("[{}]", items.join(", "))
            }
            _ => {
                let props: Vec<String> = (0..self.random.below(4))
                    .map(|_| {
                        let key =
                            self.pick(&["\"a\"", "\"1\"", "\"__proto__\"", "\"\\u0041\"", "\"\""]);
                        format!("{key}: {}", self.json(depth - 1))
                    })
                    .collect();
                format!("{{{}}}", props.join(", "))
            }
        }
    }
}

/// Random modules and JSON5 texts must compile to node's value, random
/// edits of JSON texts must be accepted exactly when `JSON.parse` accepts
/// them, with its value, and token soup must get an answer, never an
/// exception.
#[test]
fn random_differential() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compiler_node_random");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut writer = Writer { random: Random(7) };
    let mut jobs = Vec::new();
    for i in 0..400 {
        let name = format!("m{i}.d.mjs");
        std::fs::write(dir.join(&name), writer.module()).expect("write a module");
        jobs.push(Job::new(dir.join(&name), name, Engine::Module));
    }
    for i in 0..400 {
        let name = format!("f{i}.json5");
        std::fs::write(dir.join(&name), writer.json5(3)).expect("write a JSON5 text");
        jobs.push(Job::new(dir.join(&name), name, Engine::Json5));
    }
    for i in 0..1500 {
        let name = format!("j{i}.json");
        std::fs::write(dir.join(&name), writer.mutated_json()).expect("write a JSON text");
        jobs.push(Job::new(dir.join(&name), name, Engine::Json));
    }
    // Token soup in every language: the compiler must answer, not throw
    // (the driver would fail), with a position inside the text.
    for i in 0..1000 {
        let name = format!("s{i}.txt");
        std::fs::write(dir.join(&name), writer.soup()).expect("write a text");
        for ext in ["json", "json5", "d.mjs", "d.cjs", "f.mjs", "cjs"] {
            jobs.push(Job::new(
                dir.join(&name),
                format!("s{i}.{ext}"),
                Engine::None,
            ));
        }
    }
    let outcomes = run(&jobs);
    let mut failures = Vec::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        if job.path.starts_with('s') {
            let text = std::fs::read_to_string(&job.file).unwrap_or_default();
            let lines = text.split(['\n', '\r', '\u{2028}', '\u{2029}']).count();
            let line = outcome
                .compiled
                .as_ref()
                .err()
                .and_then(|e| e.split(':').next().and_then(|l| l.parse::<usize>().ok()));
            if outcome.compiled.is_err() && !line.is_some_and(|l| (1..=lines).contains(&l)) {
                failures.push(format!(
                    "{}: error {:?} is not at a line of the text",
                    job.path, outcome.compiled
                ));
            }
            continue;
        }
        let result = match (&outcome.compiled, &outcome.engine) {
            (Err(_), Some(EngineResult::Threw(_))) if job.path.ends_with(".json") => Ok(()),
            (Err(e), _) if job.path.ends_with(".json") => {
                Err(format!("rejected ({e}), but JSON.parse accepts it"))
            }
            _ => same_value(outcome),
        };
        if let Err(e) = result {
            let text = std::fs::read_to_string(&job.file).unwrap_or_default();
            failures.push(format!("{}: {e}\n  text: {text:?}", job.path));
        }
    }
    report("random differential", jobs.len(), &failures);
}
