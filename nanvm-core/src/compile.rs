//! Compiling and loading module text with the FunctionalScript compiler
//! running in the [VM](crate::vm).
//!
//! The compiler is `nanvm-core/fjs/compiler.bc`, the compiler compiled by
//! itself, embedded in this crate: no JavaScript engine is involved.
//!
//! - [`Compiler`]: one module's text to a bytecode [`Module`].
//! - [`load`]: a module and its whole import graph from a directory on disk,
//!   evaluated to a value graph, with the list of files read (for rebuild
//!   tracking).
//! - [`load_with`]: the same from any [`Files`] store, such as files in
//!   memory.
//!
//! ```
//! use std::collections::BTreeMap;
//! use nanvm_runtime::compile::{load_with, Compiler};
//! use nanvm_runtime::serialize::to_djs;
//!
//! let files = BTreeMap::from([
//!     ("main.d.mjs".to_owned(), b"import a from './a.d.mjs'\nexport default [a, a]".to_vec()),
//!     ("a.d.mjs".to_owned(), b"export default { x: 1n }".to_vec()),
//! ]);
//! let mut compiler = Compiler::new().unwrap();
//! let loaded = load_with(&mut compiler, files, "main.d.mjs").unwrap();
//! assert_eq!(to_djs(&loaded.value).unwrap(), "const c0 = {\"x\":1n}\nexport default [c0,c0]");
//! assert_eq!(loaded.files.len(), 2);
//! ```

use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::bytecode::{decode_module_with, Module};
use crate::link::{LinkError, Linker};
use crate::source::{Directory, FileSource, Files};
use crate::value::Value;
use crate::vm::{Budget, Vm, VmError};
use crate::Limits;

/// The bundle of the FunctionalScript compiler (`nanvm-core/fjs/compiler.bc`):
/// a module whose value is `compile`, `path => text => ['ok', bytes] | ['error', { line, column, message }]`.
pub const COMPILER_BC: &[u8] = include_bytes!("../fjs/compiler.bc");

/// The FunctionalScript compiler, evaluated in a [`Vm`] and ready to compile.
///
/// ```
/// use nanvm_runtime::compile::Compiler;
///
/// let mut compiler = Compiler::new().unwrap();
/// let module = compiler.compile("a.d.mjs", "export default [1, 2]").unwrap();
/// assert!(module.imports.is_empty());
/// let error = compiler.compile("b.json", "[1,").unwrap_err();
/// assert_eq!((error.line, error.column), (1, 4));
/// assert!(error.to_string().starts_with("b.json:1:4: error: "));
/// ```
pub struct Compiler {
    // Declared before `vm`, so dropped first: the VM's drop then collects
    // the compiler's reference cycles (closures and their scopes), which it
    // must keep while a value outside the VM holds them.
    compile: Value,
    vm: Vm,
    limits: Limits,
}

impl Compiler {
    /// The compiler in a VM with the default [`Limits`] and [`Budget`].
    pub fn new() -> Result<Self, VmError> {
        Self::with_limits(Limits::default(), Budget::default())
    }

    /// The compiler in a VM with `limits` (also applied when decoding what
    /// it writes) and `budget` (for each module it compiles).
    pub fn with_limits(limits: Limits, budget: Budget) -> Result<Self, VmError> {
        // Only limits too small for the compiler's own code fail here.
        let module = decode_module_with(COMPILER_BC, &limits)
            .map_err(|e| VmError::Unsupported(format!("decoding compiler.bc: {e}")))?;
        let mut vm = Vm::with_limits(limits, budget);
        let compile = vm.evaluate(&module, &[])?;
        Ok(Compiler {
            vm,
            limits,
            compile,
        })
    }

    /// Compiles module text; the language from `path`'s extension (`.json`,
    /// `.json5`, `.cjs`, `.mjs`, `.js`, with `.d.`/`.f.` variants).
    pub fn compile(&mut self, path: &str, text: &str) -> Result<Module, CompileError> {
        let bytes = self.compile_bytes(path, text)?;
        decode_module_with(&bytes, &self.limits).map_err(|e| CompileError {
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: e.to_string(),
        })
    }

