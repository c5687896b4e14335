//! The bytecode reader on hostile input.
//!
//! Valid modules built with `encode_module` must read back equal; anything
//! else — truncations, corrupted bytes, lying counts, references out of
//! range, non-canonical bigints, unknown tags, trailing bytes, empty code,
//! absurd nesting — must be an `Err` carrying an offset inside the input,
//! never a panic, a stack overflow or a huge allocation.
//!
//! The sample modules are also the seed corpus of the `bytecode_reader`
//! fuzz target (`fuzz/seeds/bytecode_reader/*.bin`, see `scripts/fuzz`);
//! [`fuzz_seeds_are_current`] checks that the committed seeds match and
//! rewrites them when run with `NANVM_UPDATE_SEEDS=1`:
//!
//! ```text
//! NANVM_UPDATE_SEEDS=1 cargo test -p nanvm-tests --test bytecode_hostile fuzz_seeds_are_current
//! ```

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::rc::Rc;

use nanvm_runtime::bytecode::{
    decode_module, decode_module_with, encode_module, tag, Code, DecodeError, DecodeErrorKind,
    Expr, FunctionCode, Module,
};
use nanvm_runtime::eval::evaluate;
use nanvm_runtime::serialize::{to_bytecode, to_bytecode_module, to_djs, to_json, SerializeError};
use nanvm_runtime::value::{BigInt, JsString};
use nanvm_runtime::{Limits, Value};
use nanvm_tests::plain::check_plain_data;

// ---------------------------------------------------------------------------
// Valid modules
// ---------------------------------------------------------------------------

fn s(text: &str) -> JsString {
    JsString::from(text)
}

fn units(units: &[u16]) -> JsString {
    JsString::from(units.to_vec())
}

fn big(decimal: &str) -> Expr {
    let n: BigInt = decimal.parse().expect("decimal bigint literal");
    Expr::BigInt(Rc::new(n))
}

fn code(consts: Vec<Expr>) -> Code {
    Code { consts }
}

fn function(length: u32, consts: Vec<Expr>) -> Expr {
    Expr::Function(Rc::new(FunctionCode {
        length,
        code: code(consts),
    }))
}

/// Modules that exercise every tag, with the file name of their fuzz seed.
fn sample_modules() -> Vec<(&'static str, Module)> {
    vec![
        (
            "scalars",
            Module::of_value(Expr::Array(vec![
                Expr::Null,
                Expr::Undefined,
                Expr::Bool(false),
                Expr::Bool(true),
                Expr::Number(-0.0),
                Expr::Number(f64::INFINITY),
                Expr::Number(f64::MIN_POSITIVE / 4.0),
                Expr::Number(1.5e300),
                Expr::String(s("")),
                Expr::Object(vec![]),
                Expr::Array(vec![]),
                big("0"),
            ])),
        ),
        (
            "nested",
            Module::of_value(Expr::Object(vec![
                (s("b"), Expr::Array(vec![Expr::Array(vec![Expr::Null])])),
                (s("1"), Expr::Object(vec![(s(""), Expr::Object(vec![]))])),
                (s("__proto__"), Expr::Number(7.0)),
                (units(&[0xD800]), Expr::String(units(&[0xDC00, 0x41]))),
                (
                    s("pair"),
                    Expr::String(units(&[0xD83D, 0xDE00, 0xDBFF, 0x0D, 0xFFFF])),
                ),
                (
                    s("deep"),
                    Expr::Array(vec![Expr::Object(vec![(
                        s("x"),
                        Expr::Array(vec![Expr::Bool(true), Expr::String(s("é\u{10000}"))]),
                    )])]),
                ),
            ])),
        ),
        (
            "bigints",
            Module::of_value(Expr::Array(vec![
                big("1"),
                big("-1"),
                big("18446744073709551615"),
                big("18446744073709551616"),
                big("-18446744073709551616"),
                big("340282366920938463463374607431768211461"),
                big("-6277101735386680763835789423207666416102355444464034512895"),
                big("-340282366920938463463374607431768211456"),
            ])),
        ),
        (
            "local_refs",
            Module {
                imports: vec![],
                code: code(vec![
                    Expr::Object(vec![(s("x"), Expr::Number(1.0))]),
                    Expr::Array(vec![Expr::LocalRef(0), Expr::LocalRef(0)]),
                    Expr::Array(vec![
                        Expr::LocalRef(1),
                        Expr::Object(vec![(s("c0"), Expr::LocalRef(0))]),
                        Expr::LocalRef(1),
                    ]),
                ]),
            },
        ),
        (
            "imports",
            Module {
                imports: vec![s("./a.d.mjs"), units(&[0x2E, 0x2F, 0xD800, 0x2E])],
                code: code(vec![
                    Expr::ArgRef(1),
                    Expr::Object(vec![(s("a"), Expr::ArgRef(0)), (s("b"), Expr::LocalRef(0))]),
                    Expr::Array(vec![Expr::LocalRef(1), Expr::ArgRef(0), Expr::LocalRef(0)]),
                ]),
            },
        ),
        (
            "functions",
            Module {
                imports: vec![s("./x.d.mjs")],
                code: code(vec![
                    function(
                        2,
                        vec![
                            Expr::ArgRef(0),
                            Expr::Array(vec![Expr::ArgRef(1), Expr::LocalRef(0)]),
                            function(0, vec![Expr::Null]),
                        ],
                    ),
                    Expr::Object(vec![
                        (s("f"), Expr::LocalRef(0)),
                        (s("g"), Expr::LocalRef(0)),
                        (s("i"), Expr::ArgRef(0)),
                        (s("h"), function(1, vec![Expr::ArgRef(0)])),
                    ]),
                ]),
            },
        ),
    ]
}

