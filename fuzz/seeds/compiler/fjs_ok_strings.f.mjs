// Strings: concatenation, comparison, code units, slices and templates.
const s = 'héllo, wörld 😀'

const units = Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))

const back = units.map(u => String.fromCharCode(u)).reduce((a, b) => a + b, '')

const lone = '\uD800' + 'x' + '\uDC00'

export default {
    s, units, same: back === s, length: s.length, slices: [s.slice(0, 5), s.slice(-2), s.slice(3, 1), s.slice(7)],
    past: [s.charCodeAt(100), s.charCodeAt(-1)], lone, loneUnits: [lone.charCodeAt(0), lone.charCodeAt(2)],
    compare: ['a' < 'b', 'B' < 'a', 'ab' < 'abc', '10' < '9', '' < 'a', 'é' > 'z'],
    mixed: ['1' + 2, 1 + '2', 'x' + null + undefined + true, 1 + 2 + '3', '3' - 1, '6' / '2'],
}
