#!/usr/bin/env node
// `node nanvm-runtime/fjs/cli.mjs IN OUT.bc`: compiles IN (by its extension:
// .json, .json5, .cjs, .mjs, .js) to the bytecode module OUT.bc. Errors go
// to stderr as `path:line:column: error: message`, with exit status 1.
//
// This script is the host, not FunctionalScript: it reads and writes files
// and decodes the input as strict UTF-8 (a byte-order mark is kept and left
// to the language to judge).

import { readFileSync, writeFileSync } from 'node:fs'
import compile from './compiler.f.mjs'

const main = args => {
    if (args.length !== 2) {
        process.stderr.write('usage: node cli.mjs IN OUT.bc\n')
        return 2
    }
    const [input, output] = args
    let text
    try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(input))
    } catch (e) {
        process.stderr.write(`${input}: error: ${e instanceof TypeError ? 'invalid UTF-8' : e.message}\n`)
        return 1
    }
    const [kind, result] = compile(input)(text)
    if (kind === 'error') {
        process.stderr.write(`${input}:${result.line}:${result.column}: error: ${result.message}\n`)
        return 1
    }
    writeFileSync(output, Uint8Array.from(result))
    return 0
}

process.exitCode = main(process.argv.slice(2))
