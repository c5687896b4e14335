//! Native overrides: a function of the FunctionalScript compiler
//! (`fjs/compiler.bc`) that runs once per code unit of the source text is
//! recognised when it is lowered, by a hash of its bytecode, and the VM
//! runs a Rust version of its common case instead of interpreting it. The
//! compiler's bytecode does not change (JavaScript engines keep running the
//! FJS version); if the compiler changes, the hash no longer matches and
//! the function is interpreted as any other.
//!
//! The first override is the lexer's fold step (`next` in `lexer.f.mjs`):
//! `(s, _, j) => …` reads the code unit at `base + j` of `text` and, for
//! the characters that leave the state as it is (spaces, the plain
//! characters of strings, identifiers and numbers, anything after an
//! error), returns `s`. While the state stays the same, `reduce` skips
//! those items without calling the step: [`LexerStep::keeps`] tells, for
//! one state, which code units the step would return it for, and answers
//! "call it" whenever it is not sure (any other value of a field), so the
//! result is always the interpreted one.
//!
//! Where a token starts in whitespace, the step makes the new state
//! natively ([`LexerStep::start`]) for the characters whose meaning there
//! does not depend on the language: a line break, `"`, a digit, an ASCII
//! identifier start, and the one-character punctuators other than `{`,
//! `}`, `/`, `.` and the quotes (braces too where the language has no
//! template literals: `language.templates`, read where `ws` reads it). It
//! builds the very objects the FJS code
//! builds (`to(s, mode, i, t)`, the mode's `t`), with the shape of the
//! state it is given, and declines any state of another shape. Inside a
//! numeric literal, so it does for the characters that only change the
//! literal's `t`: its `.`, its `e` and the exponent's sign or first digit
//! ([`StateParts::number_goes_on`]).
//!
//! Two callbacks of `map` and `Array.from` run natively per item
//! ([`ItemMap`]): the lexer's copy of a string literal's code units
//! (`(_, k) => text.charCodeAt(from + k)`) and the bytecode writer's pair
//! of bytes per code unit (`u => [u & 255, u >>> 8]`, for numbers; any
//! other item is passed to the FJS function).
//!
//! Four functions run natively per call ([`call`]), for the arguments of
//! their common case: the bytecode writer's 8 bytes of a double (`f64` in
//! `f64.f.mjs`, some 25 FJS calls a number interpreted), the parser's
//! check and value of a numeric literal (`literal` in `number.f.mjs`, a
//! fold over its characters) for plain decimal literals, and the lexer's
//! `ws` (a token's first character, after the token before it ended) for
//! the characters its step's override makes states for, and the parser's
//! `isPunct(t, value)` (some seven calls a token).
//!
//! Where a punctuator, a number, an identifier or a string literal ends,
//! the step's fold calls the lexer's `emitThen` (or `emit`) with the token
//! built natively ([`token_end`]), instead of the step and the mode's
//! function that would build it. In the compiler this crate embeds (and
//! only there: [`is_embedded_compiler`]), the parser's step runs natively
//! for the tokens of data ([`parser_step`]), and so the whole of `emit`;
//! there, too, a literal of data within the fold's chunk is read whole
//! from its opening bracket to its closing one ([`whole_literal`]).
//!
//! Each item a native loop handles counts one step of the budget (a call
//! would count two), so a compile that fits when interpreted fits natively.

mod parser_step;
mod token_end;
mod whole_literal;

pub(crate) use token_end::Ended;
use token_end::{is_ascii_id_part, TokenEnds};
pub(crate) use whole_literal::forget_run;

use std::rc::Rc;

use super::closure::Closure;
use super::code::Op;
use super::convert::{decimal_literal_value, to_boolean, to_uint32};
use super::env::Env;
use super::intern::intern;
use super::operators::{number_fast, strict_equals};
use super::property;
use crate::bytecode::{encode_code, BinaryOp, FunctionCode};
use crate::value::{Array, Exact, FunctionData, JsString, Keys, Object, Value};

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
    /// The lexer's copy of a run of code units, the mapper of `slice`'s
    /// `Array.from`: `(_, k) => text.charCodeAt(from + k)`.
    CodeUnits {
        /// The cell of `text`.
        text: Cell,
        /// The cell of `from`.
        from: Cell,
    },
    /// The bytecode writer's mapper of a string's code units to their
    /// bytes: `u => [u & 255, u >>> 8]`.
    BytePair,
    /// The bytecode writer's 8 bytes of a double, least-significant first,
    /// NaN as the canonical quiet NaN: `f64(x)`.
    F64Bytes,
    /// The parser's numeric literal: `literal(rules, text)` is
    /// `['number', Number(text)]` for every language's rules when `text` is
    /// a plain decimal (`0`, `12`, `1.5`, `1e-7`, `0.5E+3`).
    NumberLiteral,
    /// The lexer's `ws(s, c, i)`, the state after the code unit `c` at `i`
    /// read in whitespace (see [`StateParts::whitespace`]).
    Whitespace,
    /// The parser's `isPunct(t, value)`: whether the token `t` is the
    /// punctuator `value` (`t.kind === 'punct' && t.value === value`).
    IsPunct,
    /// The bytecode writer's 4 bytes of a u32, least-significant first:
    /// `u32(n)`, `[n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]`.
    U32Bytes,
    /// The code generator's `isError(r)`: `r.error !== undefined`.
    IsError,
    /// The code generator's `firstError(results)`: the first of `results`
    /// that `isError` (the function its reducer reaches) holds for, or
    /// `null`.
    FirstError,
    /// The persistent map's `get(n, key)`: the value bound to the string
    /// `key` in the AVL tree `n`, or `undefined` (through the cell of
    /// `get` itself, in the compiler this crate embeds).
    MapGet,
    /// The bytecode writer's `property(key, value)`: the sized rope of an
    /// object literal's property, `sized([string(key), value.rope],
    /// stringSize(key) + value.size)` (through the cells of those three,
    /// in the compiler this crate embeds).
    Property,
    /// The code generator's `unlessError(results, build)`: the first error
    /// of `results` (`firstError`, the function it reaches), or a call of
    /// `build(results)` in its place.
    UnlessError,
    /// The code generator's `resolve(node, env, blocks, fns, crossed,
    /// hidden)`: the reference a name's node comes to, found down the
    /// chain of environments (errors and globals are interpreted).
    Resolve,
    /// The code generator's `gen(node, env, level)` for a literal node
    /// within the depth limit: `node` itself (`level + node.height >
    /// maxDepth` is an error, and other nodes are interpreted).
    GenLiteral,
    /// The bytecode writer's `sizeOf(items)`: the sum of the items'
    /// `size`s, `items.reduce((n, item) => n + item.size, 0)`.
    SizeOf,
    /// The double writer's `up(k)`: 2 ** k, for an integer 0 <= k <= 1023
    /// (by exact squaring, through the cells of the compiler this crate
    /// embeds).
    PowerOfTwo,
    /// The double writer's `down(k)`: 2 ** -k, for an integer
    /// 0 <= k <= 1074 (likewise).
    InversePowerOfTwo,
    /// The lexer's `lex(s, c, i)`: the mode's function of the state.
    /// This and the markers below are not run natively: they pin the
    /// functions a token's end goes through (see [`token_end`]).
    Lex,
    /// The lexer's `punct(s, c, i)`.
    Punct,
    /// The lexer's `num(s, c, i)`.
    Num,
    /// The lexer's `id(s, c, i)`.
    Id,
    /// The lexer's `str(s, c, i)`.
    Str,
    /// The lexer's `literalChar(s, c, i)`.
    LiteralChar,
    /// The lexer's `strChar(s, c, i)`.
    StrChar,
    /// The lexer's `emit(s, token)`: the parser's step, then whitespace.
    Emit,
    /// The lexer's `emitThen(s, token, c, i)`: `emit`, then `ws(…, c, i)`.
    EmitThen,
    /// The parser's `step(p, t)`, for the tokens of data (see
    /// [`parser_step`]); only in the compiler this crate embeds.
    ParserStep,
}

/// A cell of a closure's environment: `hops` links up, then `index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    hops: u32,
    index: u32,
}

/// The FNV-1a hash of the lexer step's bytecode.
const LEXER_STEP: u64 = 0x96bf_2b12_fe03_1d66;

