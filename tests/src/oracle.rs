//! The JavaScript oracle: node evaluates modules and tells what they are.
//!
//! `tests/js/graph-dump.mjs` imports modules in node and writes each value as
//! a graph dump (`docs/graph-dump.md`); [`parse_dump`] rebuilds the value
//! graph from a dump, sharing included, and [`node_eval`] runs the whole
//! exchange for a batch of files. [`node_json_restringify`] and
//! [`node_module_json`] ask node what `JSON.stringify` writes.

use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::rc::Rc;
use std::str::FromStr;

use nanvm_runtime::bytecode::{Code, Expr, FunctionCode};
use nanvm_runtime::value::{BigInt, Function, JsString, ObjectBuilder, Value};
use serde_json::Value as Json;

/// Rebuilds the value graph of a graph dump (`{"root": LEAF, "nodes": [...]}`).
///
/// Each node becomes one array, object or function, so two references to a
/// node are one value reached twice ([`Value::is`] holds between them).
/// Nodes are numbered breadth-first, so a node may refer to a later one: they
/// are built children first; a cycle is an error (DJS values are acyclic).
///
/// Objects are built with [`ObjectBuilder`] from the keys in dump order. The
/// engine already enumerated them in JavaScript's order and the builder
/// applies the same rule, so the order must come out unchanged; if it does
/// not, that is an error rather than a silent reordering.
///
/// Errors: a malformed dump, an object whose prototype is not
/// `Object.prototype` (nanvm has no such value), a cycle. A function node
/// becomes a function of the dumped `length` whose body is `undefined`: the
/// dump does not carry code.
pub fn parse_dump(dump: &Json) -> Result<Value, String> {
    let nodes = field(dump, "nodes")?
        .as_array()
        .ok_or("\"nodes\" is not an array")?
        .iter()
        .enumerate()
        .map(|(i, node)| parse_node(node).map_err(|e| format!("node {i}: {e}")))
        .collect::<Result<Vec<Node>, String>>()?;
    for (i, node) in nodes.iter().enumerate() {
        if let Some(r) = node.refs().find(|&r| r >= nodes.len()) {
            return Err(format!(
                "node {i}: reference to node {r} of {}",
                nodes.len()
            ));
        }
    }
    let root = parse_leaf(field(dump, "root")?).map_err(|e| format!("root: {e}"))?;
    let built = build_nodes(&nodes)?;
    match root {
        Leaf::Ref(r) => built.get(r).cloned().ok_or(format!("root: no node {r}")),
        Leaf::Value(v) => Ok(v),
    }
}

/// A leaf of the dump: a primitive, or a reference to a node.
enum Leaf {
    Value(Value),
    Ref(usize),
}

/// A node of the dump, its children still unresolved.
enum Node {
    Array(Vec<Leaf>),
    Object(Vec<(JsString, Leaf)>),
    Function(u32),
}

impl Node {
    fn leaves(&self) -> Box<dyn Iterator<Item = &Leaf> + '_> {
        match self {
            Node::Array(items) => Box::new(items.iter()),
            Node::Object(props) => Box::new(props.iter().map(|(_, v)| v)),
            Node::Function(_) => Box::new(std::iter::empty()),
        }
    }

    fn refs(&self) -> impl Iterator<Item = usize> + '_ {
        self.leaves().filter_map(|leaf| match leaf {
            Leaf::Ref(r) => Some(*r),
            Leaf::Value(_) => None,
        })
    }
}

fn field<'a>(json: &'a Json, name: &str) -> Result<&'a Json, String> {
    json.get(name).ok_or(format!("no {name:?} field"))
}

/// `json` as `[tag, ...]`: the tag and the rest.
fn tagged(json: &Json) -> Result<(&str, &[Json]), String> {
    let items = json
        .as_array()
        .ok_or_else(|| format!("{json} is not a tagged array (an array hole?)"))?;
    let (tag, rest) = items.split_first().ok_or("empty tagged array")?;
    let tag = tag
        .as_str()
        .ok_or_else(|| format!("tag {tag} is not a string"))?;
    Ok((tag, rest))
}

