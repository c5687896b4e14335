//! The error of converting between a [`Value`](crate::Value) and Rust types.

use std::fmt;

use crate::value::JsString;

/// Why a value could not be converted to or from a Rust type.
///
/// The message names the problem; the path, when there is one, says where in
/// the value it is, as a JavaScript accessor chain from the root
/// (`.servers[2].port`, `["a key"]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: Box<str>,
    /// The path from the failing value up to the root: innermost first.
    path_from_leaf: Vec<Segment>,
}

/// One step of a path into a value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Index(usize),
    Key(Box<str>),
}

impl Error {
    /// An error with this message and no path yet.
    pub(crate) fn new(message: impl fmt::Display) -> Self {
        Error {
            message: message.to_string().into(),
            path_from_leaf: Vec::new(),
        }
    }

    /// The message, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the value the error is, as a JavaScript accessor chain from
    /// the root (`.servers[2].port`); empty for the root itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path_from_leaf.iter().rev() {
            match segment {
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Segment::Key(k) if is_identifier(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Segment::Key(k) => {
                    out.push('[');
                    crate::serialize::write_json_string(&mut out, &JsString::from(&**k));
                    out.push(']');
                }
            }
        }
        out
    }

    /// This error, as met inside the item at `index` of an array.
    pub(crate) fn at_index(mut self, index: usize) -> Self {
        self.path_from_leaf.push(Segment::Index(index));
        self
    }

    /// This error, as met inside the property `key` of an object.
    pub(crate) fn at_key(mut self, key: &str) -> Self {
        self.path_from_leaf.push(Segment::Key(key.into()));
        self
    }
}

/// Whether `key` can follow a `.` in a JavaScript accessor chain (ASCII
/// identifiers only; anything else is written in brackets).
fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if !self.path_from_leaf.is_empty() {
            write!(f, " at {}", self.path())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl ::serde::de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error::new(message)
    }
}

impl ::serde::ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error::new(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_reads_from_the_root() {
        let e = Error::new("bad")
            .at_key("port")
            .at_index(2)
            .at_key("a key")
            .at_key("servers");
        assert_eq!(e.path(), r#".servers["a key"][2].port"#);
        assert_eq!(e.to_string(), r#"bad at .servers["a key"][2].port"#);
        assert_eq!(Error::new("bad").to_string(), "bad");
    }
}
