// Import specifiers: only relative paths, as nanvm-core/src/path.rs
// resolves them at link time.

import chars from './chars.f.mjs'

const startsWith = (units, s) => units.length >= s.length && chars.unitsEqual(units.slice(0, s.length), s)

const endsWith = (units, s) =>
    units.length >= s.length && chars.unitsEqual(units.slice(units.length - s.length), s)

/** Characters a JavaScript engine reads as URL syntax in a specifier. */
const urlSyntax = ['\\', '%', '?', '#']

/** Why the specifier (code units) names no module file, or `null`. */
const specifierError = units => {
    const bad = urlSyntax.filter(c => units.includes(c.charCodeAt(0)))
    return !startsWith(units, './') && !startsWith(units, '../')
        ? `import paths must start with './' or '../' (a bare specifier names a package in JavaScript)`
        : bad.length > 0 ? `import paths may not contain '${bad[0]}': a JavaScript engine reads it as URL syntax`
        : endsWith(units, '/') || endsWith(units, '/.') || endsWith(units, '/..') ? 'import path names a directory'
        : null
}

/**
 * Why a module of `language` may not import the specifier (code units) the
 * way it does, or `null`: `json` tells whether the import has the attribute
 * `with { type: "json" }`. The value must be what a JavaScript engine
 * gives: an ES module imports a `.json` file only with that attribute;
 * `require` of an ES module gives its namespace object, not its default
 * export; no engine loads `.json5` files as data.
 */
const importError = (language, units, json) => {
    const error = specifierError(units)
    const isJson = endsWith(units, '.json')
    return error !== null ? error
        : endsWith(units, '.json5') ? 'JavaScript engines cannot import .json5 files'
        : language.module === 'cjs' && (endsWith(units, '.mjs') || endsWith(units, '.js'))
            ? `require gives an ES module's namespace object, not its default export: import it from an ES module`
        : language.module === 'esm' && isJson && !json ? `importing a .json file needs with { type: "json" }, as in JavaScript`
        : json && !isJson ? `with { type: "json" } is for .json files`
        : null
}

export default { specifierError, importError }
