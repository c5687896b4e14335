//! JavaScript arrays.

use std::rc::Rc;

use super::Value;

/// An immutable JavaScript array (no holes).
///
/// Cloning is cheap and keeps identity: [`Array::ptr_eq`] tells two handles
/// to the same array apart from two equal arrays.
#[derive(Clone)]
pub struct Array(Rc<[Value]>);

impl Array {
    /// The items.
    pub fn items(&self) -> &[Value] {
        &self.0
    }

    /// The number of items (JavaScript's `length`).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The item at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&Value> {
        self.0.get(index)
    }

    /// Whether two handles point at the same array (JavaScript identity).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }

    /// How many handles share this array.
    #[inline]
    pub(crate) fn strong_count(&self) -> usize {
        Rc::strong_count(&self.0)
    }

    /// An address that identifies this array while it is alive.
    pub fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }

    /// The items, if this is the last handle (for [`Value`]'s drop).
    pub(super) fn items_mut_if_unique(&mut self) -> Option<impl Iterator<Item = &mut Value>> {
        Rc::get_mut(&mut self.0).map(|items| items.iter_mut())
    }

    /// Moves out the child values if this is the last handle, for
    /// [`Value`]'s non-recursive drop.
    pub(super) fn take_children_if_unique(&mut self, out: &mut Vec<Value>) {
        if let Some(items) = Rc::get_mut(&mut self.0) {
            for v in items.iter_mut() {
                // A shared child outlives this container: dropping it here is shallow.
                if v.is_unique_container() {
                    out.push(std::mem::take(v));
                }
            }
        }
    }
}

impl Array {
    /// The array of the values `values[at..]`, moved out: one allocation of
    /// exactly their size (a fixed-size array for up to 8 items, cheaper
    /// than collecting an iterator).
    pub(crate) fn from_tail(values: &mut Vec<Value>, at: usize) -> Self {
        fn fixed<const N: usize>(values: &mut Vec<Value>) -> Rc<[Value]> {
            let at = values.len().saturating_sub(N);
            let tail = &mut values[at..];
            let items: [Value; N] =
                std::array::from_fn(|i| tail.get_mut(i).map(std::mem::take).unwrap_or_default());
            values.truncate(at);
            Rc::new(items)
        }
        Array(match values.len().saturating_sub(at) {
            0 => fixed::<0>(values),
            1 => fixed::<1>(values),
            2 => fixed::<2>(values),
            3 => fixed::<3>(values),
            4 => fixed::<4>(values),
            5 => fixed::<5>(values),
            6 => fixed::<6>(values),
            7 => fixed::<7>(values),
            8 => fixed::<8>(values),
            _ => values.drain(at..).collect(),
        })
    }
}

impl From<Vec<Value>> for Array {
    fn from(items: Vec<Value>) -> Self {
        Self(items.into())
    }
}

impl<const N: usize> From<[Value; N]> for Array {
    /// The array of these items, in one allocation.
    fn from(items: [Value; N]) -> Self {
        Self(Rc::new(items))
    }
}

impl FromIterator<Value> for Array {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}
