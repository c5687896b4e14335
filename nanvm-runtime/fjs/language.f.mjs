// The languages the compiler reads, chosen by the file extension.
//
// Each language is a record of flags that the lexer and the parser consult.

/** Strict JSON (RFC 8259), with `JSON.parse` semantics. */
const json = {
    name: 'json', module: null, comments: false, jsWhitespace: false, strings: 'json',
    singleQuotes: false, numbers: 'json', keys: 'json', signs: 'json', identEscapes: false,
    unicodeIds: false,
}

/** JSON5 (https://spec.json5.org): the value a JavaScript engine gives the text as an expression. */
const json5 = {
    name: 'json5', module: null, comments: true, jsWhitespace: true, strings: 'json5',
    singleQuotes: true, numbers: 'json5', keys: 'json5', signs: 'json5', identEscapes: true,
    unicodeIds: true,
}

/** DJS as an ES module: `import`, `const`, `export default`. */
const esm = {
    name: 'esm', module: 'esm', comments: true, jsWhitespace: true, strings: 'js',
    singleQuotes: true, numbers: 'js', keys: 'djs', signs: 'djs', identEscapes: false,
    unicodeIds: true,
}

/** DJS as a CommonJS module: `const x = require(…)`, `const`, `module.exports =`. */
const cjs = { ...esm, name: 'cjs', module: 'cjs' }

const endsWith = (path, ext) => path.length >= ext.length && path.slice(path.length - ext.length) === ext

/**
 * The language of a file, by its extension: `.json`; `.json5`; `.cjs`
 * (`.d.cjs`); `.mjs` (`.d.mjs`, `.f.mjs`) and `.js` (`.f.js`). `undefined`
 * for any other extension.
 */
const fromPath = path =>
    endsWith(path, '.json') ? json
    : endsWith(path, '.json5') ? json5
    : endsWith(path, '.cjs') ? cjs
    : endsWith(path, '.mjs') || endsWith(path, '.js') ? esm
    : undefined

export default { fromPath, json, json5, esm, cjs }
