//! The interpreter loop: frames on an explicit call stack, so that FJS
//! recursion never grows the native stack; proper tail calls replace the
//! calling frame.

use std::rc::Rc;

use super::builtins::{self, LoopFrame, LoopStep, Outcome};
use super::closure::Closure;
use super::code::{LiteralKeys, Op, Proto};
use super::convert::{to_boolean, to_property_key};
use super::env::{uninitialized, Env};
use super::error::VmError;
use super::lower::lower_function;
use super::native::{self, Answer};
use super::operators::{binary, number_fast, unary};
use super::spread::{copy_properties, spread_into};
use super::{property, Vm};
use crate::bytecode::BinaryOp;
use crate::value::{Array, Exact, Function, FunctionData, JsString, Object, ObjectBuilder, Value};

/// Bytes a frame slot takes (for the memory budget's check of live frames).
const SLOT_BYTES: usize = std::mem::size_of::<Option<Value>>();

/// A frame of the VM's call stack.
pub(super) enum Frame {
    /// An FJS function (or module body) running.
    Code(CodeFrame),
    /// A builtin's loop waiting for a callback.
    Loop(Box<LoopFrame>),
}

pub(super) struct CodeFrame {
    pub(super) proto: Rc<Proto>,
    /// The next op.
    pc: usize,
    /// Where the frame's slots start in [`Vm::slots`].
    slots: usize,
    /// The operand stack's height below the frame's values.
    stack: usize,
    /// The frame's own environment, or the one its closure was created in.
    pub(super) env: Option<Rc<Env>>,
}

/// An array or object literal with spread being built.
pub(super) enum Builder {
    Array(Vec<Value>),
    Object(ObjectBuilder),
}

/// What [`Vm::execute`] keeps in locals of the code frame it runs: its
/// function, environment, first slot and next op.
type RunningFrame = (Rc<Proto>, Option<Rc<Env>>, usize, usize);

/// What a call did.
enum Called {
    /// A frame was pushed (or replaced the caller's, for a tail call).
    Pushed,
    /// A builtin computed the result at once.
    Value(Value),
}

/// `object[key]` where `key` is the string `proto.constants[i]`.
#[inline]
fn get_constant_key(
    object: &Value,
    proto: &Proto,
    i: u32,
    meter: &mut super::budget::Meter,
) -> Result<Value, VmError> {
    let Some(key) = proto.constants.get(i as usize) else {
        return Err(broken("no key"));
    };
    match (object, key) {
        (Value::Object(o), Value::String(key)) => {
            let found = match proto.key_caches.get(i as usize) {
                Some(cache) => cache.get(o, key),
                None => o.get(key),
            };
            Ok(found.cloned().unwrap_or_default())
        }
        (Value::Undefined | Value::Null, _) | (_, Value::Number(_)) => {
            property::get(object, key, meter)
        }
        (_, Value::String(key)) => Ok(match proto.key_caches.get(i as usize) {
            Some(cache) => cache.get_other(object, key),
            None => property::get_key(object, key),
        }),
        _ => Err(broken("property key is not a string")),
    }
}

fn broken(what: &str) -> VmError {
    VmError::Unsupported(format!("internal error: {what}"))
}

impl Vm {
    /// Pushes a frame for `proto` with `args`, as the module body or a
    /// function called from outside.
    pub(super) fn start(
        &mut self,
        proto: Rc<Proto>,
        env: Option<Rc<Env>>,
        args: &[Value],
    ) -> Result<(), VmError> {
        self.stack.push(Value::Undefined);
        let callee_at = self.stack.len() - 1;
        self.stack.extend_from_slice(args);
        self.enter(proto, env, callee_at, callee_at, false)
    }

    /// Calls `function` with `args` from outside any frame.
    pub(super) fn call_from_outside(
        &mut self,
        function: &Value,
        args: &[Value],
        base: usize,
    ) -> Result<Value, VmError> {
        self.stack.push(function.clone());
        self.stack.extend_from_slice(args);
        match self.invoke(args.len(), false, false)? {
            Called::Value(v) => Ok(v),
            Called::Pushed => self.run(base),
        }
    }

