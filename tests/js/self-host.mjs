// The compiler as bytecode: evaluates a compiled compiler (a bundle such as
// nanvm-core/fjs/compiler.bc) with the reference evaluator
// tests/js/bytecode-eval.mjs, uses the function it gives to compile every
// module of the graph rooted at ROOT, links them with link.f.mjs (run by
// node) and prints the bundle as hexadecimal, or `error: MESSAGE`.
//
// Run: node tests/js/self-host.mjs COMPILER.bc ROOT
//
// With COMPILER.bc = compiler.bc and ROOT = compiler.f.mjs, the output is
// compiler.bc again when the compiler is a fixed point of itself.

import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { run } from './bytecode-eval.mjs'
import link from '../../nanvm-core/fjs/link.f.mjs'

const [compilerFile, root] = process.argv.slice(2)
const compile = run([...readFileSync(compilerFile)])
const load = path => {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(`/${path}`))
    const [kind, result] = compile(path)(text)
    return kind === 'ok' ? ['ok', result] : ['error', `/${path}:${result.line}:${result.column}: ${result.message}`]
}
const [kind, result] = link.bundle(load)(resolve(root).slice(1))
process.stdout.write(kind === 'ok' ? Buffer.from(result).toString('hex') : `error: ${result}`)
