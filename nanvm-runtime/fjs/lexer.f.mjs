// The lexer: a fold over the UTF-16 code units of the source text that cuts
// it into tokens and hands each token to a parser as soon as it ends.
//
// The fold's state is one record: the lexer's mode and the fields of the
// token in progress, plus the parser's state `p`. Tokens are
//
//   { kind: 'punct', value }       a JavaScript punctuator, longest match
//   { kind: 'ident', name, escaped }  an identifier name (raw text; `escaped`
//                                  when it holds `\uXXXX` escapes: JSON5)
//   { kind: 'number', text }       a numeric literal, checked by the parser
//   { kind: 'string', units }      a string literal's decoded code units
//   { kind: 'eof' }                the end of the input
//
// and each also has `start` and `end` (code unit offsets) and `nl`: whether
// a line terminator (or a comment holding one) comes before it.
//
// The parser is `{ init, step }`: `step(p, token)` is the next parser state,
// or `{ error: { index, message } }`. The fold stops working at the first
// error (of the lexer or the parser).

import list from './list.f.mjs'
import chars from './chars.f.mjs'

/** JavaScript's punctuators (the lexer knows them all; the grammar decides). */
const punctuators = [
    '{', '}', '(', ')', '[', ']', '.', '...', ';', ',', '<', '>', '<=', '>=', '==', '!=', '===',
    '!==', '+', '-', '*', '%', '**', '++', '--', '<<', '>>', '>>>', '&', '|', '^', '!', '~', '&&',
    '||', '??', '?', '?.', ':', '=', '+=', '-=', '*=', '%=', '**=', '<<=', '>>=', '>>>=', '&=',
    '|=', '^=', '&&=', '||=', '??=', '=>', '/', '/=',
]

/** Every prefix of a punctuator: the punctuators themselves and `..`. */
const prefixes = [...punctuators, '..']

/** A character for a message: `'x'` when printable ASCII, else `U+XXXX`. */
const describeChar = c => {
    const hex = d => String.fromCharCode(d < 10 ? 0x30 + d : 0x37 + d)
    return c >= 0x21 && c <= 0x7e
        ? `'${String.fromCharCode(c)}'`
        : `U+${hex((c >> 12) & 15)}${hex((c >> 8) & 15)}${hex((c >> 4) & 15)}${hex(c & 15)}`
}

/** The single-character escapes of JavaScript (`\b` … `\v`) and their code units. */
const singleEscape = (c, language) =>
    c === 0x62 ? 0x08 : c === 0x66 ? 0x0c : c === 0x6e ? 0x0a : c === 0x72 ? 0x0d : c === 0x74 ? 0x09
    : c === 0x76 && language.strings !== 'json' ? 0x0b
    : c === 0x22 || c === 0x5c || c === 0x2f ? c
    : -1

/** The code units of the code point `v`. */
const pushCodePoint = (units, v) =>
    v < 0x10000 ? list.push(units, v)
    : list.push(list.push(units, 0xd800 + ((v - 0x10000) >> 10)), 0xdc00 + ((v - 0x10000) & 0x3ff))

/**
 * Runs the lexer of `language` over `text`, feeding `parser`. Returns the
 * final state: `{ error: { index, message } }` or `{ error: null, p }`.
 */
