// Limits set by name in include_djs!: input past one is an error naming it;
// an unknown name or a value that is not an integer is an error at it.
use nanvm_runtime::static_value::StaticValue;

static DEEP: StaticValue = nanvm_runtime::include_djs!("limits/deep.d.mjs", max_depth = 3);
static LONG: StaticValue = nanvm_runtime::include_djs!("limits/long.f.mjs", max_string_len = 70);
static TEXT: StaticValue = nanvm_runtime::include_djs!("limits/long.f.mjs", max_string_len = 10);
static WIDE: StaticValue = nanvm_runtime::include_djs!("limits/deep.d.mjs", max_properties = 0);
static OUTPUT: StaticValue =
    nanvm_runtime::include_djs!("limits/deep.d.mjs", max_output_len = 8);
static UNKNOWN: StaticValue = nanvm_runtime::include_djs!("limits/deep.d.mjs", max_colour = 3);
static NOT_A_NUMBER: StaticValue = nanvm_runtime::include_djs!("limits/deep.d.mjs", max_depth = "3");
// Within the limits, a value.
static FITS: StaticValue =
    nanvm_runtime::include_djs!("limits/long.f.mjs", max_string_len = 78, max_depth = 5);

fn main() {
    let _ = (&DEEP, &LONG, &TEXT, &WIDE, &OUTPUT, &UNKNOWN, &NOT_A_NUMBER, &FITS);
}
