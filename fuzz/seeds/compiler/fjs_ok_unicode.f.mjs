// Unicode identifiers and strings.
const café = 'crème'
const π = 3.14159
const ñandú = { ü: 'umlaut' }

export default [café, π * 2, ñandú.ü, '日本語'.length, '😀'.charCodeAt(0), '😀'.charCodeAt(1), `${café}-${π}`]
