//! The parser's step (`step(p, t)` in `parser.f.mjs`), natively, for the
//! tokens of data in the languages without FJS expressions (JSON, JSON5,
//! DJS): a value's first token, the `,` after a value in an array or an
//! object, a string (or, outside JSON, identifier) key, the `:` after it,
//! and the closing `]` or `}` (after a value, right after the opening
//! bracket, or after a trailing comma where the language allows one).
//! Errors, spreads, computed keys, statements and every FJS language are
//! left to the FJS step.
//!
//! This override is recognised only in the compiler this crate embeds,
//! byte for byte ([`super::is_embedded_compiler`]): what it follows is
//! not one function but the step and what it calls (`dataOperand`,
//! `arrayItem`, `objectProp`, `key`, `withKey`, `colon`, `push`, `level`,
//! `closeArray`, `closeObject`, `list.push`, `list.flatten`, `ast.string`,
//! `ast.number`, `ast.literalArray`, `ast.literalObject`, `bc.stringValue`,
//! …), and the layout of the parser's environment. It builds the very
//! records they build: the same keys in the same order, the same values;
//! `{ ...p, … }` keeps `p`'s shape, as the VM's spread does. Where they
//! build an object shared by all calls (`list.empty`, `bc.nullValue`), it
//! builds an equal one: the compiler never compares those by identity, and
//! ropes are only flattened.
//!
//! What the cases follow, with `v` the value just read and `f` the frame on
//! top of the stack:
//!
//! - want `operand`, `item0` or `itemComma` (not before `]`): `{` and `[`
//!   push an object or array frame one level deeper (`level(p) + 1`, at
//!   most `maxDepth`); a string is `ast.string(t.units, t.start)`, a plain
//!   decimal `ast.number(Number(t.text), t.start)`, `true`, `false` and
//!   `null` `ast.literal(…)`; `-` (and, in JSON5, `+`) waits in want
//!   `signed` for the number after it.
//! - want `signed`: a plain decimal (right after the sign outside DJS).
//! - want `after`, `,`, `f` an array: `f.items` gets `v`; an object:
//!   `f.props` gets `{ kind: 'prop', key: f.key.units, value: v }`.
//! - want `key0` or `keyComma` (not before `}`): a string key, not
//!   `__proto__` in JSON5 and DJS; outside JSON, an identifier without
//!   escapes (in DJS it waits in `pending`, a possible shorthand).
//! - want `colon`, `:`: unless `pending` is `__proto__`.
//! - `]` or `}` closing `f` (after a value, in want `item0`/`key0`, or in
//!   `itemComma`/`keyComma` with trailing commas): `f`'s flattened items
//!   become `ast.literalArray`/`ast.literalObject` (its sized rope of
//!   bytecode, `height`) where `f.lit`, else an `array`/`object` node; the
//!   stack pops to `f.next` and want is `after`.

use std::cell::RefCell;
use std::rc::Rc;

use super::token_end::NativeToken;
use super::whole_literal::{Literal, Reference, Syntax};
use super::{array_bytes, f64_bytes, interned, is_plain_decimal, map_get, object_bytes};
use super::{read_cell, safe_offset, shape, Cell, KnownShape};
use crate::value::array::Items;
use crate::value::{Array, JsString, Keys, Object, Value};
use crate::vm::closure::Closure;
use crate::vm::convert::{decimal_literal_value, to_boolean};

/// The cell of `language` in the parser's environment (`parser`'s first
/// parameter), which `step` is a closure of.
const LANGUAGE: Cell = Cell { hops: 0, index: 0 };

/// `maxDepth` of `parser.f.mjs`: the deepest nesting a frame may have.
const MAX_DEPTH: f64 = 1000.0;

/// The language rules the cases read, from `parser(language)`'s consts.
#[derive(Clone, Copy)]
pub(crate) struct Rules {
    /// `language.keys === 'json'`: keys are strings only.
    json_keys: bool,
    /// `language.keys === 'json5'`.
    json5: bool,
    /// `language.keys === 'djs'`.
    djs: bool,
    /// `language.keys !== 'json'`: a comma may end an array or object.
    trailing_commas: bool,
    /// `language.module`: `'esm'` or `'cjs'` (a module language, whose
    /// names and `undefined` are values), or `null`.
    module: Option<ModuleKind>,
}

impl Rules {
    /// What a literal read whole may hold in this language.
    pub(crate) fn literal_syntax(self) -> Syntax {
        Syntax {
            js: !self.json_keys,
            plus: self.json5,
            undefined: self.module.is_some(),
        }
    }
}

/// `language.module` of a module language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ModuleKind {
    Esm,
    Cjs,
}

impl Rules {
    /// The rules of the parser whose `step` is `closure`; `None` for an FJS
    /// language (`language.fjs`), which this module leaves alone.
    pub(crate) fn of(closure: &Closure) -> Option<Self> {
        let language = read_cell(closure, LANGUAGE)?;
        let Value::Object(language) = &language else {
            return None;
        };
        PARTS.with(|parts| {
            if to_boolean(language.get(&parts.fjs)?) {
                return None;
            }
            let Value::String(keys) = language.get(&parts.keys)? else {
                return None;
            };
            Some(Rules {
                json_keys: keys.eq_str("json"),
                json5: keys.eq_str("json5"),
                djs: keys.eq_str("djs"),
                trailing_commas: !keys.eq_str("json"),
                module: match language.get(&parts.module)? {
                    Value::String(m) if m.eq_str("esm") => Some(ModuleKind::Esm),
                    Value::String(m) if m.eq_str("cjs") => Some(ModuleKind::Cjs),
                    Value::Null => None,
                    _ => return None,
                },
            })
        })
    }
}

/// `names.reserved` of `names.f.mjs`: the words no DJS name may be (the
/// FJS step reports them).
const RESERVED: &[&str] = &[
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "arguments",
    "eval",
    "undefined",
];

thread_local! {
    /// This thread's [`Parts`] (its keys are interned per thread).
    static PARTS: Rc<Parts> = Rc::new(Parts::new());

    /// The heads of array and object literals of fewer than
    /// [`SHARED_HEADS`] items (see [`Step::counted`]).
    static HEADS: RefCell<Vec<Option<Value>>> = RefCell::new(vec![None; 2 * SHARED_HEADS]);

    /// The ropes of recent property keys (see [`Step::key_rope`]).
    static KEY_ROPES: RefCell<KeyRopes> = RefCell::new(KeyRopes::new());
}

/// Literals of fewer items share their heads (a rope is only ever flattened).
const SHARED_HEADS: usize = 64;

/// The ropes of recent property keys, one per slot by a hash of the key's
/// code units. Objects of one kind repeat their keys, and a rope is only
/// ever flattened, so one rope serves every property of that key.
struct KeyRopes {
    slots: Box<[Option<KeyRope>]>,
}

/// A key's code units and its rope.
type KeyRope = (Box<[u16]>, Value);

