//! A JavaScript engine for nanvm's development: deno_core on its QuickJS
//! backend (crate `v8x`). It bootstraps the FunctionalScript compiler (runs a
//! module graph and calls its default export) and is a test oracle (tells what
//! a module's default export is, as a graph dump: docs/graph-dump.md).
//!
//! Dev-only (`publish = false`): nothing that users compile depends on it. A
//! clean debug build takes a few minutes. Building it needs `scripts/setup`
//! (which runs `scripts/setup-deno-core`): v8x links a WebAssembly runtime
//! (WAMR) that the script builds once into `.tools/wamr`, and
//! `.cargo/config.toml` points `WAMR_LIB_DIR` at it.
//!
//! ```no_run
//! use std::path::Path;
//! use nanvm_js_engine::JsEngine;
//!
//! let mut engine = JsEngine::new()?;
//! let dump = engine.import_default(Path::new("fixtures/example/main.d.mjs"))?;
//! let json = engine.call_default(Path::new("compiler.mjs"), r#"["export default 1"]"#)?;
//! # Ok::<(), String>(())
//! ```

mod entry;
mod loader;
mod watchdog;

use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use deno_core::{v8, JsRuntime, ModuleSpecifier, PollEventLoopOptions, RuntimeOptions};

use crate::loader::EngineLoader;
use crate::watchdog::Watchdog;

/// A JavaScript engine that loads ES modules from the file system.
///
/// Modules are loaded once per engine and then shared by later calls (so a
/// compiler's module graph is parsed once); create a new engine to see files
/// that changed on disk. Not `Send`: an engine stays on the thread that
/// created it.
///
/// Every call is bounded by the engine's time limit: past it, a watchdog
/// thread terminates the JavaScript (an uncatchable error at the next loop
/// back-edge or call) and the call returns an error. One kind of code escapes
/// termination on this backend, a loop that catches every exception
/// (`for (;;) { try { … } catch {} }`): when terminated JavaScript has not
/// stopped a few seconds later, the watchdog aborts the process with a message
/// on stderr, so a test run fails instead of hanging (see `src/watchdog.rs`).
pub struct JsEngine {
    /// `None` after a call was terminated; the next call starts a new one.
    runtime: Option<JsRuntime>,
    /// Drives deno_core's event loop; dropped after `runtime`.
    reactor: tokio::runtime::Runtime,
    timeout: Duration,
    runs: u64,
}

impl JsEngine {
    /// The time limit of [`JsEngine::new`]'s engines, per call.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// An engine whose calls are limited to [`JsEngine::DEFAULT_TIMEOUT`].
    pub fn new() -> Result<Self, String> {
        Self::with_timeout(Self::DEFAULT_TIMEOUT)
    }

    /// An engine whose calls (loading and evaluation together) are limited to
    /// `timeout`. A call past its limit is terminated and returns an error;
    /// the engine then forgets the modules it loaded, as on a fresh start.
    /// (A call that cannot be terminated aborts the process: see [`JsEngine`].)
    pub fn with_timeout(timeout: Duration) -> Result<Self, String> {
        let reactor = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the event loop: {e}"))?;
        let runtime = new_runtime(&reactor)?;
        Ok(Self {
            runtime: Some(runtime),
            reactor,
            timeout,
            runs: 0,
        })
    }

    /// Loads and evaluates the module graph rooted at `module` and returns
    /// its default export as a graph dump (docs/graph-dump.md), exactly as
    /// `node tests/js/graph-dump.mjs` writes it under `"value"`.
    ///
    /// Syntax errors, unresolvable or missing imports, exceptions and a time
    /// limit hit are errors.
    pub fn import_default(&mut self, module: &Path) -> Result<serde_json::Value, String> {
        let text = self.run(module, "JSON.stringify(dump(module.default))")?;
        serde_json::from_str(&text).map_err(|e| format!("the graph dump is not JSON: {e}"))
    }

