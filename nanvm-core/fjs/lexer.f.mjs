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
//   { kind: 'template', part, units }  a piece of a template literal (FJS):
//                                  part 'full' (`…`), 'head' (`…${),
//                                  'middle' (}…${) or 'tail' (}…`); units
//                                  are its cooked code units
//   { kind: 'eof' }                the end of the input
//
// and each also has `start` and `end` (code unit offsets) and `nl`: whether
// a line terminator (or a comment holding one) comes before it.
//
// Template literals nest: `${` opens a substitution that the matching `}`
// closes, so the lexer keeps a stack of the open braces (`braces`: 'b' for
// `{`, 't' for `${`), as deep as the source's nesting.
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

/** Offsets per chunk of the lexer's fold (see `run`). */
const chunk = 4096

/** The hexadecimal digits of `n`, at least `width` of them. */
const hexDigits = (n, width) =>
    (n >= 16 || width > 1 ? hexDigits(n >> 4, width - 1) : '') + String.fromCharCode((n & 15) < 10 ? 0x30 + (n & 15) : 0x37 + (n & 15))

/** A code point for a message: `'x'` when printable ASCII, else `U+XXXX`. */
const describeChar = c => c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}'` : `U+${hexDigits(c, 4)}`

/** The single-character escapes of JavaScript (`\b` … `\v`) and their code units. */
const singleEscape = (c, language) =>
    c === 0x62 ? 0x08 : c === 0x66 ? 0x0c : c === 0x6e ? 0x0a : c === 0x72 ? 0x0d : c === 0x74 ? 0x09
    : c === 0x76 && language.strings !== 'json' ? 0x0b
    : c === 0x22 || c === 0x5c || c === 0x2f ? c
    : -1

/** `pieces` with the code units of the code point `v` appended. */
const pushCodePoint = (pieces, v) =>
    list.push(pieces, v < 0x10000 ? [v] : [0xd800 + ((v - 0x10000) >> 10), 0xdc00 + ((v - 0x10000) & 0x3ff)])

/** The code units of `text` from `from` to `to`. */
const slice = (text, from, to) => Array.from({ length: to - from }, (_, k) => text.charCodeAt(from + k))

/**
 * Runs the lexer of `language` over `text`, feeding `parser`. Returns the
 * final state: `{ error: { index, message } }` or `{ error: null, p }`.
 *
 * The state is `{ mode, start, nl, error, p, t }`: `start` is where the
 * token in progress starts, `nl` whether a line terminator came since the
 * last token, and `t` the fields of the token in progress, by mode. Most
 * characters leave the state as it is, so that the fold allocates little.
 */