impl KeyRopes {
    const SLOTS: usize = 256;
    /// Longer keys are not kept.
    const MAX_UNITS: usize = 32;

    fn new() -> Self {
        KeyRopes {
            slots: (0..Self::SLOTS).map(|_| None).collect(),
        }
    }
}

/// The code units of `units` (an array of code units), while they are.
fn code_units(units: &Array) -> impl Iterator<Item = Option<u16>> + '_ {
    let (values, bytes) = match units.view() {
        Items::Values(values) => (values, &[][..]),
        Items::Bytes(bytes) => (&[][..], bytes),
    };
    let values = values.iter().map(|u| match *u {
        Value::Number(n) => {
            let unit = n as u16;
            (f64::from(unit) == n).then_some(unit)
        }
        _ => None,
    });
    values.chain(bytes.iter().map(|&b| Some(u16::from(b))))
}

/// The places of the state's keys the step reads and changes, in
/// `init`'s order ([`Parts::state`]): a state the step runs for has
/// exactly those keys, in that order.
const WANT: usize = 0;
const STACK: usize = 1;
const VALUE: usize = 2;
const PENDING: usize = 3;

/// The keys, shapes and strings of the records the step reads and makes.
struct Parts {
    /// The keys of the parser's state `p`, in `init`'s order.
    state: Box<[JsString]>,
    /// The shape of states found to have exactly these keys.
    state_shape: KnownShape,
    /// The shapes of frames found to have exactly the keys of
    /// `array_frame` and `object_frame`.
    array_frame_shape: KnownShape,
    object_frame_shape: KnownShape,
    value: JsString,
    kind: JsString,
    start: JsString,
    end: JsString,
    level: JsString,
    items: JsString,
    count: JsString,
    lit: JsString,
    spread: JsString,
    props: JsString,
    dynamic: JsString,
    key: JsString,
    units: JsString,
    length: JsString,
    chunks: JsString,
    size: JsString,
    tree: JsString,
    next: JsString,
    name: JsString,
    escaped: JsString,
    text: JsString,
    fjs: JsString,
    keys: JsString,
    module: JsString,
    /// `p.names` and `p.constCount`, and a binding's `arg` and `index`.
    names: JsString,
    const_count: JsString,
    arg: JsString,
    index: JsString,
    /// `{ kind: 'name', name, bare, start }`, a reference.
    name_node: Keys,
    name_kind: JsString,
    rope: JsString,
    height: JsString,
    /// Values of `want`.
    after: JsString,
    operand: JsString,
    item0: JsString,
    item_comma: JsString,
    key0: JsString,
    key_comma: JsString,
    colon: JsString,
    signed: JsString,
    /// Token kinds.
    punct: JsString,
    string: JsString,
    number: JsString,
    ident: JsString,
    /// Frame and node kinds.
    array: JsString,
    object: JsString,
    block: JsString,
    prop: JsString,
    /// Shapes.
    array_frame: Keys,
    object_frame: Keys,
    key_record: Keys,
    prop_record: Keys,
    list: Keys,
    chunk: Keys,
    literal: Keys,
    number_literal: Keys,
    string_literal: Keys,
    array_node: Keys,
    object_node: Keys,
}

impl Parts {
    fn new() -> Self {
        let state = [
            "want",
            "stack",
            "value",
            "pending",
            "names",
            "imports",
            "importCount",
            "consts",
            "constCount",
            "spec",
            "exportValue",
            "result",
        ];
        Parts {
            state: state.map(interned).into(),
            state_shape: KnownShape::default(),
            array_frame_shape: KnownShape::default(),
            object_frame_shape: KnownShape::default(),
            value: interned("value"),
            kind: interned("kind"),
            start: interned("start"),
            end: interned("end"),
            level: interned("level"),
            items: interned("items"),
            count: interned("count"),
            lit: interned("lit"),
            spread: interned("spread"),
            props: interned("props"),
            dynamic: interned("dynamic"),
            key: interned("key"),
            units: interned("units"),
            length: interned("length"),
            chunks: interned("chunks"),
            size: interned("size"),
            tree: interned("tree"),
            next: interned("next"),
            name: interned("name"),
            escaped: interned("escaped"),
            text: interned("text"),
            fjs: interned("fjs"),
            keys: interned("keys"),
            module: interned("module"),
            names: interned("names"),
            const_count: interned("constCount"),
            arg: interned("arg"),
            index: interned("index"),
            name_node: shape(&["kind", "name", "bare", "start"]),
            name_kind: interned("name"),
            rope: interned("rope"),
            height: interned("height"),
            after: interned("after"),
            operand: interned("operand"),
            item0: interned("item0"),
            item_comma: interned("itemComma"),
            key0: interned("key0"),
            key_comma: interned("keyComma"),
            colon: interned("colon"),
            signed: interned("signed"),
            punct: interned("punct"),
            string: interned("string"),
            number: interned("number"),
            ident: interned("ident"),
            array: interned("array"),
            object: interned("object"),
            block: interned("block"),
            prop: interned("prop"),
            array_frame: shape(&[
                "kind", "items", "count", "lit", "spread", "start", "level", "next",
            ]),
            object_frame: shape(&[
                "kind", "props", "lit", "dynamic", "key", "start", "level", "next",
            ]),
            key_record: shape(&["units", "node"]),
            prop_record: shape(&["kind", "key", "value"]),
            list: shape(&["length", "chunks"]),
            chunk: shape(&["size", "tree", "next"]),
            literal: shape(&["kind", "rope", "size", "height", "start"]),
            number_literal: shape(&["kind", "rope", "size", "height", "start", "number"]),
            string_literal: shape(&["kind", "rope", "size", "height", "start", "units"]),
            array_node: shape(&["kind", "items", "spread", "start"]),
            object_node: shape(&["kind", "props", "dynamic", "start"]),
        }
    }
}

/// `step(p, t)` of the parser of `rules`, with the bytes it allocates,
/// for the cases of the module's doc; `None`: call the FJS step.
pub(crate) fn step(rules: Rules, p: &Value, t: &Value) -> Option<(Value, usize)> {
    let (Value::Object(p), Value::Object(t)) = (p, t) else {
        return None;
    };
    let (mut changes, bytes) = changes(rules, p, Token::Object(t))?;
    let mut p = p.clone();
    changes.apply(&mut p);
    Some((Value::Object(p), bytes))
}

/// The token the step reads: the FJS lexer's object, or a token made
/// natively, which becomes an object only where the step keeps it.
#[derive(Clone, Copy)]
pub(crate) enum Token<'a> {
    /// A token object.
    Object(&'a Object),
    /// A token made natively.
    Native(&'a NativeToken<'a>),
}

impl<'a> Token<'a> {
    /// Property `key` of the token, if it has one.
    fn get(self, key: &JsString) -> Option<Value> {
        match self {
            Token::Object(t) => t.get(key).cloned(),
            Token::Native(t) => t.get(key),
        }
    }

