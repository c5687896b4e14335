//! What can end an evaluation: a thrown JavaScript error, an exhausted
//! budget, code the VM cannot run, or a feature it does not model.

use std::fmt;

/// The JavaScript error constructors an FJS evaluation can throw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// `TypeError`: an operation on a value of the wrong type.
    TypeError,
    /// `RangeError`: a number or bigint out of range (bigint division by zero).
    RangeError,
    /// `ReferenceError`: a constant read before it is initialized.
    ReferenceError,
    /// `SyntaxError`: text that is not a bigint literal (`BigInt("1.5")`).
    SyntaxError,
}

impl ErrorType {
    /// The constructor's name, as JavaScript spells it.
    pub fn name(self) -> &'static str {
        match self {
            ErrorType::TypeError => "TypeError",
            ErrorType::RangeError => "RangeError",
            ErrorType::ReferenceError => "ReferenceError",
            ErrorType::SyntaxError => "SyntaxError",
        }
    }
}

/// A thrown JavaScript error: its type and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsError {
    /// The error's constructor.
    pub error_type: ErrorType,
    /// The message (close to V8's wording, not normative).
    pub message: String,
}

/// Which budget an evaluation exhausted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BudgetKind {
    /// Calls and iterations of builtin loops.
    Steps,
    /// Frames on the call stack.
    CallDepth,
    /// Bytes allocated for strings, arrays, objects, bigints and frames.
    Memory,
}

impl BudgetKind {
    /// The budget's name, as [`super::Budget`]'s field names it.
    pub fn name(self) -> &'static str {
        match self {
            BudgetKind::Steps => "steps",
            BudgetKind::CallDepth => "call depth",
            BudgetKind::Memory => "memory",
        }
    }
}

/// Why code given to the VM cannot run (an invalid expression tree built in
/// memory; [`crate::bytecode::decode_module`] rejects such bytes already).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    /// A code block with no constants.
    EmptyCode,
    /// A `local_ref` to a constant not defined before it.
    LocalRef(u32),
    /// An `arg_ref` past the function's parameters.
    ArgRef(u32),
    /// An `outer_ref` to no constant of an enclosing block.
    OuterRef {
        /// Blocks out.
        depth: u32,
        /// The constant.
        index: u32,
    },
    /// An `outer_arg` to no parameter of an enclosing function.
    OuterArg {
        /// Functions out.
        depth: u32,
        /// The parameter.
        index: u32,
    },
    /// More arguments or imports than the function declares.
    Arity {
        /// Values given.
        given: usize,
        /// Values expected.
        expected: u32,
    },
    /// Expressions nested deeper than `Limits::max_depth`.
    TooDeep(usize),
    /// More constants, parameters or operations than 2^32.
    TooLarge,
    /// A function that needs the scope it was written in, called on its own
    /// (a data function whose body reaches outside it).
    NotSelfContained,
}

/// Why an evaluation ended without a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VmError {
    /// The code threw a JavaScript error (FJS has no `catch`).
    Thrown(JsError),
    /// A budget ran out.
    Budget {
        /// Which one.
        kind: BudgetKind,
        /// Its limit.
        limit: u64,
    },
    /// The code is not valid.
    Code(CodeError),
    /// JavaScript would do something the VM does not model (calling an
    /// object's own `toString`, a function's source text, `new`-less `Array(n)`).
    Unsupported(String),
}

impl VmError {
    /// A thrown `TypeError`.
    pub(crate) fn type_error(message: impl Into<String>) -> Self {
        Self::thrown(ErrorType::TypeError, message)
    }

    /// A thrown `RangeError`.
    pub(crate) fn range_error(message: impl Into<String>) -> Self {
        Self::thrown(ErrorType::RangeError, message)
    }

    /// A thrown error of `error_type`.
    pub(crate) fn thrown(error_type: ErrorType, message: impl Into<String>) -> Self {
        VmError::Thrown(JsError {
            error_type,
            message: message.into(),
        })
    }

    /// The thrown error's type, if this is one.
    pub fn error_type(&self) -> Option<ErrorType> {
        match self {
            VmError::Thrown(e) => Some(e.error_type),
            _ => None,
        }
    }
}

impl fmt::Display for JsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_type.name(), self.message)
    }
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::EmptyCode => f.write_str("code block has no constants"),
            CodeError::LocalRef(i) => write!(f, "local_ref {i} is not defined before it"),
            CodeError::ArgRef(i) => write!(f, "arg_ref {i} is past the parameters"),
            CodeError::OuterRef { depth, index } => {
                write!(f, "outer_ref {depth} {index} names no constant")
            }
            CodeError::OuterArg { depth, index } => {
                write!(f, "outer_arg {depth} {index} names no parameter")
            }
            CodeError::Arity { given, expected } => {
                write!(f, "{given} values given for {expected} parameters")
            }
            CodeError::TooDeep(limit) => write!(f, "nesting deeper than the limit of {limit}"),
            CodeError::TooLarge => {
                f.write_str("more than 2^32 constants, parameters or operations")
            }
            CodeError::NotSelfContained => {
                f.write_str("the function reaches a scope outside it and cannot run alone")
            }
        }
    }
}

impl fmt::Display for VmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VmError::Thrown(e) => write!(f, "uncaught {e}"),
            VmError::Budget { kind, limit } => {
                write!(f, "the {} budget of {limit} is exhausted", kind.name())
            }
            VmError::Code(e) => write!(f, "invalid code: {e}"),
            VmError::Unsupported(what) => write!(f, "not supported by the VM: {what}"),
        }
    }
}

impl std::error::Error for VmError {}

impl From<CodeError> for VmError {
    fn from(e: CodeError) -> Self {
        VmError::Code(e)
    }
}
