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
//! - [`load_limited`]: [`load`] with given [`Limits`].
//!
//! Every load applies the compiler's [`Limits`]: each module's text and
//! each string of the value against `max_string_len`, each object against
//! `max_properties`, the import graph against `max_modules`, compiling and
//! evaluating each module against `max_steps`, `max_memory` and
//! `max_depth`. Past one, the [`LoadError`] names it
//! ([`LoadError::limit`]).
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

use std::cell::Cell;

use crate::bytecode::{
    decode_imports, decode_module_with, decode_plain_data, decode_plain_module, DecodeErrorKind,
    Module,
};
use crate::link::{LinkError, Linker, ModuleOrValue};
use crate::source::{Directory, FileSource, Files};
use crate::value::{Array, Value};
use crate::vm::{Budget, BudgetKind, CodeError, Vm, VmError};
use crate::{Limit, LimitError, Limits};

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
    compile: Value,
    vm: Vm,
    limits: Limits,
}

impl Drop for Compiler {
    /// No value of the compiler's VM is held outside it (compiling gives
    /// bytes), so its environments are emptied as they are, which frees
    /// the reference cycles of the compiler's closures and their scopes
    /// without the VM's search for cycles (about 4% of a compile, and the
    /// peak of its memory: the search indexes all that is still alive).
    fn drop(&mut self) {
        self.compile = Value::Undefined;
        self.vm.clear_environments();
    }
}

impl Compiler {
    /// The compiler with the default [`Limits`].
    pub fn new() -> Result<Self, VmError> {
        Self::limited(Limits::default())
    }

    /// The compiler with `limits`: its budget for each module is
    /// [`Limits::budget`], and loads with it apply `limits` (see the
    /// [module documentation](self)).
    pub fn limited(limits: Limits) -> Result<Self, VmError> {
        Self::with_limits(limits, limits.budget())
    }

    /// The compiler in a VM with `limits` (applied when decoding what it
    /// writes, and by loads with it) and `budget` (for each module it
    /// compiles).
    pub fn with_limits(limits: Limits, budget: Budget) -> Result<Self, VmError> {
        // The compiler's own code is trusted: read and lowered at least as
        // deep as it nests, whatever `limits` allows user modules.
        let own = Limits {
            max_depth: limits.max_depth.max(Limits::DEFAULT_MAX_DEPTH),
            ..limits
        };
        let module = decode_module_with(COMPILER_BC, &own)
            .map_err(|e| VmError::Unsupported(format!("decoding compiler.bc: {e}")))?;
        // Starting the compiler is not compiling a module: it has the
        // default budget (the function keeps working in another VM).
        let compile =
            Vm::with_limits(own, Budget::default()).evaluate_bundle(&module, COMPILER_BC)?;
        let vm = Vm::with_limits(own, budget);
        Ok(Compiler {
            vm,
            limits,
            compile,
        })
    }

    /// Turns the VM's native overrides of the compiler's hot functions on
    /// (the default) or off (see [`Vm::set_native_overrides`]).
    pub fn set_native_overrides(&mut self, on: bool) {
        self.vm.set_native_overrides(on);
    }

    /// The limits of this compiler and of loads with it.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Compiles module text; the language from `path`'s extension (`.json`,
    /// `.json5`, `.cjs`, `.mjs`, `.js`, with `.d.`/`.f.` variants).
    pub fn compile(&mut self, path: &str, text: &str) -> Result<Module, CompileError> {
        let bytes = self.compile_bytes(path, text)?;
        self.decode(path, &bytes)
    }

    /// Compiles module text to a module, or to its value where it is plain
    /// data without imports (decoded straight into values, as
    /// [`crate::embedded::Embedded`] decodes: the same value, no
    /// evaluation), or to its bytes where it is plain data with imports
    /// (decoded so once their values are known, see [`Linker`]).
    pub fn compile_value(&mut self, path: &str, text: &str) -> Result<ModuleOrValue, CompileError> {
        let bytes = self.compile_bytes(path, text)?;
        if let Some(value) = decode_plain_data(&bytes, &self.limits) {
            return Ok(ModuleOrValue::Value(value));
        }
        // Plain data with imports (read once with stand-ins for their
        // values, to know it is): its bytes, read again with the values.
        if let Ok(imports) = decode_imports(&bytes, &self.limits) {
            let stand_ins = vec![Value::Undefined; imports.len()];
            if decode_plain_module(&bytes, &self.limits, &stand_ins).is_some() {
                return Ok(ModuleOrValue::Data { imports, bytes });
            }
        }
        self.decode(path, &bytes).map(ModuleOrValue::Module)
    }

