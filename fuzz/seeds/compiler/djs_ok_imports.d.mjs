// A diamond: lib/b and lib/sub/c import lib/a, which is one value.
import a from "../lib/a.d.mjs"
import b from "../lib/b.d.mjs"
import c from "../lib/sub/c.d.mjs"
import from from "../lib/a.d.mjs"

const all = [a, b, c]
export default { all, again: all, from }
