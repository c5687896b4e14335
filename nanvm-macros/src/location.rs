//! Where files are: the calling file's directory, paths shown in errors.

use std::path::{Component, Path, PathBuf};

use proc_macro::Span;

/// The directory of the file that calls the macro: `Span::local_file`, or
/// the calling crate's `CARGO_MANIFEST_DIR` for tools that give no file.
pub fn calling_dir(span: Span) -> Option<PathBuf> {
    let here = std::env::current_dir().ok();
    let from_span = span
        .local_file()
        .and_then(|file| file.parent().map(Path::to_path_buf))
        .map(|dir| match (&here, dir.is_relative()) {
            (Some(here), true) => here.join(dir),
            _ => dir,
        });
    from_span.or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from))
}

/// `path` without `.` and `..` segments (lexically, as `include_str!`
/// resolves them).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The directory of the crate that calls the macro: `CARGO_MANIFEST_DIR`
/// when the calling file's directory `dir` is under it (always, in a plain
/// cargo build), else the nearest directory at or above `dir` that holds a
/// `Cargo.toml` (a file compiled as part of another package, as trybuild
/// does), else `dir` itself.
pub fn crate_dir(dir: &Path) -> PathBuf {
    let dir = canonical(dir);
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(|m| canonical(Path::new(&m)));
    if let Some(manifest) = manifest.filter(|m| dir.starts_with(m)) {
        return manifest;
    }
    dir.ancestors()
        .find(|d| d.join("Cargo.toml").is_file())
        .map_or_else(|| dir.clone(), Path::to_path_buf)
}

/// The import root: `root` as written in the macro call (relative to the
/// crate's directory), or the crate's directory; canonical when it exists.
pub fn import_root(dir: &Path, root: Option<&str>) -> PathBuf {
    let crate_dir = crate_dir(dir);
    canonical(&crate_dir.join(root.unwrap_or(".")))
}

/// `path` canonicalized, or without `.` and `..` when it does not exist.
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| normalize(path))
}

/// How an error shows `file`: relative to the calling file's directory
/// (as the path in the macro call is written), or absolute when the two
/// share no root.
pub fn shown(file: &Path, dir: &Path) -> String {
    let file = normalize(file);
    let dir = normalize(dir);
    let common = file
        .components()
        .zip(dir.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return file.display().to_string();
    }
    let mut relative = PathBuf::new();
    for _ in dir.components().skip(common) {
        relative.push("..");
    }
    relative.extend(file.components().skip(common));
    relative.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_relative_to_the_calling_file() {
        let dir = Path::new("/w/tests/tests");
        assert_eq!(shown(Path::new("/w/tests/tests/a.d.mjs"), dir), "a.d.mjs");
        assert_eq!(
            shown(Path::new("/w/tests/tests/../../fixtures/b.d.mjs"), dir),
            "../../fixtures/b.d.mjs"
        );
        assert_eq!(normalize(Path::new("/a/./b/../c")), Path::new("/a/c"));
    }

    #[test]
    fn the_root_is_the_crate_directory_unless_widened() {
        let here = canonical(Path::new(env!("CARGO_MANIFEST_DIR")));
        assert_eq!(crate_dir(&here.join("src")), here);
        assert_eq!(import_root(&here.join("src"), None), here);
        assert_eq!(
            import_root(&here.join("src"), Some("..")),
            here.parent().unwrap()
        );
        // A directory outside CARGO_MANIFEST_DIR: its own package.
        let core = here.parent().unwrap().join("nanvm-core");
        assert_eq!(crate_dir(&core.join("src/vm")), core);
    }
}