    /// Calls the default export of `module`, a function, with the arguments
    /// of the JSON array `args_json`, awaits the result if it is a promise, and
    /// returns it as `JSON.stringify` writes it.
    ///
    /// `call_default(compiler, r#"["export default 1"]"#)` is how a compiler
    /// module (a function from source text to output) is run. A result that
    /// `JSON.stringify` cannot write (`undefined`, a function) is an error.
    pub fn call_default(&mut self, module: &Path, args_json: &str) -> Result<String, String> {
        let args = entry::js_string(args_json);
        let expression = format!(
            "JSON.stringify(await (() => {{\n\
             \x20   const args = JSON.parse({args});\n\
             \x20   if (!Array.isArray(args)) {{ throw new TypeError('the arguments are not a JSON array'); }}\n\
             \x20   return module.default(...args);\n\
             }})())"
        );
        self.run(module, &expression)
    }

    /// Loads and evaluates the module graph rooted at `module`, then evaluates
    /// the JavaScript `expression` and returns its value, which must be a
    /// string (or a promise of one).
    ///
    /// The expression sees `module`, the module's namespace object (its
    /// exports: `module.default`), and `dump`, the graph dumper of
    /// `tests/js/graph-dump.mjs`. It is evaluated at the top level of a
    /// module, so it may use `await`. The result crosses into Rust as UTF-8:
    /// lone surrogates become U+FFFD, so return `JSON.stringify(…)` (which
    /// escapes them) or a graph dump when they matter.
    pub fn run(&mut self, module: &Path, expression: &str) -> Result<String, String> {
        let module = entry::file_url(module)?;
        self.runs += 1;
        let specifier = entry::specifier(self.runs)?;
        let source = entry::source(&module, expression);
        let runtime = match &mut self.runtime {
            Some(runtime) => runtime,
            none => none.insert(new_runtime(&self.reactor)?),
        };
        let watchdog = Watchdog::start(runtime.v8_isolate().thread_safe_handle(), self.timeout);
        let result = self.reactor.block_on(evaluate(runtime, &specifier, source));
        if watchdog.stop() {
            // A terminated isolate is left mid-evaluation: start afresh.
            self.runtime = None;
            return Err(format!(
                "terminated: {} did not finish within {:?}",
                module, self.timeout
            ));
        }
        result
    }
}

/// A deno_core runtime that loads modules with [`EngineLoader`].
fn new_runtime(reactor: &tokio::runtime::Runtime) -> Result<JsRuntime, String> {
    let _context = reactor.enter();
    JsRuntime::try_new(RuntimeOptions {
        module_loader: Some(Rc::new(EngineLoader)),
        ..RuntimeOptions::default()
    })
    .map_err(|e| format!("cannot start the JavaScript runtime: {e}"))
}

/// Loads and evaluates the entry module `specifier` with `source`; returns
/// its default export, a string.
async fn evaluate(
    runtime: &mut JsRuntime,
    specifier: &ModuleSpecifier,
    source: String,
) -> Result<String, String> {
    let id = runtime
        .load_side_es_module_from_code(specifier, source)
        .await
        .map_err(|e| describe(&e))?;
    let evaluation = runtime.mod_evaluate(id);
    runtime
        .run_event_loop(PollEventLoopOptions::default())
        .await
        .map_err(|e| describe(&e))?;
    evaluation.await.map_err(|e| describe(&e))?;
    let namespace = runtime.get_module_namespace(id).map_err(|e| describe(&e))?;
    deno_core::scope!(scope, runtime);
    let namespace = v8::Local::new(scope, namespace);
    let key = v8::String::new(scope, "default").ok_or("cannot allocate a string")?;
    let value = namespace
        .get(scope, key.into())
        .ok_or("the entry module has no default export")?;
    Ok(value.to_rust_string_lossy(scope))
}

/// `error`'s message followed by those of its sources (such as the I/O error
/// behind "Failed to load file:///…"), where they add something.
fn describe(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message = format!("{message}: {text}");
        }
        source = cause.source();
    }
    message
}
