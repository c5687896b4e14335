// A persistent map from strings to values: an AVL tree.
//
// `set` and `get` are O(log n) and recurse O(log n) deep. Keys compare with
// `<` (UTF-16 code units), so the structure is deterministic.

/** The empty map. */
const empty = null

const height = n => n === null ? 0 : n.height

const max = (a, b) => a > b ? a : b

const node = (key, value, left, right) =>
    ({ key, value, left, right, height: 1 + max(height(left), height(right)) })

const rotateRight = n =>
    node(n.left.key, n.left.value, n.left.left, node(n.key, n.value, n.left.right, n.right))

const rotateLeft = n =>
    node(n.right.key, n.right.value, node(n.key, n.value, n.left, n.right.left), n.right.right)

/** `n` rebalanced after one insertion below it. */
const balance = n => {
    const d = height(n.left) - height(n.right)
    if (d > 1) {
        return rotateRight(height(n.left.left) >= height(n.left.right)
            ? n
            : node(n.key, n.value, rotateLeft(n.left), n.right))
    }
    if (d < -1) {
        return rotateLeft(height(n.right.right) >= height(n.right.left)
            ? n
            : node(n.key, n.value, n.left, rotateRight(n.right)))
    }
    return n
}

/** The map `n` with `key` bound to `value` (replacing an earlier binding). */
const set = (n, key, value) =>
    n === null ? node(key, value, null, null)
    : key < n.key ? balance(node(n.key, n.value, set(n.left, key, value), n.right))
    : key > n.key ? balance(node(n.key, n.value, n.left, set(n.right, key, value)))
    : node(key, value, n.left, n.right)

/** The value bound to `key` in `n`, or `undefined`. */
const get = (n, key) =>
    n === null ? undefined
    : key < n.key ? get(n.left, key)
    : key > n.key ? get(n.right, key)
    : n.value

export default { empty, set, get }