fn sample_bytes() -> Vec<(&'static str, Vec<u8>)> {
    sample_modules()
        .into_iter()
        .map(|(name, module)| (name, encode_module(&module)))
        .collect()
}

#[test]
fn valid_modules_read_back_equal() {
    for (name, module) in sample_modules() {
        let bytes = encode_module(&module);
        let decoded = decode_module(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(decoded, module, "{name}");
        assert_eq!(
            encode_module(&decoded),
            bytes,
            "{name}: re-encoding differs"
        );
        let args = vec![Value::Undefined; module.imports.len()];
        evaluate(&decoded.code, &args, &Limits::default())
            .unwrap_or_else(|e| panic!("{name}: evaluation failed: {e}"));
    }
}

#[test]
fn nan_payloads_survive_bit_for_bit() {
    let quiet_with_payload = f64::from_bits(0x7FF8_0000_DEAD_BEEF);
    let negative_signalling = f64::from_bits(0xFFF0_0000_0000_0001);
    for n in [f64::NAN, quiet_with_payload, negative_signalling] {
        let bytes = encode_module(&Module::of_value(Expr::Number(n)));
        let decoded = decode_module(&bytes).expect("a NaN module decodes");
        match decoded.code.consts.as_slice() {
            [Expr::Number(m)] => assert_eq!(m.to_bits(), n.to_bits()),
            other => panic!("expected one number, got {other:?}"),
        }
    }
}

/// The committed fuzz seeds are the encodings of [`sample_modules`].
#[test]
fn fuzz_seeds_are_current() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/bytecode_reader");
    let update = std::env::var_os("NANVM_UPDATE_SEEDS").is_some();
    for (name, bytes) in sample_bytes() {
        let path = dir.join(format!("{name}.bin"));
        if update {
            std::fs::create_dir_all(&dir).expect("create the seed directory");
            std::fs::write(&path, &bytes).expect("write a seed");
        }
        let committed = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (regenerate with NANVM_UPDATE_SEEDS=1)",
                path.display()
            )
        });
        assert_eq!(
            committed, bytes,
            "{name}: stale seed (NANVM_UPDATE_SEEDS=1)"
        );
    }
}

// ---------------------------------------------------------------------------
// Checking one hostile input
// ---------------------------------------------------------------------------