    /// The module of the bytes the compiler wrote for the module at `path`.
    fn decode(&self, path: &str, bytes: &[u8]) -> Result<Module, CompileError> {
        decode_module_with(bytes, &self.limits).map_err(|e| match e.kind {
            // The compiler nests at most 1000 deep; tighter limits are
            // checked here, where the position is no longer known.
            DecodeErrorKind::TooDeep { limit } => {
                CompileError::limit(path, LimitError::new(Limit::MaxDepth, limit, "nesting"))
            }
            _ => CompileError {
                path: path.to_owned(),
                line: 0,
                column: 0,
                message: e.to_string(),
                limit: None,
            },
        })
    }

    /// Compiles module text to the bytes of a bytecode module, exactly as
    /// the compiler writes them.
    pub fn compile_bytes(&mut self, path: &str, text: &str) -> Result<Vec<u8>, CompileError> {
        let result = self.run(path, text);
        // What the lexer's run left for its later chunks (it holds the text).
        crate::vm::forget_lexer_run();
        // Nothing the compiler made is held outside its VM now (compiling
        // gives bytes, or an error's text and place): its closures' scopes,
        // and the reference cycles through them that hold the module's
        // text, syntax tree and rope, are freed now, not at the next search
        // for cycles (see `Drop`).
        self.vm.clear_environments();
        read_result(path, result?)
    }

    /// The compiler's result for `text`: `['ok', bytes]` or `['error', {
    /// message, line, column }]`.
    fn run(&mut self, path: &str, text: &str) -> Result<Value, CompileError> {
        // The compiler reads the text as one string. UTF-8 is never
        // shorter than UTF-16, so only long texts are counted.
        if text.len() > self.limits.max_string_len {
            let units = text.encode_utf16().count();
            self.limits
                .check_string(units, "module text")
                .map_err(|e| CompileError::limit(path, e))?;
        }
        self.vm
            .call(&self.compile, &[Value::string(path)])
            .and_then(|f| self.vm.call(&f, &[Value::string(text)]))
            .map_err(|e| match vm_limit(&e) {
                Some(limit) => CompileError::limit(path, limit),
                None => CompileError::at(path, 0, 0, e.to_string()),
            })
    }
}

/// The bytes of the compiler's `result` (see [`Compiler::run`]), or its error.
fn read_result(path: &str, result: Value) -> Result<Vec<u8>, CompileError> {
    let malformed = || CompileError::at(path, 0, 0, "the compiler gave a malformed result".into());
    let (ok, payload) = match result.as_array().map(Array::items) {
        Some([kind, payload]) => {
            let kind = kind.as_js_string().ok_or_else(malformed)?;
            (kind.eq_str("ok"), payload.clone())
        }
        _ => return Err(malformed()),
    };
    drop(result);
    if ok {
        let array = payload.as_array().ok_or_else(malformed)?.clone();
        drop(payload);
        // The bytes a compilation gives are a byte array (`flat` makes
        // one), moved out here: the compiler's VM no longer holds it.
        if array.as_bytes().is_some() {
            return array.into_bytes().ok_or_else(malformed);
        }
        let byte = |item: &Value| match *item {
            Value::Number(n) if (0.0..=255.0).contains(&n) && n.fract() == 0.0 => Some(n as u8),
            _ => None,
        };
        array
            .items()
            .iter()
            .map(byte)
            .collect::<Option<_>>()
            .ok_or_else(malformed)
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
        Err(CompileError::at(
            path,
            number("line"),
            number("column"),
            message,
        ))
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
    /// The limit exceeded, if that is what is wrong.
    pub limit: Option<LimitError>,
}

impl CompileError {
    /// An error at `line` and `column` of the module at `path`.
    fn at(path: &str, line: u32, column: u32, message: String) -> Self {
        CompileError {
            path: path.to_owned(),
            line,
            column,
            message,
            limit: None,
        }
    }

    /// The module at `path` exceeds a limit (no position).
    fn limit(path: &str, limit: LimitError) -> Self {
        CompileError {
            path: path.to_owned(),
            line: 0,
            column: 0,
            message: limit.to_string(),
            limit: Some(limit),
        }
    }
}

/// The [`LimitError`] a VM error is, if it is one: the step or memory
/// budget ([`Limits::max_steps`], [`Limits::max_memory`]), or code nested
/// deeper than [`Limits::max_depth`].
fn vm_limit(error: &VmError) -> Option<LimitError> {
    match *error {
        VmError::Budget {
            kind: BudgetKind::Steps,
            limit,
        } => Some(LimitError::new(Limit::MaxSteps, limit, "computation")),
        VmError::Budget {
            kind: BudgetKind::Memory,
            limit,
        } => Some(LimitError::new(Limit::MaxMemory, limit, "memory in use")),
        VmError::Code(CodeError::TooDeep(limit)) => {
            Some(LimitError::new(Limit::MaxDepth, limit, "nesting"))
        }
        _ => None,
    }
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
    /// The limit exceeded, if that is what is wrong.
    pub limit: Option<LimitError>,
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
            limit: None,
            files: Vec::new(),
        }
    }

    fn limit(path: impl Into<String>, limit: LimitError) -> Self {
        LoadError {
            limit: Some(limit.clone()),
            ..LoadError::new(path, limit.to_string())
        }
    }
}

