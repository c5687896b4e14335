const a = []
const o = {}
export default [a, o, [], {}, [[]], [{}], { a: [] }, a, o]
