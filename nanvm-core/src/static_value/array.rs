//! Static arrays.

use std::fmt;
use std::slice;

use super::{to_value, StaticValue};
use crate::value::Value;

/// A JavaScript array in static memory.
///
/// Its address is its identity, as an `Rc`'s is for a runtime
/// [`Array`](crate::value::Array): the generated code writes each array as
/// its own `static`, so an array that the DJS graph reaches along two paths
/// is one `static`, referred to from both places. (Rust guarantees that
/// distinct `static`s of at least one byte, as a `StaticArray` is even when
/// empty, never share an address: the Reference's
/// `items.static.storage-disjointness`.)
///
/// ```
/// use nanvm_runtime::static_value::{StaticArray, StaticValue};
///
/// static POINT: StaticArray = StaticArray::new(&[StaticValue::Number(1.0), StaticValue::Number(2.0)]);
/// static PATH: StaticArray = StaticArray::new(&[StaticValue::Array(&POINT), StaticValue::Array(&POINT)]);
///
/// assert_eq!(POINT.len(), 2);
/// assert_eq!(POINT.get(1).and_then(StaticValue::as_f64), Some(2.0));
/// assert_eq!(POINT.iter().filter_map(StaticValue::as_f64).sum::<f64>(), 3.0);
/// assert_eq!(PATH.to_value().to_string(), "const c0 = [1,2]\nexport default [c0,c0]");
/// ```
///
/// An array written inline, `StaticValue::Array(&StaticArray::new(&[…]))`,
/// is a promoted constant, and Rust merges equal constants: two equal
/// inline arrays may share an address, and then they are one array to
/// [`to_value`](StaticArray::to_value). Write each array whose identity
/// matters as its own `static`, as the generated code does.
pub struct StaticArray {
    /// The items.
    pub items: &'static [StaticValue],
}

impl StaticArray {
    /// An array of these items.
    pub const fn new(items: &'static [StaticValue]) -> Self {
        StaticArray { items }
    }

    /// The number of items (JavaScript's `length`).
    pub const fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the array is empty.
    pub const fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The item at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&'static StaticValue> {
        self.items.get(index)
    }

    /// The items, in order.
    pub fn iter(&self) -> slice::Iter<'static, StaticValue> {
        self.items.iter()
    }

    /// The array as a runtime value: see [`StaticValue::to_value`].
    pub fn to_value(&self) -> Value {
        to_value::array(self)
    }
}

impl IntoIterator for &StaticArray {
    type Item = &'static StaticValue;
    type IntoIter = slice::Iter<'static, StaticValue>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Display for StaticArray {
    /// Writes the array as the text of a DJS module (see [`StaticValue`]'s
    /// `Display`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_value(), f)
    }
}

impl fmt::Debug for StaticArray {
    /// Writes the array as the text of a DJS module, as `Display` does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
