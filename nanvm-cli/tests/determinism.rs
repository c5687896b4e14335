//! `nanvm compile` is deterministic: every fixture under
//! `fixtures/compiler/{djs,fjs}/ok`, compiled in two processes — the second
//! from a copy of the fixtures at another absolute path — gives the same
//! bytes, as `.bc` and as text (`.d.mjs`, or `.json` where DJS text has no
//! form for the value).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixture languages: directories under `fixtures/compiler`, each with
/// `ok/` modules importing from `lib/`.
const LANGUAGES: &[&str] = &["djs", "fjs"];

/// The fewest fixtures that must compile for the test to mean anything.
const MIN_COMPILED: usize = 20;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// A fresh directory for this test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nanvm-determinism-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs `nanvm compile ok/NAME OUT` with `root` as the working directory
/// (so as the import root); the bytes written, or `None` if it failed.
fn compile(root: &Path, name: &str, out: &Path) -> Option<Vec<u8>> {
    let input = format!("ok/{name}");
    let status = Command::new(env!("CARGO_BIN_EXE_nanvm"))
        .arg("compile")
        .arg(&input)
        .arg(out)
        .current_dir(root)
        .output()
        .expect("nanvm runs")
        .status;
    status.success().then(|| std::fs::read(out).unwrap())
}

/// Compiles `name` to `extension` from both roots; panics if the runs
/// disagree. The bytes, if both succeeded.
fn same_twice(roots: [&Path; 2], out: &Path, name: &str, extension: &str) -> Option<Vec<u8>> {
    let [first, second] = [0, 1].map(|run| {
        let file = out.join(format!("{name}.run{run}{extension}"));
        compile(roots[run], name, &file)
    });
    match (&first, &second) {
        (Some(a), Some(b)) => assert!(a == b, "{name} → {extension}: outputs differ"),
        (None, None) => {}
        _ => panic!(
            "{name} → {extension}: one run succeeded, the other failed ({} / {})",
            first.is_some(),
            second.is_some()
        ),
    }
    first
}

#[test]
fn compiling_twice_from_different_paths_gives_identical_bytes() {
    let fixtures = repository().join("fixtures/compiler");
    let copy_root = scratch("copy");
    let copy = copy_root.join("elsewhere/fixtures");
    let out = scratch("out");
    let mut compiled = Vec::new();
    for language in LANGUAGES {
        let original = fixtures.join(language);
        if !original.join("ok").is_dir() {
            continue;
        }
        let moved = copy.join(language);
        copy_tree(&original, &moved);
        let mut names: Vec<String> = std::fs::read_dir(original.join("ok"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        for name in names {
            let roots = [original.as_path(), moved.as_path()];
            if same_twice(roots, &out, &name, ".bc").is_none() {
                continue;
            }
            if same_twice(roots, &out, &name, ".d.mjs").is_none() {
                same_twice(roots, &out, &name, ".json");
            }
            compiled.push(format!("{language}/{name}"));
        }
    }
    assert!(
        compiled.len() >= MIN_COMPILED,
        "only {} fixtures compiled: {compiled:?}",
        compiled.len()
    );
    let _ = std::fs::remove_dir_all(copy_root);
    let _ = std::fs::remove_dir_all(out);
}
