// The code generator: the module's syntax tree (ast.f.mjs) to bytecode
// (docs/bytecode.md), with references resolved and statements lowered to
// expressions.
//
// Scopes. The generator walks the tree with an environment: a chain of
//
//   { kind: 'block', map, seg, count, id, next }  a code block: `map` holds
//        its constants as { arg: false, seg, index } (see "Lowering"), and
//        `count` how many of them are evaluated where the code being
//        generated runs
//   { kind: 'fn', map, real, id, next }  a function: `map` holds its
//        parameters as { arg: true, index }; `real` is false for the
//        continuation functions of the lowering
//   { kind: 'hide', upTo, id, next }      the names of the entries below it,
//        up to (not including) the entry whose id is `upTo`, are out of scope
//
// innermost first. A name is `local_ref`/`arg_ref` in the innermost block or
// function, `outer_ref`/`outer_arg` with the number of blocks or functions
// passed, a global (FJS: the builtins table of docs/fjs.md), or an error.
// Reading a constant before it is evaluated is an error, unless a function
// lies between (it runs later: JavaScript's temporal dead zone).
//
// Lowering. A block of statements `const`, `if`, `return` is cut into
// *segments* at each `if`: a segment is its consts, then an `if` (or a
// `return`, or the block's end). A segment is a code block whose last
// constant is `conditional(test, then, else)`; the statements after the if
// (the *rest*) go where its branches fall off their end, so that
//
//   { const a = …; if (c) { return x } const b = …; return y }
//
// is `block [a, conditional(c, x, block [b, y])]`. When the branches fall
// off their end in more than one place, the rest becomes a function of no
// parameters, a constant `k` of the segment, called at each of them:
// `block [a, k = () => { const b = …; return y }, conditional(c, k(), …)]`,
// so that no code is written twice. A block that falls off the end of a
// function gives `undefined`. Inside the branches the rest's names keep
// JavaScript's scopes ('hide' entries), whatever blocks lie between.
//
// Every function here recurses at most as deep as the expression tree, which
// is at most `maxDepth` levels: deeper is an error.

import bc from './bytecode.f.mjs'
import map from './map.f.mjs'
import list from './list.f.mjs'
import chars from './chars.f.mjs'

const tag = bc.tag

/** The deepest nesting of the expression tree (the bytecode reader's default limit). */
const maxDepth = 1000

const isError = r => r.error !== undefined

const fail = (node, message) => ({ error: { index: node.start, message } })

const tooDeep = node => fail(node, `nesting deeper than ${maxDepth} levels`)

/** The first error among `results`, or `null`. */
const firstError = results => results.reduce((e, r) => e !== null ? e : isError(r) ? r : null, null)

/** `build(results)`, unless one of `results` is an error. */
const unlessError = (results, build) => {
    const e = firstError(results)
    return e !== null ? e : build(results)
}

/** The globals of docs/fjs.md's builtins table that are values at run time. */
const globals = ['Array', 'String', 'Number', 'BigInt']

/** The segments of a block's statements, and its names (added to `base`). */
const analyze = (block, base) => {
    const cut = block.stmts.reduce((s, stmt) => stmt.kind === 'const'
        ? {
            ...s,
            consts: list.push(s.consts, stmt),
            n: s.n + 1,
            start: s.start === null ? stmt.start : s.start,
            map: map.set(s.map, stmt.name, { arg: false, seg: s.seg, index: s.n }),
        }
        : {
            segments: list.push(s.segments, {
                consts: list.flatten(s.consts),
                if: stmt.kind === 'if' ? stmt : null,
                ret: stmt.kind === 'return' ? stmt : null,
                start: s.start === null ? stmt.start : s.start,
            }),
            consts: list.empty, n: 0, seg: s.seg + 1, start: null, map: s.map,
        },
    { segments: list.empty, consts: list.empty, n: 0, seg: 0, start: null, map: base })
    // A block ending with consts (or empty) ends with a segment that falls off its end.
    const segments = cut.n > 0 || cut.seg === 0
        ? list.push(cut.segments, { consts: list.flatten(cut.consts), if: null, ret: null, start: cut.start === null ? block.start : cut.start })
        : cut.segments
    return { segments: list.flatten(segments), map: cut.map }
}

