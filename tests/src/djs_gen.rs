//! DJS modules generated from arbitrary bytes, for the differential fuzz
//! target (`fuzz/fuzz_targets/differential.rs`) and its tests.
//!
//! [`djs_module`] reads choices from an [`Unstructured`] and writes a DJS
//! module (`docs/fjs.md`, "DJS") that a JavaScript engine also imports:
//! consts that refer to earlier ones (so values are shared), and an `export
//! default`. The values lean towards the edges where engines and nanvm
//! could differ: numbers that round or overflow (`-0`, `1e21`, `5e-324`,
//! `1e309`, hexadecimal, octal and binary literals), strings with every
//! kind of escape and lone surrogates, bigints, objects whose keys are
//! array indices or nearly so (`"4294967294"`, `"4294967295"`, `"01"`) and
//! `__proto__` as an own property (`["__proto__"]` and shorthand), and
//! trivia (comments, Unicode spaces and line terminators) between tokens.
//! It never writes what docs/fjs.md lists as deliberately rejected.

use arbitrary::{Result, Unstructured};

/// The deepest nesting of arrays and objects written.
const MAX_DEPTH: usize = 6;

/// The most values (leaves and containers) written in one module.
const MAX_VALUES: usize = 256;

/// A DJS module written from the choices in `u`.
///
/// # Errors
///
/// Never in practice: an exhausted [`Unstructured`] gives default choices.
pub fn djs_module(u: &mut Unstructured) -> Result<String> {
    let mut writer = Writer {
        out: String::new(),
        consts: Vec::new(),
        values: 0,
    };
    writer.module(u)?;
    Ok(writer.out)
}

/// Writes one module.
struct Writer {
    out: String,
    /// The names of the consts declared so far.
    consts: Vec<String>,
    /// Values written so far.
    values: usize,
}

/// Numbers written as they are: the edges of formatting and rounding.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "0.0",
    "-0.0",
    "1",
    "-1",
    "0.1",
    "1e21",
    "1e+21",
    "999999999999999999999",
    "1e-7",
    "1e-6",
    "0.000001",
    "123e-20",
    "5e-324",
    "2.4e-324",
    "2.5e-324",
    "1.7976931348623157e308",
    "1.7976931348623158e308",
    "1e309",
    "-1e309",
    "9007199254740993",
    "4294967295",
    "4294967296",
    "0x1F",
    "0XfF",
    "0o17",
    "0O777",
    "0b101",
    "0B0",
    ".5",
    "5.",
    "5.e3",
    ".0e0",
    "1E-0",
    "0x10000000000000000",
];

/// Bigints written as they are.
const BIGINTS: &[&str] = &[
    "0n",
    "-0n",
    "1n",
    "-1n",
    "0x1Fn",
    "0o17n",
    "0b101n",
    "18446744073709551616n",
    "-18446744073709551616n",
    "-0x8000000000000000n",
];

/// Pieces of string literals (between the quotes): escapes of every kind,
/// lone and paired surrogates, raw characters.
const STRING_PIECES: &[&str] = &[
    "a",
    "Z",
    " ",
    "\\n",
    "\\r",
    "\\t",
    "\\b",
    "\\f",
    "\\v",
    "\\0",
    "\\\\",
    "\\\"",
    "\\'",
    "\\x41",
    "\\xff",
    "\\u0000",
    "\\u00e9",
    "\\uD800",
    "\\uDFFF",
    "\\uDBFF\\uDFFF",
    "\\uD83D\\uDE00",
    "\\uDE00\\uD83D",
    "\\u{1F600}",
    "\\u{0}",
    "\\u{10FFFF}",
    "\\u{D800}",
    "\\q",
    "\\\n",
    "\\\r\n",
    "\\\u{2028}",
    "\u{2028}",
    "\u{2029}",
    "é",
    "😀",
    "\u{0}",
    "\u{7f}",
    "\u{feff}",
    "\u{a0}",
    "__proto__",
];

