// Line breaks end a statement only where JavaScript would insert a semicolon.
const f = x => [x]
const a = f
(1)
const b = [10, 20, 30]
[1]
const c = 1
+ 2
const d = `x`
const e = f
    (2)
    [0]
const g = x => {
    const y = x
    * 3
    return y
}
export default [a, b, c, d, e, g(2)]