const run = (language, parser, text) => {
    const isLineTerminator = language.jsWhitespace ? chars.isJsLineTerminator : chars.isJsonLineTerminator
    const isSpace = language.jsWhitespace ? chars.isJsSpace : chars.isJsonSpace
    const isQuote = c => c === 0x22 || c === 0x27 && language.singleQuotes

    const fail = (s, index, message) => ({ ...s, error: { index, message } })

    /** Hands the token to the parser; the lexer goes back to whitespace. */
    const emit = (s, token) => {
        const p = parser.step(s.p, token)
        return p.error !== undefined ? { ...s, error: p.error }
            : { mode: 'ws', start: s.start, nl: false, error: null, p, t: null, braces: s.braces }
    }

    /** Emits `token`, then reads `c` as the first character after it. */
    const emitThen = (s, token, c, i) => {
        const next = emit(s, token)
        return next.error !== null ? next : ws(next, c, i)
    }

    const to = (s, mode, i, t) => ({ mode, start: i, nl: s.nl, error: null, p: s.p, t, braces: s.braces })

    /** A string or template literal in progress, its pieces starting at `run`. */
    const literal = (quote, run) => ({ quote, pieces: list.empty, run, esc: '', escStart: 0, need: 0, value: 0 })

    /** Emits the punctuator `{` or `}` at `i`, keeping the brace stack. */
    const brace = (s, c, i) => {
        const open = c === 0x7b
        const top = s.braces
        return !open && top !== null && top.kind === 't'
            ? to({ ...s, braces: top.next }, 'str', i, { ...literal(0x60, i + 1), part: 'middle' })
            : emit({ ...s, start: i, braces: open ? { kind: 'b', next: top } : top === null ? null : top.next },
                { kind: 'punct', start: i, end: i + 1, nl: s.nl, value: open ? '{' : '}' })
    }

    const ws = (s, c, i) =>
        c === -1 ? { ...emit(s, { kind: 'eof', start: i, end: i, nl: s.nl }), mode: 'done' }
        : isLineTerminator(c) ? (s.nl ? s : { ...s, nl: true })
        : isSpace(c) ? s
        : c === 0x2f && language.comments ? to(s, 'slash', i, null)
        : isQuote(c) ? to(s, 'str', i, literal(c, i + 1))
        : c === 0x60 && language.templates ? to(s, 'str', i, { ...literal(c, i + 1), part: 'full' })
        : (c === 0x7b || c === 0x7d) && language.templates ? brace(s, c, i)
        : chars.isDigit(c) ? to(s, 'num', i, { dot: false, exp: false, radix: false, afterE: false })
        : c === 0x2e ? to(s, 'dot', i, null)
        : chars.isIdStart(c) || c >= 0x80 && language.unicodeIds && chars.isIdStartCodePoint(chars.codePointAt(text, i))
            ? to(s, 'id', i, { idEsc: 0, escaped: false })
        : c === 0x5c && language.identEscapes ? to(s, 'id', i, { idEsc: 5, escaped: true })
        : prefixes.includes(String.fromCharCode(c)) ? to(s, 'punct', i, String.fromCharCode(c))
        : fail(s, i, `unexpected character ${describeChar(chars.codePointAt(text, i))}`)

    const slash = (s, c, i) =>
        c === 0x2f ? { ...s, mode: 'line' }
        : c === 0x2a ? { ...s, mode: 'block', t: false }
        : punct({ ...s, mode: 'punct', t: '/' }, c, i)

    const line = (s, c, i) => c === -1 || isLineTerminator(c) ? ws({ ...s, mode: 'ws' }, c, i) : s

    // In a block comment, `t` is whether the last character was `*`.
    const block = (s, c, i) =>
        c === -1 ? fail(s, s.start, 'unterminated comment')
        : c === 0x2f && s.t ? { ...s, mode: 'ws', t: null }
        : c === 0x2a ? (s.t ? s : { ...s, t: true })
        : isLineTerminator(c) ? { ...s, t: false, nl: true }
        : s.t ? { ...s, t: false } : s

    // In a punctuator, `t` is its text so far.
    const punct = (s, c, i) => {
        const longer = c === -1 ? '' : s.t + String.fromCharCode(c)
        // `a?.5:b` is a conditional: `?.` is not optional chaining before a digit
        const chaining = longer !== '?.' || !chars.isDigit(text.charCodeAt(i + 1))
        return c !== -1 && prefixes.includes(longer) && chaining ? { ...s, t: longer }
            : s.t === '..' ? fail(s, s.start, `unexpected '..'`)
            : emitThen(s, { kind: 'punct', start: s.start, end: i, nl: s.nl, value: s.t }, c, i)
    }

    const dot = (s, c, i) =>
        chars.isDigit(c) ? { ...s, mode: 'num', t: { dot: true, exp: false, radix: false, afterE: false } }
        : punct({ ...s, mode: 'punct', t: '.' }, c, i)

    const isE = c => c === 0x65 || c === 0x45

    const isRadix = c => c === 0x78 || c === 0x58 || c === 0x6f || c === 0x4f || c === 0x62 || c === 0x42

    // A numeric literal ends at the first character that cannot continue
    // one. Letters, digits, `_` and `$` all continue it, so that `1a` or
    // `0x1G` is one (invalid) literal, as in JavaScript.
    const num = (s, c, i) => {
        const t = s.t
        return chars.isDigit(c) ? (t.afterE ? { ...s, t: { ...t, afterE: false } } : s)
            : chars.isIdPart(c)
                ? (i === s.start + 1 && isRadix(c) && text.charCodeAt(s.start) === 0x30
                    ? { ...s, t: { ...t, radix: true } }
                    : !t.radix && isE(c) ? { ...s, t: { ...t, exp: true, afterE: true } }
                    : t.afterE ? { ...s, t: { ...t, afterE: false } } : s)
            : c === 0x2e && !t.radix && !t.dot && !t.exp ? { ...s, t: { ...t, dot: true, afterE: false } }
            : (c === 0x2b || c === 0x2d) && t.afterE ? { ...s, t: { ...t, afterE: false } }
            : emitThen(s, { kind: 'number', start: s.start, end: i, nl: s.nl, text: text.slice(s.start, i) }, c, i)
    }

    /** Whether `c` at `i` continues an identifier: an identifier character, or the second half of one. */
    const continuesId = (c, i) =>
        chars.isIdPart(c)
        || c >= 0x80 && language.unicodeIds && (
            chars.isLowSurrogate(c) && chars.isHighSurrogate(text.charCodeAt(i - 1))
            || chars.isIdPartCodePoint(chars.codePointAt(text, i)))

    // In an identifier, `t.idEsc` counts what is left of a `\uXXXX` escape.
    // A pair of surrogates is read at its first half (the code point is
    // checked there) and let through at its second.
    const id = (s, c, i) => {
        const t = s.t
        return t.idEsc === 0 && continuesId(c, i) ? s
            : t.idEsc === 5 ? (c === 0x75 ? { ...s, t: { ...t, idEsc: 4 } } : fail(s, i, 'expected \\uXXXX in an identifier'))
            : t.idEsc > 0 ? (chars.isHexDigit(c) ? { ...s, t: { ...t, idEsc: t.idEsc - 1 } } : fail(s, i, 'expected \\uXXXX in an identifier'))
            : c === 0x5c && language.identEscapes ? { ...s, t: { idEsc: 5, escaped: true } }
            : emitThen(s, { kind: 'ident', start: s.start, end: i, nl: s.nl, name: text.slice(s.start, i), escaped: t.escaped }, c, i)
    }

    // In a string, `t.pieces` holds the value so far as pieces of code units,
    // and `t.run` is where the raw characters not yet in a piece start.
    const withUnit = (s, unit, run, esc) => ({ ...s, t: { ...s.t, esc, run, pieces: list.push(s.t.pieces, [unit]) } })

    const strChar = (s, c, i) => {
        const t = s.t
        return c === t.quote
            ? emit(s, { kind: 'string', start: s.start, end: i + 1, nl: s.nl, units: units(t, i) })
            : c === 0x5c ? { ...s, t: { ...t, esc: 'start', escStart: i, pieces: list.push(t.pieces, slice(text, t.run, i)) } }
            : c === -1 || c === 0x0a || c === 0x0d ? fail(s, s.start, 'unterminated string')
            : c < 0x20 && language.strings === 'json' ? fail(s, i, `control character ${describeChar(c)} in a string (escape it)`)
            : s
    }

    /** The cooked code units of the literal in progress, up to `i`. */
    const units = (t, i) => list.flatten(list.push(t.pieces, slice(text, t.run, i)))

    // In a template, `t.part` is 'full' when it started with a backquote
    // and 'middle' when it started with the `}` of a substitution. A raw CR
    // or CR LF is cooked to LF, as JavaScript does.
    const templateChar = (s, c, i) => {
        const t = s.t
        const start = t.part === 'full'
        return c === 0x60
            ? emit(s, { kind: 'template', part: start ? 'full' : 'tail', start: s.start, end: i + 1, nl: s.nl, units: units(t, i) })
            : c === 0x24 && text.charCodeAt(i + 1) === 0x7b
                ? { ...s, t: { ...t, esc: 'open', part: start ? 'head' : 'middle', pieces: list.push(t.pieces, slice(text, t.run, i)), run: i } }
            : c === 0x5c ? { ...s, t: { ...t, esc: 'start', escStart: i, pieces: list.push(t.pieces, slice(text, t.run, i)) } }
            : c === 0x0d ? { ...s, t: { ...t, esc: 'cr', run: i + 1, pieces: list.push(list.push(t.pieces, slice(text, t.run, i)), [0x0a]) } }
            : c === -1 ? fail(s, s.start, 'unterminated template')
            : s
    }

    /** The `{` of `${`: the template piece ends, a substitution opens. */
    const templateOpen = (s, i) =>
        emit({ ...s, braces: { kind: 't', next: s.braces } },
            { kind: 'template', part: s.t.part, start: s.start, end: i + 1, nl: s.nl, units: list.flatten(s.t.pieces) })

    /** A character of a string or template literal outside escapes. */
    const literalChar = (s, c, i) => s.t.quote === 0x60 ? templateChar(s, c, i) : strChar(s, c, i)

    const strEscape = (s, c, i) => {
        const t = s.t
        const single = singleEscape(c, language)
        const js = language.strings !== 'json'
        return c === -1 ? fail(s, s.start, 'unterminated string')
            : single >= 0 ? withUnit(s, single, i + 1, '')
            : c === 0x75 ? { ...s, t: { ...t, esc: language.strings === 'js' ? 'u' : 'hex', need: 4, value: 0 } }
            : !js ? fail(s, t.escStart, 'invalid escape')
            : c === 0x78 ? { ...s, t: { ...t, esc: 'hex', need: 2, value: 0 } }
            : c === 0x30 ? withUnit(s, 0, i + 1, 'zero')
            : chars.isDigit(c) ? fail(s, t.escStart, 'octal escapes are not allowed')
            : c === 0x0d ? { ...s, t: { ...t, esc: 'cr', run: i + 1 } }
            : chars.isJsLineTerminator(c) ? { ...s, t: { ...t, esc: '', run: i + 1 } }
            : { ...s, t: { ...t, esc: '', run: i } } // the character stands for itself
    }

    const strHex = (s, c, i) => {
        const t = s.t
        const value = t.value * 16 + chars.hexValue(c)
        return !chars.isHexDigit(c) ? fail(s, t.escStart, 'invalid escape')
            : t.need === 1 ? withUnit(s, value, i + 1, '')
            : { ...s, t: { ...t, need: t.need - 1, value } }
    }

    const strBrace = (s, c, i) => {
        const t = s.t
        const value = t.value * 16 + chars.hexValue(c)
        return c === 0x7d && t.need > 0
            ? { ...s, t: { ...t, esc: '', run: i + 1, pieces: pushCodePoint(t.pieces, t.value) } }
            : !chars.isHexDigit(c) || value > 0x10ffff ? fail(s, t.escStart, 'invalid escape')
            : { ...s, t: { ...t, need: t.need + 1, value } }
    }

    const str = (s, c, i) => {
        const esc = s.t.esc
        return esc === '' ? literalChar(s, c, i)
            : esc === 'start' ? strEscape(s, c, i)
            : esc === 'open' ? templateOpen(s, i)
            : esc === 'hex' ? strHex(s, c, i)
            : esc === 'u' ? (c === 0x7b ? { ...s, t: { ...s.t, esc: 'brace', need: 0, value: 0 } } : strHex({ ...s, t: { ...s.t, esc: 'hex' } }, c, i))
            : esc === 'brace' ? strBrace(s, c, i)
            : esc === 'zero' ? (chars.isDigit(c) ? fail(s, s.t.escStart, 'octal escapes are not allowed') : literalChar({ ...s, t: { ...s.t, esc: '' } }, c, i))
            // after a CR (escaped, or raw in a template): a LF right after is part of the same line terminator
            : c === 0x0a ? { ...s, t: { ...s.t, esc: '', run: i + 1 } }
            : literalChar({ ...s, t: { ...s.t, esc: '' } }, c, i)
    }

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

    /**
     * The step of the fold over the chunk starting at `base`: reads the
     * character `c` at offset `i = base + j`. The characters that leave the
     * state as it is and make up most of a text (spaces, and the plain
     * characters of strings, identifiers and numbers) are recognised here
     * without a call: the modes' functions would return `s` for them too,
     * and so does a state with an error.
     */
    const next = base => (s, _, j) => {
        const i = base + j
        const c = text.charCodeAt(i)
        const mode = s.mode
        return mode === 'ws' && (c === 0x20 || c === 0x09 || c === 0x0a && s.nl) ? s
            : mode === 'str' && c >= 0x20 && c !== 0x5c && c !== s.t.quote && s.t.quote !== 0x60 && s.t.esc === '' ? s
            : mode === 'id' && (c >= 0x61 && c <= 0x7a || c >= 0x41 && c <= 0x5a || c >= 0x30 && c <= 0x39 || c === 0x5f || c === 0x24) && s.t.idEsc === 0 ? s
            : mode === 'num' && c >= 0x30 && c <= 0x39 && !s.t.afterE ? s
            : s.error !== null ? s
            : lex(s, c, i)
    }

    // The fold runs over the offsets 0..n-1 of the characters in chunks of
    // `chunk` offsets, so that the array it folds over is `chunk` long, not
    // as long as the input; then the end of the input (-1) is read at n.
    const n = text.length
    const init = { mode: 'ws', start: 0, nl: false, error: null, p: parser.init, t: null, braces: null }
    const offsets = Array.from({ length: chunk })
    const count = (n - n % chunk) / chunk
    const whole = Array.from({ length: count }).reduce((state, _, k) => offsets.reduce(next(k * chunk), state), init)
    const last = offsets.slice(0, n - count * chunk).reduce(next(count * chunk), whole)
    return last.error !== null ? last : lex(last, -1, n)
}

export default { run, describeChar }
