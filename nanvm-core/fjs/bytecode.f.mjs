// Writers of the bytecode format of docs/bytecode.md.
//
// A *rope* is a number (one byte) or a nested array of ropes: ropes
// concatenate in O(1), and `.flat(Infinity)` turns the module's rope into
// its bytes once, at the end. Expressions are *sized ropes*, `{ rope, size }`
// with `size` the number of bytes, so that a code block's byte length is
// known without flattening what it holds (flattening at every level of
// nesting would be quadratic in the depth).

import f64 from './f64.f.mjs'
import bigint from './bigint.f.mjs'

/** The tags of docs/bytecode.md: data, then operations. */
const tag = {
    null: 0x00, number: 0x01, false: 0x02, true: 0x03, string: 0x04, object: 0x05,
    array: 0x06, bigintPositive: 0x07, bigintNegative: 0x08, localRef: 0x09,
    argRef: 0x0a, undefined: 0x0b, function: 0x0c,
    outerRef: 0x0d, outerArg: 0x0e, block: 0x0f, call: 0x10, callMethod: 0x11, get: 0x12,
    conditional: 0x13, and: 0x14, or: 0x15, nullish: 0x16, not: 0x17, negate: 0x18,
    toNumber: 0x19, bitNot: 0x1a, typeof: 0x1b, add: 0x1c, sub: 0x1d, mul: 0x1e, div: 0x1f,
    rem: 0x20, pow: 0x21, lt: 0x22, le: 0x23, gt: 0x24, ge: 0x25, strictEq: 0x26,
    strictNe: 0x27, bitAnd: 0x28, bitOr: 0x29, bitXor: 0x2a, shl: 0x2b, shr: 0x2c, ushr: 0x2d,
    toString: 0x2e, arraySpread: 0x2f, objectDynamic: 0x30, callSpread: 0x31, global: 0x32,
}

/** A u32, least-significant byte first (a rope of 4 bytes). */
const u32 = n => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]

/** A `String`: the count of UTF-16 code units, then the units (a rope). */
const string = units => [u32(units.length), units.map(u => [u & 255, u >>> 8])]

/** The byte size of `string(units)`. */
const stringSize = units => 4 + 2 * units.length

const sized = (rope, size) => ({ rope, size })

/** The total size of sized ropes. */
const sizeOf = items => items.reduce((n, item) => n + item.size, 0)

/** The ropes of sized ropes. */
const ropes = items => items.map(item => item.rope)

const nullValue = sized([tag.null], 1)
const undefinedValue = sized([tag.undefined], 1)
const bool = b => sized([b ? tag.true : tag.false], 1)
const number = x => sized([tag.number, f64(x)], 9)
const stringValue = units => sized([tag.string, string(units)], 1 + stringSize(units))

/** A bigint of sign `negative` and magnitude `n` (a bigint >= 0); zero is always positive. */
const bigintValue = (negative, n) => {
    const limbs = bigint.limbs(n)
    return sized([
        negative && n !== 0n ? tag.bigintNegative : tag.bigintPositive,
        u32(limbs.length),
        limbs.map(bigint.limbBytes),
    ], 5 + 8 * limbs.length)
}

/** An operation (or data) tag followed by its operands, each a sized rope. */
const op = (t, operands) => sized([t, ropes(operands)], 1 + sizeOf(operands))

/** A tag, a u32 count and that many sized items (arrays, calls' arguments). */
const counted = (t, head, items) =>
    sized([t, ropes(head), u32(items.length), ropes(items)], 5 + sizeOf(head) + sizeOf(items))

/** An array literal of sized items. */
const array = items => counted(tag.array, [], items)

/** One property of an object literal: the key's code units and the value (sized). */
const property = (key, value) => sized([string(key), value.rope], stringSize(key) + value.size)

/** An object literal of sized properties (see `property`). */
const object = properties => counted(tag.object, [], properties)

/** An item of `arraySpread`, `objectDynamic` or `callSpread`: a kind byte and operands. */
const item = (kind, operands) => op(kind, operands)

const localRef = i => sized([tag.localRef, u32(i)], 5)
const argRef = i => sized([tag.argRef, u32(i)], 5)
const outerRef = (depth, i) => sized([tag.outerRef, u32(depth), u32(i)], 9)
const outerArg = (depth, i) => sized([tag.outerArg, u32(depth), u32(i)], 9)
const global = units => sized([tag.global, string(units)], 1 + stringSize(units))

/** A `Code`: the byte length, then the constants (sized), the last one the result. */
const code = consts => sized([u32(sizeOf(consts)), ropes(consts)], 4 + sizeOf(consts))

/** A function of `length` parameters whose body is the constants `consts`. */
const func = (length, consts) => {
    const c = code(consts)
    return sized([tag.function, u32(length), c.rope], 5 + c.size)
}

/** A nested block: its constants in order, the value of the last one. */
const block = consts => op(tag.block, [code(consts)])

/**
 * The bytes of a module: `importCount` specifiers (a rope of `string`s) and
 * the constants of its code block (sized, the last one the module's value).
 */
const module = (importCount, imports, consts) =>
    [u32(importCount), imports, code(consts).rope].flat(Infinity)

export default {
    tag, u32, string, stringSize, sized, nullValue, undefinedValue, bool, number, stringValue,
    bigintValue, op, counted, array, property, object, item, localRef, argRef, outerRef,
    outerArg, global, code, func, block, module,
}