/// Decodes `bytes`, turning a panic into a test failure that names `what`.
/// An error must point inside the input; a module must re-encode to exactly
/// `bytes` (the format is canonical) and evaluate and serialize without
/// panicking.
fn decode_hostile(bytes: &[u8], what: &str) -> Result<Module, DecodeError> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let result = decode_module(bytes);
        if let Ok(module) = &result {
            exercise(module, bytes);
        }
        result
    }));
    let result = result.unwrap_or_else(|_| panic!("{what}: panicked on {bytes:02X?}"));
    // The one-pass reader of plain data: no panic, and never a value where
    // the general route has none.
    let plain = catch_unwind(|| check_plain_data(bytes, &Limits::default()));
    let plain =
        plain.unwrap_or_else(|_| panic!("{what}: plain data reader panicked on {bytes:02X?}"));
    if let Err(e) = plain {
        panic!("{what}: {e}");
    }
    if let Err(e) = &result {
        assert!(
            e.offset <= bytes.len(),
            "{what}: error offset {} past the input's {} bytes ({e})",
            e.offset,
            bytes.len()
        );
    }
    result
}

/// What the fuzz target does with a module that decodes.
fn exercise(module: &Module, bytes: &[u8]) {
    assert_eq!(
        encode_module(module),
        bytes,
        "accepted bytes are not canonical"
    );
    let args = vec![Value::Undefined; module.imports.len()];
    if let Ok(value) = evaluate(&module.code, &args, &Limits::default()) {
        let _ = to_json(&value);
        let _ = to_djs(&value);
        if let Ok(bytes) = to_bytecode(&value) {
            decode_module(&bytes).expect("to_bytecode output decodes");
        }
    }
}

fn expect_err(bytes: &[u8], what: &str) -> DecodeError {
    match decode_hostile(bytes, what) {
        Ok(module) => panic!("{what}: accepted as {module:?}"),
        Err(e) => e,
    }
}

fn expect_kind(bytes: &[u8], what: &str, kind: DecodeErrorKind, offset: usize) {
    let e = expect_err(bytes, what);
    assert_eq!((e.kind, e.offset), (kind, offset), "{what}");
}

// ---------------------------------------------------------------------------
// Hand-assembled bytes, for inputs the writer never produces
// ---------------------------------------------------------------------------

fn le32(n: u32) -> [u8; 4] {
    n.to_le_bytes()
}

/// The bytes of a code block: its length, then `body`.
fn code_bytes(body: &[u8]) -> Vec<u8> {
    let len = u32::try_from(body.len()).expect("small test body");
    [&le32(len)[..], body].concat()
}

/// A module with `imports` empty-string imports and the code block `body`.
fn module_bytes(imports: u32, body: &[u8]) -> Vec<u8> {
    let mut out = le32(imports).to_vec();
    for _ in 0..imports {
        out.extend_from_slice(&le32(0));
    }
    out.extend_from_slice(&code_bytes(body));
    out
}

/// Where the body of [`module_bytes`]`(0, body)` starts.
const BODY: usize = 8;

fn function_bytes(length: u32, body: &[u8]) -> Vec<u8> {
    [&[tag::FUNCTION][..], &le32(length), &code_bytes(body)].concat()
}

fn bigint_bytes(tag: u8, limbs: &[u64]) -> Vec<u8> {
    let count = u32::try_from(limbs.len()).expect("few limbs");
    let mut out = vec![tag];
    out.extend_from_slice(&le32(count));
    for limb in limbs {
        out.extend_from_slice(&limb.to_le_bytes());
    }
    out
}

#[test]
fn hand_assembly_matches_the_writer() {
    // Guards the helpers above: they build what encode_module builds.
    let module = Module {
        imports: vec![s("")],
        code: code(vec![
            Expr::Null,
            function(3, vec![Expr::ArgRef(2)]),
            big("-18446744073709551616"),
        ]),
    };
    let body = [
        &[tag::NULL][..],
        &function_bytes(3, &[&[tag::ARG_REF][..], &le32(2)].concat()),
        &bigint_bytes(tag::BIGINT_NEGATIVE, &[0, 1]),
    ]
    .concat();
    assert_eq!(module_bytes(1, &body), encode_module(&module));
}

// ---------------------------------------------------------------------------
// Mechanical damage to valid modules
// ---------------------------------------------------------------------------

#[test]
fn every_truncated_prefix_is_an_error() {
    for (name, bytes) in sample_bytes() {
        for len in 0..bytes.len() {
            let e = expect_err(&bytes[..len], &format!("{name} cut to {len} bytes"));
            assert!(
                matches!(
                    e.kind,
                    DecodeErrorKind::UnexpectedEnd { .. } | DecodeErrorKind::LengthOverrun { .. }
                ),
                "{name} cut to {len} bytes: {e}"
            );
        }
    }
}

