//! `djs!`: DJS written in the macro call, as Rust tokens turned back into
//! text or as one string literal.

use std::path::PathBuf;

use nanvm_core::compile::{load_with, Compiler, LoadError};
use nanvm_core::source::{Directory, Files};
use nanvm_core::Limits;
use proc_macro::{Delimiter, Span, TokenStream, TokenTree};

use crate::args::{flatten, string_literal, Mode};
use crate::diagnostic::{read_text, with_source, MacroError};
use crate::emit::{expansion, failure};
use crate::location::{calling_dir, canonical, import_root, shown};

/// The name the inline module has, in the calling file's directory (its
/// imports are relative to it).
const INLINE: &str = "djs!.d.mjs";

/// What a bare value is prefixed with to make it a module: on its own line,
/// so the value's columns stay as they are.
const EXPORT: &str = "export default\n";

/// `djs!`'s expansion, or a `compile_error!`.
pub fn djs(input: TokenStream) -> TokenStream {
    let trees = flatten(input);
    let source = match trees.as_slice() {
        [] => {
            return MacroError::at(Span::call_site(), "expected a DJS value or module")
                .into_tokens()
        }
        [TokenTree::Literal(literal)] => match string_literal(literal) {
            Some(text) => Source::literal(text, literal.span()),
            None => Source::tokens(&trees),
        },
        _ => Source::tokens(&trees),
    };
    compile(&source)
}

/// The module text and where its tokens came from.
struct Source {
    /// The module text.
    text: String,
    /// The line of `text` where the written DJS starts (2 for a bare value
    /// after [`EXPORT`]).
    first_line: u32,
    /// (line, column, span) of each token in `text`, in order; empty for a
    /// string literal.
    positions: Vec<(u32, u32, Span)>,
    /// The span of the whole input.
    span: Span,
}

fn is_module(first_word: &str) -> bool {
    matches!(first_word, "import" | "export" | "const")
}

impl Source {
    fn literal(text: String, span: Span) -> Self {
        let first_word: String = text
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let bare = !is_module(&first_word);
        Source {
            text: if bare {
                format!("{EXPORT}{text}")
            } else {
                text
            },
            first_line: if bare { 2 } else { 1 },
            positions: Vec::new(),
            span,
        }
    }

    fn tokens(trees: &[TokenTree]) -> Self {
        let bare = !matches!(trees.first(), Some(TokenTree::Ident(i)) if is_module(&i.to_string()));
        let mut writer = TextWriter {
            text: String::new(),
            line: 1,
            column: 1,
            source_line: trees.first().map_or(0, |t| t.span().line()),
            positions: Vec::new(),
            space: false,
        };
        if bare {
            writer.text.push_str(EXPORT);
            writer.line = 2;
        }
        writer.trees(trees);
        let span = trees.first().map_or(Span::call_site(), TokenTree::span);
        Source {
            text: writer.text,
            first_line: if bare { 2 } else { 1 },
            positions: writer.positions,
            span,
        }
    }

    /// The span of the token at `line`:`column` of the text.
    fn span_at(&self, line: u32, column: u32) -> Span {
        self.positions
            .iter()
            .take_while(|(l, c, _)| (*l, *c) <= (line, column))
            .last()
            .or(self.positions.first())
            .map_or(self.span, |(_, _, span)| *span)
    }
}

/// Writes tokens as text, one line per source line, and records where each
/// token went.
struct TextWriter {
    text: String,
    line: u32,
    column: u32,
    source_line: usize,
    positions: Vec<(u32, u32, Span)>,
    /// Whether the next token needs a space before it.
    space: bool,
}

impl TextWriter {
    fn trees(&mut self, trees: &[TokenTree]) {
        for tree in trees {
            match tree {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    self.token(open, group.span_open(), false);
                    self.trees(&flatten(group.stream()));
                    self.token(close, group.span_close(), false);
                }
                TokenTree::Punct(punct) => {
                    let joint = punct.spacing() == proc_macro::Spacing::Joint;
                    self.token(&punct.as_char().to_string(), punct.span(), joint);
                }
                TokenTree::Ident(ident) => {
                    let name = ident.to_string();
                    let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
                    self.token(&name, ident.span(), false);
                }
                TokenTree::Literal(literal) => {
                    self.token(&literal.to_string(), literal.span(), false)
                }
            }
        }
    }

    fn token(&mut self, text: &str, span: Span, joint: bool) {
        if text.is_empty() {
            return;
        }
        let line = span.line();
        if line > self.source_line {
            self.text.push('\n');
            self.line += 1;
            self.column = 1;
            self.source_line = line;
        } else if self.space {
            self.text.push(' ');
            self.column += 1;
        }
        self.positions.push((self.line, self.column, span));
        self.text.push_str(text);
        for c in text.chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += c.len_utf16() as u32;
            }
        }
        self.space = !joint;
    }
}

/// The inline module over the files of the calling crate's directory.
struct Inline {
    files: Option<Directory>,
    entry: String,
    text: Vec<u8>,
}

impl Files for Inline {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        if path == self.entry {
            return Ok(self.text.clone());
        }
        match &self.files {
            Some(files) => files.read(path),
            None => Err("file not found".to_owned()),
        }
    }

    fn disk_path(&self, path: &str) -> Option<PathBuf> {
        match &self.files {
            Some(files) if path != self.entry => files.disk_path(path),
            _ => None,
        }
    }
}

fn compile(source: &Source) -> TokenStream {
    let dir = calling_dir(Span::call_site()).map(|d| canonical(&d));
    // Imports stay in the calling crate's directory.
    let root = dir.as_deref().map(|d| import_root(d, None));
    let files = root.as_deref().and_then(|r| Directory::new(r).ok());
    let dir_path = match (&files, &dir) {
        (Some(files), Some(dir)) => files.module_path(dir),
        _ => None,
    };
    let entry = match dir_path.as_deref() {
        Some("") | None => INLINE.to_owned(),
        Some(dir) => format!("{dir}/{INLINE}"),
    };
    let inline = Inline {
        files,
        entry: entry.clone(),
        text: source.text.clone().into_bytes(),
    };
    let mut compiler = match Compiler::new() {
        Ok(compiler) => compiler,
        Err(e) => {
            return MacroError::at(source.span, format!("the DJS compiler: {e}")).into_tokens()
        }
    };
    match load_with(&mut compiler, inline, &entry) {
        Ok(loaded) => expansion(
            &loaded.value,
            &loaded.files,
            Mode::Statics,
            &Limits::default(),
            source.span,
        ),
        Err(error) => failure(&error.files, report(source, &error, &entry, root, dir)),
    }
}

fn report(
    source: &Source,
    error: &LoadError,
    entry: &str,
    root: Option<PathBuf>,
    dir: Option<PathBuf>,
) -> MacroError {
    if error.path == entry {
        let span = if error.line == 0 {
            source.span
        } else {
            source.span_at(error.line, error.column)
        };
        let line = error.line.saturating_sub(source.first_line - 1);
        let written = source
            .text
            .split_once(EXPORT)
            .filter(|_| source.first_line == 2);
        let text = written.map_or(source.text.as_str(), |(_, rest)| rest);
        let message = with_source("djs!", line, error.column, &error.message, Some(text));
        return MacroError::at(span, message);
    }
    let (root, dir) = (root.unwrap_or_default(), dir.unwrap_or_default());
    let file = root.join(&error.path);
    let text = read_text(&file);
    let message = with_source(
        &shown(&file, &dir),
        error.line,
        error.column,
        &error.message,
        text.as_deref(),
    );
    MacroError::at(Span::call_site(), message)
}
