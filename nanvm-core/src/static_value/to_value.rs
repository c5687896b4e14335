//! Static values into runtime values, identity included: each static array
//! or object becomes one `Rc`, however many places refer to it.

use std::collections::HashMap;
use std::rc::Rc;

use super::{StaticArray, StaticObject, StaticValue};
use crate::value::{ObjectBuilder, Value};

/// [`StaticValue::to_value`].
pub(super) fn value(value: &StaticValue) -> Value {
    match value {
        StaticValue::Array(a) => array(a),
        StaticValue::Object(o) => object(o),
        leaf => leaf_value(leaf),
    }
}

/// [`StaticArray::to_value`].
pub(super) fn array(array: &StaticArray) -> Value {
    Converter::default().run(Container::Array(array))
}

/// [`StaticObject::to_value`].
pub(super) fn object(object: &StaticObject) -> Value {
    Converter::default().run(Container::Object(object))
}

/// A primitive as a runtime value (containers are converted by
/// [`Converter`], which keeps their identity).
fn leaf_value(value: &StaticValue) -> Value {
    match value {
        StaticValue::Undefined => Value::Undefined,
        StaticValue::Null => Value::Null,
        StaticValue::Bool(b) => Value::Bool(*b),
        StaticValue::Number(n) => Value::Number(*n),
        StaticValue::String(s) => Value::String(s.to_js_string()),
        StaticValue::BigInt(n) => Value::BigInt(Rc::new(n.to_bigint())),
        StaticValue::Array(a) => array(a),
        StaticValue::Object(o) => object(o),
    }
}

#[derive(Clone, Copy)]
enum Container<'a> {
    Array(&'a StaticArray),
    Object(&'a StaticObject),
}

impl Container<'_> {
    /// The container's identity: its kind and address.
    fn identity(self) -> (bool, usize) {
        match self {
            Container::Array(a) => (false, std::ptr::from_ref(a).addr()),
            Container::Object(o) => (true, std::ptr::from_ref(o).addr()),
        }
    }

    fn child(self, i: usize) -> Option<&'static StaticValue> {
        match self {
            Container::Array(a) => a.items.get(i),
            Container::Object(o) => o.entries.get(i).map(|(_, v)| v),
        }
    }
}

/// A container being converted: its children converted so far.
struct Frame<'a> {
    container: Container<'a>,
    children: Vec<Value>,
}

impl Frame<'_> {
    fn finish(self) -> Value {
        match self.container {
            Container::Array(_) => Value::from(self.children),
            Container::Object(o) => {
                let mut builder = ObjectBuilder::new();
                for ((k, _), v) in o.entries.iter().zip(self.children) {
                    builder.insert(k.to_js_string(), v);
                }
                Value::Object(builder.build())
            }
        }
    }
}

/// Converts a graph with an explicit stack, so that no nesting overflows the
/// native stack, and remembers each container converted.
#[derive(Default)]
struct Converter<'a> {
    converted: HashMap<(bool, usize), Value>,
    stack: Vec<Frame<'a>>,
}

impl<'a> Converter<'a> {
    fn run(mut self, root: Container<'a>) -> Value {
        self.enter(root);
        loop {
            let Some(top) = self.stack.last_mut() else {
                return Value::Undefined;
            };
            let next = top.container.child(top.children.len());
            let container = match next {
                Some(StaticValue::Array(a)) => Container::Array(a),
                Some(StaticValue::Object(o)) => Container::Object(o),
                Some(leaf) => {
                    top.children.push(leaf_value(leaf));
                    continue;
                }
                None => {
                    let Some(frame) = self.stack.pop() else {
                        return Value::Undefined;
                    };
                    let identity = frame.container.identity();
                    let value = frame.finish();
                    match self.stack.last_mut() {
                        Some(parent) => parent.children.push(value.clone()),
                        None => return value,
                    }
                    self.converted.insert(identity, value);
                    continue;
                }
            };
            match self.converted.get(&container.identity()) {
                Some(done) => top.children.push(done.clone()),
                None => self.enter(container),
            }
        }
    }

    fn enter(&mut self, container: Container<'a>) {
        let len = match container {
            Container::Array(a) => a.len(),
            Container::Object(o) => o.len(),
        };
        self.stack.push(Frame {
            container,
            children: Vec::with_capacity(len),
        });
    }
}
