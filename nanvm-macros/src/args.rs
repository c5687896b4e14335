//! The arguments of `include_djs!`: a path literal and an optional mode.

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

/// `include_djs!("path")` or `include_djs!("path", bytecode)`.
pub struct IncludeArgs {
    /// The path, as written.
    pub path: String,
    /// Where the path is written.
    pub span: Span,
    /// What to write.
    pub mode: Mode,
}

const USAGE: &str = "expected `include_djs!(\"path\")` or `include_djs!(\"path\", bytecode)`";

impl IncludeArgs {
    /// Parses the macro's input.
    pub fn parse(input: TokenStream) -> Result<Self, MacroError> {
        let mut tokens = flatten(input).into_iter();
        let (path, span) = match tokens.next() {
            Some(TokenTree::Literal(literal)) => match string_literal(&literal) {
                Some(path) => (path, literal.span()),
                None => return Err(MacroError::at(literal.span(), USAGE)),
            },
            Some(other) => return Err(MacroError::at(other.span(), USAGE)),
            None => return Err(MacroError::at(Span::call_site(), USAGE)),
        };
        let mut mode = Mode::Statics;
        match tokens.next() {
            None => {}
            Some(TokenTree::Punct(p)) if p.as_char() == ',' => match tokens.next() {
                None => {}
                Some(TokenTree::Ident(ident)) => {
                    mode = match ident.to_string().as_str() {
                        "bytecode" => Mode::Bytecode,
                        "statics" => Mode::Statics,
                        _ => {
                            return Err(MacroError::at(
                                ident.span(),
                                "unknown mode: expected `bytecode` or `statics`",
                            ))
                        }
                    };
                    match tokens.next() {
                        None => {}
                        Some(TokenTree::Punct(p)) if p.as_char() == ',' => {
                            if let Some(extra) = tokens.next() {
                                return Err(MacroError::at(extra.span(), USAGE));
                            }
                        }
                        Some(extra) => return Err(MacroError::at(extra.span(), USAGE)),
                    }
                }
                Some(other) => return Err(MacroError::at(other.span(), USAGE)),
            },
            Some(other) => return Err(MacroError::at(other.span(), USAGE)),
        }
        Ok(IncludeArgs { path, span, mode })
    }
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
