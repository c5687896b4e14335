//! Reads bytecode into [`Module`]s, validating as it goes.

use std::rc::Rc;

use super::{
    tag, BinaryOp, Call, Code, DecodeError, DecodeErrorKind, Expr, FunctionCode, Global, Item,
    LogicalOp, MethodCall, Module, Prop, SpreadCall, UnaryOp,
};
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
/// and every `arg_ref` an argument of its function, every `outer_ref` and
/// `outer_arg` a constant or argument of an enclosing block or function,
/// `global` a builtin, bigints are canonical and nesting stays within
/// `limits.max_depth`.
pub fn decode_module_with(bytes: &[u8], limits: &Limits) -> Result<Module, DecodeError> {
    let mut reader = Reader::new(bytes, limits);
    let imports = reader.array(2, Reader::string)?;
    let count = u32::try_from(imports.len()).unwrap_or(u32::MAX);
    reader.functions.push(count);
    let code = reader.code()?;
    if reader.pos != bytes.len() {
        return Err(reader.error(DecodeErrorKind::TrailingBytes));
    }
    Ok(Module { imports, code })
}

/// The import specifiers of the module in `bytes`, read from its head
/// alone (the rest is not checked).
pub(crate) fn decode_imports(bytes: &[u8], limits: &Limits) -> Result<Vec<JsString>, DecodeError> {
    Reader::new(bytes, limits).array(2, Reader::string)
}

/// The most items reserved ahead of reading them: a count is checked against
/// the bytes left, but nested containers may each claim the rest of the
/// input, so reservations beyond this grow as items actually arrive.
const MAX_RESERVE: usize = 4096;

/// A cursor over bytecode with the scopes of the code being read.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    max_depth: usize,
    /// The code blocks being read, innermost last.
    blocks: Vec<BlockScope>,
    /// The argument counts of the functions being read, innermost last; the
    /// module's imports first.
    functions: Vec<u32>,
}

/// What references to a code block being read may name.
struct BlockScope {
    /// Constants of the block read so far.
    defined: u32,
    /// The `outer_ref` naming the largest index past `defined`: checked
    /// against the block's constant count once the block is read.
    forward: Option<ForwardRef>,
}

/// An `outer_ref` to a constant not read yet.
#[derive(Clone, Copy)]
struct ForwardRef {
    depth: u32,
    index: u32,
    /// Where the `outer_ref` starts.
    offset: usize,
}