#[test]
fn every_single_byte_corruption_is_handled() {
    let mut accepted = 0;
    let mut rejected = 0;
    for (name, bytes) in sample_bytes() {
        for at in 0..bytes.len() {
            let original = bytes[at];
            let replacements = [0x00, 0xFF, 0x0D]
                .into_iter()
                .chain((0..8).map(|bit| original ^ (1 << bit)));
            for byte in replacements {
                let mut corrupted = bytes.clone();
                corrupted[at] = byte;
                let what = format!("{name} with byte {at} = 0x{byte:02X}");
                match decode_hostile(&corrupted, &what) {
                    Ok(_) => accepted += 1,
                    Err(_) => rejected += 1,
                }
            }
        }
    }
    // Both outcomes occur: corrupting a number's bits is harmless, a tag or
    // a count is not.
    assert!(
        accepted > 0 && rejected > 0,
        "{accepted} ok, {rejected} err"
    );
}

#[test]
fn appended_bytes_are_trailing() {
    for (name, bytes) in sample_bytes() {
        for extra in [&[0x00][..], &[tag::NULL, tag::NULL], &le32(0)] {
            let long = [&bytes[..], extra].concat();
            let what = format!("{name} + {extra:02X?}");
            expect_kind(&long, &what, DecodeErrorKind::TrailingBytes, bytes.len());
        }
    }
}

// ---------------------------------------------------------------------------
// Lying counts
// ---------------------------------------------------------------------------

/// A count of `u32::MAX` must be rejected from the bytes left, before any
/// allocation: an allocation for 2^32 items would abort the test binary.
#[test]
fn huge_counts_overrun_without_allocating() {
    let overrun = DecodeErrorKind::LengthOverrun { count: u32::MAX };
    let max = le32(u32::MAX);
    let cases: Vec<(&str, Vec<u8>, usize)> = vec![
        (
            "import count",
            [&max[..], &code_bytes(&[tag::NULL])].concat(),
            0,
        ),
        (
            "import length",
            [&le32(1)[..], &max, &code_bytes(&[tag::NULL])].concat(),
            4,
        ),
        (
            "module code length",
            [&le32(0)[..], &max, &[tag::NULL]].concat(),
            4,
        ),
        (
            "string length",
            module_bytes(0, &[&[tag::STRING][..], &max].concat()),
            BODY + 1,
        ),
        (
            "array length",
            module_bytes(0, &[&[tag::ARRAY][..], &max].concat()),
            BODY + 1,
        ),
        (
            "object length",
            module_bytes(0, &[&[tag::OBJECT][..], &max].concat()),
            BODY + 1,
        ),
        (
            "object key length",
            module_bytes(
                0,
                &[&[tag::OBJECT][..], &le32(1), &max, &[tag::NULL]].concat(),
            ),
            BODY + 5,
        ),
        (
            "bigint limb count",
            module_bytes(0, &[&[tag::BIGINT_NEGATIVE][..], &max].concat()),
            BODY + 1,
        ),
        (
            "function code length",
            module_bytes(
                0,
                &[&[tag::FUNCTION][..], &le32(0), &max, &[tag::NULL]].concat(),
            ),
            BODY + 5,
        ),
    ];
    for (what, bytes, offset) in cases {
        expect_kind(&bytes, what, overrun.clone(), offset);
    }
}

#[test]
fn counts_just_past_the_input_overrun() {
    // One more item than the bytes left can hold, for each item size.
    let string = module_bytes(0, &[&[tag::STRING][..], &le32(2), &[0x41, 0]].concat());
    let kind = DecodeErrorKind::LengthOverrun { count: 2 };
    expect_kind(&string, "string", kind, BODY + 1);
    let limbs = module_bytes(
        0,
        &[&[tag::BIGINT_POSITIVE][..], &le32(2), &[1; 8]].concat(),
    );
    let kind = DecodeErrorKind::LengthOverrun { count: 2 };
    expect_kind(&limbs, "bigint", kind, BODY + 1);
    let array = module_bytes(0, &[&[tag::ARRAY][..], &le32(3), &[tag::NULL; 2]].concat());
    let kind = DecodeErrorKind::LengthOverrun { count: 3 };
    expect_kind(&array, "array", kind, BODY + 1);
}