    /// Runs until the frame at index `base` returns, and gives its result.
    pub(super) fn run(&mut self, base: usize) -> Result<Value, VmError> {
        loop {
            let returned = match self.frames.last_mut() {
                None => return Err(broken("no frame to run")),
                Some(Frame::Code(_)) => self.execute(base)?,
                Some(Frame::Loop(frame)) => {
                    let returned = self.returned.take();
                    match frame.resume(returned, &mut self.stack, &mut self.meter)? {
                        LoopStep::Call { argc } => {
                            match self.invoke(argc as usize, false, false)? {
                                Called::Pushed => {}
                                Called::Value(v) => self.returned = Some(v),
                            }
                            None
                        }
                        LoopStep::Return(v) => self.ret(v, base),
                    }
                }
            };
            if let Some(v) = returned {
                return Ok(v);
            }
        }
    }

    /// Pops the top frame, which returns `v`: gives `v` back if that was
    /// frame `base`, else hands it to the frame below.
    fn ret(&mut self, v: Value, base: usize) -> Option<Value> {
        if let Some(Frame::Code(frame)) = self.frames.pop() {
            self.slots.truncate(frame.slots);
            self.stack.truncate(frame.stack);
        }
        if self.frames.len() <= base {
            return Some(v);
        }
        match self.frames.last() {
            Some(Frame::Loop(_)) => self.returned = Some(v),
            _ => self.stack.push(v),
        }
        None
    }

    fn pop(&mut self) -> Result<Value, VmError> {
        self.stack
            .pop()
            .ok_or_else(|| broken("operand stack underflow"))
    }

    fn top(&self) -> Result<&Value, VmError> {
        self.stack
            .last()
            .ok_or_else(|| broken("operand stack underflow"))
    }

    /// The function, environment, slots and next op of the top frame, if
    /// it is a code frame.
    fn top_code(&self) -> Option<RunningFrame> {
        match self.frames.last() {
            Some(Frame::Code(frame)) => Some((
                frame.proto.clone(),
                frame.env.clone(),
                frame.slots,
                frame.pc,
            )),
            _ => None,
        }
    }