/// The FNV-1a hash of the code-unit copy's bytecode.
const CODE_UNITS: u64 = 0xb97c_0fc7_b051_7d01;

/// The FNV-1a hash of the byte pair mapper's bytecode.
const BYTE_PAIR: u64 = 0x595c_a05c_d217_84e2;

/// The FNV-1a hash of `f64`'s bytecode.
const F64_BYTES: u64 = 0x1d2f_7677_e83e_e53b;

/// The FNV-1a hash of the lexer's `ws`.
const WHITESPACE: u64 = 0x9d49_e9de_9fe8_7755;

/// The FNV-1a hash of the parser's `isPunct`.
const IS_PUNCT: u64 = 0x5c20_efd1_54f6_3e50;

/// The FNV-1a hash of the numeric literal's bytecode.
const NUMBER_LITERAL: u64 = 0xb218_3b33_dbcd_cf58;

/// The FNV-1a hash of the bytecode writer's `u32`.
const U32_BYTES: u64 = 0x396d_2725_6d1b_9686;

/// The FNV-1a hash of the code generator's `isError`.
const IS_ERROR: u64 = 0x3c1a_b41f_e4da_e585;

/// The FNV-1a hash of the code generator's `firstError`, its reducer
/// included.
const FIRST_ERROR: u64 = 0xc78f_6a08_7e91_c1e4;

/// The FNV-1a hash of the persistent map's `get`.
const MAP_GET: u64 = 0x74af_3b77_a521_ad47;

/// The FNV-1a hash of the bytecode writer's `property`.
const PROPERTY: u64 = 0x69af_56ea_84db_46c5;

/// The FNV-1a hash of the code generator's `unlessError`.
const UNLESS_ERROR: u64 = 0x9b97_983a_7d51_d720;

/// The FNV-1a hash of the code generator's `resolve`.
const RESOLVE: u64 = 0xf8f6_6b2e_0daf_d145;

/// The FNV-1a hash of the code generator's `gen`.
const GEN: u64 = 0x3c8b_3b18_05c9_5bca;

/// The FNV-1a hash of the bytecode writer's `sizeOf`, its reducer
/// included.
const SIZE_OF: u64 = 0xb0dc_0661_16d7_1d90;

/// The FNV-1a hash of the double writer's `up`.
const POWER_OF_TWO: u64 = 0x3bfc_09e7_98cf_d5c4;

/// The FNV-1a hash of the double writer's `down`.
const INVERSE_POWER_OF_TWO: u64 = 0x9e36_01cc_ae71_9df5;

/// The parser's `step(p, t)` (`parser.f.mjs`).
const PARSER_STEP: u64 = 0x571f_44d3_220a_ce41;

/// The FNV-1a hash of `fjs/compiler.bc`, the compiler the overrides that
/// follow more than one function were written against ([`parser_step`]).
const EMBEDDED_COMPILER: u64 = 0xf272_79e2_1277_84ea;

/// Whether `bundle` is the compiler [`parser_step`] follows, byte for byte.
pub(crate) fn is_embedded_compiler(bundle: &[u8]) -> bool {
    fnv1a(bundle) == EMBEDDED_COMPILER
}

/// The FNV-1a hashes of the functions a token's end goes through, with
/// their markers.
const TOKEN_PATH: [(u64, Override); 9] = [
    (0xcb21_026c_bd6b_0a64, Override::Lex),
    (0xbe20_f57f_b4bc_0189, Override::Punct),
    (0xa8b5_d68e_4964_a2c8, Override::Num),
    (0x0944_554e_16f0_5bf6, Override::Id),
    (0xdf77_46a9_33e8_129f, Override::Str),
    (0xb9cf_3524_43c2_812b, Override::LiteralChar),
    (0x766a_f54c_ba0b_3dca, Override::StrChar),
    (0x53e2_31da_9e46_fff6, Override::Emit),
    (0xa598_1fcd_7a55_4381, Override::EmitThen),
];

/// 64-bit FNV-1a: stable across builds and platforms.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The override for a function with bytecode `code` lowered to `ops`.
/// `cells` is the count of its own environment's cells: with none, its
/// frame reaches the closure's environment as it is; `nested` whether it
/// creates functions. Both matter only to the overrides that read cells;
/// those run per call see only their arguments. `compiler`: the function
/// is part of the compiler this crate embeds ([`is_embedded_compiler`]).
pub(crate) fn recognise(
    code: &FunctionCode,
    ops: &[Op],
    cells: u32,
    nested: bool,
    compiler: bool,
) -> Option<Override> {
    // Hashing only small functions of 1 to 4 parameters keeps the cost of
    // lowering the compiler small; the parser's step is larger, and the
    // code generator's `resolve` has 6.
    let small = (1..=4).contains(&code.length) && ops.len() <= 256;
    let known =
        compiler && (code.length == 2 && ops.len() <= 1024 || code.length == 6 && ops.len() <= 256);
    if !small && !known {
        return None;
    }
    let hash = fnv1a(&encode_code(&code.code));
    if hash == PARSER_STEP && compiler {
        return Some(Override::ParserStep);
    }
    if let Some(&(_, marker)) = TOKEN_PATH.iter().find(|(h, _)| *h == hash) {
        return Some(marker);
    }
    // Called natively: only the arguments matter.
    match hash {
        F64_BYTES => return Some(Override::F64Bytes),
        NUMBER_LITERAL => return Some(Override::NumberLiteral),
        WHITESPACE => return Some(Override::Whitespace),
        IS_PUNCT => return Some(Override::IsPunct),
        U32_BYTES => return Some(Override::U32Bytes),
        IS_ERROR => return Some(Override::IsError),
        // Its reducer reaches `isError` in the closure's environment.
        FIRST_ERROR if cells == 0 => return Some(Override::FirstError),
        // They reach `square` and themselves in cells: only in the
        // compiler whose every function is known.
        UNLESS_ERROR if compiler && cells == 0 => return Some(Override::UnlessError),
        RESOLVE if compiler => return Some(Override::Resolve),
        GEN if compiler => return Some(Override::GenLiteral),
        SIZE_OF if compiler => return Some(Override::SizeOf),
        MAP_GET if compiler => return Some(Override::MapGet),
        PROPERTY if compiler => return Some(Override::Property),
        POWER_OF_TWO if compiler => return Some(Override::PowerOfTwo),
        INVERSE_POWER_OF_TWO if compiler => return Some(Override::InversePowerOfTwo),
        _ if cells != 0 || nested => return None,
        _ => {}
    }
    // The cells the function reads, in the order it first reads them.
    let mut reads = Vec::new();
    for op in ops {
        if let Op::Cell { hops, index } = *op {
            let cell = Cell { hops, index };
            if !reads.contains(&cell) {
                reads.push(cell);
            }
        }
    }
    match (hash, &reads[..]) {
        // `const i = base + j`, then `text.charCodeAt(i)`.
        (LEXER_STEP, &[base, text, ..]) => Some(Override::LexerStep { base, text }),
        (CODE_UNITS, &[text, from]) => Some(Override::CodeUnits { text, from }),
        (BYTE_PAIR, []) => Some(Override::BytePair),
        _ => None,
    }
}

/// The lexer step of one closure: the text and the chunk it reads.
pub(crate) struct LexerStep {
    text: JsString,
    /// The offset of item 0 (`base`), when it is a safe integer ≥ 0.
    base: usize,
    /// What the states it makes natively are made of.
    parts: Rc<StateParts>,
    /// The lexer's `emit` and `emitThen`, to end tokens natively.
    ends: Option<Box<TokenEnds>>,
    /// `language.templates` of the lexer's `run`, if known.
    templates: Option<bool>,
    /// What else `ws` reads of the language, where the lexer is the
    /// compiler's this crate embeds.
    syntax: Option<Syntax>,
}

/// `language.comments` and `language.singleQuotes` of the lexer's `run`,
/// as conditions.
#[derive(Clone, Copy)]
struct Syntax {
    comments: bool,
    single_quotes: bool,
}

