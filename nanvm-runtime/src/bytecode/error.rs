//! Errors of the bytecode reader.

use std::fmt;

/// Why bytes are not a valid module, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// Byte offset in the input where the problem was found.
    pub offset: usize,
    /// What is wrong.
    pub kind: DecodeErrorKind,
}

/// What is wrong with bytecode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The input ends inside an item that needs `needed` more bytes.
    UnexpectedEnd {
        /// Bytes still needed.
        needed: usize,
    },
    /// A byte that is not a known tag where an expression starts.
    UnknownTag(u8),
    /// A count announces more items than the remaining bytes can hold.
    LengthOverrun {
        /// The announced count.
        count: u32,
    },
    /// A code block with no constants (it has no result).
    EmptyCode,
    /// A code block's expressions do not end exactly at its announced length.
    CodeLengthMismatch,
    /// A bigint with a most-significant limb of zero, or a negative zero.
    NonCanonicalBigInt,
    /// `local_ref` to a constant that is not defined before this point.
    LocalRefOutOfRange {
        /// The index referenced.
        index: u32,
        /// How many constants are defined at this point.
        defined: u32,
    },
    /// `arg_ref` past the enclosing function's arguments.
    ArgRefOutOfRange {
        /// The index referenced.
        index: u32,
        /// How many arguments the function has.
        count: u32,
    },
    /// Nesting deeper than the reader's limit.
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// Bytes after the end of the module.
    TrailingBytes,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid bytecode at byte {}: ", self.offset)?;
        match &self.kind {
            DecodeErrorKind::UnexpectedEnd { needed } => {
                write!(f, "unexpected end of input ({needed} more bytes needed)")
            }
            DecodeErrorKind::UnknownTag(t) => write!(f, "unknown tag 0x{t:02X}"),
            DecodeErrorKind::LengthOverrun { count } => {
                write!(f, "count {count} runs past the end of the input")
            }
            DecodeErrorKind::EmptyCode => f.write_str("code block has no constants"),
            DecodeErrorKind::CodeLengthMismatch => {
                f.write_str("code block length does not match its expressions")
            }
            DecodeErrorKind::NonCanonicalBigInt => {
                f.write_str("bigint is not canonical (zero top limb or negative zero)")
            }
            DecodeErrorKind::LocalRefOutOfRange { index, defined } => write!(
                f,
                "local_ref {index} but only {defined} constants are defined here"
            ),
            DecodeErrorKind::ArgRefOutOfRange { index, count } => {
                write!(f, "arg_ref {index} but the function has {count} arguments")
            }
            DecodeErrorKind::TooDeep { limit } => {
                write!(f, "nesting deeper than the limit of {limit}")
            }
            DecodeErrorKind::TrailingBytes => f.write_str("bytes after the end of the module"),
        }
    }
}

impl std::error::Error for DecodeError {}
