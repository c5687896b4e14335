const data = require("../lib/data.json")
const c = require("../lib/c.d.cjs")
module.exports = [data, c, data]
