//! The nanvm bytecode format (seed 002), as specified byte by byte in
//! `docs/bytecode.md`.
//!
//! A [`Module`] is a function of its imports: an import list and a [`Code`]
//! block whose constants are evaluated in order, the last one being the
//! module's value. [`decode_module`] reads the bytes (never panicking, never
//! trusting a length), [`encode_module`] writes them.

mod error;
mod plain;
mod reader;
mod writer;

use std::rc::Rc;

use crate::value::{BigInt, JsString};

pub use error::{DecodeError, DecodeErrorKind};
pub use plain::{decode_plain_data, decode_plain_module};
pub(crate) use reader::decode_imports;
pub use reader::{decode_module, decode_module_with};
pub(crate) use writer::encode_code;
pub use writer::encode_module;

/// The tag byte that starts each expression.
pub mod tag {
    /// `null`.
    pub const NULL: u8 = 0x00;
    /// A number: the 8 bytes of an IEEE-754 double, least-significant first.
    pub const NUMBER: u8 = 0x01;
    /// `false`.
    pub const FALSE: u8 = 0x02;
    /// `true`.
    pub const TRUE: u8 = 0x03;
    /// A string: `u32` count of UTF-16 code units, then the units.
    pub const STRING: u8 = 0x04;
    /// An object: `u32` count of properties, then each key (a String) and value.
    pub const OBJECT: u8 = 0x05;
    /// An array: `u32` count of items, then each item.
    pub const ARRAY: u8 = 0x06;
    /// A non-negative bigint: `u32` count of `u64` limbs, least-significant first.
    pub const BIGINT_POSITIVE: u8 = 0x07;
    /// A negative bigint: its magnitude as for [`BIGINT_POSITIVE`].
    pub const BIGINT_NEGATIVE: u8 = 0x08;
    /// `u32` index of an earlier constant of the enclosing code block.
    pub const LOCAL_REF: u8 = 0x09;
    /// `u32` index of an argument of the enclosing function (a module's imports).
    pub const ARG_REF: u8 = 0x0A;
    /// `undefined`.
    pub const UNDEFINED: u8 = 0x0B;
    /// A function: `u32` parameter count, then its [`Code`](super::Code).
    pub const FUNCTION: u8 = 0x0C;
    /// The first tag of the FunctionalScript operations.
    pub const FIRST_OPERATION: u8 = 0x0D;
    /// `u32` depth ≥ 1, `u32` index: a constant of an enclosing code block.
    pub const OUTER_REF: u8 = 0x0D;
    /// `u32` depth ≥ 1, `u32` index: an argument of an enclosing function.
    pub const OUTER_ARG: u8 = 0x0E;
    /// A nested [`Code`](super::Code) block: the value of its last constant.
    pub const BLOCK: u8 = 0x0F;
    /// Callee, then `Array<Any>` arguments.
    pub const CALL: u8 = 0x10;
    /// Receiver, key, then `Array<Any>` arguments.
    pub const CALL_METHOD: u8 = 0x11;
    /// Object, key: `object[key]`.
    pub const GET: u8 = 0x12;
    /// Test, then, else.
    pub const CONDITIONAL: u8 = 0x13;
    /// `a && b`, `a || b`, `a ?? b`: tags `0x14..=0x16` (see [`super::LogicalOp`]).
    pub const AND: u8 = 0x14;
    /// `a ?? b`, the last of the logical operators.
    pub const NULLISH: u8 = 0x16;
    /// The first unary operator (`!`); see [`super::UnaryOp`] for `0x17..=0x1B` and `0x2E`.
    pub const NOT: u8 = 0x17;
    /// `typeof`, the last unary operator before the binary ones.
    pub const TYPEOF: u8 = 0x1B;
    /// The first binary operator (`+`); see [`super::BinaryOp`] for `0x1C..=0x2D`.
    pub const ADD: u8 = 0x1C;
    /// `>>>`, the last binary operator.
    pub const USHR: u8 = 0x2D;
    /// ToString, for template literals (a unary operator).
    pub const TO_STRING: u8 = 0x2E;
    /// An array literal with spread: `Array<Item>`.
    pub const ARRAY_SPREAD: u8 = 0x2F;
    /// An object literal with computed keys or spread: `Array<Prop>`.
    pub const OBJECT_DYNAMIC: u8 = 0x30;
    /// Callee, then `Array<Item>` arguments (with spread).
    pub const CALL_SPREAD: u8 = 0x31;
    /// A global of the builtins table, by name (a `String`).
    pub const GLOBAL: u8 = 0x32;
    /// The last operation tag; `0x33..=0xFF` are reserved.
    pub const LAST_OPERATION: u8 = 0x32;
    /// An [`Item`](super::Item) or [`Prop`](super::Prop) kind byte: an element, or `[key]: value`.
    pub const ITEM_ELEMENT: u8 = 0x00;
    /// An [`Item`](super::Item) or [`Prop`](super::Prop) kind byte: `...x`.
    pub const ITEM_SPREAD: u8 = 0x01;
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `!a` (tag `17`).
    Not,
    /// `-a` (tag `18`).
    Negate,
    /// `+a` (tag `19`).
    ToNumber,
    /// `~a` (tag `1A`).
    BitNot,
    /// `typeof a` (tag `1B`).
    Typeof,
    /// ToString, for template literals (tag `2E`).
    ToString,
}

