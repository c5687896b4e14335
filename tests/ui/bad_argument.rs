// Arguments include_djs! does not take: each error at its token.
use nanvm_runtime::static_value::StaticValue;

static NOT_A_PATH: StaticValue = nanvm_runtime::include_djs!(42);
static UNKNOWN_MODE: StaticValue = nanvm_runtime::include_djs!("x.d.mjs", wat);
static NO_FILE: StaticValue = nanvm_runtime::include_djs!("no-such-file.d.mjs");

fn main() {
    let _ = (&NOT_A_PATH, &UNKNOWN_MODE, &NO_FILE);
}
