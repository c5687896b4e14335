//! The `nanvm` binary: `compile` for every input and output format, errors
//! (exit status 1, message on stderr, nothing written), `check`, `--root`,
//! the limit flags, and `compile compiler.f.mjs OUT.bc` reproducing
//! `compiler.bc`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use nanvm_runtime::compile::load;
use nanvm_runtime::serialize::{to_djs, to_json};

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nanvm-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let file = dir.join(name);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(file, text).unwrap();
}

/// Runs `nanvm args…` in `dir`.
fn nanvm(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nanvm"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("nanvm runs")
}

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The same value in every input language; each compiles to the same JSON,
/// and that JSON is node's `JSON.stringify` of the `.mjs` module.
#[test]
fn every_input_language() {
    let dir = scratch("inputs");
    let esm = "export default { \"a\": [1, 0.5, \"x\\u00e9\"], \"b\": null, \"c\": true }";
    let cjs = "module.exports = { \"a\": [1, 0.5, \"x\\u00e9\"], \"b\": null, \"c\": true }";
    write(
        &dir,
        "v.json",
        "{ \"a\": [1, 0.5, \"x\\u00e9\"], \"b\": null, \"c\": true }",
    );
    write(
        &dir,
        "v.json5",
        "// JSON5\n{ a: [1, .5, 'x\\u00e9',], b: null, c: true, }",
    );
    for name in ["v.d.mjs", "v.f.mjs", "v.f.js", "v.mjs", "v.js"] {
        write(&dir, name, esm);
    }
    for name in ["v.d.cjs", "v.cjs"] {
        write(&dir, name, cjs);
    }
    ok(&nanvm(&dir, &["compile", "v.json", "v.bc"]));
    let node = Command::new("node")
        .arg("--input-type=module")
        .arg("-e")
        .arg("import v from './v.mjs'; process.stdout.write(JSON.stringify(v))")
        .current_dir(&dir)
        .output()
        .expect("node runs");
    ok(&node);
    let expected = String::from_utf8(node.stdout).unwrap();
    let inputs = [
        "v.json", "v.json5", "v.d.mjs", "v.f.mjs", "v.f.js", "v.mjs", "v.js", "v.d.cjs", "v.cjs",
        "v.bc",
    ];
    for input in inputs {
        let out = format!("{input}.out.json");
        ok(&nanvm(&dir, &["compile", input, &out]));
        assert_eq!(read(&dir, &out), expected, "{input}");
    }
}

/// Each output format holds what the library writes for the loaded value.
#[test]
fn every_output_format() {
    let dir = scratch("outputs");
    write(&dir, "cfg/shared.d.mjs", "export default [1, -0, 'a']");
    write(
        &dir,
        "cfg/main.d.mjs",
        "import s from './shared.d.mjs'\nexport default { s, t: s, big: 12345678901234567890n }",
    );
    let value = load(&dir, Path::new("cfg/main.d.mjs")).unwrap().value;
    let djs = to_djs(&value).unwrap();
    for out in ["o.d.mjs", "o.f.mjs", "o.f.js", "o.mjs", "o.js"] {
        ok(&nanvm(&dir, &["compile", "cfg/main.d.mjs", out]));
        assert_eq!(read(&dir, out), djs, "{out}");
    }
    ok(&nanvm(&dir, &["compile", "cfg/main.d.mjs", "o.bc"]));
    ok(&nanvm(&dir, &["compile", "o.bc", "back.d.mjs"]));
    assert_eq!(read(&dir, "back.d.mjs"), djs);
    ok(&nanvm(&dir, &["compile", "cfg/main.d.mjs", "my-config.rs"]));
    let rust = read(&dir, "my-config.rs");
    assert!(rust.starts_with("pub static MY_CONFIG: "), "{rust}");
    let json_value = load(&dir, Path::new("cfg/shared.d.mjs")).unwrap().value;
    ok(&nanvm(&dir, &["compile", "cfg/shared.d.mjs", "o.json"]));
    assert_eq!(read(&dir, "o.json"), to_json(&json_value).unwrap());
}

