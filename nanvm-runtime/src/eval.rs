//! Evaluation of data code: a module body applied to its imports.

use std::fmt;

use crate::bytecode::{Code, Expr};
use crate::value::{Function, ObjectBuilder, Value};
use crate::Limits;

/// Why a code block could not be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvalError {
    /// The code block has no constants.
    EmptyCode,
    /// A `local_ref` to a constant not yet defined.
    LocalRefOutOfRange(u32),
    /// An `arg_ref` past the arguments given.
    ArgRefOutOfRange(u32),
    /// Nesting deeper than the limit.
    TooDeep(usize),
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EvalError::EmptyCode => f.write_str("code block has no constants"),
            EvalError::LocalRefOutOfRange(i) => write!(f, "local_ref {i} is not defined yet"),
            EvalError::ArgRefOutOfRange(i) => write!(f, "arg_ref {i} is past the arguments"),
            EvalError::TooDeep(limit) => write!(f, "nesting deeper than the limit of {limit}"),
        }
    }
}

impl std::error::Error for EvalError {}

/// Evaluates `code` with `args` (a module's imports): each constant once, in
/// order, so that every `local_ref` to it yields the same value. Returns the
/// last constant.
pub fn evaluate(code: &Code, args: &[Value], limits: &Limits) -> Result<Value, EvalError> {
    let mut frame = Frame {
        args,
        consts: Vec::with_capacity(code.consts.len()),
        depth: 0,
        max_depth: limits.max_depth,
    };
    for expr in &code.consts {
        let value = frame.expr(expr)?;
        frame.consts.push(value);
    }
    frame.consts.pop().ok_or(EvalError::EmptyCode)
}

struct Frame<'a> {
    args: &'a [Value],
    consts: Vec<Value>,
    depth: usize,
    max_depth: usize,
}

impl Frame<'_> {
    fn expr(&mut self, expr: &Expr) -> Result<Value, EvalError> {
        Ok(match expr {
            Expr::Null => Value::Null,
            Expr::Undefined => Value::Undefined,
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Number(n) => Value::Number(*n),
            Expr::String(s) => Value::String(s.clone()),
            Expr::BigInt(n) => Value::BigInt(n.clone()),
            Expr::LocalRef(i) => self
                .consts
                .get(*i as usize)
                .cloned()
                .ok_or(EvalError::LocalRefOutOfRange(*i))?,
            Expr::ArgRef(i) => self
                .args
                .get(*i as usize)
                .cloned()
                .ok_or(EvalError::ArgRefOutOfRange(*i))?,
            Expr::Array(items) => self.nested(|f| {
                let items: Result<Vec<Value>, EvalError> =
                    items.iter().map(|item| f.expr(item)).collect();
                Ok(Value::from(items?))
            })?,
            Expr::Object(props) => self.nested(|f| {
                let mut builder = ObjectBuilder::new();
                for (key, value) in props {
                    builder.insert(key.clone(), f.expr(value)?);
                }
                Ok(Value::Object(builder.build()))
            })?,
            Expr::Function(code) => Value::Function(Function::new(code.clone())),
        })
    }

    fn nested(
        &mut self,
        eval: impl FnOnce(&mut Self) -> Result<Value, EvalError>,
    ) -> Result<Value, EvalError> {
        if self.depth >= self.max_depth {
            return Err(EvalError::TooDeep(self.max_depth));
        }
        self.depth += 1;
        let result = eval(self);
        self.depth -= 1;
        result
    }
}
