//! FunctionalScript (FJS) expressions in the compiler (`nanvm-core/fjs/`),
//! its bundler (`link.f.mjs`) and the compiler compiling itself.
//!
//! The compiled modules are bundled with their imports and evaluated by the
//! reference evaluator `tests/js/bytecode-eval.mjs` (each operation evaluated
//! by the JavaScript construct it names), then compared with node's own value
//! of the module, sharing included. Until nanvm's reader and VM run the
//! operation tags, that is what checks the compiler's meaning; once the
//! reader reads them (`decode_module` accepts an operation), every bundle
//! must also decode.
//!
//! Fixtures (`fixtures/compiler/fjs/`, see fixtures/compiler/SOURCES.md):
//! `ok/` modules whose value must be node's, importing `lib/`; `err/` modules
//! outside the FJS subset, which must be rejected where and as their first
//! line says (`// error: LINE:COLUMN: message`), while node throws or accepts
//! them as their second line says.
//!
//! `nanvm-core/fjs/compiler.bc` is the bundle of the compiler; it must be
//! what `node nanvm-core/fjs/cli.mjs nanvm-core/fjs/compiler.f.mjs`
//! writes now (`NANVM_BLESS=1` rewrites it), and a fixed point: run as
//! bytecode, it compiles and bundles its own source to the same bytes.

use std::path::{Path, PathBuf};
use std::process::Command;

use nanvm_runtime::bytecode::decode_module;
use nanvm_tests::compiler::{
    check_error_fixtures, files, fixtures, report, repository, run, same_as_engine, Engine,
    EngineResult, Job, Outcome, Random,
};

/// Whether nanvm's bytecode reader reads the operation tags yet: it decodes
/// a module whose value is `!true`.
fn reader_reads_operations() -> bool {
    decode_module(&[0, 0, 0, 0, 2, 0, 0, 0, 0x17, 0x03]).is_ok()
}

/// Checks a bundled job: compiled, bundled, and the bundle's value (by the
/// reference evaluator) is node's, or both throw when `both_may_throw`. When
/// the reader reads operations, the bundle must decode.
fn check_bundled(outcome: &Outcome, both_may_throw: bool) -> Result<(), String> {
    outcome
        .compiled
        .as_ref()
        .map_err(|e| format!("rejected: {e}"))?;
    let bundle = match &outcome.bundled {
        Some(Ok(bundle)) => bundle,
        Some(Err(e)) => return Err(format!("not bundled: {e}")),
        None => return Err("no bundle".to_string()),
    };
    if reader_reads_operations() {
        decode_module(bundle).map_err(|e| format!("nanvm cannot decode the bundle: {e}"))?;
    }
    match (&outcome.evaluated, &outcome.engine) {
        (Some(EngineResult::Threw(_)), Some(EngineResult::Threw(_))) if both_may_throw => Ok(()),
        (Some(EngineResult::Value(Ok(value))), engine) => same_as_engine(value, engine.as_ref()),
        (Some(EngineResult::Value(Err(e))), _) => Err(format!("the evaluated value: {e}")),
        (Some(EngineResult::Threw(e)), _) => Err(format!("the bundle throws: {e}")),
        (None, _) => Err("not evaluated".to_string()),
    }
}

/// A job that bundles `file` and compares its value with node's.
fn bundled_job(file: PathBuf, path: String) -> Job {
    Job {
        bundle: true,
        ..Job::new(file, path, Engine::Module)
    }
}

#[test]
fn fjs_modules() {
    let dir = fixtures().join("fjs");
    let jobs: Vec<Job> = files(&dir)
        .into_iter()
        .filter(|(_, name)| name.starts_with("ok/") || name.starts_with("lib/"))
        .map(|(file, name)| {
            if name.starts_with("ok/") {
                bundled_job(file, name)
            } else {
                Job::new(file, name, Engine::None)
            }
        })
        .collect();
    let outcomes = run(&jobs);
    let mut failures = Vec::new();
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        let result = if job.bundle {
            check_bundled(outcome, false)
        } else {
            outcome.compiled.as_ref().map(|_| ()).map_err(Clone::clone)
        };
        if let Err(e) = result {
            failures.push(format!("{}: {e}", job.path));
        }
    }
    assert!(jobs.iter().filter(|j| j.bundle).count() >= 25);
    report("fjs/ok", jobs.len(), &failures);
    println!(
        "nanvm's reader reads operations: {}",
        reader_reads_operations()
    );
}

