import a from "../lib/a.d.mjs"
export default { "extension": ".f.js", a }
