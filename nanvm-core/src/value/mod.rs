//! The value graph: what a DJS module evaluates to.
//!
//! A [`Value`] is a JavaScript value of the DJS domain. Containers
//! ([`Array`], [`Object`]) and [`Function`]s are reference counted and
//! immutable, so a value that a module names once and uses twice is one
//! value reached along two paths: identity survives, as in JavaScript.

pub(crate) mod array;
mod function;
mod object;
mod string;

use std::fmt;
use std::rc::Rc;

pub use array::Array;
pub use function::Function;
pub(crate) use function::FunctionData;
pub use num_bigint::BigInt;
pub(crate) use object::are_in_property_order;
pub use object::{Entries, Object, ObjectBuilder};
pub(crate) use object::{Exact, Keys};
pub use string::JsString;

pub(crate) use string::array_index;

/// A JavaScript value.
// A word-sized tag: the payload starts at byte 8, so that a value moves as
// three aligned words (a byte tag left bytes 1..8 to copy piecewise, and
// the interpreter stalled on those copies).
#[repr(u64)]
#[derive(Clone, Default)]
pub enum Value {
    /// `undefined`.
    #[default]
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number: an IEEE-754 double, including -0, ±Infinity and NaN.
    Number(f64),
    /// A string of UTF-16 code units.
    String(JsString),
    /// A bigint.
    BigInt(Rc<BigInt>),
    /// An array.
    Array(Array),
    /// An object.
    Object(Object),
    /// A function.
    Function(Function),
}

/// The type of a value, as JavaScript's `typeof` names it (with arrays and
/// `null` told apart).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// A boolean.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// A bigint.
    BigInt,
    /// An array.
    Array,
    /// An object that is not an array.
    Object,
    /// A function.
    Function,
}

impl Value {
    /// The kind of this value.
    pub fn kind(&self) -> Kind {
        match self {
            Value::Undefined => Kind::Undefined,
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Bool,
            Value::Number(_) => Kind::Number,
            Value::String(_) => Kind::String,
            Value::BigInt(_) => Kind::BigInt,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
            Value::Function(_) => Kind::Function,
        }
    }

    /// A string value from Rust text.
    pub fn string(s: &str) -> Self {
        Value::String(JsString::from(s))
    }

    /// A bigint value.
    pub fn bigint(n: impl Into<BigInt>) -> Self {
        Value::BigInt(Rc::new(n.into()))
    }

    /// An array value.
    pub fn array(items: impl IntoIterator<Item = Value>) -> Self {
        Value::Array(items.into_iter().collect())
    }

    /// An object value built as a JavaScript object literal would be.
    pub fn object<K: Into<JsString>>(props: impl IntoIterator<Item = (K, Value)>) -> Self {
        Value::Object(props.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_js_string(&self) -> Option<&JsString> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bigint, if this is one.
    pub fn as_bigint(&self) -> Option<&BigInt> {
        match self {
            Value::BigInt(n) => Some(n),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Array> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The function, if this is one.
    pub fn as_function(&self) -> Option<&Function> {
        match self {
            Value::Function(f) => Some(f),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is `undefined`.
    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    /// Property access by key on an object, or by index (`"0"`, `"1"`, …) on an
    /// array. Own properties only: nothing is inherited.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(o) => o.get_str(key),
            Value::Array(a) => {
                let key = JsString::from(key);
                a.get(usize::try_from(key.array_index()?).ok()?)
            }
            _ => None,
        }
    }

    /// The address of a container or function, which identifies it while it
    /// is alive; `None` for primitives, which have no identity.
    pub fn addr(&self) -> Option<usize> {
        match self {
            Value::Array(a) => Some(a.addr()),
            Value::Object(o) => Some(o.addr()),
            Value::Function(f) => Some(f.addr()),
            _ => None,
        }
    }

    /// JavaScript's `Object.is`: primitives by value (NaN is NaN, 0 is not
    /// -0), containers and functions by identity.
    pub fn is(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Number(x), Value::Number(y)) => same_number(*x, *y),
            (Value::String(x), Value::String(y)) => x == y,
            (Value::BigInt(x), Value::BigInt(y)) => x == y,
            (Value::Array(x), Value::Array(y)) => Array::ptr_eq(x, y),
            (Value::Object(x), Value::Object(y)) => Object::ptr_eq(x, y),
            (Value::Function(x), Value::Function(y)) => Function::ptr_eq(x, y),
            _ => false,
        }
    }
}

/// `Object.is` on numbers: NaN equals NaN, and 0 differs from -0.
pub(crate) fn same_number(x: f64, y: f64) -> bool {
    if x.is_nan() {
        y.is_nan()
    } else {
        x.to_bits() == y.to_bits() || (x == y && x != 0.0)
    }
}

impl PartialEq for Value {
    /// Deep structural equality: numbers compare with `Object.is`, arrays and
    /// objects item by item and key by key (in order), functions by identity.
    /// Identity of containers is not compared; see [`Value::is`].
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Array(x), Value::Array(y)) => Array::ptr_eq(x, y) || x.items() == y.items(),
            (Value::Object(x), Value::Object(y)) => {
                Object::ptr_eq(x, y) || x.len() == y.len() && x.entries().eq(y.entries())
            }
            _ => Value::is(self, other),
        }
    }
}

