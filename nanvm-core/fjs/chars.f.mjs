// Classes of UTF-16 code units and code points, as the lexer needs them.
// -1 stands for the end of the input and belongs to no class.

import unicode from './unicode-id.f.mjs'

const isDigit = c => c >= 0x30 && c <= 0x39

const isHexDigit = c => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)

/** The value of a hexadecimal digit. */
const hexValue = c => c <= 0x39 ? c - 0x30 : c <= 0x46 ? c - 0x37 : c - 0x57

const isAsciiLetter = c => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)

/** A first character of an identifier: an ASCII letter, `_` or `$`. */
const isIdStart = c => isAsciiLetter(c) || c === 0x5f || c === 0x24

/** A later character of an identifier: also a digit. */
const isIdPart = c => isIdStart(c) || isDigit(c)

/** Whether `cp` is in the sorted inclusive ranges `r[2 * lo]..r[2 * hi + 1]`, by binary search. */
const inRanges = (r, cp, lo, hi) => {
    if (lo > hi) { return false }
    const mid = (lo + hi) >> 1
    return cp < r[2 * mid] ? inRanges(r, cp, lo, mid - 1)
        : cp > r[2 * mid + 1] ? inRanges(r, cp, mid + 1, hi)
        : true
}

/** JavaScript's IdentifierStart as a code point (no escapes): ID_Start, `$`, `_`. */
const isIdStartCodePoint = cp =>
    cp < 0x80 ? isIdStart(cp) : inRanges(unicode.idStart, cp, 0, unicode.idStart.length / 2 - 1)

/** JavaScript's IdentifierPart as a code point (no escapes): ID_Continue, `$`, ZWNJ, ZWJ. */
const isIdPartCodePoint = cp =>
    cp < 0x80 ? isIdPart(cp)
    : cp === 0x200c || cp === 0x200d || inRanges(unicode.idContinue, cp, 0, unicode.idContinue.length / 2 - 1)

const isHighSurrogate = c => c >= 0xd800 && c <= 0xdbff

const isLowSurrogate = c => c >= 0xdc00 && c <= 0xdfff

/** The code point at offset `i` of `text` (a lone surrogate stands for itself). */
const codePointAt = (text, i) => {
    const c = text.charCodeAt(i)
    const d = text.charCodeAt(i + 1)
    return isHighSurrogate(c) && isLowSurrogate(d) ? 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00) : c
}

/** JavaScript's LineTerminator: LF, CR, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
const isJsLineTerminator = c => c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029

/** JavaScript's WhiteSpace: TAB, VT, FF, SPACE, NBSP, ZWNBSP and the other Zs spaces. */
const isJsSpace = c =>
    c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff
    || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000

/** JSON's line breaks: LF and CR. */
const isJsonLineTerminator = c => c === 0x0a || c === 0x0d

/** JSON's other whitespace: SPACE and TAB. */
const isJsonSpace = c => c === 0x20 || c === 0x09

/** The code units of an ASCII or BMP string. */
const units = s => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))

/** Whether the code units `u` spell the string `s`. */
const unitsEqual = (u, s) => u.length === s.length && u.every((c, i) => c === s.charCodeAt(i))

export default {
    isDigit, isHexDigit, hexValue, isIdStart, isIdPart, isIdStartCodePoint, isIdPartCodePoint,
    isHighSurrogate, isLowSurrogate, codePointAt, isJsLineTerminator, isJsSpace,
    isJsonLineTerminator, isJsonSpace, units, unitsEqual,
}
