//! Linking and evaluating a graph of modules.
//!
//! A module is a function of its imports (seed 002). [`Linker`] loads the
//! modules reachable from an entry, evaluates each one once with the values
//! of its imports as arguments, and shares each module's value among all of
//! its importers, so a diamond of imports yields one value, not two copies.

use std::collections::HashMap;
use std::fmt;

use crate::bytecode::{decode_module_with, decode_plain_module, Module};
use crate::eval::EvalError;
use crate::path::{resolve_import, SpecifierError};
use crate::value::{JsString, Value};
use crate::vm::{Budget, Vm};
use crate::Limits;

/// Where modules come from: a file system, a map in memory, a compiler.
pub trait ModuleSource {
    /// Loads the module at `path` (see [`crate::path`]); the error is a
    /// message for the user, such as "file not found".
    fn load(&mut self, path: &str) -> Result<Module, String>;

    /// Loads the module at `path`, or its value where the source knows it
    /// without evaluating it (a module of plain data, decoded straight
    /// into values): what [`Linker`] asks for. [`ModuleSource::load`]'s
    /// module unless the source knows better.
    fn load_value(&mut self, path: &str) -> Result<ModuleOrValue, String> {
        self.load(path).map(ModuleOrValue::Module)
    }
}

/// A module as a [`ModuleSource`] gives it.
#[derive(Clone, Debug)]
pub enum ModuleOrValue {
    /// A module, to evaluate with the values of its imports.
    Module(Module),
    /// The value of a module without imports.
    Value(Value),
    /// A module of plain data with imports, as its bytecode: read
    /// straight into values once its imports' values are known
    /// ([`decode_plain_module`]; decoded and evaluated as a [`Module`]
    /// where it cannot be).
    Data {
        /// The specifiers of its imports.
        imports: Vec<JsString>,
        /// Its bytecode.
        bytes: Vec<u8>,
    },
}

impl From<Module> for ModuleOrValue {
    fn from(module: Module) -> Self {
        ModuleOrValue::Module(module)
    }
}

impl ModuleOrValue {
    /// The specifiers of the module's imports (none for a value).
    fn imports(&self) -> &[JsString] {
        match self {
            ModuleOrValue::Module(module) => &module.imports,
            ModuleOrValue::Value(_) => &[],
            ModuleOrValue::Data { imports, .. } => imports,
        }
    }
}

impl ModuleSource for HashMap<String, Module> {
    fn load(&mut self, path: &str) -> Result<Module, String> {
        self.get(path)
            .cloned()
            .ok_or_else(|| "file not found".to_owned())
    }
}

/// Why a module graph could not be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// A module could not be loaded.
    Load {
        /// The module's path.
        path: String,
        /// Why.
        message: String,
    },
    /// An import specifier that names no module.
    Specifier {
        /// The importing module.
        importer: String,
        /// The specifier as written (lossy UTF-8).
        specifier: String,
        /// Why.
        error: SpecifierError,
    },
    /// Modules that import each other in a cycle.
    Cycle(Vec<String>),
    /// A module body that could not be evaluated.
    Eval {
        /// The module's path.
        path: String,
        /// Why.
        error: EvalError,
    },
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Load { path, message } => write!(f, "{path}: error: {message}"),
            LinkError::Specifier {
                importer,
                specifier,
                error,
            } => write!(f, "{importer}: error: import {specifier:?}: {error}"),
            LinkError::Cycle(paths) => {
                write!(
                    f,
                    "{}: error: import cycle: {}",
                    paths[0],
                    paths.join(" -> ")
                )
            }
            LinkError::Eval { path, error } => write!(f, "{path}: error: {error}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// Evaluates module graphs, caching each module's value by path.
///
/// Each module is evaluated by the linker's [`Vm`], with its own [`Budget`].
pub struct Linker<S> {
    source: S,
    vm: Vm,
    values: HashMap<String, Value>,
}

/// A module being linked: its imports are evaluated one after the other.
struct Pending {
    path: String,
    module: ModuleOrValue,
    args: Vec<Value>,
}

impl<S: ModuleSource> Linker<S> {
    /// A linker over `source` with the default [`Limits`].
    pub fn new(source: S) -> Self {
        Self::with_limits(source, Limits::default())
    }

    /// A linker over `source` with `limits` and the default [`Budget`].
    pub fn with_limits(source: S, limits: Limits) -> Self {
        Self::with_vm(source, Vm::with_limits(limits, Budget::default()))
    }

    /// A linker over `source` that evaluates modules with `vm`.
    pub fn with_vm(source: S, vm: Vm) -> Self {
        Linker {
            source,
            vm,
            values: HashMap::new(),
        }
    }

    /// The module source.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// The value of the module at `path`, evaluating it and every module it
    /// imports (each once, even across calls).
    pub fn evaluate(&mut self, path: &str) -> Result<Value, LinkError> {
        if let Some(value) = self.values.get(path) {
            return Ok(value.clone());
        }
        let mut stack = vec![self.load(path)?];
        loop {
            let top = stack
                .last_mut()
                .expect("the stack is not empty in the loop");
            if let Some(specifier) = top.module.imports().get(top.args.len()) {
                let resolved = resolve(&top.path, specifier)?;
                if let Some(value) = self.values.get(&resolved) {
                    top.args.push(value.clone());
                } else if let Some(start) = stack.iter().position(|p| p.path == resolved) {
                    let mut cycle: Vec<String> =
                        stack[start..].iter().map(|p| p.path.clone()).collect();
                    cycle.push(resolved);
                    return Err(LinkError::Cycle(cycle));
                } else {
                    let pending = self.load(&resolved)?;
                    stack.push(pending);
                }
                continue;
            }
            let done = stack.pop().expect("the stack is not empty in the loop");
            let value = self
                .value(done.module, &done.args)
                .map_err(|error| LinkError::Eval {
                    path: done.path.clone(),
                    error,
                })?;
            self.values.insert(done.path, value.clone());
            match stack.last_mut() {
                Some(parent) => parent.args.push(value),
                None => return Ok(value),
            }
        }
    }

    /// The value of `module` whose imports' values are `args`.
    fn value(&mut self, module: ModuleOrValue, args: &[Value]) -> Result<Value, EvalError> {
        match module {
            ModuleOrValue::Module(module) => self.vm.evaluate(&module, args),
            ModuleOrValue::Value(value) => Ok(value),
            ModuleOrValue::Data { bytes, .. } => {
                let limits = *self.vm.limits();
                match decode_plain_module(&bytes, &limits, args) {
                    Some(value) => Ok(value),
                    None => {
                        let module = decode_module_with(&bytes, &limits)
                            .map_err(|e| EvalError::Unsupported(e.to_string()))?;
                        self.vm.evaluate(&module, args)
                    }
                }
            }
        }
    }

    fn load(&mut self, path: &str) -> Result<Pending, LinkError> {
        let module = self
            .source
            .load_value(path)
            .map_err(|message| LinkError::Load {
                path: path.to_owned(),
                message,
            })?;
        Ok(Pending {
            path: path.to_owned(),
            module,
            args: Vec::new(),
        })
    }
}

/// Resolves an import of the module at `importer` to a module path.
fn resolve(importer: &str, specifier: &JsString) -> Result<String, LinkError> {
    let error = |error| LinkError::Specifier {
        importer: importer.to_owned(),
        specifier: specifier.to_string_lossy(),
        error,
    };
    let text = specifier
        .to_rust_string()
        .ok_or_else(|| error(SpecifierError::LoneSurrogate))?;
    resolve_import(importer, &text).map_err(error)
}
