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

/// The root of the file system `path` is on: the root of the module
/// directory, so that imports may reach any file, as `include_str!` may.
pub fn file_system_root(path: &Path) -> PathBuf {
    path.ancestors()
        .last()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
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
        assert_eq!(file_system_root(Path::new("/a/b")), Path::new("/"));
    }
}
