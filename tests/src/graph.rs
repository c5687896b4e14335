//! Comparison of two value graphs: same structure, same leaves, same sharing.

use std::collections::HashMap;
use std::fmt::Write as _;

use nanvm_runtime::value::{JsString, Value};

/// Checks that `a` and `b` are the same value graph:
///
/// - numbers compare with `Object.is` (NaN is NaN, 0 is not -0), strings by
///   UTF-16 code units, bigints by value;
/// - arrays item by item, objects key by key in their property order;
/// - functions by `length` (their code is not compared);
/// - and the same sharing: container identities of `a` and of `b` are in a
///   bijection. Where `a` reaches one array, object or function twice, `b`
///   reaches one twice at the same places, and two distinct ones in `a` are
///   two distinct ones in `b`.
///
/// The walk is iterative, so deep graphs cannot overflow the stack. The
/// error names the path of the first difference in depth-first order, as in
/// `root[2].key: number 1 vs number -0`.
pub fn same_graph(a: &Value, b: &Value) -> Result<(), String> {
    Comparison::default().run(a, b)
}

/// One step from a container to a child.
enum Step {
    Index(usize),
    Key(JsString),
}

/// A place in the graph: the step that reached it and the place it was taken from.
struct Place {
    parent: Option<usize>,
    step: Step,
}

#[derive(Default)]
struct Comparison {
    /// Every place visited, so that a path is spelled out only on failure.
    places: Vec<Place>,
    /// Identity of each container of `a` seen so far to its partner in `b`.
    a_to_b: HashMap<usize, usize>,
    /// The reverse of `a_to_b`.
    b_to_a: HashMap<usize, usize>,
}

impl Comparison {
    fn run(mut self, a: &Value, b: &Value) -> Result<(), String> {
        // (a, b, index of the place in `places`, or None for the root).
        let mut stack: Vec<(Value, Value, Option<usize>)> = vec![(a.clone(), b.clone(), None)];
        while let Some((a, b, place)) = stack.pop() {
            let first_meeting = match self.pair(&a, &b) {
                Ok(first) => first,
                Err(what) => return Err(format!("{}: {what}", self.path(place))),
            };
            let children = match (&a, &b) {
                _ if !first_meeting => Vec::new(),
                (Value::Array(x), Value::Array(y)) => {
                    if x.len() != y.len() {
                        let (m, n) = (x.len(), y.len());
                        return Err(format!("{}: array of {m} items vs {n}", self.path(place)));
                    }
                    let pairs = x.items().iter().zip(y.items()).enumerate();
                    pairs
                        .map(|(i, (p, q))| (p.clone(), q.clone(), Step::Index(i)))
                        .collect()
                }
                (Value::Object(x), Value::Object(y)) => {
                    let (xk, yk): (Vec<_>, Vec<_>) = (x.keys().collect(), y.keys().collect());
                    if let Some(i) = (0..xk.len().max(yk.len())).find(|&i| xk.get(i) != yk.get(i)) {
                        let key = |k: Option<&&JsString>| {
                            k.map_or("no key".to_string(), |k| format!("key {k:?}"))
                        };
                        return Err(format!(
                            "{}: property {i} is {} vs {}",
                            self.path(place),
                            key(xk.get(i)),
                            key(yk.get(i))
                        ));
                    }
                    let pairs = x.entries().zip(y.entries());
                    pairs
                        .map(|((k, p), (_, q))| (p.clone(), q.clone(), Step::Key(k.clone())))
                        .collect()
                }
                _ => Vec::new(),
            };
            // Reversed, so that the first child is compared first.
            for (p, q, step) in children.into_iter().rev() {
                self.places.push(Place {
                    parent: place,
                    step,
                });
                stack.push((p, q, Some(self.places.len() - 1)));
            }
        }
        Ok(())
    }

    /// Compares `a` and `b` without looking at their children. For a pair of
    /// containers or functions met for the first time, records the pair and
    /// returns `true`: their children are still to be compared. A later
    /// meeting only checks that the pairing holds.
    fn pair(&mut self, a: &Value, b: &Value) -> Result<bool, String> {
        let same_kind = a.kind() == b.kind();
        let leaves_differ = match (a, b) {
            (Value::Function(f), Value::Function(g)) => f.length() != g.length(),
            (Value::Array(_), Value::Array(_)) | (Value::Object(_), Value::Object(_)) => false,
            _ => !Value::is(a, b),
        };
        if !same_kind || leaves_differ {
            return Err(format!("{} vs {}", describe(a), describe(b)));
        }
        let (Some(x), Some(y)) = (a.addr(), b.addr()) else {
            return Ok(false);
        };
        match (self.a_to_b.get(&x), self.b_to_a.get(&y)) {
            (None, None) => {
                self.a_to_b.insert(x, y);
                self.b_to_a.insert(y, x);
                Ok(true)
            }
            (Some(&partner), _) if partner == y => Ok(false),
            (Some(_), _) => Err(format!(
                "the first graph reaches this {} again, the second a different one",
                kind_name(a)
            )),
            (None, Some(_)) => Err(format!(
                "the second graph reaches this {} again, the first a different one",
                kind_name(b)
            )),
        }
    }