    /// The code units of property `key` of the token, where it is a string.
    fn string(self, key: &JsString) -> Option<&'a [u16]> {
        match self {
            Token::Object(t) => match t.get(key)? {
                Value::String(s) => Some(s.as_units()),
                _ => None,
            },
            Token::Native(t) => t.string(key),
        }
    }

    /// The token as an object.
    fn to_object(self) -> Object {
        match self {
            Token::Object(t) => t.clone(),
            Token::Native(t) => t.to_object(),
        }
    }
}

/// What `step(p, t)` changes of `p` to make the state it returns (every
/// case returns `{ ...p, … }`), with the bytes it allocates; `None`: call
/// the FJS step.
pub(crate) fn changes(rules: Rules, p: &Object, t: Token<'_>) -> Option<(StateChanges, usize)> {
    with_step(rules, p, t, |step| step.run())
}

/// `f` of the step of `rules` for the state `p` and the token `t`, with
/// the bytes it allocates; `None` where `p` is not a state of the shape
/// the step reads, or `f` declines.
fn with_step<R>(
    rules: Rules,
    p: &Object,
    t: Token<'_>,
    f: impl FnOnce(&mut Step<'_>) -> Option<R>,
) -> Option<(R, usize)> {
    PARTS.with(|parts| {
        if !parts.state_shape.matches(p, &parts.state) {
            return None;
        }
        let (kind, punct) = match t {
            Token::Native(t) => (Some(t.kind().clone()), t.punctuator()),
            Token::Object(_) => {
                let kind = match &t.get(&parts.kind) {
                    Some(Value::String(kind)) => Some(kind.clone()),
                    _ => None,
                };
                let punct = match (&kind, t.string(&parts.value)) {
                    (Some(kind), Some(&[unit])) if *kind == parts.punct => Some(unit),
                    _ => None,
                };
                (kind, punct)
            }
        };
        let mut step = Step {
            parts,
            rules,
            p,
            t,
            kind,
            punct,
            bytes: 0,
        };
        let result = f(&mut step)?;
        Some((result, step.bytes))
    })
}

/// What `step(p, t)` and the steps after it change of `p` up to the
/// closing bracket of the literal that the token `t` (`[` or `{`) opens,
/// when `read` reads that literal whole ([`super::whole_literal`]) from
/// the level of its frame (given the levels left below `maxDepth`, and
/// what a DJS name as a value refers to): the
/// state after that bracket, the bytes it allocates and the bracket's
/// offset; `None` where the step would not open a frame for `t` or `read`
/// cannot read the literal.
pub(crate) fn whole_literal(
    rules: Rules,
    p: &Object,
    t: Token<'_>,
    read: impl FnOnce(usize, &dyn Fn(&[u16]) -> Option<Reference>) -> Option<Literal>,
) -> Option<(StateChanges, usize, usize)> {
    let ((changes, close), bytes) = with_step(rules, p, t, |step| step.whole(read))?;
    Some((changes, bytes, close))
}

/// `{ ...o, k: v, … }` where `o` has every `k`: the places of the keys in
/// `o`'s shape, with their new values.
struct Changes {
    places: [usize; Changes::MAX],
    values: [Value; Changes::MAX],
    len: usize,
}

impl Changes {
    /// The most keys a step changes in one record.
    const MAX: usize = 4;

    /// The changes of `o` that set each key to its value; `None` where `o`
    /// lacks a key.
    fn of<const N: usize>(o: &Object, changes: [(&JsString, Value); N]) -> Option<Self> {
        let mut made = Changes::none::<N>();
        for (k, (key, value)) in changes.into_iter().enumerate() {
            made.places[k] = o.shape().position(key)?;
            made.values[k] = value;
        }
        Some(made)
    }

    /// The changes that set the values at these places.
    fn at<const N: usize>(changes: [(usize, Value); N]) -> Self {
        let mut made = Changes::none::<N>();
        for (k, (place, value)) in changes.into_iter().enumerate() {
            made.places[k] = place;
            made.values[k] = value;
        }
        made
    }

    /// Room for `N` changes.
    fn none<const N: usize>() -> Self {
        const { assert!(N <= Changes::MAX) };
        Changes {
            places: [0; Changes::MAX],
            values: Default::default(),
            len: N,
        }
    }

    /// Sets the values of a record of the shape these changes were found in.
    fn apply(&mut self, values: &mut [Value]) {
        let changes = self.places.iter().zip(&mut self.values).take(self.len);
        for (&place, value) in changes {
            values[place] = std::mem::take(value);
        }
    }

    /// The changed copy of `o`.
    fn to(mut self, o: &Object) -> Object {
        o.with_changes(|values| self.apply(values))
    }
}

/// The state the parser's step returns, as changes of the state `p` it
/// was given: of its own keys, and of the frame on top of its stack where
/// the new state's frame is `{ ...p.stack, … }`. Applied where the state
/// is held, they change it in place if that is its only handle.
pub(crate) struct StateChanges {
    state: Changes,
    /// The place of `stack` in `p`, and the changes of its frame.
    frame: Option<(usize, Changes)>,
}

impl StateChanges {
    /// Makes `p` the state the step returns (`p` must be the state the
    /// changes were found for): in place where `p` is its only handle, and
    /// so for the frame on top of its stack.
    pub(crate) fn apply(&mut self, p: &mut Object) {
        p.update(|values| {
            if let Some((place, frame)) = &mut self.frame {
                if let Value::Object(f) = &mut values[*place] {
                    f.update(|values| frame.apply(values));
                }
            }
            self.state.apply(values);
        });
    }
}

/// One call of the step: the state, the token and what it allocates.
struct Step<'a> {
    parts: &'a Parts,
    rules: Rules,
    p: &'a Object,
    t: Token<'a>,
    /// The token's `kind`, where it is a string.
    kind: Option<JsString>,
    /// The code unit of a one-character punctuator token.
    punct: Option<u16>,
    bytes: usize,
}

/// A literal node's `size`, `height` and `rope` (`undefined` where it has
/// none).
fn sized(parts: &Parts, node: &Object) -> Option<(f64, f64, Value)> {
    // `rope`, `size` and `height` come second to fourth in every literal
    // node this module makes.
    let made = [&parts.literal, &parts.number_literal, &parts.string_literal]
        .iter()
        .any(|shape| node.shape().addr() == shape.addr());
    let (rope, size, height) = if made {
        let v = node.values();
        (Some(&v[1]), &v[2], &v[3])
    } else {
        (
            node.get(&parts.rope),
            node.get(&parts.size)?,
            node.get(&parts.height)?,
        )
    };
    Some((
        size.as_f64()?,
        height.as_f64()?,
        rope.cloned().unwrap_or_default(),
    ))
}

