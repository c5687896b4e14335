// Object literals: computed keys, shorthand, __proto__ as a property, key order.
const key = 'k'
const __proto__ = 'shorthand proto'
const n = 3

export default {
    computed: { [key]: 1, [key + '2']: 2, [n]: 'three', [n * 10]: 'thirty', ['__proto__']: 'own' },
    shorthand: { key, n, __proto__ },
    order: { b: 1, 2: 'two', a: 2, 1: 'one', b2: 3, '-1': 'minus', '01': 'zero-one' },
    duplicates: { a: 1, b: 2, a: 3 },
    access: [{ a: { b: [10, 20] } }.a.b[1], [1, 2, 3].length, 'abc'.length, { length: 5 }.length, [[1, 2]][0][1]],
    missing: [{}.x, [][0], 'ab'[5]],
    keywords: { if: 1, default: 2, true: 3, null: 4, class: 5 }.class,
    numericKeys: { 0x10: 'sixteen', 1.50: 'one and a half', 1e21: 'big', 0.0000001: 'small', 7n: 'bigint', 0: 'zero', 'x': 'x', [-0]: 'minus zero' },
}