impl Syntax {
    /// The flags of `language`, if it is an object.
    fn of(parts: &StateParts, language: &Value) -> Option<Self> {
        let Value::Object(_) = language else {
            return None;
        };
        let flag = |key: &JsString| to_boolean(&property::get_key(language, key));
        Some(Syntax {
            comments: flag(&parts.comments),
            single_quotes: flag(&parts.single_quotes),
        })
    }
}

/// The cell of `language` that `ws` reads (cell 0 of `run`'s environment,
/// its first parameter; the index is part of `ws`'s hashed bytecode).
const LANGUAGE: Cell = Cell { hops: 0, index: 0 };

/// Whether `language` (the lexer's language object) has template
/// literals: `language.templates` as a condition; `None` if it is not an
/// object.
fn templates(parts: &StateParts, language: &Value) -> Option<bool> {
    let Value::Object(_) = language else {
        return None;
    };
    Some(to_boolean(&property::get_key(language, &parts.templates)))
}

/// Calls `f` with each closure held in a cell of `env` that was created in
/// `env` and has an override (the lexer's functions, for `run`'s `env`).
fn own_closures(env: &Rc<Env>, mut f: impl FnMut(&Value, Override)) {
    env.for_each_value(|v| {
        if let Some((closure, native)) = overridden(v) {
            if closure.env.as_ref().is_some_and(|e| Rc::ptr_eq(e, env)) {
                f(v, native);
            }
        }
    });
}

/// `language.templates` as `ws` reads it, when `env` (the lexer's `run`)
/// holds `ws` created in it.
fn run_templates(parts: &StateParts, env: &Rc<Env>) -> Option<bool> {
    let mut has_ws = false;
    own_closures(env, |_, native| has_ws |= native == Override::Whitespace);
    if !has_ws {
        return None;
    }
    templates(parts, &env.get(LANGUAGE.index).ok()?)
}

thread_local! {
    /// This thread's [`StateParts`] (its keys are interned per thread).
    static STATE_PARTS: Rc<StateParts> = Rc::new(StateParts::new());
}

/// The one-character punctuators `ws` starts a token with: braces (where
/// the language has no template literals), then the others.
const PUNCTUATORS: &[u8] = b"{}()[];,<>=!+-*%&|^~?:";

/// The keys, shapes and strings of the lexer states [`LexerStep::start`]
/// makes, interned as the lowered code's constants are.
struct StateParts {
    /// The keys of a state, in the order of `to` in `lexer.f.mjs`.
    state: [JsString; 7],
    /// The shape of states found to have exactly these keys.
    state_shape: KnownShape,
    /// `literal(quote, run)`'s `t`.
    literal: Keys,
    /// A number's `t`: `{ dot, exp, radix, afterE }`.
    number: Keys,
    /// The shape of numbers' `t` found to have exactly those keys.
    number_shape: KnownShape,
    /// An identifier's `t`: `{ idEsc, escaped }`.
    ident: Keys,
    /// `list.empty`: `{ length: 0, chunks: null }`.
    empty_list: Value,
    ws: JsString,
    str: JsString,
    num: JsString,
    id: JsString,
    punct: JsString,
    line: JsString,
    block: JsString,
    slash: JsString,
    empty: JsString,
    /// Keys of a state's `t`.
    quote: JsString,
    esc: JsString,
    id_esc: JsString,
    after_e: JsString,
    /// `language.templates`, `language.comments`, `language.singleQuotes`.
    templates: JsString,
    comments: JsString,
    single_quotes: JsString,
    /// `quote`, `esc`, `idEsc` and `afterE` of a string.
    string_t: [Value; 4],
    /// The one-character strings of the ASCII punctuators `ws` starts,
    /// by code unit, made once.
    punctuators: Box<[Option<JsString>]>,
    /// A token's `kind` and `value`.
    kind: JsString,
    value: JsString,
}

/// The last shape found to have exactly some keys, in their order: the
/// objects of one literal or spread share it, so after the first of them
/// a check is one comparison of addresses. It keeps the shape alive, so
/// its address names it.
#[derive(Default)]
struct KnownShape {
    /// The address of `shape`.
    addr: std::cell::Cell<usize>,
    shape: std::cell::Cell<Option<Keys>>,
}

impl KnownShape {
    /// Whether `o`'s keys are `keys`, in that order.
    #[inline]
    fn matches(&self, o: &Object, keys: &[JsString]) -> bool {
        let shape = o.shape();
        if self.addr.get() == shape.addr() {
            return true;
        }
        if !o.keys().eq(keys.iter()) {
            return false;
        }
        self.shape.set(Some(shape.clone()));
        self.addr.set(shape.addr());
        true
    }
}

/// The interned string `s`.
fn interned(s: &str) -> JsString {
    intern(&JsString::from(s))
}

/// The shape of these keys (which must be unique).
fn shape(keys: &[&str]) -> Keys {
    Keys::from_ordered(keys.iter().map(|k| interned(k)).collect())
}

