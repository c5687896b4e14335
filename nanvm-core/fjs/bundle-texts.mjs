// A host for JavaScript engines without file access (deno_core in
// nanvm-js-engine's bootstrap): bundles a module graph whose files are
// given as texts.
//
//   bundleTexts(root, texts)   texts: { [module path]: source text }
//   -> { bytes: [0..255, …] } or { error: message }
//
// Module paths are as link.f.mjs takes them (`/`-separated, relative to a
// root); errors read `path:line:column: error: message`, as cli.mjs writes
// them. This script is a host, not FunctionalScript.

import compile from './compiler.f.mjs'
import link from './link.f.mjs'

const load = texts => path => {
    if (!Object.hasOwn(texts, path)) {
        return ['error', `${path}: error: no such file`]
    }
    const [kind, result] = compile(path)(texts[path])
    return kind === 'ok' ? ['ok', result] : ['error', `${path}:${result.line}:${result.column}: error: ${result.message}`]
}

export default (root, texts) => {
    const [kind, result] = link.bundle(load(texts))(root)
    return kind === 'ok' ? { bytes: result } : { error: result }
}
