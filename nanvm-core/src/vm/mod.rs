//! The VM: runs FunctionalScript bytecode (`docs/bytecode.md`, data and
//! operation tags) with ECMAScript semantics.
//!
//! - **Lowering** (`lower.rs`): each function's expression tree becomes a
//!   flat list of stack-machine operations with a pool of prebuilt values;
//!   constants live in frame slots unless inner functions reach them, then
//!   in heap [environments](env) with write-once cells (reading one early
//!   is JavaScript's temporal dead zone, a ReferenceError).
//! - **Running** (`machine.rs`): frames on an explicit call stack, so FJS
//!   recursion is bounded by the call-depth budget, never by the native
//!   stack; a call in tail position replaces its caller's frame, so a loop
//!   written as recursion runs in constant space. Builtins that call back
//!   (`map`, `reduce`, …) are resumable frames on the same stack.
//! - **Budgets** ([`Budget`]): steps, call depth and memory; exceeding one
//!   is a [`VmError::Budget`].
//!
//! ```
//! use std::rc::Rc;
//! use nanvm_runtime::bytecode::{BinaryOp, Call, Code, Expr, FunctionCode, Module};
//! use nanvm_runtime::vm::Vm;
//! use nanvm_runtime::Value;
//!
//! // const double = x => x + x; export default double(21)
//! let double = Expr::Function(Rc::new(FunctionCode {
//!     length: 1,
//!     code: Code { consts: vec![Expr::Binary(BinaryOp::Add, Box::new([Expr::ArgRef(0), Expr::ArgRef(0)]))] },
//! }));
//! let call = Expr::Call(Box::new(Call { callee: Expr::LocalRef(0), args: vec![Expr::Number(21.0)] }));
//! let module = Module { imports: vec![], code: Code { consts: vec![double, call] } };
//! assert_eq!(Vm::new().evaluate(&module, &[]).unwrap(), Value::from(42.0));
//! ```
//!
//! **Reference cycles.** A closure keeps the environment it was created in,
//! and an environment's cell may hold that closure (a recursive function:
//! `const f = x => … f(…) …` reaches itself through its module's cell).
//! Values are reference counted, so such a cycle would never be freed. The
//! VM keeps a weak list of the environments it creates, and
//! [`Vm::collect_cycles`] (run when that list has doubled since the last
//! collection, and when the VM is dropped) frees the environments no longer
//! reachable from outside their cycles, by trial deletion: a closure still
//! held by the caller keeps working after the VM is gone.

mod budget;
mod builtins;
mod closure;
mod code;
mod convert;
mod cycles;
mod env;
mod error;
mod fuse;
mod intern;
mod key_cache;
mod lower;
mod machine;
mod memory;
mod native;
mod operators;
mod pow;
#[cfg(feature = "vm-profile")]
mod profile;
mod property;
mod spread;

use std::rc::{Rc, Weak};

pub use budget::{Budget, Usage};
pub(crate) use builtins::Native;
pub(crate) use closure::Closure;
pub(crate) use code::Proto;
pub use error::{BudgetKind, CodeError, ErrorType, JsError, VmError};
pub(crate) use native::forget_run as forget_lexer_run;

use budget::Meter;
use env::Env;
use machine::{Builder, Frame};

use crate::bytecode::{Code, Module};
use crate::value::Value;
use crate::Limits;

/// A virtual machine: evaluates modules and calls function values.
///
/// Each evaluation ([`evaluate`](Vm::evaluate), [`call`](Vm::call)) gets a
/// fresh [`Budget`]. Function values an evaluation returns keep working in
/// later calls, on this VM or another.
pub struct Vm {
    limits: Limits,
    budget: Budget,
    meter: Meter,
    frames: Vec<Frame>,
    stack: Vec<Value>,
    slots: Vec<Option<Value>>,
    builders: Vec<Builder>,
    /// A callback's result on its way to the loop frame that called it.
    returned: Option<Value>,
    /// Every environment created, for [`Vm::collect_cycles`].
    envs: Vec<Weak<Env>>,
    /// Collect when `envs` grows past this.
    collect_at: usize,
    /// Whether native overrides of the compiler's hot functions run.
    native: bool,
}

impl Default for Vm {
    fn default() -> Self {
        Self::new()
    }
}

/// The first size of the environment list that triggers a collection.
const FIRST_COLLECTION: usize = 1 << 12;

impl Vm {
    /// A VM with the default [`Limits`] and [`Budget`].
    pub fn new() -> Self {
        Self::with_limits(Limits::default(), Budget::default())
    }

    /// A VM with `limits` (the nesting depth of the code it lowers) and
    /// `budget` (per evaluation).
    pub fn with_limits(limits: Limits, budget: Budget) -> Self {
        Vm {
            limits,
            budget,
            meter: Meter::new(budget),
            frames: Vec::new(),
            stack: Vec::new(),
            slots: Vec::new(),
            builders: Vec::new(),
            returned: None,
            envs: Vec::new(),
            collect_at: FIRST_COLLECTION,
            native: true,
        }
    }

