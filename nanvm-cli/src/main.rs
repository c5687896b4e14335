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
//! `--root DIR`. On failure the exit status is 1, the message is on stderr
//! and nothing is written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use nanvm_runtime::bundle::bundle_files;
use nanvm_runtime::compile::{load_from_dir, Compiler, LoadError, Loaded};
use nanvm_runtime::serialize::{
    to_bytecode, to_djs, to_json, to_rust_static, RustOptions, SerializeError,
};
use nanvm_runtime::source::Directory;
use nanvm_runtime::vm::Vm;
use nanvm_runtime::Value;

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
    #[command(subcommand)]
    command: Command,
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
    let result = match cli.command {
        Command::Compile { input, output } => compile(&root, &input, &output),
        Command::Check { files } => check(&root, &files),
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
    compiler: Compiler,
}

impl Session {
    fn new(root: &Path) -> Result<Self, String> {
        let compiler =
            Compiler::new().map_err(|e| format!("error: the compiler does not start: {e}"))?;
        Ok(Session {
            root: root.to_path_buf(),
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
        load_from_dir(&mut self.compiler, &root, Path::new(&path), Vm::new())
            .map_err(|e| self.show(&e))
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

fn compile(root: &Path, input: &Path, output: &Path) -> Result<(), String> {
    let out_error = |e: String| format!("{}: error: {e}", output.display());
    let known = [".json", ".bc", ".rs"];
    if !ends_with_any(output, DJS) && !ends_with_any(output, &known) {
        return Err(out_error(
            "unknown output format (use .json, .d.mjs, .f.mjs, .f.js, .mjs, .js, .bc or .rs)"
                .into(),
        ));
    }
    let mut session = Session::new(root)?;
    let value = session.load(input)?.value;
    let bytes = if ends_with_any(output, &[".bc"]) && holds_function(&value) {
        session.bundle(input)?
    } else {
        render(&value, output).map_err(out_error)?
    };
    write_atomically(output, &bytes).map_err(|e| out_error(e.to_string()))
}

fn check(root: &Path, files: &[PathBuf]) -> Result<(), String> {
    let mut session = Session::new(root)?;
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
            Value::Object(o) => work.extend(o.entries().iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    false
}

fn render(value: &Value, output: &Path) -> Result<Vec<u8>, String> {
    let text =
        |r: Result<String, SerializeError>| r.map(String::into_bytes).map_err(|e| e.to_string());
    if ends_with_any(output, &[".json"]) {
        text(to_json(value))
    } else if ends_with_any(output, &[".bc"]) {
        to_bytecode(value).map_err(|e| e.to_string())
    } else if ends_with_any(output, &[".rs"]) {
        text(to_rust_static(
            value,
            &static_name(output),
            &RustOptions::default(),
        ))
    } else {
        text(to_djs(value))
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