    /// Runs code frames from the top one (a code frame) on, through the
    /// calls and returns between them, until a builtin's loop frame is on
    /// top (`None`) or frame `base` returns (its result).
    fn execute(&mut self, base: usize) -> Result<Option<Value>, VmError> {
        let Some((mut proto, mut env, mut slots, mut pc)) = self.top_code() else {
            return Err(broken("no code frame"));
        };
        #[cfg(feature = "vm-profile")]
        let mut profiled = super::profile::Ops::new(&proto);
        // Goes on in the top frame if it is a code frame, else returns to `run`.
        macro_rules! continue_in_top {
            () => {
                match self.top_code() {
                    Some(top) => {
                        (proto, env, slots, pc) = top;
                        #[cfg(feature = "vm-profile")]
                        profiled.switch(&proto);
                    }
                    None => return Ok(None),
                }
            };
        }
        // A frame returned `v`: the result if it was frame `base`, else the
        // caller goes on.
        macro_rules! returned {
            ($v:expr) => {
                match self.ret($v, base) {
                    Some(v) => return Ok(Some(v)),
                    None => continue_in_top!(),
                }
            };
        }
        loop {
            #[cfg(feature = "vm-profile")]
            {
                profiled.count += 1;
            }
            let op = *proto
                .ops
                .get(pc)
                .ok_or_else(|| broken("pc past the code"))?;
            pc += 1;
            match op {
                Op::Undefined => self.stack.push(Value::Undefined),
                Op::Null => self.stack.push(Value::Null),
                Op::Bool(b) => self.stack.push(Value::Bool(b)),
                Op::Number(n) => self.stack.push(Value::Number(n)),
                Op::Constant(i) => {
                    let v = proto.constants.get(i as usize).cloned().unwrap_or_default();
                    self.stack.push(v);
                }
                Op::Slot(i) => {
                    let slot = self.slots.get(slots + i as usize);
                    let v = slot.cloned().flatten().ok_or_else(uninitialized)?;
                    self.stack.push(v);
                }
                Op::SlotGetKey { slot, key } => {
                    let object = self
                        .slots
                        .get(slots + slot as usize)
                        .and_then(Option::as_ref)
                        .ok_or_else(uninitialized)?;
                    let v = get_constant_key(object, &proto, key, &mut self.meter)?;
                    self.stack.push(v);
                }
                Op::SlotNumberBinary { slot, op, n } => {
                    let a = self
                        .slots
                        .get(slots + slot as usize)
                        .and_then(Option::as_ref)
                        .ok_or_else(uninitialized)?;
                    let fast = match a {
                        Value::Number(x) => number_fast(op, *x, n),
                        _ => None,
                    };
                    let v = match fast {
                        Some(v) => v,
                        None => binary(op, a, &Value::Number(n), &mut self.meter)?,
                    };
                    self.stack.push(v);
                }
                Op::SlotConstantBinary { slot, op, constant } => {
                    let a = self
                        .slots
                        .get(slots + slot as usize)
                        .and_then(Option::as_ref)
                        .ok_or_else(uninitialized)?;
                    let b = proto
                        .constants
                        .get(constant as usize)
                        .ok_or_else(|| broken("no constant"))?;
                    let v = match (a, b, op) {
                        (Value::String(x), Value::String(y), BinaryOp::StrictEq) => {
                            Value::Bool(x == y)
                        }
                        (Value::String(x), Value::String(y), BinaryOp::StrictNe) => {
                            Value::Bool(x != y)
                        }
                        _ => binary(op, a, b, &mut self.meter)?,
                    };
                    self.stack.push(v);
                }
                Op::SetSlot(i) => {
                    let v = self.pop()?;
                    if let Some(slot) = self.slots.get_mut(slots + i as usize) {
                        *slot = Some(v);
                    }
                }
                Op::Cell { hops, index } => {
                    let env = env.as_ref().and_then(|e| Env::up(e, hops));
                    let v = env.ok_or_else(|| broken("no environment"))?.get(index)?;
                    self.stack.push(v);
                }
                Op::SetCell(i) => {
                    let v = self.pop()?;
                    env.as_ref()
                        .ok_or_else(|| broken("no environment"))?
                        .set(i, v);
                }
                Op::Dup => {
                    let v = self.top()?.clone();
                    self.stack.push(v);
                }
                Op::Closure(i) => {
                    let proto = proto
                        .protos
                        .get(i as usize)
                        .ok_or_else(|| broken("no proto"))?;
                    let env = if proto.needs_env { env.clone() } else { None };
                    self.meter.alloc(64)?;
                    let closure = Closure {
                        proto: proto.clone(),
                        env,
                    };
                    let f = Function::from_data(FunctionData::Closure(closure));
                    self.stack.push(Value::Function(f));
                }
                Op::Array(n) => self.make_array(n as usize)?,
                Op::Object(k) => self.make_object(proto.keys.get(k as usize))?,
                Op::Get => {
                    let key = self.pop()?;
                    let object = self.pop()?;
                    let v = property::get(&object, &key, &mut self.meter)?;
                    self.stack.push(v);
                }
                Op::GetMethod => {
                    let key = self.pop()?;
                    let receiver = self.stack.last().ok_or_else(|| broken("no receiver"))?;
                    let v = property::get(receiver, &key, &mut self.meter)?;
                    self.stack.push(v);
                }
                Op::GetKey(i) => {
                    let object = self.pop()?;
                    let v = get_constant_key(&object, &proto, i, &mut self.meter)?;
                    self.stack.push(v);
                }
                Op::GetMethodKey(i) => {
                    let receiver = self.stack.last().ok_or_else(|| broken("no receiver"))?;
                    let v = get_constant_key(receiver, &proto, i, &mut self.meter)?;
                    self.stack.push(v);
                }
                Op::Unary(op) => {
                    let v = self.pop()?;
                    let v = unary(op, &v, &mut self.meter)?;
                    self.stack.push(v);
                }
                Op::Binary(op) => {
                    let b = self.pop()?;
                    let a = self
                        .stack
                        .last_mut()
                        .ok_or_else(|| broken("operand stack underflow"))?;
                    // Numbers, and `===` on one interned string, without a call.
                    let fast = match (&*a, &b) {
                        (Value::Number(x), Value::Number(y)) => number_fast(op, *x, *y),
                        (Value::String(x), Value::String(y)) if JsString::ptr_eq(x, y) => {
                            match op {
                                BinaryOp::StrictEq => Some(Value::Bool(true)),
                                BinaryOp::StrictNe => Some(Value::Bool(false)),
                                _ => None,
                            }
                        }
                        _ => None,
                    };
                    *a = match fast {
                        Some(v) => v,
                        None => binary(op, a, &b, &mut self.meter)?,
                    };
                }
                Op::Jump(t) => pc = t as usize,
                Op::JumpIfFalse(t) => {
                    if !to_boolean(&self.pop()?) {
                        pc = t as usize;
                    }
                }
                Op::JumpIfFalsyKeep(t) => self.jump_keeping(!to_boolean(self.top()?), t, &mut pc),
                Op::JumpIfTruthyKeep(t) => self.jump_keeping(to_boolean(self.top()?), t, &mut pc),
                Op::JumpIfNotNullishKeep(t) => {
                    let keep = !matches!(self.top()?, Value::Undefined | Value::Null);
                    self.jump_keeping(keep, t, &mut pc);
                }
                Op::BeginArray | Op::Push | Op::PushSpread | Op::EndArray => {
                    self.array_builder(op)?
                }
                Op::BeginObject
                | Op::PropertyKey
                | Op::SetProperty
                | Op::SpreadProperties
                | Op::EndObject => self.object_builder(op)?,
                Op::Call { argc, tail } | Op::CallMethod { argc, tail } => {
                    self.save_pc(pc);
                    let method = matches!(op, Op::CallMethod { .. });
                    match self.invoke(argc as usize, method, tail)? {
                        Called::Pushed => continue_in_top!(),
                        Called::Value(v) if tail => returned!(v),
                        Called::Value(v) => self.stack.push(v),
                    }
                }
                Op::CallArray { tail } => {
                    self.save_pc(pc);
                    let args = self.pop()?;
                    let Value::Array(args) = &args else {
                        return Err(broken("spread arguments are not an array"));
                    };
                    self.stack.extend_from_slice(args.items());
                    match self.invoke(args.len(), false, tail)? {
                        Called::Pushed => continue_in_top!(),
                        Called::Value(v) if tail => returned!(v),
                        Called::Value(v) => self.stack.push(v),
                    }
                }
                Op::Return => {
                    let v = self.pop()?;
                    returned!(v);
                }
            }
        }
    }

