const a = { "x": 1 }
const b = [a, a]
const c = b
export default [b, b, a, c, { "x": 1 }]
