#!/usr/bin/env node
// Writes fixtures/numbers/number-to-string.txt: JavaScript's `String(x)` for a
// deterministic sample of doubles, the oracle of tests/tests/number_to_string.rs.
//
// Each line is `<16 hex digits of the f64 bits> <String(x)>`. The sample is
// drawn from a fixed-seed splitmix64 generator, so running the script again
// with the same engine gives the same file.
//
// Usage: node scripts/gen-number-fixture.mjs

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const output = join(root, "fixtures", "numbers", "number-to-string.txt");

const MASK64 = (1n << 64n) - 1n;

/** splitmix64 with a fixed seed: a deterministic stream of 64-bit BigInts. */
function splitmix64(seed) {
  let state = BigInt(seed) & MASK64;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
}

const next64 = splitmix64(0x6e616e766d); // "nanvm"
/** A uniform integer in [0, n) for a small positive integer n. */
const below = (n) => Number(next64() % BigInt(n));

const view = new DataView(new ArrayBuffer(8));
const bitsOf = (x) => {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
};
const fromBits = (bits) => {
  view.setBigUint64(0, bits & MASK64);
  return view.getFloat64(0);
};
/** The double whose bits are `steps` more than those of `x` (away from zero for `steps > 0`). */
const stepBits = (x, steps) => {
  const bits = bitsOf(x) + BigInt(steps);
  return bits < 0n || bits > MASK64 ? x : fromBits(bits);
};

const seen = new Set();
const lines = [];
/** Adds the double with these bits, once. */
const addBits = (bits) => {
  bits &= MASK64;
  if (seen.has(bits)) return;
  seen.add(bits);
  lines.push(`${bits.toString(16).padStart(16, "0")} ${String(fromBits(bits))}`);
};
/** Adds `x` and `-x`. */
const addBoth = (x) => {
  addBits(bitsOf(x));
  addBits(bitsOf(-x));
};
/** Adds `x` or `-x`, the sign drawn at random (the sign only adds a `-`). */
const add = (x) => addBits(bitsOf(x) ^ ((next64() & 1n) << 63n));
/** Adds `x` and its neighbours up to `radius` ulps away, each with a random sign. */
const addAround = (x, radius) => {
  for (let i = -radius; i <= radius; i++) add(stepBits(Math.abs(x), i));
};

// Special values and famous constants.
addBits(0x7ff8000000000000n); // NaN
addBits(0xfff8000000000000n); // NaN with the sign bit
addBits(0x7ff0000000000001n); // signalling NaN
addBits(0x7fffffffffffffffn); // NaN with a full payload
for (const x of [
  0, Infinity, Number.MIN_VALUE, Number.MAX_VALUE, Number.EPSILON,
  Number.MAX_SAFE_INTEGER, 2.2250738585072014e-308, 2.225073858507201e-308,
  0.1 + 0.2, 0.1 + 0.7, 1 / 3, 2 / 3, Math.PI, Math.E, Math.SQRT2, Math.LN2,
  1.1 * 1.1, 0.3 - 0.1, 100 / 3, 123e-20, 9007199254740993, 5e-324 * 3,
  1.7976931348623157e308 / 3, 4.35, 0.000001, 0.0000001, 1e21, 1e20,
  123456789012345680000, 1.5e-7, 2 ** 63, 2 ** 64, 2 ** -1074, 2 ** -1022,
  2 ** 1023, 2 ** 69, 2 ** 70, 2 ** 66, 2 ** -20, 2 ** -23, 2 ** -24,
]) {
  for (let i = -3; i <= 3; i++) addBoth(stepBits(x, i));
}

// Powers of ten 1e-330..1e310 and their neighbours (underflow to 0, overflow
// to Infinity included), and 2·, 5·, 9.99…· 10^k.
for (let k = -330; k <= 310; k++) {
  addAround(parseFloat(`1e${k}`), 2);
  add(parseFloat(`2e${k}`));
  add(parseFloat(`5e${k}`));
  add(parseFloat(`9.999999999999999e${k}`));
  add(parseFloat(`1.0000000000000002e${k}`));
}

// Layout boundaries: 1e21 (integer vs exponent), 1e-6 / 1e-7 (0.00000d vs
// d e-7), and 1 (integer vs fraction).
for (const x of [1e21, 1e-6, 1e-7, 1, 1e-5, 1e22, 1e23]) addAround(x, 60);
for (let d = 1; d < 100; d++) {
  add(d * 1e19);
  add(d * 1e20);
  add(parseFloat(`${d}e-8`));
  add(parseFloat(`${d}e-7`));
  add(parseFloat(`0.${d}e-6`));
}

// Integers near 2^53 (the end of exact integers) and other powers of two.
for (const p of [53, 54, 55, 64, 70]) {
  const base = 2n ** BigInt(p);
  for (let i = -150n; i <= 150n; i++) add(Number(base + i * (p > 53 ? 2n ** BigInt(p - 53) : 1n)));
}
for (let p = -1074; p <= 1023; p++) add(2 ** p);

// Subnormals: the smallest ones, the largest ones, random ones.
for (let i = 1n; i <= 100n; i++) add(fromBits(i));
for (let i = 0n; i < 100n; i++) add(fromBits(0x000fffffffffffffn - i));
for (let i = 0; i < 1000; i++) addBits(next64() & 0x800fffffffffffffn);

// Random bit patterns over all exponents (NaNs and infinities included).
for (let i = 0; i < 10000; i++) addBits(next64());

// Random "human" decimals: short digit strings with a random exponent.
const randomDigits = (count) => {
  let text = String(1 + below(9));
  for (let i = 1; i < count; i++) text += String(below(10));
  return text;
};
for (let i = 0; i < 8000; i++) {
  const digits = randomDigits(1 + below(i % 4 === 0 ? 20 : 8));
  const exponent = i % 2 === 0 ? below(50) - 30 : below(660) - 340;
  add(parseFloat(`${digits}e${exponent}`));
}
// Decimals with a point, as typed in configuration files.
for (let i = 0; i < 3000; i++) {
  const int = randomDigits(1 + below(6));
  const frac = randomDigits(1 + below(6));
  add(parseFloat(`${below(3) === 0 ? "0" : int}.${frac}`));
}

// Random safe integers and integer-valued doubles of every size below 2^70.
for (let i = 0; i < 1500; i++) {
  const bits = BigInt(1 + below(70));
  add(Number(next64() & ((1n << bits) - 1n)));
}

const header = [
  "# String(x) of JavaScript for a sample of doubles: `<f64 bits as 16 hex digits> <String(x)>`.",
  `# Generated by node ${process.version}. Regenerate: node scripts/gen-number-fixture.mjs`,
];
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, [...header, ...lines, ""].join("\n"));
console.log(`wrote ${lines.length} cases to ${output}`);
