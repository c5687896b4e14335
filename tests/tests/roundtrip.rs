//! Round trips of random value graphs, sharing included:
//!
//! - through bytecode (`to_bytecode`, `decode_module`, `evaluate`): the same
//!   graph, identity included, and the same through `decode_plain_data`;
//! - through DJS text evaluated by node: the same graph, and node's
//!   `JSON.stringify` of it is our `to_json`;
//! - as a JavaScript module written straight from the generated spec (object
//!   literals with keys in generated order, repeats included): node's value
//!   is the graph nanvm's object builder makes;
//! - through JSON: node's `JSON.stringify(JSON.parse(text))` is our text.
//!
//! The node properties run batched (one node process for a few hundred
//! graphs), as node takes tens of milliseconds to start.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use nanvm_runtime::bytecode::decode_module;
use nanvm_runtime::eval::evaluate;
use nanvm_runtime::serialize::{to_bytecode, to_djs, to_json};
use nanvm_runtime::value::{BigInt, JsString, Value};
use nanvm_runtime::Limits;
use nanvm_tests::graph::same_graph;
use nanvm_tests::oracle::{node_eval, node_json_restringify, node_module_json};
use nanvm_tests::plain::check_plain_data;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

/// How many graphs each node batch holds.
const BATCH: usize = 200;

/// How many failures a batch reports in full.
const MAX_REPORTED: usize = 5;

/// Which values a graph may hold.
#[derive(Clone, Copy)]
struct Domain {
    /// NaN, which has no DJS literal.
    nan: bool,
    /// Bigints, which JSON cannot hold.
    bigint: bool,
}

const EVERYTHING: Domain = Domain {
    nan: true,
    bigint: true,
};
const DJS: Domain = Domain {
    nan: false,
    ..EVERYTHING
};
const JSON_VALUES: Domain = Domain {
    nan: false,
    bigint: false,
};

/// A primitive, as generated (its `Debug` stays readable where a `Value`
/// holding NaN would not).
#[derive(Clone, Debug)]
enum Leaf {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(Vec<u16>),
    /// Sign and `u64` limbs, least significant first.
    BigInt(bool, Vec<u64>),
}

/// Where a container's child comes from.
#[derive(Clone, Debug)]
enum Child {
    Leaf(Leaf),
    /// An earlier node of the graph: reused, so shared (or, in a tree, a
    /// leaf in its place if it is taken already).
    Earlier(Index),
}

#[derive(Clone, Debug)]
enum Node {
    Leaf(Leaf),
    Array(Vec<Child>),
    Object(Vec<(Vec<u16>, Child)>),
}

/// Nodes in definition order; the last one is the root.
#[derive(Clone, Debug)]
struct GraphSpec(Vec<Node>);

/// Numbers where writers and readers go wrong: signed zeros, non-finite
/// values, subnormals, the edges of exponent notation, integer limits.
const SPECIAL_NUMBERS: &[f64] = &[
    0.0,
    -0.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    5e-324,
    -5e-324,
    2.225_073_858_507_201e-308,
    f64::MIN_POSITIVE,
    f64::MAX,
    f64::MIN,
    f64::EPSILON,
    1e21,
    999_999_999_999_999_900_000.0,
    1e-7,
    1e-6,
    0.1,
    -1.5,
    123e-20,
    9_007_199_254_740_992.0,
    9_007_199_254_740_993.0,
    4_294_967_295.0,
    1.0,
];

/// Keys that objects treat specially: array indices and their near misses,
/// `__proto__`, names of `Object.prototype`'s properties.
const SPECIAL_KEYS: &[&str] = &[
    "__proto__",
    "0",
    "1",
    "2",
    "10",
    "4294967294",
    "4294967295",
    "01",
    "-0",
    "-1",
    "1.5",
    "1e3",
    "",
    "a",
    "b",
    "constructor",
    "toString",
    "length",
];

