// A module graph whose default export exercises what JSON cannot carry:
// sharing, bigint, -0, NaN, infinities, undefined, lone surrogates (in values
// and keys), array-index keys, `__proto__` and functions.
import shared from './shared.mjs'
import list from './list.mjs'

const lone = '\ud800x\udfff'

export default {
    b: shared,
    a: list,
    2: 'two',
    1: 'one',
    [lone]: lone,
    numbers: [-0, 0, NaN, Infinity, -Infinity, 1e21, 1e-7, 0.1 + 0.2, 2 ** 53 + 2],
    nothing: [undefined, null, true, false],
    emoji: '😀',
    proto: { __proto__: null, x: 1 },
    protoKey: { ['__proto__']: 1 },
    f: (x, y) => x + y,
    self: list,
}
