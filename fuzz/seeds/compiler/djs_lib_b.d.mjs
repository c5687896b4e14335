import a from "./a.d.mjs"
export default { a, self: "b" }
