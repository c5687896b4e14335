// The globals of docs/fjs.md's builtins table.
export default {
    numbers: ['12', ' 12 ', '0x1F', '0o17', '0b101', '1e3', '', 'abc', '-0', 'Infinity', '.5', '5.'].map(s => Number(s)),
    fromBigint: [Number(255n), Number(-1n)],
    bigints: ['0', '123456789012345678901234567890', '0x1f', '0o17', '0b11'].map(s => BigInt(s)),
    chars: [65, 0x263a, 0xd83d, 0x10041].map(c => String.fromCharCode(c)),
    infinity: [Infinity, -Infinity, Infinity - Infinity],
    ranges: [Array.from({ length: 3 }, (_, i) => i * 2), Array.from({ length: 0 })],
    types: [typeof Array, typeof String.fromCharCode, typeof Number],
}
