//! `nanvm-bench`: nanvm against its peers, side by side in one run, printed
//! as a Markdown table of ratios (run it with `scripts/bench`, which builds
//! it in release first; docs/performance.md explains each row).
//!
//! ```text
//! nanvm-bench [--cap SECONDS] [--config-kb KB] [--data DIR] [--no-builds]
//! ```
//!
//! - `--cap`: the most time spent sampling one figure (default 8 s);
//!   quick work is sampled until 3 samples and 1 s, slow work less.
//! - `--config-kb`: the size of the generated DJS config (default 300).
//! - `--data`: the directory of canada.json, citm_catalog.json and
//!   twitter.json (default `../shared/corpus/nativejson-benchmark-data/data`
//!   from the repository, or `$NANVM_BENCH_DATA`); missing files are skipped
//!   with a message.
//! - `--no-builds`: skips the rows that run cargo (the debug proc-macro
//!   setting and the build cost of `include_djs!`).

mod crates;
mod memory;
mod quickjs;
mod table;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use nanvm_bench::config;
use nanvm_bench::measure::{measure, Plan, Timing};
use nanvm_bench::workload::Input;
use nanvm_core::compile::Compiler;
use nanvm_core::embedded::Embedded;
use nanvm_core::serialize::to_bytecode;

use crate::crates::{Crates, Embedding};
use crate::quickjs::QuickJs;
use crate::table::{met, ratio, size, time, Row, Table};

/// The JSON files of nativejson-benchmark measured.
const CORPUS: [&str; 3] = ["canada.json", "citm_catalog.json", "twitter.json"];

/// The file of the build-cost and memory rows.
const CITM: &str = "citm_catalog.json";

