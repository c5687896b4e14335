//! A token's end, made natively: where the lexer's step would run `lex`
//! and the mode's function for the code unit after a punctuator, a number,
//! an identifier or a string literal, only to build the token and hand it
//! to `emitThen` (or `emit`), the fold calls that FJS function directly
//! with the token built here. Where the parser's step runs natively for
//! the token too ([`parser_step`](super::parser_step)), so does all of
//! `emit`: the state it returns, `{ mode: 'ws', start: s.start, nl: false,
//! error: null, p, t: null, braces: s.braces }`, is made here and, for
//! `emitThen`, handed to `ws` (natively where
//! [`StateParts::whitespace`] can, else by a call of `ws`).
//!
//! The token is a [`NativeToken`]: the parser's native step reads its
//! fields where they are, and it becomes an object only where the step
//! keeps it (a sign waiting for its number, a DJS shorthand key) or FJS
//! code gets it (a call of `emit` or `emitThen`). The states on the way
//! change in place where the fold holds their only handle
//! ([`Object::update`]).
//!
//! Every function on the way is pinned by the hash of its bytecode (see
//! [`TokenEnds::find`]), so the token is the one the FJS code builds: the
//! same keys in the same order, the same values. What the cases follow, in
//! `lexer.f.mjs`:
//!
//! - `punct(s, c, i)` with `s.t` one of `( ) [ ] { } ; , : ~`, which no
//!   punctuator extends, or any one-character `s.t` before a digit, which
//!   no punctuator has (`-1`): `emitThen(s, { kind: 'punct', start:
//!   s.start, end: i, nl: s.nl, value: s.t }, c, i)`.
//! - `num(s, c, i)` with `c` an ASCII code unit that neither continues a
//!   numeric literal (digits, letters, `_`, `$`) nor may continue one
//!   (`.`, `+`, `-`): `emitThen(s, { kind: 'number', start, end: i, nl,
//!   text: text.slice(s.start, i) }, c, i)`.
//! - `id(s, c, i)` outside an escape (`t.idEsc === 0`) with `c` an ASCII
//!   code unit that is not an identifier character nor `\`:
//!   `emitThen(s, { kind: 'ident', start, end: i, nl, name, escaped:
//!   t.escaped }, c, i)`.
//! - `strChar(s, c, i)` at the closing quote of a string without escapes
//!   (`t.esc === ''`, `t.pieces` empty): `emit(s, { kind: 'string', start,
//!   end: i + 1, nl, units })`, `units` the code units from `t.run` to `i`.
//! - `strChar(s, c, i)` at the first backslash of such a string, in the
//!   compiler this crate embeds: the string is read on to its closing
//!   quote within the fold's chunk, each escape one that every language
//!   reads alike (`strEscape`'s single escapes but `\v`, and `strHex`'s
//!   `\uXXXX`), as the steps up to that quote would; the fold goes on
//!   after it.
//! - `punct(s, c, i)` with `s.t` `[` or `{` where the parser's native step
//!   would open a frame for it, in the compiler this crate embeds: the
//!   literal it opens is read whole where it can be
//!   ([`whole_literal`](super::whole_literal)), and the fold goes on after
//!   its closing bracket.

use std::rc::Rc;

use super::parser_step::{self, Rules, StateChanges, Token};
use super::whole_literal;
use super::{array_bytes, interned, object_bytes, own_closures, read_env, safe_offset, shape};
use super::{Cell, Override, StateParts, STATE_PARTS};
use crate::value::{Array, Exact, FunctionData, JsString, Keys, Object, Value};
use crate::vm::env::Env;

/// The overrides that mark the functions a token's end goes through.
const PATH: [Override; 9] = [
    Override::Lex,
    Override::Punct,
    Override::Num,
    Override::Id,
    Override::Str,
    Override::LiteralChar,
    Override::StrChar,
    Override::Emit,
    Override::EmitThen,
];

/// The cell of `parser` (`{ init, step }`) in the environment of `run`,
/// its second parameter.
const PARSER: Cell = Cell { hops: 0, index: 1 };