/** The code generator of `language` (language.f.mjs). */
const codegen = language => {
    const global = node =>
        !language.fjs ? fail(node, `'${node.name}' is not declared`)
        : node.name === 'Infinity' ? bc.number(1 / 0)
        : globals.includes(node.name) ? bc.global(chars.units(node.name))
        : fail(node, `'${node.name}' is not declared`)

    /**
     * Resolves the name `node` in `env`: `blocks` and `fns` count the blocks
     * and functions passed, `crossed` whether a real function was, and
     * `hidden` lists the ids up to which names are out of scope.
     */
    const resolve = (node, env, blocks, fns, crossed, hidden) => {
        if (env === null) {
            return global(node)
        }
        const still = hidden.filter(id => id !== env.id)
        const next = (b, f, c, h) => resolve(node, env.next, b, f, c, h)
        if (env.kind === 'hide') {
            return next(blocks, fns, crossed, [...still, env.upTo])
        }
        const binding = still.length === 0 ? map.get(env.map, node.name) : undefined
        if (env.kind === 'fn') {
            return binding !== undefined && binding.arg
                ? (fns === 0 ? bc.argRef(binding.index) : bc.outerArg(fns, binding.index))
                : next(blocks, fns + 1, crossed || env.real, still)
        }
        if (binding === undefined || binding.arg || binding.seg < env.seg) {
            return next(blocks + 1, fns, crossed, still)
        }
        return binding.seg > env.seg
            ? fail(node, crossed
                ? `'${node.name}' is declared after an 'if' of its block: a function defined before that 'if' cannot reach it`
                : `'${node.name}' is not declared before this point`)
            : !crossed && binding.index >= env.count ? fail(node, `'${node.name}' is not declared before this point`)
            : blocks === 0 ? bc.localRef(binding.index)
            : bc.outerRef(blocks, binding.index)
    }

    /** A reference to constant `index` of the block whose id is `id`. */
    const refTo = (env, id, index, blocks) =>
        env.id === id ? (blocks === 0 ? bc.localRef(index) : bc.outerRef(blocks, index))
        : refTo(env.next, id, index, blocks + (env.kind === 'block' ? 1 : 0))

    /** The expression `node` at nesting `level`, in `env`. */
    const gen = (node, env, level) => {
        const k = node.kind
        return k === 'lit' ? (level + node.height > maxDepth ? tooDeep(node) : node)
            : k === 'name' ? resolve(node, env, 0, 0, false, [])
            : level >= maxDepth ? tooDeep(node)
            : k === 'op' ? unlessError(all(node.args, env, level + 1), args => bc.op(node.tag, args))
            : k === 'array' ? arrayNode(node, env, level + 1)
            : k === 'object' ? objectNode(node, env, level + 1)
            : k === 'call' ? callNode(node, env, level + 1)
            : fnNode(node, env, level + 1)
    }

    const all = (nodes, env, level) => nodes.map(n => gen(n, env, level))

    /** An item of an array literal or a call with spread: `00 Any` or `01 Any`. */
    const spreadItem = (node, env, level) =>
        node.kind === 'spread'
            ? unlessError([gen(node.node, env, level)], r => bc.item(1, r))
            : unlessError([gen(node, env, level)], r => bc.item(0, r))

    const arrayNode = (node, env, level) =>
        node.spread
            ? unlessError(node.items.map(i => spreadItem(i, env, level)), items => bc.counted(tag.arraySpread, [], items))
            : unlessError(all(node.items, env, level), bc.array)

    const objectNode = (node, env, level) =>
        node.dynamic
            ? unlessError(node.props.map(p =>
                p.kind === 'spread' ? unlessError([gen(p.node, env, level)], r => bc.item(1, r))
                : p.kind === 'computed' ? unlessError([gen(p.key, env, level), gen(p.value, env, level)], r => bc.item(0, r))
                : unlessError([bc.stringValue(p.key), gen(p.value, env, level)], r => bc.item(0, r))),
            props => bc.counted(tag.objectDynamic, [], props))
            : unlessError(node.props.map(p => unlessError([gen(p.value, env, level)], r => bc.property(p.key, r[0]))), bc.object)

    const callNode = (node, env, level) => {
        const callee = node.callee
        return node.spread
            ? unlessError([gen(callee, env, level), ...node.args.map(a => spreadItem(a, env, level))],
                r => bc.counted(tag.callSpread, [r[0]], r.slice(1)))
            : callee.kind === 'op' && callee.tag === tag.get
                ? unlessError([...all(callee.args, env, level), ...all(node.args, env, level)],
                    r => bc.counted(tag.callMethod, r.slice(0, 2), r.slice(2)))
            : unlessError([gen(callee, env, level), ...all(node.args, env, level)],
                r => bc.counted(tag.call, [r[0]], r.slice(1)))
    }

    /** A function: its body is a code block at `level`. */
    const fnNode = (node, env, level) => {
        const fnEnv = { kind: 'fn', map: node.params, real: true, id: {}, next: env }
        const consts = node.block === null
            ? [gen(node.body, { kind: 'block', map: map.empty, seg: 0, count: 0, id: {}, next: fnEnv }, level)]
            : segment(analyze(node.block, node.params), 0, fnEnv, level, true, { kind: 'undefined' })
        return isError(consts) ? consts : unlessError(consts, c => bc.func(node.length, c))
    }

    /**
     * Segment `j` of the analyzed block `block`, in `env`, at `level`: its
     * constants (an array) when `asCode` (a function's body), else one
     * expression (a `block` when it has constants). `cont` is what to do
     * where the block falls off its end: { kind: 'undefined' },
     * { kind: 'call', id, index } (call the continuation constant), or
     * { kind: 'inline', block, seg, id, cont } (the rest of an enclosing
     * block, whose segment had id `id`).
     */
    const segment = (block, j, env, level, asCode, cont) => {
        const seg = block.segments[j]
        const n = seg.consts.length
        const last = j === block.segments.length - 1
        const chained = !last || cont.kind === 'inline'
        const useK = seg.if !== null && seg.if.exits > 1 && chained
        const open = asCode || n > 0 || useK
        if (open && !asCode && level >= maxDepth) {
            return tooDeep(seg)
        }
        const id = open ? {} : env.id
        const inner = open && !asCode ? level + 1 : level
        const at = count => open ? { kind: 'block', map: block.map, seg: j, count, id, next: env } : env
        const rest = last ? cont : { kind: 'inline', block, seg: j + 1, id, cont }
        const consts = seg.consts.map((c, i) => gen(c.value, at(i), inner))
        const k = useK ? [continuation(rest, at(n), inner, seg)] : []
        const count = n + k.length
        const exit = useK ? { kind: 'call', id, index: n, start: seg.if.start } : rest
        const result = seg.ret !== null ? gen(seg.ret.value, at(count), inner)
            : seg.if !== null ? ifNode(seg.if, at(count), inner, exit)
            : emit(rest, at(count), inner)
        const parts = [...consts, ...k, result]
        const e = firstError(parts)
        return e !== null ? e : asCode ? parts : open ? bc.block(parts) : result
    }

    /** The continuation constant: a function of no parameters whose body is `rest`. */
    const continuation = (rest, env, level, seg) => {
        if (level >= maxDepth) {
            return tooDeep(seg)
        }
        const fnEnv = { kind: 'fn', map: map.empty, real: false, id: {}, next: env }
        const hide = { kind: 'hide', upTo: rest.id, id: {}, next: fnEnv }
        const consts = segment(rest.block, rest.seg, hide, level + 1, true, rest.cont)
        return isError(consts) ? consts : bc.func(0, consts)
    }

    /** What happens where a block falls off its end. */
    const emit = (cont, env, level) =>
        cont.kind === 'undefined' ? bc.undefinedValue
        : cont.kind === 'call'
            ? (level >= maxDepth ? tooDeep(cont) : bc.counted(tag.call, [refTo(env, cont.id, cont.index, 0)], []))
        : segment(cont.block, cont.seg, { kind: 'hide', upTo: cont.id, id: {}, next: env }, level, false, cont.cont)

    const branch = (block, env, level, cont) =>
        block === null ? emit(cont, env, level) : segment(analyze(block, map.empty), 0, env, level, false, cont)

    const ifNode = (stmt, env, level, cont) =>
        level >= maxDepth ? tooDeep(stmt)
        : unlessError([
            gen(stmt.test, env, level + 1),
            branch(stmt.then, env, level + 1, cont),
            branch(stmt.else, env, level + 1, cont),
        ], r => bc.op(tag.conditional, r))

    /**
     * The bytes of the module `m` (parser.f.mjs's result), or `{ error }`:
     * a function of its imports whose code block holds its constants, then
     * its value.
     */
    const module = m => {
        const fnEnv = { kind: 'fn', map: m.names, real: true, id: {}, next: null }
        const id = {}
        const at = count => ({ kind: 'block', map: m.names, seg: 0, count, id, next: fnEnv })
        const consts = m.consts.map((c, i) => gen(c.value, at(i), 0))
        const parts = [...consts, gen(m.value, at(consts.length), 0)]
        const e = firstError(parts)
        return e !== null ? e : { bytes: bc.module(m.importCount, m.imports, parts) }
    }

    return { module }
}

export default { codegen, maxDepth }
