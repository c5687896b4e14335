//! Errors as `compile_error!` at the macro call: the message, and for an
//! error in a DJS file its `path:line:column`, source line and caret.

use std::path::Path;

use proc_macro::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

/// An error reported at a span of the macro's input.
pub struct MacroError {
    span: Span,
    message: String,
}

impl MacroError {
    /// `message`, reported at `span`.
    pub fn at(span: Span, message: impl Into<String>) -> Self {
        MacroError {
            span,
            message: message.into(),
        }
    }

    /// `::core::compile_error!("message")`, every token at the span.
    pub fn into_tokens(self) -> TokenStream {
        let span = self.span;
        let mut literal = Literal::string(&self.message);
        literal.set_span(span);
        let tokens = [
            TokenTree::Punct(joint(':', span)),
            TokenTree::Punct(alone(':', span)),
            TokenTree::Ident(Ident::new("core", span)),
            TokenTree::Punct(joint(':', span)),
            TokenTree::Punct(alone(':', span)),
            TokenTree::Ident(Ident::new("compile_error", span)),
            TokenTree::Punct(alone('!', span)),
            TokenTree::Group(group(
                Delimiter::Parenthesis,
                TokenStream::from(TokenTree::Literal(literal)),
                span,
            )),
        ];
        // In braces, so the error is an expression and a statement alike.
        TokenStream::from(TokenTree::Group(group(
            Delimiter::Brace,
            tokens.into_iter().collect(),
            span,
        )))
    }
}

fn joint(c: char, span: Span) -> Punct {
    let mut p = Punct::new(c, Spacing::Joint);
    p.set_span(span);
    p
}

fn alone(c: char, span: Span) -> Punct {
    let mut p = Punct::new(c, Spacing::Alone);
    p.set_span(span);
    p
}

fn group(delimiter: Delimiter, stream: TokenStream, span: Span) -> Group {
    let mut g = Group::new(delimiter, stream);
    g.set_span(span);
    g
}

/// `path:line:column: error: message`, then the source line of `text` and
/// a caret under the column (UTF-16 code units, from 1), when there is a
/// position.
pub fn with_source(
    shown: &str,
    line: u32,
    column: u32,
    message: &str,
    text: Option<&str>,
) -> String {
    if line == 0 {
        return format!("{shown}: error: {message}");
    }
    let mut out = format!("{shown}:{line}:{column}: error: {message}");
    let source = text.and_then(|t| t.lines().nth(line as usize - 1));
    if let Some(source) = source {
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        // Tabs stay tabs, so the caret lines up under any tab width.
        let indent: String = source
            .chars()
            .take(caret_offset(source, column))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!(
            "\n{pad} |\n{number} | {source}\n{pad} | {indent}^"
        ));
    }
    out
}

/// How many characters come before the UTF-16 `column` (from 1) of `line`.
fn caret_offset(line: &str, column: u32) -> usize {
    let mut units = 0u32;
    let target = column.saturating_sub(1);
    line.chars()
        .take_while(|c| {
            let fits = units < target;
            units += c.len_utf16() as u32;
            fits
        })
        .count()
}

/// The text of the file, for showing its source line.
pub fn read_text(file: &Path) -> Option<String> {
    std::fs::read_to_string(file).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_is_under_the_column_in_utf16_units() {
        let text = "first\n\t'\u{1F600}' x";
        let message = with_source("a.d.mjs", 2, 7, "unexpected 'x'", Some(text));
        assert_eq!(
            message,
            "a.d.mjs:2:7: error: unexpected 'x'\n  |\n2 | \t'\u{1F600}' x\n  | \t    ^"
        );
    }

    #[test]
    fn no_position_no_source_line() {
        let message = with_source("a.d.mjs", 0, 0, "file not found", Some("x"));
        assert_eq!(message, "a.d.mjs: error: file not found");
        let past_the_end = with_source("a.d.mjs", 9, 1, "m", Some("x"));
        assert_eq!(past_the_end, "a.d.mjs:9:1: error: m");
    }
}
