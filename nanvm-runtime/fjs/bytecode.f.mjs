// Writers of the bytecode format of docs/bytecode.md.
//
// Each writer returns a *rope*: a number (one byte) or a nested array of
// ropes. Ropes concatenate in O(1); `.flat(Infinity)` turns the module's
// rope into its bytes once, at the end.

import f64 from './f64.f.mjs'
import bigint from './bigint.f.mjs'

/** The tags of docs/bytecode.md. */
const tag = {
    null: 0x00, number: 0x01, false: 0x02, true: 0x03, string: 0x04, object: 0x05,
    array: 0x06, bigintPositive: 0x07, bigintNegative: 0x08, localRef: 0x09,
    argRef: 0x0a, undefined: 0x0b, function: 0x0c,
}

/** A u32, least-significant byte first. */
const u32 = n => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]

/** A `String`: the count of UTF-16 code units, then the units. */
const string = units => [u32(units.length), units.map(u => [u & 255, u >>> 8])]

const nullValue = [tag.null]
const undefinedValue = [tag.undefined]
const bool = b => [b ? tag.true : tag.false]
const number = x => [tag.number, f64(x)]
const stringValue = units => [tag.string, string(units)]

/** A bigint of sign `negative` and magnitude `n` (a bigint >= 0); zero is always positive. */
const bigintValue = (negative, n) => {
    const limbs = bigint.limbs(n)
    return [
        negative && n !== 0n ? tag.bigintNegative : tag.bigintPositive,
        u32(limbs.length),
        limbs.map(bigint.limbBytes),
    ]
}

/** An array of `count` items, given as one rope. */
const array = (count, items) => [tag.array, u32(count), items]

/** One property of an object: the key's code units and the value's rope. */
const property = (key, value) => [string(key), value]

/** An object of `count` properties (see `property`), given as one rope. */
const object = (count, properties) => [tag.object, u32(count), properties]

const localRef = i => [tag.localRef, u32(i)]
const argRef = i => [tag.argRef, u32(i)]

/**
 * The bytes of a module: `importCount` specifiers (a rope of `string`s) and
 * the constants of its code block (a rope of expressions, the last one the
 * module's value).
 */
const module = (importCount, imports, consts) => {
    const code = consts.flat(Infinity)
    return u32(importCount).concat([imports].flat(Infinity), u32(code.length), code)
}

export default {
    tag, u32, string, nullValue, undefinedValue, bool, number, stringValue, bigintValue,
    array, property, object, localRef, argRef, module,
}
