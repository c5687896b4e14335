export default { "extension": ".js" }