#[test]
fn code_length_must_match_its_expressions() {
    // The module's code claims 1 byte but its number needs 9: the number is
    // read past the block (from what would be trailing bytes).
    let number = [&[tag::NUMBER][..], &1.0f64.to_le_bytes()].concat();
    let short = [&le32(0)[..], &le32(1), &number].concat();
    expect_kind(&short, "module", DecodeErrorKind::CodeLengthMismatch, 4);
    // A function whose code claims 1 byte, then a 9-byte number.
    let body = [&[tag::FUNCTION][..], &le32(0), &le32(1), &number].concat();
    let bytes = module_bytes(0, &body);
    expect_kind(
        &bytes,
        "function",
        DecodeErrorKind::CodeLengthMismatch,
        BODY + 5,
    );
}

#[test]
fn empty_code_is_an_error() {
    expect_kind(
        &module_bytes(0, &[]),
        "module",
        DecodeErrorKind::EmptyCode,
        BODY,
    );
    let bytes = module_bytes(0, &function_bytes(0, &[]));
    expect_kind(&bytes, "function", DecodeErrorKind::EmptyCode, BODY + 9);
    expect_err(&[], "no bytes at all");
}

// ---------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------

fn local_ref(index: u32) -> Vec<u8> {
    [&[tag::LOCAL_REF][..], &le32(index)].concat()
}

fn arg_ref(index: u32) -> Vec<u8> {
    [&[tag::ARG_REF][..], &le32(index)].concat()
}

fn array_of(items: &[u8], count: u32) -> Vec<u8> {
    [&[tag::ARRAY][..], &le32(count), items].concat()
}

/// An object of one property, keyed by the empty string, whose value is `value`.
fn object_of(value: &[u8]) -> Vec<u8> {
    [&[tag::OBJECT][..], &le32(1), &le32(0), value].concat()
}

#[test]
fn local_ref_must_name_an_earlier_constant() {
    let out_of_range = |index, defined| DecodeErrorKind::LocalRefOutOfRange { index, defined };
    // The constant being defined refers to itself.
    let bytes = module_bytes(0, &array_of(&local_ref(0), 1));
    expect_kind(&bytes, "self", out_of_range(0, 0), BODY + 5);
    // The second constant refers to itself.
    let bytes = module_bytes(0, &[&[tag::NULL][..], &local_ref(1)].concat());
    expect_kind(&bytes, "second to itself", out_of_range(1, 1), BODY + 1);
    // The first constant refers to a later one.
    let bytes = module_bytes(0, &[&local_ref(1)[..], &[tag::NULL]].concat());
    expect_kind(&bytes, "forward", out_of_range(1, 0), BODY);
    let bytes = module_bytes(0, &local_ref(u32::MAX));
    expect_kind(&bytes, "u32::MAX", out_of_range(u32::MAX, 0), BODY);
    // A function's code does not see the enclosing block's constants.
    let body = [&[tag::NULL][..], &function_bytes(0, &local_ref(0))].concat();
    expect_kind(
        &module_bytes(0, &body),
        "outer",
        out_of_range(0, 0),
        BODY + 10,
    );
    // The control: an earlier constant is fine.
    let bytes = module_bytes(0, &[&[tag::NULL][..], &local_ref(0)].concat());
    decode_hostile(&bytes, "backward").expect("backward local_ref is valid");
}

#[test]
fn arg_ref_must_name_an_argument() {
    let out_of_range = |index, count| DecodeErrorKind::ArgRefOutOfRange { index, count };
    // A module's arguments are its imports.
    expect_kind(
        &module_bytes(0, &arg_ref(0)),
        "no imports",
        out_of_range(0, 0),
        BODY,
    );
    let bytes = module_bytes(2, &arg_ref(2));
    expect_kind(&bytes, "2 imports", out_of_range(2, 2), BODY + 8);
    decode_hostile(&module_bytes(2, &arg_ref(1)), "last import").expect("in range");
    // A function's arguments are its parameters, not the module's imports.
    let bytes = module_bytes(0, &function_bytes(2, &arg_ref(2)));
    expect_kind(&bytes, "2 parameters", out_of_range(2, 2), BODY + 9);
    let bytes = module_bytes(3, &function_bytes(0, &arg_ref(0)));
    expect_kind(&bytes, "imports in a function", out_of_range(0, 0), 20 + 9);
    let bytes = module_bytes(0, &function_bytes(u32::MAX, &arg_ref(u32::MAX)));
    expect_kind(
        &bytes,
        "u32::MAX",
        out_of_range(u32::MAX, u32::MAX),
        BODY + 9,
    );
    let bytes = module_bytes(0, &function_bytes(u32::MAX, &arg_ref(u32::MAX - 1)));
    decode_hostile(&bytes, "last parameter").expect("in range");
}

