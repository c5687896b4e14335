//! The FunctionalScript compiler's source on deno_core's QuickJS backend
//! (nanvm-js-engine), compiling the same texts as the VM: the peer of the
//! "compile text to a value graph" row.
//!
//! The host script `bench/js/compile-host.mjs` keeps the texts and times
//! its compile calls itself, so engine start-up, module loading and the
//! crossing from Rust are not counted.

use std::path::PathBuf;
use std::time::Duration;

use nanvm_bench::measure::{sample, Plan, Timing};
use nanvm_bench::workload::Input;
use nanvm_js_engine::JsEngine;

/// A QuickJS engine with the compiler loaded.
pub struct QuickJs {
    engine: JsEngine,
    host: PathBuf,
}

impl QuickJs {
    /// Starts the engine (the compiler's modules load on the first call).
    pub fn new() -> Result<QuickJs, String> {
        Ok(QuickJs {
            engine: JsEngine::with_timeout(Duration::from_secs(900))?,
            host: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("js/compile-host.mjs"),
        })
    }

    /// Times the compile calls of every file of `input`, as `plan` says.
    pub fn compile(&mut self, input: &Input, plan: Plan) -> Result<Timing, String> {
        let texts: serde_json::Map<String, serde_json::Value> = input
            .files
            .iter()
            .map(|(path, bytes)| {
                let text = String::from_utf8(bytes.clone())
                    .map_err(|e| format!("{path}: not UTF-8: {e}"))?;
                Ok((path.clone(), serde_json::Value::String(text)))
            })
            .collect::<Result<_, String>>()?;
        let texts = serde_json::Value::Object(texts).to_string();
        let literal = serde_json::Value::String(texts).to_string();
        self.engine
            .run(&self.host, &format!("module.setTexts({literal})"))?;
        sample(plan, || {
            let answer = self.engine.run(&self.host, "module.compileAll()")?;
            let milliseconds = answer
                .strip_prefix("ok ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|ms| ms.parse::<f64>().ok())
                .ok_or_else(|| format!("QuickJS: {answer}"))?;
            Ok(Duration::from_secs_f64(milliseconds / 1000.0))
        })
    }
}
