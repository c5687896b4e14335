//! `nanvm`: compile and convert DJS modules from the shell.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use nanvm_runtime::link::Linker;
use nanvm_runtime::serialize::{to_bytecode, to_djs, to_json};
use nanvm_runtime::source::{Directory, FileSource};
use nanvm_runtime::Value;

#[derive(Parser)]
#[command(
    name = "nanvm",
    version,
    about = "DJS configuration compiled into Rust builds"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads IN and writes its value to OUT, in the format OUT's extension names
    /// (`.json`, `.d.mjs`/`.mjs`/`.js`/`.f.mjs`/`.f.js` for DJS, `.bc`).
    Compile {
        /// The input module (`.bc` bytecode; its imports are read next to it).
        input: PathBuf,
        /// The output file.
        output: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Compile { input, output } => compile(&input, &output),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Compiles module text; only bytecode (`.bc`) input is read until the
/// compiler runs in the VM.
fn no_compiler(_path: &str, _text: &str) -> Result<nanvm_runtime::bytecode::Module, String> {
    Err("only bytecode (.bc) input can be read until the compiler runs in the VM".into())
}

fn compile(input: &Path, output: &Path) -> Result<(), String> {
    let dir = match input.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = input
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{}: error: not a file name", input.display()))?;
    let files = Directory::new(&dir).map_err(|e| format!("{}: error: {e}", dir.display()))?;
    let mut linker = Linker::new(FileSource::new(files, no_compiler));
    let value = linker.evaluate(name).map_err(|e| {
        let shown = dir.join(e.to_string());
        shown.display().to_string()
    })?;
    let bytes = render(&value, output).map_err(|e| format!("{}: error: {e}", output.display()))?;
    write_atomically(output, &bytes).map_err(|e| format!("{}: error: {e}", output.display()))
}

fn render(value: &Value, output: &Path) -> Result<Vec<u8>, String> {
    let name = output.to_string_lossy();
    if name.ends_with(".json") {
        to_json(value)
            .map(String::into_bytes)
            .map_err(|e| e.to_string())
    } else if name.ends_with(".bc") {
        to_bytecode(value).map_err(|e| e.to_string())
    } else if name.ends_with(".mjs") || name.ends_with(".js") {
        to_djs(value)
            .map(String::into_bytes)
            .map_err(|e| e.to_string())
    } else {
        Err("unknown output format (use .json, .d.mjs or .bc)".into())
    }
}

/// Writes through a temporary file and a rename, so no reader ever sees a
/// partial output.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
