//! String methods and `String.fromCharCode`.

use super::array::relative_index;
use super::{arg, Outcome};
use crate::value::{JsString, Value};
use crate::vm::budget::Meter;
use crate::vm::convert::{to_integer_or_infinity, to_number, to_uint32};
use crate::vm::error::VmError;

/// `string.charCodeAt(position)`: the code unit, or NaN past the end.
pub(super) fn char_code_at(
    s: &JsString,
    args: &[Value],
    meter: &mut Meter,
) -> Result<Outcome, VmError> {
    let position = to_integer_or_infinity(to_number(&arg(args, 0), meter)?);
    let unit = if position >= 0.0 && position < s.len() as f64 {
        s.as_units().get(position as usize).copied()
    } else {
        None
    };
    Ok(Value::Number(unit.map_or(f64::NAN, f64::from)).into())
}

/// `string.slice(start, end)`, by code units.
pub(super) fn slice(s: &JsString, args: &[Value], meter: &mut Meter) -> Result<Outcome, VmError> {
    let len = s.len();
    let start = relative_index(&arg(args, 0), len, 0, meter)?;
    let end = relative_index(&arg(args, 1), len, len, meter)?;
    if start == 0 && end == len {
        return Ok(Value::String(s.clone()).into());
    }
    let units = s.as_units().get(start..end).unwrap_or_default();
    meter.alloc_items(units.len(), 2)?;
    Ok(Value::String(JsString::from(units.to_vec())).into())
}

/// `String.fromCharCode(...codes)`: each code ToUint16.
pub(super) fn from_char_code(args: &[Value], meter: &mut Meter) -> Result<Value, VmError> {
    meter.alloc_items(args.len(), 2)?;
    let mut units = Vec::with_capacity(args.len());
    for code in args {
        let n = to_number(code, meter)?;
        units.push((to_uint32(n) & 0xFFFF) as u16);
    }
    Ok(Value::String(JsString::from(units)))
}
