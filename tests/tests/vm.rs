//! The VM on hand-built programs: closures and scopes, the temporal dead
//! zone, proper tail calls, budgets, builtins that call back, reference
//! cycles, and the native stack staying flat however deep FJS recursion goes.

use nanvm_runtime::bytecode::{BinaryOp as B, Expr, Global, LogicalOp as L, UnaryOp as U};
use nanvm_runtime::vm::{Budget, BudgetKind, CodeError, ErrorType, Usage, Vm, VmError};
use nanvm_runtime::{Limits, Value};
use nanvm_tests::expr::*;

fn run(consts: Vec<Expr>) -> Result<Value, VmError> {
    Vm::new().evaluate(&module(consts), &[])
}

fn run_with(budget: Budget, consts: Vec<Expr>) -> Result<Value, VmError> {
    Vm::with_limits(Limits::default(), budget).evaluate(&module(consts), &[])
}

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn thrown(result: Result<Value, VmError>) -> ErrorType {
    match result {
        Err(VmError::Thrown(e)) => e.error_type,
        other => panic!("expected a thrown error, got {other:?}"),
    }
}

/// Builds the module `program` makes and evaluates it on a thread with a
/// 2 MiB stack (a test thread's default): the value as DJS text, and what
/// the evaluation used.
fn on_small_stack(program: fn() -> Vec<Expr>) -> (Result<String, VmError>, Usage) {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let mut vm = Vm::new();
            let value = vm.evaluate(&module(program()), &[]);
            (value.map(|v| format!("{v:?}")), vm.usage())
        })
        .expect("thread")
        .join()
        .expect("no stack overflow")
}

/// `(i, acc) => i === 0 ? acc : self(i - 1, acc + i)` where `self` is
/// constant `index` one block out.
fn sum_to(index: u32) -> Expr {
    func(
        2,
        vec![cond(
            bin(B::StrictEq, arg(0), num(0.0)),
            arg(1),
            call(
                outer(1, index),
                vec![bin(B::Sub, arg(0), num(1.0)), bin(B::Add, arg(1), arg(0))],
            ),
        )],
    )
}

#[test]
fn closures_capture_arguments_and_constants() {
    // const add = a => b => a + b; const k = 10
    // export default [add(1)(2), (x => x + k)(5), add(1) === add(1)]
    let add = func(1, vec![func(1, vec![bin(B::Add, outer_arg(1, 0), arg(0))])]);
    let value = run(vec![
        add,
        num(10.0),
        array(vec![
            call(call(local(0), vec![num(1.0)]), vec![num(2.0)]),
            call(
                func(1, vec![bin(B::Add, arg(0), outer(1, 1))]),
                vec![num(5.0)],
            ),
            bin(
                B::StrictEq,
                call(local(0), vec![num(1.0)]),
                call(local(0), vec![num(1.0)]),
            ),
        ]),
    ])
    .unwrap();
    assert_eq!(value, Value::array([n(3.0), n(15.0), Value::Bool(false)]));
}

#[test]
fn each_activation_has_its_own_environment() {
    // const counter = start => () => start; const a = counter(1); const b = counter(2)
    // export default [a(), b(), a()]
    let value = run(vec![
        func(1, vec![func(0, vec![outer_arg(1, 0)])]),
        call(local(0), vec![num(1.0)]),
        call(local(0), vec![num(2.0)]),
        array(vec![
            call(local(1), vec![]),
            call(local(2), vec![]),
            call(local(1), vec![]),
        ]),
    ])
    .unwrap();
    assert_eq!(value, Value::array([n(1.0), n(2.0), n(1.0)]));
}

