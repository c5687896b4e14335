//! Resource limits that keep hostile input from exhausting the host.
//!
//! [`Limits`] is the one set of limits of every phase: reading bytecode,
//! compiling module text, linking an import graph, evaluating it in the VM
//! and writing the value. `include_djs!`, `nanvm-build` and the `nanvm` CLI
//! take each field by its name (`max_depth = 64`, `.limits(…)`,
//! `--max-depth 64`); `docs/limits.md` lists where each is checked, its
//! error and the test that reaches it. Exceeding one is a [`LimitError`]
//! naming the limit and its value.

use std::collections::HashSet;
use std::fmt;

use crate::serialize::SerializeError;
use crate::value::array::Items;
use crate::value::Value;
use crate::vm::Budget;

/// Limits applied while reading, compiling, evaluating and writing values.
///
/// The defaults are far above what a configuration needs and stop hostile
/// input before it exhausts memory or runs for minutes (see each constant).
///
/// ```
/// use nanvm_runtime::Limits;
///
/// let mut limits = Limits::default();
/// limits.set("max_depth", 64).unwrap();
/// assert_eq!(limits.max_depth, 64);
/// assert!(limits.set("max_colour", 1).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The deepest nesting of arrays, objects, functions and operations
    /// accepted by the bytecode reader, the VM and the writers. The
    /// compiler of module text stops at 1000 whatever this is: that is the
    /// ceiling for text.
    pub max_depth: usize,
    /// The longest text or byte output a writer produces, in bytes.
    pub max_output_len: usize,
    /// The longest string, in UTF-16 code units: each module's text (the
    /// compiler reads it as one string) and each string of a loaded value.
    pub max_string_len: usize,
    /// The most properties of one object of a loaded value.
    pub max_properties: usize,
    /// The most modules of one import graph (the entry included).
    pub max_modules: usize,
    /// The most VM steps of compiling one module and of evaluating one
    /// module (see [`Budget::steps`]).
    pub max_steps: u64,
    /// The most bytes alive at once in the VM while compiling or evaluating
    /// one module (see [`Budget::memory`]).
    pub max_memory: u64,
}

impl Limits {
    /// The default nesting limit: 1000, the compiler's own ceiling.
    pub const DEFAULT_MAX_DEPTH: usize = 1000;
    /// The default output limit: 256 MiB.
    pub const DEFAULT_MAX_OUTPUT_LEN: usize = 256 << 20;
    /// The default string limit: 16 Mi code units (32 MiB as UTF-16). The
    /// compiler reads about 0.4 MB/s (`docs/performance.md`), so a module
    /// text at the limit takes about 40 s to compile and a longer one is
    /// refused at once.
    pub const DEFAULT_MAX_STRING_LEN: usize = 16 << 20;
    /// The default property limit: 1 Mi (1,048,576) properties per object.
    pub const DEFAULT_MAX_PROPERTIES: usize = 1 << 20;
    /// The default import graph limit: 10,000 modules.
    pub const DEFAULT_MAX_MODULES: usize = 10_000;
    /// The default step limit: 2^30, about a billion steps, per module. The
    /// compiler takes about 35 steps a byte, so a module text of
    /// [`DEFAULT_MAX_STRING_LEN`](Self::DEFAULT_MAX_STRING_LEN) needs about
    /// 600 million; an endless loop stops after about a minute.
    pub const DEFAULT_MAX_STEPS: u64 = 1 << 30;
    /// The default memory limit: 4 GiB alive at once. The compiler holds
    /// about 80 bytes per byte of text, so a module text at the string
    /// limit fits.
    pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;

    /// The name of each limit, as `include_djs!` and [`Limits::set`] take
    /// it (the CLI writes `_` as `-`: `--max-depth`).
    pub const NAMES: [&'static str; 7] = [
        "max_depth",
        "max_output_len",
        "max_string_len",
        "max_properties",
        "max_modules",
        "max_steps",
        "max_memory",
    ];

    /// The VM budget of one module: [`max_steps`](Self::max_steps),
    /// [`max_memory`](Self::max_memory) and the default call depth.
    pub fn budget(&self) -> Budget {
        Budget {
            steps: self.max_steps,
            memory: self.max_memory,
            ..Budget::default()
        }
    }

    /// Sets the limit named `name` (one of [`NAMES`](Self::NAMES)) to
    /// `value`, saturating where the field is narrower than `u64`.
    pub fn set(&mut self, name: &str, value: u64) -> Result<(), UnknownLimit> {
        let size = usize::try_from(value).unwrap_or(usize::MAX);
        match name {
            "max_depth" => self.max_depth = size,
            "max_output_len" => self.max_output_len = size,
            "max_string_len" => self.max_string_len = size,
            "max_properties" => self.max_properties = size,
            "max_modules" => self.max_modules = size,
            "max_steps" => self.max_steps = value,
            "max_memory" => self.max_memory = value,
            _ => return Err(UnknownLimit(name.to_owned())),
        }
        Ok(())
    }

