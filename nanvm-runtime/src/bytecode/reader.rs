//! Reads bytecode into [`Module`]s, validating as it goes.

use std::rc::Rc;

use super::{tag, Code, DecodeError, DecodeErrorKind, Expr, FunctionCode, Module};
use crate::value::{BigInt, JsString};
use crate::Limits;

/// Reads a module from `bytes` with the default [`Limits`].
pub fn decode_module(bytes: &[u8]) -> Result<Module, DecodeError> {
    decode_module_with(bytes, &Limits::default())
}

/// Reads a module from `bytes`. The whole input must be one module.
///
/// Validation is complete: every count is checked against the bytes left
/// before anything is allocated, every `local_ref` names an earlier constant
/// and every `arg_ref` an argument of its function, bigints are canonical
/// and nesting stays within `limits.max_depth`.
pub fn decode_module_with(bytes: &[u8], limits: &Limits) -> Result<Module, DecodeError> {
    let mut reader = Reader {
        bytes,
        pos: 0,
        depth: 0,
        max_depth: limits.max_depth,
    };
    let imports = reader.array(2, Reader::string)?;
    let count = u32::try_from(imports.len()).unwrap_or(u32::MAX);
    let code = reader.code(count)?;
    if reader.pos != bytes.len() {
        return Err(reader.error(DecodeErrorKind::TrailingBytes));
    }
    Ok(Module { imports, code })
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    max_depth: usize,
}

/// What a reference may point at while an expression is read.
struct Scope {
    /// Constants defined so far in the enclosing code block.
    defined: u32,
    /// Arguments of the enclosing function.
    args: u32,
}

