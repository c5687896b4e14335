//! JSON text, as JavaScript's `JSON.stringify` writes it.

use super::{Budget, SerializeError};
use crate::number::write_number;
use crate::value::{JsString, Value};
use crate::Limits;

/// Writes `value` as `JSON.stringify(value)` does (no whitespace):
///
/// - object keys in JavaScript's property order;
/// - `NaN` and ±`Infinity` as `null`, `-0` as `0`;
/// - an `undefined` or function property is left out, an `undefined` or
///   function item is written `null`;
/// - lone surrogates escaped as `\udxxx` (well-formed JSON.stringify);
/// - a shared value is written in full at each place it occurs (a tree).
///
/// Where `JSON.stringify` would throw or return `undefined`, this is an
/// error: a bigint anywhere, or an `undefined` or function as the root.
pub fn to_json(value: &Value) -> Result<String, SerializeError> {
    to_json_with(value, &Limits::default())
}

/// [`to_json`] with explicit limits.
pub fn to_json_with(value: &Value, limits: &Limits) -> Result<String, SerializeError> {
    if !is_json_value(value) {
        return Err(SerializeError::Unrepresentable(
            "JSON has no undefined or function value",
        ));
    }
    let mut out = String::new();
    write(&mut out, value, &mut Budget::new(limits))?;
    Ok(out)
}

/// Whether `JSON.stringify` writes the value (rather than skipping it).
fn is_json_value(value: &Value) -> bool {
    !matches!(value, Value::Undefined | Value::Function(_))
}

fn write(out: &mut String, value: &Value, budget: &mut Budget) -> Result<(), SerializeError> {
    match value {
        Value::Null | Value::Undefined | Value::Function(_) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => write_number(out, *n),
        Value::Number(_) => out.push_str("null"),
        Value::String(s) => write_json_string(out, s),
        Value::BigInt(_) => {
            return Err(SerializeError::Unrepresentable(
                "JSON cannot represent a bigint (JSON.stringify throws a TypeError)",
            ))
        }
        Value::Array(a) => {
            budget.enter()?;
            out.push('[');
            for (i, item) in a.items().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item, budget)?;
            }
            out.push(']');
            budget.leave(out.len())?;
        }
        Value::Object(o) => {
            budget.enter()?;
            out.push('{');
            let mut first = true;
            for (k, v) in o.entries().filter(|(_, v)| is_json_value(v)) {
                if !first {
                    out.push(',');
                }
                first = false;
                write_json_string(out, k);
                out.push(':');
                write(out, v, budget)?;
            }
            out.push('}');
            budget.leave(out.len())?;
        }
    }
    Ok(())
}

/// Appends `s` as a JSON string literal, escaped as `JSON.stringify` does.
pub(crate) fn write_json_string(out: &mut String, s: &JsString) {
    out.push('"');
    let units = s.as_units();
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        match u {
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x08 => out.push_str("\\b"),
            0x0C => out.push_str("\\f"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            0x09 => out.push_str("\\t"),
            0x00..=0x1F => push_unit_escape(out, u),
            0xD800..=0xDBFF if matches!(units.get(i + 1), Some(0xDC00..=0xDFFF)) => {
                let pair = [u, units[i + 1]];
                out.extend(char::decode_utf16(pair).map(|c| c.unwrap_or('\u{FFFD}')));
                i += 1;
            }
            0xD800..=0xDFFF => push_unit_escape(out, u),
            _ => out.push(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}')),
        }
        i += 1;
    }
    out.push('"');
}

fn push_unit_escape(out: &mut String, unit: u16) {
    out.push_str(&format!("\\u{unit:04x}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_json_stringify() {
        let v = Value::object([
            ("b", Value::Number(-0.0)),
            ("2", Value::Number(f64::NAN)),
            ("u", Value::Undefined),
            (
                "s",
                Value::String(JsString::from(vec![0xD83D, 0xDE00, 0xDC00, 0x1F])),
            ),
            ("a", Value::array([Value::Undefined, Value::Number(1e21)])),
        ]);
        assert_eq!(
            to_json(&v).unwrap(),
            r#"{"2":null,"b":0,"s":"😀\udc00\u001f","a":[null,1e+21]}"#
        );
        assert!(to_json(&Value::bigint(1)).is_err());
        assert!(to_json(&Value::Undefined).is_err());
    }
}
