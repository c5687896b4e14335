//! Module sources backed by files: a directory on disk or files in memory,
//! confined to a root.
//!
//! A [`FileSource`] reads each module's bytes from a [`Files`] store, checks
//! they are UTF-8 and hands the text to a compile function, which turns it
//! into a bytecode [`Module`]. Bytecode files (`.bc`) are decoded directly.
//! It records every file it reads, so build tools can track them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::bytecode::{decode_module, Module};
use crate::link::{ModuleOrValue, ModuleSource};
use crate::serialize::to_bytecode_module;
use crate::Limits;

/// A store of files addressed by module path (`/`-separated, relative to
/// the store's root, as [`crate::path`] resolves them).
pub trait Files {
    /// The bytes of the file at `path`, or a message such as "file not found".
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;

    /// Where the file at `path` lives on disk, if it does (for build tools
    /// that track files).
    fn disk_path(&self, _path: &str) -> Option<PathBuf> {
        None
    }
}

/// Files in memory, for tests and embedders.
impl Files for BTreeMap<String, Vec<u8>> {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.get(path)
            .cloned()
            .ok_or_else(|| "file not found".to_owned())
    }
}

/// The files under a directory on disk.
///
/// A module path cannot name anything outside the directory: `..` segments
/// that leave it are rejected when imports are resolved, and a symbolic link
/// that leads out of it is rejected here, so widening the root is a
/// deliberate choice of the caller (pick a higher directory).
#[derive(Clone, Debug)]
pub struct Directory {
    root: PathBuf,
}

impl Directory {
    /// The files under `root`, which must exist.
    pub fn new(root: impl AsRef<Path>) -> std::io::Result<Self> {
        Ok(Directory {
            root: root.as_ref().canonicalize()?,
        })
    }

    /// The directory, canonicalized.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The module path of a file on disk, relative to the root, if the file
    /// is under it.
    pub fn module_path(&self, file: &Path) -> Option<String> {
        let file = file.canonicalize().ok()?;
        let relative = file.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = relative
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect();
        Some(parts?.join("/"))
    }
}

impl Files for Directory {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let file = self.root.join(path);
        let real = file.canonicalize().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_owned(),
            _ => e.to_string(),
        })?;
        if !real.starts_with(&self.root) {
            return Err(format!(
                "resolves to {}, outside the root {}",
                real.display(),
                self.root.display()
            ));
        }
        std::fs::read(&real).map_err(|e| e.to_string())
    }

    fn disk_path(&self, path: &str) -> Option<PathBuf> {
        Some(self.root.join(path))
    }
}

/// A function from a module's path and text to its bytecode (or, for a
/// module of plain data, its value), or an error message (`line:column:
/// error: …` positions are the compiler's).
pub type CompileFn<'a> = dyn FnMut(&str, &str) -> Result<ModuleOrValue, String> + 'a;

/// A [`ModuleSource`] that reads files and compiles them.
pub struct FileSource<'a, F> {
    files: F,
    compile: Box<CompileFn<'a>>,
    read: Vec<String>,
}

impl<'a, F: Files> FileSource<'a, F> {
    /// Reads from `files`, compiling text with `compile` (to a [`Module`]
    /// or a [`ModuleOrValue`]).
    pub fn new<M: Into<ModuleOrValue>>(
        files: F,
        mut compile: impl FnMut(&str, &str) -> Result<M, String> + 'a,
    ) -> Self {
        FileSource {
            files,
            compile: Box::new(move |path, text| compile(path, text).map(Into::into)),
            read: Vec::new(),
        }
    }

    /// The module paths read so far, in the order they were first read.
    pub fn files_read(&self) -> &[String] {
        &self.read
    }

    /// The file store.
    pub fn files(&self) -> &F {
        &self.files
    }
}