/// `emit`, `emitThen` and `ws` of one run of the lexer, the rules of its
/// parser's step where that runs natively, and what tokens are made of.
pub(crate) struct TokenEnds {
    emit: Value,
    emit_then: Value,
    ws: Value,
    parser: Option<Rules>,
    state: Rc<StateParts>,
    parts: Rc<TokenParts>,
}

/// What a token's end comes to: the state after it, made natively, with
/// the bytes it allocates, or a call that makes it.
pub(crate) enum Ended {
    /// The state the step would return, made in the state's place, with
    /// the bytes it counts.
    State(usize),
    /// A call whose result is that state.
    Call(EndCall),
}

/// A call that ends a token: the function and its arguments, with the
/// bytes the token takes.
pub(crate) struct EndCall {
    /// `emit` or `emitThen`.
    pub(crate) callee: Value,
    /// `(s, token)` or `(s, token, c, i)`: the first `argc` of these.
    pub(crate) args: [Value; 4],
    /// How many of `args` the call passes.
    pub(crate) argc: u32,
    /// The bytes of the token, as the VM counts them.
    pub(crate) bytes: usize,
}

/// A token made natively, with the keys and values of the FJS lexer's
/// token object, which is made only where FJS code gets the token or the
/// parser's step keeps it ([`NativeToken::to_object`]).
pub(crate) struct NativeToken<'a> {
    /// The object's shape: `kind, start, end, nl`, then the kind's fields.
    shape: &'a Keys,
    /// `kind`.
    kind: JsString,
    /// `start, end, nl`.
    head: [Value; 3],
    /// A punctuator's `value` or a string's `units`; a number's `text` or
    /// an identifier's `name` as the code units of the source.
    field: Field<'a>,
    /// An identifier's `escaped`.
    escaped: Option<Value>,
}

/// A token's own field.
enum Field<'a> {
    /// As it is.
    Value(Value),
    /// A string of these code units.
    Units(&'a [u16]),
}

impl<'a> NativeToken<'a> {
    /// Value `k` in the token's shape.
    fn value(&self, k: usize) -> Option<Value> {
        match (k, &self.field) {
            (0, _) => Some(Value::String(self.kind.clone())),
            (1..=3, _) => Some(self.head[k - 1].clone()),
            (4, Field::Value(v)) => Some(v.clone()),
            (4, Field::Units(units)) => Some(Value::String(JsString::from_utf16(*units))),
            _ => self.escaped.clone(),
        }
    }

    /// Property `key` of the token's object, if it has one.
    pub(crate) fn get(&self, key: &JsString) -> Option<Value> {
        self.value(self.shape.position(key)?)
    }

    /// The code units of property `key` of the token's object, where it
    /// is a string.
    pub(crate) fn string(&self, key: &JsString) -> Option<&[u16]> {
        let k = self.shape.position(key)?;
        match (k, &self.field) {
            (0, _) => Some(self.kind.as_units()),
            (1..=3, _) => match &self.head[k - 1] {
                Value::String(s) => Some(s.as_units()),
                _ => None,
            },
            (4, Field::Value(Value::String(s))) => Some(s.as_units()),
            (4, Field::Units(units)) => Some(units),
            _ => None,
        }
    }

    /// The token's `kind`.
    pub(crate) fn kind(&self) -> &JsString {
        &self.kind
    }

    /// The code unit of a punctuator of one code unit (the only ones made
    /// natively, and the only tokens whose field is a string value).
    pub(crate) fn punctuator(&self) -> Option<u16> {
        match &self.field {
            Field::Value(Value::String(value)) => match value.as_units() {
                &[unit] => Some(unit),
                _ => None,
            },
            _ => None,
        }
    }

    /// The token's object.
    pub(crate) fn to_object(&self) -> Object {
        let n = self.shape.as_slice().len();
        let values = Exact((0..n).map(|k| self.value(k).unwrap_or_default()));
        Object::with_shape(self.shape.clone(), values)
    }
}

thread_local! {
    /// This thread's [`TokenParts`] (its keys are interned per thread).
    static TOKEN_PARTS: Rc<TokenParts> = Rc::new(TokenParts::new());
}

