//! Rust source: a value graph as `static` items of
//! [`StaticValue`](crate::static_value::StaticValue)s, for the macros and
//! build scripts that embed DJS in a Rust program.

use std::fmt::Write as _;

use super::sharing::SharingPlan;
use super::SerializeError;
use crate::static_value::key_index;
use crate::value::{JsString, Value};
use crate::Limits;

/// How [`to_rust_expr`] and [`to_rust_static`] write Rust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustOptions {
    /// The path by which the generated code names the `nanvm-runtime`
    /// crate: `::nanvm_runtime` by default (a procedural macro may name a
    /// re-export instead).
    pub runtime: String,
    /// What [`to_rust_static`] writes before `static`: `pub` by default;
    /// `pub(crate)`, or empty for a private item.
    pub visibility: String,
    /// The deepest nesting written and the longest output. rustc itself
    /// compiles a few thousand levels of nesting, so the default depth
    /// limit (1000) leaves it room.
    pub limits: Limits,
}

impl Default for RustOptions {
    fn default() -> Self {
        RustOptions {
            runtime: "::nanvm_runtime".into(),
            visibility: "pub".into(),
            limits: Limits::default(),
        }
    }
}

/// Writes `value` as a Rust expression of type
/// `StaticValue`, constant, for the initialiser of a `static`:
///
/// ```text
/// {
///     use ::nanvm_runtime::static_value::{StaticArray as A, StaticObject as O, StaticStr as S, StaticValue as V};
///     const fn a(i: usize) -> V { V::Array(&ARRAYS[i]) }
///     const fn o(i: usize) -> V { V::Object(&OBJECTS[i]) }
///     const fn n(bits: u64) -> V { V::Number(f64::from_bits(bits)) }
///     const fn u(text: &'static str) -> S { S::Utf8(text) }
///     static ARRAYS: [A; 1] = [
///         A { items: &[
///             n(0x3ff0000000000000),
///         ] },
///     ];
///     static OBJECTS: [O; 1] = [
///         O { entries: &[
///             (u("a"), a(0)),
///             (u("b"), a(0)),
///         ], index: &[] },
///     ];
///     o(0)
/// }
/// ```
///
/// - Every array is one item of the block's `static` array `ARRAYS`, and
///   every object one of `OBJECTS`, in the order of definition (children
///   before parents, the root last), and every place that reaches it
///   refers to it by `&ARRAYS[i]` or `&OBJECTS[i]` (written `a(i)` and
///   `o(i)`, see below): a value shared in the
///   graph is one item, one address. (Containers written inline would not
///   do: Rust merges equal constants, so two equal arrays could share an
///   address.) This also keeps the code flat, however deep the graph, and
///   two `static`s compile faster than one per container (about 0.85 s
///   less in a debug build of citm_catalog.json's 21,388 containers).
/// - Numbers are `f64::from_bits`, so every double, `-0` and NaN included,
///   is exact; strings are UTF-8 literals (non-ASCII escaped), or UTF-16
///   code units when they hold a lone surrogate; bigints are 64-bit limbs.
/// - References, numbers and UTF-8 strings are written as calls of the
///   block's `const fn`s, declared where used: `a(i)` for
///   `V::Array(&ARRAYS[i])` (a reference to the static's item, so its
///   address), `o(i)`, `n(bits)`, `s("…")` (a string value) and `u("…")`
///   (a key). They give rustc fewer tokens and paths than the
///   expressions they stand for: citm_catalog.json's 3.2 MB of Rust
///   became 2.3 MB, and a debug rebuild including it about 0.8 s faster.
/// - Objects of more than eight properties get a key index for binary
///   search (see [`StaticObject`](crate::static_value::StaticObject)).
/// - The output depends only on the value: the same graph gives the same
///   text.
///
/// Functions are an error (static values are data), as are graphs nested
/// deeper than `options.limits.max_depth` and output longer than
/// `options.limits.max_output_len`.
///
/// ```
/// use nanvm_runtime::serialize::{to_rust_expr, RustOptions};
/// use nanvm_runtime::Value;
///
/// let shared = Value::array([Value::from(1)]);
/// let value = Value::object([("a", shared.clone()), ("b", shared)]);
/// let code = to_rust_expr(&value, &RustOptions::default()).unwrap();
/// assert!(code.contains("O { entries: &[\n            (u(\"a\"), a(0)),"));
/// assert!(code.ends_with("    o(0)\n}"));
/// ```
pub fn to_rust_expr(value: &Value, options: &RustOptions) -> Result<String, SerializeError> {
    let plan = SharingPlan::every_container(value);
    let root = plan.shared().len();
    let mut containers: Vec<&Value> = plan.shared().iter().collect();
    if matches!(value, Value::Array(_) | Value::Object(_)) {
        containers.push(value);
    }
    let (mut arrays, mut objects) = (0, 0);
    let places = containers
        .iter()
        .map(|c| {
            let count = if matches!(c, Value::Array(_)) {
                &mut arrays
            } else {
                &mut objects
            };
            *count += 1;
            *count - 1
        })
        .collect();
    let mut writer = Writer {
        plan: &plan,
        limits: &options.limits,
        heights: Vec::with_capacity(containers.len()),
        places,
        body: String::new(),
        arrays: String::new(),
        objects: String::new(),
        uses: Uses::default(),
    };
    for container in &containers {
        writer.definition(container)?;
    }
    writer.reference(value, root)?;
    let mut out = String::with_capacity(writer.arrays.len() + writer.objects.len() + 300);
    out.push_str("{\n    use ");
    out.push_str(&options.runtime);
    out.push_str("::static_value::{");
    out.push_str(&writer.uses.list());
    out.push_str("};\n");
    out.push_str(&writer.uses.helpers());
    for (name, alias, count, items) in [
        ("ARRAYS", "A", arrays, &writer.arrays),
        ("OBJECTS", "O", objects, &writer.objects),
    ] {
        if count > 0 {
            let _ = writeln!(out, "    static {name}: [{alias}; {count}] = [");
            out.push_str(items);
            out.push_str("    ];\n");
        }
    }
    out.push_str("    ");
    out.push_str(&writer.body);
    out.push_str("\n}");
    writer.check_len(out.len())?;
    Ok(out)
}

