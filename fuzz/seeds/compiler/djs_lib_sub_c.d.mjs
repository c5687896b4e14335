import a from '../a.d.mjs'
import b from "./../b.d.mjs"
export default [a, b]
