//! ECMAScript's type conversions on the values FJS reaches: ToBoolean,
//! ToPrimitive, ToNumber (StringToNumber), ToNumeric, ToString, ToBigInt,
//! ToInt32/ToUint32 and ToIntegerOrInfinity.

use std::rc::Rc;

use num_bigint::{BigUint, Sign};
use num_traits::{ToPrimitive, Zero};

use super::budget::Meter;
use super::error::VmError;
use crate::number::write_number;
use crate::value::{Array, BigInt, JsString, Object, Value};

/// A numeric value: the result of ToNumeric.
#[derive(Clone, Debug)]
pub(crate) enum Numeric {
    /// A number.
    Number(f64),
    /// A bigint.
    BigInt(Rc<BigInt>),
}

/// The preferred type of ToPrimitive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    /// No preference (`+`); ordinary objects treat it as `Number`.
    Default,
    /// Arithmetic and comparison.
    Number,
    /// ToString and property keys.
    String,
}

/// ToBoolean.
pub(crate) fn to_boolean(v: &Value) -> bool {
    match v {
        Value::Undefined | Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => !(*n == 0.0 || n.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::BigInt(n) => !n.is_zero(),
        Value::Array(_) | Value::Object(_) | Value::Function(_) => true,
    }
}

/// `typeof v`.
pub(crate) fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Undefined => "undefined",
        Value::Null | Value::Array(_) | Value::Object(_) => "object",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::BigInt(_) => "bigint",
        Value::Function(_) => "function",
    }
}

fn unsupported_function_text() -> VmError {
    VmError::Unsupported("a function's source text (ToPrimitive of a function)".into())
}

/// ToPrimitive. Arrays become their `join(",")`; plain objects
/// `"[object Object]"` (after the `valueOf`/`toString` lookup of
/// OrdinaryToPrimitive, own properties first).
pub(crate) fn to_primitive(v: &Value, hint: Hint, meter: &mut Meter) -> Result<Value, VmError> {
    match v {
        Value::Array(a) => Ok(Value::String(join(a, meter)?)),
        Value::Object(o) => object_to_primitive(o, hint),
        Value::Function(_) => Err(unsupported_function_text()),
        primitive => Ok(primitive.clone()),
    }
}

/// OrdinaryToPrimitive of a plain object: its own `valueOf` and `toString`
/// come first; without them, `Object.prototype.valueOf` gives the object
/// (not a primitive) and `Object.prototype.toString` gives `"[object Object]"`.
fn object_to_primitive(o: &Object, hint: Hint) -> Result<Value, VmError> {
    let order = match hint {
        Hint::String => ["toString", "valueOf"],
        Hint::Default | Hint::Number => ["valueOf", "toString"],
    };
    for name in order {
        match o.get_str(name) {
            Some(Value::Function(_)) => {
                return Err(VmError::Unsupported(format!(
                    "calling an object's own {name} method in a conversion"
                )))
            }
            Some(_) => {} // not callable: skipped
            None if name == "toString" => return Ok(Value::string("[object Object]")),
            None => {}
        }
    }
    Err(VmError::type_error(
        "Cannot convert object to primitive value",
    ))
}

/// ToNumber.
pub(crate) fn to_number(v: &Value, meter: &mut Meter) -> Result<f64, VmError> {
    Ok(match v {
        Value::Undefined => f64::NAN,
        Value::Null => 0.0,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Number(n) => *n,
        Value::String(s) => string_to_number(s.as_units()),
        Value::BigInt(_) => {
            return Err(VmError::type_error(
                "Cannot convert a BigInt value to a number",
            ))
        }
        // A function's source text is never a numeric literal.
        Value::Function(_) => f64::NAN,
        Value::Array(_) | Value::Object(_) => {
            let primitive = to_primitive(v, Hint::Number, meter)?;
            return to_number(&primitive, meter);
        }
    })
}

/// ToNumeric: a bigint stays a bigint, anything else becomes a number.
pub(crate) fn to_numeric(v: &Value, meter: &mut Meter) -> Result<Numeric, VmError> {
    match v {
        Value::Number(n) => Ok(Numeric::Number(*n)),
        Value::BigInt(n) => Ok(Numeric::BigInt(n.clone())),
        Value::Function(_) => Ok(Numeric::Number(f64::NAN)),
        Value::Array(_) | Value::Object(_) => match &to_primitive(v, Hint::Number, meter)? {
            Value::BigInt(n) => Ok(Numeric::BigInt(n.clone())),
            primitive => Ok(Numeric::Number(to_number(primitive, meter)?)),
        },
        primitive => Ok(Numeric::Number(to_number(primitive, meter)?)),
    }
}

