// CommonJS: require as a const initializer, module.exports last.
const c = require("../lib/c.d.cjs")
const local = [c, c]
const d = require('../lib/d.cjs');
module.exports = { c, local, d, big: -12n, undef: undefined, import: 1, export: 2 }
