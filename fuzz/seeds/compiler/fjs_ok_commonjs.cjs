// FJS in a CommonJS module.
const counter = require('../lib/counter.cjs')

const steps = n => Array.from({ length: n }).reduce(c => counter.step(c), counter.start)

module.exports = { steps: [0, 1, 5].map(steps), counter }
