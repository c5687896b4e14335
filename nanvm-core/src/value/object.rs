//! JavaScript objects: string keys in JavaScript's own property order.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use super::{JsString, Value};

/// Objects with more properties than this get a hash index for lookups.
const INDEX_THRESHOLD: usize = 8;

/// Objects up to this size are first searched for the very key handle
/// (interned keys usually match by pointer, so no index is built).
const POINTER_SCAN: usize = 32;

/// Builders up to this size find keys by a linear search (no hashing).
const BUILDER_THRESHOLD: usize = 32;

/// The hash of the key indices: keys are short, so a multiplicative hash
/// over 8-byte words (FxHash's) beats SipHash by far; keys are not
/// attacker-chosen in number (an object's size is bounded by its source).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write(&(n as u64).to_le_bytes());
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type KeyMap<V> = HashMap<JsString, V, BuildHasherDefault<KeyHasher>>;

/// The keys of an object, in property order: a *shape*, shared by the
/// objects built from one object literal, spread from one another
/// (`{...s, k: v}` where `s` has `k`), or decoded at one place of a data
/// module. Objects of one shape keep only their values, and a key's place
/// (and a large shape's hash index) is found once for all of them.
#[derive(Clone)]
pub(crate) struct Keys(Rc<KeysData>);

struct KeysData {
    keys: Box<[JsString]>,
    index: OnceCell<KeyMap<usize>>,
}

impl Keys {
    /// The shape of `keys`, which must be unique and in property order
    /// ([`are_in_property_order`]).
    pub(crate) fn from_ordered(keys: Box<[JsString]>) -> Self {
        Keys(Rc::new(KeysData {
            keys,
            index: OnceCell::new(),
        }))
    }

    /// The keys, in property order.
    pub(crate) fn as_slice(&self) -> &[JsString] {
        &self.0.keys
    }

    /// An address that identifies this shape while it is alive.
    #[inline]
    pub(crate) fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }

    /// Where `key` is.
    #[inline]
    pub(crate) fn position(&self, key: &JsString) -> Option<usize> {
        let keys = &self.0.keys;
        if keys.len() <= POINTER_SCAN {
            let same = keys.iter().position(|k| JsString::ptr_eq(k, key));
            if same.is_some() {
                return same;
            }
        }
        if keys.len() <= INDEX_THRESHOLD {
            return keys.iter().position(|k| k == key);
        }
        let index = self.0.index.get_or_init(|| {
            keys.iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), i))
                .collect()
        });
        index.get(key).copied()
    }
}

/// An immutable JavaScript object: an ordered map from string keys to values.
///
/// Properties are kept in the order JavaScript enumerates them
/// (`Object.keys`, `JSON.stringify`, `for…in`): keys that are array indices
/// first, in ascending numeric order, then the other keys in insertion order.
/// Build one with [`ObjectBuilder`], which applies JavaScript's rule for a
/// repeated key: it keeps its first place and takes the last value.
///
/// Cloning is cheap and keeps identity: [`Object::ptr_eq`] tells two handles
/// to the same object apart from two equal objects.
#[derive(Clone)]
pub struct Object(Rc<ObjectData<[Value]>>);

/// Objects of up to this many properties keep their values in their own
/// allocation (one allocation an object); larger ones in a second.
const INLINE_VALUES: usize = 16;

/// An object's shape and values. `V` is `[Value; N]` while it is built,
/// `[Value]` behind [`Object`]'s `Rc` (an unsizing coercion, so no
/// `unsafe`): the `Rc` and the inline values are one allocation.
pub(crate) struct ObjectData<V: ?Sized> {
    keys: Keys,
    /// The values where they are in a second allocation (`inline` is
    /// then empty): objects of more than [`INLINE_VALUES`] properties, and
    /// those made from a vector or by [`Object::with_changes`]; empty (no
    /// allocation) else.
    spilled: Box<[Value]>,
    inline: V,
}

impl ObjectData<[Value]> {
    #[inline]
    fn values(&self) -> &[Value] {
        if self.spilled.is_empty() {
            &self.inline
        } else {
            &self.spilled
        }
    }