fn parse_leaf(json: &Json) -> Result<Leaf, String> {
    let (tag, rest) = tagged(json)?;
    let value = match (tag, rest) {
        ("undefined", []) => Value::Undefined,
        ("null", []) => Value::Null,
        ("bool", [Json::Bool(b)]) => Value::Bool(*b),
        ("number", [Json::String(s)]) => Value::Number(parse_number(s)?),
        ("string", [units]) => Value::String(parse_units(units)?),
        ("bigint", [Json::String(s)]) => Value::bigint(parse_bigint(s)?),
        ("ref", [index]) => return Ok(Leaf::Ref(parse_index(index)?)),
        _ => return Err(format!("unknown leaf {json}")),
    };
    Ok(Leaf::Value(value))
}

fn parse_node(json: &Json) -> Result<Node, String> {
    let (tag, rest) = tagged(json)?;
    match (tag, rest) {
        ("array", [Json::Array(items)]) => {
            let items = items
                .iter()
                .enumerate()
                .map(|(i, item)| parse_leaf(item).map_err(|e| format!("item {i}: {e}")));
            Ok(Node::Array(items.collect::<Result<_, _>>()?))
        }
        ("object", [Json::Array(props), Json::Bool(default_prototype)]) => {
            if !default_prototype {
                return Err("object with a non-default prototype".to_string());
            }
            let props = props.iter().enumerate().map(|(i, prop)| match prop {
                Json::Array(pair) if pair.len() == 2 => {
                    let key = parse_units(&pair[0]).map_err(|e| format!("key {i}: {e}"))?;
                    let value =
                        parse_leaf(&pair[1]).map_err(|e| format!("property {key:?}: {e}"))?;
                    Ok((key, value))
                }
                _ => Err(format!("property {i} is not a [key, value] pair: {prop}")),
            });
            Ok(Node::Object(props.collect::<Result<_, _>>()?))
        }
        ("function", [length]) => {
            let length = length.as_u64().and_then(|n| u32::try_from(n).ok());
            Ok(Node::Function(length.ok_or("bad function length")?))
        }
        _ => Err(format!("unknown node {json}")),
    }
}

fn parse_index(json: &Json) -> Result<usize, String> {
    json.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| format!("bad node index {json}"))
}

/// A number as the dump writes it: `String(x)`, or `-0`.
fn parse_number(s: &str) -> Result<f64, String> {
    let n = match s {
        "NaN" => f64::NAN,
        "Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ => s.parse::<f64>().map_err(|e| format!("number {s:?}: {e}"))?,
    };
    // Rust also reads "inf", "nan" and overflowing decimals; `String(x)` never writes those.
    if n.is_finite() || matches!(s, "NaN" | "Infinity" | "-Infinity") {
        Ok(n)
    } else {
        Err(format!("number {s:?} is not as String(x) writes it"))
    }
}

fn parse_bigint(s: &str) -> Result<BigInt, String> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bigint {s:?} is not decimal digits"));
    }
    BigInt::from_str(s).map_err(|e| format!("bigint {s:?}: {e}"))
}

fn parse_units(json: &Json) -> Result<JsString, String> {
    let units = json
        .as_array()
        .ok_or_else(|| format!("{json} is not code units"))?;
    let units = units.iter().map(|u| {
        u.as_u64()
            .and_then(|u| u16::try_from(u).ok())
            .ok_or_else(|| format!("{u} is not a UTF-16 code unit"))
    });
    Ok(JsString::from(units.collect::<Result<Vec<u16>, String>>()?))
}

