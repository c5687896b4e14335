//! Array methods without callbacks: `includes`, `slice`, `flat`, `concat`.

use super::global::ITEM_BYTES;
use super::{arg, Outcome};
use crate::value::array::{byte_of, Items};
use crate::value::{Array, Value};
use crate::vm::budget::Meter;
use crate::vm::convert::{to_integer_or_infinity, to_number};
use crate::vm::error::VmError;
use crate::vm::operators::same_value_zero;

/// A relative index argument (`slice`'s start and end), clamped to
/// `0..=len`; `undefined` is `default`.
pub(super) fn relative_index(
    v: &Value,
    len: usize,
    default: usize,
    meter: &mut Meter,
) -> Result<usize, VmError> {
    if v.is_undefined() {
        return Ok(default);
    }
    let x = to_integer_or_infinity(to_number(v, meter)?);
    let len_f = len as f64;
    // Exact: the results are integers in 0..=len.
    Ok(if x < 0.0 {
        (len_f + x).max(0.0) as usize
    } else {
        x.min(len_f) as usize
    })
}

/// `array.includes(value, fromIndex)`, by SameValueZero.
pub(super) fn includes(
    array: &Array,
    args: &[Value],
    meter: &mut Meter,
) -> Result<Outcome, VmError> {
    let len = array.len();
    if len == 0 {
        return Ok(Value::Bool(false).into());
    }
    let target = arg(args, 0);
    let n = to_integer_or_infinity(to_number(&arg(args, 1), meter)?);
    if n == f64::INFINITY {
        return Ok(Value::Bool(false).into());
    }
    let start = if n >= 0.0 {
        n.min(len as f64) as usize
    } else {
        (len as f64 + n).max(0.0) as usize
    };
    let items = &array.items()[start..];
    // A string equals only a string of the same code units: compared
    // without the general SameValueZero, a step per item looked at.
    if let Value::String(target) = &target {
        let units = target.as_units();
        let found = items
            .iter()
            .position(|item| matches!(item, Value::String(s) if s.as_units() == units));
        meter.steps(found.map_or(items.len(), |k| k + 1) as u64)?;
        return Ok(Value::Bool(found.is_some()).into());
    }
    for item in items {
        meter.step()?;
        if same_value_zero(item, &target) {
            return Ok(Value::Bool(true).into());
        }
    }
    Ok(Value::Bool(false).into())
}

/// `array.slice(start, end)`.
pub(super) fn slice(array: &Array, args: &[Value], meter: &mut Meter) -> Result<Outcome, VmError> {
    let len = array.len();
    let start = relative_index(&arg(args, 0), len, 0, meter)?;
    let end = relative_index(&arg(args, 1), len, len, meter)?;
    let items = array.items().get(start..end).unwrap_or_default();
    meter.alloc_items(items.len(), ITEM_BYTES)?;
    meter.steps(items.len() as u64)?;
    Ok(Value::array(items.iter().cloned()).into())
}

/// `array.flat(depth)`: nested arrays flattened `depth` levels (default 1,
/// `Infinity` for all), with a work list instead of recursion. Items that
/// are all bytes (a module's bytecode, flattened from its rope) come out
/// as a byte array.
pub(super) fn flat(array: &Array, args: &[Value], meter: &mut Meter) -> Result<Outcome, VmError> {
    let depth = match arg(args, 0) {
        Value::Undefined => 1.0,
        v => to_integer_or_infinity(to_number(&v, meter)?).max(0.0),
    };
    // Counted first, so that the result (often the largest array a
    // compilation makes: its output bytes) is allocated once, exactly.
    let mut count = 0usize;
    let mut all_bytes = true;
    let visited = Leaves::new(array, depth).for_each(|leaf| {
        count += leaf.len();
        all_bytes &= leaf.is_bytes();
    });
    meter.steps(visited)?;
    meter.alloc_items(count, ITEM_BYTES)?;
    let out = if all_bytes {
        let mut bytes = Vec::with_capacity(count);
        Leaves::new(array, depth).for_each(|leaf| leaf.push_bytes(&mut bytes));
        Array::from_bytes(bytes)
    } else {
        let mut values = Vec::with_capacity(count);
        Leaves::new(array, depth).for_each(|leaf| leaf.push_values(&mut values));
        Array::from(values)
    };
    Ok(Value::Array(out).into())
}

