export default { "extension": ".f.mjs" }
