//! The operation tags of `docs/bytecode.md` (`0D`–`32`): every one reads
//! back to what the writer wrote, and the reader validates scopes (`outer_ref`
//! and `outer_arg` depths and indices, forward references checked once their
//! block is read), globals, item kinds and nesting, without panicking on
//! truncated or corrupted input.

use std::panic::{catch_unwind, AssertUnwindSafe};

use nanvm_runtime::bytecode::{
    decode_module, decode_module_with, encode_module, tag, BinaryOp, DecodeErrorKind, Expr, Global,
    LogicalOp, Module, Prop, UnaryOp,
};
use nanvm_runtime::vm::{Budget, Vm};
use nanvm_runtime::Limits;
use nanvm_tests::expr::*;

/// A module using every operation tag at least once.
fn every_operation() -> Module {
    let mut consts = vec![
        // 0: x => { const y = x + 1; return (() => [y, x])() }  (outer_ref, outer_arg, block)
        func(
            1,
            vec![
                bin(BinaryOp::Add, arg(0), num(1.0)),
                call(
                    func(0, vec![array(vec![outer(1, 0), outer_arg(1, 0)])]),
                    vec![],
                ),
            ],
        ),
        // 1: a block reaching constant 0 and a later constant of its block.
        block(vec![
            num(2.0),
            func(0, vec![outer(2, 0), outer(1, 2)]),
            num(3.0),
        ]),
        method(str("abc"), "charCodeAt", vec![num(1.0)]),
        cond(Expr::Bool(true), num(1.0), num(2.0)),
        get(array(vec![num(1.0)]), num(0.0)),
        array_spread(vec![el(num(1.0)), spread(array(vec![num(2.0)]))]),
        object_dynamic(vec![
            Prop::Entry(str("k"), num(1.0)),
            Prop::Spread(object(vec![("a", num(2.0))])),
        ]),
        call_spread(global(Global::String), vec![spread(array(vec![num(65.0)]))]),
    ];
    for g in Global::ALL {
        consts.push(global(g));
    }
    for op in UnaryOp::ALL {
        consts.push(un(op, num(5.0)));
    }
    for op in BinaryOp::ALL {
        consts.push(bin(op, num(6.0), num(3.0)));
    }
    for op in LogicalOp::ALL {
        consts.push(logical(op, Expr::Null, num(1.0)));
    }
    module(consts)
}

const STACK: usize = 2 << 20;

fn le32(n: u32) -> [u8; 4] {
    n.to_le_bytes()
}

/// A module of no imports whose code block is `body`.
fn module_bytes(body: &[u8]) -> Vec<u8> {
    let mut out = le32(0).to_vec();
    out.extend_from_slice(&le32(u32::try_from(body.len()).expect("small")));
    out.extend_from_slice(body);
    out
}

/// The offset of the code block's first expression in [`module_bytes`].
const BODY: usize = 8;

fn expect_kind(bytes: &[u8], kind: DecodeErrorKind, offset: usize) {
    let e = decode_module(bytes).expect_err("rejected");
    assert_eq!((e.kind, e.offset), (kind, offset));
}

#[test]
fn every_operation_reads_back_and_evaluates() {
    let module = every_operation();
    let bytes = encode_module(&module);
    let decoded = decode_module(&bytes).expect("decodes");
    assert_eq!(decoded, module);
    assert_eq!(encode_module(&decoded), bytes);
    Vm::new().evaluate(&decoded, &[]).expect("evaluates");
}

