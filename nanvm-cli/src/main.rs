//! `nanvm`: compile, convert and check DJS modules from the shell.
//!
//! - `nanvm compile IN OUT`: evaluates the module IN and its imports (the
//!   language from IN's extension) and writes the value to OUT in the format
//!   OUT's extension names. An FJS module whose value holds functions,
//!   written to `.bc`, is written as the bundle of its module graph
//!   (`nanvm compile nanvm-core/fjs/compiler.f.mjs compiler.bc`).
//! - `nanvm check FILE…`: compiles and evaluates each file, printing errors.
//!
//! Imports may reach any file under the root: the working directory, or
//! `--root DIR`. `--max-depth N`, `--max-string-len N`, `--max-properties N`,
//! `--max-modules N`, `--max-steps N`, `--max-memory N` and
//! `--max-output-len N` set the limits (`nanvm_runtime::Limits`; defaults
//! in `docs/limits.md`); input past one fails with an error naming it. On
//! failure the exit status is 1, the message is on stderr and nothing is
//! written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use nanvm_runtime::bundle::bundle_files;
use nanvm_runtime::bytecode::encode_module;
use nanvm_runtime::compile::{load_from_dir, Compiler, LoadError, Loaded};
use nanvm_runtime::serialize::{
    to_bytecode_module, to_djs_with, to_json_with, to_rust_static, RustOptions, SerializeError,
};
use nanvm_runtime::source::Directory;
use nanvm_runtime::vm::Vm;
use nanvm_runtime::{LimitError, Limits, Value};

#[derive(Parser)]
#[command(
    name = "nanvm",
    version,
    about = "DJS configuration compiled into Rust builds"
)]
struct Cli {
    /// The directory imports may not leave (default: the working directory).
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(subcommand)]
    command: Command,
}

/// The limits, each the default unless given.
#[derive(clap::Args)]
struct LimitArgs {
    /// The deepest nesting of arrays, objects and calls (default 1000; the
    /// compiler stops module text at 1000 whatever this is).
    #[arg(long, global = true, value_name = "N")]
    max_depth: Option<u64>,
    /// The longest string and module text, in UTF-16 code units (default
    /// 16777216).
    #[arg(long, global = true, value_name = "N")]
    max_string_len: Option<u64>,
    /// The most properties of one object (default 1048576).
    #[arg(long, global = true, value_name = "N")]
    max_properties: Option<u64>,
    /// The most modules of one import graph (default 10000).
    #[arg(long, global = true, value_name = "N")]
    max_modules: Option<u64>,
    /// The most VM steps to compile or evaluate one module (default 2^30).
    #[arg(long, global = true, value_name = "N")]
    max_steps: Option<u64>,
    /// The most bytes alive in the VM for one module (default 4 GiB).
    #[arg(long, global = true, value_name = "BYTES")]
    max_memory: Option<u64>,
    /// The longest output, in bytes (default 256 MiB).
    #[arg(long, global = true, value_name = "BYTES")]
    max_output_len: Option<u64>,
}

impl LimitArgs {
    /// The default limits with the given ones set.
    fn limits(&self) -> Limits {
        let mut limits = Limits::default();
        let given = [
            ("max_depth", self.max_depth),
            ("max_string_len", self.max_string_len),
            ("max_properties", self.max_properties),
            ("max_modules", self.max_modules),
            ("max_steps", self.max_steps),
            ("max_memory", self.max_memory),
            ("max_output_len", self.max_output_len),
        ];
        for (name, value) in given {
            if let Some(value) = value {
                // Every name above is one of `Limits::NAMES`.
                let _ = limits.set(name, value);
            }
        }
        limits
    }
}

