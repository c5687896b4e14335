/* Reached from two properties of main.d.mjs: one value. */
export default ["one", "two", { three: 3 }]