    /// Compiles module text to the bytes of a bytecode module, exactly as
    /// the compiler writes them.
    pub fn compile_bytes(&mut self, path: &str, text: &str) -> Result<Vec<u8>, CompileError> {
        let error = |line, column, message| CompileError {
            path: path.to_owned(),
            line,
            column,
            message,
        };
        let result = self
            .vm
            .call(&self.compile, &[Value::string(path)])
            .and_then(|f| self.vm.call(&f, &[Value::string(text)]))
            .map_err(|e| error(0, 0, e.to_string()))?;
        let malformed = || error(0, 0, "the compiler gave a malformed result".to_owned());
        let items = result.as_array().ok_or_else(malformed)?.items();
        let [kind, payload] = items else {
            return Err(malformed());
        };
        let kind = kind.as_js_string().ok_or_else(malformed)?;
        if kind.eq_str("ok") {
            let bytes = payload.as_array().ok_or_else(malformed)?.items();
            bytes
                .iter()
                .map(|b| match b.as_f64() {
                    Some(n) if (0.0..=255.0).contains(&n) && n.fract() == 0.0 => Ok(n as u8),
                    _ => Err(malformed()),
                })
                .collect()
        } else {
            let number = |name: &str| {
                payload
                    .get(name)
                    .and_then(Value::as_f64)
                    .filter(|n| *n >= 0.0 && *n <= f64::from(u32::MAX))
                    .map_or(0, |n| n as u32)
            };
            let message = payload
                .get("message")
                .and_then(Value::as_js_string)
                .map_or_else(|| "unknown error".to_owned(), |m| m.to_string_lossy());
            Err(error(number("line"), number("column"), message))
        }
    }
}

/// A module that does not compile: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The module's path, as given to [`Compiler::compile`].
    pub path: String,
    /// The line, from 1; 0 when the error has no position (the VM failed).
    pub line: u32,
    /// The column in UTF-16 code units, from 1; 0 when there is no position.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_located(f, &self.path, self.line, self.column, &self.message)
    }
}

impl std::error::Error for CompileError {}

/// Writes `path:line:column: error: message`, or `path: error: message`
/// when `line` is 0 (no position).
fn write_located(
    f: &mut fmt::Formatter<'_>,
    path: &str,
    line: u32,
    column: u32,
    message: &str,
) -> fmt::Result {
    if line == 0 {
        write!(f, "{path}: error: {message}")
    } else {
        write!(f, "{path}:{line}:{column}: error: {message}")
    }
}

/// A module graph evaluated to a value.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The entry module's value.
    pub value: Value,
    /// Every file read, in the order first read: paths on disk for a
    /// [`Directory`], module paths for stores in memory.
    pub files: Vec<PathBuf>,
}

/// Why a module graph could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The module at fault (a module path, relative to the root), or the
    /// root or entry itself when they are unusable.
    pub path: String,
    /// The line, from 1; 0 when the error has no position.
    pub line: u32,
    /// The column, from 1; 0 when the error has no position.
    pub column: u32,
    /// What is wrong (without the path).
    pub message: String,
    /// Every file read before the error: editing one may fix it.
    pub files: Vec<PathBuf>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_located(f, &self.path, self.line, self.column, &self.message)
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        LoadError {
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            files: Vec::new(),
        }
    }
}

/// Compiles and evaluates the module `entry` and every module it imports,
/// from the directory `root` (imports cannot leave it).
///
/// A relative `entry` is relative to `root`. Uses a fresh [`Compiler`] and
/// the default [`Limits`] and [`Budget`].
///
/// ```
/// use std::path::Path;
/// let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fjs");
/// let loaded = nanvm_runtime::compile::load(&root, Path::new("names.f.mjs")).unwrap();
/// assert_eq!(loaded.files, [root.join("names.f.mjs")]);
/// ```
pub fn load(root: &Path, entry: &Path) -> Result<Loaded, LoadError> {
    let mut compiler = Compiler::new().map_err(|e| LoadError::new("compiler.bc", e.to_string()))?;
    load_from_dir(&mut compiler, root, entry, Vm::new())
}

