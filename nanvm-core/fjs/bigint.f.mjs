// The magnitude of a bigint as little-endian 64-bit limbs, each 8 bytes,
// least-significant first (the `BigUInt` of docs/bytecode.md).
//
// The limbs are split off by halving (divide and conquer), so a bigint of L
// limbs costs O(L log L) limb copies and recursion O(log L) deep.

/** Whether `n` fits in `k` limbs. */
const fits = (n, k) => (n >> (64n * k)) === 0n

/** The least power of two k >= `k` such that `n` fits in k limbs. */
const width = (n, k) => fits(n, k) ? k : width(n, k * 2n)

/** The `k` limbs of `n` (`k` a power of two, `n` fits), least-significant first. */
const split = (n, k) =>
    k === 1n ? [n]
    : [...split(n & ((1n << (32n * k)) - 1n), k / 2n), ...split(n >> (32n * k), k / 2n)]

/** The limbs of `n` >= 0 without zero limbs on top (none for 0). */
const limbs = n => {
    const all = split(n, width(n, 1n))
    const used = all.reduce((count, limb, i) => limb === 0n ? count : i + 1, 0)
    return all.slice(0, used)
}

const shifts = [0n, 8n, 16n, 24n, 32n, 40n, 48n, 56n]

/** The 8 bytes of a limb, least-significant first. */
const limbBytes = limb => shifts.map(s => Number((limb >> s) & 255n))

export default { limbs, limbBytes }
