//! The global functions: `Array`, `Array.from`, `String`, `Number`, `BigInt`.

use std::rc::Rc;

use super::callback::{LoopFrame, Source};
use super::{arg, describe, Outcome};
use crate::value::{BigInt, Value};
use crate::vm::budget::Meter;
use crate::vm::convert::{
    bigint_to_f64, integral_f64_to_bigint, string_to_bigint, to_integer_or_infinity, to_js_string,
    to_number, to_numeric, to_primitive, to_uint32, Hint, Numeric,
};
use crate::vm::error::{ErrorType, VmError};
use crate::vm::property;

/// The largest array length: 2^32 - 1.
const MAX_ARRAY_LENGTH: f64 = 4_294_967_295.0;

/// Bytes charged per array item.
pub(crate) const ITEM_BYTES: usize = std::mem::size_of::<Value>();

fn invalid_length() -> VmError {
    VmError::range_error("Invalid array length")
}

/// `Array(...args)` (called without `new`, which FJS does not have).
pub(super) fn array(args: &[Value]) -> Result<Value, VmError> {
    match args {
        [] => Ok(Value::array([])),
        [Value::Number(n)] => {
            if f64::from(to_uint32(*n)) != *n {
                Err(invalid_length())
            } else if *n == 0.0 {
                Ok(Value::array([]))
            } else {
                Err(VmError::Unsupported(
                    "Array(n) makes an array with holes".into(),
                ))
            }
        }
        items => Ok(Value::array(items.iter().cloned())),
    }
}

/// `Array.from(items, mapper)`: arrays and strings (by code points) are
/// iterated, other objects read as array-likes (`{ length: n }`).
pub(super) fn array_from(args: &[Value], meter: &mut Meter) -> Result<Outcome, VmError> {
    let items = arg(args, 0);
    let mapper = arg(args, 1);
    if !matches!(mapper, Value::Undefined | Value::Function(_)) {
        return Err(VmError::type_error(format!(
            "{} is not a function",
            describe(&mapper)
        )));
    }
    let (source, len) = match &items {
        Value::Undefined | Value::Null => {
            return Err(VmError::type_error(format!(
                "{} is not iterable",
                describe(&items)
            )))
        }
        Value::Array(a) => (Source::Array(a.clone()), a.len()),
        Value::String(s) => {
            let points = code_points(s.as_units());
            meter.alloc_items(points.len(), ITEM_BYTES)?;
            let len = points.len();
            (Source::Values(points), len)
        }
        Value::Object(_) | Value::Function(_) => {
            let length = property::get_str(&items, "length")?;
            let len = to_length(to_number(&length, meter)?);
            if len > MAX_ARRAY_LENGTH {
                return Err(invalid_length());
            }
            // Exact: len is an integer below 2^32.
            (Source::ArrayLike(items.clone()), len as usize)
        }
        // ToObject of a primitive has no `length`.
        _ => (Source::Values(Vec::new()), 0),
    };
    meter.alloc_items(len, ITEM_BYTES)?;
    let frame = LoopFrame::from_items(mapper, source, len);
    if frame.has_callback() {
        return Ok(Outcome::Loop(frame));
    }
    frame.collect(meter).map(Outcome::Value)
}

/// ToLength of a number.
fn to_length(x: f64) -> f64 {
    to_integer_or_infinity(x).clamp(0.0, 9_007_199_254_740_991.0)
}

/// The string's code points as strings of one or two code units (lone
/// surrogates alone), as the string iterator gives them.
pub(crate) fn code_points(units: &[u16]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let pair = matches!(units[i], 0xD800..=0xDBFF)
            && units
                .get(i + 1)
                .is_some_and(|u| matches!(u, 0xDC00..=0xDFFF));
        let n = if pair { 2 } else { 1 };
        out.push(Value::String(units[i..i + n].to_vec().into()));
        i += n;
    }
    out
}

/// `String(value)`.
pub(super) fn string(args: &[Value], meter: &mut Meter) -> Result<Value, VmError> {
    match args.first() {
        None => Ok(Value::string("")),
        Some(v) => Ok(Value::String(to_js_string(v, meter)?)),
    }
}

/// `Number(value)`: ToNumeric, then a bigint's nearest double.
pub(super) fn number(args: &[Value], meter: &mut Meter) -> Result<Value, VmError> {
    let Some(v) = args.first() else {
        return Ok(Value::Number(0.0));
    };
    Ok(Value::Number(match to_numeric(v, meter)? {
        Numeric::Number(x) => x,
        Numeric::BigInt(n) => bigint_to_f64(&n),
    }))
}

/// `BigInt(value)`: integers, booleans, bigint literal text.
pub(super) fn bigint(args: &[Value], meter: &mut Meter) -> Result<Value, VmError> {
    let v = arg(args, 0);
    let primitive = to_primitive(&v, Hint::Number, meter)?;
    let n = match &primitive {
        Value::Number(x) => integral_f64_to_bigint(*x).ok_or_else(|| {
            VmError::range_error(format!(
                "The number {} cannot be converted to a BigInt because it is not an integer",
                crate::number::number_to_string(*x)
            ))
        })?,
        Value::Bool(b) => BigInt::from(u8::from(*b)),
        Value::BigInt(n) => return Ok(Value::BigInt(n.clone())),
        Value::String(s) => {
            meter.alloc_items(s.len(), 1)?;
            string_to_bigint(s.as_units()).ok_or_else(|| {
                VmError::thrown(
                    ErrorType::SyntaxError,
                    format!("Cannot convert {} to a BigInt", describe(&primitive)),
                )
            })?
        }
        other => {
            return Err(VmError::type_error(format!(
                "Cannot convert {} to a BigInt",
                describe(other)
            )))
        }
    };
    Ok(Value::BigInt(Rc::new(n)))
}