/// [`load`] with a given compiler and the VM that evaluates the modules
/// (its limits and budget apply to each module).
pub fn load_from_dir(
    compiler: &mut Compiler,
    root: &Path,
    entry: &Path,
    vm: Vm,
) -> Result<Loaded, LoadError> {
    let dir = Directory::new(root)
        .map_err(|e| LoadError::new(root.display().to_string(), e.to_string()))?;
    let entry = if entry.is_relative() {
        root.join(entry)
    } else {
        entry.to_path_buf()
    };
    let shown = entry.display().to_string();
    if !entry.exists() {
        return Err(LoadError::new(shown, "file not found"));
    }
    let path = dir.module_path(&entry).ok_or_else(|| {
        let root = dir.root().display();
        LoadError::new(shown, format!("outside the root {root} (widen the root)"))
    })?;
    load_with_vm(compiler, dir, &path, vm)
}

/// Compiles and evaluates the module at module path `entry` of `files`
/// and every module it imports, with the default VM limits and budget.
pub fn load_with<F: Files>(
    compiler: &mut Compiler,
    files: F,
    entry: &str,
) -> Result<Loaded, LoadError> {
    load_with_vm(compiler, files, entry, Vm::new())
}

/// [`load_with`], evaluating modules with `vm`.
pub fn load_with_vm<F: Files>(
    compiler: &mut Compiler,
    files: F,
    entry: &str,
    vm: Vm,
) -> Result<Loaded, LoadError> {
    let failed: RefCell<Option<CompileError>> = RefCell::new(None);
    let compile = |path: &str, text: &str| {
        compiler.compile(path, text).map_err(|e| {
            let message = e.to_string();
            *failed.borrow_mut() = Some(e);
            message
        })
    };
    let mut linker = Linker::with_vm(FileSource::new(files, compile), vm);
    let result = linker.evaluate(entry);
    let source = linker.source();
    let read: Vec<PathBuf> = source
        .files_read()
        .iter()
        .map(|p| source.files().disk_path(p).unwrap_or_else(|| p.into()))
        .collect();
    drop(linker);
    match result {
        Ok(value) => Ok(Loaded { value, files: read }),
        Err(error) => {
            let mut error = match (error, failed.into_inner()) {
                (LinkError::Load { path, .. }, Some(c)) if c.path == path => LoadError {
                    path,
                    line: c.line,
                    column: c.column,
                    message: c.message,
                    files: Vec::new(),
                },
                (LinkError::Load { path, message }, _) => LoadError::new(path, message),
                (
                    LinkError::Specifier {
                        importer,
                        specifier,
                        error,
                    },
                    _,
                ) => LoadError::new(importer, format!("import {specifier:?}: {error}")),
                (LinkError::Cycle(paths), _) => LoadError::new(
                    paths[0].clone(),
                    format!("import cycle: {}", paths.join(" -> ")),
                ),
                (LinkError::Eval { path, error }, _) => LoadError::new(path, error.to_string()),
            };
            error.files = read;
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn files(entries: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        entries
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn errors_name_the_module_and_position() {
        let mut compiler = Compiler::new().unwrap();
        let store = files(&[
            (
                "main.d.mjs",
                "import a from './a.json' with { type: 'json' }\nexport default a",
            ),
            ("a.json", "{\n  \"x\": 1,,\n}"),
        ]);
        let error = load_with(&mut compiler, store, "main.d.mjs").unwrap_err();
        assert_eq!((error.path.as_str(), error.line), ("a.json", 2), "{error}");
        assert!(error.to_string().starts_with("a.json:2:"), "{error}");
        assert_eq!(error.files.len(), 2);

        let store = files(&[(
            "main.d.mjs",
            "import a from './gone.d.mjs'\nexport default a",
        )]);
        let error = load_with(&mut compiler, store, "main.d.mjs").unwrap_err();
        assert_eq!(error.to_string(), "gone.d.mjs: error: file not found");

        let store = files(&[
            ("a.d.mjs", "import b from './b.d.mjs'\nexport default b"),
            ("b.d.mjs", "import a from './a.d.mjs'\nexport default a"),
        ]);
        let error = load_with(&mut compiler, store, "a.d.mjs").unwrap_err();
        assert!(error.message.contains("import cycle"), "{error}");
    }

    #[test]
    fn the_compiler_keeps_working_after_an_error() {
        let mut compiler = Compiler::new().unwrap();
        assert!(compiler.compile("x.txt", "1").is_err());
        assert!(compiler.compile("x.json", "[1,2]").is_ok());
    }
}