/// A binary operator (both operands are always evaluated).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+` (tag `1C`).
    Add,
    /// `-` (tag `1D`).
    Sub,
    /// `*` (tag `1E`).
    Mul,
    /// `/` (tag `1F`).
    Div,
    /// `%` (tag `20`).
    Rem,
    /// `**` (tag `21`).
    Pow,
    /// `<` (tag `22`).
    Lt,
    /// `<=` (tag `23`).
    Le,
    /// `>` (tag `24`).
    Gt,
    /// `>=` (tag `25`).
    Ge,
    /// `===` (tag `26`).
    StrictEq,
    /// `!==` (tag `27`).
    StrictNe,
    /// `&` (tag `28`).
    BitAnd,
    /// `|` (tag `29`).
    BitOr,
    /// `^` (tag `2A`).
    BitXor,
    /// `<<` (tag `2B`).
    Shl,
    /// `>>` (tag `2C`).
    Shr,
    /// `>>>` (tag `2D`).
    Ushr,
}

/// A short-circuit operator: the right operand is evaluated only when needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LogicalOp {
    /// `a && b` (tag `14`).
    And,
    /// `a || b` (tag `15`).
    Or,
    /// `a ?? b` (tag `16`).
    Nullish,
}

/// A global of the builtins table of `docs/fjs.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Global {
    /// `Array` (for `Array.from`).
    Array,
    /// `String` (for `String.fromCharCode`).
    String,
    /// `Number`.
    Number,
    /// `BigInt`.
    BigInt,
    /// `Infinity`.
    Infinity,
}

impl UnaryOp {
    /// Every unary operator.
    pub const ALL: [UnaryOp; 6] = [
        UnaryOp::Not,
        UnaryOp::Negate,
        UnaryOp::ToNumber,
        UnaryOp::BitNot,
        UnaryOp::Typeof,
        UnaryOp::ToString,
    ];

    /// The operator's tag byte.
    pub fn tag(self) -> u8 {
        match self {
            UnaryOp::ToString => tag::TO_STRING,
            op => tag::NOT + op as u8,
        }
    }

    /// The operator of a tag byte.
    pub fn from_tag(t: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.tag() == t)
    }
}

impl BinaryOp {
    /// Every binary operator, in tag order.
    pub const ALL: [BinaryOp; 18] = [
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
        BinaryOp::Rem,
        BinaryOp::Pow,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::StrictEq,
        BinaryOp::StrictNe,
        BinaryOp::BitAnd,
        BinaryOp::BitOr,
        BinaryOp::BitXor,
        BinaryOp::Shl,
        BinaryOp::Shr,
        BinaryOp::Ushr,
    ];

    /// The operator's tag byte.
    pub fn tag(self) -> u8 {
        tag::ADD + self as u8
    }

