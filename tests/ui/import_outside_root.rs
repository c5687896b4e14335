// Imports stay under the calling crate's directory (here `tests/`) unless
// `root = "…"` widens it: the entry, an import in a file, and an import in
// djs! tokens.
use nanvm_runtime::static_value::StaticValue;

static ENTRY_OUTSIDE: StaticValue =
    nanvm_runtime::include_djs!("../../fixtures/macros/config/main.d.mjs");
static IMPORT_OUTSIDE: StaticValue = nanvm_runtime::include_djs!("root/escape.d.mjs");
static DJS_IMPORT_OUTSIDE: StaticValue = nanvm_runtime::djs! {
    import config from "../../fixtures/macros/config/main.d.mjs"
    export default config
};
// Widened, the same import is a value.
static WIDENED: StaticValue = nanvm_runtime::include_djs!("root/escape.d.mjs", root = "..");
static ABSOLUTE: StaticValue = nanvm_runtime::include_djs!("root/absolute.d.mjs", root = "..");

fn main() {
    let _ = (&ENTRY_OUTSIDE, &IMPORT_OUTSIDE, &DJS_IMPORT_OUTSIDE, &WIDENED, &ABSOLUTE);
}