/// ToString.
pub(crate) fn to_js_string(v: &Value, meter: &mut Meter) -> Result<JsString, VmError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Array(a) => join(a, meter),
        Value::Object(_) | Value::Function(_) => {
            let primitive = to_primitive(v, Hint::String, meter)?;
            to_js_string(&primitive, meter)
        }
        primitive => {
            let mut out = Vec::new();
            append_primitive(&mut out, primitive, meter)?;
            Ok(JsString::from(out))
        }
    }
}

/// ToPropertyKey (there are no symbols): ToString of ToPrimitive(hint String).
pub(crate) fn to_property_key(v: &Value, meter: &mut Meter) -> Result<JsString, VmError> {
    to_js_string(v, meter)
}

/// Appends ToString of a primitive (or of a plain object) to `out`.
fn append_primitive(out: &mut Vec<u16>, v: &Value, meter: &mut Meter) -> Result<(), VmError> {
    match v {
        Value::Undefined => out.extend("undefined".encode_utf16()),
        Value::Null => out.extend("null".encode_utf16()),
        Value::Bool(b) => out.extend(if *b { "true" } else { "false" }.encode_utf16()),
        Value::Number(n) => {
            let mut text = String::new();
            write_number(&mut text, *n);
            out.extend(text.encode_utf16());
        }
        Value::String(s) => out.extend_from_slice(s.as_units()),
        Value::BigInt(n) => {
            // About 0.3 decimal digits per bit: charge before formatting.
            let digits = usize::try_from(n.bits() / 3 + 2).unwrap_or(usize::MAX);
            meter.alloc_items(digits, 2)?;
            out.extend(n.to_str_radix(10).encode_utf16());
        }
        Value::Object(_) | Value::Function(_) | Value::Array(_) => {
            let s = to_js_string(v, meter)?;
            out.extend_from_slice(s.as_units());
        }
    }
    Ok(())
}

/// `Array.prototype.join` with `","`, as ToString of an array does: nested
/// arrays are joined in place, `undefined` and `null` are empty. Walks with a
/// work list, so ropes nested thousands deep are fine; every item is a step
/// and the output is charged as it grows (a shared sub-array may be written
/// many times).
pub(crate) fn join(array: &Array, meter: &mut Meter) -> Result<JsString, VmError> {
    let mut out: Vec<u16> = Vec::new();
    let mut charged = 0;
    let mut stack: Vec<(&[Value], usize)> = vec![(array.items(), 0)];
    while let Some((items, next)) = stack.last_mut() {
        let Some(item) = items.get(*next) else {
            stack.pop();
            continue;
        };
        if *next > 0 {
            out.push(u16::from(b','));
        }
        *next += 1;
        meter.step()?;
        match item {
            Value::Undefined | Value::Null => {}
            Value::Array(inner) => stack.push((inner.items(), 0)),
            other => append_primitive(&mut out, other, meter)?,
        }
        if out.len() > charged {
            meter.alloc_items(out.len() - charged, 2)?;
            charged = out.len();
        }
    }
    Ok(JsString::from(out))
}

/// Whether `u` is JavaScript WhiteSpace or a LineTerminator (what
/// StringToNumber trims).
pub(crate) fn is_js_space(u: u16) -> bool {
    matches!(
        u,
        0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000
            ..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF
    )
}

fn trim(units: &[u16]) -> &[u16] {
    let start = units.iter().position(|&u| !is_js_space(u));
    let Some(start) = start else { return &[] };
    let end = units
        .iter()
        .rposition(|&u| !is_js_space(u))
        .map_or(start, |e| e + 1);
    &units[start..end]
}

/// The text as ASCII bytes, or `None` if any unit is not ASCII.
fn ascii(units: &[u16]) -> Option<Vec<u8>> {
    units
        .iter()
        .map(|&u| u8::try_from(u).ok().filter(u8::is_ascii))
        .collect()
}

/// `f` of the text as ASCII bytes (on the stack when short: numbers are),
/// or `None` if any unit is not ASCII.
fn with_ascii<R>(units: &[u16], f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    let mut short = [0u8; 64];
    let Some(bytes) = short.get_mut(..units.len()) else {
        return ascii(units).map(|text| f(&text));
    };
    for (b, &u) in bytes.iter_mut().zip(units) {
        *b = u8::try_from(u).ok().filter(u8::is_ascii)?;
    }
    Some(f(bytes))
}

