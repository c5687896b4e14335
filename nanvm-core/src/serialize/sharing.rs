//! Which containers of a value graph are reached more than once.
//!
//! Both graph writers (DJS text and bytecode) name each such container once
//! and refer to it by name everywhere else; this module decides which
//! containers those are and in which order they are defined. The Rust
//! writer names every container (a Rust `static`'s address is its
//! identity), in the same order.

use crate::addr::AddrMap;
use crate::value::Value;

/// The containers of a graph that are reached along more than one path,
/// children before parents, so each is defined before it is used.
pub(crate) struct SharingPlan {
    /// Address of each shared container to its position in `order`.
    names: AddrMap<usize>,
    /// The shared containers in definition order.
    order: Vec<Value>,
}

impl SharingPlan {
    /// Walks `root` (without recursion) and collects its shared containers.
    pub(crate) fn new(root: &Value) -> Self {
        Self::naming(root, |reached| reached > 1)
    }

    /// Names every container of `root` but `root` itself, children before
    /// parents: the order [`new`](Self::new) defines shared ones in.
    pub(crate) fn every_container(root: &Value) -> Self {
        Self::naming(root, |_| true)
    }

    /// Walks `root` (without recursion) and names the containers other than
    /// `root` for which `named` holds of the number of places reaching them.
    fn naming(root: &Value, named: fn(u32) -> bool) -> Self {
        let mut counts: AddrMap<u32> = AddrMap::default();
        let mut post_order: Vec<Value> = Vec::new();
        // (value, children pushed?) pairs: a node is recorded after its children.
        let mut stack: Vec<(Value, bool)> = vec![(root.clone(), false)];
        while let Some((value, expanded)) = stack.pop() {
            let Some(addr) = container_addr(&value) else {
                continue;
            };
            if expanded {
                post_order.push(value);
                continue;
            }
            let count = counts.entry(addr).or_insert(0);
            *count += 1;
            if *count > 1 {
                continue;
            }
            stack.push((value.clone(), true));
            let children = children(&value);
            // Reversed so the first child is visited first.
            stack.extend(children.iter().rev().map(|c| (c.clone(), false)));
        }
        let root_addr = container_addr(root);
        let order: Vec<Value> = post_order
            .into_iter()
            .filter(|v| {
                let addr = container_addr(v);
                addr != root_addr && addr.is_some_and(|a| named(counts[&a]))
            })
            .collect();
        let names = order
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((container_addr(v)?, i)))
            .collect();
        SharingPlan { names, order }
    }

    /// The shared containers, in definition order.
    pub(crate) fn shared(&self) -> &[Value] {
        &self.order
    }

    /// The position in [`shared`](Self::shared) of `value`, if it is shared.
    pub(crate) fn name_of(&self, value: &Value) -> Option<usize> {
        self.names.get(&container_addr(value)?).copied()
    }
}

/// The address of an array or object; `None` for everything else.
fn container_addr(value: &Value) -> Option<usize> {
    match value {
        Value::Array(a) => Some(a.addr()),
        Value::Object(o) => Some(o.addr()),
        _ => None,
    }
}

fn children(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(a) => a.items().to_vec(),
        Value::Object(o) => o.values().to_vec(),
        _ => Vec::new(),
    }
}