/// The items of an array flattened `depth` levels, in order, with a work
/// list instead of recursion.
struct Leaves<'a> {
    /// (items, next index, levels still to flatten below them)
    stack: Vec<(&'a [Value], usize, f64)>,
    /// The array itself, if it holds bytes.
    top_bytes: Option<&'a [u8]>,
}

/// What [`Leaves`] hands out: one item, or a byte array's items at once.
enum Leaf<'a> {
    Value(&'a Value),
    Bytes(&'a [u8]),
}

impl Leaf<'_> {
    fn len(&self) -> usize {
        match self {
            Leaf::Value(_) => 1,
            Leaf::Bytes(bytes) => bytes.len(),
        }
    }

    fn is_bytes(&self) -> bool {
        match self {
            Leaf::Value(Value::Number(n)) => byte_of(*n).is_some(),
            Leaf::Value(_) => false,
            Leaf::Bytes(_) => true,
        }
    }

    /// Appends the leaf's bytes; only called when [`Leaf::is_bytes`].
    fn push_bytes(&self, out: &mut Vec<u8>) {
        match self {
            Leaf::Value(Value::Number(n)) => out.extend(byte_of(*n)),
            Leaf::Value(_) => {}
            Leaf::Bytes(bytes) => out.extend_from_slice(bytes),
        }
    }

    fn push_values(&self, out: &mut Vec<Value>) {
        match self {
            Leaf::Value(v) => out.push((*v).clone()),
            Leaf::Bytes(bytes) => out.extend(bytes.iter().map(|&b| Value::Number(f64::from(b)))),
        }
    }
}

impl<'a> Leaves<'a> {
    fn new(array: &'a Array, depth: f64) -> Self {
        let mut leaves = Leaves {
            stack: Vec::new(),
            top_bytes: None,
        };
        leaves.top_bytes = leaves.visit(array, depth);
        leaves
    }

    /// Starts on `array`'s items; a byte array has no arrays below it.
    fn visit(&mut self, array: &'a Array, depth: f64) -> Option<&'a [u8]> {
        match array.view() {
            Items::Values(items) => {
                self.stack.push((items, 0, depth));
                None
            }
            Items::Bytes(bytes) => Some(bytes),
        }
    }

    /// Calls `f` on each leaf in order; returns how many items were
    /// visited, nested arrays included (the steps taken).
    fn for_each(mut self, mut f: impl FnMut(Leaf<'a>)) -> u64 {
        let mut visited = 0u64;
        if let Some(bytes) = self.top_bytes {
            visited += bytes.len() as u64;
            f(Leaf::Bytes(bytes));
        }
        while let Some((items, next, levels)) = self.stack.last_mut() {
            let items: &'a [Value] = items;
            let Some(item) = items.get(*next) else {
                self.stack.pop();
                continue;
            };
            *next += 1;
            visited += 1;
            match item {
                Value::Array(inner) if *levels >= 1.0 => {
                    let below = *levels - 1.0;
                    if let Some(bytes) = self.visit(inner, below) {
                        visited += bytes.len() as u64;
                        f(Leaf::Bytes(bytes));
                    }
                }
                other => f(Leaf::Value(other)),
            }
        }
        visited
    }
}

/// `array.concat(...values)`: arrays contribute their items, anything else itself.
pub(super) fn concat(array: &Array, args: &[Value], meter: &mut Meter) -> Result<Outcome, VmError> {
    let parts = std::iter::once(array.items()).chain(args.iter().map(|v| match v {
        Value::Array(a) => a.items(),
        other => std::slice::from_ref(other),
    }));
    let len: usize = parts.clone().map(<[Value]>::len).sum();
    meter.alloc_items(len, ITEM_BYTES)?;
    meter.steps(len as u64)?;
    let mut out = Vec::with_capacity(len);
    for part in parts {
        out.extend_from_slice(part);
    }
    Ok(Value::from(out).into())
}
