//! Hash maps keyed by the address of an allocation (the cycle collector's
//! and the memory walk's visited sets, the graph writers' sharing plan):
//! addresses are distinct and aligned, so one multiply hashes them well,
//! far cheaper than SipHash.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Hashes a `usize` address with one multiply.
#[derive(Default)]
pub(crate) struct AddrHasher(u64);

impl Hasher for AddrHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        // The high bits are the well-mixed ones; hashbrown uses the top 7 for tags.
        self.0.rotate_left(26)
    }
}

/// A map from addresses.
pub(crate) type AddrMap<V> = HashMap<usize, V, BuildHasherDefault<AddrHasher>>;

/// A set of addresses.
pub(crate) type AddrSet = HashSet<usize, BuildHasherDefault<AddrHasher>>;