    /// Checks every string of `value` against
    /// [`max_string_len`](Self::max_string_len) and every object against
    /// [`max_properties`](Self::max_properties), visiting each shared value
    /// once (so a graph of exponential tree size is checked in linear time)
    /// and without recursion. Functions are not entered.
    pub fn check_value(&self, value: &Value) -> Result<(), LimitError> {
        let mut seen = HashSet::new();
        let mut work = vec![value];
        while let Some(v) = work.pop() {
            if v.addr().is_some_and(|a| !seen.insert(a)) {
                continue;
            }
            match v {
                Value::String(s) => self.check_string(s.len(), "string")?,
                Value::Array(a) => {
                    // A byte array holds only numbers.
                    if let Items::Values(items) = a.view() {
                        work.extend(items);
                    }
                }
                Value::Object(o) => {
                    if o.len() > self.max_properties {
                        let what = match o.len() {
                            1 => "object of 1 property".to_owned(),
                            n => format!("object of {n} properties"),
                        };
                        return Err(LimitError::new(
                            Limit::MaxProperties,
                            self.max_properties,
                            what,
                        ));
                    }
                    for (key, item) in o.entries() {
                        self.check_string(key.len(), "property name")?;
                        work.push(item);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Checks a string (`what`: "string", "module text"…) of `len` UTF-16
    /// code units against [`max_string_len`](Self::max_string_len).
    pub fn check_string(&self, len: usize, what: &str) -> Result<(), LimitError> {
        if len > self.max_string_len {
            let what = format!("{what} of {len} code units");
            return Err(LimitError::new(
                Limit::MaxStringLen,
                self.max_string_len,
                what,
            ));
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_output_len: Self::DEFAULT_MAX_OUTPUT_LEN,
            max_string_len: Self::DEFAULT_MAX_STRING_LEN,
            max_properties: Self::DEFAULT_MAX_PROPERTIES,
            max_modules: Self::DEFAULT_MAX_MODULES,
            max_steps: Self::DEFAULT_MAX_STEPS,
            max_memory: Self::DEFAULT_MAX_MEMORY,
        }
    }
}

/// A name [`Limits::set`] does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLimit(pub String);

impl fmt::Display for UnknownLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown limit `{}`: expected one of {}",
            self.0,
            Limits::NAMES.join(", ")
        )
    }
}

impl std::error::Error for UnknownLimit {}

/// One of the [`Limits`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// [`Limits::max_depth`].
    MaxDepth,
    /// [`Limits::max_output_len`].
    MaxOutputLen,
    /// [`Limits::max_string_len`].
    MaxStringLen,
    /// [`Limits::max_properties`].
    MaxProperties,
    /// [`Limits::max_modules`].
    MaxModules,
    /// [`Limits::max_steps`].
    MaxSteps,
    /// [`Limits::max_memory`].
    MaxMemory,
}

impl Limit {
    /// The limit's name, as in [`Limits::NAMES`].
    pub fn name(self) -> &'static str {
        match self {
            Limit::MaxDepth => "max_depth",
            Limit::MaxOutputLen => "max_output_len",
            Limit::MaxStringLen => "max_string_len",
            Limit::MaxProperties => "max_properties",
            Limit::MaxModules => "max_modules",
            Limit::MaxSteps => "max_steps",
            Limit::MaxMemory => "max_memory",
        }
    }
}

/// Input past one of the [`Limits`]: `{what} exceeds {limit} {value}`, as in
/// `string of 52428800 code units exceeds max_string_len 16777216`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitError {
    /// Which limit.
    pub limit: Limit,
    /// Its configured value.
    pub value: u64,
    /// What went past it (`string of 52428800 code units`).
    pub what: String,
}

impl LimitError {
    /// `what` exceeds `limit`, configured as `value`.
    pub fn new(limit: Limit, value: impl TryInto<u64>, what: impl Into<String>) -> Self {
        LimitError {
            limit,
            value: value.try_into().unwrap_or(u64::MAX),
            what: what.into(),
        }
    }

    /// The limit a writer's error is, if it is one:
    /// [`SerializeError::TooDeep`] is [`Limit::MaxDepth`],
    /// [`SerializeError::TooLong`] is [`Limit::MaxOutputLen`].
    ///
    /// ```
    /// use nanvm_runtime::{LimitError, Limits, Value};
    /// use nanvm_runtime::serialize::to_json_with;
    ///
    /// let limits = Limits { max_output_len: 4, ..Limits::default() };
    /// let value = Value::array([Value::string("long text")]);
    /// let error = to_json_with(&value, &limits).unwrap_err();
    /// let named = LimitError::from_serialize(&error).unwrap();
    /// assert_eq!(named.to_string(), "output exceeds max_output_len 4");
    /// ```
    pub fn from_serialize(error: &SerializeError) -> Option<Self> {
        match *error {
            SerializeError::TooDeep(limit) => {
                Some(LimitError::new(Limit::MaxDepth, limit, "nesting"))
            }
            SerializeError::TooLong(limit) => {
                Some(LimitError::new(Limit::MaxOutputLen, limit, "output"))
            }
            SerializeError::Unrepresentable(_) => None,
        }
    }

    /// The message of a writer's error: named after the limit when it is
    /// one ([`from_serialize`](Self::from_serialize)).
    pub fn serialize_message(error: &SerializeError) -> String {
        Self::from_serialize(error).map_or_else(|| error.to_string(), |e| e.to_string())
    }
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} exceeds {} {}",
            self.what,
            self.limit.name(),
            self.value
        )
    }
}

impl std::error::Error for LimitError {}
