//! A literal of data read whole: where the lexer ends the punctuator `[`
//! or `{` and the parser's native step would open a frame for it, the
//! literal up to its closing bracket is read here straight into its
//! bytecode, when it is made only of what the native token ends and the
//! parser's native step read alike in every data language (see
//! [`read`]). The parser then gets the node that
//! `ast.literalArray` or `ast.literalObject` makes at the closing bracket,
//! `{ kind: 'lit', rope, size, height, start }`, its rope one array of
//! bytes (a rope is only ever flattened), and the lexer's state is the one
//! `emit` makes for that bracket: the steps for every token in between,
//! their states, tokens, frames and list records are not made at all.
//!
//! A DJS name as a value (an import, or a constant declared before) is
//! written as the code generator would resolve it, `argRef(i)` or
//! `localRef(i)`: a literal node then holds what would be an `array` or
//! `object` node whose bytes are those of a literal with references in
//! it (the code generator writes both alike, and only checks a literal's
//! height, against the depth the parser has checked already).
//!
//! A literal may end past the lexer's chunk (the fold's `reduce` over
//! 4096 code units): the fold of that chunk then ends with the state after
//! the literal, and the folds of the chunks after start after the
//! literal's closing bracket ([`resume_later`], [`resume_at`]): the
//! state they go on from is the one their steps would have made, had they
//! read the units in between one by one.
//!
//! Anything else stops the reading, and the tokens are read one by one as
//! before: the result is the same either way. So that a literal that
//! cannot be read whole (one holding a bigint, or cut short) costs one
//! reading and not one per bracket inside it, the brackets still open
//! where a reading stops are not tried again ([`Doomed`], kept for the
//! lexer's whole run).

use std::cell::RefCell;

use super::token_end::{common_escape, is_ascii_id_part};
use super::{f64_bytes, plain_decimal_len};
use crate::value::{JsString, Value};
use crate::vm::convert::decimal_literal_value;

/// What a data language allows in a literal read whole, beyond JSON.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Syntax {
    /// Comments, single-quoted strings, identifier keys and trailing
    /// commas (JSON5 and DJS; not JSON).
    pub(crate) js: bool,
    /// `+` before a number (JSON5).
    pub(crate) plus: bool,
    /// `undefined` as a value (DJS, a module language).
    pub(crate) undefined: bool,
}

/// A literal read whole.
#[derive(Debug, PartialEq)]
pub(crate) struct Literal {
    /// Its bytecode: what flattening the rope of its node gives.
    pub(crate) bytes: Vec<u8>,
    /// How many levels of arrays and objects it nests (`height`).
    pub(crate) height: u32,
    /// The offset of its closing bracket.
    pub(crate) close: usize,
}

/// The offsets of the brackets open where a reading stopped: a reading
/// from one of them would stop at the same place.
#[derive(Debug, Default)]
pub(crate) struct Doomed(Vec<usize>);

impl Doomed {
    /// Whether a reading from the bracket at `open` would stop before its
    /// end.
    pub(crate) fn holds(&self, open: usize) -> bool {
        self.0.binary_search(&open).is_ok()
    }
}

/// What a DJS name as a value refers to in the module's code block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reference {
    /// An import (the module function's argument), else a constant.
    pub(crate) arg: bool,
    /// Its index among the imports or the constants.
    pub(crate) index: u32,
}

thread_local! {
    /// What the literals read whole in the lexer's run over one text leave
    /// for the rest of the run (the chunks of its fold after the one that
    /// read them).
    static RUN: RefCell<Option<Run>> = const { RefCell::new(None) };
}

/// The literals read whole in one run of the lexer, over `text`.
struct Run {
    /// The run's text (held, so that no other text takes its place).
    text: JsString,
    /// The brackets that a reading from would stop before its end.
    doomed: Doomed,
    /// A literal read past the end of its chunk: the state after it (held,
    /// so that no other state takes its place), and the offset the fold
    /// goes on from, in a later chunk.
    resume: Option<(Value, usize)>,
}