#[test]
fn operation_tags_are_those_of_the_table() {
    let tags = [
        (tag::OUTER_REF, 0x0D),
        (tag::OUTER_ARG, 0x0E),
        (tag::BLOCK, 0x0F),
        (tag::CALL, 0x10),
        (tag::CALL_METHOD, 0x11),
        (tag::GET, 0x12),
        (tag::CONDITIONAL, 0x13),
        (LogicalOp::And.tag(), 0x14),
        (LogicalOp::Or.tag(), 0x15),
        (LogicalOp::Nullish.tag(), 0x16),
        (UnaryOp::Not.tag(), 0x17),
        (UnaryOp::Negate.tag(), 0x18),
        (UnaryOp::ToNumber.tag(), 0x19),
        (UnaryOp::BitNot.tag(), 0x1A),
        (UnaryOp::Typeof.tag(), 0x1B),
        (BinaryOp::Add.tag(), 0x1C),
        (BinaryOp::Pow.tag(), 0x21),
        (BinaryOp::Lt.tag(), 0x22),
        (BinaryOp::Ge.tag(), 0x25),
        (BinaryOp::StrictEq.tag(), 0x26),
        (BinaryOp::StrictNe.tag(), 0x27),
        (BinaryOp::BitAnd.tag(), 0x28),
        (BinaryOp::Ushr.tag(), 0x2D),
        (UnaryOp::ToString.tag(), 0x2E),
        (tag::ARRAY_SPREAD, 0x2F),
        (tag::OBJECT_DYNAMIC, 0x30),
        (tag::CALL_SPREAD, 0x31),
        (tag::GLOBAL, 0x32),
    ];
    for (ours, table) in tags {
        assert_eq!(ours, table);
    }
    // Byte by byte: `-x` of import 0 is `18 0A 00000000`.
    let bytes = encode_module(&Module {
        imports: vec!["./x.d.mjs".into()],
        code: nanvm_runtime::bytecode::Code {
            consts: vec![un(UnaryOp::Negate, arg(0))],
        },
    });
    assert_eq!(&bytes[bytes.len() - 6..], &[0x18, 0x0A, 0, 0, 0, 0]);
}

#[test]
fn every_truncation_and_corruption_is_an_error_or_a_module() {
    let bytes = encode_module(&every_operation());
    let budget = Budget {
        steps: 10_000,
        call_depth: 100,
        memory: 1 << 20,
    };
    for cut in 0..bytes.len() {
        let result = catch_unwind(|| decode_module(&bytes[..cut]));
        let e = result.expect("no panic").expect_err("truncated");
        assert!(e.offset <= cut);
    }
    for i in 0..bytes.len() {
        for flip in [0x01, 0x80, 0xFF] {
            let mut corrupt = bytes.clone();
            corrupt[i] ^= flip;
            let result = catch_unwind(AssertUnwindSafe(|| {
                if let Ok(module) = decode_module(&corrupt) {
                    assert_eq!(encode_module(&module), corrupt, "canonical");
                    let args = vec![nanvm_runtime::Value::Undefined; module.imports.len()];
                    let _ = Vm::with_limits(Limits::default(), budget).evaluate(&module, &args);
                }
            }));
            assert!(result.is_ok(), "byte {i} ^ {flip:#x}");
        }
    }
}

#[test]
fn outer_ref_depth_must_name_an_enclosing_block() {
    // outer_ref 0 0 and outer_ref 1 0 at module level: no block out.
    for depth in [0, 1, u32::MAX] {
        let mut body = vec![tag::OUTER_REF];
        body.extend_from_slice(&le32(depth));
        body.extend_from_slice(&le32(0));
        let kind = DecodeErrorKind::OuterDepthOutOfRange {
            depth,
            enclosing: 0,
        };
        expect_kind(&module_bytes(&body), kind, BODY);
    }
}

