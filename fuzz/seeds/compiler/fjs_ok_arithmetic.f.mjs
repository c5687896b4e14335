// Numbers: every arithmetic, bitwise and comparison operator.
const nums = [0, -0, 1, -1, 0.5, 3, -7, 2 ** 53, 1 / 0, -1 / 0, 0 / 0, 1e21, 4294967295]

const pairs = nums.map(a => nums.map(b => [
    a + b, a - b, a * b, a / b, a % b,
    a < b, a <= b, a > b, a >= b, a === b, a !== b,
    a & b, a | b, a ^ b, a << b, a >> b, a >>> b,
]))

const powers = [[2, 10], [2, -1], [-8, 1 / 3], [0, 0], [1 / 0, 0], [0 / 0, 0], [-2, 0.5]].map(p => p[0] ** p[1])

const unary = nums.map(a => [-a, +a, ~a, !a, typeof a])

export default { pairs, powers, unary, precedence: [1 + 2 * 3 - 4 / 2 % 3, 2 ** 3 ** 2, (2 ** 3) ** 2, -(2 ** 2), 1 - -1, +'12', +'x', +true, - - 1] }
