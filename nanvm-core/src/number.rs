//! ECMAScript `Number::toString(x)`: how JavaScript writes a number.

/// Writes `x` as JavaScript's `String(x)` does: the shortest digits that
/// round-trip, laid out by the rules of ECMAScript `Number::toString`
/// (`1e+21`, `1.5e-7`, `123.456`, `-0` as `0`, `NaN`, `Infinity`).
pub fn number_to_string(x: f64) -> String {
    let mut out = String::new();
    write_number(&mut out, x);
    out
}

/// Appends [`number_to_string`]`(x)` to `out`.
pub fn write_number(out: &mut String, x: f64) {
    if x.is_nan() {
        out.push_str("NaN");
        return;
    }
    if x == 0.0 {
        out.push('0');
        return;
    }
    if x < 0.0 {
        out.push('-');
    }
    if x.is_infinite() {
        out.push_str("Infinity");
        return;
    }
    let mut buffer = ryu::Buffer::new();
    let (digits, n) = shortest_digits(buffer.format_finite(x.abs()));
    lay_out(out, digits.as_bytes(), n);
}

/// Splits ryu's output into significant digits `s` and the exponent `n` such
/// that the value is `0.s × 10^n` (ECMAScript's `k` is `s.len()`).
fn shortest_digits(text: &str) -> (String, i32) {
    let (mantissa, exponent) = match text.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let trimmed = all.trim_start_matches('0');
    let leading_zeros = (all.len() - trimmed.len()) as i32;
    let digits = trimmed.trim_end_matches('0').to_owned();
    (digits, int.len() as i32 + exponent - leading_zeros)
}

/// ECMAScript Number::toString steps 6–12 for digits `s` (k of them) and `n`.
fn lay_out(out: &mut String, s: &[u8], n: i32) {
    let k = s.len() as i32;
    let digits = |range: std::ops::Range<usize>| std::str::from_utf8(&s[range]).unwrap_or("");
    if k <= n && n <= 21 {
        out.push_str(digits(0..s.len()));
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(digits(0..n as usize));
        out.push('.');
        out.push_str(digits(n as usize..s.len()));
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(digits(0..s.len()));
    } else {
        out.push_str(digits(0..1));
        if k > 1 {
            out.push('.');
            out.push_str(digits(1..s.len()));
        }
        let e = n - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&e.unsigned_abs().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::number_to_string as s;

    #[test]
    fn ecmascript_layouts() {
        assert_eq!(s(0.0), "0");
        assert_eq!(s(-0.0), "0");
        assert_eq!(s(f64::NAN), "NaN");
        assert_eq!(s(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(s(1.0), "1");
        assert_eq!(s(-1.5), "-1.5");
        assert_eq!(s(123.456), "123.456");
        assert_eq!(s(1e21), "1e+21");
        assert_eq!(s(1e20), "100000000000000000000");
        assert_eq!(s(1.5e-7), "1.5e-7");
        assert_eq!(s(1e-6), "0.000001");
        assert_eq!(s(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(s(5e-324), "5e-324");
        assert_eq!(s(f64::MAX), "1.7976931348623157e+308");
        assert_eq!(s(123e-20), "1.23e-18");
    }
}
