//! Writes [`Module`]s as bytecode.

use super::{tag, Code, Expr, Module};
use crate::value::{BigInt, JsString};

/// Writes `module` as bytecode. The output reads back with
/// [`decode_module`](super::decode_module) to an equal module.
pub fn encode_module(module: &Module) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.u32_len(module.imports.len());
    for import in &module.imports {
        w.string(import);
    }
    w.code(&module.code);
    w.0
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32_len(&mut self, n: usize) {
        // Counts above u32::MAX cannot be encoded; saturate so the reader rejects it.
        self.0
            .extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
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

    fn code(&mut self, code: &Code) {
        let len_at = self.0.len();
        self.0.extend_from_slice(&[0; 4]);
        for expr in &code.consts {
            self.expr(expr);
        }
        let len = self.0.len() - len_at - 4;
        let len = u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes();
        self.0[len_at..len_at + 4].copy_from_slice(&len);
    }

    fn expr(&mut self, expr: &Expr) {
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
                for (k, v) in props {
                    self.string(k);
                    self.expr(v);
                }
            }
            Expr::Array(items) => {
                self.0.push(tag::ARRAY);
                self.u32_len(items.len());
                for item in items {
                    self.expr(item);
                }
            }
            Expr::LocalRef(i) => {
                self.0.push(tag::LOCAL_REF);
                self.0.extend_from_slice(&i.to_le_bytes());
            }
            Expr::ArgRef(i) => {
                self.0.push(tag::ARG_REF);
                self.0.extend_from_slice(&i.to_le_bytes());
            }
            Expr::Function(f) => {
                self.0.push(tag::FUNCTION);
                self.0.extend_from_slice(&f.length.to_le_bytes());
                self.code(&f.code);
            }
        }
    }
}
