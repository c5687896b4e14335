// a byte-order mark, then comments and unusual whitespace
/* block */ const a = /* inline */ 1 /* a comment
   with a line break ends the statement */ const b = [a, a ] // NBSP and EM SPACE
const c = 3
const d = 4 const e = 5 export default [a, b, c, d, e] // no line break at the end