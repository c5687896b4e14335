//! Fuzz target: generated DJS modules, evaluated by nanvm and by a
//! JavaScript engine (deno_core on QuickJS, crate `nanvm-js-engine`).
//!
//! `nanvm_tests::djs_gen::djs_module` writes a module from the input
//! (shared consts, edge-case numbers, strings with escapes and lone
//! surrogates, bigints, index-like and `__proto__` keys); nanvm compiles it
//! (the compiler in the VM) and evaluates it, the engine imports it and
//! dumps its default export (`tests/js/graph-dump.mjs`), and
//! `nanvm_tests::fuzz::check_against_engine` requires the same value graph,
//! sharing included. A difference panics with the module's text: keep it
//! in `fixtures/fuzz-regressions/differential/`, which
//! `tests/tests/fuzz_regressions.rs` checks against node.
//!
//! Needs the `differential` feature (deno_core is a long build); run it
//! with `scripts/fuzz differential SECONDS`.
#![no_main]

use std::cell::RefCell;
use std::path::PathBuf;

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use nanvm_js_engine::JsEngine;
use nanvm_runtime::compile::Compiler;
use nanvm_tests::djs_gen::djs_module;
use nanvm_tests::fuzz::{check_against_engine, fuzz_compiler, nanvm_value};

struct State {
    compiler: Compiler,
    /// One engine for the whole process, although it keeps every module it
    /// imported: replacing it does not help. After about 16,000 modules
    /// (8,000 inputs) a process of deno_core on QuickJS fails whatever its
    /// engines ("Module evaluation is still pending … This is a bug in
    /// Deno" on a valid module, or "Failed to execute ext:core/01_core.js"
    /// when a new engine starts), so `scripts/fuzz` runs this target in
    /// fork mode, in child processes of a few seconds each.
    engine: JsEngine,
    /// The directory the modules are written to, for the engine to import.
    dir: PathBuf,
    /// Modules written so far (each has its own name: the engine caches by URL).
    count: u64,
}

impl State {
    fn new() -> Self {
        let dir =
            std::env::temp_dir().join(format!("nanvm-fuzz-differential-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        State {
            compiler: fuzz_compiler(),
            engine: engine(),
            dir,
            count: 0,
        }
    }

    /// The engine's graph dump of the module `text`.
    fn engine_dump(&mut self, text: &str) -> Result<serde_json::Value, String> {
        self.count += 1;
        let file = self.dir.join(format!("m{}.d.mjs", self.count));
        std::fs::write(&file, text).expect("write the module");
        let dump = self.engine.import_default(&file);
        let _ = std::fs::remove_file(&file);
        dump
    }
}

fn engine() -> JsEngine {
    JsEngine::with_timeout(std::time::Duration::from_secs(20)).expect("the engine starts")
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::new());
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = djs_module(&mut Unstructured::new(data)) else {
        return;
    };
    STATE.with(|state| {
        let state = &mut *state.borrow_mut();
        let nanvm = nanvm_value(&mut state.compiler, "fuzz.d.mjs", &text);
        let engine = state.engine_dump(&text);
        if let Err(e) = check_against_engine(&text, &nanvm, &engine) {
            panic!("{e}");
        }
    });
});