/// The command line.
struct Options {
    cap: Duration,
    config_bytes: usize,
    data: PathBuf,
    builds: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            cap: Duration::from_secs(8),
            config_bytes: 300_000,
            data: std::env::var_os("NANVM_BENCH_DATA").map_or_else(
                || repo().join("../shared/corpus/nativejson-benchmark-data/data"),
                PathBuf::from,
            ),
            builds: true,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .ok_or_else(|| format!("{name} needs a value"))
                    .cloned()
            };
            match arg.as_str() {
                "--cap" => {
                    let v = value("--cap")?;
                    let seconds: f64 = v.parse().map_err(|e| format!("--cap {v}: {e}"))?;
                    options.cap = Duration::from_secs_f64(seconds);
                }
                "--config-kb" => {
                    let v = value("--config-kb")?;
                    let kb: usize = v.parse().map_err(|e| format!("--config-kb {v}: {e}"))?;
                    options.config_bytes = kb * 1000;
                }
                "--data" => options.data = PathBuf::from(value("--data")?),
                "--no-builds" => options.builds = false,
                other => {
                    return Err(format!(
                        "unknown argument {other:?}; usage: nanvm-bench [--cap SECONDS] [--config-kb KB] [--data DIR] [--no-builds]"
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// The repository (this crate's parent directory).
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the bench crate is in the repository")
        .to_path_buf()
}

/// A piece of data: its module graph, the same data as JSON, and the file
/// it was read from (none for the generated config).
struct Data {
    input: Input,
    json: Vec<u8>,
    file: Option<PathBuf>,
}

/// The corpus files found in `dir` and the generated config.
fn data(options: &Options) -> Vec<Data> {
    let mut data = Vec::new();
    for name in CORPUS {
        let path = options.data.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => data.push(Data {
                input: Input {
                    name: name.to_owned(),
                    files: [(name.to_owned(), bytes.clone())].into(),
                    entry: name.to_owned(),
                },
                json: bytes,
                file: Some(path),
            }),
            Err(e) => eprintln!("skipping {name}: {}: {e}", path.display()),
        }
    }
    let config = config::generate(options.config_bytes);
    data.push(Data {
        json: config.json.into_bytes(),
        input: config.input,
        file: None,
    });
    data
}

/// The name shown for a piece of data: the name and its size.
fn shown(data: &Data) -> String {
    let files = data.input.files.len();
    let files = if files > 1 {
        format!(", {files} files")
    } else {
        String::new()
    };
    format!(
        "{} ({}{files})",
        data.input.name,
        size(data.input.size() as u64)
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match Options::parse(&args).and_then(|options| run(&options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nanvm-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let plan = Plan::DEFAULT.with_cap(options.cap);
    let data = data(options);
    let citm = data.iter().find(|d| d.input.name == CITM);
    let mut table = Table::default();
    let mut compiler = Compiler::new().map_err(|e| e.to_string())?;
    decode_rows(&mut table, &data, &mut compiler, plan)?;
    let crates = if options.builds {
        let crates = Crates::write(&repo(), citm.and_then(|d| d.file.as_deref()))?;
        eprintln!("building target/bench-crates (dev profile, nanvm-core at opt-level 3)...");
        let took = crates.build_all()?;
        eprintln!("  built in {}", time(took));
        Some(crates)
    } else {
        eprintln!("skipping the debug and build-cost rows (--no-builds)");
        None
    };
    compile_rows(&mut table, &data, &mut compiler, plan, crates.as_ref())?;
    match (&crates, citm) {
        (Some(crates), Some(citm)) => build_cost_rows(&mut table, crates, citm, plan)?,
        (Some(_), None) => eprintln!("skipping the build-cost rows: {CITM} not found"),
        (None, _) => {}
    }
    match citm.and_then(|d| d.file.as_deref().map(|f| (d, f))) {
        Some((d, file)) => memory_row(&mut table, d, file)?,
        None => eprintln!("skipping the memory row: {CITM} not found"),
    }
    println!("{table}");
    println!(
        "nanvm-bench: {} in all (cap {} per figure)",
        time(started.elapsed()),
        time(options.cap)
    );
    Ok(())
}

/// Decoding embedded bytecode against serde_json reading the JSON.
fn decode_rows(
    table: &mut Table,
    data: &[Data],
    compiler: &mut Compiler,
    plan: Plan,
) -> Result<(), String> {
    eprintln!("decode embedded bytecode:");
    for d in data {
        let value = d.input.compile(compiler).map_err(|e| e.to_string())?;
        let bytecode = to_bytecode(&value).map_err(|e| e.to_string())?;
        let nanvm = timed(plan, || Embedded::decode(&bytecode))?;
        let serde = timed(plan, || {
            serde_json::from_slice::<serde_json::Value>(&d.json)
        });
        table.push(versus(
            "decode embedded bytecode → value graph",
            d,
            &nanvm,
            ("serde_json JSON → serde_json::Value", serde),
            ("≥ 3× (serde_json ÷ nanvm)", Some(3.0)),
        ));
    }
    Ok(())
}

/// Compiling text to a value graph in the VM (release) against QuickJS,
/// json5 and serde_json, and (with `crates`) in the dev-profile harness.
fn compile_rows(
    table: &mut Table,
    data: &[Data],
    compiler: &mut Compiler,
    plan: Plan,
    crates: Option<&Crates>,
) -> Result<(), String> {
    eprintln!("compile text → value graph (release; debug with the documented setting):");
    let mut debug_rows = Vec::new();
    let mut quickjs = QuickJs::new();
    for (i, d) in data.iter().enumerate() {
        let nanvm = timed(plan, || d.input.compile(compiler))?;
        // Right after the release figure, so that both see the same load.
        if let Some(crates) = crates {
            let debug = debug_harness(crates, i, d, plan.cap)?;
            debug_rows.push(Row {
                benchmark: "the same in a debug proc-macro (nanvm-core opt-level 3)",
                data: shown(d),
                nanvm: time(debug),
                peer: format!("release: {}", time(nanvm.median())),
                ratio: ratio(debug.as_secs_f64(), secs(&nanvm)),
                goal: "report (debug ÷ release)",
                met: "—",
            });
        }
        let text = std::str::from_utf8(&d.json).map_err(|e| e.to_string())?;
        let quick = match &mut quickjs {
            Ok(engine) => engine.compile(&d.input, plan),
            Err(e) => Err(e.clone()),
        };
        let json5 = timed(plan, || json5::from_str::<serde_json::Value>(text));
        let serde = timed(plan, || serde_json::from_str::<serde_json::Value>(text));
        let benchmark = "compile text → value graph, VM (release)";
        for (peer, goal) in [
            (
                ("the same compiler on QuickJS (deno_core)", quick),
                ("> 1× (QuickJS ÷ nanvm)", Some(1.0)),
            ),
            (("json5 crate", json5), ("> 1× (json5 ÷ nanvm)", Some(1.0))),
            (("serde_json", serde), ("report (serde_json ÷ nanvm)", None)),
        ] {
            table.push(versus(benchmark, d, &nanvm, peer, goal));
        }
    }
    for row in debug_rows {
        table.push(row);
    }
    Ok(())
}

/// The build time `include_djs!` of citm_catalog.json adds to a rebuild,
/// in both emit modes, over `include_str!`.
fn build_cost_rows(
    table: &mut Table,
    crates: &Crates,
    citm: &Data,
    plan: Plan,
) -> Result<(), String> {
    eprintln!("build cost of include_djs! (dev profile, nanvm-core opt-level 3):");
    let timings = crates.rebuild_times(plan.with_cap(plan.cap * 3), CITM)?;
    let median = |e: Embedding| {
        timings
            .iter()
            .find(|(x, _)| *x == e)
            .map_or(Duration::ZERO, |(_, t)| t.median())
    };
    let baseline = median(Embedding::IncludeStr);
    for (embedding, label, limit, goal) in [
        (
            Embedding::Static,
            "include_djs! static constants: rebuild",
            2.0,
            "≤ +2 s",
        ),
        (
            Embedding::Bytecode,
            "include_djs!(…, bytecode): rebuild",
            0.5,
            "≤ +0.5 s",
        ),
    ] {
        let with = median(embedding);
        let added = with.as_secs_f64() - baseline.as_secs_f64();
        table.push(Row {
            benchmark: label,
            data: shown(citm),
            nanvm: format!("{} (+{added:.2} s)", time(with)),
            peer: format!("include_str!: {}", time(baseline)),
            ratio: ratio(with.as_secs_f64(), baseline.as_secs_f64()),
            goal,
            met: met(added <= limit),
        });
    }
    Ok(())
}

/// The peak memory of the release `nanvm compile` of `file` over its size.
fn memory_row(table: &mut Table, d: &Data, file: &Path) -> Result<(), String> {
    eprintln!("peak memory of nanvm compile:");
    let nanvm = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name("nanvm");
    let dir = repo().join("target/bench-crates");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    match memory::peak_rss(&nanvm, file, &dir.join("citm_catalog.bc")) {
        Ok(peak) => {
            let input = d.input.size() as u64;
            let r = peak as f64 / input as f64;
            table.push(Row {
                benchmark: "peak memory of `nanvm compile` (release)",
                data: shown(d),
                nanvm: size(peak),
                peer: format!("input: {}", size(input)),
                ratio: ratio(peak as f64, input as f64),
                goal: "≤ 10× (peak ÷ input)",
                met: met(r <= 10.0),
            });
        }
        Err(e) => eprintln!("skipping the memory row: {e}"),
    }
    Ok(())
}

fn secs(timing: &Timing) -> f64 {
    timing.median().as_secs_f64()
}

/// [`measure`] with the error as text.
fn timed<T, E: std::fmt::Display>(
    plan: Plan,
    work: impl FnMut() -> Result<T, E>,
) -> Result<Timing, String> {
    measure(plan, work).map_err(|e| e.to_string())
}

/// A row comparing times: the ratio is the peer's median over nanvm's
/// (above 1: nanvm is faster), the goal met when it reaches `needed`. A
/// peer that failed is shown with its error.
fn versus(
    benchmark: &'static str,
    data: &Data,
    nanvm: &Timing,
    (peer, result): (&str, Result<Timing, String>),
    (goal, needed): (&'static str, Option<f64>),
) -> Row {
    let (peer, ratio_shown, met_shown) = match result {
        Ok(timing) => {
            let r = secs(&timing) / secs(nanvm);
            (
                format!("{peer}: {}", time(timing.median())),
                ratio(secs(&timing), secs(nanvm)),
                needed.map_or("—", |needed| met(r >= needed)),
            )
        }
        Err(e) => (format!("{peer}: failed ({e})"), "—".to_owned(), "—"),
    };
    Row {
        benchmark,
        data: shown(data),
        nanvm: time(nanvm.median()),
        peer,
        ratio: ratio_shown,
        goal,
        met: met_shown,
    }
}

/// The median of the compile harness (dev profile) on data `d`, written
/// to the harness's input directory number `index`.
fn debug_harness(
    crates: &Crates,
    index: usize,
    d: &Data,
    cap: Duration,
) -> Result<Duration, String> {
    let root = crates.inputs_dir().join(index.to_string());
    d.input
        .write_dir(&root)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    let output = Command::new(crates.harness())
        .arg(cap.as_secs_f64().to_string())
        .arg(&d.input.name)
        .arg(&root)
        .arg(&d.input.entry)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", crates.harness().display()))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .next()
        .and_then(|line| line.split('\t').nth(1))
        .and_then(|s| s.parse::<f64>().ok())
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("the harness wrote {text:?}"))
}