/// The keys, shapes and strings of the tokens made, and the keys of a
/// state's `t` that [`StateParts`] does not have.
struct TokenParts {
    escaped: JsString,
    pieces: JsString,
    run: JsString,
    /// `list.empty`'s `chunks`.
    chunks: JsString,
    /// The parser's `step`.
    step: JsString,
    /// Token kinds (a punctuator's is the mode's name, `'punct'`).
    number: JsString,
    ident: JsString,
    string: JsString,
    /// Token shapes: `kind, start, end, nl`, then the kind's fields.
    punct_token: Keys,
    number_token: Keys,
    ident_token: Keys,
    string_token: Keys,
}

impl TokenParts {
    fn new() -> Self {
        TokenParts {
            escaped: interned("escaped"),
            pieces: interned("pieces"),
            run: interned("run"),
            chunks: interned("chunks"),
            step: interned("step"),
            number: interned("number"),
            ident: interned("ident"),
            string: interned("string"),
            punct_token: shape(&["kind", "start", "end", "nl", "value"]),
            number_token: shape(&["kind", "start", "end", "nl", "text"]),
            ident_token: shape(&["kind", "start", "end", "nl", "name", "escaped"]),
            string_token: shape(&["kind", "start", "end", "nl", "units"]),
        }
    }
}

/// The bytes the VM counts for a string of `n` code units.
fn string_bytes(n: usize) -> usize {
    2 * n + 16
}

/// Whether `c` is an ASCII identifier character (`chars.isIdPart`).
pub(super) fn is_ascii_id_part(c: u16) -> bool {
    u8::try_from(c).is_ok_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}

impl TokenEnds {
    /// `emit` and `emitThen` among the cells of `env` (the environment of
    /// the lexer's `run`), when every function a token's end goes through
    /// is there, created in `env`, with the bytecode this module follows.
    pub(crate) fn find(env: &Rc<Env>) -> Option<Self> {
        let mut found = [false; PATH.len()];
        let mut emit = None;
        let mut emit_then = None;
        let mut ws = None;
        own_closures(env, |v, native| {
            if let Some(k) = PATH.iter().position(|&o| o == native) {
                found[k] = true;
            }
            match native {
                Override::Emit => emit = Some(v.clone()),
                Override::EmitThen => emit_then = Some(v.clone()),
                Override::Whitespace => ws = Some(v.clone()),
                _ => {}
            }
        });
        if !found.iter().all(|&f| f) {
            return None;
        }
        let parts = TOKEN_PARTS.with(Rc::clone);
        let parser = read_env(env, PARSER).and_then(|parser| {
            let Value::Object(parser) = &parser else {
                return None;
            };
            match parser.get(&parts.step)? {
                Value::Function(f) => match f.data() {
                    FunctionData::Closure(step)
                        if step.proto.native == Some(Override::ParserStep) =>
                    {
                        Rules::of(step)
                    }
                    _ => None,
                },
                _ => None,
            }
        });
        Some(TokenEnds {
            emit: emit?,
            emit_then: emit_then?,
            ws: ws?,
            parser,
            state: STATE_PARTS.with(Rc::clone),
            parts,
        })
    }

    /// Whether the lexer is the one of the compiler this crate embeds:
    /// the parser's step runs natively only there.
    pub(crate) fn in_embedded_compiler(&self) -> bool {
        self.parser.is_some()
    }

