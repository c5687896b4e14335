// Template literals: ToString of every kind of value, escapes, nesting.
const values = [0, -0, 1.5, 1e21, 1e-7, 123e-20, 2 ** 53 + 2, 0.1 + 0.2, 1 / 3, -1 / 0, 0 / 0, 255n, -12n, true, null, undefined, 'text', [1, [2, 3]], []]

const shown = values.map(v => `<${v}>`)

const nested = n => `a${n > 0 ? `[${nested(n - 1)}]` : 'end'}z`

export default {
    shown, nested: nested(3), plain: `no substitutions`, escapes: `tab\there \u{1F600} \x41 \` \${not} $ {} $`,
    lines: `one
two`, empty: `${''}`, adjacent: `${1}${2}${'3'}`,
}
