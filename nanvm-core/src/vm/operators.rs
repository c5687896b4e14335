//! JavaScript's unary and binary operators, with ECMAScript semantics on
//! every value FJS reaches: numbers (IEEE-754, `-0`, NaN), bigints (and the
//! TypeError of mixing them with numbers), strings (UTF-16 code units) and
//! containers (ToPrimitive).

use std::cmp::Ordering;
use std::rc::Rc;

use num_bigint::Sign;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::budget::Meter;
use super::convert::{
    integral_f64_to_bigint, string_to_bigint, to_boolean, to_int32, to_js_string, to_number,
    to_numeric, to_primitive, to_uint32, type_of, Hint, Numeric,
};
use super::error::VmError;
use super::pow::fdlibm_pow;
use crate::bytecode::{BinaryOp, UnaryOp};
use crate::value::{same_number, BigInt, JsString, Value};

/// The most bits a bigint may have (V8's limit): larger results are a RangeError.
pub(crate) const MAX_BIGINT_BITS: u64 = 1 << 30;

/// Applies a unary operator.
pub(crate) fn unary(op: UnaryOp, v: &Value, meter: &mut Meter) -> Result<Value, VmError> {
    Ok(match op {
        UnaryOp::Not => Value::Bool(!to_boolean(v)),
        UnaryOp::Typeof => Value::string(type_of(v)),
        UnaryOp::ToNumber => Value::Number(to_number(v, meter)?),
        UnaryOp::ToString => Value::String(to_js_string(v, meter)?),
        UnaryOp::Negate => match to_numeric(v, meter)? {
            Numeric::Number(x) => Value::Number(-x),
            Numeric::BigInt(n) => bigint_value(-&*n, meter)?,
        },
        UnaryOp::BitNot => match to_numeric(v, meter)? {
            Numeric::Number(x) => Value::Number(f64::from(!to_int32(x))),
            Numeric::BigInt(n) => bigint_value(-&*n - 1, meter)?,
        },
    })
}

/// Applies a binary operator to both operands' values.
pub(crate) fn binary(
    op: BinaryOp,
    a: &Value,
    b: &Value,
    meter: &mut Meter,
) -> Result<Value, VmError> {
    if let (Value::Number(x), Value::Number(y)) = (a, b) {
        if let Some(v) = number_fast(op, *x, *y) {
            return Ok(v);
        }
    }
    Ok(match op {
        BinaryOp::Add => add(a, b, meter)?,
        BinaryOp::StrictEq => Value::Bool(strict_equals(a, b)),
        BinaryOp::StrictNe => Value::Bool(!strict_equals(a, b)),
        BinaryOp::Lt => Value::Bool(less_than(a, b, true, meter)? == Some(true)),
        BinaryOp::Gt => Value::Bool(less_than(b, a, false, meter)? == Some(true)),
        BinaryOp::Le => Value::Bool(less_than(b, a, false, meter)? == Some(false)),
        BinaryOp::Ge => Value::Bool(less_than(a, b, true, meter)? == Some(false)),
        _ => {
            let x = to_numeric(a, meter)?;
            let y = to_numeric(b, meter)?;
            arithmetic(op, x, y, meter)?
        }
    })
}

/// The operators on two numbers that need no conversion.
#[inline]
pub(crate) fn number_fast(op: BinaryOp, x: f64, y: f64) -> Option<Value> {
    Some(match op {
        BinaryOp::Add => Value::Number(x + y),
        BinaryOp::Lt => Value::Bool(x < y),
        BinaryOp::Le => Value::Bool(x <= y),
        BinaryOp::Gt => Value::Bool(x > y),
        BinaryOp::Ge => Value::Bool(x >= y),
        BinaryOp::StrictEq => Value::Bool(x == y),
        BinaryOp::StrictNe => Value::Bool(x != y),
        _ => return number_arithmetic(op, x, y).map(Value::Number),
    })
}

/// `a + b`: string concatenation when either primitive is a string,
/// otherwise numeric addition.
fn add(a: &Value, b: &Value, meter: &mut Meter) -> Result<Value, VmError> {
    if let (Value::String(x), Value::String(y)) = (a, b) {
        return concat(x, y, meter);
    }
    let x = to_primitive(a, Hint::Default, meter)?;
    let y = to_primitive(b, Hint::Default, meter)?;
    if matches!(x, Value::String(_)) || matches!(y, Value::String(_)) {
        let x = to_js_string(&x, meter)?;
        let y = to_js_string(&y, meter)?;
        return concat(&x, &y, meter);
    }
    let x = to_numeric(&x, meter)?;
    let y = to_numeric(&y, meter)?;
    arithmetic(BinaryOp::Add, x, y, meter)
}