    #[inline]
    fn values_mut(&mut self) -> &mut [Value] {
        if self.spilled.is_empty() {
            &mut self.inline
        } else {
            &mut self.spilled
        }
    }
}

/// What an object's values can be made from: a fixed-size array or an
/// exact-size iterator ([`Exact`]), whose values (up to
/// [`INLINE_VALUES`]) go into the object's own allocation, or a vector or
/// boxed slice, which stays the values' allocation.
pub(crate) trait IntoValues {
    /// The object's data with `keys`.
    fn into_data(self, keys: Keys) -> Rc<ObjectData<[Value]>>;
}

/// The values an exact-size iterator yields, for [`Object::with_shape`].
pub(crate) struct Exact<I>(pub(crate) I);

impl<const N: usize> IntoValues for [Value; N] {
    #[inline]
    fn into_data(self, keys: Keys) -> Rc<ObjectData<[Value]>> {
        if N > INLINE_VALUES {
            return spilled(keys, Vec::from(self));
        }
        Rc::new(ObjectData {
            keys,
            spilled: Box::default(),
            inline: self,
        })
    }
}

/// The data of an object whose values stay in their own allocation.
fn spilled(keys: Keys, values: Vec<Value>) -> Rc<ObjectData<[Value]>> {
    Rc::new(ObjectData {
        keys,
        spilled: values.into_boxed_slice(),
        inline: [],
    })
}

/// Returns, from the function it is in, the data of `keys` and the inline
/// array of length `$len` whose item `i` is `$item(i)`, when `$len` is at
/// most [`INLINE_VALUES`].
macro_rules! return_inline {
    ($keys:ident, $len:expr, $item:expr) => {
        return_inline!(@ $keys, $len, $item, 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
    };
    (@ $keys:ident, $len:expr, $item:expr, $($n:literal)*) => {
        match $len {
            $($n => {
                let inline: [Value; $n] = std::array::from_fn($item);
                return inline.into_data($keys);
            })*
            _ => {}
        }
    };
}

impl<I: ExactSizeIterator<Item = Value>> IntoValues for Exact<I> {
    fn into_data(self, keys: Keys) -> Rc<ObjectData<[Value]>> {
        let mut values = self.0;
        return_inline!(keys, values.len(), |_| values.next().unwrap_or_default());
        spilled(keys, values.collect())
    }
}

impl IntoValues for Vec<Value> {
    /// The vector's buffer becomes the second allocation: moving its
    /// values inline would copy them through the stack.
    fn into_data(self, keys: Keys) -> Rc<ObjectData<[Value]>> {
        spilled(keys, self)
    }
}

impl IntoValues for Box<[Value]> {
    fn into_data(self, keys: Keys) -> Rc<ObjectData<[Value]>> {
        self.into_vec().into_data(keys)
    }
}

/// The properties of an [`Object`], in JavaScript's enumeration order.
pub type Entries<'a> = std::iter::Zip<std::slice::Iter<'a, JsString>, std::slice::Iter<'a, Value>>;

impl Object {
    /// The properties, in JavaScript's enumeration order.
    pub fn entries(&self) -> Entries<'_> {
        self.0.keys.as_slice().iter().zip(self.0.values().iter())
    }

    /// The keys, in JavaScript's enumeration order.
    pub fn keys(&self) -> std::slice::Iter<'_, JsString> {
        self.0.keys.as_slice().iter()
    }

    /// The values, in the order of [`Object::keys`].
    pub fn values(&self) -> &[Value] {
        self.0.values()
    }

    /// The number of properties.
    pub fn len(&self) -> usize {
        self.0.values().len()
    }

    /// Whether the object has no properties.
    pub fn is_empty(&self) -> bool {
        self.0.values().is_empty()
    }

    /// The value of the own property `key`, if there is one.
    #[inline]
    pub fn get(&self, key: &JsString) -> Option<&Value> {
        self.0.keys.position(key).map(|i| &self.0.values()[i])
    }

    /// The value of the own property named by a Rust string, if there is one.
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        let keys = self.0.keys.as_slice();
        if keys.len() > INDEX_THRESHOLD {
            return self.get(&JsString::from(key));
        }
        let i = keys.iter().position(|k| k.eq_str(key))?;
        Some(&self.0.values()[i])
    }

    /// Whether two handles point at the same object (JavaScript identity).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Rc::ptr_eq(&a.0, &b.0)
    }

    /// How many handles share this object.
    #[inline]
    pub(crate) fn strong_count(&self) -> usize {
        Rc::strong_count(&self.0)
    }

    /// An address that identifies this object while it is alive.
    pub fn addr(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }

    /// The object's shape.
    pub(crate) fn shape(&self) -> &Keys {
        &self.0.keys
    }

    /// The property values, if this is the last handle (for [`Value`]'s drop).
    pub(super) fn values_mut_if_unique(&mut self) -> Option<impl Iterator<Item = &mut Value>> {
        Rc::get_mut(&mut self.0).map(|data| data.values_mut().iter_mut())
    }

    /// Moves out the child values if this is the last handle, for
    /// [`Value`]'s non-recursive drop.
    pub(super) fn take_children_if_unique(&mut self, out: &mut Vec<Value>) {
        if let Some(data) = Rc::get_mut(&mut self.0) {
            for v in data.values_mut().iter_mut() {
                // A shared child outlives this container: dropping it here is shallow.
                if v.is_unique_container() {
                    out.push(std::mem::take(v));
                }
            }
        }
    }
}