/// Calls `f` with the brackets of the run over `text` that cannot be
/// read whole (a run over another text is forgotten).
pub(crate) fn with_doomed<R>(text: &JsString, f: impl FnOnce(&mut Doomed) -> R) -> R {
    RUN.with_borrow_mut(|run| {
        let run = match run {
            Some(r) if JsString::ptr_eq(&r.text, text) => r,
            _ => run.insert(Run {
                text: text.clone(),
                doomed: Doomed::default(),
                resume: None,
            }),
        };
        f(&mut run.doomed)
    })
}

/// Notes that the fold over `text` goes on from offset `at`, past the
/// chunk being folded, in `state` (the state after a literal read whole).
pub(crate) fn resume_later(text: &JsString, state: &Value, at: usize) {
    RUN.with_borrow_mut(|run| {
        if let Some(run) = run.as_mut().filter(|r| JsString::ptr_eq(&r.text, text)) {
            run.resume = Some((state.clone(), at));
        }
    });
}

/// Where the fold over `text` from its state `state` goes on: the offset
/// after a literal read whole past the chunk before, if `state` is the
/// very state that reading made; taken once.
pub(crate) fn resume_at(text: &JsString, state: &Value) -> Option<usize> {
    RUN.with_borrow_mut(|run| {
        let run = run.as_mut().filter(|r| JsString::ptr_eq(&r.text, text))?;
        let (resumed, at) = run.resume.take()?;
        Value::is(&resumed, state).then_some(at)
    })
}

/// Forgets the run (its text, its states): the compile is over. Nothing
/// to forget while the thread ends.
pub(crate) fn forget_run() {
    let _ = RUN.try_with(|run| run.borrow_mut().take());
}

/// Tags of docs/bytecode.md.
const NULL: u8 = 0x00;
const NUMBER: u8 = 0x01;
const FALSE: u8 = 0x02;
const TRUE: u8 = 0x03;
const STRING: u8 = 0x04;
const OBJECT: u8 = 0x05;
const ARRAY: u8 = 0x06;
const UNDEFINED: u8 = 0x0b;
const LOCAL_REF: u8 = 0x09;
const ARG_REF: u8 = 0x0a;

/// Reads the literal whose opening bracket is at `open` of `units`, its
/// closing bracket before `limit`, at most `levels` deep, in a language
/// of `syntax`; where it cannot, notes the brackets still open in
/// `doomed` and returns `None`.
///
/// What it reads is what every data language reads alike, and the native
/// steps read token by token: spaces, tabs and line breaks (and, with
/// `syntax.js`, `//` and `/* */` comments) between tokens; strings in
/// double quotes (and single quotes, with `syntax.js`) of code units from
/// U+0020 up and the escapes of [`common_escape`]; plain decimals (see
/// `is_plain_decimal`), right after a `-` (or a `+`, with `syntax.plus`)
/// or not; `true`, `false`, `null` (and `undefined`, with
/// `syntax.undefined`); string keys and (with `syntax.js`) ASCII
/// identifier keys without escapes, none of them `__proto__`; a trailing
/// comma with `syntax.js`. A token ends where the native token ends end
/// it (a number or a word at an ASCII code unit that does not continue
/// it).
pub(crate) fn read(
    units: &[u16],
    open: usize,
    limit: usize,
    levels: usize,
    syntax: Syntax,
    names: &dyn Fn(&[u16]) -> Option<Reference>,
    doomed: &mut Doomed,
) -> Option<Literal> {
    let mut reader = Reader {
        units: units.get(..limit)?,
        at: open,
        syntax,
        names,
        bytes: Vec::with_capacity(64),
        frames: Vec::new(),
        levels,
    };
    match reader.literal() {
        Some(literal) => Some(literal),
        None => {
            doomed.0 = reader.frames.iter().map(|f| f.open).collect();
            None
        }
    }
}

/// A reading in progress.
struct Reader<'a> {
    /// The code units up to the limit.
    units: &'a [u16],
    /// The offset of the next code unit to read.
    at: usize,
    syntax: Syntax,
    /// What a name as a value refers to, where it is one.
    names: &'a dyn Fn(&[u16]) -> Option<Reference>,
    bytes: Vec<u8>,
    /// The arrays and objects open, innermost last.
    frames: Vec<Frame>,
    levels: usize,
}

