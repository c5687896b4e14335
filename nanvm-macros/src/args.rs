//! The arguments of `include_djs!`: a path literal, an optional mode, and
//! named arguments (`root = "…"` and the [`Limits`] by name).

use nanvm_core::Limits;
use proc_macro::{Delimiter, Literal, Span, TokenStream, TokenTree};

use crate::diagnostic::MacroError;

/// What the macro writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Static Rust constants (`StaticValue`).
    Statics,
    /// Embedded bytecode (`Embedded`).
    Bytecode,
}

/// `include_djs!("path")`, `include_djs!("path", bytecode)`, with named
/// arguments after them: `include_djs!("path", root = "..", max_depth = 64)`.
pub struct IncludeArgs {
    /// The path, as written.
    pub path: String,
    /// Where the path is written.
    pub span: Span,
    /// What to write.
    pub mode: Mode,
    /// The import root as written (relative to the crate's directory), if
    /// given.
    pub root: Option<String>,
    /// The limits: the defaults, with the named arguments set.
    pub limits: Limits,
}

const USAGE: &str = "expected `include_djs!(\"path\")`, `include_djs!(\"path\", bytecode)`, then named arguments such as `root = \"..\"` or `max_depth = 64`";

impl IncludeArgs {
    /// Parses the macro's input.
    pub fn parse(input: TokenStream) -> Result<Self, MacroError> {
        let trees = flatten(input);
        let mut items = trees.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','));
        let (path, span) = match items.next() {
            Some([TokenTree::Literal(literal)]) => match string_literal(literal) {
                Some(path) => (path, literal.span()),
                None => return Err(MacroError::at(literal.span(), USAGE)),
            },
            Some([first, ..]) => return Err(MacroError::at(first.span(), USAGE)),
            Some([]) | None => return Err(MacroError::at(Span::call_site(), USAGE)),
        };
        let mut args = IncludeArgs {
            path,
            span,
            mode: Mode::Statics,
            root: None,
            limits: Limits::default(),
        };
        let mut items = items.peekable();
        while let Some(item) = items.next() {
            match item {
                // A trailing comma.
                [] if items.peek().is_none() => {}
                [TokenTree::Ident(ident)] => {
                    args.mode = match ident.to_string().as_str() {
                        "bytecode" => Mode::Bytecode,
                        "statics" => Mode::Statics,
                        _ => {
                            return Err(MacroError::at(
                                ident.span(),
                                "unknown mode: expected `bytecode` or `statics`",
                            ))
                        }
                    }
                }
                [TokenTree::Ident(key), TokenTree::Punct(eq), TokenTree::Literal(value)]
                    if eq.as_char() == '=' =>
                {
                    args.named(&key.to_string(), key.span(), value)?
                }
                [first, ..] => return Err(MacroError::at(first.span(), USAGE)),
                [] => return Err(MacroError::at(Span::call_site(), USAGE)),
            }
        }
        Ok(args)
    }

    /// Sets the named argument `key = value`.
    fn named(&mut self, key: &str, span: Span, value: &Literal) -> Result<(), MacroError> {
        if key == "root" {
            let root = string_literal(value).ok_or_else(|| {
                MacroError::at(value.span(), "expected the root as a string literal")
            })?;
            self.root = Some(root);
            return Ok(());
        }
        if !Limits::NAMES.contains(&key) {
            let message = format!(
                "unknown argument `{key}`: expected `root` or one of {}",
                Limits::NAMES.join(", ")
            );
            return Err(MacroError::at(span, message));
        }
        let number = integer_literal(value).ok_or_else(|| {
            MacroError::at(value.span(), format!("expected `{key}` as an integer"))
        })?;
        self.limits
            .set(key, number)
            .map_err(|e| MacroError::at(span, e.to_string()))
    }
}

/// The value of an integer literal (`64`, `1_000_000`, `0x40`), if
/// `literal` is one that fits a `u64`.
fn integer_literal(literal: &Literal) -> Option<u64> {
    let tokens = TokenStream::from(TokenTree::Literal(literal.clone()));
    syn::parse2::<syn::LitInt>(tokens.into())
        .ok()
        .and_then(|n| n.base10_parse().ok())
}

/// The tokens, with invisible groups (from `macro_rules!` expansions)
/// opened.
pub fn flatten(input: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    for tree in input {
        match tree {
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => {
                out.extend(flatten(g.stream()))
            }
            tree => out.push(tree),
        }
    }
    out
}

/// The value of a string literal (`"…"` or `r#"…"#`), if `literal` is one.
pub fn string_literal(literal: &Literal) -> Option<String> {
    let tokens = TokenStream::from(TokenTree::Literal(literal.clone()));
    syn::parse2::<syn::LitStr>(tokens.into())
        .ok()
        .map(|s| s.value())
}
