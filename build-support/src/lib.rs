//! Build-script support for [nanvm](https://github.com/functionalscript/nanvm):
//! compile DJS modules into `OUT_DIR` from `build.rs`.
//!
//! Each module is compiled with its whole import graph (through the VM, as
//! `include_djs!` does) and written as generated Rust (a `pub static` of
//! type `nanvm_runtime::static_value::StaticValue`, for `include!`) and/or
//! as bytecode (for `nanvm_runtime::embedded::Embedded` or run-time
//! decoding). Every file of every import graph is printed as
//! `cargo:rerun-if-changed`, errors included, so that editing any of them
//! reruns the build script. Files are written through a temporary file and
//! a rename, and left alone when their content is unchanged.
//!
//! Imports stay under the import root: `CARGO_MANIFEST_DIR` unless
//! [`Build::root`] widens it. Loading and writing apply
//! [`Limits`](nanvm_runtime::Limits) (the defaults unless [`Build::limits`]
//! sets them; see `docs/limits.md`); input past one is an error naming it.
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! let limits = nanvm_runtime::Limits {
//!     max_depth: 64,
//!     max_string_len: 1024,
//!     ..Default::default()
//! };
//! if let Err(e) = nanvm_build::Build::new()
//!     .root("..") // the workspace: imports may reach `../shared/`
//!     .limits(limits)
//!     .rust("config/main.d.mjs", "config.rs", "CONFIG")
//!     .bytecode("config/main.d.mjs", "config.bc")
//!     .run()
//! {
//!     // `path:line:column: error: message`, shown by cargo.
//!     eprintln!("{e}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! and in the crate:
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/config.rs")); // pub static CONFIG: StaticValue
//! static CONFIG_BC: nanvm_runtime::embedded::Embedded =
//!     nanvm_runtime::embedded::Embedded::new(include_bytes!(concat!(env!("OUT_DIR"), "/config.bc")));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use nanvm_runtime::bytecode::encode_module;
use nanvm_runtime::compile::{load_limited, LoadError};
use nanvm_runtime::serialize::{to_bytecode_module, to_rust_static, RustOptions, SerializeError};
use nanvm_runtime::source::Directory;
use nanvm_runtime::{LimitError, Limits, Value};

/// One output file.
#[derive(Clone, Debug)]
enum Output {
    Rust {
        entry: PathBuf,
        file: PathBuf,
        name: String,
    },
    Bytecode {
        entry: PathBuf,
        file: PathBuf,
    },
}

/// A list of modules to compile into a directory (see the
/// [crate documentation](crate)).
#[derive(Clone, Debug, Default)]
pub struct Build {
    outputs: Vec<Output>,
    out_dir: Option<PathBuf>,
    base_dir: Option<PathBuf>,
    root: Option<PathBuf>,
    limits: Limits,
    quiet: bool,
}

/// Why a build failed: the module graph did not compile, or a file could
/// not be written. `Display` is `path:line:column: error: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    /// The file at fault.
    pub path: PathBuf,
    /// The line, from 1; 0 when there is no position.
    pub line: u32,
    /// The column, from 1; 0 when there is no position.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// The limit exceeded, if that is what is wrong.
    pub limit: Option<LimitError>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        if self.line == 0 {
            write!(f, "{path}: error: {}", self.message)
        } else {
            write!(
                f,
                "{path}:{}:{}: error: {}",
                self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for BuildError {}

impl BuildError {
    fn at(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        BuildError {
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            limit: None,
        }
    }

    fn serialize(path: &Path, format: &str, error: &SerializeError) -> Self {
        BuildError {
            limit: LimitError::from_serialize(error),
            ..BuildError::at(
                path,
                format!(
                    "cannot write as {format}: {}",
                    LimitError::serialize_message(error)
                ),
            )
        }
    }
}

impl Build {
    /// An empty list, writing into `OUT_DIR`, with entries relative to
    /// `CARGO_MANIFEST_DIR`.
    pub fn new() -> Self {
        Build::default()
    }

    /// Writes the graph of `entry` as Rust into `file` (relative to the
    /// output directory): `pub static NAME: ::nanvm_runtime::static_value::StaticValue = …;`.
    pub fn rust(mut self, entry: impl Into<PathBuf>, file: impl Into<PathBuf>, name: &str) -> Self {
        self.outputs.push(Output::Rust {
            entry: entry.into(),
            file: file.into(),
            name: name.to_owned(),
        });
        self
    }

    /// Writes the graph of `entry` as a bytecode module into `file`
    /// (relative to the output directory).
    pub fn bytecode(mut self, entry: impl Into<PathBuf>, file: impl Into<PathBuf>) -> Self {
        self.outputs.push(Output::Bytecode {
            entry: entry.into(),
            file: file.into(),
        });
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Resolves relative entries against `dir` instead of
    /// `CARGO_MANIFEST_DIR`.
    pub fn base_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base_dir = Some(dir.into());
        self
    }

    /// Confines imports to `dir` (relative to the base directory, see
    /// [`base_dir`](Self::base_dir)) instead of the base directory itself:
    /// `.root("..")` lets modules import from the parent directory.
    pub fn root(mut self, dir: impl Into<PathBuf>) -> Self {
        self.root = Some(dir.into());
        self
    }

    /// Loads and writes with `limits` instead of the defaults.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Prints no `cargo:rerun-if-changed` lines (outside build scripts).
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    /// Compiles every module and writes every file. Returns every file of
    /// every import graph read (each also printed as
    /// `cargo:rerun-if-changed` unless [`quiet`](Self::quiet)).
    pub fn run(&self) -> Result<Vec<PathBuf>, BuildError> {
        let out_dir = directory(&self.out_dir, "OUT_DIR")?;
        let base_dir = directory(&self.base_dir, "CARGO_MANIFEST_DIR")?;
        let root = base_dir.join(self.root.as_deref().unwrap_or(Path::new(".")));
        let mut graphs: BTreeMap<PathBuf, Value> = BTreeMap::new();
        let mut read: Vec<PathBuf> = Vec::new();
        for output in &self.outputs {
            let entry = match output {
                Output::Rust { entry, .. } | Output::Bytecode { entry, .. } => base_dir.join(entry),
            };
            let value = match graphs.get(&entry) {
                Some(value) => value.clone(),
                None => {
                    let result = load_graph(&entry, &root, &self.limits);
                    let files = match &result {
                        Ok((_, files)) => files,
                        Err((_, files)) => files,
                    };
                    for file in files {
                        if !read.contains(file) {
                            if !self.quiet {
                                println!("cargo:rerun-if-changed={}", file.display());
                            }
                            read.push(file.clone());
                        }
                    }
                    let value = result.map_err(|(e, _)| e)?.0;
                    graphs.insert(entry.clone(), value.clone());
                    value
                }
            };
            let (file, bytes) = match output {
                Output::Rust { file, name, .. } => {
                    let options = RustOptions {
                        limits: self.limits,
                        ..RustOptions::default()
                    };
                    let code = to_rust_static(&value, name, &options)
                        .map_err(|e| BuildError::serialize(&entry, "Rust", &e))?;
                    (file, code.into_bytes())
                }
                Output::Bytecode { file, .. } => {
                    let module = to_bytecode_module(&value, &self.limits)
                        .map_err(|e| BuildError::serialize(&entry, "bytecode", &e))?;
                    (file, encode_module(&module))
                }
            };
            write_atomically(&out_dir.join(file), &bytes)?;
        }
        Ok(read)
    }
}

fn directory(given: &Option<PathBuf>, variable: &str) -> Result<PathBuf, BuildError> {
    match given {
        Some(dir) => Ok(dir.clone()),
        None => std::env::var_os(variable)
            .map(PathBuf::from)
            .ok_or_else(|| {
                BuildError::at(
                    variable,
                    "not set (run from a build script, or set the directory)",
                )
            }),
    }
}

type Graph = Result<(Value, Vec<PathBuf>), (BuildError, Vec<PathBuf>)>;

/// The value of the graph of `entry` with imports under `root`, and the
/// files read.
fn load_graph(entry: &Path, root: &Path, limits: &Limits) -> Graph {
    let failed = |message: String| Err((BuildError::at(entry, message), vec![entry.to_path_buf()]));
    if !entry.is_file() {
        return failed("file not found".to_owned());
    }
    let root = match Directory::new(root) {
        Ok(dir) if dir.module_path(entry).is_some() => dir.root().to_path_buf(),
        Ok(_) => {
            let root = root.display();
            return failed(format!(
                "outside the import root {root} (widen it with Build::root)"
            ));
        }
        Err(e) => return failed(format!("import root {}: {e}", root.display())),
    };
    match load_limited(&root, entry, *limits) {
        Ok(loaded) => Ok((loaded.value, loaded.files)),
        Err(error) => {
            let LoadError {
                path,
                line,
                column,
                message,
                limit,
                files,
            } = error;
            let error = BuildError {
                path: root.join(path),
                line,
                column,
                message,
                limit,
            };
            Err((error, files))
        }
    }
}

/// Writes `bytes` to `file` through a temporary file in the same directory
/// and a rename, unless the file already holds them.
fn write_atomically(file: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if std::fs::read(file).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let io = |e: std::io::Error| BuildError::at(file, e.to_string());
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut temporary = file.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).map_err(io)?;
    std::fs::rename(&temporary, file).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        io(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nanvm-build-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_rust_and_bytecode_and_lists_every_file() {
        let dir = scratch("ok");
        std::fs::write(
            dir.join("a.d.mjs"),
            "import b from './b.d.mjs'\nexport default [b, b]",
        )
        .unwrap();
        std::fs::write(dir.join("b.d.mjs"), "export default { x: 1n }").unwrap();
        let files = Build::new()
            .base_dir(&dir)
            .out_dir(dir.join("out"))
            .quiet()
            .rust("a.d.mjs", "a.rs", "A")
            .bytecode("a.d.mjs", "a.bc")
            .run()
            .unwrap();
        assert_eq!(files.len(), 2, "{files:?}");
        let rust = std::fs::read_to_string(dir.join("out/a.rs")).unwrap();
        assert!(rust.starts_with("pub static A: ::nanvm_runtime::static_value::StaticValue = "));
        let bytes = std::fs::read(dir.join("out/a.bc")).unwrap();
        let value = nanvm_runtime::embedded::Embedded::decode(&bytes).unwrap();
        assert_eq!(
            value.to_string(),
            "const c0 = {\"x\":1n}\nexport default [c0,c0]"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn errors_have_a_position_and_the_files_read() {
        let dir = scratch("err");
        std::fs::write(
            dir.join("a.d.mjs"),
            "import b from './b.d.mjs'\nexport default b",
        )
        .unwrap();
        std::fs::write(dir.join("b.d.mjs"), "export default [1,,").unwrap();
        let error = Build::new()
            .base_dir(&dir)
            .out_dir(dir.join("out"))
            .quiet()
            .rust("a.d.mjs", "a.rs", "A")
            .run()
            .unwrap_err();
        assert_eq!(error.path, dir.canonicalize().unwrap().join("b.d.mjs"));
        assert_eq!(error.line, 1);
        assert!(error.to_string().contains("b.d.mjs:1:"), "{error}");
        assert!(!dir.join("out/a.rs").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn imports_stay_under_the_root_unless_widened() {
        let dir = scratch("root");
        std::fs::write(dir.join("shared.d.mjs"), "export default [1]").unwrap();
        std::fs::create_dir_all(dir.join("crate")).unwrap();
        std::fs::write(
            dir.join("crate/a.d.mjs"),
            "import s from '../shared.d.mjs'\nexport default s",
        )
        .unwrap();
        let build = |root: Option<&str>, entry: &str| {
            let build = Build::new()
                .base_dir(dir.join("crate"))
                .out_dir(dir.join("out"))
                .quiet()
                .bytecode(entry, "a.bc");
            match root {
                Some(root) => build.root(root),
                None => build,
            }
            .run()
        };
        let error = build(None, "a.d.mjs").unwrap_err();
        assert!(error.message.contains("leads outside the root"), "{error}");
        let error = build(None, "../shared.d.mjs").unwrap_err();
        assert!(
            error.message.starts_with("outside the import root"),
            "{error}"
        );
        assert!(!dir.join("out/a.bc").exists());
        build(Some(".."), "a.d.mjs").unwrap();
        assert!(dir.join("out/a.bc").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn limits_apply_and_errors_name_them() {
        let dir = scratch("limits");
        std::fs::write(dir.join("a.d.mjs"), "export default [[[1]], 'long string']").unwrap();
        let build = |limits: Limits| {
            Build::new()
                .base_dir(&dir)
                .out_dir(dir.join("out"))
                .quiet()
                .limits(limits)
                .rust("a.d.mjs", "a.rs", "A")
                .run()
        };
        let cases = [
            (
                Limits {
                    max_depth: 2,
                    ..Limits::default()
                },
                "nesting exceeds max_depth 2",
            ),
            (
                Limits {
                    max_string_len: 10,
                    ..Limits::default()
                },
                "module text of 37 code units exceeds max_string_len 10",
            ),
            (
                Limits {
                    max_output_len: 10,
                    ..Limits::default()
                },
                "cannot write as Rust: output exceeds max_output_len 10",
            ),
        ];
        for (limits, expected) in cases {
            let error = build(limits).unwrap_err();
            assert_eq!(error.message, expected);
            assert!(error.limit.is_some(), "{error}");
            assert!(!dir.join("out/a.rs").exists());
        }
        build(Limits::default()).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }
}
