//! Function values.

use std::rc::Rc;

use crate::bytecode::FunctionCode;

/// A function value: bytecode plus what it closed over.
///
/// Data modules only carry functions through; the VM calls them.
#[derive(Clone)]
pub struct Function(Rc<FunctionData>);

struct FunctionData {
    code: Rc<FunctionCode>,
}

impl Function {
    /// A function value for `code`.
    pub fn new(code: Rc<FunctionCode>) -> Self {
        Self(Rc::new(FunctionData { code }))
    }

    /// The function's bytecode.
    pub fn code(&self) -> &Rc<FunctionCode> {
        &self.0.code
    }

    /// The number of declared parameters (JavaScript's `length`).
    pub fn length(&self) -> u32 {
        self.0.code.length
    }

    /// Whether two handles point at the same function (JavaScript identity).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }

    /// An address that identifies this function while it is alive.
    pub fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }
}