const run = (language, parser, text) => {
    const isLineTerminator = language.jsWhitespace ? chars.isJsLineTerminator : chars.isJsonLineTerminator
    const isSpace = language.jsWhitespace ? chars.isJsSpace : chars.isJsonSpace
    const isQuote = c => c === 0x22 || c === 0x27 && language.singleQuotes

    const fail = (s, index, message) => ({ ...s, error: { index, message } })

    /** Hands `token` to the parser; the lexer goes back to whitespace. */
    const emit = (s, token) => {
        const p = parser.step(s.p, { ...token, nl: s.nl })
        return p.error !== undefined ? { ...s, error: p.error } : { ...s, p, mode: 'ws', nl: false }
    }

    /** Emits `token`, then reads `c` as the first character after it. */
    const emitThen = (s, token, c, i) => {
        const t = emit(s, token)
        return t.error !== null ? t : ws(t, c, i)
    }

    const ws = (s, c, i) =>
        c === -1 ? { ...emit(s, { kind: 'eof', start: i, end: i }), mode: 'done' }
        : isLineTerminator(c) ? (s.nl ? s : { ...s, nl: true })
        : isSpace(c) ? s
        : c === 0x2f && language.comments ? { ...s, mode: 'slash', start: i }
        : isQuote(c) ? { ...s, mode: 'str', start: i, quote: c, units: list.empty, esc: '' }
        : chars.isDigit(c) ? { ...s, mode: 'num', start: i, dot: false, exp: false, radix: false, prev: c }
        : c === 0x2e ? { ...s, mode: 'dot', start: i }
        : chars.isIdStart(c) ? { ...s, mode: 'id', start: i, idEsc: 0, escaped: false }
        : c === 0x5c && language.identEscapes ? { ...s, mode: 'id', start: i, idEsc: 5, escaped: true }
        : prefixes.includes(String.fromCharCode(c)) ? { ...s, mode: 'punct', start: i, punct: String.fromCharCode(c) }
        : fail(s, i, `unexpected character ${describeChar(c)}`)

    const slash = (s, c, i) =>
        c === 0x2f ? { ...s, mode: 'line' }
        : c === 0x2a ? { ...s, mode: 'block', star: false }
        : punct({ ...s, mode: 'punct', punct: '/' }, c, i)

    const line = (s, c, i) => c === -1 || isLineTerminator(c) ? ws({ ...s, mode: 'ws' }, c, i) : s

    const block = (s, c, i) =>
        c === -1 ? fail(s, s.start, 'unterminated comment')
        : c === 0x2f && s.star ? { ...s, mode: 'ws' }
        : c === 0x2a ? (s.star ? s : { ...s, star: true })
        : isLineTerminator(c) ? { ...s, star: false, nl: true }
        : s.star ? { ...s, star: false } : s

    const punct = (s, c, i) => {
        const longer = c === -1 ? '' : s.punct + String.fromCharCode(c)
        return c !== -1 && prefixes.includes(longer) ? { ...s, punct: longer }
            : s.punct === '..' ? fail(s, s.start, `unexpected '..'`)
            : emitThen(s, { kind: 'punct', start: s.start, end: i, value: s.punct }, c, i)
    }

    const dot = (s, c, i) =>
        chars.isDigit(c) ? { ...s, mode: 'num', dot: true, exp: false, radix: false, prev: c }
        : punct({ ...s, mode: 'punct', punct: '.' }, c, i)

    // A numeric literal ends at the first character that cannot continue
    // one. Letters, digits, `_` and `$` all continue it, so that `1a` or
    // `0x1G` is one (invalid) literal, as in JavaScript.
    const num = (s, c, i) =>
        chars.isIdPart(c)
            ? (i === s.start + 1 && s.prev === 0x30 && 'xXoObB'.includes(String.fromCharCode(c))
                ? { ...s, radix: true, prev: c }
                : { ...s, exp: s.exp || (!s.radix && (c === 0x65 || c === 0x45)), prev: c })
        : c === 0x2e && !s.radix && !s.dot && !s.exp ? { ...s, dot: true, prev: c }
        : (c === 0x2b || c === 0x2d) && !s.radix && (s.prev === 0x65 || s.prev === 0x45) ? { ...s, prev: c }
        : emitThen(s, { kind: 'number', start: s.start, end: i, text: text.slice(s.start, i) }, c, i)

    const id = (s, c, i) =>
        s.idEsc === 5 ? (c === 0x75 ? { ...s, idEsc: 4 } : fail(s, i, 'expected \\uXXXX in an identifier'))
        : s.idEsc > 0 ? (chars.isHexDigit(c) ? { ...s, idEsc: s.idEsc - 1 } : fail(s, i, 'expected \\uXXXX in an identifier'))
        : chars.isIdPart(c) ? s
        : c === 0x5c && language.identEscapes ? { ...s, idEsc: 5, escaped: true }
        : emitThen(s, { kind: 'ident', start: s.start, end: i, name: text.slice(s.start, i), escaped: s.escaped }, c, i)

    const strChar = (s, c, i) =>
        c === s.quote ? emit(s, { kind: 'string', start: s.start, end: i + 1, units: list.flatten(s.units) })
        : c === 0x5c ? { ...s, esc: 'start', escStart: i }
        : c === -1 || c === 0x0a || c === 0x0d ? fail(s, s.start, 'unterminated string')
        : c < 0x20 && language.strings === 'json' ? fail(s, i, `control character ${describeChar(c)} in a string (escape it)`)
        : { ...s, units: list.push(s.units, c) }

    const strEscape = (s, c, i) => {
        const single = singleEscape(c, language)
        const js = language.strings !== 'json'
        return c === -1 ? fail(s, s.start, 'unterminated string')
            : single >= 0 ? { ...s, esc: '', units: list.push(s.units, single) }
            : c === 0x75 ? { ...s, esc: language.strings === 'js' ? 'u' : 'hex', need: 4, value: 0 }
            : !js ? fail(s, s.escStart, 'invalid escape')
            : c === 0x78 ? { ...s, esc: 'hex', need: 2, value: 0 }
            : c === 0x30 ? { ...s, esc: 'zero', units: list.push(s.units, 0) }
            : chars.isDigit(c) ? fail(s, s.escStart, 'octal escapes are not allowed')
            : c === 0x0d ? { ...s, esc: 'cr' }
            : chars.isJsLineTerminator(c) ? { ...s, esc: '' }
            : { ...s, esc: '', units: list.push(s.units, c) }
    }

    const strHex = (s, c) =>
        !chars.isHexDigit(c) ? fail(s, s.escStart, 'invalid escape')
        : s.need === 1 ? { ...s, esc: '', units: list.push(s.units, s.value * 16 + chars.hexValue(c)) }
        : { ...s, need: s.need - 1, value: s.value * 16 + chars.hexValue(c) }

    const strBrace = (s, c) =>
        c === 0x7d && s.need > 0 ? { ...s, esc: '', units: pushCodePoint(s.units, s.value) }
        : !chars.isHexDigit(c) || s.value * 16 + chars.hexValue(c) > 0x10ffff ? fail(s, s.escStart, 'invalid escape')
        : { ...s, need: s.need + 1, value: s.value * 16 + chars.hexValue(c) }

    const str = (s, c, i) =>
        s.esc === '' ? strChar(s, c, i)
        : s.esc === 'start' ? strEscape(s, c, i)
        : s.esc === 'hex' ? strHex(s, c)
        : s.esc === 'u' ? (c === 0x7b ? { ...s, esc: 'brace', need: 0, value: 0 } : strHex({ ...s, esc: 'hex' }, c))
        : s.esc === 'brace' ? strBrace(s, c)
        : s.esc === 'zero' ? (chars.isDigit(c) ? fail(s, s.escStart, 'octal escapes are not allowed') : strChar({ ...s, esc: '' }, c, i))
        : c === 0x0a ? { ...s, esc: '' } // after `\` CR: CR LF is one line terminator
        : strChar({ ...s, esc: '' }, c, i)

    const lex = (s, c, i) =>
        s.mode === 'str' ? str(s, c, i)
        : s.mode === 'ws' ? ws(s, c, i)
        : s.mode === 'num' ? num(s, c, i)
        : s.mode === 'id' ? id(s, c, i)
        : s.mode === 'punct' ? punct(s, c, i)
        : s.mode === 'line' ? line(s, c, i)
        : s.mode === 'block' ? block(s, c, i)
        : s.mode === 'slash' ? slash(s, c, i)
        : s.mode === 'dot' ? dot(s, c, i)
        : s

    const n = text.length
    const init = { mode: 'ws', start: 0, nl: false, error: null, p: parser.init }
    return Array.from({ length: n + 1 })
        .reduce((s, _, i) => s.error !== null ? s : lex(s, i < n ? text.charCodeAt(i) : -1, i), init)
}

export default { run, describeChar }