/// The radix of a `0x`/`0o`/`0b` prefix and the digits after it.
fn radix_prefix(text: &[u8]) -> Option<(u32, &[u8])> {
    match text {
        [b'0', b'x' | b'X', rest @ ..] => Some((16, rest)),
        [b'0', b'o' | b'O', rest @ ..] => Some((8, rest)),
        [b'0', b'b' | b'B', rest @ ..] => Some((2, rest)),
        _ => None,
    }
}

/// The value of non-empty `digits` in `radix`, or `None` if one is not a digit.
fn radix_value(digits: &[u8], radix: u32) -> Option<BigUint> {
    if digits.is_empty() {
        return None;
    }
    let values: Option<Vec<u8>> = digits
        .iter()
        .map(|&d| {
            char::from(d)
                .to_digit(radix)
                .and_then(|v| u8::try_from(v).ok())
        })
        .collect();
    BigUint::from_radix_be(&values?, radix)
}

/// StringToNumber: whitespace trimmed, empty is 0, `0x`/`0o`/`0b` integers,
/// signed decimals with exponents and `Infinity`; anything else is NaN.
/// Rounding is exact (round half to even), as an engine reads literals.
pub(crate) fn string_to_number(units: &[u16]) -> f64 {
    let trimmed = trim(units);
    if trimmed.is_empty() {
        return 0.0;
    }
    with_ascii(trimmed, ascii_to_number).unwrap_or(f64::NAN)
}

/// StringToNumber of trimmed, non-empty ASCII text.
fn ascii_to_number(text: &[u8]) -> f64 {
    if let Some((radix, digits)) = radix_prefix(text) {
        return radix_value(digits, radix).map_or(f64::NAN, |n| biguint_to_f64(&n));
    }
    let (negative, body) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, text),
    };
    let magnitude = if body == b"Infinity" {
        f64::INFINITY
    } else if is_decimal_literal(body) {
        decimal_value(body)
    } else {
        return f64::NAN;
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// The value of `text`, a StrUnsignedDecimalLiteral without `Infinity`
/// (checked by the caller): Rust's parser rounds exactly, as an engine
/// does.
fn decimal_value(text: &[u8]) -> f64 {
    std::str::from_utf8(text)
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(f64::NAN)
}

/// StringToNumber of `units`, which the caller has checked to be an
/// unsigned decimal literal (`is_plain_decimal` of the native overrides
/// is stricter): its value without checking the grammar again.
pub(crate) fn decimal_literal_value(units: &[u16]) -> f64 {
    with_ascii(units, decimal_value).unwrap_or(f64::NAN)
}

/// StrUnsignedDecimalLiteral without `Infinity`: `1`, `1.`, `.5`, `1.5e-3`.
fn is_decimal_literal(text: &[u8]) -> bool {
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    let int = digits(text);
    let mut rest = &text[int..];
    let mut frac = 0;
    if let [b'.', after @ ..] = rest {
        frac = digits(after);
        rest = &after[frac..];
    }
    if int + frac == 0 {
        return false;
    }
    match rest {
        [] => true,
        [b'e' | b'E', exp @ ..] => {
            let exp = match exp {
                [b'+' | b'-', e @ ..] => e,
                e => e,
            };
            !exp.is_empty() && digits(exp) == exp.len()
        }
        _ => false,
    }
}

/// StringToBigInt: whitespace trimmed, empty is 0n, `0x`/`0o`/`0b`
/// integers, or signed decimal integers; `None` for anything else.
pub(crate) fn string_to_bigint(units: &[u16]) -> Option<BigInt> {
    let trimmed = trim(units);
    if trimmed.is_empty() {
        return Some(BigInt::zero());
    }
    let text = ascii(trimmed)?;
    if let Some((radix, digits)) = radix_prefix(&text) {
        return radix_value(digits, radix).map(BigInt::from);
    }
    let (sign, body) = match text.split_first() {
        Some((b'-', rest)) => (Sign::Minus, rest),
        Some((b'+', rest)) => (Sign::Plus, rest),
        _ => (Sign::Plus, &text[..]),
    };
    Some(BigInt::from_biguint(sign, radix_value(body, 10)?))
}

/// The double nearest to `n` (ties to even), as ECMAScript's 𝔽(ℝ(n)).
pub(crate) fn biguint_to_f64(n: &BigUint) -> f64 {
    let bits = n.bits();
    if bits <= 64 {
        // Rust's u64-to-f64 conversion rounds to nearest, ties to even.
        return n.to_u64().map_or(f64::NAN, |v| v as f64);
    }
    let shift = bits - 64;
    let top = (n >> shift).to_u64().unwrap_or(u64::MAX);
    // The 11 bits below the double's 53 hold the rounding information; a
    // sticky bit for whatever was shifted out breaks ties correctly.
    let sticky = n.trailing_zeros().is_some_and(|z| z < shift);
    let top = (top | u64::from(sticky)) as f64;
    match i32::try_from(shift) {
        Ok(s) if s <= 1023 => top * f64::from_bits(((1023 + s) as u64) << 52),
        _ => f64::INFINITY,
    }
}

/// 𝔽(ℝ(n)) of a bigint.
pub(crate) fn bigint_to_f64(n: &BigInt) -> f64 {
    let magnitude = biguint_to_f64(n.magnitude());
    if n.sign() == Sign::Minus {
        -magnitude
    } else {
        magnitude
    }
}

/// ToIntegerOrInfinity of a number: NaN is 0, fractions truncate, -0 is 0.
pub(crate) fn to_integer_or_infinity(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.trunc() + 0.0
    }
}