#[test]
fn blocks_reach_enclosing_constants_and_arguments() {
    // x => { const a = x * 2; if (a > 5) { const b = a + 1; return [x, a, b] } return a }
    let f = func(
        1,
        vec![
            bin(B::Mul, arg(0), num(2.0)),
            cond(
                bin(B::Gt, local(0), num(5.0)),
                block(vec![
                    bin(B::Add, outer(1, 0), num(1.0)),
                    array(vec![arg(0), outer(1, 0), local(0)]),
                ]),
                local(0),
            ),
        ],
    );
    let value = run(vec![
        f,
        array(vec![
            call(local(0), vec![num(1.0)]),
            call(local(0), vec![num(4.0)]),
        ]),
    ])
    .unwrap();
    assert_eq!(
        value,
        Value::array([n(2.0), Value::array([n(4.0), n(8.0), n(9.0)])])
    );
}

#[test]
fn missing_arguments_are_undefined_and_extra_ones_ignored() {
    let value = run(vec![
        func(2, vec![array(vec![arg(0), arg(1)])]),
        array(vec![
            call(local(0), vec![num(1.0)]),
            call(local(0), vec![num(1.0), num(2.0), num(3.0)]),
        ]),
    ])
    .unwrap();
    assert_eq!(
        value,
        Value::array([
            Value::array([n(1.0), Value::Undefined]),
            Value::array([n(1.0), n(2.0)]),
        ])
    );
}

#[test]
fn tail_recursion_a_million_deep_runs_in_constant_space() {
    // const sum = (i, acc) => i === 0 ? acc : sum(i - 1, acc + i); export default sum(1e6, 0)
    let (value, usage) =
        on_small_stack(|| vec![sum_to(0), call(local(0), vec![num(1e6), num(0.0)])]);
    assert_eq!(value.as_deref(), Ok("export default 500000500000"));
    assert!(usage.call_depth <= 2, "call depth {}", usage.call_depth);
    assert!(usage.steps >= 1_000_000, "steps {}", usage.steps);
}

#[test]
fn tail_calls_through_and_or_nullish_and_blocks() {
    // const f = i => i === 0 ? "done" : (true && (null ?? (false || { const j = i - 1; f(j) })))
    let f = func(
        1,
        vec![cond(
            bin(B::StrictEq, arg(0), num(0.0)),
            str("done"),
            logical(
                L::And,
                Expr::Bool(true),
                logical(
                    L::Nullish,
                    Expr::Null,
                    logical(
                        L::Or,
                        Expr::Bool(false),
                        block(vec![
                            bin(B::Sub, outer_arg(0, 0), num(1.0)),
                            call(outer(2, 0), vec![local(0)]),
                        ]),
                    ),
                ),
            ),
        )],
    );
    // outer_arg depth 0 is invalid: blocks are not functions; use arg_ref.
    let f = replace_outer_arg0(f);
    let mut vm = Vm::new();
    let value = vm.evaluate(&module(vec![f, call(local(0), vec![num(300_000.0)])]), &[]);
    assert_eq!(value, Ok(Value::string("done")));
    assert!(vm.usage().call_depth <= 2, "{:?}", vm.usage());
}

/// Replaces `outer_arg 0 0` (a placeholder) by `arg_ref 0`.
fn replace_outer_arg0(e: Expr) -> Expr {
    match e {
        Expr::OuterArg { depth: 0, index } => arg(index),
        Expr::Function(f) => func(
            f.length,
            f.code
                .consts
                .iter()
                .cloned()
                .map(replace_outer_arg0)
                .collect(),
        ),
        Expr::Block(code) => block(code.consts.into_iter().map(replace_outer_arg0).collect()),
        Expr::Conditional(three) => {
            let [a, b, c] = *three;
            cond(
                replace_outer_arg0(a),
                replace_outer_arg0(b),
                replace_outer_arg0(c),
            )
        }
        Expr::Logical(op, pair) => {
            let [a, b] = *pair;
            logical(op, replace_outer_arg0(a), replace_outer_arg0(b))
        }
        Expr::Binary(op, pair) => {
            let [a, b] = *pair;
            bin(op, replace_outer_arg0(a), replace_outer_arg0(b))
        }
        other => other,
    }
}