impl Object {
    /// The object of shape `keys` with `values` (one per key, in order).
    #[inline]
    pub(crate) fn with_shape(keys: Keys, values: impl IntoValues) -> Self {
        let data = values.into_data(keys);
        debug_assert_eq!(data.keys.as_slice().len(), data.values().len());
        Object(data)
    }

    /// `{ ...self }` with `change` made to its values: an object of the
    /// same shape (`{ ...o, k: v }` where `o` has `k`). Its values are
    /// cloned into their own allocation: cloning them into an inline
    /// array first (one allocation, but a copy through the stack) took
    /// more instructions and more time (canada.json +14% user time).
    pub(crate) fn with_changes(&self, change: impl FnOnce(&mut [Value])) -> Self {
        let mut values = self.values().to_vec();
        change(&mut values);
        Object(spilled(self.shape().clone(), values))
    }

    /// `*self = { ...self }` with `change` made to its values: in place
    /// where this is the object's only handle (nothing else can tell the
    /// object was changed rather than copied), else as
    /// [`Object::with_changes`].
    pub(crate) fn update(&mut self, change: impl FnOnce(&mut [Value])) {
        match Rc::get_mut(&mut self.0) {
            Some(data) => change(data.values_mut()),
            None => *self = self.with_changes(change),
        }
    }
}

/// Up to this many keys, [`are_unique`] tries its filter first.
const FILTER_MAX_KEYS: usize = 48;

/// Whether `keys` are unique and in JavaScript's property order (array
/// indices first, ascending): then an object literal with these keys keeps
/// them as they are, and [`Object::from_ordered`] may build it.
///
/// Without hashing: array indices must ascend strictly, and the other keys
/// must be [unique](are_unique).
pub(crate) fn are_in_property_order(keys: &[JsString]) -> bool {
    let mut last_index = None;
    let mut named = keys.len();
    for (i, key) in keys.iter().enumerate() {
        match key.array_index() {
            Some(index) if named == keys.len() && last_index < Some(index) => {
                last_index = Some(index)
            }
            Some(_) => return false,
            None if named == keys.len() => named = i,
            None => {}
        }
    }
    are_unique(&keys[named..])
}

/// Whether no two of `keys` are equal. A few keys go through a 256-bit
/// filter of their length and three code units, and only a key whose bit is
/// already set is compared with the keys before it; many keys, or keys that
/// collide in the filter more than a few times their number, are sorted.
/// Either way the time is at most about `n log n` comparisons, whatever
/// the keys.
fn are_unique(keys: &[JsString]) -> bool {
    if keys.len() <= FILTER_MAX_KEYS {
        if let Some(unique) = filtered_uniqueness(keys) {
            return unique;
        }
    }
    let mut sorted: Vec<&[u16]> = keys.iter().map(JsString::as_units).collect();
    sorted.sort_unstable();
    sorted.windows(2).all(|pair| pair[0] != pair[1])
}

