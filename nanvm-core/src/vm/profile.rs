//! An opt-in profile of FJS functions (feature `vm-profile`, printed to
//! stderr when a VM is dropped and `NANVM_PROFILE` is set): for each lowered
//! function, how often it was entered and how many operations it ran, with
//! its string constants to recognise it by. Not in the default build.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::code::Proto;
use crate::value::Value;

#[derive(Default)]
struct Entry {
    proto: Option<Rc<Proto>>,
    calls: u64,
    ops: u64,
}

thread_local! {
    static ENTRIES: RefCell<HashMap<usize, Entry>> = RefCell::new(HashMap::new());
}

fn with_entry(proto: &Rc<Proto>, f: impl FnOnce(&mut Entry)) {
    ENTRIES.with(|entries| {
        let mut entries = entries.borrow_mut();
        let entry = entries.entry(Rc::as_ptr(proto) as usize).or_default();
        if entry.proto.is_none() {
            entry.proto = Some(proto.clone());
        }
        f(entry);
    });
}

/// Counts an entry into `proto`.
pub(crate) fn call(proto: &Rc<Proto>) {
    with_entry(proto, |e| e.calls += 1);
}

/// Counts the operations of one run of [`super::Vm`]'s loop in a frame of `proto`.
pub(crate) struct Ops {
    proto: Rc<Proto>,
    /// Operations run so far.
    pub(crate) count: u64,
}

impl Ops {
    pub(crate) fn new(proto: &Rc<Proto>) -> Self {
        Ops {
            proto: proto.clone(),
            count: 0,
        }
    }

    /// Counts for `proto` from now on (the running frame changed); what was
    /// counted so far goes to the function before.
    pub(crate) fn switch(&mut self, proto: &Rc<Proto>) {
        *self = Ops::new(proto);
    }
}

impl Drop for Ops {
    fn drop(&mut self) {
        let count = self.count;
        with_entry(&self.proto, |e| e.ops += count);
    }
}

/// Prints the functions that ran the most operations, if `NANVM_PROFILE` is set.
pub(crate) fn report() {
    if std::env::var_os("NANVM_PROFILE").is_none() {
        return;
    }
    ENTRIES.with(|entries| {
        let entries = entries.borrow();
        let total: u64 = entries.values().map(|e| e.ops).sum();
        let mut rows: Vec<&Entry> = entries.values().collect();
        rows.sort_by_key(|e| std::cmp::Reverse(e.ops));
        eprintln!("vm-profile: {total} operations");
        for e in rows.iter().take(40) {
            let Some(proto) = &e.proto else { continue };
            let strings: Vec<String> = proto
                .constants
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) if s.len() <= 24 => Some(s.to_string_lossy()),
                    _ => None,
                })
                .take(8)
                .collect();
            eprintln!(
                "{:5.1}% ops {:>11} calls {:>9} params {} len {:>4} {:?}",
                e.ops as f64 * 100.0 / total.max(1) as f64,
                e.ops,
                e.calls,
                proto.params,
                proto.ops.len(),
                strings
            );
            // A short function's operations, to recognise it by.
            if proto.ops.len() <= 24 {
                eprintln!("        {:?}", proto.ops);
            }
        }
    });
}
