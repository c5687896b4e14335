// An error in djs! tokens points at the offending token.
static VALUE: nanvm_runtime::static_value::StaticValue = nanvm_runtime::djs! {
    {
        a: 1,
        b: 2 c: 3,
    }
};

fn main() {
    let _ = &VALUE;
}