impl Reader<'_> {
    fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError {
            offset: self.pos,
            kind,
        }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let rest = &self.bytes[self.pos..];
        let Some(chunk) = rest.get(..N) else {
            let needed = N - rest.len();
            return Err(self.error(DecodeErrorKind::UnexpectedEnd { needed }));
        };
        self.pos += N;
        Ok(chunk.try_into().unwrap_or([0; N]))
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        self.take().map(u32::from_le_bytes)
    }

    /// Reads a `u32` count of items at least `min_item_size` bytes each,
    /// rejecting counts the remaining input cannot hold.
    fn count(&mut self, min_item_size: usize) -> Result<usize, DecodeError> {
        let at = self.pos;
        let count = self.u32()?;
        let left = self.bytes.len() - self.pos;
        let n = usize::try_from(count).unwrap_or(usize::MAX);
        if n.saturating_mul(min_item_size) > left {
            return Err(DecodeError {
                offset: at,
                kind: DecodeErrorKind::LengthOverrun { count },
            });
        }
        Ok(n)
    }

    fn array<T>(
        &mut self,
        min_item_size: usize,
        mut item: impl FnMut(&mut Self) -> Result<T, DecodeError>,
    ) -> Result<Vec<T>, DecodeError> {
        let n = self.count(min_item_size)?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(item(self)?);
        }
        Ok(items)
    }

    fn string(&mut self) -> Result<JsString, DecodeError> {
        let n = self.count(2)?;
        let raw = &self.bytes[self.pos..self.pos + 2 * n];
        self.pos += 2 * n;
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        Ok(JsString::from(units))
    }

    fn bigint(&mut self, negative: bool) -> Result<BigInt, DecodeError> {
        let at = self.pos;
        let n = self.count(8)?;
        let raw = &self.bytes[self.pos..self.pos + 8 * n];
        self.pos += 8 * n;
        let limbs: Vec<u64> = raw
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        let zero_top = limbs.last() == Some(&0);
        if zero_top || (negative && limbs.is_empty()) {
            return Err(DecodeError {
                offset: at,
                kind: DecodeErrorKind::NonCanonicalBigInt,
            });
        }
        let magnitude = num_bigint::BigUint::from_slice(&u64_limbs_to_u32(&limbs));
        let sign = if negative {
            num_bigint::Sign::Minus
        } else {
            num_bigint::Sign::Plus
        };
        Ok(BigInt::from_biguint(sign, magnitude))
    }

    /// Reads a code block of a function with `args` arguments.
    fn code(&mut self, args: u32) -> Result<Code, DecodeError> {
        let at = self.pos;
        let len = self.count(1)?;
        let end = self.pos + len;
        if len == 0 {
            return Err(self.error(DecodeErrorKind::EmptyCode));
        }
        let mut consts = Vec::new();
        while self.pos < end {
            let defined = u32::try_from(consts.len()).unwrap_or(u32::MAX);
            let expr = self.expr(&Scope { defined, args })?;
            consts.push(expr);
        }
        if self.pos != end {
            return Err(DecodeError {
                offset: at,
                kind: DecodeErrorKind::CodeLengthMismatch,
            });
        }
        Ok(Code { consts })
    }

    // The recursive path is `expr` → `container` → `array_items` /
    // `object_props` / `function` (→ `code`) → `expr`. Its functions are
    // kept small and free of closures: at the default depth limit the
    // reader must fit in a 2 MiB thread stack even in an unoptimized build.

    fn expr(&mut self, scope: &Scope) -> Result<Expr, DecodeError> {
        let at = self.pos;
        let t = self.u8()?;
        match t {
            tag::OBJECT | tag::ARRAY | tag::FUNCTION => self.container(t, scope),
            _ => self.leaf(t, at, scope),
        }
    }

    /// Reads an array, object or function (after its tag `t`), one level deeper.
    fn container(&mut self, t: u8, scope: &Scope) -> Result<Expr, DecodeError> {
        if self.depth >= self.max_depth {
            let limit = self.max_depth;
            return Err(self.error(DecodeErrorKind::TooDeep { limit }));
        }
        self.depth += 1;
        let result = match t {
            tag::OBJECT => self.object_props(scope),
            tag::ARRAY => self.array_items(scope),
            _ => self.function(),
        };
        self.depth -= 1;
        result
    }

    fn array_items(&mut self, scope: &Scope) -> Result<Expr, DecodeError> {
        let n = self.count(1)?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(self.expr(scope)?);
        }
        Ok(Expr::Array(items))
    }

    fn object_props(&mut self, scope: &Scope) -> Result<Expr, DecodeError> {
        let n = self.count(3)?;
        let mut props = Vec::with_capacity(n);
        for _ in 0..n {
            let key = self.string()?;
            props.push((key, self.expr(scope)?));
        }
        Ok(Expr::Object(props))
    }

    fn function(&mut self) -> Result<Expr, DecodeError> {
        let length = self.u32()?;
        let code = self.code(length)?;
        Ok(Expr::Function(Rc::new(FunctionCode { length, code })))
    }

    /// Reads the expression of tag `t` (read at offset `at`). Meant for the
    /// leaves: [`expr`](Self::expr) sends containers straight to
    /// [`container`](Self::container), keeping this larger frame off the
    /// recursive path.
    #[inline(never)]
    fn leaf(&mut self, t: u8, at: usize, scope: &Scope) -> Result<Expr, DecodeError> {
        Ok(match t {
            tag::NULL => Expr::Null,
            tag::NUMBER => Expr::Number(f64::from_le_bytes(self.take()?)),
            tag::FALSE => Expr::Bool(false),
            tag::TRUE => Expr::Bool(true),
            tag::STRING => Expr::String(self.string()?),
            tag::BIGINT_POSITIVE => Expr::BigInt(Rc::new(self.bigint(false)?)),
            tag::BIGINT_NEGATIVE => Expr::BigInt(Rc::new(self.bigint(true)?)),
            tag::LOCAL_REF => {
                let index = self.u32()?;
                if index >= scope.defined {
                    let defined = scope.defined;
                    let kind = DecodeErrorKind::LocalRefOutOfRange { index, defined };
                    return Err(DecodeError { offset: at, kind });
                }
                Expr::LocalRef(index)
            }
            tag::ARG_REF => {
                let index = self.u32()?;
                if index >= scope.args {
                    let count = scope.args;
                    let kind = DecodeErrorKind::ArgRefOutOfRange { index, count };
                    return Err(DecodeError { offset: at, kind });
                }
                Expr::ArgRef(index)
            }
            tag::UNDEFINED => Expr::Undefined,
            tag::OBJECT | tag::ARRAY | tag::FUNCTION => self.container(t, scope)?,
            _ => {
                return Err(DecodeError {
                    offset: at,
                    kind: DecodeErrorKind::UnknownTag(t),
                })
            }
        })
    }
}

fn u64_limbs_to_u32(limbs: &[u64]) -> Vec<u32> {
    limbs
        .iter()
        .flat_map(|&l| [l as u32, (l >> 32) as u32])
        .collect()
}
