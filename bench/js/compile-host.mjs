// The QuickJS side of nanvm-bench's compile rows (bench/src/bin/nanvm-bench/quickjs.rs):
// the FunctionalScript compiler's own source, run by deno_core's QuickJS
// backend on the same texts as nanvm's VM. Only the compile calls are timed.
//
//   setTexts(json)  json: '{ "path": "text", … }', kept for compileAll
//   compileAll()    compiles every text: 'ok MILLISECONDS BYTES' or an error
//
// A host script, not FunctionalScript: it keeps state between calls so that
// the texts cross from Rust once, not at every sample.

import compile from '../../nanvm-core/fjs/compiler.f.mjs'

let texts = []

const now = typeof globalThis.performance?.now === 'function'
    ? () => globalThis.performance.now()
    : () => Date.now()

export const setTexts = json => {
    texts = Object.entries(JSON.parse(json))
    return `ok ${texts.length}`
}

export const compileAll = () => {
    let bytes = 0
    const start = now()
    for (const [path, text] of texts) {
        const [kind, result] = compile(path)(text)
        if (kind !== 'ok') {
            return `${path}:${result.line}:${result.column}: error: ${result.message}`
        }
        bytes += result.length
    }
    const elapsed = now() - start
    return `ok ${elapsed} ${bytes}`
}
