//! Freeing reference cycles through environments, by trial deletion.
//!
//! Values are immutable, so the only edge written after a value is made is
//! an environment cell: every cycle passes through an environment. The
//! collector looks at the graph reachable from the environments the VM
//! made (environments, closures, arrays, objects), counts for each node the
//! references coming from inside that graph, and treats a node with more
//! references than that as held from outside (by a frame, the operand
//! stack, a prototype's constants or the embedder). Everything reachable
//! from such a node is alive; the cells of the other environments are
//! emptied, which breaks their cycles and frees them.

use std::rc::{Rc, Weak};

use super::env::Env;
use crate::addr::AddrMap;
use crate::value::array::Items;
use crate::value::{Array, Function, FunctionData, Object, Value};

/// A node of the graph, held once by the collector.
enum Node {
    Env(Rc<Env>),
    Array(Array),
    Object(Object),
    Function(Function),
}

impl Node {
    fn of(v: &Value) -> Option<Node> {
        match v {
            Value::Array(a) => Some(Node::Array(a.clone())),
            Value::Object(o) => Some(Node::Object(o.clone())),
            Value::Function(f) => Some(Node::Function(f.clone())),
            _ => None,
        }
    }

    fn addr(&self) -> usize {
        match self {
            Node::Env(e) => Rc::as_ptr(e) as usize,
            Node::Array(a) => a.addr(),
            Node::Object(o) => o.addr(),
            Node::Function(f) => f.addr(),
        }
    }

    fn strong_count(&self) -> usize {
        match self {
            Node::Env(e) => Rc::strong_count(e),
            Node::Array(a) => a.strong_count(),
            Node::Object(o) => o.strong_count(),
            Node::Function(f) => f.strong_count(),
        }
    }

    /// Calls `f` with each reference this node holds (once per reference).
    fn each_child(&self, f: &mut dyn FnMut(Child<'_>)) {
        match self {
            Node::Env(e) => {
                e.for_each_value(|v| f(Child::Value(v)));
                if let Some(parent) = e.parent() {
                    f(Child::Env(parent));
                }
            }
            Node::Array(a) => {
                // A byte array holds no values.
                if let Items::Values(items) = a.view() {
                    items.iter().for_each(|v| f(Child::Value(v)));
                }
            }
            Node::Object(o) => o.values().iter().for_each(|v| f(Child::Value(v))),
            Node::Function(func) => {
                if let FunctionData::Closure(c) = func.data() {
                    if let Some(env) = &c.env {
                        f(Child::Env(env));
                    }
                }
            }
        }
    }
}

enum Child<'a> {
    Value(&'a Value),
    Env(&'a Rc<Env>),
}

impl Child<'_> {
    fn addr(&self) -> Option<usize> {
        match self {
            Child::Value(v) => v.addr(),
            Child::Env(e) => Some(Rc::as_ptr(e) as usize),
        }
    }

    fn node(&self) -> Option<Node> {
        match self {
            Child::Value(v) => Node::of(v),
            Child::Env(e) => Some(Node::Env(Rc::clone(e))),
        }
    }
}

/// Empties the environments of `envs` that only cycles keep alive; drops
/// the dead entries of `envs`. Returns how many environments were emptied.
pub(super) fn collect(envs: &mut Vec<Weak<Env>>) -> usize {
    envs.retain(|e| e.strong_count() > 0);
    let mut nodes: Vec<Node> = Vec::new();
    let mut index: AddrMap<usize> = AddrMap::default();
    for env in envs.iter().filter_map(Weak::upgrade) {
        let node = Node::Env(env);
        if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(node.addr()) {
            slot.insert(nodes.len());
            nodes.push(node);
        }
    }
    // Explore, counting the references from inside the graph.
    let mut internal: Vec<usize> = vec![0; nodes.len()];
    let mut i = 0;
    while i < nodes.len() {
        let mut found: Vec<Node> = Vec::new();
        nodes[i].each_child(&mut |child| {
            let Some(addr) = child.addr() else { return };
            match index.get(&addr) {
                Some(&j) => internal[j] += 1,
                None => {
                    if let Some(node) = child.node() {
                        index.insert(addr, nodes.len() + found.len());
                        found.push(node);
                        internal.push(1);
                    }
                }
            }
        });
        nodes.extend(found);
        i += 1;
    }
    // Nodes with references from outside are alive, and what they reach.
    let mut alive = vec![false; nodes.len()];
    let mut pending: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].strong_count() > internal[i] + 1)
        .collect();
    for &i in &pending {
        alive[i] = true;
    }
    while let Some(i) = pending.pop() {
        nodes[i].each_child(&mut |child| {
            let Some(j) = child.addr().and_then(|a| index.get(&a).copied()) else {
                return;
            };
            if !alive[j] {
                alive[j] = true;
                pending.push(j);
            }
        });
    }
    let mut freed = Vec::new();
    let mut count = 0;
    for (node, alive) in nodes.iter().zip(&alive) {
        if let (Node::Env(env), false) = (node, alive) {
            freed.extend(env.clear());
            count += 1;
        }
    }
    drop(nodes);
    drop(freed);
    envs.retain(|e| e.strong_count() > 0);
    count
}
