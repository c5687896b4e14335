//! Closures: a lowered function and the environment it was created in.

use std::rc::Rc;

use super::code::Proto;
use super::env::Env;
use crate::bytecode::FunctionCode;
use crate::value::Value;

/// A function value made by the VM.
pub(crate) struct Closure {
    pub(crate) proto: Rc<Proto>,
    /// The scope it reaches (`None` if its body reaches nothing outside it).
    pub(crate) env: Option<Rc<Env>>,
}

impl Closure {
    /// The bytecode, if the function reaches nothing outside its body.
    pub(crate) fn standalone_code(&self) -> Option<&Rc<FunctionCode>> {
        if self.proto.needs_env {
            None
        } else {
            self.proto.code.as_ref()
        }
    }

    /// The declared parameter count.
    pub(crate) fn length(&self) -> u32 {
        self.proto.params
    }

    /// Moves out what the closure's environment holds, if it is the last
    /// owner, for [`Value`]'s non-recursive drop.
    pub(crate) fn take_children(&mut self, out: &mut Vec<Value>) {
        if let Some(env) = self.env.take() {
            Env::take_children_if_unique(env, out);
        }
    }
}
