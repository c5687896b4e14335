// FJS in CommonJS.
const step = n => n + 1
module.exports = { step, start: 0 }