impl StateParts {
    /// The values of `o` in the order of [`StateParts::state`], when its
    /// keys are those, in that order (as every state `to` makes, and every
    /// spread of one): a check of its shape's address after the first.
    fn fields<'a>(&self, o: &'a Object) -> Option<&'a [Value; 7]> {
        if !self.state_shape.matches(o, &self.state) {
            return None;
        }
        o.values().try_into().ok()
    }

    /// Property `key` of any string, for the keys of `t` the fast paths
    /// read (`None` for another key).
    fn of_string(&self, key: &JsString) -> Option<Value> {
        let keys = [&self.quote, &self.esc, &self.id_esc, &self.after_e];
        let k = keys.iter().position(|k| JsString::ptr_eq(k, key))?;
        Some(self.string_t[k].clone())
    }

    fn new() -> Self {
        let state = ["mode", "start", "nl", "error", "p", "t", "braces"].map(interned);
        let list = shape(&["length", "chunks"]);
        let empty_list = Object::with_shape(list, [Value::Number(0.0), Value::Null]);
        StateParts {
            state,
            state_shape: KnownShape::default(),
            literal: shape(&["quote", "pieces", "run", "esc", "escStart", "need", "value"]),
            number: shape(&["dot", "exp", "radix", "afterE"]),
            number_shape: KnownShape::default(),
            ident: shape(&["idEsc", "escaped"]),
            empty_list: Value::Object(empty_list),
            ws: interned("ws"),
            str: interned("str"),
            num: interned("num"),
            id: interned("id"),
            punct: interned("punct"),
            line: interned("line"),
            block: interned("block"),
            slash: interned("slash"),
            empty: interned(""),
            quote: interned("quote"),
            esc: interned("esc"),
            id_esc: interned("idEsc"),
            after_e: interned("afterE"),
            templates: interned("templates"),
            comments: interned("comments"),
            single_quotes: interned("singleQuotes"),
            string_t: ["quote", "esc", "idEsc", "afterE"]
                .map(|k| property::get_key(&Value::String(JsString::from("")), &interned(k))),
            punctuators: (0..128u8)
                .map(|b| {
                    PUNCTUATORS
                        .contains(&b)
                        .then(|| JsString::from_utf16([u16::from(b)].as_slice()))
                })
                .collect(),
            kind: interned("kind"),
            value: interned("value"),
        }
    }

    /// `ws(s, c, i)` of `lexer.f.mjs` for the code units it treats alike
    /// in every language: a space or tab gives `s`; a line break gives `s`
    /// after another one, else `{ ...s, nl: true }`; `"`, a digit, an ASCII
    /// identifier start and the one-character punctuators other than `{`,
    /// `}`, `/`, `.` and the quotes give `to(s, mode, i, t)`, that is
    /// `{ mode, start: i, nl: s.nl, error: null, p: s.p, t, braces:
    /// s.braces }`. So do `{` and `}` when the language has no template
    /// literals (`templates` is `language.templates`, `None` when unknown:
    /// with templates, braces keep the stack of substitutions).
    /// `None` (call it) for any other code unit, and for a state without
    /// the keys of `to`'s, in its order. The new state replaces `o`, made
    /// in place where `o` is its only handle; the result is the bytes the
    /// VM counts for it, as if it were a copy.
    fn whitespace(
        &self,
        o: &mut Object,
        c: u16,
        at: f64,
        templates: Option<bool>,
    ) -> Option<usize> {
        let nl = to_boolean(&self.fields(o)?[2]);
        let t = match c {
            0x20 | 0x09 => return Some(0),
            0x0a | 0x0d if nl => return Some(0),
            0x0a | 0x0d => {
                o.update(|values| values[2] = Value::Bool(true));
                return Some(object_bytes(7));
            }
            0x22 => Some((&self.str, self.literal(c, at))),
            0x30..=0x39 => {
                let t = [false, false, false, false].map(Value::Bool);
                Some((&self.num, Object::with_shape(self.number.clone(), t)))
            }
            0x41..=0x5a | 0x61..=0x7a | 0x5f | 0x24 => {
                let t = [Value::Number(0.0), Value::Bool(false)];
                Some((&self.id, Object::with_shape(self.ident.clone(), t)))
            }
            _ => None,
        };
        let (mode, t, bytes) = match t {
            Some((mode, t)) => (mode, Value::Object(t), object_bytes(14)),
            None => {
                let brace = matches!(c, 0x7b | 0x7d) && templates == Some(false);
                let punct = u8::try_from(c)
                    .ok()
                    .filter(|b| brace || PUNCTUATORS[2..].contains(b))?;
                let text = self.punctuators[usize::from(punct)].clone()?;
                (&self.punct, Value::String(text), object_bytes(7))
            }
        };
        // `to(s, mode, i, t)`: `nl`, `p` and `braces` stay.
        o.update(|values| {
            values[0] = Value::String(mode.clone());
            values[1] = Value::Number(at);
            values[3] = Value::Null;
            values[5] = t;
        });
        Some(bytes)
    }

    /// `literal(quote, i + 1)` of `lexer.f.mjs`, the `t` of a string
    /// started at `i`.
    fn literal(&self, quote: u16, i: f64) -> Object {
        let t = [
            Value::Number(f64::from(quote)),
            self.empty_list.clone(),
            Value::Number(i + 1.0),
            Value::String(self.empty.clone()),
            Value::Number(0.0),
            Value::Number(0.0),
            Value::Number(0.0),
        ];
        Object::with_shape(self.literal.clone(), t)
    }

    /// `ws(s, c, i)` where `ws` of the language `syntax` starts a comment
    /// (`/`, with comments: `to(s, 'slash', i, null)`) or a single-quoted
    /// string (`'`, with single quotes: `to(s, 'str', i, literal(c, i +
    /// 1))`), as [`StateParts::whitespace`] makes its states; `None` (call
    /// it) for any other code unit or state.
    fn comment_or_quote(&self, o: &mut Object, c: u16, at: f64, syntax: Syntax) -> Option<usize> {
        self.fields(o)?;
        let (mode, t) = match c {
            0x2f if syntax.comments => (&self.slash, Value::Null),
            0x27 if syntax.single_quotes => (&self.str, Value::Object(self.literal(c, at))),
            _ => return None,
        };
        o.update(|values| {
            values[0] = Value::String(mode.clone());
            values[1] = Value::Number(at);
            values[3] = Value::Null;
            values[5] = t;
        });
        Some(object_bytes(14))
    }

    /// `slash`, `line` and `block` of `lexer.f.mjs` for the code units
    /// that change their state (the step's fast paths skip the others): in
    /// `slash`, `/` gives `{ ...s, mode: 'line' }` and `*` `{ ...s, mode:
    /// 'block', t: false }`; in `line`, LF or CR (line terminators in every
    /// language) gives `ws({ ...s, mode: 'ws' }, c, i)`, that is `{ ...s,
    /// mode: 'ws', nl: true }` (`s` itself after a line break); in `block`,
    /// `/` after `*` gives `{ ...s, mode: 'ws', t: null }`, `*` `{ ...s, t:
    /// true }`, LF or CR `{ ...s, t: false, nl: true }`, anything else
    /// after `*` `{ ...s, t: false }`. `None` (call it) for any other code
    /// unit or state. In place where `o` is its only handle; the result is
    /// the bytes the VM counts.
    fn comment(&self, o: &mut Object, c: u16) -> Option<usize> {
        let [Value::String(mode), _, nl, Value::Null, _, t, _] = self.fields(o)? else {
            return None;
        };
        let line_break = matches!(c, 0x0a | 0x0d);
        let nl = if to_boolean(nl) {
            nl.clone()
        } else {
            Value::Bool(true)
        };
        let (mode, t, nl) = if *mode == self.slash {
            match c {
                0x2f => (Some(&self.line), None, None),
                0x2a => (Some(&self.block), Some(Value::Bool(false)), None),
                _ => return None,
            }
        } else if *mode == self.line && line_break {
            (Some(&self.ws), None, Some(nl))
        } else if *mode == self.block {
            let after_star = to_boolean(t);
            match c {
                // Line terminators in some languages only.
                0x2028 | 0x2029 => return None,
                0x2f if after_star => (Some(&self.ws), Some(Value::Null), None),
                0x2a if after_star => return Some(0),
                0x2a => (None, Some(Value::Bool(true)), None),
                _ if line_break => (None, Some(Value::Bool(false)), Some(Value::Bool(true))),
                _ if after_star => (None, Some(Value::Bool(false)), None),
                _ => return Some(0),
            }
        } else {
            return None;
        };
        o.update(|values| {
            if let Some(mode) = mode {
                values[0] = Value::String(mode.clone());
            }
            if let Some(nl) = nl {
                values[2] = nl;
            }
            if let Some(t) = t {
                values[5] = t;
            }
        });
        Some(object_bytes(7))
    }

    /// `num(s, c, i)` of `lexer.f.mjs` where the literal goes on and only
    /// its `t` changes: `.` (not after a radix prefix, a dot or an
    /// exponent) gives `{ ...s, t: { ...t, dot: true, afterE: false } }`;
    /// `e` or `E` (not after a radix prefix) `{ ...t, exp: true, afterE:
    /// true }`; right after it (`t.afterE`), a sign or a digit `{ ...t,
    /// afterE: false }`. Spreads keep the shapes of `s` and `t`, and
    /// change them in place where they are their objects' only handles.
    /// `None` (call it) for any other code unit, and for a `t` without the
    /// keys of the number's `t`, in their order.
    fn number_goes_on(&self, s: &mut Object, c: u16) -> Option<usize> {
        let Value::Object(t) = &self.fields(s)?[5] else {
            return None;
        };
        if !self.number_shape.matches(t, self.number.as_slice()) {
            return None;
        }
        let [dot, exp, radix, after_e] = t.values() else {
            return None;
        };
        let [dot, exp, radix, after_e] = [dot, exp, radix, after_e].map(to_boolean);
        // `dot`, `exp` and `afterE` after `c`.
        let [dot, exp, after_e] = match c {
            0x2e if !radix && !dot && !exp => [Some(true), None, Some(false)],
            0x65 | 0x45 if !radix => [None, Some(true), Some(true)],
            0x2b | 0x2d | 0x30..=0x39 if after_e => [None, None, Some(false)],
            _ => return None,
        };
        s.update(|values| {
            let Value::Object(t) = &mut values[5] else {
                return;
            };
            t.update(|values| {
                for (place, flag) in [(0, dot), (1, exp), (3, after_e)] {
                    if let Some(flag) = flag {
                        values[place] = Value::Bool(flag);
                    }
                }
            });
        });
        Some(object_bytes(7) + object_bytes(4))
    }
}

/// The bytes the VM counts for an object of `n` properties.
fn object_bytes(n: usize) -> usize {
    n * std::mem::size_of::<(JsString, Value)>() + 16
}

fn read_cell(closure: &Closure, cell: Cell) -> Option<Value> {
    read_env(closure.env.as_ref()?, cell)
}

/// The value in `cell` seen from `env`.
fn read_env(env: &Rc<Env>, cell: Cell) -> Option<Value> {
    Env::up(env, cell.hops)?.get(cell.index).ok()
}

/// The closure behind `callback` and its override, if it has one.
fn overridden(callback: &Value) -> Option<(&Closure, Override)> {
    let Value::Function(f) = callback else {
        return None;
    };
    let FunctionData::Closure(closure) = f.data() else {
        return None;
    };
    Some((closure, closure.proto.native?))
}

