//! DJS module text: a graph written with one `const` per shared value.

use super::json::write_json_string;
use super::sharing::SharingPlan;
use super::{Budget, SerializeError};
use crate::number::write_number;
use crate::value::Value;
use crate::Limits;

/// Writes `value` as a DJS module that evaluates, in a JavaScript engine as
/// in nanvm, to the same graph:
///
/// ```text
/// const c0 = {"x":1}
/// const c1 = [c0,c0]
/// export default [c1,c1,c0]
/// ```
///
/// - every array or object reached along more than one path becomes one
///   `const cN`, defined before its first use;
/// - keys are JSON strings in the object's own order, except `__proto__`,
///   written `["__proto__"]` so that it stays an own property;
/// - numbers as JavaScript writes them, `-0` as `-0` and ±Infinity as
///   `1e999`/`-1e999`, so that they read back exactly; bigints as `12n`;
/// - there is no trailing newline.
///
/// `NaN` and functions have no DJS literal: they are errors.
pub fn to_djs(value: &Value) -> Result<String, SerializeError> {
    to_djs_with(value, &Limits::default())
}

/// [`to_djs`] with explicit limits.
pub fn to_djs_with(value: &Value, limits: &Limits) -> Result<String, SerializeError> {
    let plan = SharingPlan::new(value);
    let mut writer = Writer {
        out: String::new(),
        plan: &plan,
        budget: Budget::new(limits),
    };
    for (i, shared) in plan.shared().iter().enumerate() {
        writer.out.push_str(&format!("const c{i} = "));
        writer.definition(shared)?;
        writer.out.push('\n');
    }
    writer.out.push_str("export default ");
    writer.definition(value)?;
    Ok(writer.out)
}

struct Writer<'a> {
    out: String,
    plan: &'a SharingPlan,
    budget: Budget,
}

impl Writer<'_> {
    /// Writes `value` in full (its own name is not used here).
    fn definition(&mut self, value: &Value) -> Result<(), SerializeError> {
        let out = &mut self.out;
        match value {
            Value::Undefined => out.push_str("undefined"),
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) if n.is_nan() => {
                return Err(SerializeError::Unrepresentable(
                    "DJS has no literal for NaN",
                ))
            }
            Value::Number(n) if n.is_infinite() => {
                out.push_str(if *n > 0.0 { "1e999" } else { "-1e999" })
            }
            Value::Number(n) if *n == 0.0 && n.is_sign_negative() => out.push_str("-0"),
            Value::Number(n) => write_number(out, *n),
            Value::String(s) => write_json_string(out, s),
            Value::BigInt(n) => {
                out.push_str(&n.to_string());
                out.push('n');
            }
            Value::Function(_) => {
                return Err(SerializeError::Unrepresentable(
                    "a function cannot be written as DJS data",
                ))
            }
            Value::Array(a) => {
                self.budget.enter()?;
                self.out.push('[');
                for (i, item) in a.items().iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.reference(item)?;
                }
                self.out.push(']');
                self.budget.leave(self.out.len())?;
            }
            Value::Object(o) => {
                self.budget.enter()?;
                self.out.push('{');
                for (i, (k, v)) in o.entries().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    if k.eq_str("__proto__") {
                        self.out.push_str("[\"__proto__\"]");
                    } else {
                        write_json_string(&mut self.out, k);
                    }
                    self.out.push(':');
                    self.reference(v)?;
                }
                self.out.push('}');
                self.budget.leave(self.out.len())?;
            }
        }
        Ok(())
    }

    /// Writes `value` by name if it is shared, in full otherwise.
    fn reference(&mut self, value: &Value) -> Result<(), SerializeError> {
        match self.plan.name_of(value) {
            Some(i) => {
                self.out.push_str(&format!("c{i}"));
                Ok(())
            }
            None => self.definition(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_containers_become_consts() {
        let a = Value::object([("x", Value::Number(1.0))]);
        let b = Value::array([a.clone(), a.clone()]);
        let root = Value::array([b.clone(), b, a]);
        assert_eq!(
            to_djs(&root).unwrap(),
            "const c0 = {\"x\":1}\nconst c1 = [c0,c0]\nexport default [c1,c1,c0]"
        );
    }

    #[test]
    fn leaves_read_back_exactly() {
        let root = Value::object([
            ("__proto__", Value::Number(-0.0)),
            ("i", Value::Number(f64::NEG_INFINITY)),
            ("n", Value::bigint(-5)),
            ("u", Value::Undefined),
        ]);
        assert_eq!(
            to_djs(&root).unwrap(),
            "export default {[\"__proto__\"]:-0,\"i\":-1e999,\"n\":-5n,\"u\":undefined}"
        );
        assert!(to_djs(&Value::Number(f64::NAN)).is_err());
    }
}
