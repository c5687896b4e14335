//! The code the macros write: a value graph as static Rust constants or as
//! embedded bytecode, with every file of its import graph tracked.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use nanvm_core::bytecode::encode_module;
use nanvm_core::compile::{load_limited, LoadError};
use nanvm_core::embedded::Embedded;
use nanvm_core::serialize::{to_bytecode_module, to_rust_expr, RustOptions};
use nanvm_core::source::Directory;
use nanvm_core::{LimitError, Limits, Value};
use proc_macro::{Delimiter, Group, Literal, Span, TokenStream, TokenTree};

use crate::args::{IncludeArgs, Mode};
use crate::diagnostic::{read_text, with_source, MacroError};
use crate::location::{calling_dir, canonical, import_root, normalize, shown};

/// `include_djs!`'s expansion, or a `compile_error!`.
pub fn include(args: &IncludeArgs) -> TokenStream {
    let Some(dir) = calling_dir(args.span) else {
        return MacroError::at(args.span, "cannot tell which file calls include_djs!")
            .into_tokens();
    };
    let dir = canonical(&dir);
    let file = normalize(&dir.join(&args.path));
    if !file.is_file() {
        let message = format!("{}: error: file not found", shown(&file, &dir));
        return MacroError::at(args.span, message).into_tokens();
    }
    let root = import_root(&dir, args.root.as_deref());
    let outside = |root: &Path| {
        let message = format!(
            "{}: error: outside the import root {} (the calling crate's directory unless widened with an argument such as `root = \"..\"`, relative to it)",
            shown(&file, &dir),
            shown(root, &dir),
        );
        MacroError::at(args.span, message).into_tokens()
    };
    match Directory::new(&root) {
        Ok(directory) if directory.module_path(&file).is_some() => {}
        Ok(_) => return outside(&root),
        Err(e) => {
            let message = format!("import root {}: error: {e}", shown(&root, &dir));
            return MacroError::at(args.span, message).into_tokens();
        }
    }
    match load_limited(&root, &file, args.limits) {
        Ok(loaded) => expansion(
            &loaded.value,
            &loaded.files,
            args.mode,
            &args.limits,
            args.span,
        ),
        Err(error) => {
            let message = load_message(&error, &root, &dir);
            failure(&error.files, MacroError::at(args.span, message))
        }
    }
}

/// A load error as `path:line:column: error: message` with its source line.
pub fn load_message(error: &LoadError, root: &Path, dir: &Path) -> String {
    let file = root.join(&error.path);
    let text = read_text(&file);
    let message = &error.message;
    with_source(
        &shown(&file, dir),
        error.line,
        error.column,
        message,
        text.as_deref(),
    )
}

/// `const _: &[u8] = include_bytes!("…");` for each file, so that editing
/// one rebuilds the crate.
pub fn tracking(files: &[PathBuf]) -> TokenStream {
    let mut code = String::new();
    // Files on disk only (an inline module has no file).
    for file in files.iter().filter(|f| f.is_absolute()) {
        if let Some(path) = file.to_str() {
            code.push_str("const _: &[u8] = ::core::include_bytes!(");
            code.push_str(&Literal::string(path).to_string());
            code.push_str(");\n");
        }
    }
    TokenStream::from_str(&code).unwrap_or_default()
}

/// `{ <tracking> compile_error!(…) }`: the files read before the error stay
/// tracked, so fixing one of them rebuilds the crate.
pub fn failure(files: &[PathBuf], error: MacroError) -> TokenStream {
    let mut tokens = tracking(files);
    tokens.extend(error.into_tokens());
    TokenStream::from(TokenTree::Group(Group::new(Delimiter::Brace, tokens)))
}

/// The value as an expression in `mode` (written within `limits`),
/// tracking `files`.
pub fn expansion(
    value: &Value,
    files: &[PathBuf],
    mode: Mode,
    limits: &Limits,
    span: Span,
) -> TokenStream {
    match expression(value, mode, limits) {
        Ok(expr) => {
            let mut block = tracking(files).to_string();
            block.push_str(&expr);
            match TokenStream::from_str(&format!("{{ {block} }}")) {
                Ok(tokens) => tokens,
                Err(e) => MacroError::at(span, format!("internal error: generated code: {e}"))
                    .into_tokens(),
            }
        }
        Err(message) => MacroError::at(span, message).into_tokens(),
    }
}

fn expression(value: &Value, mode: Mode, limits: &Limits) -> Result<String, String> {
    match mode {
        Mode::Statics => {
            let options = RustOptions {
                limits: *limits,
                ..RustOptions::default()
            };
            to_rust_expr(value, &options).map_err(|e| {
                let message = LimitError::serialize_message(&e);
                format!("cannot embed the value as static Rust constants: {message}")
            })
        }
        Mode::Bytecode => {
            let module = to_bytecode_module(value, limits).map_err(|e| {
                let message = LimitError::serialize_message(&e);
                format!("cannot embed the value as bytecode: {message}")
            })?;
            let bytes = encode_module(&module);
            // What the program will decode, decoded once now.
            Embedded::decode(&bytes).map_err(|e| format!("internal error: {e}"))?;
            let literal = Literal::byte_string(&bytes);
            Ok(format!(
                "::nanvm_runtime::embedded::Embedded::new({literal})"
            ))
        }
    }
}