/// Builds every node, children before parents, without recursion.
fn build_nodes(nodes: &[Node]) -> Result<Vec<Value>, String> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Built,
    }
    let mut state = vec![State::New; nodes.len()];
    let mut built: Vec<Option<Value>> = vec![None; nodes.len()];
    for start in 0..nodes.len() {
        // (node, children pushed?) pairs: a node is built after its children.
        let mut stack = vec![(start, false)];
        while let Some((i, expanded)) = stack.pop() {
            if expanded {
                built[i] = Some(build_node(i, &nodes[i], &built)?);
                state[i] = State::Built;
                continue;
            }
            match state[i] {
                State::Built => continue,
                State::Open => return Err(format!("the dump has a cycle through node {i}")),
                State::New => {}
            }
            state[i] = State::Open;
            stack.push((i, true));
            for child in nodes[i].refs() {
                match state[child] {
                    State::Built => {}
                    State::Open => {
                        return Err(format!("the dump has a cycle through node {child}"))
                    }
                    State::New => stack.push((child, false)),
                }
            }
        }
    }
    // Every node was reached by the loop above, so every node is built.
    built
        .into_iter()
        .collect::<Option<Vec<Value>>>()
        .ok_or_else(|| "a node was left unbuilt".to_string())
}

/// Builds node `i` from its children, which are built already.
fn build_node(i: usize, node: &Node, built: &[Option<Value>]) -> Result<Value, String> {
    let resolve = |leaf: &Leaf| match leaf {
        Leaf::Value(v) => Ok(v.clone()),
        Leaf::Ref(r) => built[*r]
            .clone()
            .ok_or(format!("node {i}: node {r} is not built before it")),
    };
    Ok(match node {
        Node::Array(items) => {
            Value::array(items.iter().map(resolve).collect::<Result<Vec<_>, _>>()?)
        }
        Node::Object(props) => {
            let mut builder = ObjectBuilder::new();
            for (key, leaf) in props {
                builder.insert(key.clone(), resolve(leaf)?);
            }
            let object = builder.build();
            if !object.keys().eq(props.iter().map(|(k, _)| k)) {
                let keys = |ks: Vec<&JsString>| format!("{ks:?}");
                return Err(format!(
                    "node {i}: the engine's key order {} is not ObjectBuilder's {}",
                    keys(props.iter().map(|(k, _)| k).collect()),
                    keys(object.keys().collect())
                ));
            }
            Value::Object(object)
        }
        Node::Function(length) => Value::Function(Function::new(Rc::new(FunctionCode {
            length: *length,
            code: Code {
                consts: vec![Expr::Undefined],
            },
        }))),
    })
}

/// The path of `tests/js/graph-dump.mjs`.
pub fn graph_dump_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("js")
        .join("graph-dump.mjs")
}

