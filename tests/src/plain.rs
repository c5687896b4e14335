//! The one-pass reader of plain data against the general route.

use nanvm_runtime::bytecode::{decode_module_with, decode_plain_data};
use nanvm_runtime::eval::evaluate;
use nanvm_runtime::Limits;

use crate::graph::same_graph;

/// Checks that [`decode_plain_data`] agrees with the general route
/// (`decode_module_with`, then `evaluate` of a module without imports):
/// where it gives a value, the general route gives the same graph (sharing
/// included); where the general route fails, it gives nothing. Returns
/// whether it gave a value.
pub fn check_plain_data(bytes: &[u8], limits: &Limits) -> Result<bool, String> {
    let Some(fast) = decode_plain_data(bytes, limits) else {
        return Ok(false);
    };
    // Only now evaluate: code may take long, plain data never does.
    let general = decode_module_with(bytes, limits)
        .map_err(|e| e.to_string())
        .and_then(|module| {
            if module.imports.is_empty() {
                evaluate(&module.code, &[], limits).map_err(|e| e.to_string())
            } else {
                Err("the module has imports".to_string())
            }
        });
    match general {
        Ok(general) => {
            same_graph(&general, &fast).map_err(|e| format!("plain data vs general: {e}"))?;
            Ok(true)
        }
        Err(e) => Err(format!(
            "plain data read {fast:?} where the general route fails: {e}"
        )),
    }
}
