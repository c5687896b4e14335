//! Node.js as the second opinion: the engine must give what node gives.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/js/graph-dump.mjs` of the workspace.
fn graph_dump_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/js/graph-dump.mjs")
}

/// Runs node with `args`; its stdout, or a panic naming what failed.
fn node(args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new("node")
        .args(args)
        .output()
        .expect("node is installed (scripts/setup)");
    assert!(
        output.status.success(),
        "node {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("node writes UTF-8")
}

/// What `node tests/js/graph-dump.mjs module` says the module's default
/// export is: its `"value"`, or a panic with its `"error"`.
pub fn graph_dump(module: &Path) -> serde_json::Value {
    let line = node(&[graph_dump_script().as_os_str(), module.as_os_str()]);
    let mut line: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
    match line.get_mut("value") {
        Some(value) => value.take(),
        None => panic!("node could not import {}: {line}", module.display()),
    }
}

/// `JSON.stringify` of node's (awaited) result of calling the default export
/// of `module` with the arguments of the JSON array `args_json`.
pub fn call_default(module: &Path, args_json: &str) -> String {
    const SCRIPT: &str = "import { pathToFileURL } from 'node:url'\n\
        const [file, args] = process.argv.slice(1)\n\
        const m = await import(pathToFileURL(file).href)\n\
        process.stdout.write(JSON.stringify(await m.default(...JSON.parse(args))))\n";
    node(&[
        "--input-type=module".as_ref(),
        "-e".as_ref(),
        SCRIPT.as_ref(),
        module.as_os_str(),
        args_json.as_ref(),
    ])
}
