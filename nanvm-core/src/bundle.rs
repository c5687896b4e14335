//! The bundler: a graph of compiled modules to one self-contained module
//! (`docs/bytecode.md`, "Bundles"), byte for byte what
//! `nanvm-core/fjs/link.f.mjs` writes.
//!
//! Constant k of the bundle is module k's code as a function of its
//! imports, called with the constants of the modules it imports; modules
//! are in dependency post-order from the root (each once), the root last.
//! A root without imports is its own bundle. Module code bytes are copied
//! unchanged, never decoded.
//!
//! ```
//! use std::collections::BTreeMap;
//! use nanvm_runtime::bundle::bundle_files;
//! use nanvm_runtime::bytecode::decode_module;
//! use nanvm_runtime::compile::Compiler;
//! use nanvm_runtime::vm::Vm;
//!
//! let files = BTreeMap::from([
//!     ("main.f.mjs".to_owned(), b"import a from './a.f.mjs'\nexport default a(20)".to_vec()),
//!     ("a.f.mjs".to_owned(), b"export default x => x + 1".to_vec()),
//! ]);
//! let bytes = bundle_files(&mut Compiler::new().unwrap(), &files, "main.f.mjs").unwrap();
//! let module = decode_module(&bytes).unwrap();
//! assert!(module.imports.is_empty());
//! assert_eq!(Vm::new().evaluate(&module, &[]).unwrap().as_f64(), Some(21.0));
//! ```

use std::collections::HashMap;

use crate::bytecode::tag;
use crate::compile::Compiler;
use crate::path::resolve_import;
use crate::source::Files;

/// A compiled module split as the bundler needs it.
struct Parsed<'a> {
    /// The import specifiers, as text (`Err` holds a lossy rendering of a
    /// specifier with a lone surrogate).
    imports: Vec<Result<String, String>>,
    /// The `Code` bytes: its length, then its constants.
    code: &'a [u8],
}

