//! Resource limits that keep hostile input from exhausting the host.

/// Limits applied while reading, evaluating and writing values.
///
/// Every phase that walks a value graph recursively checks `max_depth`, so
/// no input can overflow the native stack; writers check `max_output_len`,
/// so a small graph with much sharing cannot expand into an enormous tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The deepest nesting of arrays, objects and functions accepted.
    pub max_depth: usize,
    /// The longest text or byte output a writer produces, in bytes.
    pub max_output_len: usize,
}

impl Limits {
    /// The default nesting limit.
    pub const DEFAULT_MAX_DEPTH: usize = 1000;
    /// The default output limit: 256 MiB.
    pub const DEFAULT_MAX_OUTPUT_LEN: usize = 256 << 20;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_output_len: Self::DEFAULT_MAX_OUTPUT_LEN,
        }
    }
}