/// Writes `value` as a Rust `static` item named `name` (an identifier)
/// whose value is [`to_rust_expr`]'s expression:
///
/// ```text
/// pub static CONFIG: ::nanvm_runtime::static_value::StaticValue = {
///     …
/// };
/// ```
///
/// A build script writes this into `OUT_DIR`, and the crate `include!`s it.
pub fn to_rust_static(
    value: &Value,
    name: &str,
    options: &RustOptions,
) -> Result<String, SerializeError> {
    if !is_identifier(name) {
        return Err(SerializeError::Unrepresentable(
            "the name of a Rust static must be an identifier",
        ));
    }
    let expr = to_rust_expr(value, options)?;
    let visibility = options.visibility.trim();
    let space = if visibility.is_empty() { "" } else { " " };
    Ok(format!(
        "{visibility}{space}static {name}: {}::static_value::StaticValue = {expr};\n",
        options.runtime
    ))
}

/// Which aliases of the `static_value` types and which helpers the
/// generated code uses.
#[derive(Default)]
struct Uses {
    array: bool,
    bigint: bool,
    object: bool,
    string: bool,
    /// `a(i)` and `o(i)`: references to `ARRAYS` and `OBJECTS`.
    array_ref: bool,
    object_ref: bool,
    /// `n(bits)`: a number.
    number: bool,
    /// `s("…")`: a UTF-8 string value.
    string_value: bool,
    /// `u("…")`: a UTF-8 `StaticStr` (a key).
    utf8: bool,
}

