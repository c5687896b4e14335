const from = 1
const as = 2
const of = 3
const get = 4
const set = 5
const NaN = 6
const Infinity = 7
const module = 8
const require = 9
const exports = 10
const async = 11
const $ = 12
const _ = 13
const __filename = 14
export default [from, as, of, get, set, NaN, Infinity, module, require, exports, async, $, _, __filename]
