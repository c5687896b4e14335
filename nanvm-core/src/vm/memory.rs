//! Measuring what an evaluation keeps alive, for the memory budget.
//!
//! Values are reference counted and freed as soon as nothing holds them, so
//! the VM cannot know how much is alive by counting allocations. Now and
//! then ([`Meter::measure_due`](super::budget::Meter)) it walks everything
//! its stacks reach — operand stack, frame slots, environments, builtins'
//! loops, literals being built, prebuilt constants — counting each string,
//! bigint, array, object, closure and environment once.

use std::rc::Rc;

use super::code::Proto;
use super::env::Env;
use super::machine::{Builder, Frame};
use super::{Vm, VmError};
use crate::addr::AddrSet;
use crate::value::array::Items;
use crate::value::{FunctionData, Value};

/// Approximate bytes of an allocation of `n` items of `size` bytes.
fn block(n: usize, size: usize) -> usize {
    16 + n.saturating_mul(size)
}

const VALUE: usize = std::mem::size_of::<Value>();

/// A walk over what the VM reaches, each allocation counted once. It holds
/// clones (environments' cells cannot lend references) of the containers
/// still to visit; strings and numbers in a container are counted on the
/// spot, so a long array of numbers costs the walk no memory. A container
/// that only its parent holds (most of a syntax tree or a rope) is reached
/// once, so it is not recorded in `seen`: the set stays small.
#[derive(Default)]
struct Walk {
    seen: AddrSet,
    bytes: usize,
    values: Vec<Value>,
    /// Containers held by one container only, which was visited once.
    unique: Vec<Value>,
    envs: Vec<Rc<Env>>,
    protos: Vec<Rc<Proto>>,
}

impl Walk {
    /// Counts `addr` of `bytes`; returns whether it was new.
    fn first(&mut self, addr: usize, bytes: usize) -> bool {
        let new = self.seen.insert(addr);
        if new {
            self.bytes = self.bytes.saturating_add(bytes);
        }
        new
    }

    fn run(&mut self) {
        loop {
            if let Some(v) = self.unique.pop() {
                self.container(&v, true);
            } else if let Some(v) = self.values.pop() {
                self.value(&v);
            } else if let Some(env) = self.envs.pop() {
                let mut cells = Vec::new();
                env.for_each_value(|v| cells.push(v.clone()));
                if self.first(Rc::as_ptr(&env) as usize, block(cells.len(), VALUE)) {
                    self.values.extend(cells);
                    self.envs.extend(env.parent().cloned());
                }
            } else if let Some(proto) = self.protos.pop() {
                let size = block(proto.ops.len(), std::mem::size_of::<super::code::Op>());
                if self.first(Rc::as_ptr(&proto) as usize, size) {
                    self.values.extend(proto.constants.iter().cloned());
                    self.protos.extend(proto.protos.iter().cloned());
                }
            } else {
                return;
            }
        }
    }

    /// A value held by a container visited once: containers are visited
    /// later, the rest now.
    fn child(&mut self, v: &Value) {
        let held_once = match v {
            Value::Array(a) => a.strong_count() == 1,
            Value::Object(o) => o.strong_count() == 1,
            Value::Function(f) => f.strong_count() == 1,
            _ => false,
        };
        if held_once {
            self.unique.push(v.clone());
        } else if v.addr().is_some() {
            self.values.push(v.clone());
        } else {
            self.value(v);
        }
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::String(s) => {
                self.first(s.addr(), block(s.len(), 2));
            }
            Value::BigInt(n) => {
                let bytes = usize::try_from(n.bits() / 8).unwrap_or(usize::MAX);
                self.first(Rc::as_ptr(n) as usize, 32 + bytes);
            }
            _ => self.container(v, false),
        }
    }

    /// Counts a container (or function) and visits what it holds, unless
    /// it was counted before; `once` when it is known to be reached once.
    fn container(&mut self, v: &Value, once: bool) {
        let (addr, bytes) = match v {
            Value::Array(a) => (a.addr(), a.heap_bytes()),
            Value::Object(o) => (o.addr(), block(o.len(), VALUE)),
            Value::Function(f) => (f.addr(), 64),
            _ => return,
        };
        if once {
            self.bytes = self.bytes.saturating_add(bytes);
        } else if !self.first(addr, bytes) {
            return;
        }
        match v {
            Value::Array(a) => {
                if let Items::Values(items) = a.view() {
                    for item in items {
                        self.child(item);
                    }
                }
            }
            Value::Object(o) => {
                // Objects of one shape share their keys: counted once.
                let keys = o.shape().as_slice();
                let key = std::mem::size_of::<crate::value::JsString>();
                if self.first(o.shape().addr(), block(keys.len(), key)) {
                    for k in keys {
                        self.first(k.addr(), block(k.len(), 2));
                    }
                }
                for v in o.values() {
                    self.child(v);
                }
            }
            Value::Function(f) => {
                if let FunctionData::Closure(c) = f.data() {
                    self.protos.push(c.proto.clone());
                    self.envs.extend(c.env.clone());
                }
            }
            _ => {}
        }
    }
}

impl Vm {
    /// Measures what the running evaluation keeps alive, if it is time to,
    /// and fails past the memory budget.
    pub(super) fn check_memory(&mut self) -> Result<(), VmError> {
        if !self.meter.measure_due() {
            return Ok(());
        }
        let live = self.live_bytes();
        self.meter.measured(live)
    }

    /// Approximate bytes reachable from the VM's stacks.
    fn live_bytes(&self) -> usize {
        let mut walk = Walk {
            bytes: block(self.stack.len(), VALUE) + block(self.slots.len(), VALUE),
            ..Walk::default()
        };
        walk.values.extend(self.stack.iter().cloned());
        walk.values.extend(self.slots.iter().flatten().cloned());
        walk.values.extend(self.returned.iter().cloned());
        for builder in &self.builders {
            match builder {
                Builder::Array(items) => {
                    walk.bytes += block(items.len(), VALUE);
                    walk.values.extend(items.iter().cloned());
                }
                Builder::Object(object) => {
                    for (_, v) in object.entries() {
                        walk.bytes += VALUE * 2;
                        walk.values.push(v.clone());
                    }
                }
            }
        }
        for frame in &self.frames {
            match frame {
                Frame::Code(code) => {
                    walk.protos.push(code.proto.clone());
                    walk.envs.extend(code.env.clone());
                }
                Frame::Loop(frame) => frame.for_each_value(&mut walk.values),
            }
        }
        walk.run();
        walk.bytes
    }
}
