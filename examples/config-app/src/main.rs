//! config-app: reads a multi-file DJS configuration (`config/main.d.mjs`,
//! with imports, a shared value, a bigint and comments) three ways and
//! prints what it read:
//!
//! 1. `include_djs!` as static Rust constants (no work at run time);
//! 2. `include_djs!(…, bytecode)`, decoded lazily into a runtime value;
//! 3. `build.rs` with nanvm-build, which writes the same graph into
//!    `OUT_DIR` as Rust and as bytecode.

use nanvm_runtime::embedded::Embedded;
use nanvm_runtime::serde::from_static;
use nanvm_runtime::static_value::StaticValue;
use nanvm_runtime::value::Object;
use nanvm_runtime::{include_djs, Value};

/// The configuration as static Rust constants.
static CONFIG: StaticValue = include_djs!("../config/main.d.mjs");

/// The configuration as embedded bytecode.
static CONFIG_BYTECODE: Embedded = include_djs!("../config/main.d.mjs", bytecode);

/// What `build.rs` wrote: `BUILT` (static Rust constants).
mod built {
    include!(concat!(env!("OUT_DIR"), "/config.rs"));
}

/// What `build.rs` wrote as bytecode.
static BUILT_BYTECODE: Embedded =
    Embedded::new(include_bytes!(concat!(env!("OUT_DIR"), "/config.bc")));

/// `defaults.d.mjs`, deserialized with serde (borrowing `&'static str`s).
#[derive(serde::Deserialize)]
struct Defaults {
    timeout_ms: u32,
    retries: u8,
    greeting: &'static str,
}

/// Whether the two servers' `tls` values are one static object.
fn tls_is_shared(config: &StaticValue) -> bool {
    let tls_a = config["servers"][0]["tls"].as_object();
    let tls_b = config["servers"][1]["tls"].as_object();
    matches!((tls_a, tls_b), (Some(a), Some(b)) if std::ptr::eq(a, b))
}

fn main() {
    println!("1. include_djs! (static Rust constants)");
    let servers = CONFIG["servers"].as_array().into_iter().flatten();
    for server in servers {
        let protocols: Vec<&str> = server["tls"]["protocols"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(StaticValue::as_str)
            .collect();
        println!(
            "   server {}:{}, tls protocols {}",
            server["host"].as_str().unwrap_or("?"),
            server["port"].as_u64().unwrap_or(0),
            protocols.join(", ")
        );
    }
    println!(
        "   both servers share one tls object: {}",
        tls_is_shared(&CONFIG)
    );
    match from_static::<Defaults>(&CONFIG["defaults"]) {
        Ok(d) => println!(
            "   defaults (serde): timeout {} ms, {} retries, greeting {:?}",
            d.timeout_ms, d.retries, d.greeting
        ),
        Err(e) => println!("   defaults (serde): {e}"),
    }
    let upload = CONFIG["limits"]["max_upload_bytes"].as_bigint();
    println!(
        "   max upload bytes (bigint): {}",
        upload.map_or("?".into(), |b| b.to_string())
    );

    println!("2. include_djs!(…, bytecode) (decoded on first use)");
    CONFIG_BYTECODE.with(|config| {
        let name = config.get("name").and_then(Value::as_js_string);
        println!(
            "   name: {}",
            name.map_or("?".into(), |n| n.to_string_lossy())
        );
        let servers = config.get("servers").and_then(Value::as_array);
        let tls: Vec<&Object> = servers
            .map(|s| {
                s.items()
                    .iter()
                    .filter_map(|s| s.get("tls")?.as_object())
                    .collect()
            })
            .unwrap_or_default();
        let shared = matches!(tls.as_slice(), [a, b] if Object::ptr_eq(a, b));
        println!("   both servers share one tls object: {shared}");
    });
    let same = CONFIG_BYTECODE.to_string() == CONFIG.to_string();
    println!("   same DJS text as the static constants: {same}");

    println!("3. build.rs with nanvm-build");
    println!("   Rust: {}", built::BUILT["limits"]);
    println!(
        "   bytecode: same graph as include_djs!: {}",
        BUILT_BYTECODE.to_string() == CONFIG.to_string()
    );

    println!("The whole configuration, as a DJS module:");
    println!("{CONFIG}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_forms_read_the_same_graph() {
        let text = CONFIG.to_string();
        assert_eq!(CONFIG_BYTECODE.to_string(), text);
        assert_eq!(BUILT_BYTECODE.to_string(), text);
        assert_eq!(built::BUILT.to_string(), text);
        assert!(tls_is_shared(&CONFIG));
        assert!(tls_is_shared(&built::BUILT));
    }

    #[test]
    fn the_config_is_what_node_reads() {
        // node is the oracle: it imports the same module graph and prints
        // the values the program relies on.
        let script = "import c from './config/main.d.mjs'; \
            console.log(JSON.stringify([c.servers[0].tls === c.servers[1].tls, \
            String(c.limits.max_upload_bytes), c.defaults]))";
        let Ok(output) = std::process::Command::new("node")
            .args(["--input-type=module", "-e", script])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
        else {
            eprintln!("node not found: skipped");
            return;
        };
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let defaults = from_static::<Defaults>(&CONFIG["defaults"]).unwrap();
        let ours = format!(
            "[{},\"{}\",{{\"timeout_ms\":{},\"retries\":{},\"greeting\":\"{}\"}}]",
            tls_is_shared(&CONFIG),
            CONFIG["limits"]["max_upload_bytes"].as_bigint().unwrap(),
            defaults.timeout_ms,
            defaults.retries,
            defaults.greeting
        );
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), ours);
    }
}
