//! The bootstrap of the FunctionalScript compiler on deno_core (QuickJS):
//! runs the compiler (`nanvm-core/fjs/compiler.f.mjs`, as JavaScript) on
//! its own source, links the modules (`link.f.mjs`) and writes the bundle to
//! `nanvm-core/fjs/compiler.bc`.
//!
//! ```text
//! cargo run -p nanvm-js-engine --bin fjs-bootstrap            # write compiler.bc
//! cargo run -p nanvm-js-engine --bin fjs-bootstrap -- --check # fail unless it is up to date
//! ```
//!
//! The engine has no file access: the tool reads the compiler's modules
//! (`*.f.mjs` of `nanvm-core/fjs/`) and hands them as texts to the host
//! script `nanvm-core/fjs/bundle-texts.mjs`. Node writes the same bytes
//! (`node nanvm-core/fjs/cli.mjs nanvm-core/fjs/compiler.f.mjs
//! OUT.bc`), so the two engines check each other.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use nanvm_js_engine::JsEngine;
use serde_json::{json, Map, Value};

/// `nanvm-core/fjs/`.
fn fjs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../nanvm-core/fjs")
}

/// The FJS modules of `dir` by file name.
fn sources(dir: &Path) -> Result<Map<String, Value>, String> {
    let mut texts = Map::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".f.mjs") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            texts.insert(name, Value::String(text));
        }
    }
    Ok(texts)
}

/// The compiler's bundle, as deno_core computes it.
fn bootstrap(dir: &Path) -> Result<Vec<u8>, String> {
    let args = json!(["compiler.f.mjs", sources(dir)?]).to_string();
    let mut engine = JsEngine::with_timeout(std::time::Duration::from_secs(600))?;
    let answer = engine.call_default(&dir.join("bundle-texts.mjs"), &args)?;
    let answer: Value =
        serde_json::from_str(&answer).map_err(|e| format!("the answer is not JSON: {e}"))?;
    if let Some(error) = answer.get("error") {
        return Err(format!("the compiler failed: {error}"));
    }
    answer
        .get("bytes")
        .and_then(Value::as_array)
        .ok_or("no bytes in the answer")?
        .iter()
        .map(|b| {
            b.as_u64()
                .and_then(|b| u8::try_from(b).ok())
                .ok_or_else(|| format!("{b} is not a byte"))
        })
        .collect()
}

fn main() -> ExitCode {
    let check = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--check") => true,
        Some(other) => {
            eprintln!("usage: fjs-bootstrap [--check] (unknown argument {other:?})");
            return ExitCode::from(2);
        }
    };
    let dir = fjs_dir();
    let target = dir.join("compiler.bc");
    let bytes = match bootstrap(&dir) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("fjs-bootstrap: {e}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        let committed = std::fs::read(&target).unwrap_or_default();
        if committed != bytes {
            eprintln!(
                "fjs-bootstrap: {} is not what deno_core produces ({} bytes committed, {} now): run cargo run -p nanvm-js-engine --bin fjs-bootstrap",
                target.display(),
                committed.len(),
                bytes.len()
            );
            return ExitCode::FAILURE;
        }
        println!("{}: up to date ({} bytes)", target.display(), bytes.len());
    } else if let Err(e) = std::fs::write(&target, &bytes) {
        eprintln!("fjs-bootstrap: {}: {e}", target.display());
        return ExitCode::FAILURE;
    } else {
        println!("{}: {} bytes written", target.display(), bytes.len());
    }
    ExitCode::SUCCESS
}
