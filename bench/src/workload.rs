//! The work measured on nanvm's side: a module graph given as files,
//! compiled to a value graph by the FunctionalScript compiler running in the
//! VM, as `include_djs!` and run-time loading do.

use std::collections::BTreeMap;
use std::path::Path;

use nanvm_core::compile::{load_with, Compiler, LoadError};
use nanvm_core::Value;

/// A named module graph: files by module path (`/`-separated) and the entry.
#[derive(Clone, Debug)]
pub struct Input {
    /// The name shown in the table (`citm_catalog.json`, `config (generated)`).
    pub name: String,
    /// Every file of the graph by module path, relative to the graph's root.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The module path of the entry module.
    pub entry: String,
}

impl Input {
    /// The bytes of every file together.
    pub fn size(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }

    /// The graph's files read from the directory `root` (every file below
    /// it), with `entry` relative to `root`.
    pub fn read_dir(name: &str, root: &Path, entry: &str) -> std::io::Result<Input> {
        let mut files = BTreeMap::new();
        read_tree(root, "", &mut files)?;
        Ok(Input {
            name: name.to_owned(),
            files,
            entry: entry.to_owned(),
        })
    }

    /// Writes the files below `root` (created if needed), replacing what was
    /// there.
    pub fn write_dir(&self, root: &Path) -> std::io::Result<()> {
        if root.exists() {
            std::fs::remove_dir_all(root)?;
        }
        for (path, bytes) in &self.files {
            let file = root.join(path);
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(file, bytes)?;
        }
        Ok(())
    }

    /// Compiles and evaluates the graph with `compiler`: the work of the
    /// "compile text to a value graph" rows.
    pub fn compile(&self, compiler: &mut Compiler) -> Result<Value, LoadError> {
        load_with(compiler, self.files.clone(), &self.entry).map(|loaded| loaded.value)
    }
}

/// Adds the files below `dir` to `files`, their module paths prefixed with
/// `prefix`.
fn read_tree(
    dir: &Path,
    prefix: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            read_tree(&entry.path(), &format!("{path}/"), files)?;
        } else {
            files.insert(path, std::fs::read(entry.path())?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use nanvm_core::serialize::to_djs;

    #[test]
    fn a_graph_written_and_read_back_compiles_to_the_same_value() {
        let input = Input {
            name: "test".to_owned(),
            files: BTreeMap::from([
                (
                    "main.d.mjs".to_owned(),
                    b"import a from './sub/a.d.mjs'\nexport default [a, a]".to_vec(),
                ),
                (
                    "sub/a.d.mjs".to_owned(),
                    b"export default { x: 1n }".to_vec(),
                ),
            ]),
            entry: "main.d.mjs".to_owned(),
        };
        let dir = std::env::temp_dir().join(format!("nanvm-bench-workload-{}", std::process::id()));
        input.write_dir(&dir).unwrap();
        let read = Input::read_dir("test", &dir, "main.d.mjs").unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(read.files, input.files);
        assert_eq!(read.size(), input.size());
        let mut compiler = Compiler::new().unwrap();
        let read = to_djs(&read.compile(&mut compiler).unwrap()).unwrap();
        let original = to_djs(&input.compile(&mut compiler).unwrap()).unwrap();
        assert_eq!(read, original);
    }
}