impl<F: Files> ModuleSource for FileSource<'_, F> {
    /// The module at `path`; where the compiler gave its value, that value
    /// written back to bytecode.
    fn load(&mut self, path: &str) -> Result<Module, String> {
        match self.load_value(path)? {
            ModuleOrValue::Module(module) => Ok(module),
            ModuleOrValue::Value(value) => {
                to_bytecode_module(&value, &Limits::default()).map_err(|e| e.to_string())
            }
            ModuleOrValue::Data { bytes, .. } => decode_module(&bytes).map_err(|e| e.to_string()),
        }
    }

    fn load_value(&mut self, path: &str) -> Result<ModuleOrValue, String> {
        let bytes = self.files.read(path)?;
        if !self.read.iter().any(|p| p == path) {
            self.read.push(path.to_owned());
        }
        if path.ends_with(".bc") {
            return decode_module(&bytes)
                .map(ModuleOrValue::Module)
                .map_err(|e| e.to_string());
        }
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| format!("not UTF-8: invalid byte at offset {}", e.valid_up_to()))?;
        (self.compile)(path, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::{encode_module, Expr};
    use crate::link::Linker;
    use crate::Value;

    fn no_compiler(_: &str, _: &str) -> Result<Module, String> {
        Err("no compiler".into())
    }

    #[test]
    fn reads_bytecode_and_records_files() {
        let mut files = BTreeMap::new();
        let leaf = Module::of_value(Expr::Bool(true));
        files.insert("a/leaf.bc".to_owned(), encode_module(&leaf));
        files.insert("bad.d.mjs".to_owned(), vec![0xFF]);
        let mut source = FileSource::new(files, no_compiler);
        assert!(matches!(source.load("a/leaf.bc"), Ok(m) if m == leaf));
        assert_eq!(source.load("gone.bc"), Err("file not found".into()));
        assert_eq!(
            source.load("bad.d.mjs"),
            Err("not UTF-8: invalid byte at offset 0".into())
        );
        assert_eq!(source.files_read(), ["a/leaf.bc", "bad.d.mjs"]);
        let value = Linker::new(source).evaluate("a/leaf.bc").unwrap();
        assert!(Value::is(&value, &Value::Bool(true)));
    }

    #[test]
    fn hands_text_to_the_compiler() {
        let files = BTreeMap::from([("x.d.mjs".to_owned(), b"export default 1".to_vec())]);
        let mut seen = Vec::new();
        let mut source = FileSource::new(files, |path: &str, text: &str| {
            seen.push((path.to_owned(), text.to_owned()));
            Ok(Module::of_value(Expr::Number(1.0)))
        });
        assert!(source.load("x.d.mjs").is_ok());
        drop(source);
        assert_eq!(
            seen,
            [("x.d.mjs".to_owned(), "export default 1".to_owned())]
        );
    }

    #[test]
    fn a_directory_keeps_symlinks_inside_the_root() {
        let base = std::env::temp_dir().join(format!("nanvm-source-{}", std::process::id()));
        let root = base.join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(base.join("secret.bc"), b"x").unwrap();
        std::fs::write(root.join("sub/inside.bc"), b"y").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("secret.bc"), root.join("out.bc")).unwrap();
            std::os::unix::fs::symlink(root.join("sub/inside.bc"), root.join("in.bc")).unwrap();
        }
        let dir = Directory::new(&root).unwrap();
        assert_eq!(dir.read("sub/inside.bc"), Ok(b"y".to_vec()));
        assert_eq!(dir.read("missing.bc"), Err("file not found".into()));
        #[cfg(unix)]
        {
            assert_eq!(dir.read("in.bc"), Ok(b"y".to_vec()));
            let error = dir.read("out.bc").unwrap_err();
            assert!(error.contains("outside the root"), "{error}");
        }
        assert_eq!(
            dir.module_path(&root.join("sub/inside.bc")).as_deref(),
            Some("sub/inside.bc")
        );
        assert_eq!(dir.module_path(&base.join("secret.bc")), None);
        std::fs::remove_dir_all(&base).unwrap();
    }
}