// ---------------------------------------------------------------------------
// Bigints, tags
// ---------------------------------------------------------------------------

#[test]
fn bigints_must_be_canonical() {
    let cases: [(&str, u8, &[u64]); 5] = [
        ("positive zero limb", tag::BIGINT_POSITIVE, &[0]),
        ("positive top limb zero", tag::BIGINT_POSITIVE, &[5, 0]),
        ("negative zero, no limbs", tag::BIGINT_NEGATIVE, &[]),
        ("negative zero limb", tag::BIGINT_NEGATIVE, &[0]),
        (
            "negative top limb zero",
            tag::BIGINT_NEGATIVE,
            &[u64::MAX, 7, 0],
        ),
    ];
    for (what, tag, limbs) in cases {
        let bytes = module_bytes(0, &bigint_bytes(tag, limbs));
        expect_kind(&bytes, what, DecodeErrorKind::NonCanonicalBigInt, BODY + 1);
    }
    // The controls: zero is the positive bigint with no limbs; inner zero
    // limbs are fine.
    let zero = module_bytes(0, &bigint_bytes(tag::BIGINT_POSITIVE, &[]));
    assert_eq!(decode_hostile(&zero, "0n"), Ok(Module::of_value(big("0"))));
    let inner = module_bytes(0, &bigint_bytes(tag::BIGINT_NEGATIVE, &[0, 0, 1]));
    let minus_2_128 = Expr::BigInt(Rc::new(-(BigInt::from(1) << 128usize)));
    assert_eq!(
        decode_hostile(&inner, "-2^128n"),
        Ok(Module::of_value(minus_2_128))
    );
}

#[test]
fn unknown_tags_are_errors() {
    for t in tag::LAST_OPERATION + 1..=0xFF {
        let unknown = DecodeErrorKind::UnknownTag(t);
        let what = format!("tag 0x{t:02X}");
        expect_kind(&module_bytes(0, &[t]), &what, unknown.clone(), BODY);
        // Inside an array, as an object value and in a function.
        let bytes = module_bytes(0, &array_of(&[tag::TRUE, t], 2));
        expect_kind(&bytes, &what, unknown.clone(), BODY + 6);
        let bytes = module_bytes(0, &object_of(&[t]));
        expect_kind(&bytes, &what, unknown.clone(), BODY + 9);
        let bytes = module_bytes(0, &function_bytes(0, &[t]));
        expect_kind(&bytes, &what, unknown, BODY + 9);
    }
}

// ---------------------------------------------------------------------------
// Nesting
// ---------------------------------------------------------------------------

/// `depth` nested one-item arrays around `null`.
fn nested_arrays(depth: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(depth * 5 + 1);
    for _ in 0..depth {
        body.push(tag::ARRAY);
        body.extend_from_slice(&le32(1));
    }
    body.push(tag::NULL);
    body
}

#[test]
fn nesting_past_the_limit_is_too_deep() {
    let limit = Limits::default().max_depth;
    let too_deep = DecodeErrorKind::TooDeep { limit };
    // 100,000 levels: a recursive reader without a limit would overflow
    // the stack long before the end.
    let e = expect_err(&module_bytes(0, &nested_arrays(100_000)), "100,000 arrays");
    assert_eq!(e.kind, too_deep);
    // Reported at the array that goes one level too deep.
    let first_too_deep = BODY + 5 * limit;
    assert!(
        (first_too_deep..first_too_deep + 5).contains(&e.offset),
        "offset {}",
        e.offset
    );
    // Exactly at the limit is fine.
    let at_limit = module_bytes(0, &nested_arrays(limit));
    decode_hostile(&at_limit, "arrays at the limit").expect("depth == limit is valid");
    let e = expect_err(&module_bytes(0, &nested_arrays(limit + 1)), "limit + 1");
    assert_eq!(e.kind, too_deep);
}

