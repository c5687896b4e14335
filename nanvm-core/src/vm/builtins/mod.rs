//! The builtins of `docs/fjs.md`, in native Rust: the globals `Array`,
//! `String`, `Number`, `BigInt` (with `Array.from` and
//! `String.fromCharCode`) and the array and string methods FJS uses.
//!
//! A builtin that calls FJS functions back (`map`, `filter`, `every`,
//! `reduce`, `Array.from` with a mapper) does not recurse natively: it
//! returns a [`LoopFrame`] that the VM keeps on its own call stack and
//! resumes with each callback's result.

mod array;
mod callback;
mod global;
mod string;

pub(crate) use callback::{LoopFrame, LoopStep};
pub(crate) use global::code_points;

use super::budget::Meter;
use super::error::VmError;
use crate::bytecode::Global;
use crate::value::{Function, FunctionData, JsString, Value};

/// A builtin function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Native {
    /// `Array`.
    Array,
    /// `Array.from`.
    ArrayFrom,
    /// `String`.
    String,
    /// `String.fromCharCode`.
    StringFromCharCode,
    /// `Number`.
    Number,
    /// `BigInt`.
    BigInt,
    /// `Array.prototype.reduce`.
    Reduce,
    /// `Array.prototype.map`.
    Map,
    /// `Array.prototype.every`.
    Every,
    /// `Array.prototype.filter`.
    Filter,
    /// `Array.prototype.includes`.
    Includes,
    /// `Array.prototype.slice`.
    ArraySlice,
    /// `Array.prototype.flat`.
    Flat,
    /// `Array.prototype.concat`.
    Concat,
    /// `String.prototype.charCodeAt`.
    CharCodeAt,
    /// `String.prototype.slice`.
    StringSlice,
}

/// What calling a builtin gives: a value, or a loop to run on the VM's stack.
pub(crate) enum Outcome {
    /// The result.
    Value(Value),
    /// A loop that calls back into FJS.
    Loop(LoopFrame),
}

impl From<Value> for Outcome {
    fn from(v: Value) -> Self {
        Outcome::Value(v)
    }
}

const COUNT: usize = 16;

const ALL: [Native; COUNT] = [
    Native::Array,
    Native::ArrayFrom,
    Native::String,
    Native::StringFromCharCode,
    Native::Number,
    Native::BigInt,
    Native::Reduce,
    Native::Map,
    Native::Every,
    Native::Filter,
    Native::Includes,
    Native::ArraySlice,
    Native::Flat,
    Native::Concat,
    Native::CharCodeAt,
    Native::StringSlice,
];

thread_local! {
    /// One function value per builtin, so that `Array === Array` and
    /// `[].map === [].map`, as in JavaScript.
    static FUNCTIONS: [Function; COUNT] =
        ALL.map(|n| Function::from_data(FunctionData::Native(n)));
}

impl Native {
    /// The builtin as a function value.
    pub(crate) fn value(self) -> Value {
        FUNCTIONS.with(|fs| Value::Function(fs[self as usize].clone()))
    }

    /// JavaScript's `length` of the builtin.
    pub(crate) fn length(self) -> u32 {
        match self {
            Native::Flat => 0,
            Native::ArraySlice | Native::StringSlice => 2,
            _ => 1,
        }
    }

    /// The name JavaScript error messages use.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Native::Array => "Array",
            Native::ArrayFrom => "Array.from",
            Native::String => "String",
            Native::StringFromCharCode => "String.fromCharCode",
            Native::Number => "Number",
            Native::BigInt => "BigInt",
            Native::Reduce => "Array.prototype.reduce",
            Native::Map => "Array.prototype.map",
            Native::Every => "Array.prototype.every",
            Native::Filter => "Array.prototype.filter",
            Native::Includes => "Array.prototype.includes",
            Native::ArraySlice => "Array.prototype.slice",
            Native::Flat => "Array.prototype.flat",
            Native::Concat => "Array.prototype.concat",
            Native::CharCodeAt => "String.prototype.charCodeAt",
            Native::StringSlice => "String.prototype.slice",
        }
    }
}

/// The value of a global.
pub(crate) fn global(g: Global) -> Value {
    match g {
        Global::Array => Native::Array.value(),
        Global::String => Native::String.value(),
        Global::Number => Native::Number.value(),
        Global::BigInt => Native::BigInt.value(),
        Global::Infinity => Value::Number(f64::INFINITY),
    }
}

