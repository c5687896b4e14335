//! Bytecode: a self-contained module whose value is the graph.

use super::sharing::SharingPlan;
use super::{Budget, SerializeError};
use crate::bytecode::{encode_module, Code, Expr, FunctionCode, Module};
use crate::value::{Object, Value};
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

// The recursive path is `definition` → `array` / `object` → `reference` →
// `definition`; it is kept small and free of closures so that the default
// depth limit fits in a 2 MiB thread stack even in an unoptimized build.

fn definition(
    value: &Value,
    plan: &SharingPlan,
    budget: &mut Budget,
) -> Result<Expr, SerializeError> {
    match value {
        Value::Array(a) => array(a.items(), plan, budget),
        Value::Object(o) => object(o, plan, budget),
        leaf => leaf_definition(leaf, plan, budget),
    }
}

/// [`definition`] of any value. Meant for the leaves: [`definition`] sends
/// arrays and objects straight to their own functions, keeping this larger
/// frame off the recursive path.
#[inline(never)]
fn leaf_definition(
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
        Value::Function(f) => {
            let code = f.code().ok_or(SerializeError::Unrepresentable(
                "a builtin or a closure over its scope cannot be written as bytecode",
            ))?;
            // The reader counts the function and the nesting of its body as
            // levels too: the function must fit where it is written.
            budget.fits(function_depth(code))?;
            Expr::Function(code.clone())
        }
        Value::Array(a) => array(a.items(), plan, budget)?,
        Value::Object(o) => object(o, plan, budget)?,
    })
}

fn array(items: &[Value], plan: &SharingPlan, budget: &mut Budget) -> Result<Expr, SerializeError> {
    budget.enter()?;
    let mut exprs = Vec::with_capacity(items.len());
    for item in items {
        exprs.push(reference(item, plan, budget)?);
    }
    budget.leave(0)?;
    Ok(Expr::Array(exprs))
}

fn object(o: &Object, plan: &SharingPlan, budget: &mut Budget) -> Result<Expr, SerializeError> {
    budget.enter()?;
    let mut props = Vec::with_capacity(o.len());
    for (key, value) in o.entries() {
        props.push((key.clone(), reference(value, plan, budget)?));
    }
    budget.leave(0)?;
    Ok(Expr::Object(props))
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

/// The levels of nesting the bytecode reader counts for `function`: one for
/// the function itself, plus the deepest nesting of containers and
/// operations in its body. Walked with a work list: a body built in memory
/// may be arbitrarily deep.
fn function_depth(function: &FunctionCode) -> usize {
    let mut deepest = 1;
    let mut pending: Vec<(&Expr, usize)> = function.code.consts.iter().map(|e| (e, 1)).collect();
    while let Some((expr, depth)) = pending.pop() {
        if !expr.is_nested() {
            continue;
        }
        let inner = depth + 1;
        expr.for_each_child(|e| pending.push((e, inner)));
        deepest = deepest.max(inner);
    }
    deepest
}