/// The concatenation of two strings, charged to the memory budget.
pub(crate) fn concat(x: &JsString, y: &JsString, meter: &mut Meter) -> Result<Value, VmError> {
    if y.is_empty() {
        return Ok(Value::String(x.clone()));
    }
    if x.is_empty() {
        return Ok(Value::String(y.clone()));
    }
    let len = x.len().saturating_add(y.len());
    meter.alloc_items(len, 2)?;
    let mut units = Vec::with_capacity(len);
    units.extend_from_slice(x.as_units());
    units.extend_from_slice(y.as_units());
    Ok(Value::String(JsString::from(units)))
}

/// `===`: numbers by IEEE equality (NaN is not NaN, 0 is -0), strings by code
/// units, bigints by value, arrays, objects and functions by identity.
pub(crate) fn strict_equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        // IEEE equality: NaN is not NaN, 0 is -0 (Object.is differs only here).
        (Value::Number(x), Value::Number(y)) => x == y,
        _ => Value::is(a, b),
    }
}

/// SameValueZero (`includes`): `===`, except that NaN equals NaN.
pub(crate) fn same_value_zero(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || same_number(*x, *y),
        _ => strict_equals(a, b),
    }
}

/// IsLessThan(x, y): `Some(x < y)`, or `None` when the answer is undefined
/// (NaN, or a string that is not a bigint literal against a bigint).
/// `left_first` orders the two ToPrimitive conversions.
fn less_than(
    x: &Value,
    y: &Value,
    left_first: bool,
    meter: &mut Meter,
) -> Result<Option<bool>, VmError> {
    let (px, py) = if left_first {
        let px = to_primitive(x, Hint::Number, meter)?;
        (px, to_primitive(y, Hint::Number, meter)?)
    } else {
        let py = to_primitive(y, Hint::Number, meter)?;
        (to_primitive(x, Hint::Number, meter)?, py)
    };
    let order = match (&px, &py) {
        (Value::String(a), Value::String(b)) => Some(a.as_units().cmp(b.as_units())),
        (Value::BigInt(a), Value::String(b)) => {
            string_to_bigint(b.as_units()).map(|b| (**a).cmp(&b))
        }
        (Value::String(a), Value::BigInt(b)) => string_to_bigint(a.as_units()).map(|a| a.cmp(b)),
        _ => {
            let nx = to_numeric(&px, meter)?;
            let ny = to_numeric(&py, meter)?;
            compare_numeric(&nx, &ny)
        }
    };
    Ok(order.map(|o| o == Ordering::Less))
}

/// The order of two numerics (mixed bigint/number compare mathematically);
/// `None` if either is NaN.
fn compare_numeric(x: &Numeric, y: &Numeric) -> Option<Ordering> {
    match (x, y) {
        (Numeric::Number(a), Numeric::Number(b)) => a.partial_cmp(b),
        (Numeric::BigInt(a), Numeric::BigInt(b)) => Some(a.cmp(b)),
        (Numeric::BigInt(a), Numeric::Number(b)) => compare_bigint_number(a, *b),
        (Numeric::Number(a), Numeric::BigInt(b)) => {
            compare_bigint_number(b, *a).map(Ordering::reverse)
        }
    }
}

/// The order of a bigint and a number, by mathematical value.
fn compare_bigint_number(n: &BigInt, x: f64) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let floor = x.floor();
    let floor_n = integral_f64_to_bigint(floor)?;
    Some(match n.cmp(&floor_n) {
        Ordering::Equal if floor != x => Ordering::Less,
        order => order,
    })
}

fn mixing_error() -> VmError {
    VmError::type_error("Cannot mix BigInt and other types, use explicit conversions")
}

/// An arithmetic or bitwise operator on two numerics of one type.
fn arithmetic(op: BinaryOp, x: Numeric, y: Numeric, meter: &mut Meter) -> Result<Value, VmError> {
    match (x, y) {
        (Numeric::Number(a), Numeric::Number(b)) => number_arithmetic(op, a, b)
            .map(Value::Number)
            .ok_or_else(|| VmError::Unsupported(format!("operator {}", op.symbol()))),
        (Numeric::BigInt(a), Numeric::BigInt(b)) => bigint_arithmetic(op, &a, &b, meter),
        _ => Err(mixing_error()),
    }
}

/// An arithmetic or bitwise operator on two numbers.
fn number_arithmetic(op: BinaryOp, a: f64, b: f64) -> Option<f64> {
    Some(match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        BinaryOp::Div => a / b,
        // Rust's `%` on doubles is C's fmod, as ECMAScript's Number::remainder.
        BinaryOp::Rem => a % b,
        BinaryOp::Pow => number_pow(a, b),
        BinaryOp::BitAnd => f64::from(to_int32(a) & to_int32(b)),
        BinaryOp::BitOr => f64::from(to_int32(a) | to_int32(b)),
        BinaryOp::BitXor => f64::from(to_int32(a) ^ to_int32(b)),
        BinaryOp::Shl => f64::from(to_int32(a).wrapping_shl(to_uint32(b) & 31)),
        BinaryOp::Shr => f64::from(to_int32(a) >> (to_uint32(b) & 31)),
        BinaryOp::Ushr => f64::from(to_uint32(a) >> (to_uint32(b) & 31)),
        _ => return None,
    })
}