#[test]
fn endless_recursion_hits_the_call_depth_budget() {
    // const f = x => 1 + f(x); export default f(0)
    let (result, _) = on_small_stack(|| {
        vec![
            func(
                1,
                vec![bin(B::Add, num(1.0), call(outer(1, 0), vec![arg(0)]))],
            ),
            call(local(0), vec![num(0.0)]),
        ]
    });
    let limit = Budget::DEFAULT_CALL_DEPTH as u64;
    assert_eq!(
        result,
        Err(VmError::Budget {
            kind: BudgetKind::CallDepth,
            limit
        })
    );
    assert!(result.unwrap_err().to_string().contains("call depth"));
}

#[test]
fn endless_tail_recursion_hits_the_step_budget() {
    // const f = x => f(x); export default f(0)
    let program = vec![
        func(1, vec![call(outer(1, 0), vec![arg(0)])]),
        call(local(0), vec![num(0.0)]),
    ];
    let budget = Budget {
        steps: 100_000,
        ..Budget::default()
    };
    let result = run_with(budget, program);
    assert_eq!(
        result,
        Err(VmError::Budget {
            kind: BudgetKind::Steps,
            limit: 100_000
        })
    );
}

#[test]
fn doubling_a_string_hits_the_memory_budget() {
    // const f = s => f(s + s); export default f("ab")
    let program = vec![
        func(
            1,
            vec![call(outer(1, 0), vec![bin(B::Add, arg(0), arg(0))])],
        ),
        call(local(0), vec![str("ab")]),
    ];
    let budget = Budget {
        memory: 1 << 24,
        ..Budget::default()
    };
    let result = run_with(budget, program);
    assert_eq!(
        result,
        Err(VmError::Budget {
            kind: BudgetKind::Memory,
            limit: 1 << 24
        })
    );
}

#[test]
fn garbage_does_not_count_against_the_memory_budget() {
    // const f = (i, s) => i === 0 ? s.length : f(i - 1, s.slice(0, 10000) + "y")
    // 20,000 strings of 10 KiB: 400 MB allocated, 20 KiB alive.
    let f = func(
        2,
        vec![cond(
            bin(B::StrictEq, arg(0), num(0.0)),
            prop(arg(1), "length"),
            call(
                outer(1, 0),
                vec![
                    bin(B::Sub, arg(0), num(1.0)),
                    bin(
                        B::Add,
                        method(arg(1), "slice", vec![num(0.0), num(10_000.0)]),
                        str("y"),
                    ),
                ],
            ),
        )],
    );
    let start = str(&"x".repeat(10_000));
    let program = vec![f, call(local(0), vec![num(20_000.0), start])];
    let budget = Budget {
        memory: 16 << 20,
        ..Budget::default()
    };
    let mut vm = Vm::with_limits(Limits::default(), budget);
    assert_eq!(vm.evaluate(&module(program), &[]), Ok(n(10_001.0)));
    let usage = vm.usage();
    assert!(usage.allocated > 300 << 20, "{usage:?}");
    assert!(usage.memory < 1 << 20, "{usage:?}");
}

#[test]
fn huge_arrays_hit_the_memory_budget_before_allocating() {
    // Array.from({ length: 4e9 }) and Array.from({ length: 2 ** 32 })
    let from = |len: f64| {
        method(
            global(Global::Array),
            "from",
            vec![object(vec![("length", num(len))])],
        )
    };
    assert_eq!(
        run(vec![from(4e9)]).unwrap_err(),
        VmError::Budget {
            kind: BudgetKind::Memory,
            limit: Budget::DEFAULT_MEMORY
        }
    );
    assert_eq!(
        thrown(run(vec![from(2f64.powi(32))])),
        ErrorType::RangeError
    );
}

