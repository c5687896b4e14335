// A persistent list builder.
//
// `push` is O(1) amortized and never copies the items pushed before; the
// builder's structure is O(log n) deep, so every function walking it
// recurses O(log n) deep at most. `rope` hands the items back as one nested
// array: `rope(b).flat(Infinity)` is the items (each flattened too) in push
// order, in one linear pass.
//
// The builder is a binary counter: a stack of perfect binary trees whose
// sizes are distinct powers of two, the smallest (newest) on top. A push
// makes a tree of one item, then merges trees of equal size, like a carry.

/** The empty builder. */
const empty = { length: 0, chunks: null }

/** Puts the tree `tree` of `size` items on the chunk stack `next`, merging equal sizes. */
const merge = (size, tree, next) =>
    next !== null && next.size === size
        ? merge(size * 2, [next.tree, tree], next.next)
        : { size, tree, next }

/** The builder `b` with `item` appended. */
const push = (b, item) => ({ length: b.length + 1, chunks: merge(1, [item], b.chunks) })

/** The chunks from `c` down, oldest first, as a nested array. */
const chunksRope = c => c === null ? [] : [chunksRope(c.next), c.tree]

/** The items of `b` as a nested array whose full flattening lists them in order. */
const rope = b => chunksRope(b.chunks)

/** The items of `b`, flattened (each item an array is flattened into its elements). */
const flatten = b => rope(b).flat(Infinity)

export default { empty, push, rope, flatten }