    /// The operator of a tag byte.
    pub fn from_tag(t: u8) -> Option<Self> {
        let i = t.checked_sub(tag::ADD)?;
        Self::ALL.get(usize::from(i)).copied()
    }

    /// The operator as JavaScript writes it.
    pub fn symbol(self) -> &'static str {
        [
            "+", "-", "*", "/", "%", "**", "<", "<=", ">", ">=", "===", "!==", "&", "|", "^", "<<",
            ">>", ">>>",
        ][self as usize]
    }
}

impl LogicalOp {
    /// Every logical operator, in tag order.
    pub const ALL: [LogicalOp; 3] = [LogicalOp::And, LogicalOp::Or, LogicalOp::Nullish];

    /// The operator's tag byte.
    pub fn tag(self) -> u8 {
        tag::AND + self as u8
    }

    /// The operator of a tag byte.
    pub fn from_tag(t: u8) -> Option<Self> {
        let i = t.checked_sub(tag::AND)?;
        Self::ALL.get(usize::from(i)).copied()
    }
}

impl Global {
    /// Every global.
    pub const ALL: [Global; 5] = [
        Global::Array,
        Global::String,
        Global::Number,
        Global::BigInt,
        Global::Infinity,
    ];

    /// The global's name.
    pub fn name(self) -> &'static str {
        match self {
            Global::Array => "Array",
            Global::String => "String",
            Global::Number => "Number",
            Global::BigInt => "BigInt",
            Global::Infinity => "Infinity",
        }
    }

    /// The global of a name, given as UTF-16 code units.
    pub fn from_name(name: &JsString) -> Option<Self> {
        Self::ALL.into_iter().find(|g| name.eq_str(g.name()))
    }
}

/// One expression of a code block.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(JsString),
    /// A bigint.
    BigInt(Rc<BigInt>),
    /// An object literal: properties in the order they are defined.
    Object(Vec<(JsString, Expr)>),
    /// An array literal.
    Array(Vec<Expr>),
    /// The value of an earlier constant of the enclosing code block.
    LocalRef(u32),
    /// An argument of the enclosing function; in a module, an import.
    ArgRef(u32),
    /// A function.
    Function(Rc<FunctionCode>),
    /// Constant `index` of the code block `depth` (≥ 1) blocks out; it may
    /// be defined after the expression that reads it (tag `0D`).
    OuterRef {
        /// Blocks out, at least 1.
        depth: u32,
        /// The constant.
        index: u32,
    },
    /// Argument `index` of the function `depth` (≥ 1) functions out; the
    /// module counts as the outermost function, its imports as arguments
    /// (tag `0E`).
    OuterArg {
        /// Functions out, at least 1.
        depth: u32,
        /// The argument.
        index: u32,
    },
    /// A nested code block: the value of its last constant (tag `0F`).
    Block(Code),
    /// `callee(...args)` (tag `10`).
    Call(Box<Call>),
    /// `receiver[key](...args)` (tag `11`).
    CallMethod(Box<MethodCall>),
    /// `object[key]` (tag `12`): `[object, key]`.
    Get(Box<[Expr; 2]>),
    /// `test ? then : else` (tag `13`): `[test, then, else]`.
    Conditional(Box<[Expr; 3]>),
    /// `a && b`, `a || b`, `a ?? b` (tags `14`–`16`).
    Logical(LogicalOp, Box<[Expr; 2]>),
    /// `!a`, `-a`, `+a`, `~a`, `typeof a`, ToString (tags `17`–`1B`, `2E`).
    Unary(UnaryOp, Box<Expr>),
    /// `a op b` (tags `1C`–`2D`).
    Binary(BinaryOp, Box<[Expr; 2]>),
    /// An array literal with spread (tag `2F`).
    ArraySpread(Vec<Item>),
    /// An object literal with computed keys or spread (tag `30`).
    ObjectDynamic(Vec<Prop>),
    /// `callee(...)` with spread arguments (tag `31`).
    CallSpread(Box<SpreadCall>),
    /// A global of the builtins table (tag `32`).
    Global(Global),
}