    /// The path of a place, as `root[2].key`.
    fn path(&self, mut place: Option<usize>) -> String {
        let mut steps = Vec::new();
        while let Some(i) = place {
            steps.push(&self.places[i].step);
            place = self.places[i].parent;
        }
        let mut out = String::from("root");
        for step in steps.into_iter().rev() {
            match step {
                Step::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                Step::Key(k) if is_identifier(k) => {
                    let _ = write!(out, ".{k}");
                }
                Step::Key(k) => {
                    let _ = write!(out, "[{k:?}]");
                }
            }
        }
        out
    }
}

/// Whether `key` can follow a dot in a path (ASCII identifier characters).
fn is_identifier(key: &JsString) -> bool {
    let units = key.as_units();
    let ident = |u: u16, first: bool| {
        u8::try_from(u).is_ok_and(|c| {
            c.is_ascii_alphabetic() || c == b'_' || c == b'$' || (!first && c.is_ascii_digit())
        })
    };
    units.iter().enumerate().all(|(i, &u)| ident(u, i == 0)) && !units.is_empty()
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Undefined => "undefined",
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::BigInt(_) => "bigint",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Function(_) => "function",
    }
}

/// A short description of a value for an error message.
fn describe(v: &Value) -> String {
    match v {
        Value::Undefined | Value::Null => kind_name(v).to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) if *n == 0.0 && n.is_sign_negative() => "number -0".to_string(),
        Value::Number(n) => format!("number {}", nanvm_runtime::number::number_to_string(*n)),
        Value::String(s) => format!("string {s:?}"),
        Value::BigInt(n) => format!("bigint {n}n"),
        Value::Array(a) => format!("array of {} items", a.len()),
        Value::Object(o) => format!("object of {} properties", o.len()),
        Value::Function(f) => format!("function of length {}", f.length()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(n: f64) -> Value {
        Value::Number(n)
    }

    #[test]
    fn equal_graphs_with_equal_sharing_are_the_same() {
        let graph = || {
            let leaf = Value::object([("x", num(f64::NAN))]);
            Value::array([leaf.clone(), Value::array([leaf]), Value::bigint(-7)])
        };
        assert_eq!(same_graph(&graph(), &graph()), Ok(()));
    }

    #[test]
    fn numbers_compare_with_object_is() {
        let a = Value::array([num(1.0), Value::object([("k", num(0.0))])]);
        let b = Value::array([num(1.0), Value::object([("k", num(-0.0))])]);
        assert_eq!(
            same_graph(&a, &b),
            Err("root[1].k: number 0 vs number -0".into())
        );
    }

    #[test]
    fn paths_quote_keys_that_are_not_identifiers() {
        let a = Value::object([("a b", Value::array([Value::Null]))]);
        let b = Value::object([("a b", Value::array([Value::Undefined]))]);
        assert_eq!(
            same_graph(&a, &b),
            Err(r#"root["a b"][0]: null vs undefined"#.into())
        );
    }

    #[test]
    fn key_order_matters() {
        let a = Value::object([("a", num(1.0)), ("b", num(2.0))]);
        let b = Value::object([("b", num(2.0)), ("a", num(1.0))]);
        let error = same_graph(&a, &b).unwrap_err();
        assert!(error.starts_with("root: property 0"), "{error}");
    }

    #[test]
    fn strings_compare_by_code_units() {
        let a = Value::String(JsString::from(vec![0xD800]));
        let b = Value::String(JsString::from(vec![0xFFFD]));
        assert!(same_graph(&a, &b).is_err());
        assert_eq!(same_graph(&a, &a.clone()), Ok(()));
    }

    #[test]
    fn sharing_must_match_both_ways() {
        let leaf = || Value::array([num(1.0)]);
        let shared = leaf();
        let once_twice = Value::array([shared.clone(), shared]);
        let two_equal = Value::array([leaf(), leaf()]);
        let error = same_graph(&once_twice, &two_equal).unwrap_err();
        assert!(error.starts_with("root[1]: the first graph"), "{error}");
        let error = same_graph(&two_equal, &once_twice).unwrap_err();
        assert!(error.starts_with("root[1]: the second graph"), "{error}");
    }

    #[test]
    fn a_shared_value_must_be_the_same_one_at_every_place() {
        // a = [x, y, x], b = [x', y', y']: both share one value, but not the same.
        let (x, y) = (Value::array([]), Value::array([]));
        let a = Value::array([x.clone(), y, x]);
        let (x2, y2) = (Value::array([]), Value::array([]));
        let b = Value::array([x2, y2.clone(), y2]);
        assert!(same_graph(&a, &b).unwrap_err().starts_with("root[2]"));
    }

    #[test]
    fn deep_graphs_do_not_overflow_the_stack() {
        let chain = |end: f64| {
            (0..100_000).fold(num(end), |v, i| {
                if i % 2 == 0 {
                    Value::array([v])
                } else {
                    Value::object([("k", v)])
                }
            })
        };
        assert_eq!(same_graph(&chain(1.0), &chain(1.0)), Ok(()));
        let error = same_graph(&chain(1.0), &chain(2.0)).unwrap_err();
        assert!(
            error.ends_with("[0]: number 1 vs number 2"),
            "{}",
            &error[error.len() - 40..]
        );
    }
}
