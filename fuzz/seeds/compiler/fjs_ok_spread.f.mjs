// Spread in arrays, objects and calls.
const base = { a: 1, b: 2, 10: 'ten', 2: 'two' }

const f = (a, b, c) => [a, b, c]

export default {
    arrays: [[...[1, 2], 3, ...[]], [...'héllo😀'], [0, ...[[1]], ...Array.from({ length: 2 })]],
    objects: [{ ...base, a: 'over' }, { a: 'first', ...base }, { ...null, ...undefined, ...'ab', ...[7, 8] }, { z: 1, ...base, 1: 'one' }],
    calls: [f(...[1, 2, 3]), f(0, ...[9]), f(...'ab', ...[])],
}
