//! Native overrides: a function of the FunctionalScript compiler
//! (`fjs/compiler.bc`) that runs once per code unit of the source text is
//! recognised when it is lowered, by a hash of its bytecode, and the VM
//! runs a Rust version of its common case instead of interpreting it. The
//! compiler's bytecode does not change (JavaScript engines keep running the
//! FJS version); if the compiler changes, the hash no longer matches and
//! the function is interpreted as any other.
//!
//! The one override is the lexer's fold step (`next` in `lexer.f.mjs`):
//! `(s, _, j) => …` reads the code unit at `base + j` of `text` and, for
//! the characters that leave the state as it is (spaces, the plain
//! characters of strings, identifiers and numbers, anything after an
//! error), returns `s`. While the state stays the same, `reduce` skips
//! those items without calling the step: [`LexerStep::keeps`] tells, for
//! one state, which code units the step would return it for, and answers
//! "call it" whenever it is not sure (any other value of a field), so the
//! result is always the interpreted one.

use super::closure::Closure;
use super::code::Op;
use super::convert::to_boolean;
use super::env::Env;
use super::property;
use crate::bytecode::{encode_code, FunctionCode};
use crate::value::{FunctionData, JsString, Value};

/// A function the VM runs natively in part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Override {
    /// The lexer's fold step; it reaches `base` and `text` in these cells.
    LexerStep {
        /// The cell of `base` (the chunk's first offset).
        base: Cell,
        /// The cell of `text` (the source text).
        text: Cell,
    },
}

/// A cell of a closure's environment: `hops` links up, then `index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    hops: u32,
    index: u32,
}

/// The FNV-1a hash of the lexer step's bytecode.
const LEXER_STEP: u64 = 0x96bf_2b12_fe03_1d66;

/// 64-bit FNV-1a: stable across builds and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The override for a function with bytecode `code` lowered to `ops`.
/// `cells` is the count of its own environment's cells: with none, its
/// frame reaches the closure's environment as it is.
pub(crate) fn recognise(code: &FunctionCode, ops: &[Op], cells: u32) -> Option<Override> {
    // The step has 3 parameters; hashing only such functions keeps the
    // cost of lowering the compiler small.
    if code.length != 3 || cells != 0 {
        return None;
    }
    let hash = fnv1a(&encode_code(&code.code));
    if hash != LEXER_STEP {
        return None;
    }
    // The step reads `base` first (`const i = base + j`), then `text`.
    let mut cells = ops.iter().filter_map(|op| match *op {
        Op::Cell { hops, index } => Some(Cell { hops, index }),
        _ => None,
    });
    let base = cells.next()?;
    let text = cells.find(|c| *c != base)?;
    Some(Override::LexerStep { base, text })
}

/// The lexer step of one closure: the text and the chunk it reads.
pub(crate) struct LexerStep {
    text: JsString,
    /// The offset of item 0 (`base`), when it is a safe integer ≥ 0.
    base: usize,
}

fn read_cell(closure: &Closure, cell: Cell) -> Option<Value> {
    let env = Env::up(closure.env.as_ref()?, cell.hops)?;
    env.get(cell.index).ok()
}

impl LexerStep {
    /// The step's native part, if `callback` is a closure of the lexer's step.
    pub(crate) fn of(callback: &Value) -> Option<Self> {
        let Value::Function(f) = callback else {
            return None;
        };
        let FunctionData::Closure(closure) = f.data() else {
            return None;
        };
        let Override::LexerStep { base, text } = closure.proto.native?;
        let Value::String(text) = &read_cell(closure, text)? else {
            return None;
        };
        let text = text.clone();
        let Value::Number(base) = read_cell(closure, base)? else {
            return None;
        };
        let safe = base >= 0.0 && base.trunc() == base && base < 9_007_199_254_740_992.0;
        safe.then_some(LexerStep {
            text,
            base: base as usize,
        })
    }

    /// The first item from `from` (below `to`) for which the step does not
    /// surely return `s` itself: the items before it need no call.
    pub(crate) fn skip(&self, s: &Value, from: usize, to: usize) -> usize {
        let Some(state) = State::read(s) else {
            return from;
        };
        let units = self.text.as_units();
        let mut j = from;
        while j < to {
            let Some(&c) = self.base.checked_add(j).and_then(|i| units.get(i)) else {
                break;
            };
            if !state.keeps(c) {
                break;
            }
            j += 1;
        }
        j
    }
}

/// The lexer's mode (`s.mode`), as far as the fast paths tell them apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Ws,
    Str,
    Id,
    Num,
    Other,
}

/// The fields of a lexer state the step's fast paths read; `None` where
/// reading it would throw (`s.t` is `null` or `undefined`).
struct State {
    mode: Mode,
    nl: bool,
    quote: Option<Value>,
    esc_empty: Option<bool>,
    id_esc_zero: Option<bool>,
    after_e: Option<bool>,
    error_not_null: bool,
}

impl State {
    fn read(s: &Value) -> Option<Self> {
        let Value::Object(o) = s else {
            return None;
        };
        let field = |key: &str| o.get_str(key).cloned().unwrap_or_default();
        let mode = match &field("mode") {
            Value::String(m) if m.eq_str("ws") => Mode::Ws,
            Value::String(m) if m.eq_str("str") => Mode::Str,
            Value::String(m) if m.eq_str("id") => Mode::Id,
            Value::String(m) if m.eq_str("num") => Mode::Num,
            _ => Mode::Other,
        };
        let t = field("t");
        let of_t = |key: &str| match t {
            Value::Undefined | Value::Null => None,
            ref t => property::get_str(t, key).ok(),
        };
        Some(State {
            mode,
            nl: to_boolean(&field("nl")),
            quote: of_t("quote"),
            esc_empty: of_t("esc").map(|v| matches!(&v, Value::String(e) if e.is_empty())),
            id_esc_zero: of_t("idEsc").map(|v| matches!(v, Value::Number(n) if n == 0.0)),
            after_e: of_t("afterE").map(|v| to_boolean(&v)),
            error_not_null: !matches!(field("error"), Value::Null),
        })
    }

    /// Whether the step surely returns the state for the code unit `c`:
    /// its conditions in its order, `false` ("call it") where one would
    /// throw.
    fn keeps(&self, c: u16) -> bool {
        let number = f64::from(c);
        if self.mode == Mode::Ws && (c == 0x20 || c == 0x09 || c == 0x0a && self.nl) {
            return true;
        }
        if self.mode == Mode::Str && c >= 0x20 && c != 0x5c {
            let Some(quote) = &self.quote else {
                return false;
            };
            let is = |n: f64| matches!(quote, Value::Number(q) if *q == n);
            if !is(number) && !is(f64::from(0x60u16)) {
                match self.esc_empty {
                    None => return false,
                    Some(true) => return true,
                    Some(false) => {}
                }
            }
        }
        let id_char =
            u8::try_from(c).is_ok_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$');
        if self.mode == Mode::Id && id_char {
            match self.id_esc_zero {
                None => return false,
                Some(true) => return true,
                Some(false) => {}
            }
        }
        if self.mode == Mode::Num && (0x30..=0x39).contains(&c) {
            match self.after_e {
                None => return false,
                Some(false) => return true,
                Some(true) => {}
            }
        }
        self.error_not_null
    }
}