#[test]
fn outer_ref_may_name_a_later_constant_of_its_block() {
    // [() => <const 1>, 7]: valid; [() => <const 2>, 7]: const 2 does not exist.
    let valid = module(vec![func(0, vec![outer(1, 1)]), num(7.0)]);
    let bytes = encode_module(&valid);
    assert_eq!(decode_module(&bytes), Ok(valid));
    let invalid = encode_module(&module(vec![func(0, vec![outer(1, 2)]), num(7.0)]));
    // function tag, length, code length, then the outer_ref.
    let at = BODY + 1 + 4 + 4;
    let kind = DecodeErrorKind::OuterRefOutOfRange {
        depth: 1,
        index: 2,
        count: 2,
    };
    expect_kind(&invalid, kind, at);
    // The largest forward index is the one reported.
    let two = encode_module(&module(vec![
        func(0, vec![outer(1, 5), outer(1, 9)]),
        num(7.0),
    ]));
    let e = decode_module(&two).unwrap_err();
    assert_eq!(
        e.kind,
        DecodeErrorKind::OuterRefOutOfRange {
            depth: 1,
            index: 9,
            count: 2
        }
    );
    assert_eq!(e.offset, at + 9);
}

#[test]
fn local_ref_still_names_earlier_constants_only() {
    let bytes = encode_module(&module(vec![block(vec![local(0), num(1.0)])]));
    let kind = DecodeErrorKind::LocalRefOutOfRange {
        index: 0,
        defined: 0,
    };
    expect_kind(&bytes, kind, BODY + 5);
}

#[test]
fn outer_arg_must_name_an_argument_of_an_enclosing_function() {
    let imports = |n: usize| -> Vec<nanvm_runtime::value::JsString> {
        (0..n)
            .map(|i| format!("./m{i}.d.mjs").as_str().into())
            .collect()
    };
    // A function inside a module of two imports reaches import 1 with outer_arg 1 1.
    let valid = Module {
        imports: imports(2),
        code: nanvm_runtime::bytecode::Code {
            consts: vec![func(0, vec![outer_arg(1, 1)])],
        },
    };
    let bytes = encode_module(&valid);
    assert_eq!(decode_module(&bytes), Ok(valid.clone()));
    for (depth, index, kind) in [
        (
            1,
            2,
            DecodeErrorKind::OuterArgOutOfRange {
                depth: 1,
                index: 2,
                count: 2,
            },
        ),
        (
            2,
            0,
            DecodeErrorKind::OuterDepthOutOfRange {
                depth: 2,
                enclosing: 1,
            },
        ),
        (
            0,
            0,
            DecodeErrorKind::OuterDepthOutOfRange {
                depth: 0,
                enclosing: 1,
            },
        ),
    ] {
        let mut module = valid.clone();
        module.code.consts = vec![func(0, vec![outer_arg(depth, index)])];
        let e = decode_module(&encode_module(&module)).unwrap_err();
        assert_eq!(e.kind, kind);
    }
    // A block is not a function: outer_arg inside a block of the module body has no function out.
    let mut module = valid;
    module.code.consts = vec![block(vec![outer_arg(1, 0)])];
    let e = decode_module(&encode_module(&module)).unwrap_err();
    assert!(matches!(
        e.kind,
        DecodeErrorKind::OuterDepthOutOfRange { .. }
    ));
}

#[test]
fn globals_must_be_builtins() {
    for name in ["Array", "String", "Number", "BigInt", "Infinity"] {
        let mut body = vec![tag::GLOBAL];
        body.extend_from_slice(&le32(u32::try_from(name.len()).expect("short")));
        body.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
        let module = decode_module(&module_bytes(&body)).expect(name);
        assert_eq!(encode_module(&module), module_bytes(&body));
    }
    for name in ["Math", "undefined", "array", "", "Infinity "] {
        let mut body = vec![tag::GLOBAL];
        body.extend_from_slice(&le32(u32::try_from(name.len()).expect("short")));
        body.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
        expect_kind(&module_bytes(&body), DecodeErrorKind::UnknownGlobal, BODY);
    }
}

#[test]
fn item_and_property_kinds_are_00_or_01() {
    for t in [tag::ARRAY_SPREAD, tag::OBJECT_DYNAMIC, tag::CALL_SPREAD] {
        for kind in [0x02, 0x80, 0xFF] {
            let mut body = vec![t];
            if t == tag::CALL_SPREAD {
                body.push(tag::NULL);
            }
            body.extend_from_slice(&le32(1));
            let at = BODY + body.len();
            body.extend_from_slice(&[kind, tag::NULL]);
            expect_kind(
                &module_bytes(&body),
                DecodeErrorKind::UnknownItemKind(kind),
                at,
            );
        }
    }
}