#[test]
fn mutual_recursion_between_constants_defined_later() {
    // const isEven = n => n === 0 || isOdd(n - 1); const isOdd = n => n !== 0 && isEven(n - 1)
    // export default [isEven(1000001), isOdd(1000001)]
    let is_even = func(
        1,
        vec![logical(
            L::Or,
            bin(B::StrictEq, arg(0), num(0.0)),
            call(outer(1, 1), vec![bin(B::Sub, arg(0), num(1.0))]),
        )],
    );
    let is_odd = func(
        1,
        vec![logical(
            L::And,
            bin(B::StrictNe, arg(0), num(0.0)),
            call(outer(1, 0), vec![bin(B::Sub, arg(0), num(1.0))]),
        )],
    );
    let program = vec![
        is_even,
        is_odd,
        array(vec![
            call(local(0), vec![num(1_000_001.0)]),
            call(local(1), vec![num(1_000_001.0)]),
        ]),
    ];
    let value = run(program);
    assert_eq!(
        value,
        Ok(Value::array([Value::Bool(false), Value::Bool(true)]))
    );
}

#[test]
fn reading_a_constant_before_it_is_defined_is_a_reference_error() {
    // const f = () => g; const x = f(); const g = 1
    let early = vec![func(0, vec![outer(1, 2)]), call(local(0), vec![]), num(1.0)];
    assert_eq!(thrown(run(early)), ErrorType::ReferenceError);
    // The same function called after `g` is defined works.
    let late = vec![
        func(0, vec![outer(1, 2)]),
        num(0.0),
        num(1.0),
        call(local(0), vec![]),
    ];
    assert_eq!(run(late), Ok(n(1.0)));
    // A nested block reading its enclosing block's next constant.
    let in_block = vec![block(vec![num(1.0), block(vec![outer(1, 2)]), num(2.0)])];
    assert_eq!(thrown(run(in_block)), ErrorType::ReferenceError);
    // A function reading the constant that is being computed from it.
    let own = vec![call(func(0, vec![outer(1, 0)]), vec![])];
    assert_eq!(thrown(run(own)), ErrorType::ReferenceError);
}

#[test]
fn a_closure_may_reach_the_module_result_after_it_is_computed() {
    // export default { f: () => <the module's value> }; the value's f returns the value
    let program = vec![object(vec![("f", func(0, vec![outer(1, 0)]))])];
    let mut vm = Vm::new();
    let value = vm.evaluate(&module(program), &[]).unwrap();
    let f = value.get("f").cloned().unwrap();
    let again = vm.call(&f, &[]).unwrap();
    assert!(Value::is(&value, &again));
}

#[test]
fn builtins_call_back_without_native_recursion() {
    // const deep = n => n === 0 ? 0 : [n].map(x => deep(x - 1))[0] + 1; export default deep(20000)
    let deep = func(
        1,
        vec![cond(
            bin(B::StrictEq, arg(0), num(0.0)),
            num(0.0),
            bin(
                B::Add,
                get(
                    method(
                        array(vec![arg(0)]),
                        "map",
                        vec![func(
                            1,
                            vec![call(outer(2, 0), vec![bin(B::Sub, arg(0), num(1.0))])],
                        )],
                    ),
                    num(0.0),
                ),
                num(1.0),
            ),
        )],
    );
    let program = vec![deep, call(local(0), vec![num(20_000.0)])];
    let mut vm = Vm::new();
    let value = vm.evaluate(&module(program), &[]);
    let usage = vm.usage();
    assert_eq!(value, Ok(n(20_000.0)));
    // Each level: deep's frame and map's loop frame (the callback tail-calls deep).
    assert!(usage.call_depth >= 40_000, "{usage:?}");
}