    /// Turns the native overrides of the FunctionalScript compiler's hot
    /// functions on (the default) or off; off, every function is
    /// interpreted. The result is the same either way (parity tests compare
    /// the two).
    pub fn set_native_overrides(&mut self, on: bool) {
        self.native = on;
    }

    /// The budget of each evaluation.
    pub fn budget(&self) -> Budget {
        self.budget
    }

    /// What the last evaluation used of its budget.
    pub fn usage(&self) -> Usage {
        self.meter.used
    }

    /// The limits of what the VM reads and makes.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Evaluates `module` with the values of its imports.
    pub fn evaluate(&mut self, module: &Module, imports: &[Value]) -> Result<Value, VmError> {
        let expected = u32::try_from(module.imports.len()).map_err(|_| CodeError::TooLarge)?;
        if imports.len() != module.imports.len() {
            let given = imports.len();
            return Err(CodeError::Arity { given, expected }.into());
        }
        self.evaluate_code(&module.code, imports)
    }

    /// Evaluates a module body `code` with `args` (a module's imports).
    pub fn evaluate_code(&mut self, code: &Code, args: &[Value]) -> Result<Value, VmError> {
        self.evaluate_lowered(code, args, false)
    }

    /// Evaluates `module`, decoded from `bundle`, without imports; where
    /// `bundle` is the compiler this crate embeds, byte for byte, its
    /// functions get every native override (see `native`).
    pub(crate) fn evaluate_bundle(
        &mut self,
        module: &Module,
        bundle: &[u8],
    ) -> Result<Value, VmError> {
        if !module.imports.is_empty() {
            let expected = u32::try_from(module.imports.len()).map_err(|_| CodeError::TooLarge)?;
            return Err(CodeError::Arity { given: 0, expected }.into());
        }
        let compiler = native::is_embedded_compiler(bundle);
        self.evaluate_lowered(&module.code, &[], compiler)
    }

    fn evaluate_lowered(
        &mut self,
        code: &Code,
        args: &[Value],
        compiler: bool,
    ) -> Result<Value, VmError> {
        let params = u32::try_from(args.len()).map_err(|_| CodeError::TooLarge)?;
        let proto = lower::lower_module(code, params, &self.limits, compiler)?;
        self.meter = Meter::new(self.budget);
        self.guarded(|vm, base| {
            vm.start(proto, None, args)?;
            vm.run(base)
        })
    }

    /// Calls `function` with `args` (`this` is `undefined`).
    pub fn call(&mut self, function: &Value, args: &[Value]) -> Result<Value, VmError> {
        self.meter = Meter::new(self.budget);
        self.guarded(|vm, base| vm.call_from_outside(function, args, base))
    }

    /// Runs `f` with the current call-stack height; on error, drops what the
    /// evaluation left on the stacks.
    fn guarded(
        &mut self,
        f: impl FnOnce(&mut Self, usize) -> Result<Value, VmError>,
    ) -> Result<Value, VmError> {
        let marks = (
            self.frames.len(),
            self.stack.len(),
            self.slots.len(),
            self.builders.len(),
        );
        let result = f(self, marks.0);
        if result.is_err() {
            self.frames.truncate(marks.0);
            self.stack.truncate(marks.1);
            self.slots.truncate(marks.2);
            self.builders.truncate(marks.3);
            self.returned = None;
        }
        result
    }

    /// Remembers a new environment for [`Vm::collect_cycles`]; collects
    /// when the list of live environments has doubled.
    fn track(&mut self, env: &Rc<Env>) {
        self.envs.push(Rc::downgrade(env));
        if self.envs.len() >= self.collect_at {
            self.envs.retain(|e| e.strong_count() > 0);
            if self.envs.len() * 2 >= self.collect_at {
                self.collect_cycles();
            }
            self.collect_at = (self.envs.len() * 2).max(FIRST_COLLECTION);
        }
    }

    /// Handles to the environments this VM made that are still alive.
    #[cfg(test)]
    pub(crate) fn live_environments(&self) -> Vec<Weak<Env>> {
        self.envs
            .iter()
            .filter(|e| e.strong_count() > 0)
            .cloned()
            .collect()
    }

    /// Empties every environment this VM made, freeing what they hold and
    /// the reference cycles through them without looking for the cycles:
    /// for an owner that keeps no value of the VM beyond it (the compiler,
    /// which hands out bytes), when it is dropped.
    pub(crate) fn clear_environments(&mut self) {
        let mut freed = Vec::new();
        for env in self.envs.iter().filter_map(Weak::upgrade) {
            freed.extend(env.clear());
        }
        self.envs.clear();
        drop(freed);
    }

    /// Frees environments (and what they hold) that only reference cycles
    /// keep alive; returns how many. Values held outside the VM, and
    /// everything they reach, are kept.
    pub fn collect_cycles(&mut self) -> usize {
        let freed = cycles::collect(&mut self.envs);
        self.collect_at = (self.envs.len() * 2).max(FIRST_COLLECTION);
        freed
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        self.frames.clear();
        self.stack.clear();
        self.slots.clear();
        self.builders.clear();
        self.returned = None;
        self.collect_cycles();
        #[cfg(feature = "vm-profile")]
        profile::report();
    }
}