/// Property `key` of `o`, read at `place` where `o`'s shape is `shape`
/// itself (a record this module made), else found by key.
fn get_at<'a>(o: &'a Object, shape: &Keys, place: usize, key: &JsString) -> Option<&'a Value> {
    if o.shape().addr() == shape.addr() {
        o.values().get(place)
    } else {
        o.get(key)
    }
}

/// `f.lit && v.kind === 'lit'`: a frame's literal flag after the value
/// `v` goes in (`lit` itself where it is falsy).
fn still_literal(lit: &Value, value_is_literal: bool) -> Value {
    if to_boolean(lit) {
        Value::Bool(value_is_literal)
    } else {
        lit.clone()
    }
}

/// The places of a frame's keys in its shape: an array's (`items`,
/// `count`, `lit`, `spread`) or an object's (`props`, `key`, `lit`,
/// `dynamic`), then `start` and `next`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FramePlaces {
    array: bool,
    /// `items` or `props`.
    items: usize,
    /// An array's `count`; an object's `key`.
    count_or_key: usize,
    lit: usize,
    /// `spread` or `dynamic`.
    flag: usize,
    start: usize,
    next: usize,
}

impl FramePlaces {
    /// The places in the frames `open` makes (`array_frame` and
    /// `object_frame`).
    const ARRAY: Self = FramePlaces {
        array: true,
        items: 1,
        count_or_key: 2,
        lit: 3,
        flag: 4,
        start: 5,
        next: 7,
    };
    const OBJECT: Self = FramePlaces {
        array: false,
        items: 1,
        count_or_key: 4,
        lit: 2,
        flag: 3,
        start: 5,
        next: 7,
    };

    /// The places of `f`'s keys, if it is an array's or an object's frame
    /// with all of them: the known ones where its keys are those `open`
    /// makes, in that order (a check of its shape's address after the
    /// first), else found by key.
    fn of(parts: &Parts, f: &Object) -> Option<Self> {
        let array = if is(f.get(&parts.kind), &parts.array) {
            true
        } else if is(f.get(&parts.kind), &parts.object) {
            false
        } else {
            return None;
        };
        let (known, keys, places) = if array {
            (&parts.array_frame_shape, &parts.array_frame, Self::ARRAY)
        } else {
            (&parts.object_frame_shape, &parts.object_frame, Self::OBJECT)
        };
        if known.matches(f, keys.as_slice()) {
            return Some(places);
        }
        let at = |key: &JsString| f.shape().position(key);
        let (items, count_or_key, flag) = if array {
            (&parts.items, &parts.count, &parts.spread)
        } else {
            (&parts.props, &parts.key, &parts.dynamic)
        };
        Some(FramePlaces {
            array,
            items: at(items)?,
            count_or_key: at(count_or_key)?,
            lit: at(&parts.lit)?,
            flag: at(flag)?,
            start: at(&parts.start)?,
            next: at(&parts.next)?,
        })
    }
}

/// Whether `v` is the string `s` (an interned key or value).
fn is(v: Option<&Value>, s: &JsString) -> bool {
    matches!(v, Some(Value::String(v)) if v == s)
}

