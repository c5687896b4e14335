//! Lowering: expression trees (`bytecode::Expr`) to [`Proto`]s, the
//! stack-machine form the VM runs.
//!
//! Two walks over the tree, both with explicit work lists (no native
//! recursion, however deep the tree). The first ([`Analyzer`]) validates it
//! and finds which constants and parameters inner functions reach (those
//! live in environment cells, the others in frame slots), which functions
//! need the scope they are created in, and, at module level, which array
//! and object literals are plain data (built once, while lowering). The
//! second ([`Lowerer`]) emits the operations.

use std::rc::Rc;

use super::builtins;
use super::code::{LiteralKeys, Op, Proto};
use super::error::CodeError;
use super::fuse::fuse;
use super::intern::intern;
use super::key_cache::KeyCache;
use super::native;
use crate::bytecode::{Code, Expr, FunctionCode, Global, Item, LogicalOp, Prop};
use crate::value::{JsString, ObjectBuilder, Value};
use crate::Limits;

/// Lowers a module body, a function of `imports` arguments evaluated once:
/// its literal data is built now. `compiler`: the module is the compiler
/// this crate embeds ([`native::is_embedded_compiler`]), whose functions
/// may have the overrides that follow more than one of them.
pub(crate) fn lower_module(
    code: &Code,
    imports: u32,
    limits: &Limits,
    compiler: bool,
) -> Result<Rc<Proto>, CodeError> {
    lower(code, imports, None, true, compiler, limits)
}

/// Lowers a function that stands alone (its body reaches nothing outside it).
pub(crate) fn lower_function(
    function: &Rc<FunctionCode>,
    limits: &Limits,
) -> Result<Rc<Proto>, CodeError> {
    lower(
        &function.code,
        function.length,
        Some(function.clone()),
        false,
        false,
        limits,
    )
    .map_err(|e| match e {
        CodeError::OuterRef { .. } | CodeError::OuterArg { .. } => CodeError::NotSelfContained,
        e => e,
    })
}

fn lower(
    code: &Code,
    params: u32,
    function: Option<Rc<FunctionCode>>,
    module: bool,
    compiler: bool,
    limits: &Limits,
) -> Result<Rc<Proto>, CodeError> {
    let facts = Analyzer::run(code, params, module, limits.max_depth)?;
    let root = FnBuilder::new(params, &facts.functions[0], function);
    let mut lowerer = Lowerer {
        facts: &facts,
        next_block: 0,
        next_function: 1,
        next_data: 0,
        functions: vec![root],
        blocks: Vec::new(),
        jumps: Vec::new(),
        prebuild: module,
        compiler,
    };
    lowerer.run(code)?;
    let root = lowerer.functions.pop().ok_or(CodeError::EmptyCode)?;
    Ok(Rc::new(root.finish(compiler)))
}

fn count_u32(n: usize) -> Result<u32, CodeError> {
    u32::try_from(n).map_err(|_| CodeError::TooLarge)
}

/// The expressions directly inside `e`, in evaluation order.
fn children(e: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    e.for_each_child(|c| out.push(c));
    out
}

// ---------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------

/// What the analysis finds, indexed in the order both walks meet things
/// (depth first, operands in order).
#[derive(Default)]
struct Facts {
    /// Per code block: which constants inner functions reach.
    blocks: Vec<Vec<bool>>,
    /// Per function (the root first).
    functions: Vec<FnFacts>,
    /// Per array or object literal outside functions (module level only):
    /// whether it is plain data, and the index past its own sub-literals.
    data: Vec<(bool, usize)>,
}

#[derive(Default)]
struct FnFacts {
    /// Parameters inner functions reach (may repeat).
    captured_params: Vec<u32>,
    /// Whether activations need an environment (some slot is captured).
    has_env: bool,
    /// Whether closures keep the scope they are created in.
    needs_env: bool,
}

struct ScopeBlock {
    id: usize,
    /// The function level (index in `functions`) the block belongs to.
    level: usize,
    count: u32,
    /// The constant being read.
    current: u32,
}

struct ScopeFn {
    id: usize,
    params: u32,
}

/// A step of the analysis walk.
enum Visit<'a> {
    Expr(&'a Expr),
    /// Constant `i` of the innermost block comes next.
    Const(u32),
    EndBlock,
    EndFunction,
    EndNested,
    /// The end of a literal (its index in `Facts::data`, if recorded).
    EndLiteral(Option<usize>),
}

