// Import specifiers: only relative paths, as nanvm-runtime/src/path.rs
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

export default { specifierError }