    /// `emit(s, token)`, then (`then`: the code unit `c` at `at`) `ws(…,
    /// c, at)` as `emitThen` does, natively where the parser's step runs
    /// natively for `token` (the state after them replaces `s`); else a
    /// call of `emit` or `emitThen`. `bytes`: the token's.
    fn emit(
        &self,
        s: &mut Object,
        token: NativeToken<'_>,
        then: Option<(u16, Value)>,
        templates: Option<bool>,
        bytes: usize,
    ) -> Ended {
        if let Some(more) = self.native_emit(s, &token) {
            let bytes = bytes + more;
            let Some((c, at)) = then else {
                return Ended::State(bytes);
            };
            let Value::Number(i) = at else {
                unreachable!("an offset is a number");
            };
            return match self.state.whitespace(s, c, i, templates) {
                Some(more) => Ended::State(bytes + more),
                None => Ended::Call(EndCall {
                    callee: self.ws.clone(),
                    args: [
                        Value::Object(s.clone()),
                        Value::Number(f64::from(c)),
                        at,
                        Value::Undefined,
                    ],
                    argc: 3,
                    bytes,
                }),
            };
        }
        let s = Value::Object(s.clone());
        let token = Value::Object(token.to_object());
        Ended::Call(match then {
            Some((c, at)) => EndCall {
                callee: self.emit_then.clone(),
                args: [s, token, Value::Number(f64::from(c)), at],
                argc: 4,
                bytes,
            },
            None => EndCall {
                callee: self.emit.clone(),
                args: [s, token, Value::Undefined, Value::Undefined],
                argc: 2,
                bytes,
            },
        })
    }

    /// `emit(s, token)` when the parser's step runs natively for `token`:
    /// `s` becomes `{ mode: 'ws', start: s.start, nl: false, error: null,
    /// p, t: null, braces: s.braces }` (the step's `p` has no `error`), in
    /// place where `s` is the state's only handle (and so `p`, where `s`
    /// holds the only handle to it); the result is the bytes
    /// the VM counts for it. Only for a state with the keys of `to`'s, in
    /// its order, whose shape it keeps.
    fn native_emit(&self, s: &mut Object, token: &NativeToken<'_>) -> Option<usize> {
        let rules = self.parser?;
        let Value::Object(p) = &self.state.fields(s)?[4] else {
            return None;
        };
        let (mut changes, bytes) = parser_step::changes(rules, p, Token::Native(token))?;
        self.emitted(s, &mut changes, None);
        Some(bytes + object_bytes(7))
    }

    /// Makes `s` the state `emit` returns once the parser's step made
    /// `changes` of `s.p`: `{ mode: 'ws', start, nl: false, error: null,
    /// p, t: null, braces: s.braces }`, `start` as it was unless given.
    fn emitted(&self, s: &mut Object, changes: &mut StateChanges, start: Option<usize>) {
        s.update(|values| {
            values[0] = Value::String(self.state.ws.clone());
            if let Some(start) = start {
                values[1] = Value::Number(start as f64);
            }
            values[2] = Value::Bool(false);
            values[3] = Value::Null;
            if let Value::Object(p) = &mut values[4] {
                changes.apply(p);
            }
            values[5] = Value::Null;
        });
    }

    /// The end of the punctuator `[` or `{` in state `s` at offset `i`
    /// (`token`), where the parser's step runs natively and would open a
    /// frame for it, when its literal is read whole
    /// ([`whole_literal`]): `s` becomes the state `emit` makes for the
    /// literal's closing bracket, `{ mode: 'ws', start, nl: false, error:
    /// null, p, t: null, braces: s.braces }` (`start` the bracket's
    /// offset), and the fold goes on after that bracket: in this chunk
    /// (below `limit`), or in the one it lies in
    /// ([`whole_literal::resume_later`]), this chunk's fold ending here.
    fn whole_literal(
        &self,
        s: &mut Object,
        token: &NativeToken<'_>,
        text: &JsString,
        i: usize,
        limit: usize,
    ) -> Option<(Ended, usize)> {
        let rules = self.parser?;
        if !matches!(token.punctuator(), Some(0x5b | 0x7b)) {
            return None;
        }
        let open = i.checked_sub(1)?;
        if whole_literal::with_doomed(text, |doomed| doomed.holds(open)) {
            return None;
        }
        let [_, start, _, _, Value::Object(p), ..] = self.state.fields(s)? else {
            return None;
        };
        if safe_offset(start) != Some(open) {
            return None;
        }
        let units = text.as_units();
        let syntax = rules.literal_syntax();
        let read = |levels, names: &dyn Fn(&[u16]) -> _| {
            whole_literal::with_doomed(text, |doomed| {
                whole_literal::read(units, open, units.len(), levels, syntax, names, doomed)
            })
        };
        let (mut changes, bytes, close) =
            parser_step::whole_literal(rules, p, Token::Native(token), read)?;
        // `emit` for the closing bracket, the token that starts there.
        self.emitted(s, &mut changes, Some(close));
        // Past the chunk, the folds of the chunks after go on after it.
        let after = close + 1;
        if after > limit {
            whole_literal::resume_later(text, &Value::Object(s.clone()), after);
        }
        Some((Ended::State(bytes + object_bytes(7)), after.min(limit) - i))
    }