// On the recursive path, `match … { Err(e) => return Err(e) }` stands where
// `?` would: in an unoptimized build each `?` adds its own temporaries to the
// frame, and the reader must fit 1000 levels in a 2 MiB stack.
#[allow(clippy::question_mark)]
impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8], limits: &Limits) -> Self {
        Reader {
            bytes,
            pos: 0,
            depth: 0,
            max_depth: limits.max_depth,
            blocks: Vec::new(),
            functions: Vec::new(),
        }
    }

    /// Where the next byte is read.
    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// Whether every byte has been read.
    pub(super) fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    fn error(&self, kind: DecodeErrorKind) -> DecodeError {
        DecodeError {
            offset: self.pos,
            kind,
        }
    }

    #[inline]
    pub(super) fn take<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let chunk = self
            .bytes
            .get(self.pos..)
            .and_then(|rest| rest.first_chunk::<N>());
        let Some(&chunk) = chunk else {
            return Err(self.unexpected_end(N));
        };
        self.pos += N;
        Ok(chunk)
    }

    /// The next byte, not read yet.
    #[inline]
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The error of `n` bytes wanted where fewer are left.
    #[cold]
    #[inline(never)]
    fn unexpected_end(&self, n: usize) -> DecodeError {
        let left = self.bytes.len().saturating_sub(self.pos);
        let needed = n.saturating_sub(left);
        self.error(DecodeErrorKind::UnexpectedEnd { needed })
    }

    pub(super) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take::<1>()?[0])
    }

    pub(super) fn u32(&mut self) -> Result<u32, DecodeError> {
        self.take().map(u32::from_le_bytes)
    }

    /// Reads a `u32` count of items at least `min_item_size` bytes each,
    /// rejecting counts the remaining input cannot hold.
    pub(super) fn count(&mut self, min_item_size: usize) -> Result<usize, DecodeError> {
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
        let mut items = Vec::with_capacity(n.min(MAX_RESERVE));
        for _ in 0..n {
            items.push(item(self)?);
        }
        Ok(items)
    }

    fn string(&mut self) -> Result<JsString, DecodeError> {
        self.string_bytes().map(JsString::from_le_bytes)
    }

    /// Reads a string's code units as they are stored: 2 bytes each,
    /// least-significant first.
    pub(super) fn string_bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let n = self.count(2)?;
        let bytes: &'a [u8] = self.bytes;
        let raw = &bytes[self.pos..self.pos + 2 * n];
        self.pos += 2 * n;
        Ok(raw)
    }

    pub(super) fn bigint(&mut self, negative: bool) -> Result<BigInt, DecodeError> {
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

    /// Reads a code block of the innermost function (already on `functions`).
    fn code(&mut self) -> Result<Code, DecodeError> {
        let at = self.pos;
        let end = match self.open_block() {
            Ok(end) => end,
            Err(e) => return Err(e),
        };
        let consts = self.consts(end);
        self.close_block(consts, at, end)
    }

    /// Reads a code block's length and opens its scope; returns where it ends.
    #[inline(never)]
    fn open_block(&mut self) -> Result<usize, DecodeError> {
        let len = self.count(1)?;
        if len == 0 {
            return Err(self.error(DecodeErrorKind::EmptyCode));
        }
        self.blocks.push(BlockScope {
            defined: 0,
            forward: None,
        });
        Ok(self.pos + len)
    }

    /// Closes the scope of the block that started at `at` and should end at
    /// `end`: checks its length and the `outer_ref`s to its later constants.
    #[inline(never)]
    fn close_block(
        &mut self,
        consts: Result<Vec<Expr>, DecodeError>,
        at: usize,
        end: usize,
    ) -> Result<Code, DecodeError> {
        let scope = self.blocks.pop();
        let consts = consts?;
        if self.pos != end {
            return Err(DecodeError {
                offset: at,
                kind: DecodeErrorKind::CodeLengthMismatch,
            });
        }
        let count = u32::try_from(consts.len()).unwrap_or(u32::MAX);
        if let Some(ForwardRef {
            depth,
            index,
            offset,
        }) = scope.and_then(|s| s.forward)
        {
            if index >= count {
                let kind = DecodeErrorKind::OuterRefOutOfRange {
                    depth,
                    index,
                    count,
                };
                return Err(DecodeError { offset, kind });
            }
        }
        Ok(Code { consts })
    }

    /// Reads the constants of the innermost block up to byte `end`.
    fn consts(&mut self, end: usize) -> Result<Vec<Expr>, DecodeError> {
        let mut consts = Vec::new();
        while self.pos < end {
            match self.expr() {
                Ok(e) => consts.push(e),
                Err(e) => return Err(e),
            }
            self.defined(consts.len());
        }
        Ok(consts)
    }

    /// Records that the innermost block has `n` constants so far.
    #[inline(never)]
    fn defined(&mut self, n: usize) {
        if let Some(block) = self.blocks.last_mut() {
            block.defined = u32::try_from(n).unwrap_or(u32::MAX);
        }
    }

    // The recursive path is `expr` → `nested` → one reader per tag
    // (`array_items`, `function` → `code` → `consts`, `operator` →
    // `operands_n`, …) → `expr`. Its functions are kept small: no closures,
    // few temporaries (explicit matches rather than `?`), and the
    // expressions are assembled by `make_*` functions off the path. At the
    // default depth limit the reader must fit in a 2 MiB thread stack even
    // in an unoptimized build (about 1 KiB a level).

    fn expr(&mut self) -> Result<Expr, DecodeError> {
        let at = self.pos;
        let t = match self.u8() {
            Ok(t) => t,
            Err(e) => return Err(e),
        };
        if has_operands(t) {
            self.nested(t, at)
        } else {
            self.leaf(t, at)
        }
    }

    /// Reads an expression with operands (after its tag `t`), one level deeper.
    fn nested(&mut self, t: u8, at: usize) -> Result<Expr, DecodeError> {
        if self.depth >= self.max_depth {
            return Err(self.too_deep());
        }
        self.depth += 1;
        let result = match t {
            tag::OBJECT => self.object_props(),
            tag::ARRAY => self.array_items(),
            tag::FUNCTION => self.function(),
            tag::BLOCK => self.block(),
            tag::CALL => self.call(),
            tag::CALL_METHOD => self.call_method(),
            tag::CALL_SPREAD => self.call_spread(),
            tag::ARRAY_SPREAD => self.array_spread(),
            tag::OBJECT_DYNAMIC => self.object_dynamic(),
            tag::CONDITIONAL => self.conditional(),
            _ => self.operator(t, at),
        };
        self.depth -= 1;
        result
    }

    #[inline(never)]
    fn too_deep(&self) -> DecodeError {
        let limit = self.max_depth;
        self.error(DecodeErrorKind::TooDeep { limit })
    }

    fn array_items(&mut self) -> Result<Expr, DecodeError> {
        self.exprs().map(Expr::Array)
    }

    fn block(&mut self) -> Result<Expr, DecodeError> {
        self.code().map(Expr::Block)
    }

    fn array_spread(&mut self) -> Result<Expr, DecodeError> {
        self.items().map(Expr::ArraySpread)
    }

    fn exprs(&mut self) -> Result<Vec<Expr>, DecodeError> {
        let n = match self.count(1) {
            Ok(n) => n,
            Err(e) => return Err(e),
        };
        let mut items = Vec::with_capacity(n.min(MAX_RESERVE));
        while items.len() < n {
            match self.expr() {
                Ok(e) => items.push(e),
                Err(e) => return Err(e),
            }
        }
        Ok(items)
    }

    fn object_props(&mut self) -> Result<Expr, DecodeError> {
        let n = match self.count(3) {
            Ok(n) => n,
            Err(e) => return Err(e),
        };
        let mut props = Vec::with_capacity(n.min(MAX_RESERVE));
        while props.len() < n {
            match self.property() {
                Ok(p) => props.push(p),
                Err(e) => return Err(e),
            }
        }
        Ok(Expr::Object(props))
    }

    fn property(&mut self) -> Result<(JsString, Expr), DecodeError> {
        let key = match self.string() {
            Ok(key) => key,
            Err(e) => return Err(e),
        };
        match self.expr() {
            Ok(value) => Ok((key, value)),
            Err(e) => Err(e),
        }
    }

    /// Reads `n` expressions.
    fn operands_n(&mut self, n: usize) -> Result<Vec<Expr>, DecodeError> {
        let mut exprs = Vec::with_capacity(n.min(MAX_RESERVE));
        while exprs.len() < n {
            match self.expr() {
                Ok(e) => exprs.push(e),
                Err(e) => return Err(e),
            }
        }
        Ok(exprs)
    }

    fn function(&mut self) -> Result<Expr, DecodeError> {
        let length = match self.u32() {
            Ok(n) => n,
            Err(e) => return Err(e),
        };
        self.functions.push(length);
        let code = self.code();
        self.functions.pop();
        make_function(length, code)
    }

    fn call(&mut self) -> Result<Expr, DecodeError> {
        let callee = self.operands_n(1);
        let args = self.exprs_after(&callee);
        make_call(callee, args)
    }

    fn call_method(&mut self) -> Result<Expr, DecodeError> {
        let operands = self.operands_n(2);
        let args = self.exprs_after(&operands);
        make_method_call(operands, args)
    }

    fn call_spread(&mut self) -> Result<Expr, DecodeError> {
        let callee = self.operands_n(1);
        let args = match callee {
            Ok(_) => self.items(),
            Err(_) => Ok(Vec::new()),
        };
        make_spread_call(callee, args)
    }

    /// Reads `Array<Any>` unless `before` failed.
    fn exprs_after(
        &mut self,
        before: &Result<Vec<Expr>, DecodeError>,
    ) -> Result<Vec<Expr>, DecodeError> {
        match before {
            Ok(_) => self.exprs(),
            Err(_) => Ok(Vec::new()),
        }
    }

    /// Reads the kind byte of an item or property: `00` or `01`.
    fn kind_byte(&mut self) -> Result<u8, DecodeError> {
        let at = self.pos;
        let kind = self.u8()?;
        if kind > tag::ITEM_SPREAD {
            let kind = DecodeErrorKind::UnknownItemKind(kind);
            return Err(DecodeError { offset: at, kind });
        }
        Ok(kind)
    }

    fn items(&mut self) -> Result<Vec<Item>, DecodeError> {
        let n = match self.count(2) {
            Ok(n) => n,
            Err(e) => return Err(e),
        };
        let mut items = Vec::with_capacity(n.min(MAX_RESERVE));
        while items.len() < n {
            let spread = match self.kind_byte() {
                Ok(kind) => kind == tag::ITEM_SPREAD,
                Err(e) => return Err(e),
            };
            match self.expr() {
                Ok(e) if spread => items.push(Item::Spread(e)),
                Ok(e) => items.push(Item::Element(e)),
                Err(e) => return Err(e),
            }
        }
        Ok(items)
    }

    fn object_dynamic(&mut self) -> Result<Expr, DecodeError> {
        let n = match self.count(2) {
            Ok(n) => n,
            Err(e) => return Err(e),
        };
        let mut props = Vec::with_capacity(n.min(MAX_RESERVE));
        while props.len() < n {
            let n = match self.kind_byte() {
                Ok(tag::ITEM_SPREAD) => 1,
                Ok(_) => 2,
                Err(e) => return Err(e),
            };
            match self.operands_n(n) {
                Ok(operands) => props.push(make_prop(operands)),
                Err(e) => return Err(e),
            }
        }
        Ok(Expr::ObjectDynamic(props))
    }

    fn conditional(&mut self) -> Result<Expr, DecodeError> {
        let three = self.operands_n(3);
        make_conditional(three)
    }

    /// Reads `get`, a logical, unary or binary operator (tag `t` at `at`).
    fn operator(&mut self, t: u8, at: usize) -> Result<Expr, DecodeError> {
        let unary = t == tag::TO_STRING || (tag::NOT..=tag::TYPEOF).contains(&t);
        let operands = self.operands_n(if unary { 1 } else { 2 });
        make_operator(t, at, operands)
    }

    /// Reads the expression of tag `t` (read at offset `at`). Meant for the
    /// leaves: [`expr`](Self::expr) sends expressions with operands to
    /// [`nested`](Self::nested), keeping this larger frame off the recursive
    /// path.
    #[inline(never)]
    fn leaf(&mut self, t: u8, at: usize) -> Result<Expr, DecodeError> {
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
                let defined = self.blocks.last().map_or(0, |b| b.defined);
                if index >= defined {
                    let kind = DecodeErrorKind::LocalRefOutOfRange { index, defined };
                    return Err(DecodeError { offset: at, kind });
                }
                Expr::LocalRef(index)
            }
            tag::ARG_REF => {
                let index = self.u32()?;
                let count = self.functions.last().copied().unwrap_or(0);
                if index >= count {
                    let kind = DecodeErrorKind::ArgRefOutOfRange { index, count };
                    return Err(DecodeError { offset: at, kind });
                }
                Expr::ArgRef(index)
            }
            tag::UNDEFINED => Expr::Undefined,
            tag::OUTER_REF => self.outer_ref(at)?,
            tag::OUTER_ARG => self.outer_arg(at)?,
            tag::GLOBAL => {
                let name = self.string()?;
                let global = Global::from_name(&name).ok_or(DecodeError {
                    offset: at,
                    kind: DecodeErrorKind::UnknownGlobal,
                })?;
                Expr::Global(global)
            }
            t if has_operands(t) => self.nested(t, at)?,
            _ => {
                return Err(DecodeError {
                    offset: at,
                    kind: DecodeErrorKind::UnknownTag(t),
                })
            }
        })
    }

    /// `outer_ref depth index` (read at `at`): the block `depth` out must
    /// exist; the index is checked now against the constants read so far,
    /// or once the block ends if it names a later one.
    fn outer_ref(&mut self, at: usize) -> Result<Expr, DecodeError> {
        let depth = self.u32()?;
        let index = self.u32()?;
        let blocks = self.blocks.len();
        let target = usize::try_from(depth)
            .ok()
            .filter(|&d| d >= 1 && d < blocks)
            .and_then(|d| self.blocks.get_mut(blocks - 1 - d));
        let Some(block) = target else {
            let kind = DecodeErrorKind::OuterDepthOutOfRange {
                depth,
                enclosing: u32::try_from(blocks.saturating_sub(1)).unwrap_or(u32::MAX),
            };
            return Err(DecodeError { offset: at, kind });
        };
        if index >= block.defined && block.forward.is_none_or(|f| index > f.index) {
            block.forward = Some(ForwardRef {
                depth,
                index,
                offset: at,
            });
        }
        Ok(Expr::OuterRef { depth, index })
    }

    /// `outer_arg depth index` (read at `at`).
    fn outer_arg(&mut self, at: usize) -> Result<Expr, DecodeError> {
        let depth = self.u32()?;
        let index = self.u32()?;
        let functions = self.functions.len();
        let target = usize::try_from(depth)
            .ok()
            .filter(|&d| d >= 1 && d < functions)
            .and_then(|d| self.functions.get(functions - 1 - d));
        let Some(&count) = target else {
            let kind = DecodeErrorKind::OuterDepthOutOfRange {
                depth,
                enclosing: u32::try_from(functions.saturating_sub(1)).unwrap_or(u32::MAX),
            };
            return Err(DecodeError { offset: at, kind });
        };
        if index >= count {
            let kind = DecodeErrorKind::OuterArgOutOfRange {
                depth,
                index,
                count,
            };
            return Err(DecodeError { offset: at, kind });
        }
        Ok(Expr::OuterArg { depth, index })
    }
}

