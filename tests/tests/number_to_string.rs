//! `number_to_string` against JavaScript's `String(x)`: every double of
//! `fixtures/numbers/number-to-string.txt` (written by node, see
//! `scripts/gen-number-fixture.mjs`) must be written exactly as node wrote it.

use nanvm_runtime::number::number_to_string;

/// `<f64 bits as 16 hex digits> <String(x)>` per line, `#` lines are comments.
const FIXTURE: &str = include_str!("../../fixtures/numbers/number-to-string.txt");

/// The fewest cases the fixture must hold, so an emptied file cannot pass.
const MIN_CASES: usize = 20_000;

/// How many mismatches the failure message lists.
const MAX_REPORTED: usize = 50;

/// One fixture line: the double and the text JavaScript gives for it.
struct Case<'a> {
    line: usize,
    bits: u64,
    expected: &'a str,
}

fn cases() -> Vec<Case<'static>> {
    FIXTURE
        .lines()
        .enumerate()
        .filter(|(_, text)| !text.is_empty() && !text.starts_with('#'))
        .map(|(index, text)| {
            let (hex, expected) = text
                .split_once(' ')
                .unwrap_or_else(|| panic!("line {}: no space in {text:?}", index + 1));
            let bits = u64::from_str_radix(hex, 16)
                .unwrap_or_else(|e| panic!("line {}: bad bits {hex:?}: {e}", index + 1));
            assert_eq!(
                hex.len(),
                16,
                "line {}: bits must be 16 hex digits",
                index + 1
            );
            Case {
                line: index + 1,
                bits,
                expected,
            }
        })
        .collect()
}

#[test]
fn matches_javascript_string_of_number() {
    let cases = cases();
    assert!(
        cases.len() >= MIN_CASES,
        "fixture has {} cases, expected at least {MIN_CASES}",
        cases.len()
    );
    let mismatches: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let actual = number_to_string(f64::from_bits(case.bits));
            (actual != case.expected).then(|| {
                format!(
                    "line {}: bits {:016x}: expected {:?}, got {actual:?}",
                    case.line, case.bits, case.expected
                )
            })
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from JavaScript:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches
            .iter()
            .take(MAX_REPORTED)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn fixture_covers_layouts_and_specials() {
    let expected: Vec<&str> = cases().iter().map(|case| case.expected).collect();
    let has = |predicate: &dyn Fn(&str) -> bool| expected.iter().any(|text| predicate(text));
    assert!(has(&|t| t == "NaN"), "no NaN");
    assert!(has(&|t| t == "-Infinity"), "no -Infinity");
    assert!(has(&|t| t == "5e-324"), "no smallest subnormal");
    assert!(has(&|t| t == "1.7976931348623157e+308"), "no MAX_VALUE");
    assert!(has(&|t| t.ends_with("e+21")), "no 1e21 exponent layout");
    assert!(
        has(&|t| t.len() == 21 && t.bytes().all(|b| b.is_ascii_digit())),
        "no 21-digit integer"
    );
    assert!(
        has(&|t| t.starts_with("0.00000") && !t.contains('e')),
        "no 0.00000d layout"
    );
    assert!(has(&|t| t.ends_with("e-7")), "no e-7 layout");
}
