// Line and column of a code unit offset, both counted from 1. Lines end at
// JavaScript's line terminators (LF, CR, CR LF, U+2028, U+2029); columns
// count UTF-16 code units, as JavaScript engines report them.

const position = (text, index) =>
    Array.from({ length: index }).reduce((s, _, i) => {
        const c = text.charCodeAt(i)
        return c === 0x0a && s.cr ? { line: s.line, column: 1, cr: false }
            : c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029 ? { line: s.line + 1, column: 1, cr: c === 0x0d }
            : { line: s.line, column: s.column + 1, cr: false }
    }, { line: 1, column: 1, cr: false })

/** `{ line, column }` of offset `index` in `text`. */
const lineColumn = (text, index) => {
    const p = position(text, index)
    return { line: p.line, column: p.column }
}

export default lineColumn
