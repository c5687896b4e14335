// A reference reader and evaluator of nanvm bytecode (docs/bytecode.md),
// operations included, written in plain JavaScript for the tests: each
// operation is evaluated by the JavaScript construct it names, so that the
// compiler's output can be compared with node's own value of a module
// before nanvm's VM runs operations. It is a test oracle, not a VM: it
// trusts the engine for the semantics and checks the structure strictly
// (tags, counts, references, nesting, trailing bytes).
//
//   decode(bytes)               -> { imports: [string], code }   (throws on malformed input)
//   evaluate(module, imports)   -> the module's value, given its imports' values
//   run(bytes)                  -> the value of a module with no imports

const maxDepth = 1000

const GLOBALS = { Array, String, Number, BigInt, Infinity }

export const decode = bytes => {
    let pos = 0
    const fail = message => { throw new Error(`bytecode at ${pos}: ${message}`) }
    const need = n => { if (pos + n > bytes.length) { fail('unexpected end') } }
    const u8 = () => { need(1); return bytes[pos++] }
    const u32 = () => { need(4); const v = bytes[pos] | bytes[pos + 1] << 8 | bytes[pos + 2] << 16 | bytes[pos + 3] << 24; pos += 4; return v >>> 0 }
    const count = min => { const n = u32(); if (n * min > bytes.length - pos) { fail('count beyond the end') } return n }
    const string = () => {
        const n = count(2)
        const units = []
        for (let i = 0; i < n; i++) { units.push(bytes[pos] | bytes[pos + 1] << 8); pos += 2 }
        // Chunks, so that long strings do not overflow fromCharCode's arguments.
        let s = ''
        for (let i = 0; i < units.length; i += 4096) { s += String.fromCharCode(...units.slice(i, i + 4096)) }
        return s
    }
    const f64 = () => { need(8); const v = new DataView(Uint8Array.from(bytes.slice(pos, pos + 8)).buffer).getFloat64(0, true); pos += 8; return v }
    const bigint = negative => {
        const n = count(8)
        let v = 0n
        for (let i = n - 1; i >= 0; i--) {
            let limb = 0n
            for (let b = 7; b >= 0; b--) { limb = limb << 8n | BigInt(bytes[pos + i * 8 + b]) }
            if (i === n - 1 && limb === 0n) { fail('bigint with a zero top limb') }
            v = v << 64n | limb
        }
        pos += 8 * n
        if (negative && n === 0) { fail('negative zero bigint') }
        return negative ? -v : v
    }
    // scopes: [{ consts: declared count (growing), kind }] innermost last, for reference checks
    const code = (scope, depth) => {
        const length = u32()
        const end = pos + length
        if (end > bytes.length) { fail('code beyond the end') }
        const block = { defined: 0, total: null }
        const consts = []
        const inner = [...scope.blocks, block]
        while (pos < end) {
            consts.push(expr({ ...scope, blocks: inner }, depth))
            block.defined += 1
        }
        if (pos !== end) { fail('code length mismatch') }
        if (consts.length === 0) { fail('empty code') }
        block.total = consts.length
        return consts
    }
    const items = (scope, depth, withKind, pairs) => {
        const n = count(1)
        const out = []
        for (let i = 0; i < n; i++) {
            const kind = withKind ? u8() : 0
            if (kind > 1) { fail(`item kind ${kind}`) }
            out.push(kind === 1 ? { spread: expr(scope, depth) } : pairs ? { key: expr(scope, depth), value: expr(scope, depth) } : { value: expr(scope, depth) })
        }
        return out
    }
    const expr = (scope, depth) => {
        const at = pos
        const t = u8()
        const deeper = () => { if (depth >= maxDepth) { fail('nesting deeper than 1000') } return depth + 1 }
        const blocks = scope.blocks
        switch (t) {
            case 0x00: return { t: 'lit', v: null }
            case 0x01: return { t: 'lit', v: f64() }
            case 0x02: return { t: 'lit', v: false }
            case 0x03: return { t: 'lit', v: true }
            case 0x04: return { t: 'lit', v: string() }
            case 0x05: { const d = deeper(); const n = count(3); const props = []; for (let i = 0; i < n; i++) { props.push([string(), expr(scope, d)]) } return { t: 'object', props } }
            case 0x06: { const d = deeper(); return { t: 'array', items: items(scope, d, false, false).map(i => i.value) } }
            case 0x07: return { t: 'lit', v: bigint(false) }
            case 0x08: return { t: 'lit', v: bigint(true) }
            case 0x09: { const i = u32(); if (i >= blocks[blocks.length - 1].defined) { fail(`local_ref ${i} before its definition`) } return { t: 'ref', d: 0, i } }
            case 0x0a: { const i = u32(); if (i >= scope.args[scope.args.length - 1]) { fail(`arg_ref ${i} out of range`) } return { t: 'arg', d: 0, i } }
            case 0x0b: return { t: 'lit', v: undefined }
            case 0x0c: {
                const d = deeper()
                const length = u32()
                return { t: 'fn', length, code: code({ blocks: scope.blocks, args: [...scope.args, length] }, d) }
            }
            case 0x0d: {
                const d = u32(); const i = u32()
                if (d < 1 || d >= blocks.length) { fail(`outer_ref depth ${d}`) }
                const b = blocks[blocks.length - 1 - d]
                checks.push(() => { if (i >= b.total) { throw new Error(`bytecode at ${at}: outer_ref ${d} ${i} beyond the block`) } })
                return { t: 'ref', d, i }
            }
            case 0x0e: {
                const d = u32(); const i = u32()
                if (d < 1 || d >= scope.args.length) { fail(`outer_arg depth ${d}`) }
                if (i >= scope.args[scope.args.length - 1 - d]) { fail(`outer_arg ${i} out of range`) }
                return { t: 'arg', d, i }
            }
            case 0x0f: { const d = deeper(); return { t: 'block', code: code(scope, d) } }
            case 0x10: { const d = deeper(); const callee = expr(scope, d); return { t: 'call', callee, args: items(scope, d, false, false).map(i => i.value) } }
            case 0x11: { const d = deeper(); const recv = expr(scope, d); const key = expr(scope, d); return { t: 'method', recv, key, args: items(scope, d, false, false).map(i => i.value) } }
            case 0x12: { const d = deeper(); return { t: 'get', a: expr(scope, d), b: expr(scope, d) } }
            case 0x13: { const d = deeper(); return { t: 'cond', a: expr(scope, d), b: expr(scope, d), c: expr(scope, d) } }
            case 0x2f: { const d = deeper(); return { t: 'arraySpread', items: items(scope, d, true, false) } }
            case 0x30: { const d = deeper(); return { t: 'objectDynamic', props: items(scope, d, true, true) } }
            case 0x31: { const d = deeper(); const callee = expr(scope, d); return { t: 'callSpread', callee, items: items(scope, d, true, false) } }
            case 0x32: { const name = string(); if (!Object.hasOwn(GLOBALS, name)) { fail(`unknown global ${name}`) } return { t: 'lit', v: GLOBALS[name] } }
            default:
                if (t >= 0x14 && t <= 0x2e) {
                    const d = deeper()
                    const unary = (t >= 0x17 && t <= 0x1b) || t === 0x2e
                    return unary ? { t: 'op', op: t, a: expr(scope, d) } : { t: 'op', op: t, a: expr(scope, d), b: expr(scope, d) }
                }
                pos = at
                return fail(`unknown tag ${t.toString(16)}`)
        }
    }
    const checks = []
    const n = count(2)
    const imports = []
    for (let i = 0; i < n; i++) { imports.push(string()) }
    const body = code({ blocks: [], args: [n] }, 0)
    if (pos !== bytes.length) { fail('trailing bytes') }
    checks.forEach(c => c())
    return { imports, code: body }
}