    /// The end of the token of state `s` at the code unit `c` at offset
    /// `i` of `text`, when the step would make the token (see the module's
    /// doc): `s` becomes the state after it, or a call makes that state,
    /// with the count of code units from `i` the steps on the way read (1,
    /// or up to a string's closing quote below `limit`); `None`: call the
    /// step, `s` as it was. The caller has checked that the step's fast
    /// paths do not return `s` for `c`. `templates`: whether the language
    /// has template literals, if known.
    pub(crate) fn end(
        &self,
        s: &mut Value,
        text: &JsString,
        i: usize,
        limit: usize,
        templates: Option<bool>,
    ) -> Option<(Ended, usize)> {
        let Value::Object(o) = s else {
            return None;
        };
        let (token, bytes, close) = self.token(o, text, i, limit)?;
        if let Some(ended) = self.whole_literal(o, &token, text, i, limit) {
            return Some(ended);
        }
        let (then, read) = match close {
            Some(close) => (None, close - i + 1),
            None => {
                let c = *text.as_units().get(i)?;
                (Some((c, Value::Number(i as f64))), 1)
            }
        };
        Some((self.emit(o, token, then, templates, bytes), read))
    }

    /// The token that the code unit at offset `i` of `text` ends in state
    /// `o`, with its bytes and the offset of its last code unit where that
    /// is not `i`'s predecessor (a string literal's closing quote: at `i`,
    /// or after escapes, below `limit`); else the code unit at `i` starts
    /// what comes after the token.
    fn token<'a>(
        &'a self,
        o: &Object,
        text: &'a JsString,
        i: usize,
        limit: usize,
    ) -> Option<(NativeToken<'a>, usize, Option<usize>)> {
        let (state, parts) = (&*self.state, &*self.parts);
        let [Value::String(mode), start, nl, Value::Null, _, t, _] = state.fields(o)? else {
            return None;
        };
        let units = text.as_units();
        let c = *units.get(i)?;
        let at = Value::Number(i as f64);
        // `s.start` as `text.slice` reads it, when it is plainly an offset up to `i`.
        let from = || safe_offset(start).filter(|&from| from <= i);
        let token = |kind: &JsString, shape: &'a Keys, end: Value, field, escaped| NativeToken {
            shape,
            kind: kind.clone(),
            head: [start.clone(), end, nl.clone()],
            field,
            escaped,
        };
        if *mode == state.punct {
            let Value::String(value) = t else {
                return None;
            };
            let &[unit] = value.as_units() else {
                return None;
            };
            // No punctuator extends these, nor has a digit.
            let before_digit = (0x30..=0x39).contains(&c);
            if !u8::try_from(unit).is_ok_and(|b| before_digit || b"()[]{};,:~".contains(&b)) {
                return None;
            }
            let field = Field::Value(t.clone());
            let token = token(&state.punct, &parts.punct_token, at, field, None);
            return Some((token, object_bytes(5), None));
        }
        if *mode == state.num {
            if c >= 0x80 || is_ascii_id_part(c) || matches!(c, 0x2e | 0x2b | 0x2d) {
                return None;
            }
            let literal = &units[from()?..i];
            let bytes = object_bytes(5) + string_bytes(literal.len());
            let field = Field::Units(literal);
            let token = token(&parts.number, &parts.number_token, at, field, None);
            return Some((token, bytes, None));
        }
        let Value::Object(t) = t else {
            return None;
        };
        if *mode == state.id {
            let idle = matches!(t.get(&state.id_esc), Some(Value::Number(n)) if *n == 0.0);
            if !idle || c >= 0x80 || is_ascii_id_part(c) || c == 0x5c {
                return None;
            }
            let name = &units[from()?..i];
            let bytes = object_bytes(6) + string_bytes(name.len());
            let escaped = t.get(&parts.escaped).cloned().unwrap_or_default();
            let field = Field::Units(name);
            let token = token(&parts.ident, &parts.ident_token, at, field, Some(escaped));
            return Some((token, bytes, None));
        }
        if *mode == state.str {
            let plain = matches!(t.get(&state.esc), Some(Value::String(e)) if *e == state.empty);
            let quote = match t.get(&state.quote) {
                Some(Value::Number(q)) if *q == 34.0 || *q == 39.0 => *q as u16,
                _ => return None,
            };
            let Some(Value::Object(pieces)) = t.get(&parts.pieces) else {
                return None;
            };
            let unbroken = matches!(pieces.get(&parts.chunks), Some(Value::Null));
            if !(plain && unbroken) {
                return None;
            }
            let run = t
                .get(&parts.run)
                .and_then(safe_offset)
                .filter(|&run| run <= i)?;
            let (code_units, close): (Array, usize) = if c == quote {
                let plain = units[run..i].iter().map(|&u| Value::Number(f64::from(u)));
                (plain.collect(), i)
            } else if c == 0x5c && self.parser.is_some() {
                let (cooked, close) = cooked_to_close(units, run, i, limit, quote)?;
                (Array::from(cooked), close)
            } else {
                return None;
            };
            let bytes = object_bytes(5) + array_bytes(code_units.len());
            let end = Value::Number(close as f64 + 1.0);
            let field = Field::Value(Value::Array(code_units));
            let token = token(&parts.string, &parts.string_token, end, field, None);
            return Some((token, bytes, Some(close)));
        }
        None
    }
}

