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
    /// Bytes alive at once: the strings, arrays, objects, bigints, closures
    /// and environments the evaluation can still reach, and its frames.
    ///
    /// The VM counts the bytes it allocates, and whenever it has allocated
    /// about twice as much as was alive at the last measurement (at least
    /// 256 MiB, at most half the budget) it measures what its stacks reach.
    /// Exceeding the budget is an error; so is allocating more than the
    /// budget between two measurements. What is alive may exceed the budget
    /// by up to half of it between measurements.
    pub memory: u64,
}

impl Budget {
    /// The default step budget: 2^36, about 69 billion steps (the compiler
    /// takes about 35 steps a byte of JSON: 100 MB need 3.5 billion).
    pub const DEFAULT_STEPS: u64 = 1 << 36;
    /// The default call depth: 100,000 frames (node allows about 11,000);
    /// an endless recursion reaches it in a few milliseconds.
    pub const DEFAULT_CALL_DEPTH: usize = 100_000;
    /// The default memory budget: 16 GiB alive at once.
    pub const DEFAULT_MEMORY: u64 = 16 << 30;

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
    /// The most bytes measured alive at once.
    pub memory: u64,
    /// Bytes allocated in total (never given back).
    pub allocated: u64,
}

/// The least allocation between two measurements of what is alive. Each
/// measurement walks all that is alive: at 64 MiB the walks took about 8%
/// of compiling citm_catalog.json (1.7 MB), at 256 MiB a quarter of that.
const MIN_INTERVAL: u64 = 256 << 20;

/// Counts steps and bytes against a budget.
#[derive(Clone, Debug)]
pub(crate) struct Meter {
    pub(crate) budget: Budget,
    pub(crate) used: Usage,
    /// Bytes allocated since what is alive was last measured.
    since_measured: u64,
    /// Measure again once `since_measured` reaches this.
    interval: u64,
}

impl Meter {
    pub(crate) fn new(budget: Budget) -> Self {
        Meter {
            budget,
            used: Usage::default(),
            since_measured: 0,
            interval: MIN_INTERVAL.min(budget.memory / 2).max(1),
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

    /// Counts `bytes` about to be allocated; fails (before the allocation)
    /// when more than the whole budget has been allocated since the last
    /// measurement of what is alive.
    #[inline]
    pub(crate) fn alloc(&mut self, bytes: usize) -> Result<(), VmError> {
        let bytes = u64::try_from(bytes).unwrap_or(u64::MAX);
        self.used.allocated = self.used.allocated.saturating_add(bytes);
        self.since_measured = self.since_measured.saturating_add(bytes);
        if self.since_measured > self.budget.memory {
            return Err(self.exceeded(BudgetKind::Memory));
        }
        Ok(())
    }

    /// Whether it is time to measure what is alive.
    #[inline]
    pub(crate) fn measure_due(&self) -> bool {
        self.since_measured >= self.interval
    }

    /// Records `live` bytes measured alive; fails past the budget.
    pub(crate) fn measured(&mut self, live: usize) -> Result<(), VmError> {
        let live = u64::try_from(live).unwrap_or(u64::MAX);
        self.used.memory = self.used.memory.max(live);
        self.since_measured = 0;
        let half = self.budget.memory / 2;
        self.interval = live.saturating_mul(2).max(MIN_INTERVAL).min(half).max(1);
        if live > self.budget.memory {
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