    fn save_pc(&mut self, pc: usize) {
        if let Some(Frame::Code(frame)) = self.frames.last_mut() {
            frame.pc = pc;
        }
    }

    /// For `&&`, `||`, `??`: keeps the top and jumps if `keep`, else pops it.
    fn jump_keeping(&mut self, keep: bool, target: u32, pc: &mut usize) {
        if keep {
            *pc = target as usize;
        } else {
            self.stack.pop();
        }
    }

    fn make_array(&mut self, n: usize) -> Result<(), VmError> {
        self.meter.alloc_items(n, std::mem::size_of::<Value>())?;
        let at = self
            .stack
            .len()
            .checked_sub(n)
            .ok_or_else(|| broken("operand stack underflow"))?;
        let items = Array::from_tail(&mut self.stack, at);
        self.stack.push(Value::Array(items));
        Ok(())
    }

    fn make_object(&mut self, keys: Option<&LiteralKeys>) -> Result<(), VmError> {
        let keys = keys.ok_or_else(|| broken("no key list"))?;
        let count = match keys {
            LiteralKeys::Shape(shape) => shape.as_slice().len(),
            LiteralKeys::Keys(keys) => keys.len(),
        };
        self.meter
            .alloc_items(count, std::mem::size_of::<(JsString, Value)>())?;
        let at = self
            .stack
            .len()
            .checked_sub(count)
            .ok_or_else(|| broken("operand stack underflow"))?;
        let keys = match keys {
            LiteralKeys::Shape(shape) => {
                let values = Exact(self.stack.drain(at..));
                let object = Object::with_shape(shape.clone(), values);
                self.stack.push(Value::Object(object));
                return Ok(());
            }
            LiteralKeys::Keys(keys) => keys,
        };
        let mut builder = ObjectBuilder::new();
        for (key, value) in keys.iter().zip(self.stack.drain(at..)) {
            builder.insert(key.clone(), value);
        }
        self.stack.push(Value::Object(builder.build()));
        Ok(())
    }

