// The bundler: a graph of compiled modules to one self-contained module
// (docs/bytecode.md, "Bundles").
//
//   link.bundle(load)(root)
//
// `load(path)` is the host's: it reads the file at module path `path`
// (path.f.mjs: `/`-separated, relative to the host's root), compiles it and
// returns `['ok', bytes]` or `['error', message]`. `bundle` calls it once
// per module reachable from `root`, resolving each import specifier with
// `path.resolve`, and returns `['ok', bytes]`, a module with no imports
// whose value is the root's, or `['error', message]`: a load error as
// `load` gave it, else `path: error: message` (a malformed module, a bad
// import path, an import cycle, which the message spells out).
//
// Constant k of the bundle is module k's code as a function of its
// imports, called with the constants of the modules it imports:
// `call(function(n) { code }, [local_ref i₁, …, local_ref iₙ])`. Modules are
// in dependency post-order (an import before its importers, in the order
// of the import lists, from the root), each once, so that a module
// imported twice is one value; the root is last. A root with no imports is
// its own bundle.
//
// The graph is walked depth first on an explicit stack, in folds of
// doubling length: no recursion grows with the graph.

import bc from './bytecode.f.mjs'
import list from './list.f.mjs'
import map from './map.f.mjs'
import path from './path.f.mjs'

const u32At = (b, o) => b[o] + b[o + 1] * 256 + b[o + 2] * 65536 + b[o + 3] * 16777216

/**
 * The import specifiers of a compiled module and its code (the `Code`
 * bytes): `{ imports, code }` or `{ error }`.
 */
const parse = bytes => {
    const fits = (o, n) => o + n <= bytes.length
    const unitAt = o => bytes[o] + bytes[o + 1] * 256
    const count = fits(0, 4) ? u32At(bytes, 0) : -1
    if (count < 0 || count > (bytes.length - 4) / 4) {
        return { error: 'malformed module: bad import count' }
    }
    const read = Array.from({ length: count }).reduce((s, _) => {
        const n = s.error === null && fits(s.offset, 4) ? u32At(bytes, s.offset) : -1
        const end = s.offset + 4 + 2 * n
        return s.error !== null ? s
            : n < 0 || !fits(s.offset + 4, 2 * n) ? { ...s, error: 'malformed module: bad import specifier' }
            : {
                ...s,
                offset: end,
                imports: list.push(s.imports, path.text(Array.from({ length: n }, (_, i) => unitAt(s.offset + 4 + 2 * i)))),
            }
    }, { offset: 4, imports: list.empty, error: null })
    const o = read.offset
    return read.error !== null ? { error: read.error }
        : !fits(o, 4) || o + 4 + u32At(bytes, o) !== bytes.length ? { error: 'malformed module: bad code length' }
        : { imports: list.flatten(read.imports), code: bytes.slice(o) }
}

/** `items` that are errors (`['error', …]`). */
const errors = items => items.filter(r => r[0] === 'error')

/** The position of `item` in `items` (which holds it). */
const indexOf = (items, item) => items.reduce((at, x, i) => at < 0 && x === item ? i : at, -1)

const bundle = load => root => {
    /** Loads the module at `p`: a stack frame, or `{ error }`. */
    const open = (p, chain, below) => {
        const loaded = load(p)
        if (loaded[0] === 'error') {
            return { error: loaded[1] }
        }
        const m = parse(loaded[1])
        if (m.error !== undefined) {
            return { error: `${p}: error: ${m.error}` }
        }
        const deps = m.imports.map(spec => path.resolve(p, spec))
        const bad = errors(deps)
        const at = bad.length === 0 ? -1 : indexOf(deps, bad[0])
        return at >= 0 ? { error: `${p}: error: import '${m.imports[at]}': ${bad[0][1]}` }
            : { path: p, chain: list.push(chain, p), bytes: loaded[1], code: m.code, deps: deps.map(d => d[1]), next: 0, below }
    }

    const cycle = (chain, p) => {
        const paths = list.flatten(list.push(chain, p))
        return `${p}: error: import cycle: ${path.join(paths.slice(indexOf(paths, p)), ' -> ')}`
    }

    /** One step of the depth-first walk: open the next import, or finish the module on top. */
    const step = s => {
        const f = s.stack
        if (s.error !== null || f === null) {
            return s
        }
        if (f.next < f.deps.length) {
            const p = f.deps[f.next]
            const seen = map.get(s.seen, p)
            const top = { ...f, next: f.next + 1 }
            if (seen === 'open') {
                return { ...s, error: cycle(f.chain, p) }
            }
            if (seen !== undefined) {
                return { ...s, stack: top }
            }
            const g = open(p, f.chain, top)
            return g.error !== undefined ? { ...s, error: g.error } : { ...s, stack: g, seen: map.set(s.seen, p, 'open') }
        }
        return {
            ...s,
            stack: f.below,
            seen: map.set(s.seen, f.path, s.count),
            modules: list.push(s.modules, f),
            count: s.count + 1,
        }
    }

    /** Steps until done, in folds of doubling length. */
    const walk = (s, n) => s.error !== null || s.stack === null ? s
        : walk(Array.from({ length: n }).reduce(step, s), n * 2)

    const first = open(root, list.empty, null)
    if (first.error !== undefined) {
        return ['error', first.error]
    }
    if (first.deps.length === 0) {
        return ['ok', first.bytes]
    }
    const done = walk({ stack: first, seen: map.set(map.empty, root, 'open'), modules: list.empty, count: 0, error: null }, 64)
    if (done.error !== null) {
        return ['error', done.error]
    }
    const consts = list.flatten(done.modules).map(m => bc.counted(
        bc.tag.call,
        [bc.sized([bc.tag.function, bc.u32(m.deps.length), m.code], 5 + m.code.length)],
        m.deps.map(d => bc.localRef(map.get(done.seen, d)))))
    return ['ok', bc.module(0, [], consts)]
}

export default { bundle, parse }
