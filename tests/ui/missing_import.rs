// A module imports a file that does not exist.
static CONFIG: nanvm_runtime::static_value::StaticValue =
    nanvm_runtime::include_djs!("../../fixtures/macros/bad/missing-import.d.mjs", root = "..");

fn main() {
    let _ = &CONFIG;
}