struct Analyzer {
    facts: Facts,
    blocks: Vec<ScopeBlock>,
    functions: Vec<ScopeFn>,
    depth: usize,
    max_depth: usize,
    record_data: bool,
    /// Per open literal: whether it is plain data so far.
    pure: Vec<bool>,
}

impl Analyzer {
    fn run(code: &Code, params: u32, module: bool, max_depth: usize) -> Result<Facts, CodeError> {
        let mut analyzer = Analyzer {
            facts: Facts::default(),
            blocks: Vec::new(),
            functions: Vec::new(),
            depth: 0,
            max_depth,
            record_data: module,
            pure: Vec::new(),
        };
        analyzer.enter_function(params);
        let mut work = Vec::new();
        analyzer.code(code, &mut work)?;
        while let Some(visit) = work.pop() {
            match visit {
                Visit::Expr(e) => analyzer.expr(e, &mut work)?,
                Visit::Const(i) => {
                    if let Some(b) = analyzer.blocks.last_mut() {
                        b.current = i;
                    }
                }
                Visit::EndBlock => drop(analyzer.blocks.pop()),
                Visit::EndFunction => drop(analyzer.functions.pop()),
                Visit::EndNested => analyzer.depth -= 1,
                Visit::EndLiteral(index) => analyzer.end_literal(index),
            }
        }
        Ok(analyzer.facts)
    }

    fn enter_function(&mut self, params: u32) {
        let id = self.facts.functions.len();
        self.facts.functions.push(FnFacts::default());
        self.functions.push(ScopeFn { id, params });
    }

    fn level(&self) -> usize {
        self.functions.len() - 1
    }

