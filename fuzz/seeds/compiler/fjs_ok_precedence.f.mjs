// Operators of every precedence level against each other.
const t = true
const o = { a: [1, 2, { b: x => x * 2 }] }

export default [
    1 + 2 * 3, (1 + 2) * 3, 10 - 4 - 3, 100 / 10 / 5, 2 ** 3 ** 2, -(2 ** 2), (-2) ** 2,
    1 + 2 < 4, 1 < 2 === true, 1 | 2 ^ 3 & 4, 1 << 2 + 1, 16 >> 1 >>> 1, 3 & 1 === 1,
    t && !t || t, t || t && !t, null ?? 1 + 2, (t && null) ?? 'n', (null ?? t) || 0,
    !t ? 1 : 2, t ? 1 : t ? 2 : 3, typeof 1 + 2, !0 + 1, ~1 * 2,
    o.a[2].b(4) + 1, -o.a[0], typeof o.a === 'object', [1, 2][1] ** 2, `${1 + 1}` + 1,
]
