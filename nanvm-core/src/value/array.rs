//! JavaScript arrays.
//!
//! An array holds its items as values, or, when every item is an integer
//! from 0 to 255 (a byte), as bytes: the compiler's output (a module's
//! bytecode, hundreds of thousands of bytes) then takes one byte per item
//! instead of a [`Value`] each. Nothing a program can observe tells the two
//! apart; [`Array::items`] makes the values of a byte array once, on first
//! use, and keeps them.

use std::cell::OnceCell;
use std::rc::Rc;

use super::Value;

/// An immutable JavaScript array (no holes).
///
/// Cloning is cheap and keeps identity: [`Array::ptr_eq`] tells two handles
/// to the same array apart from two equal arrays.
#[derive(Clone)]
pub struct Array(Repr);

#[derive(Clone)]
enum Repr {
    Values(Rc<[Value]>),
    Bytes(Rc<Bytes>),
}

/// The items of an array whose items are all bytes.
struct Bytes {
    bytes: ByteStore,
    /// The items as values, made by the first [`Array::items`].
    values: OnceCell<Box<[Value]>>,
}

/// Up to [`ByteStore::INLINE`] bytes inside the array's own allocation,
/// more in a second one.
enum ByteStore {
    Inline(u8, [u8; ByteStore::INLINE]),
    Heap(Box<[u8]>),
}

impl ByteStore {
    const INLINE: usize = 22;

    fn new(bytes: impl AsRef<[u8]> + Into<Box<[u8]>>) -> Self {
        let mut inline = [0; Self::INLINE];
        let len = bytes.as_ref().len();
        match inline.get_mut(..len) {
            Some(head) => {
                head.copy_from_slice(bytes.as_ref());
                ByteStore::Inline(len as u8, inline)
            }
            None => ByteStore::Heap(bytes.into()),
        }
    }

    fn as_slice(&self) -> &[u8] {
        match self {
            ByteStore::Inline(len, bytes) => &bytes[..usize::from(*len)],
            ByteStore::Heap(bytes) => bytes,
        }
    }
}

/// The byte a number is, if it is an integer from 0 to 255 (not `-0`).
#[inline]
pub(crate) fn byte_of(n: f64) -> Option<u8> {
    let b = n as u8;
    (f64::from(b) == n && n.is_sign_positive()).then_some(b)
}