/// Number::exponentiate as V8 computes it ([`fdlibm_pow`]), with
/// ECMAScript's differences from C (`x ** NaN` is NaN, `(±1) ** ±Infinity`
/// is NaN).
pub(crate) fn number_pow(base: f64, exponent: f64) -> f64 {
    if exponent.is_nan() {
        return f64::NAN;
    }
    if exponent == 0.0 {
        return 1.0;
    }
    if base.abs() == 1.0 && exponent.is_infinite() {
        return f64::NAN;
    }
    fdlibm_pow(base, exponent)
}

fn too_big() -> VmError {
    VmError::range_error("Maximum BigInt size exceeded")
}

/// A bigint result, charged to the memory budget and checked against the
/// size limit.
fn bigint_value(n: BigInt, meter: &mut Meter) -> Result<Value, VmError> {
    if n.bits() > MAX_BIGINT_BITS {
        return Err(too_big());
    }
    meter.alloc(usize::try_from(n.bits() / 8 + 24).unwrap_or(usize::MAX))?;
    Ok(Value::BigInt(Rc::new(n)))
}

/// An arithmetic or bitwise operator on two bigints.
fn bigint_arithmetic(
    op: BinaryOp,
    a: &BigInt,
    b: &BigInt,
    meter: &mut Meter,
) -> Result<Value, VmError> {
    let result = match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => {
            if a.bits() + b.bits() > MAX_BIGINT_BITS + 1 {
                return Err(too_big());
            }
            meter.alloc(usize::try_from((a.bits() + b.bits()) / 8).unwrap_or(usize::MAX))?;
            a * b
        }
        BinaryOp::Div | BinaryOp::Rem if b.is_zero() => {
            return Err(VmError::range_error("Division by zero"))
        }
        // num-bigint truncates toward zero and gives the remainder the
        // dividend's sign, as ECMAScript's BigInt::divide and ::remainder.
        BinaryOp::Div => a / b,
        BinaryOp::Rem => a % b,
        BinaryOp::Pow => bigint_pow(a, b, meter)?,
        // num-bigint's bitwise operators use infinite two's complement.
        BinaryOp::BitAnd => a & b,
        BinaryOp::BitOr => a | b,
        BinaryOp::BitXor => a ^ b,
        BinaryOp::Shl => shift_left(a, b.clone())?,
        BinaryOp::Shr => shift_left(a, -b)?,
        BinaryOp::Ushr => {
            return Err(VmError::type_error(
                "BigInts have no unsigned right shift, use >> instead",
            ))
        }
        _ => return Err(VmError::Unsupported(format!("operator {}", op.symbol()))),
    };
    bigint_value(result, meter)
}

/// BigInt::exponentiate.
fn bigint_pow(base: &BigInt, exponent: &BigInt, meter: &mut Meter) -> Result<BigInt, VmError> {
    if exponent.is_negative() {
        return Err(VmError::range_error("Exponent must be non-negative"));
    }
    if exponent.is_zero() {
        return Ok(BigInt::one());
    }
    let magnitude = base.magnitude();
    if base.is_zero() || magnitude.is_one() {
        let odd = exponent.bit(0);
        return Ok(if base.is_negative() && !odd {
            BigInt::one()
        } else {
            base.clone()
        });
    }
    let e = exponent
        .to_u64()
        .filter(|&e| e <= MAX_BIGINT_BITS)
        .ok_or_else(too_big)?;
    // The result has at least (bits - 1) * e + 1 bits.
    let bits = base.bits();
    if (bits - 1).saturating_mul(e) >= MAX_BIGINT_BITS {
        return Err(too_big());
    }
    meter.alloc(usize::try_from(bits.saturating_mul(e) / 8).unwrap_or(usize::MAX))?;
    let e = u32::try_from(e).map_err(|_| too_big())?;
    Ok(num_traits::Pow::pow(base, e))
}

/// `a << s` for a bigint shift count of either sign (`>>` is `<< -s`):
/// multiplication or floor division by a power of two.
fn shift_left(a: &BigInt, s: BigInt) -> Result<BigInt, VmError> {
    if a.is_zero() {
        return Ok(BigInt::zero());
    }
    match s.sign() {
        Sign::NoSign => Ok(a.clone()),
        Sign::Plus => {
            let s = s
                .to_u64()
                .filter(|&s| s <= MAX_BIGINT_BITS)
                .ok_or_else(too_big)?;
            if a.bits() + s > MAX_BIGINT_BITS {
                return Err(too_big());
            }
            Ok(a << s)
        }
        Sign::Minus => {
            let s = s.magnitude().to_u64().unwrap_or(u64::MAX);
            if s >= a.bits() {
                // Every bit is shifted out: floor gives 0 or -1.
                return Ok(if a.is_negative() {
                    -BigInt::one()
                } else {
                    BigInt::zero()
                });
            }
            Ok(a >> s)
        }
    }
}
