// A syntax error in a DJS file: path:line:column, the line and a caret.
static CONFIG: nanvm_runtime::static_value::StaticValue =
    nanvm_runtime::include_djs!("../../fixtures/macros/bad/syntax.d.mjs", root = "..");

fn main() {
    let _ = &CONFIG;
}
