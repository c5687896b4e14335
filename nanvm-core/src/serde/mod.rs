//! serde support (feature `serde`): Rust types from and to [`Value`](crate::Value)s.
//!
//! - [`from_value`] deserializes any `T: Deserialize` from a value
//!   (`&Value` is a serde [`Deserializer`](::serde::Deserializer)).
//! - [`from_static`] deserializes from a
//!   [`StaticValue`](crate::static_value::StaticValue), the form the macros
//!   embed, with the same rules; `T` may borrow its `&'static str`s.
//! - [`to_value`] serializes any `T: Serialize` into a value
//!   ([`ValueSerializer`] is the serializer behind it).
//! - [`Value`](crate::Value) itself is [`Serialize`](::serde::Serialize) and
//!   [`Deserialize`](::serde::Deserialize), so it can be written to and read
//!   from any self-describing format, such as JSON with `serde_json`;
//!   `StaticValue` is `Serialize` too.
//!
//! ```
//! use nanvm_runtime::serde::{from_value, to_value};
//! use nanvm_runtime::Value;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, PartialEq, Serialize, Deserialize)]
//! struct Server {
//!     host: String,
//!     port: u16,
//!     tags: Option<Vec<String>>,
//! }
//!
//! let config = Value::object([
//!     ("host", Value::from("example.com")),
//!     ("port", Value::from(8080)),
//!     ("tags", Value::Null),
//! ]);
//! let server: Server = from_value(&config).unwrap();
//! assert_eq!(server, Server { host: "example.com".into(), port: 8080, tags: None });
//!
//! let back = to_value(&server).unwrap();
//! assert_eq!(back.get("port"), Some(&Value::from(8080)));
//! assert!(back.get("tags").unwrap().is_undefined()); // None is undefined
//!
//! let err = from_value::<Server>(&Value::object([
//!     ("host", Value::from("example.com")),
//!     ("port", Value::from(80.5)),
//! ]))
//! .unwrap_err();
//! assert_eq!(err.to_string(), "invalid value: number 80.5 is not an integer, expected u16 at .port");
//! ```
//!
//! # How JavaScript values meet serde's data model
//!
//! | JavaScript | into Rust ([`from_value`]) | from Rust ([`to_value`]) |
//! | --- | --- | --- |
//! | `undefined` | `None`, `()` | `None` |
//! | `null` | `None`, `()` | `()`, unit structs |
//! | boolean | `bool` | `bool` |
//! | number | `f32`, `f64`; integer types when integral and in range | floats; integers that a double holds exactly |
//! | bigint | integer types when in range | integers that a double does not hold exactly |
//! | string | `String`, `char`; an error when it holds a lone surrogate | strings, `char`s, unit variants |
//! | array | sequences, tuples, tuple structs, structs | sequences, tuples, bytes (numbers) |
//! | object | maps, structs, enums (one key) | maps, structs, enums (one key) |
//! | function | an error | — |
//!
//! - **Numbers into integers**: a number deserializes into an integer type
//!   when it is integral (`-0` is `0`) and in the type's range; `1.5`,
//!   `NaN` and out-of-range numbers are errors. A bigint deserializes into
//!   an integer type when it is in range; it never becomes a float (as in
//!   JavaScript, where `1n + 0.5` throws).
//! - **Integers into values**: an integer becomes a number when a double
//!   holds it exactly (every integer up to 2^53 in magnitude, and larger
//!   ones such as 2^60), otherwise a bigint: no precision is lost, and an
//!   integer that `JSON.parse` reads exactly stays a number.
//! - **`undefined` and `null`**: both deserialize as `None` and `()`.
//!   [`to_value`] makes `None` `undefined` (an absent optional value, which
//!   [`to_json`](crate::serialize::to_json) leaves out of objects, as
//!   `JSON.stringify` does) and `()` `null`; `Value`'s `Serialize` and
//!   `Deserialize` use the same pairing (`undefined` is serde's none, `null`
//!   its unit).
//! - **Enums** are as in `serde_json`: a unit variant is its name as a
//!   string, any other variant an object with one key, the variant's name.
//! - **Object keys** are strings. Into Rust, a key also deserializes into an
//!   integer type when it is an integer's canonical decimal form, as
//!   `serde_json` allows; from Rust, integer keys become their decimal form,
//!   as JavaScript's `{[1]: x}` does. Other keys (floats, booleans,
//!   sequences) are errors.
//! - **Property order**: [`to_value`] builds objects as an object literal
//!   with the fields in order would be: array-index keys (`"0"`, `"7"`) first
//!   in ascending order, then the other keys in field order.
//! - **Bigints through serde**: serde's data model has no bigint, so
//!   `Value`'s `Serialize` writes one as an `i64`, `u64`, `i128` or `u128`,
//!   the first that holds it, and fails for a bigint that none holds. Read
//!   back into a `Value`, that integer follows the rule above: a bigint a
//!   double holds exactly comes back as a number.
//! - **Graphs**: a value reached along two paths is converted at each
//!   place it occurs (the result is a tree). Conversions fail past
//!   [`Limits`]: deeper nesting than `max_depth`, or more values reached
//!   than `max_output_len` (each place a shared value occurs counts), so a
//!   small graph with much sharing cannot expand into an enormous tree.
//!   serde's generic code takes much stack for each level, so nesting is
//!   limited to [`DEFAULT_MAX_DEPTH`] (128, as in `serde_json`) rather than
//!   [`Limits::DEFAULT_MAX_DEPTH`]; [`from_value_with`] takes explicit
//!   limits.
//! - **Errors** say where they are: `… at .servers[2].port`.

mod de;
mod error;
mod key;
mod node;
mod scalar;
mod ser;

use std::cell::Cell;

pub use de::{from_static, from_static_with, from_value, from_value_with};
pub use error::Error;
pub use ser::{to_value, ValueSerializer};

use crate::Limits;

/// How deep [`from_value`], [`to_value`] and `Value`'s `Serialize` and
/// `Deserialize` nest by default: 128 levels, as `serde_json` reads JSON.
pub const DEFAULT_MAX_DEPTH: usize = 128;

/// The limits of conversions that take none: [`DEFAULT_MAX_DEPTH`], and the
/// default output limit as the number of values reached.
pub(crate) fn default_limits() -> Limits {
    Limits {
        max_depth: DEFAULT_MAX_DEPTH,
        ..Limits::default()
    }
}

/// How far a conversion may walk a value graph: how deep, and through how
/// many values in all.
pub(crate) struct Walk {
    max_depth: usize,
    max_values: usize,
    values: Cell<usize>,
}

impl Walk {
    /// A walk within `limits`.
    pub(crate) fn new(limits: &Limits) -> Self {
        Walk {
            max_depth: limits.max_depth,
            max_values: limits.max_output_len,
            values: Cell::new(0),
        }
    }

    /// Counts one more value, reached at nesting `depth`, failing past the
    /// limits.
    pub(crate) fn reach(&self, depth: usize) -> Result<(), Error> {
        if depth > self.max_depth {
            return Err(Error::new(format_args!(
                "value nests deeper than the limit of {}",
                self.max_depth
            )));
        }
        let values = self.values.get() + 1;
        if values > self.max_values {
            return Err(Error::new(format_args!(
                "value expands to more than the limit of {} values",
                self.max_values
            )));
        }
        self.values.set(values);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
