// The compiler itself, run as FJS: its output for a few small modules.
import compile from '../../../../nanvm-core/fjs/compiler.f.mjs'

const sources = [
    ['a.json', '[1, 2.5, "x", {"k": null}]'],
    ['b.json5', "{ a: +Infinity, 'b': [0x10,], }"],
    ['c.d.mjs', 'const a = [1]\nexport default { a, b: [a, -2n] }'],
    ['d.f.mjs', 'const f = x => { if (x) { return [x] } return `${x}!` }\nexport default f(0)'],
    ['e.f.mjs', 'export default x =>'],
]

export default sources.map(s => compile(s[0])(s[1]))