/// Evaluates each module file in node (one node process for the batch) and
/// rebuilds its default export with [`parse_dump`]: one result per file, in
/// order. A module node cannot import, or whose value nanvm cannot hold, is
/// an `Err` with the reason.
///
/// # Panics
///
/// If node cannot be started (run `scripts/setup`).
pub fn node_eval(files: &[PathBuf]) -> Vec<Result<Value, String>> {
    if files.is_empty() {
        return Vec::new();
    }
    let output = run_node(
        Command::new("node").arg(graph_dump_script()).args(files),
        None,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines = stdout.lines();
    files
        .iter()
        .map(|file| {
            let Some(line) = lines.next() else {
                return Err(format!(
                    "node printed no result for {} ({}; stderr: {})",
                    file.display(),
                    output.status,
                    String::from_utf8_lossy(&output.stderr).trim()
                ));
            };
            let line: Json = serde_json::from_str(line)
                .map_err(|e| format!("node printed {line:?}, not JSON: {e}"))?;
            let expected = file.to_string_lossy();
            if line.get("file").and_then(Json::as_str) != Some(&expected) {
                return Err(format!("node answered {line} for {expected}"));
            }
            if let Some(error) = line.get("error") {
                return Err(format!("node: {}", error.as_str().unwrap_or_default()));
            }
            parse_dump(field(&line, "value")?).map_err(|e| format!("graph dump: {e}"))
        })
        .collect()
}

/// The node program of [`node_json_restringify`]: reads JSON texts, one a
/// line, from standard input and answers `JSON.stringify(JSON.parse(text))`
/// for each.
const RESTRINGIFY: &str = r#"
const lines = require('fs').readFileSync(0, 'utf8').split('\n')
if (lines[lines.length - 1] === '') { lines.pop() }
answer(lines.map(line => attempt(() => JSON.stringify(JSON.parse(line)))))
"#;

/// The node program of [`node_module_json`]: imports each module file named
/// on the command line and answers `JSON.stringify` of its default export.
const MODULE_JSON: &str = r#"
const { pathToFileURL } = require('url')
const { resolve } = require('path')
;(async () => {
    const texts = []
    for (const file of process.argv.slice(1)) {
        let module
        try { module = await import(pathToFileURL(resolve(file)).href) } catch (e) { texts.push({ error: String(e && e.message || e) }); continue }
        texts.push(attempt(() => JSON.stringify(module.default) ?? { error: 'JSON.stringify returned undefined' }))
    }
    answer(texts)
})()
"#;

/// Shared by the batch programs: `attempt(f)` is `f()` or `{error}`, and
/// `answer(texts)` prints them as one JSON array.
const BATCH_PRELUDE: &str = r#"
const attempt = f => { try { return f() } catch (e) { return { error: String(e && e.message || e) } } }
const answer = texts => process.stdout.write(JSON.stringify(texts))
"#;

/// Node's `JSON.stringify(JSON.parse(text))` for each text (one node process
/// for the batch), or the error node threw for it. Each text must be on one
/// line, as a compact JSON text is.
///
/// # Panics
///
/// If node cannot be started (run `scripts/setup`).
pub fn node_json_restringify(texts: &[String]) -> Result<Vec<Result<String, String>>, String> {
    if let Some(text) = texts.iter().find(|t| t.contains(['\n', '\r'])) {
        return Err(format!("{text:?} is not one line"));
    }
    let input: String = texts.iter().map(|t| format!("{t}\n")).collect();
    node_batch(RESTRINGIFY, &[], Some(input), texts.len())
}

/// Node's `JSON.stringify` of each module's default export (one node process
/// for the batch), or the error node threw for it (a bigint, or an
/// `undefined` value, which `JSON.stringify` does not turn into text).
///
/// # Panics
///
/// If node cannot be started (run `scripts/setup`).
pub fn node_module_json(files: &[PathBuf]) -> Result<Vec<Result<String, String>>, String> {
    node_batch(MODULE_JSON, files, None, files.len())
}

/// Runs a batch program (see [`BATCH_PRELUDE`]) with `args` and `stdin`, and
/// reads its answer: `expected` texts or `{"error": message}` objects.
fn node_batch(
    program: &str,
    args: &[PathBuf],
    stdin: Option<String>,
    expected: usize,
) -> Result<Vec<Result<String, String>>, String> {
    let program = format!("{BATCH_PRELUDE}{program}");
    let output = run_node(
        Command::new("node").arg("-e").arg(program).args(args),
        stdin,
    );
    if !output.status.success() {
        return Err(format!(
            "node failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let answer: Vec<Json> = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("node's answer is not a JSON array: {e}"))?;
    if answer.len() != expected {
        return Err(format!(
            "node answered {} texts of {expected}",
            answer.len()
        ));
    }
    Ok(answer
        .into_iter()
        .map(|a| match a {
            Json::String(s) => Ok(s),
            other => Err(format!("node: {}", other.get("error").unwrap_or(&other))),
        })
        .collect())
}

/// Runs node with `stdin` as standard input and collects what it prints.
fn run_node(command: &mut Command, stdin: Option<String>) -> Output {
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            panic!("node (Node.js) is not installed or not on PATH: run scripts/setup ({e})")
        }
        Err(e) => panic!("cannot start node: {e}; run scripts/setup"),
    };
    // Written from another thread, so that node never waits on a full stdout
    // pipe while this thread waits on a full stdin pipe.
    let writer = child
        .stdin
        .take()
        .zip(stdin)
        .map(|(mut pipe, text)| std::thread::spawn(move || pipe.write_all(text.as_bytes())));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("cannot read node's output: {e}"));
    if let Some(writer) = writer {
        // A write error means node exited early; its status and stderr say why.
        let _ = writer.join();
    }
    output
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn later_nodes_are_built_first_and_stay_shared() {
        // Breadth-first numbering: node 0 refers to node 1, which comes later.
        let dump = json!({
            "root": ["ref", 0],
            "nodes": [
                ["array", [["ref", 1], ["ref", 1], ["number", "-0"]]],
                ["object", [[[98], ["bigint", "-18446744073709551617"]], [[97], ["string", [0xD800]]]], true],
            ]
        });
        let value = parse_dump(&dump).unwrap();
        let items = value.as_array().unwrap().items();
        assert!(Value::is(&items[0], &items[1]));
        assert!(items[2]
            .as_f64()
            .is_some_and(|n| n == 0.0 && n.is_sign_negative()));
        let object = items[0].as_object().unwrap();
        assert_eq!(
            object.keys().collect::<Vec<_>>(),
            [&JsString::from("b"), &JsString::from("a")]
        );
        let expected = BigInt::from(-1) - (BigInt::from(1) << 64);
        assert_eq!(
            object.get_str("b").and_then(Value::as_bigint),
            Some(&expected)
        );
        assert_eq!(
            object
                .get_str("a")
                .and_then(Value::as_js_string)
                .map(JsString::as_units),
            Some(&[0xD800][..])
        );
    }

    #[test]
    fn primitive_roots_need_no_nodes() {
        let dump = json!({"root": ["number", "NaN"], "nodes": []});
        assert!(parse_dump(&dump).unwrap().as_f64().is_some_and(f64::is_nan));
    }

    #[test]
    fn cycles_are_errors() {
        let dump = json!({
            "root": ["ref", 0],
            "nodes": [["array", [["ref", 1]]], ["object", [[[97], ["ref", 0]]], true]],
        });
        let error = parse_dump(&dump).unwrap_err();
        assert!(error.contains("cycle"), "{error}");
    }

    #[test]
    fn a_key_order_unlike_javascripts_is_an_error() {
        // "1" is an array index: JavaScript enumerates it before "b".
        let dump = json!({
            "root": ["ref", 0],
            "nodes": [["object", [[[98], ["null"]], [[49], ["null"]]], true]],
        });
        let error = parse_dump(&dump).unwrap_err();
        assert!(error.contains("key order"), "{error}");
    }

    #[test]
    fn other_prototypes_are_errors() {
        let dump = json!({"root": ["ref", 0], "nodes": [["object", [], false]]});
        let error = parse_dump(&dump).unwrap_err();
        assert!(error.contains("non-default prototype"), "{error}");
    }

    #[test]
    fn malformed_dumps_are_errors() {
        for dump in [
            json!({"root": ["ref", 1], "nodes": [["array", []]]}),
            json!({"root": ["ref", 0], "nodes": [["array", [["ref", 5]]]]}),
            json!({"root": ["number", "inf"], "nodes": []}),
            json!({"root": ["number", "1e999"], "nodes": []}),
            json!({"root": ["bigint", "1_000"], "nodes": []}),
            json!({"root": ["string", [65536]], "nodes": []}),
            json!({"root": ["unsupported", "symbol"], "nodes": []}),
            json!({"root": ["ref", 0], "nodes": [["array", [null]]]}),
            json!({"root": ["null"]}),
        ] {
            assert!(parse_dump(&dump).is_err(), "{dump}");
        }
    }
}
