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
    /// `outer_ref` or `outer_arg` with a depth of 0 or past the enclosing
    /// blocks or functions.
    OuterDepthOutOfRange {
        /// The depth referenced.
        depth: u32,
        /// How many blocks (for `outer_ref`) or functions (for `outer_arg`)
        /// enclose the current one.
        enclosing: u32,
    },
    /// `outer_ref` past the constants of the block it names.
    OuterRefOutOfRange {
        /// Blocks out.
        depth: u32,
        /// The index referenced.
        index: u32,
        /// How many constants that block has.
        count: u32,
    },
    /// `outer_arg` past the arguments of the function it names.
    OuterArgOutOfRange {
        /// Functions out.
        depth: u32,
        /// The index referenced.
        index: u32,
        /// How many arguments that function has.
        count: u32,
    },
    /// `global` of a name that is not in the builtins table.
    UnknownGlobal,
    /// An array item, call argument or object property whose kind byte is
    /// not `00` or `01`.
    UnknownItemKind(u8),
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
            DecodeErrorKind::OuterDepthOutOfRange { depth, enclosing } => write!(
                f,
                "outer depth {depth} must be at least 1 and at most {enclosing} here"
            ),
            DecodeErrorKind::OuterRefOutOfRange {
                depth,
                index,
                count,
            } => write!(
                f,
                "outer_ref {depth} {index} but that block has {count} constants"
            ),
            DecodeErrorKind::OuterArgOutOfRange {
                depth,
                index,
                count,
            } => write!(
                f,
                "outer_arg {depth} {index} but that function has {count} arguments"
            ),
            DecodeErrorKind::UnknownGlobal => {
                f.write_str("global names no builtin of the builtins table")
            }
            DecodeErrorKind::UnknownItemKind(k) => {
                write!(f, "item kind 0x{k:02X} is neither 00 nor 01")
            }
            DecodeErrorKind::TooDeep { limit } => {
                write!(f, "nesting deeper than the limit of {limit}")
            }
            DecodeErrorKind::TrailingBytes => f.write_str("bytes after the end of the module"),
        }
    }
}

impl std::error::Error for DecodeError {}
