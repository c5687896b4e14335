// A .js file is an ES module here (package.json), and FJS.
export default [1, 2, 3].map(x => x * 2)
