//! Bytecode: a self-contained module whose value is the graph.

use super::sharing::SharingPlan;
use super::{Budget, SerializeError};
use crate::bytecode::{encode_module, Code, Expr, Module};
use crate::value::Value;
use crate::Limits;

/// Writes `value` as a bytecode module with no imports. Each array or
/// object reached along more than one path becomes one constant, referred
/// to by `local_ref`, so decoding and evaluating the module rebuilds the
/// same graph, identity included.
pub fn to_bytecode(value: &Value) -> Result<Vec<u8>, SerializeError> {
    Ok(encode_module(&to_bytecode_module(
        value,
        &Limits::default(),
    )?))
}

/// The module [`to_bytecode`] encodes.
pub fn to_bytecode_module(value: &Value, limits: &Limits) -> Result<Module, SerializeError> {
    let plan = SharingPlan::new(value);
    let mut budget = Budget::new(limits);
    let mut consts = Vec::with_capacity(plan.shared().len() + 1);
    for shared in plan.shared() {
        consts.push(definition(shared, &plan, &mut budget)?);
    }
    consts.push(definition(value, &plan, &mut budget)?);
    Ok(Module {
        imports: Vec::new(),
        code: Code { consts },
    })
}

fn definition(
    value: &Value,
    plan: &SharingPlan,
    budget: &mut Budget,
) -> Result<Expr, SerializeError> {
    Ok(match value {
        Value::Undefined => Expr::Undefined,
        Value::Null => Expr::Null,
        Value::Bool(b) => Expr::Bool(*b),
        Value::Number(n) => Expr::Number(*n),
        Value::String(s) => Expr::String(s.clone()),
        Value::BigInt(n) => Expr::BigInt(n.clone()),
        Value::Function(f) => Expr::Function(f.code().clone()),
        Value::Array(a) => {
            budget.enter()?;
            let items: Result<Vec<Expr>, SerializeError> = a
                .items()
                .iter()
                .map(|item| reference(item, plan, budget))
                .collect();
            budget.leave(0)?;
            Expr::Array(items?)
        }
        Value::Object(o) => {
            budget.enter()?;
            let props: Result<Vec<_>, SerializeError> = o
                .entries()
                .iter()
                .map(|(k, v)| Ok((k.clone(), reference(v, plan, budget)?)))
                .collect();
            budget.leave(0)?;
            Expr::Object(props?)
        }
    })
}

fn reference(
    value: &Value,
    plan: &SharingPlan,
    budget: &mut Budget,
) -> Result<Expr, SerializeError> {
    match plan.name_of(value) {
        Some(i) => Ok(Expr::LocalRef(u32::try_from(i).unwrap_or(u32::MAX))),
        None => definition(value, plan, budget),
    }
}