/// Failures exit with 1, name the file and position on stderr, and leave
/// the output as it was.
#[test]
fn failures_write_nothing() {
    let dir = scratch("failures");
    write(&dir, "bad.d.mjs", "export default [1,\n  2,,,\n");
    write(&dir, "big.d.mjs", "export default 1n");
    write(&dir, "out.json", "untouched");
    let cases: [(&[&str], &str); 5] = [
        (&["compile", "bad.d.mjs", "out.json"], "bad.d.mjs:2:"),
        (&["compile", "big.d.mjs", "out.json"], "out.json: error: "),
        (
            &["compile", "gone.d.mjs", "out.json"],
            "gone.d.mjs: error: file not found",
        ),
        (
            &["compile", "big.d.mjs", "out.txt"],
            "out.txt: error: unknown output format",
        ),
        (&["compile", "../x.d.mjs", "out.json"], "error: "),
    ];
    for (args, expected) in cases {
        let output = nanvm(&dir, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(read(&dir, "out.json"), "untouched");
    }
    assert!(!dir.join("out.txt").exists());
}

#[test]
fn check_reports_every_bad_file() {
    let dir = scratch("check");
    write(&dir, "good.d.mjs", "export default 1");
    write(&dir, "bad1.json", "[1,]");
    write(
        &dir,
        "bad2.d.mjs",
        "import x from './nowhere.d.mjs'\nexport default x",
    );
    ok(&nanvm(&dir, &["check", "good.d.mjs"]));
    let output = nanvm(&dir, &["check", "bad1.json", "good.d.mjs", "bad2.d.mjs"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("bad1.json:1:"), "{message}");
    assert!(
        message.contains("nowhere.d.mjs: error: file not found"),
        "{message}"
    );
    assert!(message.contains("2 of 3 files failed"), "{message}");
}

/// Imports stay under the working directory unless `--root` widens it.
#[test]
fn root_confines_imports() {
    let dir = scratch("root");
    write(&dir, "lib.d.mjs", "export default 'lib'");
    write(
        &dir,
        "app/main.d.mjs",
        "import l from '../lib.d.mjs'\nexport default [l]",
    );
    let app = dir.join("app");
    let output = nanvm(&app, &["compile", "main.d.mjs", "o.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("leads outside the root"),
        "{}",
        stderr(&output)
    );
    ok(&nanvm(
        &app,
        &["--root", "..", "compile", "main.d.mjs", "o.json"],
    ));
    assert_eq!(
        read(&app, "o.json"),
        to_json(&load(&dir, Path::new("app/main.d.mjs")).unwrap().value).unwrap()
    );
}

/// `nanvm compile nanvm-runtime/fjs/compiler.f.mjs OUT.bc` writes the
/// bundle of the compiler: `compiler.bc`, byte for byte.
#[test]
fn compiles_the_compiler_to_compiler_bc() {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = scratch("compiler").join("compiler.bc");
    let out_arg = out.to_str().unwrap();
    ok(&nanvm(
        repository,
        &["compile", "nanvm-runtime/fjs/compiler.f.mjs", out_arg],
    ));
    let committed = std::fs::read(repository.join("nanvm-runtime/fjs/compiler.bc")).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == committed,
        "differs from compiler.bc"
    );
}

/// Each limit is a flag; input past it fails (exit status 1, nothing
/// written) with an error naming the limit and its value.
#[test]
fn limits_are_flags_and_errors_name_them() {
    let dir = scratch("limits");
    write(&dir, "deep.d.mjs", "export default [[[[1]]]]");
    write(&dir, "wide.d.mjs", "export default { a: 1, b: 2 }");
    write(
        &dir,
        "long.f.mjs",
        "const s = 'abcdefghijklmnopqrst'\nexport default s + s + s",
    );
    write(
        &dir,
        "two.d.mjs",
        "import one from './deep.d.mjs'\nexport default [one]",
    );
    write(
        &dir,
        "loop.f.mjs",
        "const f = n => f(n + 1)\nexport default f(0)",
    );
    write(
        &dir,
        "big.f.mjs",
        "const twice = (s, n) => n === 0 ? s : twice(s + s, n - 1)\nexport default twice('x', 24)",
    );
    let cases: [(&[&str], &str, &str); 8] = [
        (
            &["--max-depth", "3"],
            "deep.d.mjs",
            "deep.d.mjs: error: nesting exceeds max_depth 3",
        ),
        (
            &["--max-string-len", "10"],
            "long.f.mjs",
            "long.f.mjs: error: module text of 57 code units exceeds max_string_len 10",
        ),
        (
            &["--max-string-len", "58"],
            "long.f.mjs",
            "long.f.mjs: error: string of 60 code units exceeds max_string_len 58",
        ),
        (
            &["--max-properties", "1"],
            "wide.d.mjs",
            "wide.d.mjs: error: object of 2 properties exceeds max_properties 1",
        ),
        (
            &["--max-modules", "1"],
            "two.d.mjs",
            "deep.d.mjs: error: import graph of more than 1 modules exceeds max_modules 1",
        ),
        (
            &["--max-steps", "1000"],
            "loop.f.mjs",
            "loop.f.mjs: error: computation exceeds max_steps 1000",
        ),
        (
            &["--max-memory", "1000000"],
            "big.f.mjs",
            "big.f.mjs: error: memory in use exceeds max_memory 1000000",
        ),
        (
            &["--max-output-len", "8"],
            "deep.d.mjs",
            "o.json: error: output exceeds max_output_len 8",
        ),
    ];
    for (flags, input, expected) in cases {
        let mut args = flags.to_vec();
        args.extend(["compile", input, "o.json"]);
        let output = nanvm(&dir, &args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert_eq!(stderr(&output).trim_end(), expected, "{args:?}");
        assert!(!dir.join("o.json").exists(), "{args:?}");
    }
    // The same inputs within the limits.
    ok(&nanvm(
        &dir,
        &["--max-depth", "4", "compile", "deep.d.mjs", "o.json"],
    ));
    assert_eq!(read(&dir, "o.json"), "[[[[1]]]]");
    ok(&nanvm(
        &dir,
        &["--max-string-len", "60", "check", "long.f.mjs"],
    ));
    ok(&nanvm(&dir, &["--max-modules", "2", "check", "two.d.mjs"]));
    // Not a number: a usage error.
    let output = nanvm(&dir, &["--max-depth", "deep", "check", "deep.d.mjs"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

/// A graph of 2^40 leaves from 41 shared consts: written with sharing as
/// DJS, and stopped at the output limit as JSON (which cannot share).
#[test]
fn an_exponential_graph_is_written_shared_or_stops_at_the_output_limit() {
    let dir = scratch("exponential");
    let mut text = String::from("const c0 = [0]\n");
    for i in 1..=40 {
        text.push_str(&format!("const c{i} = [c{}, c{}]\n", i - 1, i - 1));
    }
    text.push_str("export default c40\n");
    write(&dir, "exp.d.mjs", &text);
    ok(&nanvm(&dir, &["compile", "exp.d.mjs", "o.d.mjs"]));
    assert_eq!(read(&dir, "o.d.mjs").lines().count(), 41);
    let output = nanvm(
        &dir,
        &[
            "--max-output-len",
            "1000000",
            "compile",
            "exp.d.mjs",
            "o.json",
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).trim_end(),
        "o.json: error: output exceeds max_output_len 1000000"
    );
    assert!(!dir.join("o.json").exists());
}