/// The pieces of [`STRING_PIECES`] that are line continuations.
const LINE_CONTINUATIONS: &[&str] = &["\\\n", "\\\r\n", "\\\u{2028}"];

/// String keys: array indices and strings that look like them.
const INDEX_KEYS: &[&str] = &[
    "0",
    "1",
    "2",
    "10",
    "01",
    "-1",
    "-0",
    "1.5",
    "1e3",
    "4294967294",
    "4294967295",
    "4294967296",
    "9007199254740993",
    " 1",
    "",
    "\\u0030",
    "\\x31",
];

/// Identifier keys.
const NAME_KEYS: &[&str] = &[
    "a",
    "b",
    "_",
    "$",
    "é",
    "class",
    "null",
    "true",
    "undefined",
    "constructor",
    "toString",
    "hasOwnProperty",
    "length",
];

/// Trivia between tokens.
const TRIVIA: &[&str] = &[
    "", "", "", " ", "\n", "\t", "/* c */", "/*\n*/", "\u{a0}", "\u{feff}", "\u{3000}", "\u{2028}",
    "\r\n",
];

impl Writer {
    fn pick(&mut self, u: &mut Unstructured, items: &[&str]) -> Result<()> {
        let item = u.choose(items)?;
        self.out.push_str(item);
        Ok(())
    }

    fn trivia(&mut self, u: &mut Unstructured) -> Result<()> {
        self.pick(u, TRIVIA)
    }

    fn module(&mut self, u: &mut Unstructured) -> Result<()> {
        let count = u.int_in_range(0..=6)?;
        let proto_name = u.arbitrary::<bool>()?;
        for i in 0..count {
            let name = if i == 0 && proto_name {
                "__proto__".to_string()
            } else {
                format!("c{i}")
            };
            self.out.push_str("const ");
            self.out.push_str(&name);
            self.trivia(u)?;
            self.out.push('=');
            self.trivia(u)?;
            self.value(u, 0)?;
            self.out.push('\n');
            self.consts.push(name);
        }
        self.out.push_str("export default ");
        self.value(u, 0)?;
        self.trivia(u)?;
        if u.arbitrary::<bool>()? {
            self.out.push(';');
        }
        self.out.push('\n');
        Ok(())
    }

    fn value(&mut self, u: &mut Unstructured, depth: usize) -> Result<()> {
        self.values += 1;
        let containers = depth < MAX_DEPTH && self.values < MAX_VALUES;
        let kinds = if containers { 10 } else { 8 };
        match u.choose_index(kinds)? {
            0 => self.pick(u, &["null", "true", "false", "undefined"]),
            1 => self.pick(u, NUMBERS),
            2 => self.number(u),
            3 => self.pick(u, BIGINTS),
            4 => self.bigint(u),
            5 => self.string(u, false),
            6 | 7 if !self.consts.is_empty() => {
                let name = u.choose(&self.consts)?.clone();
                self.out.push_str(&name);
                Ok(())
            }
            6 | 7 => self.string(u, false),
            8 => self.array(u, depth),
            _ => self.object(u, depth),
        }
    }

    /// A number from arbitrary bits, in one of the ways JavaScript writes it.
    fn number(&mut self, u: &mut Unstructured) -> Result<()> {
        let bits: u64 = u.arbitrary()?;
        let x = f64::from_bits(bits);
        let text = match u.choose_index(5)? {
            0 if x.is_finite() => format!("{x:e}"),
            1 if x.is_finite() => format!("{x:E}"),
            2 if x.is_finite() && x.abs() < 1e30 => format!("{x}"),
            3 => format!("{}", bits >> u.int_in_range(0..=63)?),
            _ => format!("0x{:x}", bits >> u.int_in_range(0..=63)?),
        };
        // A leading minus sign is `-` then the literal: trivia may follow it.
        if let Some(digits) = text.strip_prefix('-') {
            self.out.push('-');
            self.trivia(u)?;
            self.out.push_str(digits);
        } else {
            self.out.push_str(&text);
        }
        Ok(())
    }