#[derive(Subcommand)]
enum Command {
    /// Reads IN (`.json`, `.json5`, `.d.mjs`, `.f.mjs`, `.f.js`, `.mjs`,
    /// `.js`, `.d.cjs`, `.cjs`, `.bc`) and its imports, and writes the value
    /// to OUT in the format OUT's extension names: `.json`; DJS module text
    /// for `.d.mjs`, `.f.mjs`, `.f.js`, `.mjs`, `.js`; `.bc` bytecode (the
    /// bundle of the module graph if the value holds functions); `.rs`, a
    /// Rust `static` named after OUT's file stem.
    Compile {
        /// The input module.
        input: PathBuf,
        /// The output file.
        output: PathBuf,
    },
    /// Compiles and evaluates each file with its imports; prints the errors.
    Check {
        /// The modules to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
    let limits = cli.limits.limits();
    let result = match cli.command {
        Command::Compile { input, output } => compile(&root, &limits, &input, &output),
        Command::Check { files } => check(&root, &limits, &files),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The input and output formats: what a file name ends with.
fn ends_with_any(path: &Path, extensions: &[&str]) -> bool {
    let name = path.to_string_lossy();
    extensions.iter().any(|ext| name.ends_with(ext))
}

const DJS: &[&str] = &[".d.mjs", ".f.mjs", ".f.js", ".mjs", ".js"];

/// A module graph read from under `root`, and how to name its files.
struct Session {
    root: PathBuf,
    limits: Limits,
    compiler: Compiler,
}

impl Session {
    fn new(root: &Path, limits: &Limits) -> Result<Self, String> {
        let compiler = Compiler::limited(*limits)
            .map_err(|e| format!("error: the compiler does not start: {e}"))?;
        Ok(Session {
            root: root.to_path_buf(),
            limits: *limits,
            compiler,
        })
    }

    /// The module path of `file` (relative to the working directory) under
    /// the root.
    fn module_path(&self, dir: &Directory, file: &Path) -> Result<String, String> {
        if !file.exists() {
            return Err(format!("{}: error: file not found", file.display()));
        }
        dir.module_path(file).ok_or_else(|| {
            format!(
                "{}: error: outside the root {} (widen it with --root)",
                file.display(),
                self.root.display()
            )
        })
    }

    fn directory(&self) -> Result<Directory, String> {
        Directory::new(&self.root).map_err(|e| format!("{}: error: {e}", self.root.display()))
    }

    /// An error message with module paths shown relative to the working
    /// directory's view of the root.
    fn show(&self, error: &LoadError) -> String {
        let mut shown = error.clone();
        if self.root != Path::new(".") && !error.path.starts_with('/') {
            shown.path = self.root.join(&error.path).display().to_string();
        }
        shown.to_string()
    }

    fn load(&mut self, file: &Path) -> Result<Loaded, String> {
        let dir = self.directory()?;
        let path = self.module_path(&dir, file)?;
        let root = dir.root().to_path_buf();
        let vm = Vm::with_limits(self.limits, self.limits.budget());
        load_from_dir(&mut self.compiler, &root, Path::new(&path), vm).map_err(|e| self.show(&e))
    }

    fn bundle(&mut self, file: &Path) -> Result<Vec<u8>, String> {
        let dir = self.directory()?;
        let path = self.module_path(&dir, file)?;
        bundle_files(&mut self.compiler, &dir, &path).map_err(|e| {
            if self.root == Path::new(".") {
                e
            } else {
                format!("{}/{e}", self.root.display())
            }
        })
    }
}

fn compile(root: &Path, limits: &Limits, input: &Path, output: &Path) -> Result<(), String> {
    let out_error = |e: String| format!("{}: error: {e}", output.display());
    let known = [".json", ".bc", ".rs"];
    if !ends_with_any(output, DJS) && !ends_with_any(output, &known) {
        return Err(out_error(
            "unknown output format (use .json, .d.mjs, .f.mjs, .f.js, .mjs, .js, .bc or .rs)"
                .into(),
        ));
    }
    let mut session = Session::new(root, limits)?;
    let value = session.load(input)?.value;
    let bytes = if ends_with_any(output, &[".bc"]) && holds_function(&value) {
        session.bundle(input)?
    } else {
        render(&value, output, limits).map_err(out_error)?
    };
    write_atomically(output, &bytes).map_err(|e| out_error(e.to_string()))
}

fn check(root: &Path, limits: &Limits, files: &[PathBuf]) -> Result<(), String> {
    let mut session = Session::new(root, limits)?;
    let mut failed = 0;
    for file in files {
        if let Err(message) = session.load(file) {
            eprintln!("{message}");
            failed += 1;
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(format!("{n} of {} files failed", files.len())),
    }
}

/// Whether `value` reaches a function (walked with a work list, each
/// shared container once).
fn holds_function(value: &Value) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut work = vec![value];
    while let Some(v) = work.pop() {
        if v.addr().is_some_and(|a| !seen.insert(a)) {
            continue;
        }
        match v {
            Value::Function(_) => return true,
            Value::Array(a) => work.extend(a.items()),
            Value::Object(o) => work.extend(o.values()),
            _ => {}
        }
    }
    false
}

/// `value` in the format `output`'s extension names, within `limits`.
fn render(value: &Value, output: &Path, limits: &Limits) -> Result<Vec<u8>, String> {
    let message = |e: SerializeError| LimitError::serialize_message(&e);
    let text = |r: Result<String, SerializeError>| r.map(String::into_bytes).map_err(message);
    if ends_with_any(output, &[".json"]) {
        text(to_json_with(value, limits))
    } else if ends_with_any(output, &[".bc"]) {
        to_bytecode_module(value, limits)
            .map(|m| encode_module(&m))
            .map_err(message)
    } else if ends_with_any(output, &[".rs"]) {
        let options = RustOptions {
            limits: *limits,
            ..RustOptions::default()
        };
        text(to_rust_static(value, &static_name(output), &options))
    } else {
        text(to_djs_with(value, limits))
    }
}

/// The name of the Rust static for `output`: its file stem (up to the first
/// dot) in upper case, other characters than letters and digits as `_`.
fn static_name(output: &Path) -> String {
    let name = output.file_name().map_or("", |n| n.to_str().unwrap_or(""));
    let stem = name.split('.').next().unwrap_or("");
    let mut ident: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if !ident.starts_with(|c: char| c.is_ascii_alphabetic()) {
        ident.insert_str(0, "VALUE_");
    }
    ident
}

/// Writes through a temporary file and a rename, so no reader ever sees a
/// partial output.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
