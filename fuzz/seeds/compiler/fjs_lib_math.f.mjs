// A library of arithmetic helpers: an object of functions.

const square = x => x * x

const sum = xs => xs.reduce((a, b) => a + b, 0)

/** The integers from 0 below `n`. */
const range = n => Array.from({ length: n }, (_, i) => i)

const gcd = (a, b) => b === 0 ? a : gcd(b, a % b)

export default { square, sum, range, gcd }
