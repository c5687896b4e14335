//! Short constructors of bytecode expressions, for tests that build
//! programs by hand (`docs/bytecode.md`, data and operation tags).

use std::rc::Rc;

use nanvm_runtime::bytecode::{
    BinaryOp, Call, Code, Expr, FunctionCode, Global, Item, LogicalOp, MethodCall, Module, Prop,
    SpreadCall, UnaryOp,
};
use nanvm_runtime::value::{BigInt, JsString};

/// A number.
pub fn num(n: f64) -> Expr {
    Expr::Number(n)
}

/// A string from Rust text.
pub fn str(s: &str) -> Expr {
    Expr::String(JsString::from(s))
}

/// A string of UTF-16 code units (lone surrogates allowed).
pub fn units(units: &[u16]) -> Expr {
    Expr::String(JsString::from(units.to_vec()))
}

/// A bigint from decimal text (`"-12"`).
///
/// # Panics
///
/// If `decimal` is not an integer.
pub fn big(decimal: &str) -> Expr {
    let n: BigInt = decimal.parse().expect("a decimal integer");
    Expr::BigInt(Rc::new(n))
}

/// An array literal.
pub fn array(items: Vec<Expr>) -> Expr {
    Expr::Array(items)
}

/// An object literal with static keys.
pub fn object(props: Vec<(&str, Expr)>) -> Expr {
    Expr::Object(
        props
            .into_iter()
            .map(|(k, v)| (JsString::from(k), v))
            .collect(),
    )
}

/// `local_ref i`.
pub fn local(i: u32) -> Expr {
    Expr::LocalRef(i)
}

/// `arg_ref i`.
pub fn arg(i: u32) -> Expr {
    Expr::ArgRef(i)
}

/// `outer_ref depth i`.
pub fn outer(depth: u32, index: u32) -> Expr {
    Expr::OuterRef { depth, index }
}

/// `outer_arg depth i`.
pub fn outer_arg(depth: u32, index: u32) -> Expr {
    Expr::OuterArg { depth, index }
}

/// A function of `length` parameters whose body has these constants.
pub fn func(length: u32, consts: Vec<Expr>) -> Expr {
    Expr::Function(Rc::new(FunctionCode {
        length,
        code: Code { consts },
    }))
}

/// A nested block of these constants.
pub fn block(consts: Vec<Expr>) -> Expr {
    Expr::Block(Code { consts })
}

/// `callee(...args)`.
pub fn call(callee: Expr, args: Vec<Expr>) -> Expr {
    Expr::Call(Box::new(Call { callee, args }))
}

/// `receiver[key](...args)` with a string key.
pub fn method(receiver: Expr, key: &str, args: Vec<Expr>) -> Expr {
    Expr::CallMethod(Box::new(MethodCall {
        receiver,
        key: str(key),
        args,
    }))
}

/// `callee(...)` with spread arguments.
pub fn call_spread(callee: Expr, args: Vec<Item>) -> Expr {
    Expr::CallSpread(Box::new(SpreadCall { callee, args }))
}

/// `object[key]`.
pub fn get(object: Expr, key: Expr) -> Expr {
    Expr::Get(Box::new([object, key]))
}

/// `object.name`.
pub fn prop(object: Expr, name: &str) -> Expr {
    get(object, str(name))
}

/// `test ? then : otherwise`.
pub fn cond(test: Expr, then: Expr, otherwise: Expr) -> Expr {
    Expr::Conditional(Box::new([test, then, otherwise]))
}

/// A unary operation.
pub fn un(op: UnaryOp, operand: Expr) -> Expr {
    Expr::Unary(op, Box::new(operand))
}

/// A binary operation.
pub fn bin(op: BinaryOp, a: Expr, b: Expr) -> Expr {
    Expr::Binary(op, Box::new([a, b]))
}

/// `a && b`, `a || b` or `a ?? b`.
pub fn logical(op: LogicalOp, a: Expr, b: Expr) -> Expr {
    Expr::Logical(op, Box::new([a, b]))
}

/// An array literal with spread.
pub fn array_spread(items: Vec<Item>) -> Expr {
    Expr::ArraySpread(items)
}

/// An element of an array literal or call with spread.
pub fn el(e: Expr) -> Item {
    Item::Element(e)
}

/// `...e` in an array literal or call.
pub fn spread(e: Expr) -> Item {
    Item::Spread(e)
}

/// An object literal with computed keys or spread.
pub fn object_dynamic(props: Vec<Prop>) -> Expr {
    Expr::ObjectDynamic(props)
}

/// A global.
pub fn global(g: Global) -> Expr {
    Expr::Global(g)
}

/// A module of no imports with these constants.
pub fn module(consts: Vec<Expr>) -> Module {
    Module {
        imports: Vec::new(),
        code: Code { consts },
    }
}