impl Step<'_> {
    fn run(&mut self) -> Option<StateChanges> {
        let parts = self.parts;
        let Value::String(want) = self.field(WANT) else {
            return None;
        };
        let want = want.clone();
        if want == parts.after {
            self.after()
        } else if want == parts.operand {
            self.operand()
        } else if want == parts.item0 || want == parts.item_comma {
            // `item(p, t, close)`: after `,`, `]` closes only where
            // trailing commas are allowed.
            if !self.is_punct(b']') {
                return self.operand();
            }
            self.close_after(want == parts.item_comma)
        } else if want == parts.key0 || want == parts.key_comma {
            if !self.is_punct(b'}') {
                return self.key();
            }
            self.close_after(want == parts.key_comma)
        } else if want == parts.colon {
            self.colon()
        } else if want == parts.signed {
            self.signed()
        } else {
            None
        }
    }

    /// The closing bracket of the frame on top of the stack, right after
    /// its opening bracket or (`comma`) after a comma, where the language
    /// allows a trailing one.
    fn close_after(&mut self, comma: bool) -> Option<StateChanges> {
        if comma && !self.rules.trailing_commas {
            return None;
        }
        let Value::Object(f) = self.field(STACK) else {
            return None;
        };
        self.close(&f.clone())
    }

    /// `isPunct(t, c)`.
    fn is_punct(&self, c: u8) -> bool {
        self.punct == Some(u16::from(c))
    }

    /// Whether the token is of `kind`.
    fn token_is(&self, kind: &JsString) -> bool {
        self.kind.as_ref() == Some(kind)
    }

    /// A property of the token (`undefined` where it has none).
    fn token(&self, key: &JsString) -> Value {
        self.t.get(key).unwrap_or_default()
    }

    /// `{ ...o, k: v, … }` where `o` has every `k`, as changes of `o`.
    fn changes<const N: usize>(
        &mut self,
        o: &Object,
        changes: [(&JsString, Value); N],
    ) -> Option<Changes> {
        let changes = Changes::of(o, changes)?;
        self.bytes += object_bytes(o.len());
        Some(changes)
    }

    /// `{ ...o, k: v, … }` where the places of `o`'s keys `k` are known.
    fn changes_at<const N: usize>(&mut self, o: &Object, changes: [(usize, Value); N]) -> Changes {
        self.bytes += object_bytes(o.len());
        Changes::at(changes)
    }

    /// `{ ...p, k: v, … }`, the step's result, its changes given by the
    /// places of `p`'s keys; `frame`: the changes of the frame on top of
    /// the stack, which stays there.
    fn next<const N: usize>(
        &mut self,
        changes: [(usize, Value); N],
        frame: Option<Changes>,
    ) -> Option<StateChanges> {
        self.bytes += object_bytes(self.p.len());
        Some(StateChanges {
            state: Changes::at(changes),
            frame: frame.map(|frame| (STACK, frame)),
        })
    }

    /// Field `place` of the state (one of [`WANT`], [`STACK`], …).
    fn field(&self, place: usize) -> &Value {
        &self.p.values()[place]
    }

    /// A new object of `shape`.
    fn make<const N: usize>(&mut self, shape: &Keys, values: [Value; N]) -> Object {
        self.bytes += object_bytes(N);
        Object::with_shape(shape.clone(), values)
    }

    /// A new array of `items`.
    fn array(&mut self, items: impl Into<Array>) -> Value {
        let items = items.into();
        self.bytes += array_bytes(items.len());
        Value::Array(items)
    }

    /// `operand(p, node)`: `{ ...p, want: 'after', value: node }`.
    fn operand_of(&mut self, node: Object) -> Option<StateChanges> {
        let parts = self.parts;
        let want = Value::String(parts.after.clone());
        self.next([(WANT, want), (VALUE, Value::Object(node))], None)
    }

    /// `dataOperand(p, t)`: the first token of a value.
    fn operand(&mut self) -> Option<StateChanges> {
        let parts = self.parts;
        if self.is_punct(b'{') {
            return self.open(&parts.object, &parts.key0);
        }
        if self.is_punct(b'[') {
            return self.open(&parts.array, &parts.item0);
        }
        let start = self.token(&parts.start);
        if self.token_is(&parts.string) {
            let node = self.string_literal(self.token(&parts.units), start)?;
            return self.operand_of(node);
        }
        if self.token_is(&parts.number) {
            let x = self.plain_decimal()?;
            let node = self.number_literal(x, start);
            return self.operand_of(node);
        }
        if self.token_is(&parts.ident) {
            if to_boolean(&self.token(&parts.escaped)) {
                return None;
            }
            let name = self.t.string(&parts.name)?;
            let is = |word: &str| word.encode_utf16().eq(name.iter().copied());
            // `bc.bool(b)`, `bc.nullValue`: `sized([tag], 1)`.
            let tag = match () {
                _ if is("true") => 0x03,
                _ if is("false") => 0x02,
                _ if is("null") => 0x00,
                // `bc.undefinedValue`, in a module language.
                _ if is("undefined") && self.rules.module.is_some() => 0x0b,
                _ => return self.data_name(name, start),
            };
            let rope = self.byte_array([tag]);
            let node = [
                Value::String(parts.lit.clone()),
                rope,
                Value::Number(1.0),
                Value::Number(0.0),
                start,
            ];
            let node = self.make(&parts.literal, node);
            return self.operand_of(node);
        }
        if self.is_punct(b'-') || self.is_punct(b'+') && self.rules.json5 {
            let want = Value::String(parts.signed.clone());
            let sign = Value::Object(self.t.to_object());
            return self.next([(WANT, want), (PENDING, sign)], None);
        }
        None
    }

    /// `identOperand(p, t)` for a name that is not a literal in DJS:
    /// `dataName(p, t)`, `operand(p, { kind: 'name', name, bare: true,
    /// start })` where `name` is bound (`map.get(p.names, name)`) to an
    /// import or an earlier `const`; `None` (the FJS step: its errors, and
    /// every other language) otherwise, and for the names `identOperand`
    /// reads before: JSON5's `Infinity` and `NaN`, `typeof`, the reserved
    /// words, CommonJS's `require`.
    fn data_name(&mut self, name: &[u16], start: Value) -> Option<StateChanges> {
        let parts = self.parts;
        self.reference(name)?;
        let node = [
            Value::String(parts.name_kind.clone()),
            Value::String(JsString::from_utf16(name)),
            Value::Bool(true),
            start,
        ];
        let node = self.make(&parts.name_node, node);
        self.operand_of(node)
    }

    /// What the DJS name `name` as a value refers to, where `dataName`
    /// takes it (see [`Step::data_name`]): the code generator's
    /// `resolve` of it in the module's code block.
    fn reference(&self, name: &[u16]) -> Option<Reference> {
        let parts = self.parts;
        if !self.rules.djs {
            return None;
        }
        let module = self.rules.module?;
        let is = |word: &str| word.encode_utf16().eq(name.iter().copied());
        if is("typeof")
            || module == ModuleKind::Cjs && is("require")
            || RESERVED.iter().any(|word| is(word))
        {
            return None;
        }
        let binding = map_get(self.p.get(&parts.names)?, name)?;
        let Value::Object(binding) = &binding else {
            return None;
        };
        let arg = to_boolean(binding.get(&parts.arg)?);
        let Value::Number(index) = *binding.get(&parts.index)? else {
            return None;
        };
        if !arg {
            let Value::Number(count) = *self.p.get(&parts.const_count)? else {
                return None;
            };
            if index >= count {
                return None;
            }
        }
        let index = safe_offset(&Value::Number(index)).and_then(|i| u32::try_from(i).ok())?;
        Some(Reference { arg, index })
    }

    /// `Number(t.text)` when the token's text is a plain decimal, which
    /// `number.literal` reads so in every language.
    fn plain_decimal(&self) -> Option<f64> {
        let units = self.t.string(&self.parts.text)?;
        is_plain_decimal(units).then(|| decimal_literal_value(units))
    }

    /// `signed(p, t)`: the number after a sign.
    fn signed(&mut self) -> Option<StateChanges> {
        let parts = self.parts;
        let Value::Object(sign) = self.field(PENDING) else {
            return None;
        };
        let sign_end = sign.get(&parts.end)?;
        let adjacent = matches!((&self.t.get(&parts.start)?, sign_end),
            (Value::Number(a), Value::Number(b)) if a == b);
        if !self.rules.djs && !adjacent || !self.token_is(&parts.number) {
            return None;
        }
        let negative = matches!(sign.get(&parts.value), Some(Value::String(v)) if v.as_units() == [u16::from(b'-')]);
        let x = self.plain_decimal()?;
        let start = sign.get(&parts.start)?.clone();
        let node = self.number_literal(if negative { -x } else { x }, start);
        let want = Value::String(parts.after.clone());
        self.next(
            [
                (WANT, want),
                (VALUE, Value::Object(node)),
                (PENDING, Value::Null),
            ],
            None,
        )
    }

    /// `level(p) + 1`, the level of a frame opened now, where it is at
    /// most `maxDepth` (past it is an error; NaN is left to the FJS step
    /// too).
    fn next_level(&self) -> Option<f64> {
        let parts = self.parts;
        // `level(p)`: 0 without frames; a block's adds its ifs.
        let level = match self.field(STACK) {
            Value::Null => 0.0,
            Value::Object(f) if !is(f.get(&parts.kind), &parts.block) => {
                match f.get(&parts.level)? {
                    Value::Number(l) => *l,
                    _ => return None,
                }
            }
            _ => return None,
        };
        let level = level + 1.0;
        (!level.is_nan() && level <= MAX_DEPTH).then_some(level)
    }

    /// The literal the token (`[` or `{`, a value's first token) opens,
    /// read whole by `read` (given the levels left from its frame's to
    /// `maxDepth`, and [`Step::reference`]): `operand(p, node)` with a
    /// literal node of the bytes that flattening the rope of the node
    /// `close` makes at its closing bracket would give (a literal where
    /// the code generator would write its references' bytes), whose offset
    /// comes second.
    fn whole(
        &mut self,
        read: impl FnOnce(usize, &dyn Fn(&[u16]) -> Option<Reference>) -> Option<Literal>,
    ) -> Option<(StateChanges, usize)> {
        let parts = self.parts;
        let Value::String(want) = self.field(WANT) else {
            return None;
        };
        let opens = [&parts.operand, &parts.item0, &parts.item_comma];
        if !opens.contains(&want) || !(self.is_punct(b'[') || self.is_punct(b'{')) {
            return None;
        }
        let level = self.next_level()?;
        let literal = read((MAX_DEPTH - level) as usize + 1, &|name| {
            self.reference(name)
        })?;
        let size = literal.bytes.len() as f64;
        let rope = self.byte_array(literal.bytes);
        let start = self.token(&parts.start);
        let node = self.lit_node(rope, size, f64::from(literal.height), start)?;
        Some((self.operand_of(node)?, literal.close))
    }

    /// `push(p, t, { kind, …, start: t.start }, 1, want)` of `openObject`
    /// and `openArray`.
    fn open(&mut self, kind: &JsString, want: &JsString) -> Option<StateChanges> {
        let parts = self.parts;
        let below = self.field(STACK).clone();
        let level = self.next_level()?;
        let empty = [Value::Number(0.0), Value::Null];
        let empty = Value::Object(self.make(&parts.list, empty));
        let (start, level) = (self.token(&parts.start), Value::Number(level));
        let frame = if kind == &parts.array {
            let frame = [
                Value::String(kind.clone()),
                empty,
                Value::Number(0.0),
                Value::Bool(true),
                Value::Bool(false),
                start,
                level,
                below,
            ];
            self.make(&parts.array_frame, frame)
        } else {
            let frame = [
                Value::String(kind.clone()),
                empty,
                Value::Bool(true),
                Value::Bool(false),
                Value::Null,
                start,
                level,
                below,
            ];
            self.make(&parts.object_frame, frame)
        };
        self.next(
            [
                (WANT, Value::String(want.clone())),
                (VALUE, Value::Null),
                (STACK, Value::Object(frame)),
            ],
            None,
        )
    }

    /// `after(p, t)` outside FJS, for `,` or the closing bracket in an
    /// array or an object.
    fn after(&mut self) -> Option<StateChanges> {
        let parts = self.parts;
        let comma = self.is_punct(b',');
        let Value::Object(f) = self.field(STACK) else {
            return None;
        };
        let Value::Object(v) = self.field(VALUE) else {
            return None;
        };
        let (f, v) = (f.clone(), v.clone());
        let v_is = |kind: &JsString| is(v.get(&parts.kind), kind);
        let at = FramePlaces::of(parts, &f)?;
        let fields = f.values();
        let lit = still_literal(&fields[at.lit], v_is(&parts.lit));
        let (want, frame) = if at.array {
            // `arrayItem`.
            if !comma && !self.is_punct(b']') {
                return None;
            }
            let Value::Number(count) = fields[at.count_or_key] else {
                return None;
            };
            let items = self.list_push(&fields[at.items], Value::Object(v.clone()))?;
            let spread = &fields[at.flag];
            let spread = if to_boolean(spread) {
                spread.clone()
            } else {
                Value::Bool(v_is(&parts.spread))
            };
            let changes = [
                (at.items, items),
                (at.count_or_key, Value::Number(count + 1.0)),
                (at.lit, lit),
                (at.flag, spread),
            ];
            (&parts.item_comma, self.changes_at(&f, changes))
        } else {
            // `objectProp`, for a property with a static key.
            if !comma && !self.is_punct(b'}') {
                return None;
            }
            let Value::Object(key) = &fields[at.count_or_key] else {
                return None;
            };
            let units = key.get(&parts.units)?;
            if matches!(units, Value::Null) || v_is(&parts.spread) {
                return None;
            }
            let prop = [
                Value::String(parts.prop.clone()),
                units.clone(),
                Value::Object(v.clone()),
            ];
            let prop = Value::Object(self.make(&parts.prop_record, prop));
            let props = self.list_push(&fields[at.items], prop)?;
            let dynamic = &fields[at.flag];
            let dynamic = if to_boolean(dynamic) {
                dynamic.clone()
            } else {
                Value::Bool(false)
            };
            let changes = [
                (at.items, props),
                (at.count_or_key, Value::Null),
                (at.lit, lit),
                (at.flag, dynamic),
            ];
            (&parts.key_comma, self.changes_at(&f, changes))
        };
        if !comma {
            return self.close(&frame.to(&f));
        }
        let want = Value::String(want.clone());
        self.next([(WANT, want), (VALUE, Value::Null)], Some(frame))
    }

    /// `closeArray(p, f)` or `closeObject(p, f)`: `operand({ ...p, stack:
    /// f.next }, node)`, the node a literal when `f.lit`, else `{ kind,
    /// items, spread, start }` or `{ kind, props, dynamic, start }`.
    fn close(&mut self, f: &Object) -> Option<StateChanges> {
        let parts = self.parts;
        let at = FramePlaces::of(parts, f)?;
        let fields = f.values();
        let items = flatten(parts, &fields[at.items])?;
        let start = fields[at.start].clone();
        let node = if to_boolean(&fields[at.lit]) {
            if at.array {
                self.literal_array(&items, start)?
            } else {
                self.literal_object(&items, start)?
            }
        } else {
            let shape = if at.array {
                &parts.array_node
            } else {
                &parts.object_node
            };
            let flag = fields[at.flag].clone();
            let items = self.array(items);
            let kind = f.get(&parts.kind)?.clone();
            self.make(shape, [kind, items, flag, start])
        };
        self.next(
            [
                (STACK, fields[at.next].clone()),
                (WANT, Value::String(parts.after.clone())),
                (VALUE, Value::Object(node)),
            ],
            None,
        )
    }

    /// `ast.literalArray(items, start)`: `{ kind: 'lit', ...bc.array(items),
    /// height, start }`, `bc.array(items)` the sized rope `[tag.array, [],
    /// u32(n), items' ropes]` of `5 + ` their sizes, `height` one more than
    /// the items' highest.
    fn literal_array(&mut self, items: &[Value], start: Value) -> Option<Object> {
        let parts = self.parts;
        // The first place is `counted`'s.
        let mut ropes = Vec::with_capacity(1 + items.len());
        ropes.push(Value::Undefined);
        let (mut size, mut height) = (0.0, 0.0);
        for item in items {
            let Value::Object(item) = item else {
                return None;
            };
            let (item_size, item_height, rope) = sized(parts, item)?;
            size += item_size;
            height = max(height, item_height);
            ropes.push(rope);
        }
        let rope = self.counted(0x06, items.len(), ropes)?;
        self.lit_node(rope, 5.0 + size, 1.0 + height, start)
    }

    /// `ast.literalObject(props, start)`: `{ kind: 'lit',
    /// ...bc.object(props.map(p => bc.property(p.key, p.value))), height,
    /// start }`, each property the rope `[string(key), value's rope]` of
    /// `4 + 2 * key.length + ` the value's size.
    fn literal_object(&mut self, props: &[Value], start: Value) -> Option<Object> {
        let parts = self.parts;
        // The first place is `counted`'s; each property is the key's rope,
        // then the value's (`bc.property`'s pair without the pair).
        let mut ropes = Vec::with_capacity(1 + 2 * props.len());
        ropes.push(Value::Undefined);
        let (mut size, mut height) = (0.0, 0.0);
        for prop in props {
            let Value::Object(prop) = prop else {
                return None;
            };
            let Some(Value::Object(value)) = prop.get(&parts.value) else {
                return None;
            };
            let Some(Value::Array(key)) = prop.get(&parts.key) else {
                return None;
            };
            let (value_size, value_height, value_rope) = sized(parts, value)?;
            size += (4.0 + 2.0 * key.len() as f64) + value_size;
            height = max(height, value_height);
            ropes.push(self.key_rope(key)?);
            ropes.push(value_rope);
        }
        let rope = self.counted(0x05, props.len(), ropes)?;
        self.lit_node(rope, 5.0 + size, 1.0 + height, start)
    }

    /// `{ kind: 'lit', rope, size, height, start }`.
    fn lit_node(&mut self, rope: Value, size: f64, height: f64, start: Value) -> Option<Object> {
        let parts = self.parts;
        let node = [
            Value::String(parts.lit.clone()),
            rope,
            Value::Number(size),
            Value::Number(height),
            start,
        ];
        Some(self.make(&parts.literal, node))
    }

    /// The rope of `counted(tag, [], items)` of `n` items:
    /// `[tag, [], u32(n), ropes]`, made `[[tag, ...u32(n)], ...ropes]` (the
    /// same bytes); `ropes` comes with an empty first place for the head,
    /// which is shared by all heads of its tag and small `n`.
    fn counted(&mut self, tag: u8, n: usize, mut ropes: Vec<Value>) -> Option<Value> {
        let [b0, b1, b2, b3] = u32::try_from(n).ok()?.to_le_bytes();
        let shared = (n < SHARED_HEADS).then_some(usize::from(tag & 1) * SHARED_HEADS + n);
        let head = shared.and_then(|i| HEADS.with_borrow(|heads| heads[i].clone()));
        let head = match head {
            Some(head) => head,
            None => {
                let head = self.byte_array([tag, b0, b1, b2, b3]);
                if let Some(i) = shared {
                    HEADS.with_borrow_mut(|heads| heads[i] = Some(head.clone()));
                }
                head
            }
        };
        *ropes.first_mut()? = head;
        Some(self.array(ropes))
    }

    /// `key(p, t)` for a string key, or an identifier without escapes
    /// outside JSON: `withKey(p, units, 'colon', pending)`.
    fn key(&mut self) -> Option<StateChanges> {
        let parts = self.parts;
        let (units, pending) = if self.token_is(&parts.string) {
            let units = self.token(&parts.units);
            let Value::Array(code_units) = &units else {
                return None;
            };
            if (self.rules.json5 || self.rules.djs) && is_proto(code_units) {
                return None;
            }
            (units, Value::Null)
        } else if self.token_is(&parts.ident) && !self.rules.json_keys {
            let name = self.t.string(&parts.name)?;
            if to_boolean(&self.token(&parts.escaped)) {
                return None;
            }
            // `chars.units(t.name)`.
            let units: Array = name.iter().map(|&u| Value::Number(f64::from(u))).collect();
            if self.rules.json5 && is_proto(&units) {
                return None;
            }
            let pending = if self.rules.djs {
                Value::Object(self.t.to_object())
            } else {
                Value::Null
            };
            (self.array(units), pending)
        } else {
            return None;
        };
        let Value::Object(f) = self.field(STACK) else {
            return None;
        };
        let f = f.clone();
        let key = Value::Object(self.make(&parts.key_record, [units, Value::Null]));
        let frame = self.changes(&f, [(&parts.key, key)])?;
        let want = Value::String(parts.colon.clone());
        self.next([(WANT, want), (PENDING, pending)], Some(frame))
    }

    /// `colon(p, t)` for `:`, unless the key waiting is `__proto__`.
    fn colon(&mut self) -> Option<StateChanges> {
        let parts = self.parts;
        if !self.is_punct(b':') {
            return None;
        }
        match self.field(PENDING) {
            Value::Null => {}
            Value::Object(short) => match short.get(&parts.name)? {
                Value::String(name) if !name.eq_str("__proto__") => {}
                _ => return None,
            },
            _ => return None,
        }
        let want = Value::String(parts.operand.clone());
        self.next([(WANT, want), (PENDING, Value::Null)], None)
    }

    /// `list.push(b, item)`: `{ length: b.length + 1, chunks: merge(1,
    /// [item], b.chunks) }`, `merge` merging the trees of equal size.
    fn list_push(&mut self, b: &Value, item: Value) -> Option<Value> {
        let parts = self.parts;
        let Value::Object(b) = b else {
            return None;
        };
        let Value::Number(length) = get_at(b, &parts.list, 0, &parts.length)? else {
            return None;
        };
        let mut size = 1.0;
        let mut tree = self.array([item]);
        let mut next = get_at(b, &parts.list, 1, &parts.chunks)?.clone();
        loop {
            let chunk = match &next {
                Value::Null => break,
                Value::Object(chunk) => chunk.clone(),
                _ => return None,
            };
            let field = |place, key| get_at(&chunk, &parts.chunk, place, key);
            if !matches!(field(0, &parts.size)?, Value::Number(n) if *n == size) {
                break;
            }
            tree = self.array([field(1, &parts.tree)?.clone(), tree]);
            size *= 2.0;
            next = field(2, &parts.next)?.clone();
        }
        let chunk = Value::Object(self.make(&parts.chunk, [Value::Number(size), tree, next]));
        let list = self.make(&parts.list, [Value::Number(length + 1.0), chunk]);
        Some(Value::Object(list))
    }

    /// `ast.number(x, start)`: `{ kind: 'lit', rope: [tag.number, f64(x)],
    /// size: 9, height: 0, start, number: x }`.
    fn number_literal(&mut self, x: f64, start: Value) -> Object {
        let parts = self.parts;
        let mut bytes = [1; 9];
        bytes[1..].copy_from_slice(&f64_bytes(x));
        let rope = self.byte_array(bytes);
        let node = [
            Value::String(parts.lit.clone()),
            rope,
            Value::Number(9.0),
            Value::Number(0.0),
            start,
            Value::Number(x),
        ];
        self.make(&parts.number_literal, node)
    }

    /// `ast.string(units, start)`: `{ kind: 'lit', rope: [tag.string,
    /// [u32(n), units.map(u => [u & 255, u >>> 8])]], size: 5 + 2 * n,
    /// height: 0, start, units }`; `None` if an item is not a number.
    fn string_literal(&mut self, units: Value, start: Value) -> Option<Object> {
        let parts = self.parts;
        let Value::Array(code_units) = &units else {
            return None;
        };
        let rope = self.string_rope(Some(0x04), code_units)?;
        let size = 5.0 + 2.0 * code_units.len() as f64;
        let node = [
            Value::String(parts.lit.clone()),
            rope,
            Value::Number(size),
            Value::Number(0.0),
            start,
            units.clone(),
        ];
        Some(self.make(&parts.string_literal, node))
    }

    /// [`Step::string_rope`] of a property key, shared with the last key of
    /// the same code units found in its [`KeyRopes`] slot.
    fn key_rope(&mut self, units: &Array) -> Option<Value> {
        if units.len() > KeyRopes::MAX_UNITS {
            return self.string_rope(None, units);
        }
        let mut hash: u32 = 0;
        for unit in code_units(units) {
            hash = (hash.rotate_left(5) ^ u32::from(unit?)).wrapping_mul(0x9E37_79B9);
        }
        let slot = (hash >> 24) as usize % KeyRopes::SLOTS;
        let found = KEY_ROPES.with_borrow(|ropes| match &ropes.slots[slot] {
            Some((key, rope))
                if key.len() == units.len()
                    && key
                        .iter()
                        .zip(code_units(units))
                        .all(|(&k, u)| Some(k) == u) =>
            {
                Some(rope.clone())
            }
            _ => None,
        });
        if found.is_some() {
            return found;
        }
        let rope = self.string_rope(None, units)?;
        let key = code_units(units).collect::<Option<Box<[u16]>>>()?;
        KEY_ROPES.with_borrow_mut(|ropes| ropes.slots[slot] = Some((key, rope.clone())));
        Some(rope)
    }

    /// `bc.string(units)`, `[u32(n), units.map(u => [u & 255, u >>> 8])]`,
    /// after `tag` if there is one, as one byte array (the same bytes);
    /// `None` if an item is not a code unit.
    fn string_rope(&mut self, tag: Option<u8>, units: &Array) -> Option<Value> {
        let n = u32::try_from(units.len()).ok()?;
        let mut bytes = Vec::with_capacity(5 + 2 * units.len());
        bytes.extend(tag);
        bytes.extend(n.to_le_bytes());
        match units.view() {
            Items::Values(units) => {
                for u in units {
                    let Value::Number(u) = *u else {
                        return None;
                    };
                    let unit = u as u16;
                    if f64::from(unit) != u {
                        return None;
                    }
                    bytes.extend(unit.to_le_bytes());
                }
            }
            Items::Bytes(units) => {
                for &u in units {
                    bytes.extend([u, 0]);
                }
            }
        }
        Some(self.byte_array(bytes))
    }

    /// A new array of `bytes`, held as bytes (counted as values, which
    /// [`Array::items`] may yet make).
    fn byte_array(&mut self, bytes: impl AsRef<[u8]> + Into<Box<[u8]>>) -> Value {
        self.bytes += array_bytes(bytes.as_ref().len());
        Value::Array(Array::from_bytes(bytes))
    }
}