fn u32_at(bytes: &[u8], offset: usize) -> Option<usize> {
    let b = bytes.get(offset..offset.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// Splits a compiled module into its import specifiers and code bytes.
fn parse(bytes: &[u8]) -> Result<Parsed<'_>, &'static str> {
    let count = u32_at(bytes, 0).ok_or("malformed module: bad import count")?;
    if count > (bytes.len() - 4) / 4 {
        return Err("malformed module: bad import count");
    }
    let mut offset = 4;
    let mut imports = Vec::with_capacity(count);
    for _ in 0..count {
        let bad = "malformed module: bad import specifier";
        let n = u32_at(bytes, offset).ok_or(bad)?;
        let start = offset + 4;
        let end = n
            .checked_mul(2)
            .and_then(|n| start.checked_add(n))
            .filter(|end| *end <= bytes.len())
            .ok_or(bad)?;
        let units: Vec<u16> = bytes[start..end]
            .chunks_exact(2)
            .map(|u| u16::from_le_bytes([u[0], u[1]]))
            .collect();
        imports.push(String::from_utf16(&units).map_err(|_| String::from_utf16_lossy(&units)));
        offset = end;
    }
    let code = &bytes[offset..];
    match u32_at(bytes, offset) {
        Some(n) if n.checked_add(4) == Some(code.len()) => Ok(Parsed { imports, code }),
        _ => Err("malformed module: bad code length"),
    }
}

/// A module on the walk's stack.
struct Frame {
    path: String,
    bytes: Vec<u8>,
    /// Where the code bytes start in `bytes`.
    code_at: usize,
    deps: Vec<String>,
    next: usize,
}

/// A module done: its code and its imports' paths.
struct Done {
    bytes: Vec<u8>,
    code_at: usize,
    deps: Vec<String>,
}

enum Seen {
    Open,
    Index(usize),
}

/// Loads, parses and resolves the module at `path`.
fn open(
    load: &mut impl FnMut(&str) -> Result<Vec<u8>, String>,
    path: &str,
) -> Result<Frame, String> {
    let bytes = load(path)?;
    let parsed = parse(&bytes).map_err(|e| format!("{path}: error: {e}"))?;
    let mut deps = Vec::with_capacity(parsed.imports.len());
    for spec in &parsed.imports {
        let resolved = match spec {
            Ok(text) => resolve_import(path, text).map_err(|e| (text.clone(), e.to_string())),
            Err(lossy) => Err((lossy.clone(), "holds a lone surrogate".to_owned())),
        };
        deps.push(resolved.map_err(|(s, e)| format!("{path}: error: import '{s}': {e}"))?);
    }
    let code_at = bytes.len() - parsed.code.len();
    Ok(Frame {
        path: path.to_owned(),
        bytes,
        code_at,
        deps,
        next: 0,
    })
}

/// The bundle of the module at module path `root` and every module it
/// imports: the bytes of one module without imports whose value is the
/// root's.
///
/// `load(path)` returns the bytes of the compiled module at `path` (module
/// paths as [`crate::path`] resolves them), or an error message, which is
/// returned as it is. The other errors read `path: error: message`: a
/// malformed module, a bad import path, an import cycle.
pub fn bundle(
    root: &str,
    mut load: impl FnMut(&str) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let first = open(&mut load, root)?;
    if first.deps.is_empty() {
        return Ok(first.bytes);
    }
    let mut seen = HashMap::from([(root.to_owned(), Seen::Open)]);
    let mut stack = vec![first];
    let mut done: Vec<Done> = Vec::new();
    while let Some(top) = stack.last_mut() {
        if let Some(dep) = top.deps.get(top.next).cloned() {
            top.next += 1;
            match seen.get(&dep) {
                Some(Seen::Open) => {
                    let mut paths: Vec<&str> = stack.iter().map(|f| f.path.as_str()).collect();
                    paths.push(&dep);
                    let start = paths.iter().position(|p| *p == dep).unwrap_or(0);
                    let cycle = paths[start..].join(" -> ");
                    return Err(format!("{dep}: error: import cycle: {cycle}"));
                }
                Some(Seen::Index(_)) => {}
                None => {
                    let frame = open(&mut load, &dep)?;
                    seen.insert(dep, Seen::Open);
                    stack.push(frame);
                }
            }
            continue;
        }
        let Some(frame) = stack.pop() else { break };
        seen.insert(frame.path, Seen::Index(done.len()));
        done.push(Done {
            bytes: frame.bytes,
            code_at: frame.code_at,
            deps: frame.deps,
        });
    }
    let mut consts = Vec::new();
    for module in &done {
        let code = &module.bytes[module.code_at..];
        consts.push(tag::CALL);
        consts.push(tag::FUNCTION);
        push_u32(&mut consts, module.deps.len())?;
        consts.extend_from_slice(code);
        push_u32(&mut consts, module.deps.len())?;
        for dep in &module.deps {
            let Some(Seen::Index(index)) = seen.get(dep) else {
                return Err(format!("{dep}: error: import cycle"));
            };
            consts.push(tag::LOCAL_REF);
            push_u32(&mut consts, *index)?;
        }
    }
    let mut bytes = Vec::with_capacity(consts.len() + 8);
    push_u32(&mut bytes, 0)?;
    push_u32(&mut bytes, consts.len())?;
    bytes.extend_from_slice(&consts);
    Ok(bytes)
}

fn push_u32(bytes: &mut Vec<u8>, n: usize) -> Result<(), String> {
    let n = u32::try_from(n).map_err(|_| "bundle larger than 4 GiB".to_owned())?;
    bytes.extend_from_slice(&n.to_le_bytes());
    Ok(())
}

/// The bundle of the module at module path `root` of `files`, each module
/// compiled by `compiler` (`.bc` files are taken as they are).
///
/// Errors read `path:line:column: error: message` for a module that does
/// not compile, `path: error: message` otherwise.
pub fn bundle_files<F: Files>(
    compiler: &mut Compiler,
    files: &F,
    root: &str,
) -> Result<Vec<u8>, String> {
    bundle(root, |path| {
        let bytes = files
            .read(path)
            .map_err(|e| format!("{path}: error: {e}"))?;
        if path.ends_with(".bc") {
            return Ok(bytes);
        }
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let at = e.valid_up_to();
            format!("{path}: error: not UTF-8: invalid byte at offset {at}")
        })?;
        compiler
            .compile_bytes(path, text)
            .map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn store(entries: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        entries
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn errors() {
        let mut compiler = Compiler::new().unwrap();
        let cycle = store(&[
            ("a.f.mjs", "import b from './b.f.mjs'\nexport default b"),
            ("b.f.mjs", "import a from './a.f.mjs'\nexport default a"),
        ]);
        assert_eq!(
            bundle_files(&mut compiler, &cycle, "a.f.mjs"),
            Err("a.f.mjs: error: import cycle: a.f.mjs -> b.f.mjs -> a.f.mjs".into())
        );
        let missing = store(&[("a.f.mjs", "import b from './b.f.mjs'\nexport default b")]);
        assert_eq!(
            bundle_files(&mut compiler, &missing, "a.f.mjs"),
            Err("b.f.mjs: error: file not found".into())
        );
        let bad = store(&[("a.f.mjs", "export default [")]);
        let error = bundle_files(&mut compiler, &bad, "a.f.mjs").unwrap_err();
        assert!(error.starts_with("a.f.mjs:1:"), "{error}");
        assert_eq!(
            bundle("x.bc", |_| Ok(vec![1, 0, 0])),
            Err("x.bc: error: malformed module: bad import count".into())
        );
    }
}
