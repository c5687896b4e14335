// The compiler's test driver: one node process compiles a batch of files
// with the FunctionalScript compiler (nanvm-core/fjs/compiler.f.mjs) and
// asks the engine for each file's own value, so that the Rust tests can
// compare the two (tests/tests/compiler_node.rs).
//
// Input (stdin): a JSON array of jobs `{ file, as, engine }`:
//   file    the file to read
//   as      the path the compiler is told (its extension picks the
//           language); defaults to `file`
//   engine  how the engine evaluates the file: 'json' (`JSON.parse`),
//           'json5' (the text as a JavaScript expression), 'module'
//           (`import`), or null (not at all)
//   bundle  (optional) also link the file and every module it imports into
//           one module (link.f.mjs, as nanvm-core/fjs/cli.mjs does) and
//           evaluate that bundle with the reference evaluator
//           tests/js/bytecode-eval.mjs
//
// Output (stdout): one JSON line per job, in order:
//   { file, compiled: { bytes: HEX } | { error: MESSAGE },
//     engine: { value: DUMP } | { error: MESSAGE } | null,
//     bundled: { bytes: HEX } | { error: MESSAGE } | null,
//     evaluated: { value: DUMP } | { error: MESSAGE } | null }
// where DUMP is a graph dump (docs/graph-dump.md). Files are decoded as
// strict UTF-8 keeping a byte-order mark, as nanvm-core/fjs/cli.mjs does;
// invalid UTF-8 is an error on both sides.

import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { dump } from './graph-dump.mjs'
import compile from '../../nanvm-core/fjs/compiler.f.mjs'
import link from '../../nanvm-core/fjs/link.f.mjs'
import { run } from './bytecode-eval.mjs'

const decode = bytes => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)

const hex = bytes => Buffer.from(bytes).toString('hex')

// Well-formed, so that any JSON reader takes the line (a message may quote a lone surrogate).
const message = e => String(e && e.message || e).toWellFormed()

const compiled = (text, as) => {
    if (text === null) { return { error: 'invalid UTF-8' } }
    const [kind, result] = compile(as)(text)
    return kind === 'ok' ? { bytes: hex(result) } : { error: `${result.line}:${result.column}: ${result.message}` }
}

const evaluate = async (file, text, engine) => {
    try {
        if (engine === 'module') {
            return { value: dump((await import(pathToFileURL(resolve(file)).href)).default) }
        }
        if (text === null) { return { error: 'invalid UTF-8' } }
        if (engine === 'json') { return { value: dump(JSON.parse(text)) } }
        // JSON5: the text as an expression, in strict code like a module.
        return { value: dump((0, eval)(`'use strict';(${text}\n)`)) }
    } catch (e) {
        return { error: message(e) }
    }
}

// Module paths are absolute paths without the leading '/', as in cli.mjs.
const load = path => {
    let text
    try { text = decode(readFileSync(`/${path}`)) } catch (e) { return ['error', `/${path}: ${message(e)}`] }
    const [kind, result] = compile(path)(text)
    return kind === 'ok' ? ['ok', result] : ['error', `/${path}:${result.line}:${result.column}: ${result.message}`]
}

const bundled = file => {
    const [kind, result] = link.bundle(load)(resolve(file).slice(1))
    return kind === 'ok' ? { bytes: result } : { error: result }
}

const evaluated = bytes => {
    try { return { value: dump(run(bytes)) } } catch (e) { return { error: message(e) } }
}

const jobs = JSON.parse(readFileSync(0, 'utf8'))
for (const { file, as, engine, bundle } of jobs) {
    let text = null
    try { text = decode(readFileSync(file)) } catch { text = null }
    const linked = bundle ? bundled(file) : null
    const line = {
        file,
        compiled: compiled(text, as ?? file),
        engine: engine ? await evaluate(file, text, engine) : null,
        bundled: linked === null ? null : linked.bytes ? { bytes: hex(linked.bytes) } : linked,
        evaluated: linked === null ? null : linked.bytes ? evaluated(linked.bytes) : { error: 'not bundled' },
    }
    process.stdout.write(JSON.stringify(line) + '\n')
}
