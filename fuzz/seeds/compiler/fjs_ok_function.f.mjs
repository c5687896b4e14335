// A module whose value is a function.
export default (a, b) => a + b