/// `max(a, b)` of `ast.f.mjs`: `a > b ? a : b`.
fn max(a: f64, b: f64) -> f64 {
    if a > b {
        a
    } else {
        b
    }
}

/// `list.flatten(b)`: the items of the builder `b`, oldest first (each
/// chunk's tree flattened; `None` if an item is an array, which `flat`
/// would flatten too, or the builder is not one).
fn flatten(parts: &Parts, b: &Value) -> Option<Vec<Value>> {
    let Value::Object(b) = b else {
        return None;
    };
    // The chunks' trees, newest first; popped from the end, oldest first.
    let mut work: Vec<&Value> = Vec::new();
    let mut chunk = get_at(b, &parts.list, 1, &parts.chunks)?;
    loop {
        match chunk {
            Value::Null => break,
            Value::Object(c) => {
                work.push(get_at(c, &parts.chunk, 1, &parts.tree)?);
                chunk = get_at(c, &parts.chunk, 2, &parts.next)?;
            }
            _ => return None,
        }
    }
    let mut items = Vec::new();
    while let Some(tree) = work.pop() {
        match tree {
            Value::Array(nodes) if nodes.len() == 1 => match &nodes.items()[0] {
                Value::Array(_) => return None,
                item => items.push(item.clone()),
            },
            Value::Array(halves) if halves.len() == 2 => {
                work.push(&halves.items()[1]);
                work.push(&halves.items()[0]);
            }
            _ => return None,
        }
    }
    Some(items)
}