#[test]
fn fjs_errors() {
    let checked = check_error_fixtures("fjs/err", &fixtures().join("fjs/err"));
    assert!(checked >= 60, "{checked} error fixtures");
}

fn fjs_dir() -> PathBuf {
    repository().join("nanvm-core/fjs")
}

/// Every module of the compiler compiles, and its bundle, evaluated, has the
/// value node imports (functions compare by their length).
#[test]
fn compiler_compiles_itself() {
    let jobs: Vec<Job> = files(&fjs_dir())
        .into_iter()
        .filter(|(_, name)| name.ends_with(".f.mjs"))
        .map(|(file, name)| bundled_job(file, name))
        .collect();
    assert!(jobs.len() >= 15, "{} modules", jobs.len());
    let outcomes = run(&jobs);
    let failures: Vec<String> = jobs
        .iter()
        .zip(&outcomes)
        .filter_map(|(job, outcome)| {
            check_bundled(outcome, false)
                .err()
                .map(|e| format!("{}: {e}", job.path))
        })
        .collect();
    report("compiler modules", jobs.len(), &failures);
}

/// Runs `node nanvm-core/fjs/cli.mjs input output`: its exit code and stderr.
fn cli(input: &Path, output: &Path) -> (Option<i32>, String) {
    let out = Command::new("node")
        .arg(fjs_dir().join("cli.mjs"))
        .arg(input)
        .arg(output)
        .output()
        .expect("node (Node.js) runs: see scripts/setup");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The committed `compiler.bc` is what the command line writes now.
#[test]
fn compiler_bytecode_is_committed() {
    let committed = fjs_dir().join("compiler.bc");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compiler_fjs_bc");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let fresh = dir.join("compiler.bc");
    let (code, stderr) = cli(&fjs_dir().join("compiler.f.mjs"), &fresh);
    assert_eq!(code, Some(0), "{stderr}");
    let bytes = std::fs::read(&fresh).expect("the written bundle");
    if std::env::var_os("NANVM_BLESS").is_some() {
        std::fs::write(&committed, &bytes).expect("write compiler.bc");
    }
    let expected = std::fs::read(&committed).expect("nanvm-core/fjs/compiler.bc");
    assert!(
        bytes == expected,
        "compiler.bc is stale ({} bytes now, {} committed): run NANVM_BLESS=1 cargo test -p nanvm-tests --test compiler_fjs",
        bytes.len(),
        expected.len()
    );
    // Deterministic: a second run writes the same bytes.
    let (code, stderr) = cli(&fjs_dir().join("compiler.f.mjs"), &fresh);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(std::fs::read(&fresh).expect("the bundle") == expected);
}

/// The compiler, run as bytecode (`compiler.bc` evaluated by the reference
/// evaluator), compiles its own modules, which link to `compiler.bc` again.
#[test]
fn compiler_bytecode_is_a_fixed_point() {
    let committed = std::fs::read(fjs_dir().join("compiler.bc")).expect("compiler.bc");
    let output = Command::new("node")
        .arg(repository().join("tests/js/self-host.mjs"))
        .arg(fjs_dir().join("compiler.bc"))
        .arg(fjs_dir().join("compiler.f.mjs"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = nanvm_tests::compiler::hex(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert!(
        bytes == committed,
        "the bytecode compiler wrote {} bytes, compiler.bc has {}",
        bytes.len(),
        committed.len()
    );
}

/// Writes the module graph `modules` (path, text) under `dir`.
fn write_graph(dir: &Path, modules: &[(&str, &str)]) {
    for (path, text) in modules {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("a directory");
        std::fs::write(file, text).expect("write a module");
    }
}

/// Bundles of generated graphs: imports in dependency order with sharing,
/// and the linker's errors (cycles, missing files, bad paths, compile errors
/// in imports, invalid UTF-8) named with their paths.
#[test]
fn bundles() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compiler_fjs_graphs");
    let _ = std::fs::remove_dir_all(&dir);
    write_graph(
        &dir,
        &[
            ("ok/main.f.mjs", "import a from './a.f.mjs'\nimport b from './sub/b.f.mjs'\nimport c from './c.json' with { type: 'json' }\nexport default [a, b, c, a.leaf === b.leaf]\n"),
            ("ok/a.f.mjs", "import leaf from './sub/leaf.d.mjs'\nexport default { leaf, n: leaf.length }\n"),
            ("ok/sub/b.f.mjs", "import leaf from './leaf.d.mjs'\nimport again from '../sub/./leaf.d.mjs'\nexport default { leaf, same: leaf === again }\n"),
            ("ok/sub/leaf.d.mjs", "export default [1, 2]\n"),
            ("ok/c.json", "{\"c\": true}"),
            ("cycle/a.f.mjs", "import b from './b.f.mjs'\nexport default () => b\n"),
            ("cycle/b.f.mjs", "import c from './c.f.mjs'\nexport default c\n"),
            ("cycle/c.f.mjs", "import a from './a.f.mjs'\nexport default [a]\n"),
            ("missing/main.f.mjs", "import x from './nowhere.f.mjs'\nexport default x\n"),
            ("broken/main.f.mjs", "import x from './bad.f.mjs'\nexport default x\n"),
            ("broken/bad.f.mjs", "export default 1 +\n"),
            ("outside/main.f.mjs", &format!("import x from '{}x.f.mjs'\nexport default x\n", "../".repeat(64))),
            ("utf8/main.f.mjs", "import x from './bad.json' with { type: 'json' }\nexport default x\n"),
        ],
    );
    std::fs::write(dir.join("utf8/bad.json"), b"[\"\xff\"]").expect("write bytes");

    // The value of a bundle is node's value of the module graph, sharing included.
    let outcomes = run(&[bundled_job(dir.join("ok/main.f.mjs"), "main.f.mjs".into())]);
    check_bundled(&outcomes[0], false).unwrap_or_else(|e| panic!("ok/main.f.mjs: {e}"));
    let bundle = outcomes[0].bundled.as_ref().and_then(|b| b.as_ref().ok());
    assert_eq!(bundle.map(|b| &b[..4]), Some(&[0u8; 4][..]), "no imports");

    let out = dir.join("out.bc");
    let errors = [
        ("cycle/a.f.mjs", "import cycle: "),
        ("missing/main.f.mjs", "nowhere.f.mjs"),
        (
            "broken/main.f.mjs",
            "bad.f.mjs:2:1: error: unexpected end of input",
        ),
        ("outside/main.f.mjs", "import path leads outside the root"),
        ("utf8/main.f.mjs", "bad.json: error: invalid UTF-8"),
    ];
    for (root, expected) in errors {
        let (code, stderr) = cli(&dir.join(root), &out);
        assert_eq!(code, Some(1), "{root}: {stderr}");
        assert!(stderr.contains(expected), "{root}: {stderr}");
    }
    let (_, stderr) = cli(&dir.join("cycle/a.f.mjs"), &out);
    for module in ["a.f.mjs -> ", "b.f.mjs -> ", "c.f.mjs -> ", "a.f.mjs\n"] {
        assert!(stderr.contains(module), "{stderr}");
    }
}

/// Writes random FJS modules: expressions of every operator, functions with
/// block bodies, calls, templates, spread.
struct Writer {
    random: Random,
    /// Numbers the constants of blocks.
    names: usize,
}

impl Writer {
    fn literal(&mut self) -> String {
        match self.random.below(10) {
            0 => self
                .random
                .pick(&[
                    "0", "-0", "1", "2", "-1", "0.5", "3e2", "1e21", "255", "0x10",
                ])
                .to_string(),
            1 => self
                .random
                .pick(&["'a'", "'b'", "''", "'10'", "'2'", "\"x y\"", "'é'"])
                .to_string(),
            2 => self
                .random
                .pick(&["true", "false", "null", "undefined"])
                .to_string(),
            // Rare: a bigint meeting a number throws (in both).
            3 if self.random.below(4) == 0 => {
                self.random.pick(&["1n", "-2n", "0n", "7n"]).to_string()
            }
            4 => self
                .random
                .pick(&["Infinity", "-Infinity", "0 / 0"])
                .to_string(),
            _ => format!("{}", self.random.below(20)),
        }
    }

    /// An expression of at most `depth` levels over the names `scope`.
    fn expr(&mut self, depth: usize, scope: &[String], functions: &[(String, usize)]) -> String {
        if depth == 0 {
            return if !scope.is_empty() && self.random.below(2) == 0 {
                scope[self.random.below(scope.len())].clone()
            } else {
                self.literal()
            };
        }
        let d = depth - 1;
        match self.random.below(16) {
            0..=3 => {
                let op = self.random.pick(&[
                    "+", "-", "*", "/", "%", "<", "<=", ">", ">=", "===", "!==", "&", "|", "^",
                    "<<", ">>", ">>>", "&&", "||", "+", "-",
                ]);
                let (a, b) = (
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                );
                let a = self.maybe_paren(a);
                let b = self.maybe_paren(b);
                format!("{a} {op} {b}")
            }
            4 => {
                let (a, b) = (
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                );
                format!("(({a}) ?? ({b}))")
            }
            5 => {
                let (a, b) = (
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                );
                format!("({a}) ** {}", self.maybe_paren(b))
            }
            6 => {
                let op = self.random.pick(&["-", "+", "!", "~", "typeof"]);
                format!("{op} ({})", self.expr(d, scope, functions))
            }
            7 => {
                let (c, a, b) = (
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                );
                format!("({c}) ? {a} : {b}")
            }
            8 => {
                let (a, b) = (
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                );
                format!("`<${{{a}}}|${{{b}}}>`")
            }
            9 => {
                let items: Vec<String> = (0..self.random.below(4))
                    .map(|i| {
                        let e = self.expr(d, scope, functions);
                        if i == 1 {
                            format!("...[{e}]")
                        } else {
                            e
                        }
                    })
                    .collect();
                format!("[{}]", items.join(", "))
            }
            10 => {
                let (a, b, k) = (
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                );
                let key = self.random.pick(&["a", "b", "z"]);
                format!("({{ a: {a}, [{k}]: {b}, ...{{ b: {a} }} }}).{key}")
            }
            11 if !functions.is_empty() => {
                let (name, arity) = functions[self.random.below(functions.len())].clone();
                let args: Vec<String> =
                    (0..arity).map(|_| self.expr(d, scope, functions)).collect();
                format!("{name}({})", args.join(", "))
            }
            12 => {
                let mut inner = scope.to_vec();
                inner.push("p".to_string());
                let body = self.expr(d, &inner, functions);
                let arg = self.expr(d, scope, functions);
                format!("((p) => {body})({arg})")
            }
            13 => {
                let (a, b) = (
                    self.expr(d, scope, functions),
                    self.expr(d, scope, functions),
                );
                let mut inner = scope.to_vec();
                inner.push("x".to_string());
                let body = self.expr(d, &inner, functions);
                format!("[{a}, {b}].map(x => {body})")
            }
            14 => {
                let a = self.expr(d, scope, functions);
                let method = self.random.pick(&["length", "charCodeAt(0)", "slice(1)"]);
                format!("`${{{a}}}`.{method}")
            }
            _ => self.expr(0, scope, functions),
        }
    }

    fn maybe_paren(&mut self, e: String) -> String {
        if self.random.below(3) == 0 {
            format!("({e})")
        } else {
            e
        }
    }

    /// A block of statements, and whether it returns on every path (no
    /// statement follows one that does: that would be unreachable code).
    fn block(
        &mut self,
        depth: usize,
        scope: &[String],
        functions: &[(String, usize)],
        indent: &str,
    ) -> (String, bool) {
        let mut scope = scope.to_vec();
        let mut out = String::new();
        for _ in 0..self.random.below(4) {
            match self.random.below(3) {
                0 => {
                    self.names += 1;
                    let name = format!("v{}", self.names);
                    let e = self.expr(2, &scope, functions);
                    out.push_str(&format!("{indent}const {name} = {e}\n"));
                    scope.push(name);
                }
                _ if depth > 0 => {
                    let c = self.expr(1, &scope, functions);
                    let inner = format!("{indent}    ");
                    let (then, then_returns) = self.block(depth - 1, &scope, functions, &inner);
                    out.push_str(&format!("{indent}if ({c}) {{\n{then}{indent}}}"));
                    let mut returns = false;
                    if self.random.below(2) == 0 {
                        let (other, other_returns) =
                            self.block(depth - 1, &scope, functions, &inner);
                        out.push_str(&format!(" else {{\n{other}{indent}}}"));
                        returns = then_returns && other_returns;
                    }
                    out.push('\n');
                    if returns {
                        return (out, true);
                    }
                }
                _ => {}
            }
        }
        if self.random.below(5) != 0 {
            let e = self.expr(2, &scope, functions);
            out.push_str(&format!("{indent}return {e}\n"));
            return (out, true);
        }
        (out, false)
    }

    fn module(&mut self) -> String {
        let mut text = String::new();
        let mut scope = Vec::new();
        let mut functions: Vec<(String, usize)> = Vec::new();
        for i in 0..1 + self.random.below(4) {
            if self.random.below(2) == 0 {
                let name = format!("c{i}");
                let e = self.expr(3, &scope, &functions);
                text.push_str(&format!("const {name} = {e}\n"));
                scope.push(name);
            } else {
                let name = format!("f{i}");
                let params: Vec<String> =
                    (0..self.random.below(3)).map(|k| format!("a{k}")).collect();
                let mut inner = scope.clone();
                inner.extend(params.iter().cloned());
                let (body, _) = self.block(2, &inner, &functions, "    ");
                text.push_str(&format!(
                    "const {name} = ({}) => {{\n{body}}}\n",
                    params.join(", ")
                ));
                functions.push((name, params.len()));
            }
        }
        let results: Vec<String> = (0..3).map(|_| self.expr(3, &scope, &functions)).collect();
        text.push_str(&format!("export default [{}]\n", results.join(", ")));
        text
    }
}

/// Random FJS modules: the bundle's value is node's, or both throw.
#[test]
fn random_fjs_modules() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("compiler_fjs_random");
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let mut writer = Writer {
        random: Random(2026),
        names: 0,
    };
    let jobs: Vec<Job> = (0..500)
        .map(|i| {
            let name = format!("r{i}.f.mjs");
            std::fs::write(dir.join(&name), writer.module()).expect("write a module");
            bundled_job(dir.join(&name), name)
        })
        .collect();
    let outcomes = run(&jobs);
    let mut failures = Vec::new();
    let mut values = 0;
    for (job, outcome) in jobs.iter().zip(&outcomes) {
        if matches!(outcome.engine, Some(EngineResult::Value(_))) {
            values += 1;
        }
        if let Err(e) = check_bundled(outcome, true) {
            let text = std::fs::read_to_string(&job.file).unwrap_or_default();
            failures.push(format!("{}: {e}\n{text}", job.path));
        }
    }
    // Most modules have a value (the rest throw in both, e.g. mixing bigints).
    assert!(values >= 300, "only {values} of 500 modules have a value");
    report("random FJS modules", jobs.len(), &failures);
}