fn number(domain: Domain) -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => select(SPECIAL_NUMBERS),
        1 => any::<u64>().prop_map(f64::from_bits),
        1 => any::<i32>().prop_map(f64::from),
        1 => any::<f64>(),
    ]
    .prop_map(move |n| if n.is_nan() && !domain.nan { 0.5 } else { n })
}

fn code_units() -> impl Strategy<Value = Vec<u16>> {
    let unit = prop_oneof![
        any::<u16>(),
        0xD800u16..0xE000,
        0x20u16..0x7F,
        0u16..0x20,
        select(&[0x22u16, 0x5C, 0x7F, 0x2028, 0x2029, 0xFEFF, 0xFFFF][..]),
    ];
    vec(unit, 0..8)
}

fn key() -> impl Strategy<Value = Vec<u16>> {
    prop_oneof![
        3 => select(SPECIAL_KEYS).prop_map(|k| k.encode_utf16().collect()),
        1 => code_units(),
    ]
}

fn leaf(domain: Domain) -> BoxedStrategy<Leaf> {
    let common = prop_oneof![
        Just(Leaf::Undefined),
        Just(Leaf::Null),
        any::<bool>().prop_map(Leaf::Bool),
        number(domain).prop_map(Leaf::Number),
        number(domain).prop_map(Leaf::Number),
        code_units().prop_map(Leaf::String),
        key().prop_map(Leaf::String),
    ];
    if domain.bigint {
        let bigint = (any::<bool>(), vec(any::<u64>(), 0..4)).prop_map(|(s, l)| Leaf::BigInt(s, l));
        prop_oneof![6 => common, 1 => bigint].boxed()
    } else {
        common.boxed()
    }
}

fn graph(domain: Domain) -> impl Strategy<Value = GraphSpec> {
    let child = prop_oneof![
        2 => leaf(domain).prop_map(Child::Leaf),
        4 => any::<Index>().prop_map(Child::Earlier),
    ];
    let node = prop_oneof![
        1 => leaf(domain).prop_map(Node::Leaf),
        4 => vec(child.clone(), 0..5).prop_map(Node::Array),
        // Up to 14 properties: past 8, objects and their builder use a hash index.
        4 => vec((key(), child), 0..14).prop_map(Node::Object),
    ];
    vec(node, 1..12).prop_map(GraphSpec)
}

impl Leaf {
    fn value(&self) -> Value {
        match self {
            Leaf::Undefined => Value::Undefined,
            Leaf::Null => Value::Null,
            Leaf::Bool(b) => Value::Bool(*b),
            Leaf::Number(n) => Value::Number(*n),
            Leaf::String(units) => Value::String(JsString::from(units.clone())),
            Leaf::BigInt(negative, limbs) => {
                let magnitude = limbs
                    .iter()
                    .rev()
                    .fold(BigInt::from(0), |n, &limb| (n << 64) + limb);
                Value::bigint(if *negative { -magnitude } else { magnitude })
            }
        }
    }
}

impl GraphSpec {
    /// The graph: each node built once, so a node reused by later ones is
    /// shared. With `sharing` off, a node is used at most once, the others
    /// are replaced by `null`, and the graph is a tree.
    fn build(&self, sharing: bool) -> Value {
        let mut built: Vec<Value> = Vec::with_capacity(self.0.len());
        let mut taken: Vec<bool> = Vec::with_capacity(self.0.len());
        for node in &self.0 {
            let mut child = |child: &Child| match child {
                Child::Leaf(leaf) => leaf.value(),
                Child::Earlier(_) if built.is_empty() => Value::Null,
                Child::Earlier(index) => {
                    let i = index.index(built.len());
                    if !sharing && std::mem::replace(&mut taken[i], true) {
                        return Value::Null;
                    }
                    built[i].clone()
                }
            };
            let value = match node {
                Node::Leaf(leaf) => leaf.value(),
                Node::Array(items) => {
                    Value::array(items.iter().map(&mut child).collect::<Vec<_>>())
                }
                Node::Object(props) => {
                    let props: Vec<(JsString, Value)> = props
                        .iter()
                        .map(|(k, c)| (JsString::from(k.clone()), child(c)))
                        .collect();
                    Value::object(props)
                }
            };
            built.push(value);
            taken.push(false);
        }
        built.pop().unwrap_or_default()
    }

