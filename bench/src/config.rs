//! A generated DJS configuration: a deterministic module graph of a few
//! hundred KB with imports, comments, bigints and shared constants, and the
//! same data as JSON (shared values written out at each use, bigints as
//! strings of their digits, which every JSON reader takes) for the peers
//! that read JSON only.
//!
//! The graph: `main.d.mjs` imports a module per group of services and two
//! shared modules; each group imports its services; each service imports
//! the shared limits, regions and defaults and refers to them and to its own
//! constants many times, so the value graph shares them.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::workload::Input;

/// Services per group module.
const GROUP_SIZE: usize = 16;

/// A value of the configuration.
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    /// A number literal that JSON and JavaScript read alike.
    Number(String),
    Str(String),
    /// A bigint's decimal digits.
    BigInt(String),
    Array(Vec<Node>),
    Object(Vec<Property>),
    /// A constant of the module or an import: its name in DJS, its value
    /// written out in JSON.
    Ref(String, Rc<Node>),
}

/// A property of an object, with a comment above it in DJS.
#[derive(Debug)]
struct Property {
    comment: Option<&'static str>,
    key: &'static str,
    value: Node,
}

/// One module of the graph.
struct Module {
    path: String,
    header: String,
    /// Import bindings and specifiers.
    imports: Vec<(String, String)>,
    consts: Vec<(&'static str, Rc<Node>)>,
    default: Rc<Node>,
}

/// A deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The generated configuration.
pub struct Config {
    /// The module graph (entry `main.d.mjs`).
    pub input: Input,
    /// The entry's value as JSON text.
    pub json: String,
}

/// Generates a configuration of about `target_bytes` of DJS text (at least
/// one service). The same `target_bytes` gives the same files.
pub fn generate(target_bytes: usize) -> Config {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let limits = Rc::new(limits());
    let regions = Rc::new(regions());
    let defaults = Rc::new(defaults(&limits));
    let mut files = BTreeMap::new();
    let mut size = 0;
    let shared_modules = [
        shared("limits", "Limits shared by every service.", &[], &limits),
        shared(
            "regions",
            "The regions every service runs in.",
            &[],
            &regions,
        ),
        shared(
            "defaults",
            "Defaults: their limits are the shared module's value, not a copy.",
            &[("limits", "./limits.d.mjs")],
            &defaults,
        ),
    ];
    for module in &shared_modules {
        size += add(&mut files, module);
    }
    let mut services = Vec::new();
    while services.is_empty() || size < target_bytes {
        let index = services.len();
        let value = Rc::new(service(&mut rng, index, &limits, &regions, &defaults));
        size += add(
            &mut files,
            &Module {
                path: service_path(index),
                header: format!("Service {index}."),
                imports: ["limits", "regions", "defaults"]
                    .iter()
                    .map(|&m| (m.to_owned(), format!("../shared/{m}.d.mjs")))
                    .collect(),
                consts: vec![("retry", field(&value, "retry")), ("quota", quota(&value))],
                default: value.clone(),
            },
        );
        services.push(value);
    }
    let mut groups = Vec::new();
    for (g, members) in services.chunks(GROUP_SIZE).enumerate() {
        let first = g * GROUP_SIZE;
        let refs = members
            .iter()
            .enumerate()
            .map(|(s, v)| Node::Ref(format!("s{}", first + s), v.clone()))
            .collect();
        let value = Rc::new(Node::Object(vec![
            prop(None, "group", Node::Number(g.to_string())),
            prop(
                Some("its services, imported"),
                "services",
                Node::Array(refs),
            ),
        ]));
        add(
            &mut files,
            &Module {
                path: format!("groups/group-{g:02}.d.mjs"),
                header: format!("Group {g}."),
                imports: (first..first + members.len())
                    .map(|s| (format!("s{s}"), format!("../{}", service_path(s))))
                    .collect(),
                consts: Vec::new(),
                default: value.clone(),
            },
        );
        groups.push((
            format!("g{g}"),
            format!("./groups/group-{g:02}.d.mjs"),
            value,
        ));
    }
    let main = Rc::new(Node::Object(vec![
        prop(None, "version", Node::Str("2.7.1".to_owned())),
        prop(
            Some("a build id past 2^128"),
            "build",
            Node::BigInt("340282366920938463463374607431768211457".to_owned()),
        ),
        prop(None, "limits", Node::Ref("limits".to_owned(), limits)),
        prop(None, "regions", Node::Ref("regions".to_owned(), regions)),
        prop(
            Some("groups of services"),
            "groups",
            Node::Array(
                groups
                    .iter()
                    .map(|(b, _, v)| Node::Ref(b.clone(), v.clone()))
                    .collect(),
            ),
        ),
    ]));
    let mut imports: Vec<(String, String)> = groups.into_iter().map(|(b, s, _)| (b, s)).collect();
    imports.push(("limits".to_owned(), "./shared/limits.d.mjs".to_owned()));
    imports.push(("regions".to_owned(), "./shared/regions.d.mjs".to_owned()));
    add(
        &mut files,
        &Module {
            path: "main.d.mjs".to_owned(),
            header: "Generated by nanvm-bench (bench/src/config.rs), deterministically.".to_owned(),
            imports,
            consts: Vec::new(),
            default: main.clone(),
        },
    );
    let mut json = String::new();
    write_json(&main, &mut json);
    Config {
        input: Input {
            name: "config (generated DJS)".to_owned(),
            files,
            entry: "main.d.mjs".to_owned(),
        },
        json,
    }
}

/// The module `shared/{name}.d.mjs`.
fn shared(name: &str, header: &str, imports: &[(&str, &str)], value: &Rc<Node>) -> Module {
    Module {
        path: format!("shared/{name}.d.mjs"),
        header: header.to_owned(),
        imports: imports
            .iter()
            .map(|&(b, s)| (b.to_owned(), s.to_owned()))
            .collect(),
        consts: Vec::new(),
        default: value.clone(),
    }
}

fn service_path(index: usize) -> String {
    format!("services/svc-{index:03}.d.mjs")
}

/// Adds the module's DJS text to `files`; returns its size.
fn add(files: &mut BTreeMap<String, Vec<u8>>, module: &Module) -> usize {
    let text = write_module(module);
    let size = text.len();
    files.insert(module.path.clone(), text.into_bytes());
    size
}

fn prop(comment: Option<&'static str>, key: &'static str, value: Node) -> Property {
    Property {
        comment,
        key,
        value,
    }
}

fn number(n: impl ToString) -> Node {
    Node::Number(n.to_string())
}

fn string(s: impl Into<String>) -> Node {
    Node::Str(s.into())
}

/// The value of the constant that property `key` of the object `node`
/// refers to.
fn field(node: &Node, key: &str) -> Rc<Node> {
    match node {
        Node::Object(properties) => properties
            .iter()
            .find_map(|p| match (&p.value, p.key == key) {
                (Node::Ref(_, value), true) => Some(value.clone()),
                _ => None,
            })
            .expect("the generator wrote the property"),
        _ => unreachable!("services are objects"),
    }
}

/// The service's quota constant (its first endpoint's `quota`).
fn quota(service: &Node) -> Rc<Node> {
    let Node::Object(properties) = service else {
        unreachable!("services are objects")
    };
    let endpoints = properties.iter().find(|p| p.key == "endpoints");
    match endpoints.map(|p| &p.value) {
        Some(Node::Array(items)) => field(&items[0], "quota"),
        _ => unreachable!("services have endpoints"),
    }
}

fn limits() -> Node {
    Node::Object(vec![
        prop(
            Some("2^64: past u64, exact as a bigint"),
            "maxBodyBytes",
            Node::BigInt("18446744073709551616".to_owned()),
        ),
        prop(None, "maxConnections", number(4096)),
        prop(None, "maxHeaderBytes", number(65536)),
        prop(None, "idleTimeoutSeconds", number(7.5)),
    ])
}

fn regions() -> Node {
    let region = |id: &str, city: &str| {
        Node::Object(vec![
            prop(None, "id", string(id)),
            prop(None, "city", string(city)),
            prop(
                None,
                "zones",
                Node::Array(["a", "b", "c"].map(|z| string(format!("{id}{z}"))).into()),
            ),
        ])
    };
    Node::Array(vec![
        region("eu-west-1", "Dublin"),
        region("us-east-2", "Ohio"),
        region("ap-south-1", "Mumbai"),
    ])
}

fn defaults(limits: &Rc<Node>) -> Node {
    Node::Object(vec![
        prop(
            None,
            "limits",
            Node::Ref("limits".to_owned(), limits.clone()),
        ),
        prop(
            Some("milliseconds"),
            "timeouts",
            Node::Object(vec![
                prop(None, "connect", number(250)),
                prop(None, "read", number(1500)),
                prop(None, "write", number(1500)),
            ]),
        ),
        prop(None, "tls", Node::Bool(true)),
        prop(None, "proxy", Node::Null),
    ])
}

/// The value of service `index`.
fn service(
    rng: &mut Rng,
    index: usize,
    limits: &Rc<Node>,
    regions: &Rc<Node>,
    defaults: &Rc<Node>,
) -> Node {
    const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE", "PATCH"];
    const WORDS: &[&str] = &[
        "orders",
        "items",
        "users",
        "carts",
        "invoices",
        "reports",
        "search",
        "health",
        "métriques",
        "données",
        "設定",
        "ключи",
    ];
    let retry = Rc::new(Node::Object(vec![
        prop(None, "attempts", number(1 + rng.below(5))),
        prop(
            Some("doubling"),
            "backoffMs",
            Node::Array((0..4).map(|i| number(100u64 << i)).collect()),
        ),
        prop(
            None,
            "jitter",
            Node::Number(format!("0.{:02}", rng.below(100))),
        ),
    ]));
    let quota = Rc::new(Node::BigInt(format!(
        "{}{:019}",
        1 + rng.below(9),
        rng.below(10_000_000_000_000_000_000)
    )));
    let endpoints = (0..12 + rng.below(12))
        .map(|e| {
            let word = rng.pick(WORDS);
            let methods = (0..1 + rng.below(3))
                .map(|_| string(rng.pick(METHODS)))
                .collect();
            let owner = match rng.below(3) {
                0 => Node::Null,
                _ => string(format!("team-{}@example.com", rng.below(40))),
            };
            Node::Object(vec![
                prop(
                    None,
                    "path",
                    string(format!("/v{}/{word}/{e}", 1 + rng.below(3))),
                ),
                prop(None, "methods", Node::Array(methods)),
                prop(
                    Some("shared: one value for every endpoint"),
                    "retry",
                    Node::Ref("retry".to_owned(), retry.clone()),
                ),
                prop(None, "quota", Node::Ref("quota".to_owned(), quota.clone())),
                prop(None, "timeoutMs", number(100 * (1 + rng.below(50)))),
                prop(
                    None,
                    "weight",
                    Node::Number(format!("{}.{:03}", rng.below(10), rng.below(1000))),
                ),
                prop(None, "enabled", Node::Bool(rng.below(4) != 0)),
                prop(None, "owner", owner),
                prop(
                    None,
                    "description",
                    string(format!("Serves {word} \"{e}\"\n\tline two \\ end")),
                ),
                prop(
                    None,
                    "scale",
                    Node::Number(format!("{}e-{}", 1 + rng.below(9), 1 + rng.below(9))),
                ),
            ])
        })
        .collect();
    Node::Object(vec![
        prop(None, "name", string(format!("svc-{index:03}"))),
        prop(
            Some("the shared modules' values, imported"),
            "limits",
            Node::Ref("limits".to_owned(), limits.clone()),
        ),
        prop(
            None,
            "regions",
            Node::Ref("regions".to_owned(), regions.clone()),
        ),
        prop(
            None,
            "defaults",
            Node::Ref("defaults".to_owned(), defaults.clone()),
        ),
        prop(None, "retry", Node::Ref("retry".to_owned(), retry)),
        prop(
            Some("every endpoint of the service"),
            "endpoints",
            Node::Array(endpoints),
        ),
    ])
}

/// The module as DJS text: a header comment, imports, constants (with a
/// block comment) and the default export, with comments above some
/// properties and trailing commas.
fn write_module(module: &Module) -> String {
    let mut out = format!("// {}\n", module.header);
    for (binding, specifier) in &module.imports {
        out.push_str(&format!("import {binding} from '{specifier}'\n"));
    }
    for (name, value) in &module.consts {
        out.push_str(&format!(
            "/* the service's {name}, shared */\nconst {name} = "
        ));
        write_djs(value, 0, &mut out);
        out.push('\n');
    }
    out.push_str("export default ");
    write_djs(&module.default, 0, &mut out);
    out.push('\n');
    out
}

fn indent(depth: usize, out: &mut String) {
    out.extend(std::iter::repeat_n("  ", depth));
}

fn write_djs(node: &Node, depth: usize, out: &mut String) {
    match node {
        Node::Ref(name, _) => out.push_str(name),
        Node::BigInt(digits) => {
            out.push_str(digits);
            out.push('n');
        }
        Node::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_djs(item, depth, out);
            }
            out.push(']');
        }
        Node::Object(properties) if !properties.is_empty() => {
            out.push_str("{\n");
            for p in properties {
                if let Some(comment) = p.comment {
                    indent(depth + 1, out);
                    out.push_str(&format!("// {comment}\n"));
                }
                indent(depth + 1, out);
                out.push_str(p.key);
                out.push_str(": ");
                write_djs(&p.value, depth + 1, out);
                out.push_str(",\n");
            }
            indent(depth, out);
            out.push('}');
        }
        _ => write_json(node, out),
    }
}

