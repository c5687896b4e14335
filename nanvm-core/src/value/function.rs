//! Function values.

use std::cell::OnceCell;
use std::rc::Rc;

use crate::bytecode::FunctionCode;
use crate::vm::{Closure, Native, Proto};

/// A function value: bytecode carried through a data module, a closure of
/// the VM (code plus the scope it was created in), or a builtin.
///
/// Functions have identity, like containers: [`Function::ptr_eq`].
#[derive(Clone)]
pub struct Function(Rc<FunctionData>);

pub(crate) enum FunctionData {
    /// Bytecode that does not depend on where it was written (what
    /// [`Function::new`] makes); the VM lowers it when it is first called.
    Data {
        code: Rc<FunctionCode>,
        lowered: OnceCell<Rc<Proto>>,
    },
    /// A closure of the VM.
    Closure(Closure),
    /// A builtin.
    Native(Native),
}

impl Function {
    /// A function value for `code`, whose body reaches nothing outside it.
    pub fn new(code: Rc<FunctionCode>) -> Self {
        Self(Rc::new(FunctionData::Data {
            code,
            lowered: OnceCell::new(),
        }))
    }

    pub(crate) fn from_data(data: FunctionData) -> Self {
        Self(Rc::new(data))
    }

    pub(crate) fn data(&self) -> &FunctionData {
        &self.0
    }

    /// The function's bytecode, if it stands alone: a data function, or a
    /// closure that reaches nothing outside its own body. `None` for
    /// builtins and for closures over their scope (they cannot be written
    /// out as a self-contained function).
    pub fn code(&self) -> Option<&Rc<FunctionCode>> {
        match &*self.0 {
            FunctionData::Data { code, .. } => Some(code),
            FunctionData::Closure(c) => c.standalone_code(),
            FunctionData::Native(_) => None,
        }
    }

    /// Whether this is a builtin of the VM.
    pub fn is_builtin(&self) -> bool {
        matches!(&*self.0, FunctionData::Native(_))
    }

    /// The number of declared parameters (JavaScript's `length`).
    pub fn length(&self) -> u32 {
        match &*self.0 {
            FunctionData::Data { code, .. } => code.length,
            FunctionData::Closure(c) => c.length(),
            FunctionData::Native(n) => n.length(),
        }
    }

    /// Whether two handles point at the same function (JavaScript identity).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }

    /// An address that identifies this function while it is alive.
    pub fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }

    /// How many handles share this function.
    #[inline]
    pub(crate) fn strong_count(&self) -> usize {
        Rc::strong_count(&self.0)
    }

    /// Moves out the values of the closure's environment if this is the
    /// last handle, for [`Value`](super::Value)'s non-recursive drop.
    pub(super) fn take_children_if_unique(&mut self, out: &mut Vec<super::Value>) {
        if let Some(FunctionData::Closure(c)) = Rc::get_mut(&mut self.0) {
            c.take_children(out);
        }
    }
}