    /// The graph as a JavaScript module written straight from the spec, not
    /// by nanvm's writers: one `const nI` per node, and object literals with
    /// their keys in generated order, repeats included, so that the engine
    /// orders them. Evaluated, it must be [`build`](Self::build)`(true)`.
    fn module_text(&self) -> String {
        let mut out = String::new();
        for (i, node) in self.0.iter().enumerate() {
            let child = |child: &Child| match child {
                Child::Leaf(leaf) => literal(&leaf.value()),
                Child::Earlier(_) if i == 0 => "null".to_string(),
                Child::Earlier(index) => format!("n{}", index.index(i)),
            };
            let text = match node {
                Node::Leaf(leaf) => literal(&leaf.value()),
                Node::Array(items) => {
                    let items: Vec<String> = items.iter().map(child).collect();
                    format!("[{}]", items.join(","))
                }
                Node::Object(props) => {
                    let props: Vec<String> = props
                        .iter()
                        .map(|(k, c)| {
                            // Computed, so that "__proto__" is an own property.
                            let key = literal(&Value::String(JsString::from(k.clone())));
                            format!("[{key}]:{}", child(c))
                        })
                        .collect();
                    format!("{{{}}}", props.join(","))
                }
            };
            let _ = writeln!(out, "const n{i} = {text}");
        }
        let _ = write!(out, "export default n{}", self.0.len().saturating_sub(1));
        out
    }
}

/// A primitive's JavaScript literal (as `to_djs` writes it; NaN has none).
fn literal(leaf: &Value) -> String {
    let module = to_djs(leaf).unwrap_or_else(|e| panic!("no literal for {leaf:?}: {e}"));
    module
        .strip_prefix("export default ")
        .unwrap_or_else(|| panic!("a leaf module with definitions: {module}"))
        .to_string()
}

/// Whether `value` holds a NaN anywhere.
fn contains_nan(value: &Value) -> bool {
    let mut stack = vec![value.clone()];
    while let Some(v) = stack.pop() {
        match &v {
            Value::Number(n) if n.is_nan() => return true,
            Value::Array(a) => stack.extend(a.items().iter().cloned()),
            Value::Object(o) => stack.extend(o.values().iter().cloned()),
            _ => {}
        }
    }
    false
}

/// `count` graphs of `domain`, drawn outside proptest's run loop so that
/// they can be sent to node in one batch.
fn batch(domain: Domain, count: usize) -> Vec<GraphSpec> {
    let mut runner = TestRunner::default();
    let strategy = graph(domain);
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).expect("a graph").current())
        .collect()
}