/// The function expression of `length` parameters and body `code`.
#[inline(never)]
fn make_function(length: u32, code: Result<Code, DecodeError>) -> Result<Expr, DecodeError> {
    Ok(Expr::Function(Rc::new(FunctionCode {
        length,
        code: code?,
    })))
}

// Builders of the operation expressions, out of the recursive path: each
// takes the operands read (or the error met) and makes the expression.

/// `Some(exprs[0], exprs[1], …)` as an array of `N`.
fn take<const N: usize>(exprs: Vec<Expr>) -> [Expr; N] {
    let mut it = exprs.into_iter();
    std::array::from_fn(|_| it.next().unwrap_or(Expr::Undefined))
}

#[inline(never)]
fn make_call(
    callee: Result<Vec<Expr>, DecodeError>,
    args: Result<Vec<Expr>, DecodeError>,
) -> Result<Expr, DecodeError> {
    let [callee] = take(callee?);
    let args = args?;
    Ok(Expr::Call(Box::new(Call { callee, args })))
}

#[inline(never)]
fn make_method_call(
    operands: Result<Vec<Expr>, DecodeError>,
    args: Result<Vec<Expr>, DecodeError>,
) -> Result<Expr, DecodeError> {
    let [receiver, key] = take(operands?);
    let args = args?;
    let call = MethodCall {
        receiver,
        key,
        args,
    };
    Ok(Expr::CallMethod(Box::new(call)))
}

