//! Spread: `[...x]` and `f(...x)` iterate `x`; `{...x}` copies its own
//! enumerable properties.

use super::budget::Meter;
use super::builtins::{code_points, describe};
use super::error::VmError;
use crate::value::{JsString, ObjectBuilder, Value};

/// Appends the items of iterable `v` (an array, or a string by code points)
/// to `out`; anything else is a TypeError.
pub(crate) fn spread_into(
    v: &Value,
    out: &mut Vec<Value>,
    meter: &mut Meter,
) -> Result<(), VmError> {
    match v {
        Value::Array(a) => {
            meter.alloc_items(a.len(), std::mem::size_of::<Value>())?;
            meter.steps(a.len() as u64)?;
            out.extend_from_slice(a.items());
        }
        Value::String(s) => {
            meter.alloc_items(s.len(), std::mem::size_of::<Value>())?;
            meter.steps(s.len() as u64)?;
            out.extend(code_points(s.as_units()));
        }
        other => {
            return Err(VmError::type_error(format!(
                "{} is not iterable",
                describe(other)
            )))
        }
    }
    Ok(())
}

/// CopyDataProperties: the own enumerable properties of `v` into `builder`
/// (nothing for `null`, `undefined` and other primitives; indices for
/// arrays and strings).
pub(crate) fn copy_properties(
    v: &Value,
    builder: &mut ObjectBuilder,
    meter: &mut Meter,
) -> Result<(), VmError> {
    let entry_bytes = std::mem::size_of::<(JsString, Value)>();
    match v {
        Value::Object(o) => {
            meter.alloc_items(o.len(), entry_bytes)?;
            meter.steps(o.len() as u64)?;
            if builder.is_empty() {
                builder.spread_into_empty(o);
                return Ok(());
            }
            for (key, value) in o.entries() {
                builder.insert(key.clone(), value.clone());
            }
        }
        Value::Array(a) => {
            meter.alloc_items(a.len(), entry_bytes)?;
            meter.steps(a.len() as u64)?;
            for (i, item) in a.items().iter().enumerate() {
                builder.insert(JsString::from(i.to_string()), item.clone());
            }
        }
        Value::String(s) => {
            meter.alloc_items(s.len(), entry_bytes)?;
            meter.steps(s.len() as u64)?;
            for (i, &unit) in s.as_units().iter().enumerate() {
                let unit = Value::String(JsString::from(vec![unit]));
                builder.insert(JsString::from(i.to_string()), unit);
            }
        }
        _ => {}
    }
    Ok(())
}