    /// Opens a code block and schedules its constants.
    fn code<'a>(&mut self, code: &'a Code, work: &mut Vec<Visit<'a>>) -> Result<(), CodeError> {
        if code.consts.is_empty() {
            return Err(CodeError::EmptyCode);
        }
        let id = self.facts.blocks.len();
        self.facts.blocks.push(vec![false; code.consts.len()]);
        self.blocks.push(ScopeBlock {
            id,
            level: self.level(),
            count: count_u32(code.consts.len())?,
            current: 0,
        });
        work.push(Visit::EndBlock);
        for (i, e) in code.consts.iter().enumerate().rev() {
            work.push(Visit::Expr(e));
            work.push(Visit::Const(count_u32(i)?));
        }
        Ok(())
    }

    /// The innermost open literal is not plain data.
    fn impure(&mut self) {
        if let Some(pure) = self.pure.last_mut() {
            *pure = false;
        }
    }

    fn end_literal(&mut self, index: Option<usize>) {
        let pure = self.pure.pop().unwrap_or(false);
        if let Some(index) = index {
            let end = self.facts.data.len();
            self.facts.data[index] = (pure, end);
        }
        if !pure {
            self.impure();
        }
    }

    fn expr<'a>(&mut self, e: &'a Expr, work: &mut Vec<Visit<'a>>) -> Result<(), CodeError> {
        match e {
            Expr::Null
            | Expr::Undefined
            | Expr::Bool(_)
            | Expr::Number(_)
            | Expr::String(_)
            | Expr::BigInt(_) => return Ok(()),
            Expr::LocalRef(_)
            | Expr::ArgRef(_)
            | Expr::OuterRef { .. }
            | Expr::OuterArg { .. }
            | Expr::Global(_) => {
                self.impure();
                return self.reference(e);
            }
            _ => {}
        }
        if self.depth >= self.max_depth {
            return Err(CodeError::TooDeep(self.max_depth));
        }
        self.depth += 1;
        work.push(Visit::EndNested);
        match e {
            Expr::Array(_) | Expr::Object(_) => {
                let record = self.record_data && self.functions.len() == 1;
                let index = record.then_some(self.facts.data.len());
                if record {
                    self.facts.data.push((false, 0));
                }
                work.push(Visit::EndLiteral(index));
                self.pure.push(true);
            }
            Expr::Function(f) => {
                self.impure();
                self.enter_function(f.length);
                work.push(Visit::EndFunction);
                return self.code(&f.code, work);
            }
            Expr::Block(code) => {
                self.impure();
                return self.code(code, work);
            }
            _ => self.impure(),
        }
        work.extend(children(e).into_iter().rev().map(Visit::Expr));
        Ok(())
    }

    /// Marks a reach from the current function into function `level`: the
    /// functions in between keep their scope.
    fn reach(&mut self, level: usize) {
        for scope in &self.functions[level + 1..] {
            self.facts.functions[scope.id].needs_env = true;
        }
        self.facts.functions[self.functions[level].id].has_env = true;
    }

    fn reference(&mut self, e: &Expr) -> Result<(), CodeError> {
        match *e {
            Expr::LocalRef(i) if i >= self.blocks.last().map_or(0, |b| b.current) => {
                return Err(CodeError::LocalRef(i));
            }
            Expr::ArgRef(i) if i >= self.functions[self.level()].params => {
                return Err(CodeError::ArgRef(i));
            }
            Expr::OuterRef { depth, index } => {
                let error = CodeError::OuterRef { depth, index };
                let d = usize::try_from(depth).map_err(|_| error.clone())?;
                if d == 0 || d >= self.blocks.len() {
                    return Err(error);
                }
                let block = &self.blocks[self.blocks.len() - 1 - d];
                if index >= block.count {
                    return Err(error);
                }
                let (id, level) = (block.id, block.level);
                if level < self.level() {
                    self.facts.blocks[id][index as usize] = true;
                    self.reach(level);
                }
            }
            Expr::OuterArg { depth, index } => {
                let error = CodeError::OuterArg { depth, index };
                let d = usize::try_from(depth).map_err(|_| error.clone())?;
                if d == 0 || d >= self.functions.len() {
                    return Err(error);
                }
                let level = self.level() - d;
                let target = &self.functions[level];
                if index >= target.params {
                    return Err(error);
                }
                let id = target.id;
                self.facts.functions[id].captured_params.push(index);
                self.reach(level);
            }
            _ => {}
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Emission
// ---------------------------------------------------------------------------

/// Where a constant lives.
#[derive(Clone, Copy)]
enum Loc {
    Slot(u32),
    Cell(u32),
}

struct BlockLocs {
    level: usize,
    locs: Vec<Loc>,
}

struct FnBuilder {
    ops: Vec<Op>,
    constants: Vec<Value>,
    keys: Vec<LiteralKeys>,
    protos: Vec<Rc<Proto>>,
    params: u32,
    slots: u32,
    cells: u32,
    /// (parameter, cell) of the captured parameters.
    param_cells: Vec<(u32, u32)>,
    has_env: bool,
    needs_env: bool,
    code: Option<Rc<FunctionCode>>,
}

impl FnBuilder {
    fn new(params: u32, facts: &FnFacts, code: Option<Rc<FunctionCode>>) -> Self {
        let mut captured = facts.captured_params.clone();
        captured.sort_unstable();
        captured.dedup();
        let param_cells: Vec<(u32, u32)> = captured.into_iter().zip(0..).collect();
        FnBuilder {
            ops: Vec::new(),
            constants: Vec::new(),
            keys: Vec::new(),
            protos: Vec::new(),
            params,
            slots: params,
            cells: count_u32(param_cells.len()).unwrap_or(u32::MAX),
            param_cells,
            has_env: facts.has_env,
            needs_env: facts.needs_env,
            code,
        }
    }

    /// The function's proto; `compiler`: it is part of the embedded compiler.
    fn finish(self, compiler: bool) -> Proto {
        let ops = fuse(self.ops);
        let nested = !self.protos.is_empty();
        let native = self
            .code
            .as_ref()
            .and_then(|code| native::recognise(code, &ops, self.cells, nested, compiler));
        Proto {
            key_caches: self.constants.iter().map(|_| KeyCache::default()).collect(),
            ops: ops.into_boxed_slice(),
            constants: self.constants.into_boxed_slice(),
            keys: self.keys.into_boxed_slice(),
            protos: self.protos.into_boxed_slice(),
            params: self.params,
            slots: self.slots,
            cells: self.cells,
            param_cells: self.param_cells.into_boxed_slice(),
            needs_env: self.needs_env,
            code: self.code,
            native,
        }
    }
}

/// A step of the emission walk.
enum Task<'a> {
    /// Lower an expression (`true`: in tail position).
    Expr(&'a Expr, bool),
    /// Emit an operation.
    Emit(Op),
    /// Emit a jump whose target comes later; remember it.
    Jump(Op),
    /// Point the last jump remembered at the next operation.
    Patch,
    /// Point the jump remembered before the last one at the next operation.
    PatchBelow,
    /// Store constant `index` of the innermost block (`true`: the block's last).
    Store(usize, bool),
    EndBlock,
    EndFunction,
    /// Emit the object literal of these properties' keys.
    Object(&'a [(JsString, Expr)]),
    /// Emit a property read with a string key known now (`a.b`).
    GetKey(&'a JsString),
    /// Emit a method lookup with a string key known now (`a.b(…)`).
    GetMethodKey(&'a JsString),
}

struct Lowerer<'a> {
    facts: &'a Facts,
    next_block: usize,
    next_function: usize,
    next_data: usize,
    functions: Vec<FnBuilder>,
    blocks: Vec<BlockLocs>,
    /// Jumps waiting for their target.
    jumps: Vec<usize>,
    /// Whether literal data outside functions is built while lowering.
    prebuild: bool,
    /// Whether this is the compiler this crate embeds.
    compiler: bool,
}

impl<'a> Lowerer<'a> {
    fn run(&mut self, code: &'a Code) -> Result<(), CodeError> {
        let mut work = vec![Task::Emit(Op::Return)];
        self.code(code, true, &mut work)?;
        while let Some(task) = work.pop() {
            match task {
                Task::Expr(e, tail) => self.expr(e, tail, &mut work)?,
                Task::Emit(op) => self.emit(op)?,
                Task::Jump(op) => {
                    let at = self.function()?.ops.len();
                    self.emit(op)?;
                    self.jumps.push(at);
                }
                Task::Patch => {
                    let at = self.jumps.pop();
                    self.patch(at)?;
                }
                Task::PatchBelow => {
                    let below = self.jumps.len().checked_sub(2);
                    let at = below.map(|i| self.jumps.remove(i));
                    self.patch(at)?;
                }
                Task::Store(index, last) => self.store(index, last)?,
                Task::EndBlock => drop(self.blocks.pop()),
                Task::EndFunction => self.end_function()?,
                Task::Object(props) => self.object(props)?,
                Task::GetKey(key) => self.get_key(key, false)?,
                Task::GetMethodKey(key) => self.get_key(key, true)?,
            }
        }
        Ok(())
    }

    fn function(&mut self) -> Result<&mut FnBuilder, CodeError> {
        self.functions.last_mut().ok_or(CodeError::EmptyCode)
    }

    fn emit(&mut self, op: Op) -> Result<(), CodeError> {
        self.function()?.ops.push(op);
        Ok(())
    }

    /// Points the jump at `at` to the next op.
    fn patch(&mut self, at: Option<usize>) -> Result<(), CodeError> {
        let ops = &mut self.function()?.ops;
        let target = count_u32(ops.len())?;
        if let Some(op) = at.and_then(|at| ops.get_mut(at)) {
            *op = match *op {
                Op::Jump(_) => Op::Jump(target),
                Op::JumpIfFalse(_) => Op::JumpIfFalse(target),
                Op::JumpIfFalsyKeep(_) => Op::JumpIfFalsyKeep(target),
                Op::JumpIfTruthyKeep(_) => Op::JumpIfTruthyKeep(target),
                Op::JumpIfNotNullishKeep(_) => Op::JumpIfNotNullishKeep(target),
                other => other,
            };
        }
        Ok(())
    }

    /// `object[key]` (or the method lookup) with the interned `key` as an operand.
    fn get_key(&mut self, key: &JsString, method: bool) -> Result<(), CodeError> {
        let f = self.function()?;
        let i = count_u32(f.constants.len())?;
        f.constants.push(Value::String(intern(key)));
        self.emit(if method {
            Op::GetMethodKey(i)
        } else {
            Op::GetKey(i)
        })
    }

    fn constant(&mut self, v: Value) -> Result<(), CodeError> {
        let f = self.function()?;
        let i = count_u32(f.constants.len())?;
        f.constants.push(v);
        self.emit(Op::Constant(i))
    }

    /// Opens a code block (its constants get their slots and cells) and
    /// schedules its constants. In tail position, its last constant is the
    /// frame's result.
    fn code(
        &mut self,
        code: &'a Code,
        tail: bool,
        work: &mut Vec<Task<'a>>,
    ) -> Result<(), CodeError> {
        let facts = self.facts;
        let captured = facts
            .blocks
            .get(self.next_block)
            .ok_or(CodeError::EmptyCode)?;
        self.next_block += 1;
        let level = self.functions.len() - 1;
        let f = self.function()?;
        let mut locs = Vec::with_capacity(captured.len());
        for &c in captured {
            let counter = if c { &mut f.cells } else { &mut f.slots };
            locs.push(if c {
                Loc::Cell(*counter)
            } else {
                Loc::Slot(*counter)
            });
            *counter = counter.checked_add(1).ok_or(CodeError::TooLarge)?;
        }
        // The result is in tail position unless closures may read it later.
        let tail = tail && matches!(locs.last(), Some(Loc::Slot(_)));
        self.blocks.push(BlockLocs { level, locs });
        work.push(Task::EndBlock);
        let last = code.consts.len().saturating_sub(1);
        for (i, e) in code.consts.iter().enumerate().rev() {
            work.push(Task::Store(i, i == last));
            work.push(Task::Expr(e, tail && i == last));
        }
        Ok(())
    }

    /// Stores the value of constant `index` of the innermost block.
    fn store(&mut self, index: usize, last: bool) -> Result<(), CodeError> {
        let loc = self.blocks.last().and_then(|b| b.locs.get(index).copied());
        match (last, loc) {
            // Nothing reads the result's slot after it is computed (an inner
            // block reading it meanwhile meets the dead zone).
            (true, Some(Loc::Slot(_))) | (_, None) => Ok(()),
            // Closures may read the result later.
            (true, Some(Loc::Cell(c))) => {
                self.emit(Op::Dup)?;
                self.emit(Op::SetCell(c))
            }
            (false, Some(Loc::Slot(s))) => self.emit(Op::SetSlot(s)),
            (false, Some(Loc::Cell(c))) => self.emit(Op::SetCell(c)),
        }
    }

    fn expr(&mut self, e: &'a Expr, tail: bool, work: &mut Vec<Task<'a>>) -> Result<(), CodeError> {
        let mut then: Vec<Task<'a>> = Vec::new();
        match e {
            Expr::Null => return self.emit(Op::Null),
            Expr::Undefined => return self.emit(Op::Undefined),
            Expr::Bool(b) => return self.emit(Op::Bool(*b)),
            Expr::Number(n) => return self.emit(Op::Number(*n)),
            Expr::String(s) => return self.constant(Value::String(intern(s))),
            Expr::BigInt(n) => return self.constant(Value::BigInt(n.clone())),
            Expr::LocalRef(i) => return self.load(0, *i),
            Expr::ArgRef(i) => return self.emit(Op::Slot(*i)),
            Expr::OuterRef { depth, index } => return self.load(*depth as usize, *index),
            Expr::OuterArg { depth, index } => return self.load_arg(*depth as usize, *index),
            Expr::Global(Global::Infinity) => return self.emit(Op::Number(f64::INFINITY)),
            Expr::Global(g) => return self.constant(builtins::global(*g)),
            Expr::Array(items) => {
                if self.prebuilt(e)? {
                    return Ok(());
                }
                then.extend(items.iter().map(|i| Task::Expr(i, false)));
                then.push(Task::Emit(Op::Array(count_u32(items.len())?)));
            }
            Expr::Object(props) => {
                if self.prebuilt(e)? {
                    return Ok(());
                }
                then.extend(props.iter().map(|(_, v)| Task::Expr(v, false)));
                then.push(Task::Object(props));
            }
            Expr::Function(f) => return self.begin_function(f, work),
            Expr::Block(code) => return self.code(code, tail, work),
            Expr::Unary(op, operand) => {
                then.push(Task::Expr(operand, false));
                then.push(Task::Emit(Op::Unary(*op)));
            }
            Expr::Binary(op, pair) => {
                then.extend(pair.iter().map(|e| Task::Expr(e, false)));
                then.push(Task::Emit(Op::Binary(*op)));
            }
            Expr::Get(pair) => match &pair[1] {
                Expr::String(key) => {
                    then.push(Task::Expr(&pair[0], false));
                    then.push(Task::GetKey(key));
                }
                _ => {
                    then.extend(pair.iter().map(|e| Task::Expr(e, false)));
                    then.push(Task::Emit(Op::Get));
                }
            },
            Expr::Conditional(three) => {
                let [test, yes, no] = &**three;
                then.push(Task::Expr(test, false));
                then.push(Task::Jump(Op::JumpIfFalse(0)));
                then.push(Task::Expr(yes, tail));
                if tail {
                    then.push(Task::Emit(Op::Return));
                    then.push(Task::Patch);
                    then.push(Task::Expr(no, true));
                } else {
                    then.push(Task::Jump(Op::Jump(0)));
                    then.push(Task::PatchBelow);
                    then.push(Task::Expr(no, false));
                    then.push(Task::Patch);
                }
            }
            Expr::Logical(op, pair) => {
                let jump = match op {
                    LogicalOp::And => Op::JumpIfFalsyKeep(0),
                    LogicalOp::Or => Op::JumpIfTruthyKeep(0),
                    LogicalOp::Nullish => Op::JumpIfNotNullishKeep(0),
                };
                then.push(Task::Expr(&pair[0], false));
                then.push(Task::Jump(jump));
                then.push(Task::Expr(&pair[1], tail));
                then.push(Task::Patch);
            }
            Expr::Call(call) => {
                then.push(Task::Expr(&call.callee, false));
                then.extend(call.args.iter().map(|a| Task::Expr(a, false)));
                let argc = count_u32(call.args.len())?;
                then.push(Task::Emit(Op::Call { argc, tail }));
            }
            Expr::CallMethod(call) => {
                then.push(Task::Expr(&call.receiver, false));
                match &call.key {
                    Expr::String(key) => then.push(Task::GetMethodKey(key)),
                    key => {
                        then.push(Task::Expr(key, false));
                        then.push(Task::Emit(Op::GetMethod));
                    }
                }
                then.extend(call.args.iter().map(|a| Task::Expr(a, false)));
                let argc = count_u32(call.args.len())?;
                then.push(Task::Emit(Op::CallMethod { argc, tail }));
            }
            Expr::CallSpread(call) => {
                then.push(Task::Expr(&call.callee, false));
                items(&call.args, &mut then);
                then.push(Task::Emit(Op::CallArray { tail }));
            }
            Expr::ArraySpread(list) => items(list, &mut then),
            Expr::ObjectDynamic(props) => {
                then.push(Task::Emit(Op::BeginObject));
                for prop in props {
                    match prop {
                        Prop::Entry(key, value) => {
                            then.push(Task::Expr(key, false));
                            then.push(Task::Emit(Op::PropertyKey));
                            then.push(Task::Expr(value, false));
                            then.push(Task::Emit(Op::SetProperty));
                        }
                        Prop::Spread(e) => {
                            then.push(Task::Expr(e, false));
                            then.push(Task::Emit(Op::SpreadProperties));
                        }
                    }
                }
                then.push(Task::Emit(Op::EndObject));
            }
        }
        work.extend(then.into_iter().rev());
        Ok(())
    }

    /// Emits a literal outside functions that is plain data as one prebuilt
    /// constant (it is evaluated once); returns whether it did.
    fn prebuilt(&mut self, e: &Expr) -> Result<bool, CodeError> {
        if !(self.prebuild && self.functions.len() == 1) {
            return Ok(false);
        }
        let (pure, end) = self
            .facts
            .data
            .get(self.next_data)
            .copied()
            .unwrap_or_default();
        self.next_data += 1;
        if !pure {
            return Ok(false);
        }
        self.next_data = end;
        self.constant(build(e))?;
        Ok(true)
    }

    fn object(&mut self, props: &[(JsString, Expr)]) -> Result<(), CodeError> {
        let keys: Box<[JsString]> = props.iter().map(|(k, _)| intern(k)).collect();
        let f = self.function()?;
        let i = count_u32(f.keys.len())?;
        f.keys.push(LiteralKeys::new(keys));
        self.emit(Op::Object(i))
    }

    fn begin_function(
        &mut self,
        f: &'a Rc<FunctionCode>,
        work: &mut Vec<Task<'a>>,
    ) -> Result<(), CodeError> {
        let facts = self.facts;
        let fn_facts = facts
            .functions
            .get(self.next_function)
            .ok_or(CodeError::EmptyCode)?;
        self.next_function += 1;
        self.functions
            .push(FnBuilder::new(f.length, fn_facts, Some(f.clone())));
        work.push(Task::EndFunction);
        work.push(Task::Emit(Op::Return));
        self.code(&f.code, true, work)
    }

    fn end_function(&mut self) -> Result<(), CodeError> {
        let built = self.functions.pop().ok_or(CodeError::EmptyCode)?;
        let proto = Rc::new(built.finish(self.compiler));
        let parent = self.function()?;
        let i = count_u32(parent.protos.len())?;
        parent.protos.push(proto);
        self.emit(Op::Closure(i))
    }

    /// Environments between the current function's and that of function
    /// `level`: those of the functions above `level` that have one.
    fn hops(&self, level: usize) -> Result<u32, CodeError> {
        count_u32(
            self.functions[level + 1..]
                .iter()
                .filter(|f| f.has_env)
                .count(),
        )
    }

    /// Loads constant `index` of the block `depth` blocks out.
    fn load(&mut self, depth: usize, index: u32) -> Result<(), CodeError> {
        let error = CodeError::LocalRef(index);
        let block = self
            .blocks
            .len()
            .checked_sub(depth + 1)
            .ok_or(error.clone())?;
        let block = &self.blocks[block];
        let loc = *block.locs.get(index as usize).ok_or(error.clone())?;
        let same_function = block.level == self.functions.len() - 1;
        let op = match loc {
            Loc::Slot(s) if same_function => Op::Slot(s),
            Loc::Cell(c) => Op::Cell {
                hops: self.hops(block.level)?,
                index: c,
            },
            Loc::Slot(_) => return Err(error),
        };
        self.emit(op)
    }

    /// Loads parameter `index` of the function `depth` functions out.
    fn load_arg(&mut self, depth: usize, index: u32) -> Result<(), CodeError> {
        let error = CodeError::OuterArg {
            depth: count_u32(depth)?,
            index,
        };
        let level = (self.functions.len() - 1)
            .checked_sub(depth)
            .ok_or(error.clone())?;
        let cell = self.functions[level]
            .param_cells
            .iter()
            .find(|(p, _)| *p == index)
            .map(|&(_, c)| c)
            .ok_or(error)?;
        let hops = self.hops(level)?;
        self.emit(Op::Cell { hops, index: cell })
    }
}

/// The tasks of an array of `list` (with spread) on the builder stack.
fn items<'a>(list: &'a [Item], then: &mut Vec<Task<'a>>) {
    then.push(Task::Emit(Op::BeginArray));
    for item in list {
        match item {
            Item::Element(e) => {
                then.push(Task::Expr(e, false));
                then.push(Task::Emit(Op::Push));
            }
            Item::Spread(e) => {
                then.push(Task::Expr(e, false));
                then.push(Task::Emit(Op::PushSpread));
            }
        }
    }
    then.push(Task::Emit(Op::EndArray));
}

/// The value of a literal made of data only (checked by the analysis),
/// built with a work list.
fn build(root: &Expr) -> Value {
    enum Step<'a> {
        Visit(&'a Expr),
        Array(usize),
        Object(&'a [(JsString, Expr)]),
    }
    let mut steps = vec![Step::Visit(root)];
    let mut values: Vec<Value> = Vec::new();
    while let Some(step) = steps.pop() {
        match step {
            Step::Visit(Expr::Array(items)) => {
                steps.push(Step::Array(items.len()));
                steps.extend(items.iter().rev().map(Step::Visit));
            }
            Step::Visit(Expr::Object(props)) => {
                steps.push(Step::Object(props));
                steps.extend(props.iter().rev().map(|(_, v)| Step::Visit(v)));
            }
            Step::Visit(leaf) => values.push(match leaf {
                Expr::Null => Value::Null,
                Expr::Bool(b) => Value::Bool(*b),
                Expr::Number(n) => Value::Number(*n),
                Expr::String(s) => Value::String(s.clone()),
                Expr::BigInt(n) => Value::BigInt(n.clone()),
                _ => Value::Undefined,
            }),
            Step::Array(n) => {
                let items = values.split_off(values.len().saturating_sub(n));
                values.push(Value::from(items));
            }
            Step::Object(props) => {
                let at = values.len().saturating_sub(props.len());
                let mut builder = ObjectBuilder::new();
                for ((key, _), value) in props.iter().zip(values.drain(at..)) {
                    builder.insert(key.clone(), value);
                }
                values.push(Value::Object(builder.build()));
            }
        }
    }
    values.pop().unwrap_or_default()
}
