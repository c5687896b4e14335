//! Decoding embedded bytecode into the value graph, against serde_json
//! parsing the same data as JSON into `serde_json::Value`.
//!
//! Reads canada.json, citm_catalog.json and twitter.json from
//! `../shared/corpus/nativejson-benchmark-data/data/` (or `$NANVM_BENCH_DATA`),
//! skipping with a message where they are absent.
//!
//! "nanvm bytecode -> Value" is what embedded bytecode costs
//! ([`Embedded::decode`]: plain data in one pass); "reader + VM" is the
//! general route (the `Expr` tree, then the VM), which plain data no longer
//! takes.
//!
//! `cargo bench -p nanvm-core --features serde --bench decode`

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nanvm_core::bytecode::decode_module;
use nanvm_core::embedded::Embedded;
use nanvm_core::eval::evaluate;
use nanvm_core::serialize::to_bytecode;
use nanvm_core::{Limits, Value};

fn data_dir() -> PathBuf {
    std::env::var_os("NANVM_BENCH_DATA").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/corpus/nativejson-benchmark-data/data")
        },
        PathBuf::from,
    )
}

fn decode(c: &mut Criterion) {
    let limits = Limits::default();
    for name in ["canada.json", "citm_catalog.json", "twitter.json"] {
        let path = data_dir().join(name);
        let Ok(json) = std::fs::read(&path) else {
            eprintln!("skipping {name}: {} not found", path.display());
            continue;
        };
        let value: Value = serde_json::from_slice(&json).expect("benchmark data is JSON");
        let bytecode = to_bytecode(&value).expect("JSON data has a bytecode form");
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_function("nanvm bytecode -> Value", |b| {
            b.iter(|| Embedded::decode(&bytecode).unwrap())
        });
        group.bench_function("nanvm reader + VM -> Value", |b| {
            b.iter(|| {
                let module = decode_module(&bytecode).unwrap();
                evaluate(&module.code, &[], &limits).unwrap()
            })
        });
        group.bench_function("serde_json JSON -> serde_json::Value", |b| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(&json).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
