//! Builtins that call FJS functions back, as resumable frames: the VM keeps
//! a [`LoopFrame`] on its call stack, and each time the frame resumes it
//! either asks for the next callback call or returns its result. No native
//! recursion happens however deeply callbacks nest.

use super::global::ITEM_BYTES;
use super::{arg, describe, Native};
use crate::value::{Array, FunctionData, Value};
use crate::vm::budget::Meter;
use crate::vm::convert::to_boolean;
use crate::vm::error::VmError;
use crate::vm::native::{Ended, ItemMap, LexerStep};
use crate::vm::property;

/// Where item `k` of a loop comes from.
pub(crate) enum Source {
    /// An array's items.
    Array(Array),
    /// Values collected beforehand (a string's code points).
    Values(Vec<Value>),
    /// An array-like object: its property `k`.
    ArrayLike(Value),
}

impl Source {
    /// Whether every item is `undefined`: an array-like object without
    /// index keys (`{ length: n }`).
    fn is_holey(&self) -> bool {
        matches!(self, Source::ArrayLike(Value::Object(o)) if !property::has_index_keys(o))
    }

    fn item(&self, k: usize) -> Value {
        match self {
            Source::Array(a) => a.get(k).cloned().unwrap_or_default(),
            Source::Values(v) => v.get(k).cloned().unwrap_or_default(),
            Source::ArrayLike(v) => property::get_index(v, k),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Map,
    Filter,
    Every,
    Reduce,
    From,
}

/// A builtin's loop over `len` items, suspended on the VM's call stack.
pub(crate) struct LoopFrame {
    kind: Kind,
    /// The function called per item (`undefined` for `Array.from` without a mapper).
    callback: Value,
    /// The array the callbacks get as their last argument.
    receiver: Value,
    source: Source,
    len: usize,
    /// The item whose callback is running or comes next.
    index: usize,
    out: Vec<Value>,
    /// `reduce`'s accumulator.
    acc: Value,
    /// The arguments the callback reads: an FJS function ignores those past
    /// its parameters, so the receiver is not passed to one that does not
    /// declare it (a builtin gets every argument).
    arity: usize,
    /// The callback's native form, if it has one (see `vm/native/`).
    fast: Option<Fast>,
}

/// A loop's callback run natively.
enum Fast {
    /// `reduce`'s callback, skipped where it returns the accumulator.
    Reduce(LexerStep),
    /// A `map` or `Array.from` callback, run per item.
    Item(ItemMap),
}

/// What a resumed loop asks of the VM.
pub(crate) enum LoopStep {
    /// Call the function below `argc` arguments pushed on the operand stack
    /// and resume the loop with its result.
    Call {
        /// The arguments pushed after the callee.
        argc: u32,
    },
    /// The builtin's result.
    Return(Value),
}

/// How many arguments `callback` reads (all of them, for a builtin).
fn arity(callback: &Value) -> usize {
    match callback {
        Value::Function(f) if !matches!(f.data(), FunctionData::Native(_)) => f.length() as usize,
        _ => usize::MAX,
    }
}

fn not_callable(v: &Value) -> VmError {
    VmError::type_error(format!("{} is not a function", describe(v)))
}

/// `array.map(f)`, `filter`, `every` or `reduce(f[, initial])`.
pub(super) fn array_loop(
    native: Native,
    array: &Array,
    args: &[Value],
) -> Result<LoopFrame, VmError> {
    let callback = arg(args, 0);
    if !matches!(callback, Value::Function(_)) {
        return Err(not_callable(&callback));
    }
    let kind = match native {
        Native::Map => Kind::Map,
        Native::Filter => Kind::Filter,
        Native::Every => Kind::Every,
        _ => Kind::Reduce,
    };
    let mut frame = LoopFrame {
        kind,
        callback,
        receiver: Value::Array(array.clone()),
        source: Source::Array(array.clone()),
        len: array.len(),
        index: 0,
        out: Vec::new(),
        acc: Value::Undefined,
        arity: 0,
        fast: None,
    };
    frame.arity = arity(&frame.callback);
    frame.fast = if kind == Kind::Reduce {
        LexerStep::of(&frame.callback).map(Fast::Reduce)
    } else if kind == Kind::Map {
        ItemMap::of(&frame.callback).map(Fast::Item)
    } else {
        None
    };
    if kind == Kind::Reduce {
        if let Some(initial) = args.get(1) {
            frame.acc = initial.clone();
        } else {
            frame.acc = array.get(0).cloned().ok_or_else(|| {
                VmError::type_error("Reduce of empty array with no initial value")
            })?;
            frame.index = 1;
        }
    }
    Ok(frame)
}

impl LoopFrame {
    /// `Array.from`'s loop over `len` items of `source`, mapped by `mapper`
    /// unless it is `undefined`.
    pub(super) fn from_items(mapper: Value, source: Source, len: usize) -> Self {
        LoopFrame {
            kind: Kind::From,
            arity: arity(&mapper),
            fast: ItemMap::of(&mapper).map(Fast::Item),
            callback: mapper,
            receiver: Value::Undefined,
            source,
            len,
            index: 0,
            out: Vec::new(),
            acc: Value::Undefined,
        }
    }

    /// Interprets the callback for every item (no native override).
    pub(crate) fn interpret(&mut self) {
        self.fast = None;
    }

    /// Whether the loop calls a function per item.
    pub(super) fn has_callback(&self) -> bool {
        matches!(self.callback, Value::Function(_))
    }

    /// The items without a callback (`Array.from` without a mapper).
    pub(super) fn collect(self, meter: &mut Meter) -> Result<Value, VmError> {
        if self.source.is_holey() {
            // `Array.from({ length: n })`: `n` steps, all `undefined`.
            meter.steps(self.len as u64)?;
            return Ok(Value::from(vec![Value::Undefined; self.len]));
        }
        let mut out = Vec::with_capacity(self.len);
        for k in 0..self.len {
            meter.step()?;
            out.push(self.source.item(k));
        }
        Ok(Value::from(out))
    }

    /// Takes the result of the last callback (`None` on the first resume)
    /// and asks for the next call, pushing the callee and its arguments on
    /// `stack`, or returns the builtin's result.
    pub(crate) fn resume(
        &mut self,
        returned: Option<Value>,
        stack: &mut Vec<Value>,
        meter: &mut Meter,
    ) -> Result<LoopStep, VmError> {
        if returned.is_none() {
            // A fold over a chunk that a literal read whole reaches into
            // starts after it (its items were read then; one step each).
            if let Some(Fast::Reduce(step)) = &self.fast {
                let first = step.first(&self.acc, self.len);
                meter.steps(first as u64)?;
                self.index = self.index.max(first);
            }
        }
        if let Some(v) = returned {
            match self.kind {
                Kind::Map | Kind::From => {
                    meter.alloc(ITEM_BYTES)?;
                    self.out.push(v);
                }
                Kind::Filter => {
                    if to_boolean(&v) {
                        meter.alloc(ITEM_BYTES)?;
                        self.out.push(self.source.item(self.index));
                    }
                }
                Kind::Every => {
                    if !to_boolean(&v) {
                        return Ok(LoopStep::Return(Value::Bool(false)));
                    }
                }
                Kind::Reduce => self.acc = v,
            }
            self.index += 1;
        }
        match &self.fast {
            // The items the callback would return the accumulator for: one
            // step each, as a call would count at least.
            // The starts of tokens it makes natively, and the states after
            // the tokens it ends natively: two steps each, as a call
            // counts, and one more per further item a string's end reads. A token's end may instead be a call of the lexer's
            // `emitThen`, `emit` or `ws` in the step's place, with the
            // token made natively: its result is the step's.
            Some(Fast::Reduce(step)) => loop {
                let to = step.skip(&self.acc, self.index, self.len);
                meter.steps((to - self.index) as u64)?;
                self.index = to;
                if self.index >= self.len {
                    break;
                }
                // The state changes in place where the fold holds the
                // only handle to it.
                let (bytes, items) = match step.start(&mut self.acc, self.index) {
                    Some(bytes) => (bytes, 1),
                    None => match step.end(&mut self.acc, self.index, self.len) {
                        Some((Ended::State(bytes), items)) => (bytes, items),
                        Some((Ended::Call(end), items)) => {
                            // The call is the step of the last item.
                            meter.steps(items as u64)?;
                            meter.alloc(end.bytes)?;
                            self.index += items - 1;
                            stack.push(end.callee);
                            stack.extend(end.args.into_iter().take(end.argc as usize));
                            return Ok(LoopStep::Call { argc: end.argc });
                        }
                        None => break,
                    },
                };
                meter.steps(items as u64 + 1)?;
                meter.alloc(bytes)?;
                self.index += items;
            },
            Some(Fast::Item(map)) => {
                while self.index < self.len {
                    let item = self.source.item(self.index);
                    let Some((v, bytes)) = map.apply(&item, self.index) else {
                        break;
                    };
                    meter.step()?;
                    meter.alloc(ITEM_BYTES + bytes)?;
                    self.out.push(v);
                    self.index += 1;
                }
            }
            None => {}
        }
        if self.index >= self.len {
            return Ok(LoopStep::Return(self.finish()));
        }
        meter.step()?;
        let item = self.source.item(self.index);
        let index = Value::Number(self.index as f64);
        let start = stack.len();
        stack.push(self.callback.clone());
        match self.kind {
            Kind::Reduce => {
                stack.extend([std::mem::take(&mut self.acc), item, index]);
                if self.arity > 3 {
                    stack.push(self.receiver.clone());
                }
            }
            Kind::From => stack.extend([item, index]),
            Kind::Map | Kind::Filter | Kind::Every => {
                stack.extend([item, index]);
                if self.arity > 2 {
                    stack.push(self.receiver.clone());
                }
            }
        }
        let argc = u32::try_from(stack.len() - start - 1).unwrap_or(u32::MAX);
        Ok(LoopStep::Call { argc })
    }

    /// Clones what the loop holds onto `out` (for the memory budget's walk).
    pub(crate) fn for_each_value(&self, out: &mut Vec<Value>) {
        out.extend([
            self.callback.clone(),
            self.receiver.clone(),
            self.acc.clone(),
        ]);
        out.extend(self.out.iter().cloned());
        match &self.source {
            Source::Array(a) => out.push(Value::Array(a.clone())),
            Source::Values(v) => out.extend(v.iter().cloned()),
            Source::ArrayLike(v) => out.push(v.clone()),
        }
    }

    fn finish(&mut self) -> Value {
        match self.kind {
            Kind::Map | Kind::Filter | Kind::From => Value::from(std::mem::take(&mut self.out)),
            Kind::Every => Value::Bool(true),
            Kind::Reduce => std::mem::take(&mut self.acc),
        }
    }
}