/// The string in the cell `text` and the safe offset in the cell `offset`
/// that `closure` reaches.
fn text_and_offset(closure: &Closure, text: Cell, offset: Cell) -> Option<(JsString, usize)> {
    let Value::String(text) = &read_cell(closure, text)? else {
        return None;
    };
    let text = text.clone();
    Some((text, safe_offset(&read_cell(closure, offset)?)?))
}

impl LexerStep {
    /// The step's native part, if `callback` is a closure of the lexer's step.
    pub(crate) fn of(callback: &Value) -> Option<Self> {
        let (closure, Override::LexerStep { base, text: cell }) = overridden(callback)? else {
            return None;
        };
        let (text, base) = text_and_offset(closure, cell, base)?;
        let parts = STATE_PARTS.with(Rc::clone);
        // `run`'s environment: where `text` is, and the lexer's functions.
        let run = closure.env.as_ref().and_then(|env| Env::up(env, cell.hops));
        let ends = run.and_then(TokenEnds::find).map(Box::new);
        let templates = run.and_then(|env| run_templates(&parts, env));
        // The lexer's other functions are known where its parser's step is.
        let known = ends
            .as_ref()
            .is_some_and(|ends| ends.in_embedded_compiler());
        let syntax = run
            .filter(|_| known)
            .and_then(|env| env.get(LANGUAGE.index).ok())
            .and_then(|language| Syntax::of(&parts, &language));
        Some(LexerStep {
            text,
            base,
            parts,
            ends,
            templates,
            syntax,
        })
    }

    /// The end of the token of state `s` at item `j`, when the step would
    /// only build the token and hand it on (see [`token_end`]): `s` becomes
    /// the state after it, or a call makes that state, with the count of
    /// items from `j` that the steps on the way take (more than one for a
    /// string read to its closing quote, below item `len`); `None`: call
    /// the step, `s` as it was. Only for an item [`LexerStep::skip`]
    /// stopped at.
    pub(crate) fn end(&self, s: &mut Value, j: usize, len: usize) -> Option<(Ended, usize)> {
        let i = self.base.checked_add(j)?;
        let limit = self.base.checked_add(len)?;
        self.ends
            .as_ref()?
            .end(s, &self.text, i, limit, self.templates)
    }

    /// The first item the fold from the state `s` reads: the one after a
    /// literal read whole past the chunk before ([`whole_literal`]), if
    /// `s` is the state that reading made (all of the chunk's items if
    /// the literal ends past it too); else 0.
    pub(crate) fn first(&self, s: &Value, len: usize) -> usize {
        let Some(at) = whole_literal::resume_at(&self.text, s) else {
            return 0;
        };
        let j = at.saturating_sub(self.base);
        if j > len {
            whole_literal::resume_later(&self.text, s, at);
        }
        j.min(len)
    }

    /// Makes `s` the state the step returns for item `j` when `s` is in
    /// whitespace and the code unit there starts a token whose state needs
    /// no language rule (see the module's doc), and returns the bytes that
    /// state counts (in place where `s` is the state's only handle);
    /// `None`: call the step, `s` as it was. The step hands such a state to
    /// `ws` (`lex`'s case of mode `'ws'`, after its fast paths and the
    /// error check), which [`StateParts::whitespace`] follows, and in the
    /// compiler this crate embeds [`StateParts::comment_or_quote`] (a
    /// comment's or a single-quoted string's start); there, too, a
    /// comment's state changes as [`StateParts::comment`] follows.
    pub(crate) fn start(&self, s: &mut Value, j: usize) -> Option<usize> {
        let Value::Object(o) = s else {
            return None;
        };
        let parts = &self.parts;
        let [Value::String(mode), _, _, Value::Null, ..] = parts.fields(o)? else {
            return None;
        };
        let i = self.base.checked_add(j)?;
        let c = *self.text.as_units().get(i)?;
        if *mode == parts.ws {
            let at = i as f64;
            parts.whitespace(o, c, at, self.templates).or_else(|| {
                self.syntax
                    .and_then(|syntax| parts.comment_or_quote(o, c, at, syntax))
            })
        } else if *mode == parts.num {
            parts.number_goes_on(o, c)
        } else if self.syntax.is_some() {
            parts.comment(o, c)
        } else {
            None
        }
    }

    /// The first item from `from` (below `to`) for which the step does not
    /// surely return `s` itself: the items before it need no call.
    pub(crate) fn skip(&self, s: &Value, from: usize, to: usize) -> usize {
        let Some(state) = State::read(s, &self.parts) else {
            return from;
        };
        let units = self.text.as_units();
        let window = |j: usize| {
            self.base
                .checked_add(j)
                .map_or(units.len(), |i| i.min(units.len()))
        };
        let (start, end) = (window(from), window(to));
        if start >= end {
            return from;
        }
        from + state.kept(&units[start..end])
    }
}

/// The lexer's mode (`s.mode`), as far as the fast paths tell them apart.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Ws,
    Str,
    Id,
    Num,
    /// In a `//` comment.
    Line,
    /// In a `/* */` comment.
    Block,
    Other,
}

/// The fields of a lexer state the step's fast paths read in its mode
/// (the others are left unread); `None` where reading it would throw
/// (`s.t` is `null` or `undefined`).
struct State {
    mode: Mode,
    nl: bool,
    quote: Option<Value>,
    esc_empty: Option<bool>,
    id_esc_zero: Option<bool>,
    after_e: Option<bool>,
    /// In a block comment, `s.t`: whether the last character was `*`.
    after_star: bool,
    error_not_null: bool,
}

impl State {
    /// The fields of `s`, read with the interned keys of `parts` (which
    /// find a property by pointer).
    fn read(s: &Value, parts: &StateParts) -> Option<Self> {
        let Value::Object(o) = s else {
            return None;
        };
        let undefined = Value::Undefined;
        let fields = parts.fields(o);
        // Field `k` of `state`, found by key in a state of another shape.
        let field = |k: usize| match fields {
            Some(values) => &values[k],
            None => o.get(&parts.state[k]).unwrap_or(&undefined),
        };
        let [mode, nl, error, t] = [0, 2, 3, 5];
        let mode = match field(mode) {
            Value::String(m) if *m == parts.ws => Mode::Ws,
            Value::String(m) if *m == parts.str => Mode::Str,
            Value::String(m) if *m == parts.id => Mode::Id,
            Value::String(m) if *m == parts.num => Mode::Num,
            Value::String(m) if *m == parts.line => Mode::Line,
            Value::String(m) if *m == parts.block => Mode::Block,
            _ => Mode::Other,
        };
        let t = field(t);
        // Only the fields `keeps` reads in this mode are read.
        let of_t = |key: &JsString| match t {
            Value::Undefined | Value::Null => None,
            Value::Object(t) => Some(t.get(key).cloned().unwrap_or_default()),
            // A punctuator's `t`: its named properties are the same for
            // every string (not an index, not `length`).
            Value::String(_) => Some(
                parts
                    .of_string(key)
                    .unwrap_or_else(|| property::get_key(t, key)),
            ),
            t => Some(property::get_key(t, key)),
        };
        let mut state = State {
            mode,
            nl: false,
            quote: None,
            esc_empty: None,
            id_esc_zero: None,
            after_e: None,
            after_star: false,
            error_not_null: !matches!(field(error), Value::Null),
        };
        match mode {
            Mode::Ws => state.nl = to_boolean(field(nl)),
            Mode::Str => {
                state.quote = of_t(&parts.quote);
                state.esc_empty =
                    of_t(&parts.esc).map(|v| matches!(&v, Value::String(e) if e.is_empty()));
            }
            Mode::Id => {
                state.id_esc_zero =
                    of_t(&parts.id_esc).map(|v| matches!(v, Value::Number(n) if n == 0.0));
            }
            Mode::Num => state.after_e = of_t(&parts.after_e).map(|v| to_boolean(&v)),
            Mode::Block => state.after_star = to_boolean(t),
            Mode::Line | Mode::Other => {}
        }
        Some(state)
    }