    fn bigint(&mut self, u: &mut Unstructured) -> Result<()> {
        let magnitude: u128 = u.arbitrary::<u128>()? >> u.int_in_range(0..=127)?;
        if u.arbitrary::<bool>()? {
            self.out.push('-');
        }
        let text = if u.arbitrary::<bool>()? {
            format!("{magnitude}n")
        } else {
            format!("0x{magnitude:X}n")
        };
        self.out.push_str(&text);
        Ok(())
    }

    /// A string literal; `key` limits the pieces to those that make keys
    /// worth writing (array indices and near misses) half of the time.
    fn string(&mut self, u: &mut Unstructured, key: bool) -> Result<()> {
        let quote = if u.arbitrary::<bool>()? { '"' } else { '\'' };
        self.out.push(quote);
        if key && u.arbitrary::<bool>()? {
            self.pick(u, INDEX_KEYS)?;
        } else {
            // The pieces written, but for line continuations (which add nothing).
            let mut value = String::new();
            for _ in 0..u.int_in_range(0..=6)? {
                let piece = *u.choose(STRING_PIECES)?;
                // The other quote is a plain character; this one needs its escape.
                let piece = match (piece, quote) {
                    ("\\\"", '\'') => "\"",
                    ("\\'", '"') => "'",
                    _ => piece,
                };
                self.out.push_str(piece);
                if !LINE_CONTINUATIONS.contains(&piece) {
                    value.push_str(piece);
                }
            }
            // A `"__proto__"` key sets the prototype: DJS rejects it (docs/fjs.md).
            if key && value == "__proto__" {
                self.out.push('x');
            }
        }
        self.out.push(quote);
        Ok(())
    }

    fn array(&mut self, u: &mut Unstructured, depth: usize) -> Result<()> {
        self.out.push('[');
        let len = u.int_in_range(0..=5)?;
        for i in 0..len {
            if i > 0 {
                self.out.push(',');
            }
            self.trivia(u)?;
            self.value(u, depth + 1)?;
        }
        if len > 0 && u.arbitrary::<bool>()? {
            self.out.push(',');
        }
        self.trivia(u)?;
        self.out.push(']');
        Ok(())
    }

    fn object(&mut self, u: &mut Unstructured, depth: usize) -> Result<()> {
        self.out.push('{');
        let len = u.int_in_range(0..=5)?;
        for i in 0..len {
            if i > 0 {
                self.out.push(',');
            }
            self.trivia(u)?;
            if !self.consts.is_empty() && u.ratio(1, 6)? {
                // Shorthand: `{ c0 }` is `{ c0: c0 }`, `{ __proto__ }` an own property.
                let name = u.choose(&self.consts)?.clone();
                self.out.push_str(&name);
                continue;
            }
            match u.choose_index(4)? {
                0 => self.pick(u, NAME_KEYS)?,
                1 => self.string(u, true)?,
                2 => {
                    // The one computed key DJS has: a string literal, as for `__proto__`.
                    self.out.push('[');
                    if u.arbitrary::<bool>()? {
                        self.out.push_str("\"__proto__\"");
                    } else {
                        self.string(u, true)?;
                    }
                    self.out.push(']');
                }
                _ => self.string(u, true)?,
            }
            self.trivia(u)?;
            self.out.push(':');
            self.trivia(u)?;
            self.value(u, depth + 1)?;
        }
        if len > 0 && u.arbitrary::<bool>()? {
            self.out.push(',');
        }
        self.trivia(u)?;
        self.out.push('}');
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_input_writes_a_module() {
        for seed in 0..64u8 {
            let data: Vec<u8> = (0..512u32)
                .map(|i| (i as u8).wrapping_mul(seed).wrapping_add(seed))
                .collect();
            let text = djs_module(&mut Unstructured::new(&data)).unwrap();
            assert!(text.contains("export default "), "{text}");
        }
        let empty = djs_module(&mut Unstructured::new(&[])).unwrap();
        assert!(empty.starts_with("export default "), "{empty}");
    }
}
