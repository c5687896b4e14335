const x = { "from": "c" }
module.exports = [x, x]
