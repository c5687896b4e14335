//! The timing loop of the "compile text to a value graph" row, as a
//! program of its own: `scripts/bench` builds it in the dev profile with
//! the documented setting (`[profile.dev.package.nanvm-core] opt-level = 3`)
//! to measure what a debug build's proc-macro spends, the nanvm-core code
//! that `include_djs!` runs being the same.
//!
//! Arguments: `CAP_SECONDS` then `NAME ROOT ENTRY` for each input. Prints
//! a line `NAME<TAB>median seconds<TAB>samples` for each input, or an
//! error on stderr with a failure status.

use std::path::Path;
use std::time::Duration;

use nanvm_core::compile::Compiler;

use crate::measure::{measure, Plan};
use crate::workload::Input;

/// Runs the harness with the process's arguments.
pub fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(lines) => {
            print!("{lines}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("compile harness: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The harness's output for `args`.
pub fn run(args: &[String]) -> Result<String, String> {
    let (cap, inputs) = args
        .split_first()
        .ok_or("usage: CAP_SECONDS (NAME ROOT ENTRY)...")?;
    let cap: f64 = cap.parse().map_err(|e| format!("cap {cap:?}: {e}"))?;
    if inputs.len() % 3 != 0 {
        return Err("each input is NAME ROOT ENTRY".to_owned());
    }
    let plan = Plan::DEFAULT.with_cap(Duration::from_secs_f64(cap));
    let mut compiler = Compiler::new().map_err(|e| e.to_string())?;
    let mut out = String::new();
    for input in inputs.chunks(3) {
        let [name, root, entry] = input else {
            unreachable!("chunks of 3")
        };
        let input =
            Input::read_dir(name, Path::new(root), entry).map_err(|e| format!("{root}: {e}"))?;
        let timing = measure(plan, || input.compile(&mut compiler)).map_err(|e| e.to_string())?;
        out.push_str(&format!(
            "{name}\t{}\t{}\n",
            timing.median().as_secs_f64(),
            timing.samples.len()
        ));
    }
    Ok(out)
}
