//! The module loader: ES modules from the file system, plus the embedded
//! graph dumper (`tests/js/graph-dump.mjs`) under a fixed specifier.

use deno_core::error::ModuleLoaderError;
use deno_core::{
    FsModuleLoader, ModuleCodeString, ModuleLoadOptions, ModuleLoadReferrer, ModuleLoadResponse,
    ModuleLoader, ModuleSource, ModuleSourceCode, ModuleSpecifier, ModuleType, ResolutionKind,
};

/// The specifier under which the graph dumper is importable:
/// `import { dump } from "nanvm-js-engine:/graph-dump.mjs"`.
pub const GRAPH_DUMP_SPECIFIER: &str = "nanvm-js-engine:/graph-dump.mjs";

/// The scheme of the engine's own modules (the graph dumper and the
/// generated entry modules); nothing on disk can be reached through it.
pub const ENGINE_SCHEME: &str = "nanvm-js-engine";

/// `tests/js/graph-dump.mjs`, the format of docs/graph-dump.md.
const GRAPH_DUMP_SOURCE: &str = include_str!("../../tests/js/graph-dump.mjs");

/// Loads `file:` modules with [`FsModuleLoader`] and serves the graph dumper.
pub struct EngineLoader;

impl ModuleLoader for EngineLoader {
    fn resolve(
        &self,
        specifier: &str,
        referrer: &str,
        kind: ResolutionKind,
    ) -> Result<ModuleSpecifier, ModuleLoaderError> {
        FsModuleLoader.resolve(specifier, referrer, kind)
    }

    fn load(
        &self,
        specifier: &ModuleSpecifier,
        referrer: Option<&ModuleLoadReferrer>,
        options: ModuleLoadOptions,
    ) -> ModuleLoadResponse {
        if specifier.as_str() == GRAPH_DUMP_SPECIFIER {
            return ModuleLoadResponse::Sync(Ok(ModuleSource::new(
                ModuleType::JavaScript,
                ModuleSourceCode::String(ModuleCodeString::from_static(GRAPH_DUMP_SOURCE)),
                specifier,
                None,
            )));
        }
        if specifier.scheme() != "file" {
            return ModuleLoadResponse::Sync(Err(ModuleLoaderError::generic(format!(
                "cannot load {specifier}: only file: modules can be imported"
            ))));
        }
        FsModuleLoader.load(specifier, referrer, options)
    }
}