impl Uses {
    /// The `use` list: the aliases used, in a fixed order.
    fn list(&self) -> String {
        let aliases = [
            (self.array, "StaticArray as A"),
            (self.bigint, "StaticBigInt as B"),
            (self.object, "StaticObject as O"),
            (self.string, "StaticStr as S"),
            (true, "StaticValue as V"),
        ];
        let used: Vec<&str> = aliases
            .iter()
            .filter(|(u, _)| *u)
            .map(|(_, a)| *a)
            .collect();
        used.join(", ")
    }

    /// The helpers used, one `const fn` a line: short calls in place of
    /// the paths they stand for keep rustc's work on large values down.
    fn helpers(&self) -> String {
        let helpers = [
            (
                self.array_ref,
                "const fn a(i: usize) -> V { V::Array(&ARRAYS[i]) }",
            ),
            (
                self.object_ref,
                "const fn o(i: usize) -> V { V::Object(&OBJECTS[i]) }",
            ),
            (
                self.number,
                "const fn n(bits: u64) -> V { V::Number(f64::from_bits(bits)) }",
            ),
            (
                self.string_value,
                "const fn s(text: &'static str) -> V { V::String(S::Utf8(text)) }",
            ),
            (
                self.utf8,
                "const fn u(text: &'static str) -> S { S::Utf8(text) }",
            ),
        ];
        let mut out = String::new();
        for (_, helper) in helpers.iter().filter(|(used, _)| *used) {
            out.push_str("    ");
            out.push_str(helper);
            out.push('\n');
        }
        out
    }
}

struct Writer<'a> {
    plan: &'a SharingPlan,
    limits: &'a Limits,
    /// The nesting of each container defined so far: 1 for a container
    /// with no container inside.
    heights: Vec<usize>,
    /// Each container's place in `ARRAYS` or `OBJECTS`, by its index.
    places: Vec<usize>,
    /// What is being written: the list of `ARRAYS` or `OBJECTS` while a
    /// container is added to it, then the root's reference.
    body: String,
    /// The items of `ARRAYS` and of `OBJECTS` written so far.
    arrays: String,
    objects: String,
    uses: Uses,
}

