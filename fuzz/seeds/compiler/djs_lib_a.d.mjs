const shared = { "name": "a" }
export default [shared, shared]
