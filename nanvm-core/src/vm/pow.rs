//! `x ** y` on numbers, bit for bit as V8 (and so node) computes it.
//!
//! V8 runs fdlibm's `pow` (`base::ieee754::legacy::pow`), which is "nearly
//! rounded": it differs from a correctly rounded `pow` (glibc's, Rust's
//! `f64::powf`) in the last bit for some operands (`33 ** 33`, `2 ** 1.5`).
//! This is a Rust port of that algorithm, with V8's one change to it (the
//! grouping of the last division, marked below).
//!
//! The algorithm is fdlibm's `e_pow.c`:
//!
//! ```text
//! Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//!
//! Developed at SunSoft, a Sun Microsystems, Inc. business.
//! Permission to use, copy, modify, and distribute this
//! software is freely granted, provided that this notice
//! is preserved.
//! ```
//!
//! Method: write x = 2^n (1 + f); compute log2(x) in two pieces w1 + w2
//! (w1 with 29 trailing zero bits), y·log2(x) = n' + y' by simulated
//! multi-precision arithmetic with |y'| ≤ 0.5, and return 2^n' · exp(y'·ln 2).

// The constants, as the bit patterns fdlibm documents them.
const fn bits(b: u64) -> f64 {
    f64::from_bits(b)
}

const BP: [f64; 2] = [1.0, 1.5];
const DP_H: [f64; 2] = [0.0, bits(0x3FE2_B803_4000_0000)];
const DP_L: [f64; 2] = [0.0, bits(0x3E4C_FDEB_43CF_D006)];
const TWO53: f64 = 9_007_199_254_740_992.0;
const HUGE: f64 = 1.0e300;
const TINY: f64 = 1.0e-300;
// Polynomial coefficients for (3/2)(log(x) - 2s - 2/3 s^3).
const L1: f64 = bits(0x3FE3_3333_3333_3303);
const L2: f64 = bits(0x3FDB_6DB6_DB6F_ABFF);
const L3: f64 = bits(0x3FD5_5555_518F_264D);
const L4: f64 = bits(0x3FD1_7460_A91D_4101);
const L5: f64 = bits(0x3FCD_864A_93C9_DB65);
const L6: f64 = bits(0x3FCA_7E28_4A45_4EEF);
const P1: f64 = bits(0x3FC5_5555_5555_553E);
const P2: f64 = bits(0xBF66_C16C_16BE_BD93);
const P3: f64 = bits(0x3F11_566A_AF25_DE2C);
const P4: f64 = bits(0xBEBB_BD41_C5D2_6BF1);
const P5: f64 = bits(0x3E66_3769_72BE_A4D0);
const LG2: f64 = bits(0x3FE6_2E42_FEFA_39EF);
const LG2_H: f64 = bits(0x3FE6_2E43_0000_0000);
const LG2_L: f64 = bits(0xBE20_5C61_0CA8_6C39);
/// -(1024 - log2(overflow + 0.5 ulp)).
const OVT: f64 = 8.008_566_259_537_294e-17;
/// 2/(3 ln 2), its high 24 bits and its tail.
const CP: f64 = bits(0x3FEE_C709_DC3A_03FD);
const CP_H: f64 = bits(0x3FEE_C709_E000_0000);
const CP_L: f64 = bits(0xBE3E_2FE0_145B_01F5);
/// 1/ln 2, its high 24 bits and its tail.
const IVLN2: f64 = bits(0x3FF7_1547_652B_82FE);
const IVLN2_H: f64 = bits(0x3FF7_1547_6000_0000);
const IVLN2_L: f64 = bits(0x3E54_AE0B_F85D_DF44);

fn high(x: f64) -> i32 {
    (x.to_bits() >> 32) as i32
}

fn low(x: f64) -> u32 {
    x.to_bits() as u32
}

fn with_high(x: f64, hi: i32) -> f64 {
    f64::from_bits((x.to_bits() & 0xFFFF_FFFF) | (u64::from(hi as u32) << 32))
}

fn with_low(x: f64, lo: u32) -> f64 {
    f64::from_bits((x.to_bits() & 0xFFFF_FFFF_0000_0000) | u64::from(lo))
}

/// x · 2^n, rounded once (fdlibm's `scalbn`).
fn scalbn(mut x: f64, mut n: i32) -> f64 {
    let two_1023 = f64::from_bits(0x7FE0_0000_0000_0000);
    let two_m969 = f64::from_bits(0x0360_0000_0000_0000); // 2^-1022 · 2^53
    if n > 1023 {
        x *= two_1023;
        n -= 1023;
        if n > 1023 {
            x *= two_1023;
            n = (n - 1023).min(1023);
        }
    } else if n < -1022 {
        // Scale by 2^-969 steps so that the final rounding happens once.
        x *= two_m969;
        n += 969;
        if n < -1022 {
            x *= two_m969;
            n = (n + 969).max(-1022);
        }
    }
    x * f64::from_bits(((0x3FF + n) as u64) << 52)
}