impl Expr {
    /// Whether the expression has operands (a container or an operation
    /// other than `outer_ref`, `outer_arg` and `global`): each such
    /// expression is one level of nesting for `Limits::max_depth`.
    pub fn is_nested(&self) -> bool {
        !matches!(
            self,
            Expr::Null
                | Expr::Undefined
                | Expr::Bool(_)
                | Expr::Number(_)
                | Expr::String(_)
                | Expr::BigInt(_)
                | Expr::LocalRef(_)
                | Expr::ArgRef(_)
                | Expr::OuterRef { .. }
                | Expr::OuterArg { .. }
                | Expr::Global(_)
        )
    }

    /// Calls `f` with each expression directly inside this one, in order:
    /// items, property values, operands, and the constants of a block or a
    /// function's body.
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match self {
            Expr::Array(items) => items.iter().for_each(f),
            Expr::Object(props) => props.iter().for_each(|(_, v)| f(v)),
            Expr::Function(func) => func.code.consts.iter().for_each(f),
            Expr::Block(code) => code.consts.iter().for_each(f),
            Expr::Call(call) => {
                f(&call.callee);
                call.args.iter().for_each(f);
            }
            Expr::CallMethod(call) => {
                f(&call.receiver);
                f(&call.key);
                call.args.iter().for_each(f);
            }
            Expr::CallSpread(call) => {
                f(&call.callee);
                call.args.iter().for_each(|item| f(item.expr()));
            }
            Expr::Get(pair) | Expr::Logical(_, pair) | Expr::Binary(_, pair) => {
                pair.iter().for_each(f)
            }
            Expr::Conditional(three) => three.iter().for_each(f),
            Expr::Unary(_, operand) => f(operand),
            Expr::ArraySpread(items) => items.iter().for_each(|item| f(item.expr())),
            Expr::ObjectDynamic(props) => {
                for prop in props {
                    match prop {
                        Prop::Entry(key, value) => {
                            f(key);
                            f(value);
                        }
                        Prop::Spread(e) => f(e),
                    }
                }
            }
            _ => {}
        }
    }
}

impl Item {
    /// The item's expression.
    pub fn expr(&self) -> &Expr {
        match self {
            Item::Element(e) | Item::Spread(e) => e,
        }
    }
}

/// `callee(...args)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The function called.
    pub callee: Expr,
    /// The arguments.
    pub args: Vec<Expr>,
}

/// `receiver[key](...args)`: the function is called with `receiver` as `this`.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodCall {
    /// The object whose property is called.
    pub receiver: Expr,
    /// The property key.
    pub key: Expr,
    /// The arguments.
    pub args: Vec<Expr>,
}

/// `callee(...)` with spread arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct SpreadCall {
    /// The function called.
    pub callee: Expr,
    /// The arguments and spread arguments.
    pub args: Vec<Item>,
}

/// An item of an array literal with spread, or an argument of a spread call.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// One element (kind byte `00`).
    Element(Expr),
    /// `...x`: the items of an iterable (kind byte `01`).
    Spread(Expr),
}

/// A property of an object literal with computed keys or spread.
#[derive(Clone, Debug, PartialEq)]
pub enum Prop {
    /// `[key]: value` (kind byte `00`).
    Entry(Expr, Expr),
    /// `...x`: the own enumerable properties of `x` (kind byte `01`).
    Spread(Expr),
}

/// A code block: constants evaluated in order; the last one is the result.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// The constants; never empty once decoded.
    pub consts: Vec<Expr>,
}

/// A function: its parameter count and body.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionCode {
    /// The number of parameters (JavaScript's `length`).
    pub length: u32,
    /// The body.
    pub code: Code,
}

/// A module: a function of its imports.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The import specifiers, in source order; `ArgRef(i)` is the i-th import.
    pub imports: Vec<JsString>,
    /// The body; its last constant is the module's `export default`.
    pub code: Code,
}

impl Module {
    /// A module with no imports whose value is `expr`.
    pub fn of_value(expr: Expr) -> Self {
        Module {
            imports: Vec::new(),
            code: Code { consts: vec![expr] },
        }
    }
}