/// The cooked code units of a string literal whose raw code units start at
/// `run` and whose first escape is at `i` (a backslash), up to its closing
/// `quote` below `limit`, and the offset of that quote: the units that
/// `strChar`, `strEscape` and `strHex` would gather in `t.pieces` and
/// `units` flatten. Only the escapes every language reads alike: `\b`,
/// `\f`, `\n`, `\r`, `\t`, `\"`, `\\`, `\/` and `\uXXXX`; `None` at any
/// other escape, at a code unit below U+0020 (a line break, or what some
/// language rejects) or at the limit, where the FJS functions take over.
fn cooked_to_close(
    units: &[u16],
    run: usize,
    i: usize,
    limit: usize,
    quote: u16,
) -> Option<(Vec<Value>, usize)> {
    let units = units.get(..limit)?;
    let mut cooked: Vec<Value> = units[run..i]
        .iter()
        .map(|&u| Value::Number(f64::from(u)))
        .collect();
    let mut k = i;
    loop {
        let c = *units.get(k)?;
        let (unit, read) = match c {
            _ if c == quote => return Some((cooked, k)),
            0x5c => common_escape(units, k)?,
            ..0x20 => return None,
            _ => (c, 1),
        };
        cooked.push(Value::Number(f64::from(unit)));
        k += read;
    }
}

/// The code unit of the escape whose backslash is at `k` of `units`, and
/// the count of code units it takes, where it is one that every language
/// reads alike: `\b`, `\f`, `\n`, `\r`, `\t`, `\"`, `\\`, `\/` and
/// `\uXXXX`; `None` for any other (or one cut short).
pub(super) fn common_escape(units: &[u16], k: usize) -> Option<(u16, usize)> {
    Some(match *units.get(k + 1)? {
        0x62 => (0x08, 2),
        0x66 => (0x0c, 2),
        0x6e => (0x0a, 2),
        0x72 => (0x0d, 2),
        0x74 => (0x09, 2),
        e @ (0x22 | 0x5c | 0x2f) => (e, 2),
        0x75 => (hex4(units.get(k + 2..k + 6)?)?, 6),
        _ => return None,
    })
}

/// The code unit that four hexadecimal digits spell.
fn hex4(digits: &[u16]) -> Option<u16> {
    digits.iter().try_fold(0u16, |value, &d| {
        let digit = char::from_u32(u32::from(d))?.to_digit(16)?;
        Some(value << 4 | digit as u16)
    })
}
