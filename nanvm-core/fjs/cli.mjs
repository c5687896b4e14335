#!/usr/bin/env node
// `node nanvm-core/fjs/cli.mjs IN OUT.bc`: compiles the module IN and
// every module it imports (each by its extension: .json, .json5, .cjs, .mjs,
// .js) and writes their bundle, one self-contained bytecode module whose
// value is IN's (link.f.mjs; a module without imports is its own bundle).
// Errors go to stderr as `path:line:column: error: message` (or
// `path: error: message` for linking), with exit status 1.
//
// This script is the host, not FunctionalScript: it reads and writes files
// and decodes each input as strict UTF-8 (a byte-order mark is kept and left
// to the language to judge). Module paths are the files' absolute paths
// without the leading `/`, so that imports may reach anywhere in the file
// system; errors name IN as it was written, and the other files relative to
// the working directory (absolute if IN was).

import { readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import compile from './compiler.f.mjs'
import link from './link.f.mjs'

const main = args => {
    if (args.length !== 2) {
        process.stderr.write('usage: node cli.mjs IN OUT.bc\n')
        return 2
    }
    const [input, output] = args
    const root = resolve(input).split(sep).filter(s => s !== '').join('/')
    const display = path => {
        const file = `/${path}`
        return path === root ? input : isAbsolute(input) ? file : relative(process.cwd(), file)
    }
    const load = path => {
        let text
        try {
            text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(`/${path}`))
        } catch (e) {
            return ['error', `${display(path)}: error: ${e instanceof TypeError ? 'invalid UTF-8' : e.message}`]
        }
        const [kind, result] = compile(path)(text)
        return kind === 'ok' ? ['ok', result] : ['error', `${display(path)}:${result.line}:${result.column}: error: ${result.message}`]
    }
    const [kind, result] = link.bundle(load)(root)
    if (kind === 'error') {
        process.stderr.write(`${result}\n`)
        return 1
    }
    writeFileSync(output, Uint8Array.from(result))
    return 0
}

process.exitCode = main(process.argv.slice(2))