    fn array_builder(&mut self, op: Op) -> Result<(), VmError> {
        if op == Op::BeginArray {
            self.builders.push(Builder::Array(Vec::new()));
            return Ok(());
        }
        if op == Op::EndArray {
            let Some(Builder::Array(items)) = self.builders.pop() else {
                return Err(broken("no open array"));
            };
            self.stack.push(Value::from(items));
            return Ok(());
        }
        let v = self.pop()?;
        let Some(Builder::Array(items)) = self.builders.last_mut() else {
            return Err(broken("no open array"));
        };
        if op == Op::Push {
            self.meter.alloc(std::mem::size_of::<Value>())?;
            items.push(v);
            Ok(())
        } else {
            spread_into(&v, items, &mut self.meter)
        }
    }

    fn object_builder(&mut self, op: Op) -> Result<(), VmError> {
        match op {
            Op::BeginObject => self.builders.push(Builder::Object(ObjectBuilder::new())),
            Op::PropertyKey => {
                let v = self.pop()?;
                let key = to_property_key(&v, &mut self.meter)?;
                self.stack.push(Value::String(key));
            }
            Op::EndObject => {
                let Some(Builder::Object(builder)) = self.builders.pop() else {
                    return Err(broken("no open object"));
                };
                self.stack.push(Value::Object(builder.build()));
            }
            _ => {
                let v = self.pop()?;
                let key = if op == Op::SetProperty {
                    match &self.pop()? {
                        Value::String(key) => Some(key.clone()),
                        _ => return Err(broken("property key is not a string")),
                    }
                } else {
                    None
                };
                let Some(Builder::Object(builder)) = self.builders.last_mut() else {
                    return Err(broken("no open object"));
                };
                match key {
                    Some(key) => {
                        self.meter.alloc(std::mem::size_of::<(JsString, Value)>())?;
                        builder.insert(key, v);
                    }
                    None => copy_properties(&v, builder, &mut self.meter)?,
                }
            }
        }
        Ok(())
    }