#[test]
fn nested_callbacks() {
    // Array.from({ length: 3 }, (_, i) => [1, 2].map(x => x * i))
    //   .reduce((acc, xs) => acc.concat(xs.filter(x => x > 0)), [])
    //   .every(x => typeof x === "number")
    let rows = method(
        global(Global::Array),
        "from",
        vec![
            object(vec![("length", num(3.0))]),
            func(
                2,
                vec![method(
                    array(vec![num(1.0), num(2.0)]),
                    "map",
                    vec![func(1, vec![bin(B::Mul, arg(0), outer_arg(1, 1))])],
                )],
            ),
        ],
    );
    let flat = method(
        local(0),
        "reduce",
        vec![
            func(
                2,
                vec![method(
                    arg(0),
                    "concat",
                    vec![method(
                        arg(1),
                        "filter",
                        vec![func(1, vec![bin(B::Gt, arg(0), num(0.0))])],
                    )],
                )],
            ),
            array(vec![]),
        ],
    );
    let every = method(
        local(1),
        "every",
        vec![func(
            1,
            vec![bin(B::StrictEq, un(U::Typeof, arg(0)), str("number"))],
        )],
    );
    let value = run(vec![rows, flat, array(vec![local(1), every])]).unwrap();
    assert_eq!(
        value,
        Value::array([
            Value::array([n(1.0), n(2.0), n(2.0), n(4.0)]),
            Value::Bool(true)
        ])
    );
}

#[test]
fn flat_infinity_on_a_rope_nested_thousands_deep() {
    // A rope [[[…[[], 0], 1]…], 9999] built at run time by a reduce.
    let rope = method(
        method(
            global(Global::Array),
            "from",
            vec![
                object(vec![("length", num(10_000.0))]),
                func(2, vec![arg(1)]),
            ],
        ),
        "reduce",
        vec![func(2, vec![array(vec![arg(0), arg(1)])]), array(vec![])],
    );
    let program = vec![
        rope,
        method(local(0), "flat", vec![global(Global::Infinity)]),
        array(vec![prop(local(1), "length"), get(local(1), num(9999.0))]),
    ];
    assert_eq!(run(program), Ok(Value::array([n(10_000.0), n(9999.0)])));
}

#[test]
fn errors_carry_the_javascript_error_type() {
    let type_errors = [
        call(num(1.0), vec![]),
        prop(Expr::Undefined, "x"),
        method(Expr::Null, "map", vec![]),
        bin(B::Add, big("1"), num(1.0)),
        un(U::ToNumber, big("1")),
        bin(B::Ushr, big("1"), big("1")),
        method(array(vec![]), "reduce", vec![func(2, vec![arg(0)])]),
        method(array(vec![num(1.0)]), "map", vec![num(1.0)]),
        array_spread(vec![spread(num(1.0))]),
        call(global(Global::BigInt), vec![Expr::Undefined]),
    ];
    for e in type_errors {
        assert_eq!(thrown(run(vec![e.clone()])), ErrorType::TypeError, "{e:?}");
    }
    let range_errors = [
        bin(B::Div, big("1"), big("0")),
        bin(B::Rem, big("1"), big("0")),
        bin(B::Pow, big("2"), big("-1")),
        call(global(Global::BigInt), vec![num(1.5)]),
        bin(B::Shl, big("1"), big("1099511627776")),
    ];
    for e in range_errors {
        assert_eq!(thrown(run(vec![e.clone()])), ErrorType::RangeError, "{e:?}");
    }
    let syntax = call(global(Global::BigInt), vec![str("1.5")]);
    assert_eq!(thrown(run(vec![syntax])), ErrorType::SyntaxError);
    let message = run(vec![prop(Expr::Undefined, "x")])
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "uncaught TypeError: Cannot read properties of undefined (reading 'x')"
    );
}

#[test]
fn invalid_code_is_an_error_not_a_panic() {
    let cases = [
        (vec![local(0)], CodeError::LocalRef(0)),
        (vec![arg(0)], CodeError::ArgRef(0)),
        (
            vec![outer(1, 0)],
            CodeError::OuterRef { depth: 1, index: 0 },
        ),
        (
            vec![func(0, vec![outer(1, 5)])],
            CodeError::OuterRef { depth: 1, index: 5 },
        ),
        (
            vec![func(0, vec![outer(0, 0)])],
            CodeError::OuterRef { depth: 0, index: 0 },
        ),
        (
            vec![func(0, vec![outer_arg(2, 0)])],
            CodeError::OuterArg { depth: 2, index: 0 },
        ),
        (vec![block(vec![])], CodeError::EmptyCode),
        (vec![], CodeError::EmptyCode),
    ];
    for (consts, error) in cases {
        assert_eq!(run(consts), Err(VmError::Code(error)));
    }
    let mut deep = num(1.0);
    for _ in 0..2000 {
        deep = un(U::Negate, deep);
    }
    assert_eq!(
        run(vec![deep]),
        Err(VmError::Code(CodeError::TooDeep(1000)))
    );
}

