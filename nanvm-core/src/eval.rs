//! Evaluation of code: a module body applied to its imports.
//!
//! There is one evaluator, the VM ([`crate::vm`]); this is its shortest
//! entry point, for code given as a [`Code`] block.

use crate::bytecode::Code;
use crate::value::Value;
use crate::vm::{Budget, Vm};
use crate::Limits;

/// Why code could not be evaluated: the VM's error.
pub use crate::vm::VmError as EvalError;

/// Evaluates `code` with `args` (a module's imports) with the default
/// [`Budget`]: each constant once, in order, so that every `local_ref` to it
/// yields the same value. Returns the last constant.
pub fn evaluate(code: &Code, args: &[Value], limits: &Limits) -> Result<Value, EvalError> {
    evaluate_with(code, args, limits, Budget::default())
}

/// [`evaluate`] within `budget` (steps, call depth, memory).
pub fn evaluate_with(
    code: &Code,
    args: &[Value],
    limits: &Limits,
    budget: Budget,
) -> Result<Value, EvalError> {
    Vm::with_limits(*limits, budget).evaluate_code(code, args)
}