impl Writer<'_> {
    /// Writes the array or object `value` as the next item of `ARRAYS` or
    /// `OBJECTS`.
    fn definition(&mut self, value: &Value) -> Result<(), SerializeError> {
        let children = match value {
            Value::Array(a) => a.items(),
            _ => &[],
        };
        let mut height = 1;
        let values = match value {
            Value::Object(o) => o.values(),
            _ => &[],
        };
        for child in children.iter().chain(values) {
            if let Some(i) = self.plan.name_of(child) {
                height = height.max(self.heights.get(i).map_or(0, |h| h + 1));
            }
        }
        if height > self.limits.max_depth {
            return Err(SerializeError::TooDeep(self.limits.max_depth));
        }
        self.heights.push(height);
        let array = matches!(value, Value::Array(_));
        // Written at the end of its list, in place.
        self.body = std::mem::take(self.list(array));
        match value {
            Value::Array(_) => {
                self.uses.array = true;
                self.body.push_str("        A { items: &[");
                for item in children {
                    self.body.push_str("\n            ");
                    self.child(item)?;
                    self.body.push(',');
                }
                self.close_list(children.is_empty());
                self.body.push_str(" },\n");
            }
            _ => {
                let Value::Object(o) = value else {
                    return Err(SerializeError::Unrepresentable("not an array or object"));
                };
                self.uses.object = true;
                self.body.push_str("        O { entries: &[");
                for (key, item) in o.entries() {
                    self.body.push_str("\n            (");
                    self.string(key, false);
                    self.body.push_str(", ");
                    self.child(item)?;
                    self.body.push_str("),");
                }
                self.close_list(o.is_empty());
                self.body.push_str(", index: &[");
                let keys: Vec<&[u16]> = o.keys().map(JsString::as_units).collect();
                for (i, position) in key_index(&keys).iter().enumerate() {
                    let comma = if i > 0 { ", " } else { "" };
                    let _ = write!(self.body, "{comma}{position}");
                }
                self.body.push_str("] },\n");
            }
        }
        let written = std::mem::take(&mut self.body);
        *self.list(array) = written;
        self.check_len(self.arrays.len() + self.objects.len())
    }

    /// The items of `ARRAYS` (`array`) or of `OBJECTS` written so far.
    fn list(&mut self, array: bool) -> &mut String {
        if array {
            &mut self.arrays
        } else {
            &mut self.objects
        }
    }

    fn close_list(&mut self, empty: bool) {
        self.body.push_str(if empty { "]" } else { "\n        ]" });
    }

    /// Writes a child of a container: a reference to its `static` if it is
    /// an array or object, the value itself otherwise.
    fn child(&mut self, value: &Value) -> Result<(), SerializeError> {
        let index = self.plan.name_of(value).unwrap_or(usize::MAX);
        self.reference(value, index)
    }

    /// Writes `value` as an expression, a reference to its item in
    /// `ARRAYS` or `OBJECTS` for an array or object (container `index`).
    fn reference(&mut self, value: &Value, index: usize) -> Result<(), SerializeError> {
        if let Value::String(s) = value {
            self.string(s, true);
            return Ok(());
        }
        if let Value::BigInt(_) = value {
            self.uses.bigint = true;
        }
        let out = &mut self.body;
        match value {
            Value::Undefined => out.push_str("V::Undefined"),
            Value::Null => out.push_str("V::Null"),
            Value::Bool(b) => {
                let _ = write!(out, "V::Bool({b})");
            }
            Value::Number(n) => {
                self.uses.number = true;
                let _ = write!(out, "n({:#018x})", n.to_bits());
            }
            Value::String(_) => {}
            Value::BigInt(n) => {
                let (sign, limbs) = n.to_u64_digits();
                let negative = sign == num_bigint::Sign::Minus;
                let _ = write!(out, "V::BigInt(&B {{ negative: {negative}, limbs: &[");
                for (i, limb) in limbs.iter().enumerate() {
                    let comma = if i > 0 { ", " } else { "" };
                    let _ = write!(out, "{comma}{limb:#x}");
                }
                out.push_str("] })");
            }
            Value::Array(_) => {
                self.uses.array_ref = true;
                let _ = write!(out, "a({})", self.places[index]);
            }
            Value::Object(_) => {
                self.uses.object_ref = true;
                let _ = write!(out, "o({})", self.places[index]);
            }
            Value::Function(_) => {
                return Err(SerializeError::Unrepresentable(
                    "a function cannot be written as static Rust data",
                ))
            }
        }
        Ok(())
    }

    /// Writes a string as a `StaticStr` (`value`: as a `StaticValue`): a
    /// UTF-8 literal with everything but printable ASCII escaped, `u("…")`
    /// (`s("…")`), or, with a lone surrogate, its code units.
    fn string(&mut self, s: &JsString, value: bool) {
        self.uses.string = true;
        let out = &mut self.body;
        match s.to_rust_string() {
            Some(text) => {
                if value {
                    self.uses.string_value = true;
                    out.push_str("s(\"");
                } else {
                    self.uses.utf8 = true;
                    out.push_str("u(\"");
                }
                for c in text.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        ' '..='~' => out.push(c),
                        _ => {
                            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
                        }
                    }
                }
                out.push_str("\")");
            }
            None => {
                out.push_str(if value {
                    "V::String(S::Utf16(&["
                } else {
                    "S::Utf16(&["
                });
                for (i, unit) in s.as_units().iter().enumerate() {
                    let comma = if i > 0 { ", " } else { "" };
                    let _ = write!(out, "{comma}{unit:#06x}");
                }
                out.push_str(if value { "]))" } else { "])" });
            }
        }
    }

    fn check_len(&self, len: usize) -> Result<(), SerializeError> {
        if len > self.limits.max_output_len {
            return Err(SerializeError::TooLong(self.limits.max_output_len));
        }
        Ok(())
    }
}