thread_local! {
    /// How many [`Value`] drops are running on this thread, one inside the
    /// other.
    static DROP_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Drops nest up to this depth (natural recursion: fast, no work list);
/// deeper, they go through a work list.
const RECURSIVE_DROP_DEPTH: usize = 64;

impl Drop for Value {
    /// Drops deep graphs without deep recursion: up to
    /// [`RECURSIVE_DROP_DEPTH`] containers deep a container drops its child
    /// containers itself, one level further; below that (and for closures)
    /// the children of a container (or the values of a closure's
    /// environment) that is about to be freed are moved to a work list
    /// first.
    #[inline]
    fn drop(&mut self) {
        // Most values dropped (numbers, strings, shared containers) free no
        // container: only a container's last handle takes the slow path.
        if self.is_unique_container() {
            self.drop_container();
        }
    }
}

impl Value {
    /// Whether this is the last handle of a container: dropping it frees the
    /// container and may free its children (a byte array has none).
    /// Dropping any other value is shallow.
    #[inline]
    pub(crate) fn is_unique_container(&self) -> bool {
        match self {
            Value::Array(a) => a.strong_count() == 1,
            Value::Object(o) => o.strong_count() == 1,
            Value::Function(f) => f.strong_count() == 1,
            _ => false,
        }
    }

    /// The slow path of [`Value`]'s drop: this is the last handle of a
    /// container or function.
    #[inline(never)]
    fn drop_container(&mut self) {
        let depth = match self {
            Value::Array(_) | Value::Object(_) => DROP_DEPTH.get(),
            _ => RECURSIVE_DROP_DEPTH,
        };
        if depth < RECURSIVE_DROP_DEPTH {
            DROP_DEPTH.set(depth + 1);
            match self {
                Value::Array(a) => {
                    drop_child_containers(a.items_mut_if_unique().map(|items| items.iter_mut()))
                }
                Value::Object(o) => drop_child_containers(o.values_mut_if_unique()),
                _ => {}
            }
            DROP_DEPTH.set(depth);
            return;
        }
        let mut pending = Vec::new();
        match self {
            Value::Array(a) => a.take_children_if_unique(&mut pending),
            Value::Object(o) => o.take_children_if_unique(&mut pending),
            Value::Function(f) => f.take_children_if_unique(&mut pending),
            _ => return,
        }
        while let Some(mut v) = pending.pop() {
            match &mut v {
                Value::Array(a) => a.take_children_if_unique(&mut pending),
                Value::Object(o) => o.take_children_if_unique(&mut pending),
                Value::Function(f) => f.take_children_if_unique(&mut pending),
                _ => {}
            }
            // `v` has no container children left, so dropping it is shallow.
        }
    }
}

/// Drops the containers among `values` (the children of a container being
/// freed), one drop deeper.
fn drop_child_containers<'a>(values: Option<impl Iterator<Item = &'a mut Value>>) {
    for v in values.into_iter().flatten() {
        // A shared child outlives this container: dropping it here is shallow.
        if v.is_unique_container() {
            drop(std::mem::take(v));
        }
    }
}

impl fmt::Debug for Value {
    /// Writes the value as a DJS module (see [`Display`](fmt::Display)).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Value {
    /// Writes the value as the text of a DJS module: shared values become
    /// `const`s, as [`crate::serialize::to_djs`] writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::serialize::to_djs(self) {
            Ok(text) => f.write_str(&text),
            Err(e) => write!(f, "<{e}>"),
        }
    }
}

macro_rules! value_from {
    ($($t:ty => |$x:ident| $e:expr),* $(,)?) => {
        $(impl From<$t> for Value {
            fn from($x: $t) -> Self {
                $e
            }
        })*
    };
}

value_from! {
    bool => |b| Value::Bool(b),
    f64 => |n| Value::Number(n),
    i32 => |n| Value::Number(n.into()),
    u32 => |n| Value::Number(n.into()),
    &str => |s| Value::string(s),
    String => |s| Value::string(&s),
    JsString => |s| Value::String(s),
    BigInt => |n| Value::bigint(n),
    Array => |a| Value::Array(a),
    Object => |o| Value::Object(o),
    Function => |f| Value::Function(f),
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::Array(items.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_is_follows_javascript() {
        assert!(Value::is(
            &Value::Number(f64::NAN),
            &Value::Number(f64::NAN)
        ));
        assert!(!Value::is(&Value::Number(0.0), &Value::Number(-0.0)));
        let a = Value::array([Value::Null]);
        let b = Value::array([Value::Null]);
        assert!(Value::is(&a, &a.clone()));
        assert!(!Value::is(&a, &b));
        assert_eq!(a, b);
    }

    /// A tag word and a fat pointer (docs/performance.md, "Value
    /// representation"): growing it makes every array and stack slot larger.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn value_is_three_words() {
        assert_eq!(std::mem::size_of::<Value>(), 24);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 24);
    }

    #[test]
    fn deep_graphs_drop_without_recursion() {
        let mut v = Value::Null;
        for i in 0..1_000_000 {
            v = if i % 2 == 0 {
                Value::array([v])
            } else {
                Value::object([("k", v)])
            };
        }
        drop(v);
    }
}
