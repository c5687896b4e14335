//! Array methods without callbacks: `includes`, `slice`, `flat`, `concat`.

use super::global::ITEM_BYTES;
use super::{arg, Outcome};
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
/// `Infinity` for all), with a work list instead of recursion.
pub(super) fn flat(array: &Array, args: &[Value], meter: &mut Meter) -> Result<Outcome, VmError> {
    let depth = match arg(args, 0) {
        Value::Undefined => 1.0,
        v => to_integer_or_infinity(to_number(&v, meter)?).max(0.0),
    };
    // Counted first, so that the result (often the largest array a
    // compilation makes: its output bytes) is allocated once, exactly: a
    // mapped range has a trusted length, so `collect` fills one allocation.
    let mut counting = Leaves::new(array, depth);
    let count = counting.by_ref().count();
    meter.steps(counting.visited)?;
    meter.alloc_items(count, ITEM_BYTES)?;
    let mut leaves = Leaves::new(array, depth);
    let out: Value = Value::array((0..count).map(|_| leaves.next().cloned().unwrap_or_default()));
    Ok(out.into())
}

/// The items of an array flattened `depth` levels, in order, with a work
/// list instead of recursion.
struct Leaves<'a> {
    /// (items, next index, levels still to flatten below them)
    stack: Vec<(&'a [Value], usize, f64)>,
    /// Items visited so far, nested arrays included.
    visited: u64,
}

impl<'a> Leaves<'a> {
    fn new(array: &'a Array, depth: f64) -> Self {
        Leaves {
            stack: vec![(array.items(), 0, depth)],
            visited: 0,
        }
    }
}

impl<'a> Iterator for Leaves<'a> {
    type Item = &'a Value;

    fn next(&mut self) -> Option<&'a Value> {
        while let Some((items, next, levels)) = self.stack.last_mut() {
            let items: &'a [Value] = items;
            let Some(item) = items.get(*next) else {
                self.stack.pop();
                continue;
            };
            *next += 1;
            self.visited += 1;
            match item {
                Value::Array(inner) if *levels >= 1.0 => {
                    let below = *levels - 1.0;
                    self.stack.push((inner.items(), 0, below));
                }
                other => return Some(other),
            }
        }
        None
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
