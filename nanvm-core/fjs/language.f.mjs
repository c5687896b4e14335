// The languages the compiler reads, chosen by the file extension.
//
// Each language is a record of flags that the lexer and the parser consult.
// `fjs` turns on FunctionalScript expressions (operators, functions,
// globals; docs/fjs.md) and `templates` template literals.

/** Strict JSON (RFC 8259), with `JSON.parse` semantics. */
const json = {
    name: 'json', module: null, comments: false, jsWhitespace: false, strings: 'json',
    singleQuotes: false, numbers: 'json', keys: 'json', signs: 'json', identEscapes: false,
    unicodeIds: false, fjs: false, templates: false,
}

/** JSON5 (https://spec.json5.org): the value a JavaScript engine gives the text as an expression. */
const json5 = {
    name: 'json5', module: null, comments: true, jsWhitespace: true, strings: 'json5',
    singleQuotes: true, numbers: 'json5', keys: 'json5', signs: 'json5', identEscapes: true,
    unicodeIds: true, fjs: false, templates: false,
}

/** DJS as an ES module: `import`, `const`, `export default`, data only. */
const esm = {
    name: 'esm', module: 'esm', comments: true, jsWhitespace: true, strings: 'js',
    singleQuotes: true, numbers: 'js', keys: 'djs', signs: 'djs', identEscapes: false,
    unicodeIds: true, fjs: false, templates: false,
}

/** DJS as a CommonJS module: `const x = require(…)`, `const`, `module.exports =`. */
const cjs = { ...esm, name: 'cjs', module: 'cjs' }

/** FunctionalScript as an ES module: DJS and FJS expressions. */
const fjsEsm = { ...esm, name: 'fjs-esm', fjs: true, templates: true }

/** FunctionalScript as a CommonJS module. */
const fjsCjs = { ...cjs, name: 'fjs-cjs', fjs: true, templates: true }

const endsWith = (path, ext) => path.length >= ext.length && path.slice(path.length - ext.length) === ext

/**
 * The language of a file, by its extension: `.json`; `.json5`; DJS for
 * `.d.mjs` and `.d.cjs` (data only); FJS for the other `.mjs` and `.js`
 * files (`.f.mjs`, `.f.js`) and `.cjs` files. `undefined` for any other
 * extension.
 */
const fromPath = path =>
    endsWith(path, '.json') ? json
    : endsWith(path, '.json5') ? json5
    : endsWith(path, '.d.cjs') ? cjs
    : endsWith(path, '.cjs') ? fjsCjs
    : endsWith(path, '.d.mjs') ? esm
    : endsWith(path, '.mjs') || endsWith(path, '.js') ? fjsEsm
    : undefined

export default { fromPath, json, json5, esm, cjs, fjsEsm, fjsCjs }