/// An array or an object open.
struct Frame {
    /// The offset of its opening bracket.
    open: usize,
    array: bool,
    /// Where its count of items goes in the bytes.
    count_at: usize,
    count: u32,
    /// The highest of its items.
    height: u32,
}

/// What comes next.
#[derive(Clone, Copy)]
enum Want {
    /// A value.
    Value,
    /// An item of the array on top or a key of the object on top, or
    /// (after its opening bracket, or a comma where trailing commas are
    /// allowed) its closing bracket.
    Entry { comma: bool },
    /// A comma or the closing bracket of the frame on top.
    After,
}

/// The closing bracket of an array or an object.
fn closing(array: bool) -> u16 {
    u16::from(if array { b']' } else { b'}' })
}

impl<'a> Reader<'a> {
    /// The code unit at `k`, if it is below the limit.
    fn unit(&self, k: usize) -> Option<u16> {
        self.units.get(k).copied()
    }

    /// The literal from the opening bracket at `self.at`.
    fn literal(&mut self) -> Option<Literal> {
        let mut want = Want::Value;
        loop {
            want = match want {
                Want::Value => self.value()?,
                Want::Entry { comma } => {
                    self.trivia()?;
                    let array = self.frames.last()?.array;
                    if self.unit(self.at)? == closing(array) {
                        if comma && !self.syntax.js {
                            return None;
                        }
                        if let Some(literal) = self.close() {
                            return Some(literal);
                        }
                        Want::After
                    } else {
                        if !array {
                            self.key()?;
                            self.trivia()?;
                            self.expect(b':')?;
                        }
                        Want::Value
                    }
                }
                Want::After => {
                    self.trivia()?;
                    let c = self.unit(self.at)?;
                    if c == u16::from(b',') {
                        self.at += 1;
                        Want::Entry { comma: true }
                    } else if c == closing(self.frames.last()?.array) {
                        if let Some(literal) = self.close() {
                            return Some(literal);
                        }
                        Want::After
                    } else {
                        return None;
                    }
                }
            };
        }
    }

    /// A value: a bracket opens a frame; a scalar is written and counted.
    fn value(&mut self) -> Option<Want> {
        self.trivia()?;
        let c = self.unit(self.at)?;
        if c == u16::from(b'[') || c == u16::from(b'{') {
            if self.frames.len() >= self.levels {
                return None;
            }
            let array = c == u16::from(b'[');
            self.bytes.push(if array { ARRAY } else { OBJECT });
            self.frames.push(Frame {
                open: self.at,
                array,
                count_at: self.bytes.len(),
                count: 0,
                height: 0,
            });
            self.bytes.extend([0; 4]);
            self.at += 1;
            return Some(Want::Entry { comma: false });
        }
        match c {
            0x22 => self.string(0x22, Some(STRING))?,
            0x27 if self.syntax.js => self.string(0x27, Some(STRING))?,
            0x30..=0x39 => self.number(false)?,
            0x2d => {
                self.at += 1;
                self.number(true)?;
            }
            0x2b if self.syntax.plus => {
                self.at += 1;
                self.number(false)?;
            }
            _ => {
                let undefined = self.syntax.undefined;
                let word = self.word()?;
                let tag = match () {
                    _ if ascii_eq(word, "true") => TRUE,
                    _ if ascii_eq(word, "false") => FALSE,
                    _ if ascii_eq(word, "null") => NULL,
                    _ if undefined && ascii_eq(word, "undefined") => UNDEFINED,
                    _ => {
                        // `localRef(i)` or `argRef(i)`, as the code
                        // generator resolves the name in the module.
                        let to = (self.names)(word)?;
                        self.bytes.push(if to.arg { ARG_REF } else { LOCAL_REF });
                        self.bytes.extend(to.index.to_le_bytes());
                        self.counted(0);
                        return Some(Want::After);
                    }
                };
                self.bytes.push(tag);
            }
        }
        self.counted(0);
        Some(Want::After)
    }

