//! The generated entry module of one [`crate::JsEngine::run`] call.

use std::path::Path;

use deno_core::ModuleSpecifier;

use crate::loader::{ENGINE_SCHEME, GRAPH_DUMP_SPECIFIER};

/// The file URL of `path`, made absolute against the current directory.
pub fn file_url(path: &Path) -> Result<ModuleSpecifier, String> {
    let absolute =
        std::path::absolute(path).map_err(|e| format!("cannot resolve {}: {e}", path.display()))?;
    ModuleSpecifier::from_file_path(&absolute)
        .map_err(|()| format!("cannot make a file URL of {}", absolute.display()))
}

/// The specifier of the `n`th generated entry module. Each call gets its own,
/// since the engine's module map keeps every module it has loaded.
pub fn specifier(n: u64) -> Result<ModuleSpecifier, String> {
    let text = format!("{ENGINE_SCHEME}:/run/{n}.mjs");
    ModuleSpecifier::parse(&text).map_err(|e| format!("invalid URL {text}: {e}"))
}

/// The source of an entry module that imports `module` (bound to `module`)
/// and the graph dumper (bound to `dump`), awaits `expression` and exports it
/// as its default export, which must be a string.
pub fn source(module: &ModuleSpecifier, expression: &str) -> String {
    let module = js_string(module.as_str());
    let dumper = js_string(GRAPH_DUMP_SPECIFIER);
    format!(
        "import * as module from {module};\n\
         import {{ dump }} from {dumper};\n\
         const result = await (\n{expression}\n);\n\
         if (typeof result !== 'string') {{\n\
         \x20   throw new TypeError(`the expression gave ${{typeof result}}, not a string`);\n\
         }}\n\
         export default result;\n"
    )
}

/// A JavaScript string literal of `text` (JSON's syntax is a subset).
pub fn js_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}