const UNSET = Symbol('unset')

const binary = {
    0x1c: (a, b) => a + b, 0x1d: (a, b) => a - b, 0x1e: (a, b) => a * b, 0x1f: (a, b) => a / b,
    0x20: (a, b) => a % b, 0x21: (a, b) => a ** b, 0x22: (a, b) => a < b, 0x23: (a, b) => a <= b,
    0x24: (a, b) => a > b, 0x25: (a, b) => a >= b, 0x26: (a, b) => a === b, 0x27: (a, b) => a !== b,
    0x28: (a, b) => a & b, 0x29: (a, b) => a | b, 0x2a: (a, b) => a ^ b, 0x2b: (a, b) => a << b,
    0x2c: (a, b) => a >> b, 0x2d: (a, b) => a >>> b,
}

const unary = { 0x17: a => !a, 0x18: a => -a, 0x19: a => +a, 0x1a: a => ~a, 0x1b: a => typeof a, 0x2e: a => `${a}` }

const define = (o, key, value) =>
    Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true })

// ctx: { block: { consts, parent }, fn: { args, parent } }
const run_ = (code, ctx) => {
    const block = { consts: code.map(() => UNSET), parent: ctx.block }
    const inner = { block, fn: ctx.fn }
    code.forEach((e, i) => { block.consts[i] = ev(e, inner) })
    return block.consts[code.length - 1]
}

