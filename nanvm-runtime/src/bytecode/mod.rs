//! The nanvm bytecode format (seed 002), as specified byte by byte in
//! `docs/bytecode.md`.
//!
//! A [`Module`] is a function of its imports: an import list and a [`Code`]
//! block whose constants are evaluated in order, the last one being the
//! module's value. [`decode_module`] reads the bytes (never panicking, never
//! trusting a length), [`encode_module`] writes them.

mod error;
mod reader;
mod writer;

use std::rc::Rc;

use crate::value::{BigInt, JsString};

pub use error::{DecodeError, DecodeErrorKind};
pub use reader::{decode_module, decode_module_with};
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
    /// The first tag reserved for FunctionalScript operations (`0x0D..=0x7F`).
    pub const FIRST_OPERATION: u8 = 0x0D;
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