    /// Counts an item of `height` in the frame on top.
    fn counted(&mut self, height: u32) {
        if let Some(frame) = self.frames.last_mut() {
            frame.count += 1;
            frame.height = frame.height.max(height);
        }
    }

    /// Closes the frame on top at its bracket (at `self.at`): the literal
    /// where it is the outermost.
    fn close(&mut self) -> Option<Literal> {
        let frame = self.frames.pop()?;
        self.bytes[frame.count_at..frame.count_at + 4].copy_from_slice(&frame.count.to_le_bytes());
        let height = frame.height + 1;
        if self.frames.is_empty() {
            return Some(Literal {
                bytes: std::mem::take(&mut self.bytes),
                height,
                close: self.at,
            });
        }
        self.at += 1;
        self.counted(height);
        None
    }

    /// Reads the code unit `c` itself.
    fn expect(&mut self, c: u8) -> Option<()> {
        (self.unit(self.at)? == u16::from(c)).then(|| self.at += 1)
    }

    /// A key and its string's bytes (no tag), not `__proto__`.
    fn key(&mut self) -> Option<()> {
        let from = self.bytes.len();
        match self.unit(self.at)? {
            0x22 => self.string(0x22, None)?,
            0x27 if self.syntax.js => self.string(0x27, None)?,
            _ if self.syntax.js => {
                let word = self.word()?;
                self.bytes.extend((word.len() as u32).to_le_bytes());
                self.bytes.extend(word.iter().flat_map(|u| u.to_le_bytes()));
            }
            _ => return None,
        }
        let proto = b"__proto__".iter().flat_map(|&b| [b, 0]);
        let key = &self.bytes[from + 4..];
        (!key.iter().copied().eq(proto)).then_some(())
    }

    /// An ASCII identifier without escapes, ended by an ASCII code unit
    /// that does not continue it (nor starts an escape): its code units.
    fn word(&mut self) -> Option<&'a [u16]> {
        let start = self.at;
        let first = self.unit(start)?;
        if !u8::try_from(first).is_ok_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'$') {
            return None;
        }
        let mut end = start + 1;
        while is_ascii_id_part(self.unit(end)?) {
            end += 1;
        }
        let next = self.unit(end)?;
        if next >= 0x80 || next == u16::from(b'\\') {
            return None;
        }
        self.at = end;
        let units: &'a [u16] = self.units;
        Some(&units[start..end])
    }

    /// A plain decimal at `self.at` (after its sign, if `negative`), ended
    /// by an ASCII code unit that neither continues a numeric literal nor
    /// may: its tag and 8 bytes.
    fn number(&mut self, negative: bool) -> Option<()> {
        let len = plain_decimal_len(&self.units[self.at..])?;
        let end = self.at + len;
        let next = self.unit(end)?;
        if next >= 0x80
            || is_ascii_id_part(next)
            || matches!(u8::try_from(next), Ok(b'.' | b'+' | b'-'))
        {
            return None;
        }
        let x = decimal_literal_value(&self.units[self.at..end]);
        self.bytes.push(NUMBER);
        self.bytes.extend(f64_bytes(if negative { -x } else { x }));
        self.at = end;
        Some(())
    }

    /// A string literal from its opening `quote`: `tag` (if any), the
    /// count of its code units and the units, two bytes each.
    fn string(&mut self, quote: u16, tag: Option<u8>) -> Option<()> {
        self.bytes.extend(tag);
        let count_at = self.bytes.len();
        self.bytes.extend([0; 4]);
        let mut k = self.at + 1;
        let mut count: u32 = 0;
        loop {
            let c = self.unit(k)?;
            let (unit, read) = match c {
                _ if c == quote => break,
                0x5c => common_escape(self.units, k)?,
                ..0x20 => return None,
                _ => (c, 1),
            };
            self.bytes.extend(unit.to_le_bytes());
            count += 1;
            k += read;
        }
        self.bytes[count_at..count_at + 4].copy_from_slice(&count.to_le_bytes());
        self.at = k + 1;
        Some(())
    }

    /// Skips spaces, tabs, line breaks and (with `syntax.js`) comments, up
    /// to the next token.
    fn trivia(&mut self) -> Option<()> {
        loop {
            match self.unit(self.at)? {
                0x20 | 0x09 | 0x0a | 0x0d => self.at += 1,
                0x2f if self.syntax.js => match self.unit(self.at + 1)? {
                    0x2f => {
                        self.at += 2;
                        loop {
                            match self.unit(self.at)? {
                                0x0a | 0x0d => break,
                                0x2028 | 0x2029 => return None,
                                _ => self.at += 1,
                            }
                        }
                    }
                    0x2a => {
                        let body = self.at + 2;
                        let end = self.units[body.min(self.units.len())..]
                            .windows(2)
                            .position(|w| w == [0x2a, 0x2f])?;
                        self.at = body + end + 2;
                    }
                    _ => return None,
                },
                _ => return Some(()),
            }
        }
    }
}

