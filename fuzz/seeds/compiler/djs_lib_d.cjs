const c = require("./c.d.cjs")
module.exports = { c };
