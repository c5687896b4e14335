// Bigints: literals in every radix and the operators on them.
const big = [0n, 1n, -1n, 7n, -7n, 2n ** 64n, -(2n ** 64n) + 1n, 0xffn, 0o17n, 0b101n, 123456789012345678901234567890n]

const small = [1n, 2n, 3n, -5n]

const ops = big.map(a => small.map(b => [a + b, a - b, a * b, a / b, a % b, a & b, a | b, a ^ b, a << b, a >> b, a < b, a === b, a > b]))

export default { ops, powers: small.map(b => b > 0n ? 3n ** b : 0n), negated: big.map(a => -a), types: big.map(a => typeof a), mixed: [1n < 2, 2 > 1n, 1n === 1] }
