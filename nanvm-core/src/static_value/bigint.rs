//! Static bigints: a sign and 64-bit limbs.

use std::fmt;

use num_bigint::{BigInt, BigUint, Sign};

/// A JavaScript bigint in static memory: a sign and the magnitude as 64-bit
/// limbs, least significant first.
///
/// The generated code writes bigints canonically (no zero limb at the most
/// significant end, and zero as no limbs, not negative); comparisons and
/// conversions accept the other forms too.
///
/// ```
/// use nanvm_runtime::static_value::StaticBigInt;
/// use nanvm_runtime::value::BigInt;
///
/// // -(2^64 + 5)
/// let n = StaticBigInt { negative: true, limbs: &[5, 1] };
/// assert_eq!(n.to_bigint(), -(BigInt::from(1u128 << 64) + BigInt::from(5)));
/// assert_eq!(n.to_string(), "-18446744073709551621");
/// assert_eq!(n.to_i64(), None);
/// assert_eq!(StaticBigInt { negative: true, limbs: &[1 << 63] }.to_i64(), Some(i64::MIN));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct StaticBigInt {
    /// Whether the bigint is below zero.
    pub negative: bool,
    /// The magnitude, in 64-bit limbs, least significant first.
    pub limbs: &'static [u64],
}

impl StaticBigInt {
    /// A bigint of this sign and magnitude (limbs least significant first).
    pub const fn new(negative: bool, limbs: &'static [u64]) -> Self {
        StaticBigInt { negative, limbs }
    }

    /// The limbs without zero limbs at the most significant end.
    fn magnitude(&self) -> &'static [u64] {
        let len = self
            .limbs
            .iter()
            .rposition(|&limb| limb != 0)
            .map_or(0, |i| i + 1);
        &self.limbs[..len]
    }

    /// Whether the bigint is zero.
    pub fn is_zero(&self) -> bool {
        self.magnitude().is_empty()
    }

    /// Whether the bigint is below zero (zero is not, whatever its sign bit).
    pub fn is_negative(&self) -> bool {
        self.negative && !self.is_zero()
    }

    /// The bigint as a [`BigInt`].
    pub fn to_bigint(&self) -> BigInt {
        let digits = self
            .magnitude()
            .iter()
            .flat_map(|&limb| [limb as u32, (limb >> 32) as u32]);
        let magnitude = BigUint::new(digits.collect());
        let sign = if self.negative {
            Sign::Minus
        } else {
            Sign::Plus
        };
        BigInt::from_biguint(sign, magnitude)
    }

    /// The bigint as an `i128`, if it is in range.
    pub fn to_i128(&self) -> Option<i128> {
        let magnitude = match self.magnitude() {
            [] => 0,
            [low] => u128::from(*low),
            [low, high] => u128::from(*low) | u128::from(*high) << 64,
            _ => return None,
        };
        if self.negative {
            0i128.checked_sub_unsigned(magnitude)
        } else {
            i128::try_from(magnitude).ok()
        }
    }

    /// The bigint as an `i64`, if it is in range.
    pub fn to_i64(&self) -> Option<i64> {
        i64::try_from(self.to_i128()?).ok()
    }

    /// The bigint as a `u64`, if it is in range.
    pub fn to_u64(&self) -> Option<u64> {
        u64::try_from(self.to_i128()?).ok()
    }
}

impl PartialEq for StaticBigInt {
    /// Equality of values (`0` equals `-0`, zero limbs at the top are ignored).
    fn eq(&self, other: &Self) -> bool {
        self.is_negative() == other.is_negative() && self.magnitude() == other.magnitude()
    }
}

impl Eq for StaticBigInt {}

impl fmt::Display for StaticBigInt {
    /// Writes the bigint in decimal, as JavaScript's `String(n)` does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_bigint(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_at_the_edges() {
        let zero = StaticBigInt::new(true, &[0, 0]);
        assert_eq!(zero.to_bigint(), BigInt::from(0));
        assert!(!zero.is_negative());
        assert_eq!(zero, StaticBigInt::new(false, &[]));
        let min = StaticBigInt::new(true, &[0, 1 << 63]);
        assert_eq!(min.to_i128(), Some(i128::MIN));
        assert_eq!(min.to_bigint(), BigInt::from(i128::MIN));
        assert_eq!(StaticBigInt::new(false, &[0, 1 << 63]).to_i128(), None);
        assert_eq!(
            StaticBigInt::new(false, &[u64::MAX]).to_u64(),
            Some(u64::MAX)
        );
        assert_eq!(StaticBigInt::new(false, &[u64::MAX]).to_i64(), None);
        assert_eq!(StaticBigInt::new(true, &[1]).to_u64(), None);
        let wide = StaticBigInt::new(false, &[1, 2, 3]);
        let expected = (BigInt::from(3) << 128) + (BigInt::from(2) << 64) + 1;
        assert_eq!(wide.to_bigint(), expected);
        assert_eq!(wide.to_i128(), None);
    }
}