/// `chars.unitsEqual(units, '__proto__')`.
fn is_proto(units: &Array) -> bool {
    let proto = "__proto__".encode_utf16();
    units.len() == 9
        && units
            .items()
            .iter()
            .zip(proto)
            .all(|(u, c)| matches!(u, Value::Number(n) if *n == f64::from(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_known_places_of_frames_are_those_of_their_keys() {
        PARTS.with(|parts| {
            for (known, keys, [items, count_or_key, flag]) in [
                (
                    FramePlaces::ARRAY,
                    &parts.array_frame,
                    ["items", "count", "spread"],
                ),
                (
                    FramePlaces::OBJECT,
                    &parts.object_frame,
                    ["props", "key", "dynamic"],
                ),
            ] {
                let place = |key: &str| keys.as_slice().iter().position(|k| k.eq_str(key));
                assert_eq!(place(items), Some(known.items), "{items}");
                assert_eq!(
                    place(count_or_key),
                    Some(known.count_or_key),
                    "{count_or_key}"
                );
                assert_eq!(place(flag), Some(known.flag), "{flag}");
                assert_eq!(place("lit"), Some(known.lit));
                assert_eq!(place("start"), Some(known.start));
                assert_eq!(place("next"), Some(known.next));
            }
        });
    }

    #[test]
    fn the_places_read_in_records_made_here_are_those_of_their_keys() {
        PARTS.with(|parts| {
            let literals = [&parts.literal, &parts.number_literal, &parts.string_literal];
            let cases = [(&parts.list, 0, "length"), (&parts.list, 1, "chunks")]
                .into_iter()
                .chain([(0, "size"), (1, "tree"), (2, "next")].map(|(p, k)| (&parts.chunk, p, k)))
                .chain(literals.iter().flat_map(|shape| {
                    [(1, "rope"), (2, "size"), (3, "height")].map(|(p, k)| (*shape, p, k))
                }));
            for (shape, place, key) in cases {
                assert!(shape.as_slice()[place].eq_str(key), "{key} at {place}");
            }
        });
    }

    #[test]
    fn the_reserved_words_are_those_of_names_f_mjs() {
        let source = include_str!("../../../fjs/names.f.mjs");
        let list = source
            .split("const reserved = [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .expect("names.f.mjs has its list");
        let words: Vec<&str> = list
            .split(',')
            .map(|w| w.trim().trim_matches('\''))
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(RESERVED, words);
    }

    #[test]
    fn the_places_of_the_state_are_those_of_inits_keys() {
        PARTS.with(|parts| {
            for (place, key) in [
                (WANT, "want"),
                (STACK, "stack"),
                (VALUE, "value"),
                (PENDING, "pending"),
            ] {
                assert!(parts.state[place].eq_str(key), "{key} at {place}");
            }
        });
    }
}