/// Compiles and evaluates the module `entry` and every module it imports,
/// from the directory `root` (imports cannot leave it).
///
/// A relative `entry` is relative to `root`. Uses a fresh [`Compiler`] and
/// the default [`Limits`].
///
/// ```
/// use std::path::Path;
/// let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fjs");
/// let loaded = nanvm_runtime::compile::load(&root, Path::new("names.f.mjs")).unwrap();
/// assert_eq!(loaded.files, [root.join("names.f.mjs")]);
/// ```
pub fn load(root: &Path, entry: &Path) -> Result<Loaded, LoadError> {
    load_limited(root, entry, Limits::default())
}

/// [`load`] with `limits`.
///
/// ```
/// use std::path::Path;
/// use nanvm_runtime::{Limit, Limits};
///
/// let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fjs");
/// let limits = Limits { max_string_len: 100, ..Limits::default() };
/// let error = nanvm_runtime::compile::load_limited(&root, Path::new("names.f.mjs"), limits)
///     .unwrap_err();
/// assert_eq!(error.limit.as_ref().unwrap().limit, Limit::MaxStringLen);
/// assert!(error.message.starts_with("module text of "), "{error}");
/// ```
pub fn load_limited(root: &Path, entry: &Path, limits: Limits) -> Result<Loaded, LoadError> {
    let mut compiler =
        Compiler::limited(limits).map_err(|e| LoadError::new("compiler.bc", e.to_string()))?;
    let vm = Vm::with_limits(limits, limits.budget());
    load_from_dir(&mut compiler, root, entry, vm)
}

/// [`load`] with a given compiler (whose [`Limits`] apply) and the VM that
/// evaluates the modules (its limits and budget apply to each module).
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
/// and every module it imports, evaluating modules with the compiler's
/// [`Limits`].
pub fn load_with<F: Files>(
    compiler: &mut Compiler,
    files: F,
    entry: &str,
) -> Result<Loaded, LoadError> {
    let limits = *compiler.limits();
    load_with_vm(
        compiler,
        files,
        entry,
        Vm::with_limits(limits, limits.budget()),
    )
}

/// [`load_with`], evaluating modules with `vm`.
pub fn load_with_vm<F: Files>(
    compiler: &mut Compiler,
    files: F,
    entry: &str,
    vm: Vm,
) -> Result<Loaded, LoadError> {
    let limits = *compiler.limits();
    let exceeded: RefCell<Option<LimitError>> = RefCell::new(None);
    let failed: RefCell<Option<CompileError>> = RefCell::new(None);
    let compile = |path: &str, text: &str| {
        compiler.compile_value(path, text).map_err(|e| {
            let message = e.to_string();
            *failed.borrow_mut() = Some(e);
            message
        })
    };
    let files = Counted {
        files,
        read: Cell::new(0),
        max: limits.max_modules,
        exceeded: &exceeded,
    };
    let mut linker = Linker::with_vm(FileSource::new(files, compile), vm);
    let result = linker.evaluate(entry).and_then(|value| {
        // Strings built and objects grown at run time, and `.bc` modules,
        // which are not compiled.
        limits.check_value(&value).map(|()| value).map_err(|limit| {
            let message = limit.to_string();
            *exceeded.borrow_mut() = Some(limit);
            LinkError::Load {
                path: entry.to_owned(),
                message,
            }
        })
    });
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
                    limit: c.limit,
                    files: Vec::new(),
                },
                (LinkError::Load { path, message }, _) => match exceeded.into_inner() {
                    Some(limit) => LoadError::limit(path, limit),
                    None => LoadError::new(path, message),
                },
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
                (LinkError::Eval { path, error }, _) => match vm_limit(&error) {
                    Some(limit) => LoadError::limit(path, limit),
                    None => LoadError::new(path, error.to_string()),
                },
            };
            error.files = read;
            Err(error)
        }
    }
}