#[inline(never)]
fn make_spread_call(
    callee: Result<Vec<Expr>, DecodeError>,
    args: Result<Vec<Item>, DecodeError>,
) -> Result<Expr, DecodeError> {
    let [callee] = take(callee?);
    let args = args?;
    Ok(Expr::CallSpread(Box::new(SpreadCall { callee, args })))
}

#[inline(never)]
fn make_prop(operands: Vec<Expr>) -> Prop {
    if operands.len() == 1 {
        let [e] = take(operands);
        Prop::Spread(e)
    } else {
        let [key, value] = take(operands);
        Prop::Entry(key, value)
    }
}

#[inline(never)]
fn make_conditional(three: Result<Vec<Expr>, DecodeError>) -> Result<Expr, DecodeError> {
    Ok(Expr::Conditional(Box::new(take(three?))))
}

/// `get`, a logical, unary or binary operation of tag `t` (at `at`).
#[inline(never)]
fn make_operator(
    t: u8,
    at: usize,
    operands: Result<Vec<Expr>, DecodeError>,
) -> Result<Expr, DecodeError> {
    let operands = operands?;
    if let Some(op) = UnaryOp::from_tag(t) {
        let [operand] = take(operands);
        return Ok(Expr::Unary(op, Box::new(operand)));
    }
    let pair = Box::new(take(operands));
    if t == tag::GET {
        Ok(Expr::Get(pair))
    } else if let Some(op) = LogicalOp::from_tag(t) {
        Ok(Expr::Logical(op, pair))
    } else if let Some(op) = BinaryOp::from_tag(t) {
        Ok(Expr::Binary(op, pair))
    } else {
        Err(DecodeError {
            offset: at,
            kind: DecodeErrorKind::UnknownTag(t),
        })
    }
}

/// Whether tag `t` is followed by expressions: the containers and the
/// operations with operands. Each is one level of nesting.
fn has_operands(t: u8) -> bool {
    matches!(
        t,
        tag::OBJECT | tag::ARRAY | tag::FUNCTION | tag::BLOCK..=tag::TO_STRING
            | tag::ARRAY_SPREAD..=tag::CALL_SPREAD
    )
}

fn u64_limbs_to_u32(limbs: &[u64]) -> Vec<u32> {
    limbs
        .iter()
        .flat_map(|&l| [l as u32, (l >> 32) as u32])
        .collect()
}