const up = (chain, d) => { let c = chain; for (let i = 0; i < d; i++) { c = c.parent } return c }

const ev = (e, ctx) => {
    switch (e.t) {
        case 'lit': return e.v
        case 'ref': {
            const v = up(ctx.block, e.d).consts[e.i]
            if (v === UNSET) { throw new ReferenceError('constant read before it is evaluated') }
            return v
        }
        case 'arg': return up(ctx.fn, e.d).args[e.i]
        case 'object': { const o = {}; e.props.forEach(([k, v]) => define(o, k, ev(v, ctx))); return o }
        case 'array': return e.items.map(i => ev(i, ctx))
        case 'fn': {
            const f = (...args) => run_(e.code, { block: ctx.block, fn: { args, parent: ctx.fn } })
            Object.defineProperty(f, 'length', { value: e.length })
            return f
        }
        case 'block': return run_(e.code, ctx)
        case 'call': { const f = ev(e.callee, ctx); const args = e.args.map(a => ev(a, ctx)); return f(...args) }
        case 'method': {
            const r = ev(e.recv, ctx); const k = ev(e.key, ctx); const args = e.args.map(a => ev(a, ctx))
            return r[k](...args)
        }
        case 'get': { const a = ev(e.a, ctx); const b = ev(e.b, ctx); return a[b] }
        case 'cond': return ev(e.a, ctx) ? ev(e.b, ctx) : ev(e.c, ctx)
        case 'op':
            if (e.op === 0x14) { return ev(e.a, ctx) && ev(e.b, ctx) }
            if (e.op === 0x15) { return ev(e.a, ctx) || ev(e.b, ctx) }
            if (e.op === 0x16) { return ev(e.a, ctx) ?? ev(e.b, ctx) }
            if (unary[e.op]) { return unary[e.op](ev(e.a, ctx)) }
            { const a = ev(e.a, ctx); const b = ev(e.b, ctx); return binary[e.op](a, b) }
        case 'arraySpread': {
            const out = []
            e.items.forEach(i => { if ('spread' in i) { out.push(...ev(i.spread, ctx)) } else { out.push(ev(i.value, ctx)) } })
            return out
        }
        case 'objectDynamic': {
            const o = {}
            e.props.forEach(p => {
                if ('spread' in p) {
                    const copy = { ...ev(p.spread, ctx) }
                    Object.keys(copy).forEach(k => define(o, k, copy[k]))
                } else {
                    const k = ev(p.key, ctx)
                    define(o, k, ev(p.value, ctx))
                }
            })
            return o
        }
        case 'callSpread': {
            const f = ev(e.callee, ctx)
            const args = []
            e.items.forEach(i => { if ('spread' in i) { args.push(...ev(i.spread, ctx)) } else { args.push(ev(i.value, ctx)) } })
            return f(...args)
        }
        default: throw new Error(`unknown node ${e.t}`)
    }
}

export const evaluate = (module, imports) => run_(module.code, { block: null, fn: { args: imports, parent: null } })

export const run = bytes => {
    const module = decode(bytes)
    if (module.imports.length !== 0) { throw new Error(`the module has ${module.imports.length} imports`) }
    return evaluate(module, [])
}
