// The 8 bytes of an IEEE-754 double, least-significant first, computed with
// exact arithmetic only (JavaScript has no FunctionalScript way to read a
// double's bits: DataView and typed arrays are not FunctionalScript).
//
// Multiplying or dividing by a power of two is exact as long as the result
// is representable, and so are comparisons; the exponent is found by binary
// search against a table of powers of two, the significand by scaling.
// NaN is written as the canonical quiet NaN 0x7FF8000000000000.

const square = x => x * x

/** 2 ** k for an integer 0 <= k <= 1023, by exact squaring. */
const up = k => k === 0 ? 1 : k % 2 === 0 ? square(up(k / 2)) : 2 * up(k - 1)

/** 2 ** -k for an integer 0 <= k <= 1074, by exact squaring. */
const down = k => k === 0 ? 1 : k % 2 === 0 ? square(down(k / 2)) : 0.5 * down(k - 1)

/** table[k + 1074] is 2 ** k, for -1074 <= k <= 1023. */
const table = Array.from({ length: 2098 }, (_, i) => i < 1074 ? down(1074 - i) : up(i - 1074))

const pow2 = k => table[k + 1074]

/** The e in [lo, hi] with 2 ** e <= x < 2 ** (e + 1), for 2 ** lo <= x < 2 ** (hi + 1). */
const exponent = (x, lo, hi) => {
    if (lo === hi) { return lo }
    const mid = (lo + hi + 1) >> 1
    return x >= pow2(mid) ? exponent(x, mid, hi) : exponent(x, lo, mid - 1)
}

/** The `n` low bytes of the integer `f`, least-significant first. */
const lowBytes = (f, n) => n === 0 ? [] : [f % 256, ...lowBytes((f - f % 256) / 256, n - 1)]

/** The bytes of sign bit `sign`, biased exponent `biased` and fraction `frac` (< 2 ** 52). */
const pack = (sign, biased, frac) => {
    const top = (frac - frac % pow2(48)) / pow2(48)
    return [...lowBytes(frac, 6), top | ((biased & 15) << 4), (sign << 7) | (biased >> 4)]
}

/** The fields of a magnitude `a` (not NaN, not negative). */
const magnitude = (sign, a) => {
    if (a === 0) { return pack(sign, 0, 0) }
    if (a - a !== 0) { return pack(sign, 2047, 0) }
    if (a < pow2(-1022)) { return pack(sign, 0, a * pow2(1000) * pow2(74)) }
    const e = exponent(a, -1022, 1023)
    return pack(sign, e + 1023, (a / pow2(e) - 1) * pow2(52))
}

/** The 8 bytes of the double `x`, least-significant first. */
const f64 = x =>
    x !== x ? [0, 0, 0, 0, 0, 0, 0xf8, 0x7f]
    : x < 0 ? magnitude(1, -x)
    : magnitude(x === 0 && 1 / x < 0 ? 1 : 0, x === 0 ? 0 : x)

export default f64