/// ToUint32 of a number.
pub(crate) fn to_uint32(x: f64) -> u32 {
    if !x.is_finite() {
        return 0;
    }
    // Exact: fmod of an integer by 2^32, then one exact addition.
    let m = x.trunc().rem_euclid(4_294_967_296.0);
    m as u32
}

/// ToInt32 of a number.
pub(crate) fn to_int32(x: f64) -> i32 {
    to_uint32(x) as i32
}

/// The mathematical value of a finite integral double as a bigint.
pub(crate) fn integral_f64_to_bigint(x: f64) -> Option<BigInt> {
    use num_traits::FromPrimitive;
    if x.is_finite() && x.trunc() == x {
        BigInt::from_f64(x)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> f64 {
        string_to_number(&s.encode_utf16().collect::<Vec<_>>())
    }

    #[test]
    fn string_to_number_grammar() {
        assert_eq!(num(""), 0.0);
        assert_eq!(num(" \n\u{FEFF}12\u{3000}"), 12.0);
        assert_eq!(num("0x1F"), 31.0);
        assert!(num("-0x1F").is_nan());
        assert!(num("0x").is_nan());
        assert_eq!(num("0b101"), 5.0);
        assert_eq!(num("0O17"), 15.0);
        assert_eq!(num("-Infinity"), f64::NEG_INFINITY);
        assert!(num("infinity").is_nan());
        assert!(num("inf").is_nan());
        assert_eq!(num(".5"), 0.5);
        assert_eq!(num("5."), 5.0);
        assert!(num(".").is_nan());
        assert!(num("1e").is_nan());
        assert_eq!(num("1e-7"), 1e-7);
        assert!(num("-0").is_sign_negative());
        assert!(num("1_0").is_nan());
        assert!(num("12px").is_nan());
        assert!(num("1\u{e9}").is_nan());
    }

    #[test]
    fn long_and_short_texts_read_alike() {
        let digits = "1".repeat(64);
        for text in [
            format!("{digits}.5"),
            format!("0.{digits}1e-3"),
            format!("{digits}x"),
        ] {
            let expected = text.parse::<f64>().unwrap_or(f64::NAN);
            let read = num(&text);
            assert!(
                read == expected || read.is_nan() && expected.is_nan(),
                "{text}"
            );
            assert!(text.len() > 64);
        }
        assert_eq!(num(&"9".repeat(64)), "9".repeat(64).parse::<f64>().unwrap());
    }

    #[test]
    fn bigints_round_to_nearest_even() {
        let n = |s: &str| biguint_to_f64(&s.parse().expect("digits"));
        assert_eq!(n("9007199254740993"), 9007199254740992.0);
        assert_eq!(n("9007199254740995"), 9007199254740996.0);
        assert_eq!(n("18446744073709551617"), 18446744073709551616.0);
        // 2^64 + 2^11 + 1 is above the tie between 2^64 and 2^64 + 2^12.
        assert_eq!(n("18446744073709553665"), 18446744073709555712.0);
        assert_eq!(n("18446744073709553664"), 18446744073709551616.0);
        let huge: BigUint = BigUint::from(1u32) << 1024usize;
        assert_eq!(biguint_to_f64(&huge), f64::INFINITY);
    }

    #[test]
    fn int32_wraps() {
        assert_eq!(to_int32(4_294_967_295.0), -1);
        assert_eq!(to_int32(-1.5), -1);
        assert_eq!(to_int32(2_147_483_648.0), -2_147_483_648);
        assert_eq!(to_uint32(-1.0), 4_294_967_295);
        assert_eq!(to_int32(f64::INFINITY), 0);
        assert_eq!(to_uint32(4_294_967_297.5), 1);
    }
}
