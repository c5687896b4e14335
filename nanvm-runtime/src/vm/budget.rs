//! Budgets: how much one evaluation may compute, nest and allocate.

use super::error::{BudgetKind, VmError};

/// The budgets of one evaluation ([`super::Vm::evaluate`] or
/// [`super::Vm::call`]). Exceeding one ends the evaluation with
/// [`VmError::Budget`], never with a crash of the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Steps: each call (of an FJS function or a builtin) and each iteration
    /// of a builtin's loop (`map`, `flat`, `Array.from`, string conversion…).
    pub steps: u64,
    /// Frames on the VM's call stack: FJS calls that are not tail calls, and
    /// builtins waiting for a callback. The native stack does not grow with it.
    pub call_depth: usize,
    /// Bytes allocated by the evaluation for strings, arrays, objects,
    /// bigints, closures and frames, counted when allocated and never given
    /// back: it bounds the total allocation, so it also bounds what is alive.
    pub memory: u64,
}

impl Budget {
    /// The default step budget: 2^36, about 69 billion steps (minutes of work).
    pub const DEFAULT_STEPS: u64 = 1 << 36;
    /// The default call depth: 100,000 frames (node allows about 11,000).
    pub const DEFAULT_CALL_DEPTH: usize = 100_000;
    /// The default memory budget: 2^36 bytes (64 GiB) allocated in total.
    pub const DEFAULT_MEMORY: u64 = 1 << 36;

    /// No limits at all (for trusted code).
    pub const UNLIMITED: Budget = Budget {
        steps: u64::MAX,
        call_depth: usize::MAX,
        memory: u64::MAX,
    };
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            steps: Self::DEFAULT_STEPS,
            call_depth: Self::DEFAULT_CALL_DEPTH,
            memory: Self::DEFAULT_MEMORY,
        }
    }
}

/// What an evaluation has used of its [`Budget`] so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Steps taken.
    pub steps: u64,
    /// The deepest call stack reached.
    pub call_depth: usize,
    /// Bytes allocated.
    pub memory: u64,
}

/// Counts steps and bytes against a budget.
#[derive(Clone, Debug)]
pub(crate) struct Meter {
    pub(crate) budget: Budget,
    pub(crate) used: Usage,
}

impl Meter {
    pub(crate) fn new(budget: Budget) -> Self {
        Meter {
            budget,
            used: Usage::default(),
        }
    }

    /// Counts one step.
    #[inline]
    pub(crate) fn step(&mut self) -> Result<(), VmError> {
        self.steps(1)
    }

    /// Counts `n` steps.
    #[inline]
    pub(crate) fn steps(&mut self, n: u64) -> Result<(), VmError> {
        self.used.steps = self.used.steps.saturating_add(n);
        if self.used.steps > self.budget.steps {
            return Err(self.exceeded(BudgetKind::Steps));
        }
        Ok(())
    }

    /// Counts `bytes` allocated; fails before the allocation when it would
    /// exceed the budget.
    #[inline]
    pub(crate) fn alloc(&mut self, bytes: usize) -> Result<(), VmError> {
        let bytes = u64::try_from(bytes).unwrap_or(u64::MAX);
        self.used.memory = self.used.memory.saturating_add(bytes);
        if self.used.memory > self.budget.memory {
            return Err(self.exceeded(BudgetKind::Memory));
        }
        Ok(())
    }

    /// Counts `count` items of `size` bytes each (saturating).
    #[inline]
    pub(crate) fn alloc_items(&mut self, count: usize, size: usize) -> Result<(), VmError> {
        self.alloc(count.saturating_mul(size).saturating_add(16))
    }

    /// Checks that `bytes` held at once (the frames' slots) fit the memory
    /// budget, without counting them as allocated.
    #[inline]
    pub(crate) fn live(&self, bytes: usize) -> Result<(), VmError> {
        if u64::try_from(bytes).unwrap_or(u64::MAX) > self.budget.memory {
            return Err(self.exceeded(BudgetKind::Memory));
        }
        Ok(())
    }

    /// Records a call stack `depth` frames deep.
    #[inline]
    pub(crate) fn depth(&mut self, depth: usize) -> Result<(), VmError> {
        if depth > self.used.call_depth {
            self.used.call_depth = depth;
            if depth > self.budget.call_depth {
                return Err(self.exceeded(BudgetKind::CallDepth));
            }
        }
        Ok(())
    }

    fn exceeded(&self, kind: BudgetKind) -> VmError {
        let limit = match kind {
            BudgetKind::Steps => self.budget.steps,
            BudgetKind::CallDepth => u64::try_from(self.budget.call_depth).unwrap_or(u64::MAX),
            BudgetKind::Memory => self.budget.memory,
        };
        VmError::Budget { kind, limit }
    }
}
