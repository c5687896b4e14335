//! Evaluation of data code: a module body applied to its imports.

use std::fmt;

use crate::bytecode::{Code, Expr};
use crate::value::{Function, JsString, ObjectBuilder, Value};
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
    // The recursive path is `expr` → `nested_array` / `nested_object` →
    // `array` / `object` → `expr`; it is kept small and free of closures so that the default depth limit fits in a
    // 2 MiB thread stack even in an unoptimized build.

    fn expr(&mut self, expr: &Expr) -> Result<Value, EvalError> {
        match expr {
            Expr::Array(items) => self.nested_array(items),
            Expr::Object(props) => self.nested_object(props),
            leaf => self.leaf(leaf),
        }
    }

    fn nested_array(&mut self, items: &[Expr]) -> Result<Value, EvalError> {
        self.enter()?;
        let result = self.array(items);
        self.depth -= 1;
        result
    }

    fn nested_object(&mut self, props: &[(JsString, Expr)]) -> Result<Value, EvalError> {
        self.enter()?;
        let result = self.object(props);
        self.depth -= 1;
        result
    }

    /// Evaluates `expr`. Meant for the leaves: [`expr`](Self::expr) sends
    /// arrays and objects straight to their own functions, keeping this
    /// larger frame off the recursive path.
    #[inline(never)]
    fn leaf(&mut self, expr: &Expr) -> Result<Value, EvalError> {
        Ok(match expr {
            Expr::Null => Value::Null,
            Expr::Undefined => Value::Undefined,
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Number(n) => Value::Number(*n),
            Expr::String(s) => Value::String(s.clone()),
            Expr::BigInt(n) => Value::BigInt(n.clone()),
            Expr::LocalRef(i) => self.local(*i)?,
            Expr::ArgRef(i) => self.arg(*i)?,
            Expr::Function(code) => Value::Function(Function::new(code.clone())),
            Expr::Array(items) => self.nested_array(items)?,
            Expr::Object(props) => self.nested_object(props)?,
        })
    }

    fn array(&mut self, items: &[Expr]) -> Result<Value, EvalError> {
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            values.push(self.expr(item)?);
        }
        Ok(Value::from(values))
    }

    fn object(&mut self, props: &[(JsString, Expr)]) -> Result<Value, EvalError> {
        let mut builder = ObjectBuilder::new();
        for (key, value) in props {
            let value = self.expr(value)?;
            builder.insert(key.clone(), value);
        }
        Ok(Value::Object(builder.build()))
    }

    fn local(&self, i: u32) -> Result<Value, EvalError> {
        let value = self.consts.get(i as usize);
        value.cloned().ok_or(EvalError::LocalRefOutOfRange(i))
    }

    fn arg(&self, i: u32) -> Result<Value, EvalError> {
        let value = self.args.get(i as usize);
        value.cloned().ok_or(EvalError::ArgRefOutOfRange(i))
    }

    /// Goes one level deeper, failing past the depth limit.
    fn enter(&mut self) -> Result<(), EvalError> {
        if self.depth >= self.max_depth {
            return Err(EvalError::TooDeep(self.max_depth));
        }
        self.depth += 1;
        Ok(())
    }
}
