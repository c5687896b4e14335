// Numeric literals: which spellings each language accepts, and their values.
//
// A literal is checked by a small automaton run over its characters, then
// converted by the engine's own `Number(text)` (decimal, `0x`, `0o`, `0b`)
// or `BigInt(text)`: both round exactly as a JavaScript engine reads the
// literal in source.

/** JSON: `0`, `12`, `1.5`, `1e-7` (the sign is a separate token). */
const json = { leadingDot: false, trailingDot: false, hex: false, octBin: false, bigint: false }

/** JSON5: also `.5`, `5.`, `0x1F`. */
const json5 = { leadingDot: true, trailingDot: true, hex: true, octBin: false, bigint: false }

/** JavaScript, without numeric separators and legacy octal: also `0o17`, `0b1`, `12n`, `0x1Fn`. */
const js = { leadingDot: true, trailingDot: true, hex: true, octBin: true, bigint: true }

const isDigit = c => c >= 0x30 && c <= 0x39
const isHexDigit = c => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
const isE = c => c === 0x65 || c === 0x45
const isN = c => c === 0x6e
const isOneOf = (c, s) => c === s.charCodeAt(0) || c === s.charCodeAt(1)

/** The automaton's next state after `c`, under `rules`. */
const transition = rules => (state, c) =>
    state === 'int' || state === 'start' && c >= 0x31 && c <= 0x39
        ? isDigit(c) ? 'int' : c === 0x2e ? 'dot' : isE(c) ? 'exp0' : isN(c) && rules.bigint ? 'big' : 'error'
    : state === 'start'
        ? c === 0x30 ? 'zero' : c === 0x2e && rules.leadingDot ? 'dot0' : 'error'
    : state === 'frac' || state === 'dot0'
        ? isDigit(c) ? 'frac' : isE(c) && state === 'frac' ? 'exp0' : 'error'
    : state === 'exp' || state === 'expSign'
        ? isDigit(c) ? 'exp' : 'error'
    : state === 'exp0'
        ? isDigit(c) ? 'exp' : c === 0x2b || c === 0x2d ? 'expSign' : 'error'
    : state === 'zero'
        ? c === 0x2e ? 'dot'
        : isE(c) ? 'exp0'
        : isN(c) && rules.bigint ? 'big'
        : isOneOf(c, 'xX') && rules.hex ? 'hex0'
        : isOneOf(c, 'oO') && rules.octBin ? 'oct0'
        : isOneOf(c, 'bB') && rules.octBin ? 'bin0'
        : 'error'
    : state === 'dot'
        ? isDigit(c) ? 'frac' : isE(c) && rules.trailingDot ? 'exp0' : 'error'
    : state === 'hex0' || state === 'hex'
        ? isHexDigit(c) ? 'hex' : isN(c) && state === 'hex' && rules.bigint ? 'big' : 'error'
    : state === 'oct0' || state === 'oct'
        ? c >= 0x30 && c <= 0x37 ? 'oct' : isN(c) && state === 'oct' && rules.bigint ? 'big' : 'error'
    : state === 'bin0' || state === 'bin'
        ? c === 0x30 || c === 0x31 ? 'bin' : isN(c) && state === 'bin' && rules.bigint ? 'big' : 'error'
    : 'error'

const finals = ['zero', 'int', 'frac', 'exp', 'hex', 'oct', 'bin', 'big']

/**
 * The literal `text` under `rules`: `['number', x]`, `['bigint', n]` (a
 * bigint >= 0), or `null` when the language does not accept the spelling.
 */
const literal = (rules, text) => {
    const step = transition(rules)
    const state = Array.from({ length: text.length })
        .reduce((s, _, i) => s === 'error' ? s : step(s, text.charCodeAt(i)), 'start')
    return state === 'big' ? ['bigint', BigInt(text.slice(0, text.length - 1))]
        : finals.includes(state) || state === 'dot' && rules.trailingDot ? ['number', Number(text)]
        : null
}

export default { json, json5, js, literal }