    /// Whether the step surely returns the state for the code unit `c`:
    /// its conditions in its order, `false` ("call it") where one would
    /// throw.
    /// How many of `units`, from the first, [`State::keeps`] holds for in
    /// a row: a tight scan for the common cases of each mode.
    fn kept(&self, units: &[u16]) -> usize {
        fn span(units: &[u16], keeps: impl Fn(u16) -> bool) -> usize {
            units.iter().position(|&c| !keeps(c)).unwrap_or(units.len())
        }
        if self.error_not_null {
            return units.len();
        }
        match self.mode {
            Mode::Ws => span(units, |c| c == 0x20 || c == 0x09 || c == 0x0a && self.nl),
            Mode::Str => match (&self.quote, self.esc_empty) {
                (Some(Value::Number(q)), Some(true)) if *q != 96.0 => {
                    let q = *q;
                    span(units, |c| c >= 0x20 && c != 0x5c && f64::from(c) != q)
                }
                _ => span(units, |c| self.keeps(c)),
            },
            Mode::Id if self.id_esc_zero == Some(true) => span(units, is_ascii_id_part),
            Mode::Num if self.after_e == Some(false) => span(units, |c| (0x30..=0x39).contains(&c)),
            Mode::Line => span(units, |c| !matches!(c, 0x0a | 0x0d | 0x2028 | 0x2029)),
            _ => span(units, |c| self.keeps(c)),
        }
    }

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
        if self.mode == Mode::Id && is_ascii_id_part(c) {
            match self.id_esc_zero {
                None => return false,
                Some(true) => return true,
                Some(false) => {}
            }
        }
        // In comments: `line` and `block` return `s` for the characters
        // that neither end the comment nor break its line (nor, in a block,
        // change whether the last one was `*`). Line terminators of every
        // language count, so the answer does not depend on the language.
        let breaks_line = matches!(c, 0x0a | 0x0d | 0x2028 | 0x2029);
        if self.mode == Mode::Line && !breaks_line {
            return true;
        }
        if self.mode == Mode::Block && !breaks_line {
            // `*` keeps a state after `*`; anything else (`/` included,
            // which ends the comment only after `*`) keeps one that is not.
            let keeps = if c == 0x2a {
                self.after_star
            } else {
                !self.after_star
            };
            if keeps {
                return true;
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

/// A `map` or `Array.from` callback run natively, item by item.
pub(crate) enum ItemMap {
    /// `(_, k) => text.charCodeAt(from + k)` with `from` a safe integer ≥ 0.
    CodeUnits {
        /// The text.
        text: JsString,
        /// `from`.
        from: usize,
    },
    /// `u => [u & 255, u >>> 8]`.
    BytePair,
}

impl ItemMap {
    /// The native form of `callback`, if it has one.
    pub(crate) fn of(callback: &Value) -> Option<Self> {
        let (closure, native) = overridden(callback)?;
        match native {
            Override::CodeUnits { text, from } => {
                let (text, from) = text_and_offset(closure, text, from)?;
                Some(ItemMap::CodeUnits { text, from })
            }
            Override::BytePair => Some(ItemMap::BytePair),
            _ => None,
        }
    }

    /// The callback's result for `item` at index `k`, with the bytes it
    /// allocates; `None` when it must be called (an item that is not a
    /// number, for the byte pair).
    pub(crate) fn apply(&self, item: &Value, k: usize) -> Option<(Value, usize)> {
        match self {
            ItemMap::CodeUnits { text, from } => {
                let unit = from
                    .checked_add(k)
                    .and_then(|i| text.as_units().get(i))
                    .map_or(f64::NAN, |&u| f64::from(u));
                Some((Value::Number(unit), 0))
            }
            ItemMap::BytePair => {
                let Value::Number(u) = *item else {
                    return None;
                };
                byte_pair(u)
            }
        }
    }
}

/// `[u & 255, u >>> 8]` for the number `u`, with the bytes it allocates.
/// Code units below 256 get one shared pair each: the pairs only go into
/// the module's rope, which `flat` reads, so no FJS code can tell a shared
/// pair from a new one.
fn byte_pair(u: f64) -> Option<(Value, usize)> {
    if (0.0..256.0).contains(&u) && u.fract() == 0.0 {
        let pair = LATIN1_PAIRS.with(|pairs| pairs[u as usize].clone());
        return Some((pair, 0));
    }
    let low = number_fast(BinaryOp::BitAnd, u, 255.0)?;
    let high = number_fast(BinaryOp::Ushr, u, 8.0)?;
    Some((Value::Array(Array::from([low, high])), array_bytes(2)))
}

/// `f64(x)` of `f64.f.mjs`: the 8 bytes of `x`, least-significant first,
/// NaN as the canonical quiet NaN.
fn f64_bytes(x: f64) -> [u8; 8] {
    let bits = if x.is_nan() {
        0x7ff8_0000_0000_0000
    } else {
        x.to_bits()
    };
    bits.to_le_bytes()
}

thread_local! {
    /// `'number'`, the tag of a numeric literal's result, interned.
    static NUMBER_TAG: JsString = interned("number");

    /// `'error'`, the key of a failed result, interned.
    static ERROR_KEY: JsString = interned("error");

    /// `[u, 0]` for each code unit `u` below 256: the byte pairs of Latin-1
    /// text, shared (see [`ItemMap::apply`]).
    static LATIN1_PAIRS: Vec<Value> = (0..256u16)
        .map(|u| Value::Array(Array::from([Value::Number(f64::from(u)), Value::Number(0.0)])))
        .collect();
}

/// A number that is a safe integer ≥ 0, as an offset.
fn safe_offset(v: &Value) -> Option<usize> {
    match *v {
        Value::Number(n) if n >= 0.0 && n.trunc() == n && n < 9_007_199_254_740_992.0 => {
            Some(n as usize)
        }
        _ => None,
    }
}

/// What a call of a function that runs natively per call comes to.
pub(crate) enum Answer {
    /// Its result, with the bytes it allocates.
    Value(Value, usize),
    /// The result of calling `callee` with `arg` in its place.
    Call { callee: Value, arg: Value },
}

/// What calling the function of `native` with `args` comes to, when
/// `native` runs per call and the arguments are of its common case;
/// `None`: interpret the call. `closure` is the function called.
pub(crate) fn call(native: Override, closure: &Closure, args: &[Value]) -> Option<Answer> {
    if native == Override::UnlessError {
        return unless_error(closure, args);
    }
    value_of(native, closure, args).map(|(v, bytes)| Answer::Value(v, bytes))
}

/// `unlessError(results, build)`: `e` if `firstError(results)` is an
/// error `e`, else a call of `build(results)`; `None` where the cell it
/// reads does not hold `firstError` or `firstError` is interpreted.
fn unless_error(closure: &Closure, args: &[Value]) -> Option<Answer> {
    let [results @ Value::Array(_), build, ..] = args else {
        return None;
    };
    let first_error = read_cell(closure, first_cell(&closure.proto.ops)?)?;
    let (first_error, Override::FirstError) = overridden(&first_error)? else {
        return None;
    };
    let (e, bytes) = value_of(
        Override::FirstError,
        first_error,
        std::slice::from_ref(results),
    )?;
    Some(match e {
        Value::Null => Answer::Call {
            callee: build.clone(),
            arg: results.clone(),
        },
        e => Answer::Value(e, bytes),
    })
}

/// The result of calling the function of `native` with `args`, with the
/// bytes it allocates, for the overrides whose answer is a value.
fn value_of(native: Override, closure: &Closure, args: &[Value]) -> Option<(Value, usize)> {
    match (native, args) {
        (Override::F64Bytes, [Value::Number(x), ..]) => Some((
            Value::Array(Array::from_bytes(f64_bytes(*x))),
            array_bytes(8),
        )),
        (Override::ParserStep, [p, t, ..]) => {
            parser_step::step(parser_step::Rules::of(closure)?, p, t)
        }
        (Override::NumberLiteral, [_, Value::String(text), ..]) => {
            let units = text.as_units();
            if !is_plain_decimal(units) {
                return None;
            }
            let pair = [
                Value::String(NUMBER_TAG.with(JsString::clone)),
                Value::Number(decimal_literal_value(units)),
            ];
            Some((Value::Array(Array::from(pair)), array_bytes(2)))
        }
        (Override::Whitespace, [s, Value::Number(c), Value::Number(i), ..]) => {
            let c = u16::try_from(*c as i64)
                .ok()
                .filter(|&u| f64::from(u) == *c)?;
            let language = read_cell(closure, LANGUAGE)?;
            let Value::Object(s) = s else {
                return None;
            };
            let mut s = s.clone();
            let bytes = STATE_PARTS
                .with(|parts| parts.whitespace(&mut s, c, *i, templates(parts, &language)))?;
            Some((Value::Object(s), bytes))
        }
        (Override::U32Bytes, [Value::Number(n), ..]) => Some((
            Value::Array(Array::from_bytes(to_uint32(*n).to_le_bytes())),
            array_bytes(4),
        )),
        (Override::MapGet, [n, Value::String(key), ..]) => Some((map_get(n, key.as_units())?, 0)),
        (Override::GenLiteral, [node @ Value::Object(_), _, Value::Number(level), ..]) => {
            gen_literal(node, *level).map(|node| (node, 0))
        }
        (Override::SizeOf, [Value::Array(items), ..]) => Some((Value::Number(size_of(items)?), 0)),
        (
            Override::Resolve,
            [node, env, Value::Number(blocks), Value::Number(fns), crossed, Value::Array(hidden), ..],
        ) => resolve(node, env, *blocks, *fns, crossed, hidden),
        (Override::Property, [Value::Array(key), Value::Object(value), ..]) => property(key, value),
        (Override::PowerOfTwo, [Value::Number(k), ..]) => {
            Some((Value::Number(power_of_two(*k)?), 0))
        }
        (Override::InversePowerOfTwo, [Value::Number(k), ..]) => {
            Some((Value::Number(inverse_power_of_two(*k)?), 0))
        }
        (Override::IsError, [r @ Value::Object(_), ..]) => Some((Value::Bool(is_error(r)), 0)),
        (Override::FirstError, [Value::Array(results), ..]) => {
            if !reaches_is_error(closure) {
                return None;
            }
            let mut first = Value::Null;
            for k in 0..results.len() {
                let r = results.get(k)?;
                if !matches!(r, Value::Object(_)) {
                    return None;
                }
                if is_error(r) {
                    first = r.clone();
                    break;
                }
            }
            Some((first, 0))
        }
        (Override::IsPunct, [t @ (Value::Object(_) | Value::String(_)), value, ..]) => {
            let is = STATE_PARTS.with(|parts| {
                let kind = property::get_key(t, &parts.kind);
                matches!(&kind, Value::String(k) if *k == parts.punct)
                    && strict_equals(&property::get_key(t, &parts.value), value)
            });
            Some((Value::Bool(is), 0))
        }
        _ => None,
    }
}

/// The keys the code generator's and the writer's overrides read: of the
/// persistent map's nodes, syntax nodes and sized ropes, interned.
struct WriterKeys {
    key: JsString,
    left: JsString,
    right: JsString,
    value: JsString,
    rope: JsString,
    size: JsString,
    kind: JsString,
    lit: JsString,
    height: JsString,
    /// A name's node, and the code generator's environments and bindings.
    name: JsString,
    id: JsString,
    up_to: JsString,
    next: JsString,
    map: JsString,
    arg: JsString,
    index: JsString,
    real: JsString,
    seg: JsString,
    count: JsString,
    /// `{ rope, size }`.
    sized: Keys,
}

thread_local! {
    static WRITER_KEYS: WriterKeys = WriterKeys {
        key: interned("key"),
        left: interned("left"),
        right: interned("right"),
        value: interned("value"),
        rope: interned("rope"),
        size: interned("size"),
        kind: interned("kind"),
        lit: interned("lit"),
        height: interned("height"),
        name: interned("name"),
        id: interned("id"),
        up_to: interned("upTo"),
        next: interned("next"),
        map: interned("map"),
        arg: interned("arg"),
        index: interned("index"),
        real: interned("real"),
        seg: interned("seg"),
        count: interned("count"),
        sized: shape(&["rope", "size"]),
    };
}

/// The depth limit of the code generator (`codegen.maxDepth`).
const MAX_DEPTH: f64 = 1000.0;

/// `gen(node, env, level)` where `node` is a literal (`node.kind ===
/// 'lit'`) within the depth limit: `node`; `None` for any other node, a
/// literal too deep (the error) or a height that is not a number.
fn gen_literal(node: &Value, level: f64) -> Option<Value> {
    WRITER_KEYS.with(|keys| {
        let kind = property::get_key(node, &keys.kind);
        if !matches!(&kind, Value::String(k) if *k == keys.lit) {
            return None;
        }
        let Value::Number(height) = property::get_key(node, &keys.height) else {
            return None;
        };
        (level + height <= MAX_DEPTH || (level + height).is_nan()).then(|| node.clone())
    })
}

/// `resolve(node, env, blocks, fns, crossed, hidden)` of `codegen.f.mjs`,
/// its recursion a loop: down `env.next` from `env`, a `hide` adding its
/// `upTo` to the ids out of scope, a function (`fn`) ending the search at
/// a parameter's binding, a block at a constant's, with the sized rope of
/// `argRef`, `outerArg`, `localRef` or `outerRef`; the bytes it
/// allocates. `None` (interpret it) at the end of the chain (a global),
/// at an error, and at anything not of the shapes the code generator
/// makes.
fn resolve(
    node: &Value,
    env: &Value,
    mut blocks: f64,
    mut fns: f64,
    crossed: &Value,
    hidden: &Array,
) -> Option<(Value, usize)> {
    WRITER_KEYS.with(|keys| {
        let get = |o: &Value, key: &JsString| property::get_key(o, key);
        let name = get(node, &keys.name);
        let Value::String(name) = &name else {
            return None;
        };
        let mut env = env.clone();
        let mut crossed = crossed.clone();
        let mut hidden: Vec<Value> = (0..hidden.len())
            .map(|k| hidden.at(k))
            .collect::<Option<_>>()?;
        loop {
            if !matches!(env, Value::Object(_)) {
                return None;
            }
            let id = get(&env, &keys.id);
            hidden.retain(|h| !strict_equals(h, &id));
            let kind = get(&env, &keys.kind);
            let Value::String(kind) = &kind else {
                return None;
            };
            if kind.eq_str("hide") {
                hidden.push(get(&env, &keys.up_to));
                env = get(&env, &keys.next);
                continue;
            }
            let binding = if hidden.is_empty() {
                map_get(&get(&env, &keys.map), name.as_units())?
            } else {
                Value::Undefined
            };
            let bound = !matches!(binding, Value::Undefined);
            let arg = bound && to_boolean(&get(&binding, &keys.arg));
            let number = |o: &Value, key: &JsString| match get(o, key) {
                Value::Number(n) => Some(n),
                _ => None,
            };
            if kind.eq_str("fn") {
                if arg {
                    let index = number(&binding, &keys.index)?;
                    return Some(if fns == 0.0 {
                        reference(0x0a, &[index])
                    } else {
                        reference(0x0e, &[fns, index])
                    });
                }
                fns += 1.0;
                if !to_boolean(&crossed) {
                    crossed = get(&env, &keys.real);
                }
                env = get(&env, &keys.next);
                continue;
            }
            let seg = number(&env, &keys.seg)?;
            let binding_seg = if bound {
                number(&binding, &keys.seg)
            } else {
                None
            };
            if !bound || arg || binding_seg? < seg {
                blocks += 1.0;
                env = get(&env, &keys.next);
                continue;
            }
            let index = number(&binding, &keys.index)?;
            if binding_seg? > seg || !to_boolean(&crossed) && index >= number(&env, &keys.count)? {
                return None;
            }
            return Some(if blocks == 0.0 {
                reference(0x09, &[index])
            } else {
                reference(0x0d, &[blocks, index])
            });
        }
    })
}

/// `sized([tag, u32(a), …], 1 + 4 * n)`: a reference's sized rope (`bc.localRef`,
/// `bc.outerRef`, `bc.argRef`, `bc.outerArg`), with the bytes it allocates.
fn reference(tag: u8, operands: &[f64]) -> (Value, usize) {
    let mut rope = vec![Value::Number(f64::from(tag))];
    rope.extend(
        operands
            .iter()
            .map(|&n| Value::Array(Array::from_bytes(to_uint32(n).to_le_bytes()))),
    );
    let bytes = array_bytes(rope.len()) + operands.len() * array_bytes(4) + object_bytes(2);
    let size = 1.0 + 4.0 * operands.len() as f64;
    let sized = WRITER_KEYS.with(|keys| {
        Object::with_shape(
            keys.sized.clone(),
            Exact([Value::Array(Array::from(rope)), Value::Number(size)].into_iter()),
        )
    });
    (Value::Object(sized), bytes)
}

/// `sizeOf(items)`: the items' `size`s added up from 0, in order; `None`
/// where an item is not an object with a number `size`.
fn size_of(items: &Array) -> Option<f64> {
    WRITER_KEYS.with(|keys| {
        let mut total = 0.0;
        for k in 0..items.len() {
            let item = items.at(k)?;
            if !matches!(item, Value::Object(_)) {
                return None;
            }
            let Value::Number(size) = property::get_key(&item, &keys.size) else {
                return None;
            };
            total += size;
        }
        Some(total)
    })
}

/// `map.get(n, key)`: down the tree from `n` by `key`'s order among the
/// nodes' string keys (`<` and `>` of strings: their code units); `None`
/// at a node that is not an object with a string key.
pub(super) fn map_get(n: &Value, key: &[u16]) -> Option<Value> {
    WRITER_KEYS.with(|keys| {
        let mut node = n.clone();
        loop {
            if let Value::Null = node {
                return Some(Value::Undefined);
            }
            if !matches!(node, Value::Object(_)) {
                return None;
            }
            let at = property::get_key(&node, &keys.key);
            let Value::String(at) = &at else {
                return None;
            };
            let next = match key.cmp(at.as_units()) {
                std::cmp::Ordering::Less => &keys.left,
                std::cmp::Ordering::Greater => &keys.right,
                std::cmp::Ordering::Equal => return Some(property::get_key(&node, &keys.value)),
            };
            node = property::get_key(&node, next);
        }
    })
}

/// `property(key, value)` of the bytecode writer, with the bytes it
/// allocates: `string(key)` is `[u32(key.length), key.map(u => [u & 255,
/// u >>> 8])]` (the pairs as [`byte_pair`] makes them); `None` where `key`
/// holds other than numbers or `value.size` is not a number.
fn property(key: &Array, value: &Object) -> Option<(Value, usize)> {
    let n = key.len();
    let mut bytes = 2 * array_bytes(2) + array_bytes(4) + array_bytes(n) + object_bytes(2);
    let mut pairs = Vec::with_capacity(n);
    for k in 0..n {
        let Value::Number(u) = key.at(k)? else {
            return None;
        };
        let (pair, more) = byte_pair(u)?;
        bytes += more;
        pairs.push(pair);
    }
    WRITER_KEYS.with(|keys| {
        let value = Value::Object(value.clone());
        let Value::Number(size) = property::get_key(&value, &keys.size) else {
            return None;
        };
        let length = Array::from_bytes(to_uint32(n as f64).to_le_bytes());
        let string = Array::from(vec![Value::Array(length), Value::Array(Array::from(pairs))]);
        let rope = Array::from(vec![
            Value::Array(string),
            property::get_key(&value, &keys.rope),
        ]);
        let size = (4.0 + 2.0 * n as f64) + size;
        let sized = Object::with_shape(
            keys.sized.clone(),
            Exact([Value::Array(rope), Value::Number(size)].into_iter()),
        );
        Some((Value::Object(sized), bytes))
    })
}

/// `k` as an integer exponent, when it is one from 0 to `max`.
fn exponent_up_to(k: f64, max: u64) -> Option<u64> {
    (k >= 0.0 && k.trunc() == k && k <= max as f64).then_some(k as u64)
}

/// 2 ** k, for an integer 0 <= k <= 1023.
fn power_of_two(k: f64) -> Option<f64> {
    let k = exponent_up_to(k, 1023)?;
    Some(f64::from_bits((1023 + k) << 52))
}

/// 2 ** -k, for an integer 0 <= k <= 1074: normal down to 2 ** -1022,
/// subnormal below.
fn inverse_power_of_two(k: f64) -> Option<f64> {
    let k = exponent_up_to(k, 1074)?;
    let bits = if k <= 1022 {
        (1023 - k) << 52
    } else {
        1 << (1074 - k)
    };
    Some(f64::from_bits(bits))
}

/// The first cell that `ops` read.
fn first_cell(ops: &[Op]) -> Option<Cell> {
    ops.iter().find_map(|op| match *op {
        Op::Cell { hops, index } => Some(Cell { hops, index }),
        _ => None,
    })
}

/// `r.error !== undefined`.
fn is_error(r: &Value) -> bool {
    let error = ERROR_KEY.with(JsString::clone);
    !matches!(property::get_key(r, &error), Value::Undefined)
}

/// Whether the reducer of `firstError`'s closure reaches `isError`: the
/// cell it reads (in the closure's environment, `firstError` having none of
/// its own) holds a closure of that function.
fn reaches_is_error(first_error: &Closure) -> bool {
    let Some(reducer) = first_error.proto.protos.first() else {
        return false;
    };
    let Some(cell) = first_cell(&reducer.ops) else {
        return false;
    };
    matches!(
        read_cell(first_error, cell).as_ref().and_then(overridden),
        Some((_, Override::IsError))
    )
}

/// The bytes the VM counts for an array of `n` items.
fn array_bytes(n: usize) -> usize {
    n * std::mem::size_of::<Value>() + 16
}

/// Whether `units` spell `0` or a decimal integer without a leading zero,
/// then optionally `.` and digits, then optionally an exponent (`e` or `E`,
/// a sign, digits): the literals that every language's rules of
/// `number.f.mjs` accept as they are.
fn is_plain_decimal(units: &[u16]) -> bool {
    plain_decimal_len(units).is_some_and(|n| n == units.len())
}

/// The length of the longest plain decimal (see [`is_plain_decimal`]) that
/// `units` start with; `None` where a `.` or an exponent is not followed
/// by its digits, or `units` start with no digit.
fn plain_decimal_len(units: &[u16]) -> Option<usize> {
    let digit = |u: &u16| (0x30..=0x39).contains(u);
    let digits = |at: usize| {
        units[at.min(units.len())..]
            .iter()
            .take_while(|u| digit(u))
            .count()
    };
    let mut at = match units.first() {
        Some(0x30) => 1,
        Some(u) if digit(u) => digits(0),
        _ => return None,
    };
    if units.get(at) == Some(&0x2e) {
        let fraction = digits(at + 1);
        if fraction == 0 {
            return None;
        }
        at += 1 + fraction;
    }
    if matches!(units.get(at), Some(0x65 | 0x45)) {
        at += 1;
        if matches!(units.get(at), Some(0x2b | 0x2d)) {
            at += 1;
        }
        let exponent = digits(at);
        if exponent == 0 {
            return None;
        }
        at += exponent;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::{inverse_power_of_two, is_plain_decimal, power_of_two};

    #[test]
    fn powers_of_two_are_the_exact_products() {
        // Doubling and halving are exact down to the least subnormal.
        let (mut up, mut down) = (1.0f64, 1.0f64);
        for k in 0..=1074 {
            let at = f64::from(k);
            if k <= 1023 {
                assert_eq!(power_of_two(at), Some(up), "2 ** {k}");
            }
            assert_eq!(inverse_power_of_two(at), Some(down), "2 ** -{k}");
            up *= 2.0;
            down *= 0.5;
        }
        for k in [-1.0, 0.5, 1024.0, f64::NAN, f64::INFINITY] {
            assert_eq!(power_of_two(k), None, "{k}");
        }
        for k in [-1.0, 1.5, 1075.0, f64::NAN] {
            assert_eq!(inverse_power_of_two(k), None, "{k}");
        }
    }

    fn plain(text: &str) -> bool {
        is_plain_decimal(&text.encode_utf16().collect::<Vec<u16>>())
    }

    #[test]
    fn plain_decimals_are_the_spellings_every_language_accepts() {
        for text in [
            "0", "7", "12", "0.5", "10.25", "1e7", "1E-7", "0e+0", "12.5e10", "0.0",
        ] {
            assert!(plain(text), "{text}");
        }
        for text in [
            "", "00", "01", ".5", "5.", "1e", "1e+", "0x1F", "1n", "-1", "+1", "1_0", "1.e5",
            "1.5.", "Infinity", "1e5e", " 1",
        ] {
            assert!(!plain(text), "{text}");
        }
    }
}
