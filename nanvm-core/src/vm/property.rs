//! Property access, `object[key]`: own properties of objects (never a
//! prototype chain: a missing property is `undefined`), indices and
//! `length` of arrays and strings, their builtin methods, a function's
//! `length` and the static functions of `Array` and `String`.

use super::budget::Meter;
use super::builtins::{array_method, describe, static_property, string_method};
use super::convert::to_property_key;
use super::error::VmError;
use crate::value::{FunctionData, JsString, Object, Value};

/// `object[key]`.
pub(crate) fn get(object: &Value, key: &Value, meter: &mut Meter) -> Result<Value, VmError> {
    match (object, key) {
        (Value::Undefined | Value::Null, _) => Err(VmError::type_error(format!(
            "Cannot read properties of {} (reading {})",
            describe(object),
            describe_key(key)
        ))),
        (Value::Array(a), Value::Number(n)) if index_of(*n).is_some() => {
            Ok(index_of(*n).and_then(|i| a.at(i)).unwrap_or_default())
        }
        (Value::String(s), Value::Number(n)) if index_of(*n).is_some() => {
            Ok(index_of(*n).map_or(Value::Undefined, |i| unit_at(s, i)))
        }
        _ => {
            let key = to_property_key(key, meter)?;
            Ok(get_key(object, &key))
        }
    }
}

fn describe_key(key: &Value) -> String {
    match key {
        Value::String(s) if s.len() <= 40 => format!("'{s}'"),
        other => describe(other),
    }
}

/// The array index a number denotes, if it is one (`-0` is `0`).
fn index_of(n: f64) -> Option<usize> {
    if n >= 0.0 && n.trunc() == n && n < 4_294_967_295.0 {
        Some(n as usize)
    } else {
        None
    }
}

/// The one-unit string at index `i`, or `undefined` past the end.
fn unit_at(s: &JsString, i: usize) -> Value {
    match s.as_units().get(i) {
        Some(&u) => Value::String(JsString::from(vec![u])),
        None => Value::Undefined,
    }
}

/// `object[key]` with a property key; `object` is not `undefined` or `null`.
pub(crate) fn get_key(object: &Value, key: &JsString) -> Value {
    match object {
        Value::Array(a) => match key.array_index() {
            Some(i) => a.at(i as usize).unwrap_or_default(),
            None if key.eq_str("length") => Value::Number(a.len() as f64),
            None => array_method(key).unwrap_or_default(),
        },
        Value::String(s) => match key.array_index() {
            Some(i) => unit_at(s, i as usize),
            None if key.eq_str("length") => Value::Number(s.len() as f64),
            None => string_method(key).unwrap_or_default(),
        },
        Value::Object(o) => o.get(key).cloned().unwrap_or_default(),
        Value::Function(f) => {
            if key.eq_str("length") {
                return Value::Number(f64::from(f.length()));
            }
            match f.data() {
                FunctionData::Native(n) => static_property(*n, key).unwrap_or_default(),
                _ => Value::Undefined,
            }
        }
        _ => Value::Undefined,
    }
}

/// `object[key]` for a Rust key, on anything but `undefined` and `null`.
pub(crate) fn get_str(object: &Value, key: &str) -> Result<Value, VmError> {
    Ok(get_key(object, &JsString::from(key)))
}

/// Whether `o` has a key that is an array index (they come first in an
/// object's keys).
pub(crate) fn has_index_keys(o: &Object) -> bool {
    o.keys().next().is_some_and(|k| k.array_index().is_some())
}

/// `object[k]` of an array-like (for `Array.from`).
pub(crate) fn get_index(object: &Value, k: usize) -> Value {
    match object {
        Value::Object(o) => {
            // Most array-likes (`{ length: n }`) have no index keys, so
            // there is nothing to look up.
            if has_index_keys(o) {
                o.get(&JsString::from(k.to_string()))
                    .cloned()
                    .unwrap_or_default()
            } else {
                Value::Undefined
            }
        }
        other => get_key(other, &JsString::from(k.to_string())),
    }
}