/// An array's items as they are held, for readers that can take bytes as
/// they are (see [`Array::view`]).
#[derive(Clone, Copy)]
pub(crate) enum Items<'a> {
    Values(&'a [Value]),
    Bytes(&'a [u8]),
}

impl Array {
    /// The items.
    pub fn items(&self) -> &[Value] {
        match &self.0 {
            Repr::Values(items) => items,
            Repr::Bytes(b) => b.values.get_or_init(|| {
                b.bytes
                    .as_slice()
                    .iter()
                    .map(|&byte| Value::Number(f64::from(byte)))
                    .collect()
            }),
        }
    }

    /// The items as they are held: bytes stay bytes.
    #[inline]
    pub(crate) fn view(&self) -> Items<'_> {
        match &self.0 {
            Repr::Values(items) => Items::Values(items),
            Repr::Bytes(b) => Items::Bytes(b.bytes.as_slice()),
        }
    }

    /// The items as bytes, if this array holds them so.
    #[inline]
    pub(crate) fn as_bytes(&self) -> Option<&[u8]> {
        match &self.0 {
            Repr::Values(_) => None,
            Repr::Bytes(b) => Some(b.bytes.as_slice()),
        }
    }

    /// The bytes of a byte array, moved out when this is its last handle.
    pub(crate) fn into_bytes(self) -> Option<Vec<u8>> {
        match self.0 {
            Repr::Values(_) => None,
            Repr::Bytes(b) => Some(match Rc::try_unwrap(b) {
                Ok(Bytes {
                    bytes: ByteStore::Heap(bytes),
                    ..
                }) => bytes.into_vec(),
                Ok(b) => b.bytes.as_slice().to_vec(),
                Err(b) => b.bytes.as_slice().to_vec(),
            }),
        }
    }

    /// The array of these bytes (each item the number it is), held as
    /// bytes: a vector's own buffer past [`ByteStore::INLINE`] bytes.
    pub(crate) fn from_bytes(bytes: impl AsRef<[u8]> + Into<Box<[u8]>>) -> Self {
        Array(Repr::Bytes(Rc::new(Bytes {
            bytes: ByteStore::new(bytes),
            values: OnceCell::new(),
        })))
    }

    /// The bytes this array takes on the heap, approximately (a byte
    /// array's values counted once made), for the memory budget.
    pub(crate) fn heap_bytes(&self) -> usize {
        match &self.0 {
            Repr::Values(items) => 16 + items.len() * std::mem::size_of::<Value>(),
            Repr::Bytes(b) => {
                let heap = match &b.bytes {
                    ByteStore::Inline(..) => 0,
                    ByteStore::Heap(bytes) => bytes.len(),
                };
                let values = b
                    .values
                    .get()
                    .map_or(0, |v| v.len() * std::mem::size_of::<Value>());
                16 + std::mem::size_of::<Bytes>() + heap + values
            }
        }
    }

    /// The number of items (JavaScript's `length`).
    #[inline]
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Values(items) => items.len(),
            Repr::Bytes(b) => b.bytes.as_slice().len(),
        }
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&Value> {
        match &self.0 {
            Repr::Values(items) => items.get(index),
            Repr::Bytes(_) => self.items().get(index),
        }
    }

    /// The item at `index` (cloned), if there is one: a byte array's item
    /// without making its values.
    #[inline]
    pub(crate) fn at(&self, index: usize) -> Option<Value> {
        match &self.0 {
            Repr::Values(items) => items.get(index).cloned(),
            Repr::Bytes(b) => b
                .bytes
                .as_slice()
                .get(index)
                .map(|&byte| Value::Number(f64::from(byte))),
        }
    }

    /// Whether two handles point at the same array (JavaScript identity).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        a.addr() == b.addr()
    }

    /// How many handles share this array.
    #[inline]
    pub(crate) fn strong_count(&self) -> usize {
        match &self.0 {
            Repr::Values(items) => Rc::strong_count(items),
            Repr::Bytes(b) => Rc::strong_count(b),
        }
    }

    /// An address that identifies this array while it is alive.
    pub fn addr(&self) -> usize {
        match &self.0 {
            Repr::Values(items) => Rc::as_ptr(items) as *const u8 as usize,
            Repr::Bytes(b) => Rc::as_ptr(b) as *const u8 as usize,
        }
    }

    /// The items, if this is the last handle (for [`Value`]'s drop); a byte
    /// array has none that need dropping.
    #[inline]
    pub(super) fn items_mut_if_unique(&mut self) -> Option<&mut [Value]> {
        match &mut self.0 {
            Repr::Values(items) => Rc::get_mut(items),
            Repr::Bytes(_) => None,
        }
    }

    /// Moves out the child values if this is the last handle, for
    /// [`Value`]'s non-recursive drop.
    pub(super) fn take_children_if_unique(&mut self, out: &mut Vec<Value>) {
        if let Some(items) = self.items_mut_if_unique() {
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
        Array(Repr::Values(match values.len().saturating_sub(at) {
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
        }))
    }
}

impl From<Vec<Value>> for Array {
    fn from(items: Vec<Value>) -> Self {
        Self(Repr::Values(items.into()))
    }
}

impl<const N: usize> From<[Value; N]> for Array {
    /// The array of these items, in one allocation.
    fn from(items: [Value; N]) -> Self {
        Self(Repr::Values(Rc::new(items)))
    }
}

impl FromIterator<Value> for Array {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Self {
        Self(Repr::Values(iter.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_arrays_read_as_their_numbers_inline_or_not() {
        for len in [0, 1, ByteStore::INLINE, ByteStore::INLINE + 1, 1000] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 256) as u8).collect();
            let array = Array::from_bytes(bytes.clone());
            assert_eq!(array.len(), len);
            assert_eq!(array.as_bytes(), Some(&bytes[..]));
            assert_eq!(array.at(len), None);
            let values: Vec<Value> = bytes.iter().map(|&b| Value::Number(f64::from(b))).collect();
            for (i, v) in values.iter().enumerate() {
                assert_eq!(array.at(i).as_ref(), Some(v));
            }
            let before = array.heap_bytes();
            assert_eq!(array.items(), &values[..]);
            assert_eq!(array.get(len.saturating_sub(1)), values.last());
            // The values, once made, are kept and counted.
            assert!(array.heap_bytes() >= before + len * std::mem::size_of::<Value>());
            assert!(std::ptr::eq(array.items(), array.items()));
        }
    }

    #[test]
    fn only_integers_from_0_to_255_are_bytes() {
        assert_eq!(byte_of(0.0), Some(0));
        assert_eq!(byte_of(255.0), Some(255));
        for n in [-0.0, 256.0, -1.0, 1.5, f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(byte_of(n), None, "{n}");
        }
    }

    #[test]
    fn a_byte_array_has_identity_and_no_children() {
        let a = Array::from_bytes([1, 2, 3]);
        let b = a.clone();
        assert!(Array::ptr_eq(&a, &b));
        assert!(!Array::ptr_eq(&a, &Array::from_bytes([1, 2, 3])));
        assert_eq!(a.strong_count(), 2);
        let mut c = Array::from_bytes([4]);
        assert!(c.items_mut_if_unique().is_none());
    }
}