/// [`are_unique`] through the filter; `None` when the keys collide too often.
fn filtered_uniqueness(keys: &[JsString]) -> Option<bool> {
    let mut filter = [0u64; 4];
    let mut budget = 4 * keys.len();
    for (i, key) in keys.iter().enumerate() {
        let units = key.as_units();
        let unit = |at: usize| units.get(at).map_or(0, |&u| u32::from(u));
        let len = units.len() as u32;
        let (first, middle) = (unit(0), unit(units.len() / 2));
        let last = unit(units.len().wrapping_sub(1));
        let mixed = (len ^ first << 5 ^ middle << 11 ^ last << 17).wrapping_mul(0x9E37_79B1);
        let bit = (mixed >> 24) as usize;
        let (word, mask) = (bit >> 6, 1u64 << (bit & 63));
        if filter[word] & mask != 0 {
            budget = budget.checked_sub(i)?;
            if keys[..i].contains(key) {
                return Some(false);
            }
        }
        filter[word] |= mask;
    }
    Some(true)
}

impl FromIterator<(JsString, Value)> for Object {
    /// Builds an object as a JavaScript object literal with these properties would be.
    fn from_iter<I: IntoIterator<Item = (JsString, Value)>>(iter: I) -> Self {
        let mut builder = ObjectBuilder::new();
        for (k, v) in iter {
            builder.insert(k, v);
        }
        builder.build()
    }
}

/// Builds an [`Object`] the way a JavaScript object literal does.
#[derive(Default)]
pub struct ObjectBuilder {
    /// The properties of an object spread into the empty builder, while
    /// every property defined since has one of its keys: the result keeps
    /// that object's shape. The other fields are empty meanwhile.
    shaped: Option<Shaped>,
    /// Properties whose key is an array index, in insertion order for now.
    indexed: Vec<(u32, JsString, Value)>,
    /// The other properties, in insertion order.
    named: Vec<(JsString, Value)>,
    /// Where each key is, once there are enough keys to make it worth it.
    positions: KeyMap<Slot>,
}

/// The values of an object of shape `keys` being built.
struct Shaped {
    keys: Keys,
    values: Vec<Value>,
}

#[derive(Clone, Copy)]
enum Slot {
    Indexed(usize),
    Named(usize),
}