/// A store of files that counts the modules read (each is read once by a
/// load) against [`Limits::max_modules`].
struct Counted<'a, F> {
    files: F,
    read: Cell<usize>,
    max: usize,
    exceeded: &'a RefCell<Option<LimitError>>,
}

impl<F: Files> Files for Counted<'_, F> {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let read = self.read.get() + 1;
        if read > self.max {
            let what = format!("import graph of more than {} modules", self.max);
            let limit = LimitError::new(Limit::MaxModules, self.max, what);
            let message = limit.to_string();
            *self.exceeded.borrow_mut() = Some(limit);
            return Err(message);
        }
        self.read.set(read);
        self.files.read(path)
    }

    fn disk_path(&self, path: &str) -> Option<PathBuf> {
        self.files.disk_path(path)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn a_compilation_frees_all_the_environments_it_made() {
        let text = "const a = [1, 'x', { b: 2n }]\nexport default [a, a]";
        let mut compiler = Compiler::new().expect("loads");
        let first = compiler.compile_bytes("a.d.mjs", text).expect("compiles");
        // The compiler's closures and their scopes, which reach each other
        // in cycles, are gone once the bytes are out.
        assert!(compiler.vm.live_environments().is_empty());
        // The compiler itself lives on (its own scopes are not this VM's).
        let second = compiler
            .compile_bytes("a.d.mjs", text)
            .expect("compiles again");
        assert_eq!(first, second);
        let error = compiler.compile_bytes("b.json", "[1,").expect_err("fails");
        assert_eq!((error.line, error.column), (1, 4));
        assert!(compiler.vm.live_environments().is_empty());
        let fresh = Compiler::new()
            .expect("loads")
            .compile_bytes("a.d.mjs", text);
        assert_eq!(fresh.as_ref(), Ok(&first));
    }

    #[test]
    fn plain_data_compiles_to_its_value_and_the_rest_to_a_module() {
        let mut compiler = Compiler::new().expect("loads");
        let plain = compiler.compile_value("a.json", "[1, {\"b\": [2]}]");
        let Ok(ModuleOrValue::Value(value)) = plain else {
            panic!("not a value: {plain:?}");
        };
        assert_eq!(
            crate::serialize::to_json(&value).unwrap(),
            r#"[1,{"b":[2]}]"#
        );
        // Data with imports stays bytes until their values are known;
        // code is a module.
        let imports = "import a from './a.json' with { type: 'json' }\nexport default [a]";
        let data = compiler.compile_value("m.d.mjs", imports);
        let Ok(ModuleOrValue::Data {
            imports: specifiers,
            ..
        }) = &data
        else {
            panic!("not data: {data:?}");
        };
        assert_eq!(specifiers, &[crate::value::JsString::from("./a.json")]);
        let code =
            compiler.compile_value("f.f.mjs", "import a from './a.f.mjs'\nexport default a.x");
        assert!(matches!(code, Ok(ModuleOrValue::Module(_))), "{code:?}");
        // Imported twice, a module of plain data is still one value.
        let store = files(&[
            ("a.json", "{\"x\": [1]}"),
            ("m.d.mjs", imports),
            (
                "main.d.mjs",
                "import a from './a.json' with { type: 'json' }\nimport m from './m.d.mjs'\nexport default [a, m]",
            ),
        ]);
        let loaded = load_with(&mut compiler, store, "main.d.mjs").expect("loads");
        let Value::Array(top) = &loaded.value else {
            panic!("not an array");
        };
        let Value::Array(m) = &top.items()[1] else {
            panic!("not an array");
        };
        assert!(Value::is(&top.items()[0], &m.items()[0]));
    }

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