/// Whether the code units `units` spell the ASCII `word`.
fn ascii_eq(units: &[u16], word: &str) -> bool {
    units.iter().copied().eq(word.bytes().map(u16::from))
}

#[cfg(test)]
mod tests {
    use super::{read, Doomed, Literal, Reference, Syntax};

    /// The name `i`: the module's third import.
    const IMPORT: Reference = Reference {
        arg: true,
        index: 2,
    };

    const JSON5: Syntax = Syntax {
        js: true,
        plus: true,
        undefined: false,
    };

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    /// `read` of the literal at offset `open` of `text`, to its end.
    fn read_at(text: &str, open: usize, levels: usize) -> (Option<Literal>, Doomed) {
        let units = units(text);
        let mut doomed = Doomed::default();
        let names = |name: &[u16]| (name == [u16::from(b'i')]).then_some(IMPORT);
        let literal = read(
            &units,
            open,
            units.len(),
            levels,
            JSON5,
            &names,
            &mut doomed,
        );
        (literal, doomed)
    }

    #[test]
    fn a_literal_is_its_bytecode_its_height_and_its_closing_bracket() {
        let (literal, _) = read_at(" [[], {'a': -1}] ", 1, 1000);
        let mut bytes = vec![0x06, 2, 0, 0, 0, 0x06, 0, 0, 0, 0, 0x05, 1, 0, 0, 0];
        bytes.extend([1, 0, 0, 0, b'a', 0, 0x01]);
        bytes.extend((-1f64).to_le_bytes());
        let expected = Literal {
            bytes,
            height: 2,
            close: 15,
        };
        assert_eq!(literal, Some(expected));
    }

    #[test]
    fn a_name_is_its_reference() {
        let (literal, _) = read_at("[i]", 0, 1000);
        let bytes = vec![0x06, 1, 0, 0, 0, 0x0a, 2, 0, 0, 0];
        assert_eq!(literal.map(|l| l.bytes), Some(bytes));
    }

    #[test]
    fn the_height_is_that_of_the_deepest_item() {
        for (text, height) in [("[]", 1), ("[1, [2], {}]", 2), ("{a: [[]], b: []}", 3)] {
            let (literal, _) = read_at(text, 0, 1000);
            assert_eq!(literal.map(|l| l.height), Some(height), "{text}");
        }
    }

    #[test]
    fn the_brackets_open_where_it_stops_are_doomed() {
        // A reference stops it inside the second array; the first closed.
        let (literal, doomed) = read_at("[[1], [2, x], 3]", 0, 1000);
        assert_eq!(literal, None);
        assert!(doomed.holds(0) && doomed.holds(6) && !doomed.holds(1));
        // So does the end of the text, and a level past the last allowed.
        let (literal, doomed) = read_at("[[1], [2", 0, 1000);
        assert!(literal.is_none() && doomed.holds(6));
        let (literal, doomed) = read_at("[[[1]]]", 0, 2);
        assert!(literal.is_none() && doomed.holds(0) && doomed.holds(1));
        assert!(read_at("[[[1]]]", 0, 3).0.is_some());
    }
}
