// A value reached twice stays one value; each evaluation of a literal makes a new one.
const shared = [1, 2]
const id = x => x
const fresh = () => ({ made: true })
const pair = x => [x, x]

export default [shared, shared, id(shared), pair(shared), pair(fresh()), fresh(), fresh(), { shared }]
