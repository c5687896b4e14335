//! Environments: the constants and parameters that inner functions reach
//! (`outer_ref`, `outer_arg`) live in heap cells shared by the frame and
//! its closures. Each cell is written once; reading it before is
//! JavaScript's temporal dead zone (a ReferenceError).

use std::cell::RefCell;
use std::rc::Rc;

use super::error::{ErrorType, VmError};
use crate::value::Value;

/// The cells of one activation of a function, and the environment its
/// closure was created in.
pub(crate) struct Env {
    cells: RefCell<Box<[Option<Value>]>>,
    parent: Option<Rc<Env>>,
}

/// The ReferenceError of reading a constant before it is initialized.
pub(crate) fn uninitialized() -> VmError {
    VmError::thrown(
        ErrorType::ReferenceError,
        "Cannot access a constant before initialization",
    )
}

impl Env {
    /// An environment of `cells` empty cells below `parent`.
    pub(crate) fn new(cells: u32, parent: Option<Rc<Env>>) -> Self {
        Env {
            cells: RefCell::new(vec![None; cells as usize].into_boxed_slice()),
            parent,
        }
    }

    /// The environment `hops` links up from `env`.
    pub(crate) fn up(mut env: &Rc<Env>, hops: u32) -> Option<&Rc<Env>> {
        for _ in 0..hops {
            env = env.parent.as_ref()?;
        }
        Some(env)
    }

    /// The value of cell `index`; a ReferenceError while it is empty.
    pub(crate) fn get(&self, index: u32) -> Result<Value, VmError> {
        let cells = self.cells.borrow();
        match cells.get(index as usize) {
            Some(Some(v)) => Ok(v.clone()),
            _ => Err(uninitialized()),
        }
    }

    /// Writes cell `index`.
    pub(crate) fn set(&self, index: u32, value: Value) {
        if let Some(cell) = self.cells.borrow_mut().get_mut(index as usize) {
            *cell = Some(value);
        }
    }

    /// The parent environment.
    pub(crate) fn parent(&self) -> Option<&Rc<Env>> {
        self.parent.as_ref()
    }

    /// Calls `f` on each value held in a cell.
    pub(crate) fn for_each_value(&self, mut f: impl FnMut(&Value)) {
        for v in self.cells.borrow().iter().flatten() {
            f(v);
        }
    }

    /// Empties every cell (to break a reference cycle through this environment).
    pub(crate) fn clear(&self) -> Vec<Value> {
        let mut cells = self.cells.borrow_mut();
        cells.iter_mut().filter_map(Option::take).collect()
    }

    /// Moves the values out of `env` and of the chain of parents it is the
    /// last owner of, for [`Value`]'s non-recursive drop.
    pub(crate) fn take_children_if_unique(env: Rc<Env>, out: &mut Vec<Value>) {
        let mut next = Some(env);
        while let Some(env) = next.take() {
            let Ok(env) = Rc::try_unwrap(env) else { break };
            out.extend(env.cells.into_inner().into_vec().into_iter().flatten());
            next = env.parent;
        }
    }
}