/// Whether `name` is a Rust identifier (ASCII, not a keyword, not `_`).
fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
        "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
        "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
        "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
    ];
    let mut chars = name.chars();
    let starts_well = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
        && !KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_each_container_once_children_first() {
        let a = Value::object([("x", Value::Number(-0.0))]);
        let b = Value::array([a.clone(), a.clone(), Value::array([])]);
        let root = Value::array([b.clone(), b, a, Value::bigint(-5), Value::Undefined]);
        let code = to_rust_static(&root, "ROOT", &RustOptions::default()).unwrap();
        let expected = "pub static ROOT: ::nanvm_runtime::static_value::StaticValue = {
    use ::nanvm_runtime::static_value::{StaticArray as A, StaticBigInt as B, StaticObject as O, StaticStr as S, StaticValue as V};
    const fn a(i: usize) -> V { V::Array(&ARRAYS[i]) }
    const fn o(i: usize) -> V { V::Object(&OBJECTS[i]) }
    const fn n(bits: u64) -> V { V::Number(f64::from_bits(bits)) }
    const fn u(text: &'static str) -> S { S::Utf8(text) }
    static ARRAYS: [A; 3] = [
        A { items: &[] },
        A { items: &[
            o(0),
            o(0),
            a(0),
        ] },
        A { items: &[
            a(1),
            a(1),
            o(0),
            V::BigInt(&B { negative: true, limbs: &[0x5] }),
            V::Undefined,
        ] },
    ];
    static OBJECTS: [O; 1] = [
        O { entries: &[
            (u(\"x\"), n(0x8000000000000000)),
        ], index: &[] },
    ];
    a(2)
};
";
        assert_eq!(code, expected);
    }

    #[test]
    fn primitives_and_strings() {
        let options = RustOptions {
            runtime: "crate::rt".into(),
            visibility: String::new(),
            ..RustOptions::default()
        };
        let text = Value::string("a\"\\\n\u{7f}é😀\u{202e}");
        assert_eq!(
            to_rust_expr(&text, &options).unwrap(),
            "{\n    use crate::rt::static_value::{StaticStr as S, StaticValue as V};\n    \
             const fn s(text: &'static str) -> V { V::String(S::Utf8(text)) }\n    \
             s(\"a\\\"\\\\\\n\\u{7f}\\u{e9}\\u{1f600}\\u{202e}\")\n}"
        );
        let lone = Value::String(JsString::from(vec![0xD800, 0x61]));
        assert!(to_rust_static(&lone, "X", &options)
            .unwrap()
            .starts_with("static X: crate::rt::static_value::StaticValue = {"));
        assert!(to_rust_expr(&lone, &options)
            .unwrap()
            .contains("V::String(S::Utf16(&[0xd800, 0x0061]))"));
        assert!(to_rust_expr(&Value::Number(f64::NAN), &options)
            .unwrap()
            .contains("n(0x7ff8000000000000)"));
    }

    #[test]
    fn rejects_functions_bad_names_and_excess() {
        let options = RustOptions::default();
        for name in ["", "1a", "a-b", "fn", "_", "é"] {
            assert!(
                to_rust_static(&Value::Null, name, &options).is_err(),
                "{name}"
            );
        }
        let mut deep = Value::Null;
        for _ in 0..5 {
            deep = Value::array([deep]);
        }
        let limits = |max_depth, max_output_len| RustOptions {
            limits: Limits {
                max_depth,
                max_output_len,
                ..Limits::default()
            },
            ..RustOptions::default()
        };
        assert!(to_rust_expr(&deep, &limits(5, 10_000)).is_ok());
        assert_eq!(
            to_rust_expr(&deep, &limits(4, 10_000)),
            Err(SerializeError::TooDeep(4))
        );
        assert_eq!(
            to_rust_expr(&deep, &limits(5, 100)),
            Err(SerializeError::TooLong(100))
        );
    }
}
