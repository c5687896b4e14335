// The array builtins of docs/fjs.md.
const range = n => Array.from({ length: n }, (_, i) => i)

const xs = range(10)

export default {
    holes: Array.from({ length: 3 }),
    squares: xs.map(x => x * x),
    indexed: ['a', 'b', 'c'].map((x, i) => `${i}:${x}`),
    evens: xs.filter(x => x % 2 === 0),
    total: xs.reduce((a, b) => a + b, 0),
    running: xs.reduce((acc, x, i) => [...acc, i === 0 ? x : acc[i - 1] + x], []),
    all: [xs.every(x => x < 10), xs.every(x => x < 5), [].every(x => false)],
    includes: [xs.includes(3), xs.includes(30), [0 / 0].includes(0 / 0), [-0].includes(0), ['1'].includes(1)],
    slices: [xs.slice(2, 5), xs.slice(-3), xs.slice(5, 2), xs.slice()],
    concat: [1].concat([2, [3]], 4, []),
    flat: [[1, [2, [3, [4]]]], [[]]].flat(Infinity),
    flatOne: [[1, [2]], 3].flat(),
}