impl ObjectBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Defines the property `key`, as `{…, [key]: value}` would: a new key is
    /// added, a repeated key keeps its place and takes the new value.
    pub fn insert(&mut self, key: JsString, value: Value) {
        if let Some(shaped) = &mut self.shaped {
            if let Some(i) = shaped.keys.position(&key) {
                shaped.values[i] = value;
                return;
            }
            self.unshape();
        }
        match self.find(&key) {
            Some(Slot::Indexed(i)) => self.indexed[i].2 = value,
            Some(Slot::Named(i)) => self.named[i].1 = value,
            None => {
                let slot = match key.array_index() {
                    Some(index) => {
                        self.indexed.push((index, key.clone(), value));
                        Slot::Indexed(self.indexed.len() - 1)
                    }
                    None => {
                        self.named.push((key.clone(), value));
                        Slot::Named(self.named.len() - 1)
                    }
                };
                self.remember(key, slot);
            }
        }
    }

    /// Turns a shaped builder into one of key-value pairs (a key the shape
    /// does not have is being added).
    fn unshape(&mut self) {
        let Some(Shaped { keys, values }) = self.shaped.take() else {
            return;
        };
        self.named.reserve(values.len() + 2);
        for (key, value) in keys.as_slice().iter().zip(values) {
            match key.array_index() {
                Some(index) => self.indexed.push((index, key.clone(), value)),
                None => self.named.push((key.clone(), value)),
            }
        }
        if self.len() > BUILDER_THRESHOLD {
            self.index_all();
        }
    }

    fn len(&self) -> usize {
        match &self.shaped {
            Some(shaped) => shaped.values.len(),
            None => self.indexed.len() + self.named.len(),
        }
    }

    /// The properties defined so far, in no particular order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = (&JsString, &Value)> {
        let shaped = self.shaped.iter();
        let shaped = shaped.flat_map(|s| s.keys.as_slice().iter().zip(s.values.iter()));
        let indexed = self.indexed.iter().map(|(_, k, v)| (k, v));
        shaped
            .chain(indexed)
            .chain(self.named.iter().map(|(k, v)| (k, v)))
    }

    fn find(&self, key: &JsString) -> Option<Slot> {
        if self.len() > BUILDER_THRESHOLD {
            return self.positions.get(key).copied();
        }
        if key.array_index().is_some() {
            let i = self.indexed.iter().position(|(_, k, _)| k == key)?;
            return Some(Slot::Indexed(i));
        }
        let i = self.named.iter().position(|(k, _)| k == key)?;
        Some(Slot::Named(i))
    }

    /// Indexes every key defined so far.
    fn index_all(&mut self) {
        let indexed = self.indexed.iter().enumerate();
        let indexed = indexed.map(|(i, (_, k, _))| (k.clone(), Slot::Indexed(i)));
        let named = self.named.iter().enumerate();
        let named = named.map(|(i, (k, _))| (k.clone(), Slot::Named(i)));
        self.positions = indexed.chain(named).collect();
    }

    fn remember(&mut self, key: JsString, slot: Slot) {
        let len = self.len();
        if len == BUILDER_THRESHOLD + 1 {
            self.index_all();
        } else if len > BUILDER_THRESHOLD {
            self.positions.insert(key, slot);
        }
    }

    /// Whether no property has been defined yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Defines the properties of `object`, in its order, into an empty
    /// builder (as `{...object}` does) without looking keys up: an
    /// object's keys are distinct already, and the builder keeps its shape
    /// while only keys of it are defined.
    pub(crate) fn spread_into_empty(&mut self, object: &Object) {
        debug_assert!(self.is_empty());
        let mut values = Vec::with_capacity(object.len());
        values.extend_from_slice(object.values());
        self.shaped = Some(Shaped {
            keys: object.shape().clone(),
            values,
        });
    }

    /// The finished object, in JavaScript's property order.
    pub fn build(self) -> Object {
        if let Some(Shaped { keys, values }) = self.shaped {
            return Object::with_shape(keys, values);
        }
        let mut indexed = self.indexed;
        // Array indices are unique here, so an unstable sort is deterministic.
        indexed.sort_unstable_by_key(|(index, _, _)| *index);
        let len = indexed.len() + self.named.len();
        let mut keys = Vec::with_capacity(len);
        let mut values = Vec::with_capacity(len);
        for (key, value) in indexed
            .into_iter()
            .map(|(_, k, v)| (k, v))
            .chain(self.named)
        {
            keys.push(key);
            values.push(value);
        }
        Object::with_shape(Keys::from_ordered(keys.into_boxed_slice()), values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_and_spilled_values_read_alike() {
        for n in [0, 1, 7, INLINE_VALUES, INLINE_VALUES + 1, 40] {
            let names: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
            let shape =
                Keys::from_ordered(names.iter().map(|k| JsString::from(k.as_str())).collect());
            let values: Vec<Value> = (0..n).map(|i| Value::Number(i as f64)).collect();
            let made = [
                Object::with_shape(shape.clone(), values.clone()),
                Object::with_shape(shape.clone(), values.clone().into_boxed_slice()),
                Object::with_shape(shape.clone(), Exact(values.clone().into_iter())),
            ];
            for o in &made {
                assert_eq!(o.values(), &values[..], "{n} values");
                assert_eq!(o.len(), n);
                for (i, name) in names.iter().enumerate() {
                    assert_eq!(o.get_str(name), Some(&Value::Number(i as f64)));
                }
            }
            let changed = made[0].with_changes(|values| {
                if let Some(last) = values.last_mut() {
                    *last = Value::Null;
                }
            });
            assert_eq!(changed.len(), n);
            assert_eq!(changed.values().last(), (n > 0).then_some(&Value::Null));
            assert_eq!(made[0].values(), &values[..], "the original is unchanged");
        }
        let array = Object::with_shape(
            Keys::from_ordered(vec![JsString::from("a"), JsString::from("b")].into()),
            [Value::Bool(true), Value::Null],
        );
        assert_eq!(array.get_str("b"), Some(&Value::Null));
    }

    #[test]
    fn an_update_is_in_place_only_through_the_last_handle() {
        let shape = Keys::from_ordered(vec![JsString::from("a"), JsString::from("b")].into());
        let mut unique = Object::with_shape(shape.clone(), [Value::Bool(true), Value::Null]);
        let addr = unique.addr();
        unique.update(|values| values[1] = Value::Number(2.0));
        assert_eq!(unique.addr(), addr, "the last handle changes its object");
        assert_eq!(unique.get_str("b"), Some(&Value::Number(2.0)));

        let kept = unique.clone();
        unique.update(|values| values[0] = Value::Bool(false));
        assert_ne!(unique.addr(), kept.addr(), "a shared object is copied");
        assert_eq!(unique.values(), &[Value::Bool(false), Value::Number(2.0)]);
        assert_eq!(kept.values(), &[Value::Bool(true), Value::Number(2.0)]);
        assert_eq!(
            unique.shape().addr(),
            kept.shape().addr(),
            "the copy keeps the shape"
        );
    }

    fn keys(o: &Object) -> Vec<String> {
        o.keys().map(|k| k.to_string_lossy()).collect()
    }

    fn build(props: &[(&str, f64)]) -> Object {
        props
            .iter()
            .map(|(k, v)| (JsString::from(*k), Value::Number(*v)))
            .collect()
    }

    #[test]
    fn integer_like_keys_come_first_in_numeric_order() {
        let o = build(&[("b", 1.0), ("10", 2.0), ("a", 3.0), ("2", 4.0), ("01", 5.0)]);
        assert_eq!(keys(&o), ["2", "10", "b", "a", "01"]);
    }

    #[test]
    fn repeated_key_keeps_first_place_and_last_value() {
        let o = build(&[("a", 1.0), ("b", 2.0), ("a", 3.0)]);
        assert_eq!(keys(&o), ["a", "b"]);
        assert!(matches!(o.get_str("a"), Some(Value::Number(n)) if *n == 3.0));
    }

    #[test]
    fn property_order_is_recognised() {
        let order = |keys: &[&str]| {
            let keys: Vec<JsString> = keys.iter().map(|k| JsString::from(*k)).collect();
            are_in_property_order(&keys)
        };
        assert!(order(&[]));
        assert!(order(&["0", "2", "10", "b", "a", "01", "__proto__"]));
        assert!(!order(&["2", "0"]), "indices out of order");
        assert!(!order(&["2", "2"]), "repeated index");
        assert!(!order(&["a", "0"]), "index after a name");
        assert!(!order(&["a", "b", "a"]), "repeated name");
        let many: Vec<String> = (0..1000).map(|i| format!("k{i}")).collect();
        let mut keys: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(order(&keys));
        keys.push("k500");
        assert!(!order(&keys), "repeated name among many");
        for n in 1..=FILTER_MAX_KEYS + 1 {
            let mut keys: Vec<&str> = many[..n].iter().map(String::as_str).collect();
            assert!(order(&keys), "{n} unique keys");
            keys.push(&many[n / 2]);
            assert!(!order(&keys), "{n} keys and one repeated");
        }
    }

    #[test]
    fn large_objects_use_the_index_consistently() {
        let props: Vec<(String, f64)> = (0..40)
            .map(|i| (format!("k{}", i % 30), f64::from(i)))
            .collect();
        let o: Object = props
            .iter()
            .map(|(k, v)| (JsString::from(k.as_str()), Value::Number(*v)))
            .collect();
        assert_eq!(o.len(), 30);
        assert!(matches!(o.get_str("k5"), Some(Value::Number(n)) if *n == 35.0));
        assert!(matches!(o.get_str("k29"), Some(Value::Number(n)) if *n == 29.0));
        assert!(o.get_str("k30").is_none());
    }
}