/// Writes `node` as JSON text: references written out, bigints as strings.
fn write_json(node: &Node, out: &mut String) {
    match node {
        Node::Null => out.push_str("null"),
        Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Node::Number(literal) => out.push_str(literal),
        Node::Str(s) | Node::BigInt(s) => write_string(s, out),
        Node::Ref(_, value) => write_json(value, out),
        Node::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Node::Object(properties) => {
            out.push('{');
            for (i, p) in properties.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(p.key, out);
                out.push(':');
                write_json(&p.value, out);
            }
            out.push('}');
        }
    }
}

/// A JSON string literal (also a JavaScript one).
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use nanvm_core::compile::Compiler;
    use nanvm_core::serialize::to_djs;

    #[test]
    fn the_same_size_gives_the_same_files_and_a_bigger_size_more() {
        let small = generate(20_000);
        assert_eq!(small.input.files, generate(20_000).input.files);
        assert!(small.input.size() >= 20_000);
        assert!(generate(60_000).input.size() >= 60_000);
    }

    #[test]
    fn the_graph_compiles_with_bigints_comments_and_shared_values() {
        let config = generate(30_000);
        let text = |path: &str| String::from_utf8(config.input.files[path].clone()).unwrap();
        let service = text("services/svc-000.d.mjs");
        assert!(service.contains("// ") && service.contains("/* "));
        assert!(service
            .lines()
            .any(|l| l.starts_with("const quota = ") && l.ends_with('n')));
        let mut compiler = Compiler::new().unwrap();
        let value = config.input.compile(&mut compiler).unwrap();
        // Shared values are constants of the DJS writer's output.
        let djs = to_djs(&value).unwrap();
        assert!(djs.starts_with("const c0 = "), "{}", &djs[..100]);
        // The JSON text is the same data, bigints as strings.
        let json: serde_json::Value = serde_json::from_str(&config.json).unwrap();
        assert_eq!(json["groups"][0]["services"][0]["name"], "svc-000");
    }
}