#[test]
fn objects_and_functions_count_as_nesting() {
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    let too_deep = DecodeErrorKind::TooDeep { limit: 3 };
    // An object holding an array holding a function: 3 levels.
    let depth_3 = object_of(&array_of(&function_bytes(0, &[tag::NULL]), 1));
    let bytes = module_bytes(0, &depth_3);
    assert!(decode_module_with(&bytes, &limits).is_ok());
    let wrapped = [
        object_of(&depth_3),
        array_of(&depth_3, 1),
        function_bytes(0, &depth_3),
    ];
    for depth_4 in wrapped {
        let e = decode_module_with(&module_bytes(0, &depth_4), &limits).expect_err("depth 4");
        assert_eq!(e.kind, too_deep);
    }
    // 100,000 functions, each the only constant of the one around it.
    let e = expect_err(
        &module_bytes(0, &nested_functions(100_000)),
        "100,000 functions",
    );
    let limit = Limits::default().max_depth;
    assert_eq!(e.kind, DecodeErrorKind::TooDeep { limit });
}

/// `depth` nested functions around `null`, assembled outside in: the
/// function at nesting level `k` from the inside has a code block of
/// `1 + 9 * (k - 1)` bytes.
fn nested_functions(depth: u32) -> Vec<u8> {
    let mut body = Vec::new();
    for k in (1..=depth).rev() {
        body.push(tag::FUNCTION);
        body.extend_from_slice(&le32(0));
        body.extend_from_slice(&le32(1 + 9 * (k - 1)));
    }
    body.push(tag::NULL);
    body
}

#[test]
fn nested_functions_assemble_like_the_writer() {
    let mut expr = Expr::Null;
    for _ in 0..3 {
        expr = function(0, vec![expr]);
    }
    assert_eq!(
        module_bytes(0, &nested_functions(3)),
        encode_module(&Module::of_value(expr))
    );
}

// ---------------------------------------------------------------------------
// What the writers make of a decoded module
// ---------------------------------------------------------------------------

/// `[[…[inner]…]]`, `depth` arrays deep.
fn wrap_in_arrays(inner: Expr, depth: usize) -> Expr {
    (0..depth).fold(inner, |e, _| Expr::Array(vec![e]))
}

/// A module whose first constant is a function of body nesting
/// `body_depth` and whose value holds it `use_depth` arrays deep. Each
/// constant alone nests at most `max(1 + body_depth, use_depth)` levels, but
/// `to_bytecode` writes the function in place: `use_depth + 1 + body_depth`.
fn function_used_deep(body_depth: usize, use_depth: usize) -> Module {
    let body = wrap_in_arrays(Expr::Null, body_depth);
    Module {
        imports: vec![],
        code: code(vec![
            function(0, vec![body]),
            wrap_in_arrays(Expr::LocalRef(0), use_depth),
        ]),
    }
}

#[test]
fn to_bytecode_counts_function_bodies_as_nesting() {
    let limits = Limits {
        max_depth: 4,
        ..Limits::default()
    };
    for (use_depth, fits) in [(1, true), (2, false)] {
        let bytes = encode_module(&function_used_deep(2, use_depth));
        let module = decode_module_with(&bytes, &limits).expect("each constant fits");
        let value = evaluate(&module.code, &[], &limits).expect("evaluates");
        let written = to_bytecode_module(&value, &limits);
        if fits {
            let written = encode_module(&written.expect("fits the limit"));
            decode_module_with(&written, &limits).expect("reads back");
        } else {
            assert_eq!(written, Err(SerializeError::TooDeep(4)));
        }
    }
}

/// The regression case with the default limits: `to_bytecode` used to write
/// 1,999 levels, which `decode_module` rejects.
#[test]
fn to_bytecode_of_a_deep_function_reads_back_or_fails() {
    let limit = Limits::default().max_depth;
    let bytes = encode_module(&function_used_deep(limit - 1, limit - 1));
    let module = decode_hostile(&bytes, "function used deep").expect("valid");
    let value = evaluate(&module.code, &[], &Limits::default()).expect("evaluates");
    assert_eq!(to_bytecode(&value), Err(SerializeError::TooDeep(limit)));
}
