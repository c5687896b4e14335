//! Strings and numbers crossing between JavaScript and serde's data model,
//! in both directions.

use num_bigint::BigInt;

use super::node::{Node, Text, View};
use super::Error;
use crate::number::number_to_string;
use crate::value::{JsString, Value};

/// The integer as a JavaScript value: a number when a double holds it
/// exactly, otherwise a bigint, so no precision is ever lost.
pub(crate) fn integer_value(n: i128) -> Value {
    if exact_in_f64(n.unsigned_abs()) {
        Value::Number(n as f64)
    } else {
        Value::bigint(n)
    }
}

/// [`integer_value`] for unsigned integers up to `u128::MAX`.
pub(crate) fn unsigned_value(n: u128) -> Value {
    match i128::try_from(n) {
        Ok(n) => integer_value(n),
        Err(_) if exact_in_f64(n) => Value::Number(n as f64),
        Err(_) => Value::bigint(n),
    }
}

/// Whether a double holds the integer `magnitude` exactly: its significant
/// bits fit the 53 bits of a double's significand.
fn exact_in_f64(magnitude: u128) -> bool {
    magnitude == 0 || 128 - magnitude.leading_zeros() - magnitude.trailing_zeros() <= 53
}

/// The integer a number or bigint denotes, as the Rust integer type `T`
/// (named `ty` in errors). A number must be integral (`-0` is `0`); either
/// must be in `T`'s range. `Ok(None)` means the value is neither a number
/// nor a bigint.
pub(crate) fn integer<T>(value: &impl Node, ty: &str) -> Result<Option<T>, Error>
where
    T: TryFrom<i128> + TryFrom<u128> + for<'b> TryFrom<&'b BigInt>,
{
    // 2^127 and 2^128, which doubles hold exactly.
    const TWO_POW_127: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
    const TWO_POW_128: f64 = 2.0 * TWO_POW_127;
    let n = match value.view() {
        View::Number(n) => n,
        View::BigInt(b) => {
            return T::try_from(&*b)
                .map(Some)
                .map_err(|_| out_of_range(value, ty))
        }
        _ => return Ok(None),
    };
    // `fract` is NaN for ±Infinity and NaN, so they are not integral either.
    if n.fract() != 0.0 {
        return Err(Error::new(format_args!(
            "invalid value: {} is not an integer, expected {ty}",
            describe(value)
        )));
    }
    let converted = if (-TWO_POW_127..TWO_POW_127).contains(&n) {
        T::try_from(n as i128).ok()
    } else if (0.0..TWO_POW_128).contains(&n) {
        T::try_from(n as u128).ok()
    } else {
        None
    };
    converted.map(Some).ok_or_else(|| out_of_range(value, ty))
}

fn out_of_range<N: Node>(value: &N, ty: &str) -> Error {
    Error::new(format_args!(
        "invalid value: {} is out of range for {ty}",
        describe(value)
    ))
}

/// The value as error messages name it: `number 1.5`, `bigint 7n`,
/// `string "text"`, `object`.
pub(crate) fn describe<N: Node>(value: &N) -> String {
    match value.view() {
        View::Undefined => "undefined".into(),
        View::Null => "null".into(),
        View::Bool(b) => format!("boolean {b}"),
        View::Number(n) => format!("number {}", number_to_string(n)),
        View::String(s) => format!("string {}", quote(s)),
        View::BigInt(b) if b.bits() <= 128 => format!("bigint {b}n"),
        View::BigInt(b) => format!("bigint of {} bits", b.bits()),
        View::Array(_) => "array".into(),
        View::Object(_) => "object".into(),
        View::Function => "function".into(),
    }
}

/// The string as a JSON literal, cut short when long.
pub(crate) fn quote(text: Text<'_>) -> String {
    const SHOWN: usize = 40;
    let s = text.to_js_string();
    let mut out = String::new();
    if s.len() <= SHOWN {
        crate::serialize::write_json_string(&mut out, &s);
    } else {
        let head = JsString::from_utf16(&s.as_units()[..SHOWN]);
        crate::serialize::write_json_string(&mut out, &head);
        out.insert(out.len() - 1, '…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_become_numbers_only_when_exact() {
        for n in [0i128, 1, -1, (1 << 53) - 1, 1 << 53, 1 << 60, -(1 << 63)] {
            assert!(
                matches!(integer_value(n), Value::Number(x) if x as i128 == n),
                "{n}"
            );
        }
        for n in [(1i128 << 53) + 1, -(1 << 53) - 1, i128::MAX, i128::MIN + 1] {
            assert_eq!(integer_value(n), Value::bigint(n), "{n}");
        }
        assert!(matches!(unsigned_value(1 << 127), Value::Number(_)));
        assert_eq!(unsigned_value(u128::MAX), Value::bigint(u128::MAX));
    }

    #[test]
    fn numbers_convert_to_integers_at_the_edges() {
        let two_pow_64 = Value::Number(18_446_744_073_709_551_616.0);
        assert_eq!(integer::<u128>(&two_pow_64, "u128"), Ok(Some(1 << 64)));
        assert!(integer::<u64>(&two_pow_64, "u64").is_err());
        assert_eq!(integer::<i8>(&Value::Number(-0.0), "i8"), Ok(Some(0)));
        let min = Value::Number(i128::MIN as f64);
        assert_eq!(integer::<i128>(&min, "i128"), Ok(Some(i128::MIN)));
        assert!(integer::<u128>(&Value::Number(u128::MAX as f64), "u128").is_err());
        for n in [f64::NAN, f64::INFINITY, 0.5] {
            assert!(integer::<u64>(&Value::Number(n), "u64").is_err());
        }
    }
}