/// A fresh directory for one test's files under cargo's scratch directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("scratch directory removable");
    }
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// Panics with the first few failures, if there are any.
fn assert_no_failures(what: &str, total: usize, failures: &[String]) {
    if failures.is_empty() {
        return;
    }
    let mut report = format!("{what}: {} of {total} cases failed\n", failures.len());
    for failure in failures.iter().take(MAX_REPORTED) {
        let _ = writeln!(report, "\n{failure}");
    }
    panic!("{report}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn bytecode_round_trip_keeps_the_graph(spec in graph(EVERYTHING)) {
        let value = spec.build(true);
        let bytes = to_bytecode(&value).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let module = decode_module(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(module.imports.is_empty());
        let back = evaluate(&module.code, &[], &Limits::default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        same_graph(&value, &back).map_err(TestCaseError::fail)?;
        // Bytes `to_bytecode` writes are plain data: read in one pass, alike.
        prop_assert!(check_plain_data(&bytes, &Limits::default()).map_err(TestCaseError::fail)?);
    }

    #[test]
    fn djs_fails_exactly_on_nan(spec in graph(EVERYTHING)) {
        let value = spec.build(true);
        prop_assert_eq!(to_djs(&value).is_err(), contains_nan(&value), "{:?}", spec);
    }
}

/// One module file of a batch: its name and text.
struct Case {
    name: String,
    text: String,
    file: PathBuf,
}

/// Writes each text into `dir` as `{prefix}-N.mjs`.
fn write_cases(dir: &Path, prefix: &str, texts: Vec<String>) -> Vec<Case> {
    texts
        .into_iter()
        .enumerate()
        .map(|(n, text)| {
            let name = format!("{prefix}-{n}.mjs");
            let file = dir.join(&name);
            std::fs::write(&file, &text).expect("case file written");
            Case { name, text, file }
        })
        .collect()
}

#[test]
fn djs_evaluated_by_node_is_the_same_graph() {
    let specs = batch(DJS, BATCH);
    let graphs: Vec<Value> = specs.iter().map(|spec| spec.build(true)).collect();
    let dir = scratch_dir("roundtrip-djs");
    let djs = graphs
        .iter()
        .map(|value| to_djs(value).unwrap_or_else(|e| panic!("to_djs failed ({e}) on {value:?}")));
    let written = write_cases(&dir, "case", djs.collect());
    // The specs written as plain JavaScript: the engine, not nanvm, orders
    // the keys of each object literal, so this checks the object builder.
    let literals = write_cases(
        &dir,
        "literal",
        specs.iter().map(GraphSpec::module_text).collect(),
    );
    let files: Vec<PathBuf> = written
        .iter()
        .chain(&literals)
        .map(|c| c.file.clone())
        .collect();

    let results = node_eval(&files);
    let expected = graphs.iter().chain(&graphs);
    let mut failures = Vec::new();
    for ((case, result), value) in written.iter().chain(&literals).zip(results).zip(expected) {
        if let Err(e) = result.and_then(|back| same_graph(value, &back)) {
            failures.push(format!("{}: {e}\n{}", case.name, case.text));
        }
    }
    assert_no_failures("modules evaluated by node", files.len(), &failures);

    // node's JSON.stringify of the module's value against ours: both give
    // the same text, or both refuse (a bigint, or an undefined root).
    let written_files: Vec<PathBuf> = written.iter().map(|c| c.file.clone()).collect();
    let node_json = node_module_json(&written_files).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for ((case, value), theirs) in written.iter().zip(&graphs).zip(node_json) {
        let ours = to_json(value);
        let agree = match (&ours, &theirs) {
            (Ok(a), Ok(b)) => a == b,
            (Err(_), Err(_)) => true,
            _ => false,
        };
        if !agree {
            failures.push(format!(
                "{}: ours {ours:?}\nnode's {theirs:?}\n{}",
                case.name, case.text
            ));
        }
    }
    assert_no_failures("JSON.stringify of DJS modules", graphs.len(), &failures);
    std::fs::remove_dir_all(&dir).expect("scratch directory removable");
}

#[test]
fn json_is_what_json_stringify_writes() {
    let trees: Vec<Value> = batch(JSON_VALUES, BATCH)
        .iter()
        .map(|spec| spec.build(false))
        .collect();
    let texts: Vec<String> = trees
        .iter()
        .filter_map(|value| match to_json(value) {
            Ok(text) => Some(text),
            Err(e) => {
                // Without bigints, only an undefined root has no JSON text.
                assert!(value.is_undefined(), "to_json failed ({e}) on {value:?}");
                None
            }
        })
        .collect();
    assert!(
        texts.len() > BATCH / 2,
        "too few JSON texts: {}",
        texts.len()
    );
    let answers = node_json_restringify(&texts).unwrap_or_else(|e| panic!("{e}"));
    let failures: Vec<String> = texts
        .iter()
        .zip(answers)
        .filter(|(ours, theirs)| theirs.as_ref() != Ok(*ours))
        .map(|(ours, theirs)| format!("ours   {ours}\nnode's {theirs:?}"))
        .collect();
    assert_no_failures("JSON.stringify(JSON.parse(text))", texts.len(), &failures);
}