/// The builtin method `key` of arrays, if there is one.
pub(crate) fn array_method(key: &JsString) -> Option<Value> {
    let native = match_key(
        key,
        &[
            ("reduce", Native::Reduce),
            ("map", Native::Map),
            ("every", Native::Every),
            ("filter", Native::Filter),
            ("includes", Native::Includes),
            ("slice", Native::ArraySlice),
            ("flat", Native::Flat),
            ("concat", Native::Concat),
        ],
    )?;
    Some(native.value())
}

/// The builtin method `key` of strings, if there is one.
pub(crate) fn string_method(key: &JsString) -> Option<Value> {
    let native = match_key(
        key,
        &[
            ("charCodeAt", Native::CharCodeAt),
            ("slice", Native::StringSlice),
        ],
    )?;
    Some(native.value())
}

/// The static property `key` of a builtin (`Array.from`, `String.fromCharCode`).
pub(crate) fn static_property(native: Native, key: &JsString) -> Option<Value> {
    let found = match native {
        Native::Array => match_key(key, &[("from", Native::ArrayFrom)]),
        Native::String => match_key(key, &[("fromCharCode", Native::StringFromCharCode)]),
        _ => None,
    };
    found.map(Native::value)
}

fn match_key(key: &JsString, table: &[(&str, Native)]) -> Option<Native> {
    table
        .iter()
        .find(|(name, _)| key.eq_str(name))
        .map(|&(_, n)| n)
}

/// Argument `i`, or `undefined` past the arguments given.
pub(crate) fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or_default()
}

/// Calls builtin `native` with `this` and `args`.
pub(crate) fn call(
    native: Native,
    this: &Value,
    args: &[Value],
    meter: &mut Meter,
) -> Result<Outcome, VmError> {
    match native {
        Native::Array => global::array(args).map(Outcome::Value),
        Native::ArrayFrom => global::array_from(args, meter),
        Native::String => global::string(args, meter).map(Outcome::Value),
        Native::StringFromCharCode => string::from_char_code(args, meter).map(Outcome::Value),
        Native::Number => global::number(args, meter).map(Outcome::Value),
        Native::BigInt => global::bigint(args, meter).map(Outcome::Value),
        Native::Reduce | Native::Map | Native::Every | Native::Filter => {
            let array = this_array(native, this)?;
            callback::array_loop(native, array, args).map(Outcome::Loop)
        }
        Native::Includes => array::includes(this_array(native, this)?, args, meter),
        Native::ArraySlice => array::slice(this_array(native, this)?, args, meter),
        Native::Flat => array::flat(this_array(native, this)?, args, meter),
        Native::Concat => array::concat(this_array(native, this)?, args, meter),
        Native::CharCodeAt => string::char_code_at(this_string(native, this)?, args, meter),
        Native::StringSlice => string::slice(this_string(native, this)?, args, meter),
    }
}

fn called_on_nothing(native: Native) -> VmError {
    VmError::type_error(format!("{} called on null or undefined", native.name()))
}

fn this_array(native: Native, this: &Value) -> Result<&crate::value::Array, VmError> {
    match this {
        Value::Array(a) => Ok(a),
        Value::Undefined | Value::Null => Err(called_on_nothing(native)),
        _ => Err(VmError::Unsupported(format!(
            "{} on a receiver that is not an array",
            native.name()
        ))),
    }
}

fn this_string(native: Native, this: &Value) -> Result<&JsString, VmError> {
    match this {
        Value::String(s) => Ok(s),
        Value::Undefined | Value::Null => Err(called_on_nothing(native)),
        _ => Err(VmError::Unsupported(format!(
            "{} on a receiver that is not a string",
            native.name()
        ))),
    }
}

/// The TypeError of calling something that is not a function.
pub(crate) fn not_a_function(v: &Value) -> VmError {
    VmError::type_error(format!("{} is not a function", describe(v)))
}

/// A short description of a value for an error message.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::String(s) if s.len() <= 40 => format!("\"{s}\""),
        Value::Array(_) => "array".into(),
        Value::Object(_) => "object".into(),
        Value::Function(_) => "function".into(),
        Value::Number(n) => crate::number::number_to_string(*n),
        Value::BigInt(n) if n.bits() <= 128 => format!("{n}n"),
        other => super::convert::type_of(other).into(),
    }
}
