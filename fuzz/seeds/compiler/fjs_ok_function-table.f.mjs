// An object of functions, as a library exports.
const id = x => x

export default { id, add: (a, b) => a + b, none: () => undefined, curried: a => b => a, again: id }
