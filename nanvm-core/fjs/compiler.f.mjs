// The FunctionalScript compiler: source text to a bytecode module
// (docs/bytecode.md, docs/fjs.md).
//
//   compile(path)(text)
//
// `path` selects the language by its extension (language.f.mjs) and is not
// read; `text` is the file's content as a string (hosts decode files as
// strict UTF-8). The result is
//
//   ['ok', bytes]                         bytes: an array of numbers 0..255
//   ['error', { line, column, message }]  line and column count from 1
//
// The compiler never throws; equal inputs give equal bytes. The lexer
// (lexer.f.mjs) feeds tokens to the parser (parser.f.mjs), which builds a
// syntax tree (ast.f.mjs) that the code generator (codegen.f.mjs) writes.

import language from './language.f.mjs'
import lexer from './lexer.f.mjs'
import parser from './parser.f.mjs'
import codegen from './codegen.f.mjs'
import lineColumn from './position.f.mjs'

const failure = (text, error) => ['error', { ...lineColumn(text, error.index), message: error.message }]

const compile = path => text => {
    const lang = language.fromPath(path)
    if (lang === undefined) {
        return ['error', {
            line: 1,
            column: 1,
            message: 'unknown file extension (expected .json, .json5, .cjs, .mjs or .js)',
        }]
    }
    const s = lexer.run(lang, parser.parser(lang), text)
    if (s.error !== null) {
        return failure(text, s.error)
    }
    const m = codegen.codegen(lang).module(s.p.result)
    return m.error !== undefined ? failure(text, m.error) : ['ok', m.bytes]
}

export default compile