    /// Calls the function below `argc` arguments on the operand stack (and
    /// below it the receiver, for a method call). A tail call replaces the
    /// current frame.
    fn invoke(&mut self, argc: usize, method: bool, tail: bool) -> Result<Called, VmError> {
        self.meter.step()?;
        if self.meter.measure_due() {
            self.check_memory()?;
        }
        let callee_at = self
            .stack
            .len()
            .checked_sub(argc + 1)
            .ok_or_else(|| broken("operand stack underflow"))?;
        let bottom = if method {
            callee_at.saturating_sub(1)
        } else {
            callee_at
        };
        let Value::Function(f) = &self.stack[callee_at] else {
            return Err(builtins::not_a_function(&self.stack[callee_at]));
        };
        let f = f.clone();
        let (proto, env) = match f.data() {
            FunctionData::Closure(c) => {
                let native = c.proto.native.filter(|_| self.native);
                match native.and_then(|n| native::call(n, c, &self.stack[callee_at + 1..])) {
                    Some(Answer::Value(v, bytes)) => {
                        self.meter.alloc(bytes)?;
                        self.stack.truncate(bottom);
                        return Ok(Called::Value(v));
                    }
                    // The call becomes `callee(arg)`, a call of its own.
                    Some(Answer::Call { callee, arg }) => {
                        self.stack.truncate(bottom);
                        self.stack.extend([callee, arg]);
                        return self.invoke(1, false, tail);
                    }
                    None => {}
                }
                (c.proto.clone(), c.env.clone())
            }
            FunctionData::Data { code, lowered } => {
                let proto = match lowered.get() {
                    Some(p) => p.clone(),
                    None => {
                        let p = lower_function(code, &self.limits)?;
                        lowered.get_or_init(|| p).clone()
                    }
                };
                (proto, None)
            }
            FunctionData::Native(native) => {
                let this = if method {
                    &self.stack[bottom]
                } else {
                    &Value::Undefined
                };
                let args = &self.stack[callee_at + 1..];
                let outcome = builtins::call(*native, this, args, &mut self.meter)?;
                self.stack.truncate(bottom);
                return match outcome {
                    Outcome::Value(v) => Ok(Called::Value(v)),
                    Outcome::Loop(mut frame) => {
                        if !self.native {
                            frame.interpret();
                        }
                        let frame = Frame::Loop(Box::new(frame));
                        if tail {
                            self.replace_frame(frame);
                        } else {
                            self.meter.depth(self.frames.len() + 1)?;
                            self.frames.push(frame);
                        }
                        Ok(Called::Pushed)
                    }
                };
            }
        };
        self.enter(proto, env, callee_at, bottom, tail)?;
        Ok(Called::Pushed)
    }

    /// Replaces the top frame by `frame` (a tail call), keeping the operand
    /// stack's values below the replaced frame.
    fn replace_frame(&mut self, frame: Frame) {
        if let Some(Frame::Code(old)) = self.frames.pop() {
            self.slots.truncate(old.slots);
            self.stack.truncate(old.stack);
        }
        self.frames.push(frame);
    }

    /// Pushes a frame for `proto` whose arguments are on the operand stack
    /// above `callee_at`; `bottom` is where the call's values start (the
    /// callee, or the receiver of a method call).
    fn enter(
        &mut self,
        proto: Rc<Proto>,
        env: Option<Rc<Env>>,
        callee_at: usize,
        bottom: usize,
        tail: bool,
    ) -> Result<(), VmError> {
        let depth = if tail {
            self.frames.len()
        } else {
            self.frames.len() + 1
        };
        self.meter.depth(depth)?;
        let mut stack_base = bottom;
        if tail {
            if let Some(Frame::Code(old)) = self.frames.pop() {
                self.slots.truncate(old.slots);
                stack_base = old.stack;
            }
        }
        let slots = self.slots.len();
        let needed = slots.saturating_add(proto.slots as usize);
        self.meter.live(needed.saturating_mul(SLOT_BYTES))?;
        let params = proto.params as usize;
        {
            let mut args = self.stack.drain(callee_at + 1..);
            for _ in 0..params {
                self.slots.push(Some(args.next().unwrap_or_default()));
            }
        }
        let filled = self.slots.len();
        self.slots.extend((filled..needed).map(|_| None));
        self.stack.truncate(stack_base);
        let env = if proto.cells > 0 {
            self.meter
                .alloc_items(proto.cells as usize, std::mem::size_of::<Option<Value>>())?;
            let own = Rc::new(Env::new(proto.cells, env));
            for &(param, cell) in proto.param_cells.iter() {
                let v = self.slots[slots + param as usize]
                    .clone()
                    .unwrap_or_default();
                own.set(cell, v);
            }
            self.track(&own);
            Some(own)
        } else {
            env
        };
        #[cfg(feature = "vm-profile")]
        super::profile::call(&proto);
        self.frames.push(Frame::Code(CodeFrame {
            proto,
            pc: 0,
            slots,
            stack: stack_base,
            env,
        }));
        Ok(())
    }
}
