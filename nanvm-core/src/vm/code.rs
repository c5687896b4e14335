//! The VM's internal form of code: each function lowered to a flat list of
//! stack-machine operations with a pool of prebuilt values.

use std::rc::Rc;

use super::key_cache::KeyCache;
use super::native::Override;
use crate::bytecode::{BinaryOp, FunctionCode, UnaryOp};
use crate::value::{JsString, Keys, Value};

/// A lowered function (or module body).
pub(crate) struct Proto {
    /// The operations; execution starts at 0 and ends at a `Return` or tail call.
    pub(crate) ops: Box<[Op]>,
    /// Values pushed by [`Op::Constant`]: strings, bigints, builtins and, at
    /// module level, literal data built once.
    pub(crate) constants: Box<[Value]>,
    /// Key lists of object literals ([`Op::Object`]).
    pub(crate) keys: Box<[LiteralKeys]>,
    /// The inline cache of each constant used as a property key.
    pub(crate) key_caches: Box<[KeyCache]>,
    /// Functions created by [`Op::Closure`].
    pub(crate) protos: Box<[Rc<Proto>]>,
    /// Declared parameters (JavaScript's `length`); they are slots `0..params`.
    pub(crate) params: u32,
    /// Frame slots: the parameters, then one per constant kept in the frame.
    pub(crate) slots: u32,
    /// Cells of the function's own environment (constants and parameters
    /// that inner functions reach); 0 means the frame has no environment.
    pub(crate) cells: u32,
    /// Parameters copied into environment cells on entry: (slot, cell).
    pub(crate) param_cells: Box<[(u32, u32)]>,
    /// Whether closures of this function keep the scope they are created in
    /// (its body reaches constants or parameters outside it).
    pub(crate) needs_env: bool,
    /// The bytecode this was lowered from, if it is a function.
    pub(crate) code: Option<Rc<FunctionCode>>,
    /// The native override of this function, if its bytecode is one the VM
    /// knows (see [`super::native`]).
    pub(crate) native: Option<Override>,
}

/// The keys of an object literal without spread or computed keys.
pub(crate) enum LiteralKeys {
    /// Unique and in property order: every object the literal makes has
    /// this shape.
    Shape(Keys),
    /// Repeated, or out of property order (`{b: 1, 0: 2}`): built as
    /// JavaScript does, key by key.
    Keys(Box<[JsString]>),
}

impl LiteralKeys {
    /// The keys of a literal, in source order (interned).
    pub(crate) fn new(keys: Box<[JsString]>) -> Self {
        if crate::value::are_in_property_order(&keys) {
            LiteralKeys::Shape(Keys::from_ordered(keys))
        } else {
            LiteralKeys::Keys(keys)
        }
    }
}

/// One operation of the stack machine. Operands are popped from the
/// operand stack; jumps are absolute op indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Op {
    /// Push `undefined`.
    Undefined,
    /// Push `null`.
    Null,
    /// Push a boolean.
    Bool(bool),
    /// Push a number.
    Number(f64),
    /// Push `constants[i]`.
    Constant(u32),
    /// Push frame slot `i` (a ReferenceError while it is uninitialized).
    Slot(u32),
    /// Pop into frame slot `i`.
    SetSlot(u32),
    /// Push cell `index` of the environment `hops` links up the chain.
    Cell {
        /// Environments to skip, from the frame's own (or captured) one.
        hops: u32,
        /// The cell.
        index: u32,
    },
    /// Pop into cell `i` of the frame's own environment.
    SetCell(u32),
    /// Copy the top of the stack.
    Dup,
    /// Push a closure of `protos[i]`.
    Closure(u32),
    /// Pop `n` values into a new array.
    Array(u32),
    /// Pop one value per key of `keys[i]` into a new object.
    Object(u32),
    /// Start an array with spread (on the builder stack).
    BeginArray,
    /// Pop a value onto the open array.
    Push,
    /// Pop an iterable and push its items onto the open array.
    PushSpread,
    /// Close the open array and push it.
    EndArray,
    /// Start an object with computed keys or spread.
    BeginObject,
    /// Replace the top of the stack by its property key (ToPropertyKey).
    PropertyKey,
    /// Pop a value and a key into the open object.
    SetProperty,
    /// Pop a value and copy its own enumerable properties into the open object.
    SpreadProperties,
    /// Close the open object and push it.
    EndObject,
    /// Pop key and object, push `object[key]`.
    Get,
    /// Pop key, peek receiver, push `receiver[key]` above it (for a method call).
    GetMethod,
    /// Pop object, push `object[key]` where `constants[i]` is the string `key`.
    GetKey(u32),
    /// Peek receiver, push `receiver[key]` above it where `constants[i]` is the string `key`.
    GetMethodKey(u32),
    /// `Slot(slot)` then `GetKey(key)`, reading the slot in place.
    SlotGetKey {
        /// The frame slot holding the object.
        slot: u32,
        /// The constant holding the key.
        key: u32,
    },
    /// `Slot(slot)`, `Number(n)`, `Binary(op)`: push `slot op n`.
    SlotNumberBinary {
        /// The frame slot of the left operand.
        slot: u32,
        /// The operator.
        op: BinaryOp,
        /// The right operand.
        n: f64,
    },
    /// `Slot(slot)`, `Constant(constant)`, `Binary(op)`: push `slot op constant`.
    SlotConstantBinary {
        /// The frame slot of the left operand.
        slot: u32,
        /// The operator.
        op: BinaryOp,
        /// The constant of the right operand.
        constant: u32,
    },
    /// Apply a unary operator to the top.
    Unary(UnaryOp),
    /// Pop right and left, push `left op right`.
    Binary(BinaryOp),
    /// Continue at `i`.
    Jump(u32),
    /// Pop; continue at `i` if falsy.
    JumpIfFalse(u32),
    /// `&&`: if the top is falsy, keep it and continue at `i`; else pop it.
    JumpIfFalsyKeep(u32),
    /// `||`: if the top is truthy, keep it and continue at `i`; else pop it.
    JumpIfTruthyKeep(u32),
    /// `??`: unless the top is null or undefined, keep it and continue at `i`; else pop it.
    JumpIfNotNullishKeep(u32),
    /// Call: callee below `argc` arguments. A tail call replaces the frame.
    Call {
        /// Arguments on the stack.
        argc: u32,
        /// Whether the call is the frame's result.
        tail: bool,
    },
    /// Method call: receiver, callee (from [`Op::GetMethod`]), `argc` arguments.
    CallMethod {
        /// Arguments on the stack.
        argc: u32,
        /// Whether the call is the frame's result.
        tail: bool,
    },
    /// Call with spread: callee below an array of the arguments.
    CallArray {
        /// Whether the call is the frame's result.
        tail: bool,
    },
    /// Pop the result and return it.
    Return,
}