/// fdlibm's `pow(x, y)`, as V8 has it. ECMAScript's differences from C
/// (`x ** NaN`, `(±1) ** ±Infinity`) are the caller's.
pub(crate) fn fdlibm_pow(x: f64, y: f64) -> f64 {
    let (hx, lx) = (high(x), low(x));
    let (hy, ly) = (high(y), low(y));
    let mut ix = hx & 0x7FFF_FFFF;
    let iy = hy & 0x7FFF_FFFF;

    // y == 0: x ** 0 = 1.
    if (iy as u32 | ly) == 0 {
        return 1.0;
    }
    // NaN in, NaN out.
    if ix > 0x7FF0_0000
        || (ix == 0x7FF0_0000 && lx != 0)
        || iy > 0x7FF0_0000
        || (iy == 0x7FF0_0000 && ly != 0)
    {
        return x + y;
    }
    // Whether y is an integer when x < 0: 0 no, 1 odd, 2 even.
    let mut yisint = 0;
    if hx < 0 {
        if iy >= 0x4340_0000 {
            yisint = 2;
        } else if iy >= 0x3FF0_0000 {
            let k = (iy >> 20) - 0x3FF;
            if k > 20 {
                let j = ly >> (52 - k);
                if (j << (52 - k)) == ly {
                    yisint = 2 - (j & 1) as i32;
                }
            } else if ly == 0 {
                let j = iy >> (20 - k);
                if (j << (20 - k)) == iy {
                    yisint = 2 - (j & 1);
                }
            }
        }
    }
    // Special values of y.
    if ly == 0 {
        if iy == 0x7FF0_0000 {
            return if ((ix - 0x3FF0_0000) as u32 | lx) == 0 {
                f64::NAN // (±1) ** ±inf
            } else if ix >= 0x3FF0_0000 {
                if hy >= 0 {
                    y
                } else {
                    0.0
                }
            } else if hy < 0 {
                -y
            } else {
                0.0
            };
        }
        if iy == 0x3FF0_0000 {
            return if hy < 0 { 1.0 / x } else { x };
        }
        if hy == 0x4000_0000 {
            return x * x;
        }
        if hy == 0x3FE0_0000 && hx >= 0 {
            return x.sqrt();
        }
    }
    let mut ax = x.abs();
    // Special values of x: ±0, ±inf, ±1.
    if lx == 0 && (ix == 0x7FF0_0000 || ix == 0 || ix == 0x3FF0_0000) {
        let mut z = ax;
        if hy < 0 {
            z = 1.0 / z;
        }
        if hx < 0 {
            if ((ix - 0x3FF0_0000) | yisint) == 0 {
                z = f64::NAN; // (-1) ** non-integer
            } else if yisint == 1 {
                z = -z;
            }
        }
        return z;
    }
    let sign_bit = (hx >> 31) + 1; // 0 when x < 0
    if (sign_bit | yisint) == 0 {
        return f64::NAN; // (x < 0) ** non-integer
    }
    let s = if (sign_bit | (yisint - 1)) == 0 {
        -1.0
    } else {
        1.0
    };

    let (t1, t2);
    if iy > 0x41E0_0000 {
        // |y| > 2^31.
        if iy > 0x43F0_0000 {
            // |y| > 2^64: overflow or underflow.
            if ix <= 0x3FEF_FFFF {
                return if hy < 0 { HUGE * HUGE } else { TINY * TINY };
            }
            if ix >= 0x3FF0_0000 {
                return if hy > 0 { HUGE * HUGE } else { TINY * TINY };
            }
        }
        if ix < 0x3FEF_FFFF {
            return if hy < 0 {
                s * HUGE * HUGE
            } else {
                s * TINY * TINY
            };
        }
        if ix > 0x3FF0_0000 {
            return if hy > 0 {
                s * HUGE * HUGE
            } else {
                s * TINY * TINY
            };
        }
        // |1 - x| ≤ 2^-20: log(x) by x - x²/2 + x³/3 - x⁴/4.
        let t = ax - 1.0;
        let w = (t * t) * (0.5 - t * (1.0 / 3.0 - t * 0.25));
        let u = IVLN2_H * t;
        let v = t * IVLN2_L - w * IVLN2;
        t1 = with_low(u + v, 0);
        t2 = v - (t1 - u);
    } else {
        let mut n = 0;
        if ix < 0x0010_0000 {
            // Subnormal x.
            ax *= TWO53;
            n -= 53;
            ix = high(ax);
        }
        n += (ix >> 20) - 0x3FF;
        let j = ix & 0x000F_FFFF;
        ix = j | 0x3FF0_0000;
        let k = if j <= 0x3988E {
            0 // |x| < sqrt(3/2)
        } else if j < 0xBB67A {
            1 // |x| < sqrt(3)
        } else {
            n += 1;
            ix -= 0x0010_0000;
            0
        };
        ax = with_high(ax, ix);
        // ss = s_h + s_l = (x - 1)/(x + 1) or (x - 1.5)/(x + 1.5).
        let u = ax - BP[k];
        let v = 1.0 / (ax + BP[k]);
        let ss = u * v;
        let s_h = with_low(ss, 0);
        let t_h = with_high(
            0.0,
            ((ix >> 1) | 0x2000_0000) + 0x0008_0000 + ((k as i32) << 18),
        );
        let t_l = ax - (t_h - BP[k]);
        let s_l = v * ((u - s_h * t_h) - s_h * t_l);
        // log(ax).
        let s2 = ss * ss;
        let mut r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
        r += s_l * (s_h + ss);
        let s2 = s_h * s_h;
        let t_h = with_low(3.0 + s2 + r, 0);
        let t_l = r - ((t_h - 3.0) - s2);
        let u = s_h * t_h;
        let v = s_l * t_h + t_l * ss;
        let p_h = with_low(u + v, 0);
        let p_l = v - (p_h - u);
        let z_h = CP_H * p_h;
        let z_l = CP_L * p_h + p_l * CP + DP_L[k];
        // log2(ax) = n + dp_h + z_h + z_l.
        let t = f64::from(n);
        t1 = with_low(((z_h + z_l) + DP_H[k]) + t, 0);
        t2 = z_l - (((t1 - t) - DP_H[k]) - z_h);
    }

    // (y1 + y2) · (t1 + t2), y1 the high part of y.
    let y1 = with_low(y, 0);
    let p_l = (y - y1) * t1 + y * t2;
    let mut p_h = y1 * t1;
    let z = p_l + p_h;
    let (j, i) = (high(z), low(z));
    if j >= 0x4090_0000 {
        // z ≥ 1024.
        if ((j - 0x4090_0000) as u32 | i) != 0 || p_l + OVT > z - p_h {
            return s * HUGE * HUGE;
        }
    } else if (j & 0x7FFF_FFFF) >= 0x4090_CC00 {
        // z ≤ -1075.
        if ((j as u32).wrapping_sub(0xC090_CC00) | i) != 0 || p_l <= z - p_h {
            return s * TINY * TINY;
        }
    }
    // 2^(p_h + p_l).
    let i = j & 0x7FFF_FFFF;
    let mut k = (i >> 20) - 0x3FF;
    let mut n = 0;
    if i > 0x3FE0_0000 {
        // |z| > 0.5: n = [z + 0.5].
        n = j + (0x0010_0000 >> (k + 1));
        k = ((n & 0x7FFF_FFFF) >> 20) - 0x3FF;
        let t = with_high(0.0, n & !(0x000F_FFFF >> k));
        n = ((n & 0x000F_FFFF) | 0x0010_0000) >> (20 - k);
        if j < 0 {
            n = -n;
        }
        p_h -= t;
    }
    let t = with_low(p_l + p_h, 0);
    let u = t * LG2_H;
    let v = (p_l - (t - p_h)) * LG2 + t * LG2_L;
    let mut z = u + v;
    let w = v - (z - u);
    let t = z * z;
    let t1 = z - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    // V8's grouping; fdlibm has `(z * t1) / (t1 - 2) - (w + z * w)`.
    let r = (z * t1) / ((t1 - 2.0) - (w + z * w));
    z = 1.0 - (r - z);
    let j = high(z).wrapping_add(((n as u32) << 20) as i32);
    if (j >> 20) <= 0 {
        z = scalbn(z, n); // subnormal result
    } else {
        z = with_high(z, j);
    }
    s * z
}

#[cfg(test)]
mod tests {
    use super::fdlibm_pow;

    #[test]
    fn exact_cases_are_exact() {
        assert_eq!(fdlibm_pow(2.0, 10.0), 1024.0);
        assert_eq!(fdlibm_pow(3.0, 3.0), 27.0);
        assert_eq!(fdlibm_pow(2.0, -1074.0), 5e-324);
        assert_eq!(fdlibm_pow(2.0, 1024.0), f64::INFINITY);
        assert_eq!(fdlibm_pow(-2.0, 3.0), -8.0);
        assert_eq!(fdlibm_pow(4.0, 0.5), 2.0);
        assert!(fdlibm_pow(-2.0, 0.5).is_nan());
        assert_eq!(fdlibm_pow(-0.0, -3.0), f64::NEG_INFINITY);
        assert_eq!(fdlibm_pow(0.5, f64::INFINITY), 0.0);
    }
}