#[test]
fn blocks_must_not_be_empty() {
    let body = [&[tag::BLOCK][..], &le32(0)].concat();
    expect_kind(&module_bytes(&body), DecodeErrorKind::EmptyCode, BODY + 5);
}

#[test]
fn operations_count_as_nesting() {
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    let wrap = |e: Expr| -> Vec<Expr> {
        vec![
            un(UnaryOp::Not, e.clone()),
            bin(BinaryOp::Add, e.clone(), num(1.0)),
            call(e.clone(), vec![]),
            get(e.clone(), num(0.0)),
            cond(e.clone(), num(1.0), num(2.0)),
            block(vec![e.clone()]),
            array_spread(vec![spread(e.clone())]),
            object_dynamic(vec![Prop::Spread(e.clone())]),
            call_spread(e, vec![]),
        ]
    };
    let depth_3 = un(UnaryOp::Not, un(UnaryOp::Not, num(1.0)));
    for depth_3 in wrap(depth_3) {
        let bytes = encode_module(&module(vec![depth_3.clone()]));
        assert!(decode_module_with(&bytes, &limits).is_ok(), "{depth_3:?}");
        for depth_4 in wrap(depth_3.clone()) {
            let bytes = encode_module(&module(vec![depth_4]));
            let e = decode_module_with(&bytes, &limits).unwrap_err();
            assert_eq!(e.kind, DecodeErrorKind::TooDeep { limit: 3 });
        }
    }
    // Leaves are not levels.
    let leaves = module(vec![
        num(0.0),
        un(UnaryOp::Not, un(UnaryOp::Not, func(0, vec![outer(1, 0)]))),
        un(
            UnaryOp::Not,
            un(UnaryOp::Not, un(UnaryOp::Not, global(Global::Array))),
        ),
    ]);
    assert!(decode_module_with(&encode_module(&leaves), &limits).is_ok());
}

/// `depth` levels of `wrap` around `null`, as bytes.
fn deep(depth: usize, wrap: fn(Expr) -> Expr) -> Vec<u8> {
    let mut e = Expr::Null;
    for _ in 0..depth {
        e = wrap(e);
    }
    encode_module(&module(vec![e]))
}

#[test]
fn the_depth_limit_fits_a_small_stack_for_every_kind_of_nesting() {
    let wraps: [fn(Expr) -> Expr; 11] = [
        |e| array(vec![e]),
        |e| object(vec![("k", e)]),
        |e| func(0, vec![e]),
        |e| block(vec![e]),
        |e| un(UnaryOp::Not, e),
        |e| bin(BinaryOp::Add, e, num(1.0)),
        |e| cond(e, num(1.0), num(2.0)),
        |e| call(e, vec![]),
        |e| method(e, "k", vec![]),
        |e| array_spread(vec![spread(e)]),
        |e| object_dynamic(vec![Prop::Entry(str("k"), e)]),
    ];
    let limit = Limits::default().max_depth;
    for (i, wrap) in wraps.into_iter().enumerate() {
        let at_limit = deep(limit, wrap);
        let too_deep = deep(limit + 1, wrap);
        let ok = std::thread::Builder::new()
            .stack_size(STACK)
            .spawn(move || {
                let module = decode_module(&at_limit).expect("at the limit");
                let budget = Budget {
                    steps: 100_000,
                    ..Budget::default()
                };
                // Lowering and running at the limit: a value or an error, no overflow.
                let _ = Vm::with_limits(Limits::default(), budget).evaluate(&module, &[]);
                drop(module);
                decode_module(&too_deep).is_err()
            })
            .expect("thread")
            .join();
        assert_eq!(ok.ok(), Some(true), "nesting kind {i}");
    }
}
