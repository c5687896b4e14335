// Module paths, as nanvm-core/src/path.rs resolves them: `/`-separated,
// relative to a root, with no `.` or `..` segments (`config/main.f.mjs`).
//
// Strings are cut and joined by folds and by halving, so that a long path
// costs O(n log n) at most and recursion stays O(log n) deep.

import list from './list.f.mjs'
import chars from './chars.f.mjs'
import specifier from './specifier.f.mjs'

/** The pieces of `s` between `/` separators, in order. */
const split = s => {
    const cut = Array.from({ length: s.length + 1 }).reduce(
        (st, _, i) => i === s.length || s.charCodeAt(i) === 0x2f
            ? { start: i + 1, parts: list.push(st.parts, s.slice(st.start, i)) }
            : st,
        { start: 0, parts: list.empty })
    return list.flatten(cut.parts)
}

/** `items[lo..hi]` joined by `sep`, by halving. */
const joinRange = (items, sep, lo, hi) => {
    if (hi - lo === 1) {
        return items[lo]
    }
    const mid = (lo + hi) >> 1
    return joinRange(items, sep, lo, mid) + sep + joinRange(items, sep, mid, hi)
}

/** The strings `items` joined by `sep`. */
const join = (items, sep) => items.length === 0 ? '' : joinRange(items, sep, 0, items.length)

/** The string of the code units `units[lo..hi]`, by halving. */
const textRange = (units, lo, hi) => {
    if (hi - lo <= 1) {
        return hi === lo ? '' : String.fromCharCode(units[lo])
    }
    const mid = (lo + hi) >> 1
    return textRange(units, lo, mid) + textRange(units, mid, hi)
}

/** The string of the code units `units`. */
const text = units => textRange(units, 0, units.length)

/** Whether `s` holds a surrogate that is not half of a pair (no file name can). */
const hasLoneSurrogate = s => Array.from({ length: s.length }).reduce((lone, _, i) => {
    const c = s.charCodeAt(i)
    return lone
        || chars.isHighSurrogate(c) && !chars.isLowSurrogate(s.charCodeAt(i + 1))
        || chars.isLowSurrogate(c) && !chars.isHighSurrogate(s.charCodeAt(i - 1))
}, false)

/** The items of the stack `node` ({ value, next }, `size` items, newest first), oldest first. */
const stackItems = (node, size) => {
    const newestFirst = Array.from({ length: size }).reduce(
        (st, _) => ({ node: st.node.next, items: list.push(st.items, st.node.value) }),
        { node, items: list.empty }).items
    const items = list.flatten(newestFirst)
    return Array.from({ length: size }, (_, i) => items[size - 1 - i])
}

/**
 * The path of the module that the import `spec`, written in the module at
 * path `importer`, names: `['ok', path]` or `['error', message]`.
 */
const resolve = (importer, spec) => {
    const error = specifier.specifierError(chars.units(spec))
    if (error !== null) {
        return ['error', error]
    }
    if (hasLoneSurrogate(spec)) {
        return ['error', 'import path holds a lone surrogate']
    }
    const base = split(importer).filter(s => s !== '')
    const dir = base.slice(0, base.length - 1).reduce(
        (st, segment) => ({ top: { value: segment, next: st.top }, size: st.size + 1 }),
        { top: null, size: 0 })
    const walked = split(spec).reduce(
        (st, segment) => st.outside || segment === '' || segment === '.' ? st
            : segment === '..' ? (st.size === 0 ? { ...st, outside: true } : { top: st.top.next, size: st.size - 1, outside: false })
            : { top: { value: segment, next: st.top }, size: st.size + 1, outside: false },
        { ...dir, outside: false })
    return walked.outside ? ['error', 'import path leads outside the root']
        : ['ok', join(stackItems(walked.top, walked.size), '/')]
}

export default { resolve, split, join, text }