#[test]
fn lowering_at_the_depth_limit_fits_a_small_stack() {
    let (result, _) = on_small_stack(|| {
        // 999 levels of `-(…)` inside one function, and 999 nested arrays.
        let limit = Limits::default().max_depth;
        let mut e = num(1.0);
        for _ in 0..limit - 1 {
            e = un(U::Negate, e);
        }
        let mut a = num(2.0);
        for _ in 0..limit - 1 {
            a = array(vec![a]);
        }
        vec![func(0, vec![e]), a, call(local(0), vec![])]
    });
    assert_eq!(result.as_deref(), Ok("export default -1"));
}

#[test]
fn a_recursive_module_function_leaves_a_cycle_the_vm_frees() {
    // const f = i => i === 0 ? 0 : f(i - 1); export default f(3)
    let program = vec![
        func(
            1,
            vec![cond(
                bin(B::StrictEq, arg(0), num(0.0)),
                num(0.0),
                call(outer(1, 0), vec![bin(B::Sub, arg(0), num(1.0))]),
            )],
        ),
        call(local(0), vec![num(3.0)]),
    ];
    let mut vm = Vm::new();
    assert_eq!(vm.evaluate(&module(program.clone()), &[]), Ok(n(0.0)));
    assert_eq!(
        vm.collect_cycles(),
        1,
        "the module's environment is garbage"
    );
    assert_eq!(vm.collect_cycles(), 0);
    // When the module exports the function, its environment stays alive,
    // also after the VM is dropped.
    let exported = vec![program[0].clone(), local(0)];
    let f = vm.evaluate(&module(exported), &[]).unwrap();
    assert_eq!(vm.collect_cycles(), 0);
    drop(vm);
    assert_eq!(Vm::new().call(&f, &[n(5.0)]), Ok(n(0.0)));
}

#[test]
fn cycles_of_inner_functions_are_collected_during_a_run() {
    // const g = k => { const h = i => i === 0 ? k : h(i - 1); return h(2) }
    // export default Array.from({ length: 20000 }, (_, k) => g(k)).length
    let g = func(
        1,
        vec![
            func(
                1,
                vec![cond(
                    bin(B::StrictEq, arg(0), num(0.0)),
                    outer_arg(1, 0),
                    call(outer(1, 0), vec![bin(B::Sub, arg(0), num(1.0))]),
                )],
            ),
            call(local(0), vec![num(2.0)]),
        ],
    );
    let program = vec![
        g,
        prop(
            method(
                global(Global::Array),
                "from",
                vec![
                    object(vec![("length", num(20_000.0))]),
                    func(2, vec![call(outer(1, 0), vec![arg(1)])]),
                ],
            ),
            "length",
        ),
    ];
    let mut vm = Vm::new();
    assert_eq!(vm.evaluate(&module(program), &[]), Ok(n(20_000.0)));
    // 20,000 environments, each in a cycle with its `h`: collections during
    // the run freed most of them already.
    assert!(vm.collect_cycles() < 10_000);
}

#[test]
fn data_functions_are_callable() {
    // A function value made by the data evaluator is lowered when first called.
    let f = func(2, vec![bin(B::Mul, arg(0), arg(1))]);
    let value = nanvm_runtime::eval::evaluate(&module(vec![f]).code, &[], &Limits::default());
    let f = value.unwrap();
    assert_eq!(Vm::new().call(&f, &[n(6.0), n(7.0)]), Ok(n(42.0)));
}
