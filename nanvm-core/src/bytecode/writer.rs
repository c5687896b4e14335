//! Writes [`Module`]s as bytecode.

use super::{tag, Code, Expr, Item, Module, Prop};
use crate::value::{BigInt, JsString};

/// Writes `module` as bytecode. The output reads back with
/// [`decode_module`](super::decode_module) to an equal module.
///
/// The expression tree is walked with a work list, so a tree built in
/// memory may nest arbitrarily deep.
pub fn encode_module(module: &Module) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.u32_len(module.imports.len());
    for import in &module.imports {
        w.string(import);
    }
    w.code_tree(&module.code);
    w.0
}

/// Writes `code` alone, as it appears in a module's bytecode (the bytes
/// that identify a function for the VM's native overrides).
pub(crate) fn encode_code(code: &Code) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.code_tree(code);
    w.0
}

/// What remains to be written.
enum Task<'a> {
    Expr(&'a Expr),
    /// An object literal's key.
    Key(&'a JsString),
    /// An item or property kind byte.
    Byte(u8),
    /// The end of the code block whose length goes at this offset.
    EndCode(usize),
}

struct Writer(Vec<u8>);

impl Writer {
    /// Writes `code` and everything it holds, with a work list.
    fn code_tree(&mut self, code: &Code) {
        let mut work = Vec::new();
        self.code(code, &mut work);
        while let Some(task) = work.pop() {
            match task {
                Task::Expr(e) => self.expr(e, &mut work),
                Task::Key(k) => self.string(k),
                Task::Byte(b) => self.0.push(b),
                Task::EndCode(len_at) => self.end_code(len_at),
            }
        }
    }
    fn u32_len(&mut self, n: usize) {
        // Counts above u32::MAX cannot be encoded; saturate so the reader rejects it.
        self.0
            .extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
    }

    fn u32(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn string(&mut self, s: &JsString) {
        self.u32_len(s.len());
        for unit in s.as_units() {
            self.0.extend_from_slice(&unit.to_le_bytes());
        }
    }

    fn bigint(&mut self, n: &BigInt) {
        let negative = n.sign() == num_bigint::Sign::Minus;
        self.0.push(if negative {
            tag::BIGINT_NEGATIVE
        } else {
            tag::BIGINT_POSITIVE
        });
        let limbs = n.magnitude().to_u64_digits();
        self.u32_len(limbs.len());
        for limb in limbs {
            self.0.extend_from_slice(&limb.to_le_bytes());
        }
    }

    /// Starts a code block: a length to fill in at its end, then its constants.
    fn code<'a>(&mut self, code: &'a Code, work: &mut Vec<Task<'a>>) {
        let len_at = self.0.len();
        self.0.extend_from_slice(&[0; 4]);
        work.push(Task::EndCode(len_at));
        work.extend(code.consts.iter().rev().map(Task::Expr));
    }

    fn end_code(&mut self, len_at: usize) {
        let len = self.0.len() - len_at - 4;
        let len = u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes();
        self.0[len_at..len_at + 4].copy_from_slice(&len);
    }

    /// Writes `expr`'s tag and fixed fields, and schedules its operands.
    fn expr<'a>(&mut self, expr: &'a Expr, work: &mut Vec<Task<'a>>) {
        match expr {
            Expr::Null => self.0.push(tag::NULL),
            Expr::Undefined => self.0.push(tag::UNDEFINED),
            Expr::Bool(false) => self.0.push(tag::FALSE),
            Expr::Bool(true) => self.0.push(tag::TRUE),
            Expr::Number(n) => {
                self.0.push(tag::NUMBER);
                self.0.extend_from_slice(&n.to_le_bytes());
            }
            Expr::String(s) => {
                self.0.push(tag::STRING);
                self.string(s);
            }
            Expr::BigInt(n) => self.bigint(n),
            Expr::Object(props) => {
                self.0.push(tag::OBJECT);
                self.u32_len(props.len());
                for (k, v) in props.iter().rev() {
                    work.push(Task::Expr(v));
                    work.push(Task::Key(k));
                }
            }
            Expr::Array(items) => {
                self.0.push(tag::ARRAY);
                self.exprs(items, work);
            }
            Expr::LocalRef(i) => {
                self.0.push(tag::LOCAL_REF);
                self.u32(*i);
            }
            Expr::ArgRef(i) => {
                self.0.push(tag::ARG_REF);
                self.u32(*i);
            }
            Expr::Function(f) => {
                self.0.push(tag::FUNCTION);
                self.u32(f.length);
                self.code(&f.code, work);
            }
            Expr::OuterRef { depth, index } => {
                self.0.push(tag::OUTER_REF);
                self.u32(*depth);
                self.u32(*index);
            }
            Expr::OuterArg { depth, index } => {
                self.0.push(tag::OUTER_ARG);
                self.u32(*depth);
                self.u32(*index);
            }
            Expr::Block(code) => {
                self.0.push(tag::BLOCK);
                self.code(code, work);
            }
            Expr::Global(global) => {
                self.0.push(tag::GLOBAL);
                self.string(&JsString::from(global.name()));
            }
            operation => self.operation(operation, work),
        }
    }

    /// Writes the tag of an operation with operands and schedules them.
    fn operation<'a>(&mut self, expr: &'a Expr, work: &mut Vec<Task<'a>>) {
        let mut then: Vec<Task<'a>> = Vec::new();
        let t = match expr {
            Expr::Call(call) => {
                then.push(Task::Expr(&call.callee));
                exprs_tasks(&call.args, &mut then);
                tag::CALL
            }
            Expr::CallMethod(call) => {
                then.push(Task::Expr(&call.receiver));
                then.push(Task::Expr(&call.key));
                exprs_tasks(&call.args, &mut then);
                tag::CALL_METHOD
            }
            Expr::CallSpread(call) => {
                then.push(Task::Expr(&call.callee));
                item_tasks(&call.args, &mut then);
                tag::CALL_SPREAD
            }
            Expr::ArraySpread(items) => {
                item_tasks(items, &mut then);
                tag::ARRAY_SPREAD
            }
            Expr::ObjectDynamic(props) => {
                count_tasks(props.len(), &mut then);
                for prop in props {
                    match prop {
                        Prop::Entry(key, value) => {
                            then.push(Task::Byte(tag::ITEM_ELEMENT));
                            then.push(Task::Expr(key));
                            then.push(Task::Expr(value));
                        }
                        Prop::Spread(e) => {
                            then.push(Task::Byte(tag::ITEM_SPREAD));
                            then.push(Task::Expr(e));
                        }
                    }
                }
                tag::OBJECT_DYNAMIC
            }
            Expr::Get(pair) => {
                then.extend(pair.iter().map(Task::Expr));
                tag::GET
            }
            Expr::Conditional(three) => {
                then.extend(three.iter().map(Task::Expr));
                tag::CONDITIONAL
            }
            Expr::Logical(op, pair) => {
                then.extend(pair.iter().map(Task::Expr));
                op.tag()
            }
            Expr::Binary(op, pair) => {
                then.extend(pair.iter().map(Task::Expr));
                op.tag()
            }
            Expr::Unary(op, operand) => {
                then.push(Task::Expr(operand));
                op.tag()
            }
            // The other expressions are written by `expr`.
            _ => return,
        };
        self.0.push(t);
        work.extend(then.into_iter().rev());
    }

    fn exprs<'a>(&mut self, exprs: &'a [Expr], work: &mut Vec<Task<'a>>) {
        self.u32_len(exprs.len());
        work.extend(exprs.iter().rev().map(Task::Expr));
    }
}

/// `Array<Any>`: the count, then the expressions.
fn exprs_tasks<'a>(list: &'a [Expr], then: &mut Vec<Task<'a>>) {
    count_tasks(list.len(), then);
    then.extend(list.iter().map(Task::Expr));
}

/// `Array<Item>`: the count, then each item's kind byte and expression.
fn item_tasks<'a>(items: &'a [Item], then: &mut Vec<Task<'a>>) {
    count_tasks(items.len(), then);
    for item in items {
        let kind = match item {
            Item::Element(_) => tag::ITEM_ELEMENT,
            Item::Spread(_) => tag::ITEM_SPREAD,
        };
        then.push(Task::Byte(kind));
        then.push(Task::Expr(item.expr()));
    }
}

/// A `u32` count, as four bytes to write in turn.
fn count_tasks(n: usize, then: &mut Vec<Task<'_>>) {
    let n = u32::try_from(n).unwrap_or(u32::MAX);
    then.extend(n.to_le_bytes().into_iter().map(Task::Byte));
}
