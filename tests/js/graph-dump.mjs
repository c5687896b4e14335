// Graph dump: how a JavaScript engine tells nanvm's tests what a module's
// value is, sharing included. The format is documented in docs/graph-dump.md.
//
// As a library: `import { dump } from './graph-dump.mjs'`.
// As a command: `node tests/js/graph-dump.mjs FILE...` imports each module
// and prints one JSON line per file: {"file":F,"value":DUMP} or
// {"file":F,"error":MESSAGE}.

const units = s => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))

const number = x =>
    Object.is(x, -0) ? '-0' : String(x)

export const dump = root => {
    const ids = new Map()
    const nodes = []
    const pending = []
    const leaf = v => {
        switch (typeof v) {
            case 'undefined': return ['undefined']
            case 'boolean': return ['bool', v]
            case 'number': return ['number', number(v)]
            case 'string': return ['string', units(v)]
            case 'bigint': return ['bigint', v.toString()]
            case 'function':
            case 'object': {
                if (v === null) { return ['null'] }
                let id = ids.get(v)
                if (id === undefined) {
                    id = nodes.length
                    ids.set(v, id)
                    nodes.push(null)
                    pending.push(v)
                }
                return ['ref', id]
            }
            default: return ['unsupported', typeof v]
        }
    }
    const rootLeaf = leaf(root)
    for (let next = 0; next < pending.length; next += 1) {
        const v = pending[next]
        const id = ids.get(v)
        if (typeof v === 'function') {
            nodes[id] = ['function', v.length]
        } else if (Array.isArray(v)) {
            nodes[id] = ['array', v.map(leaf)]
        } else {
            const proto = Object.getPrototypeOf(v) === Object.prototype
            nodes[id] = ['object', Object.keys(v).map(k => [units(k), leaf(v[k])]), proto]
        }
    }
    return { root: rootLeaf, nodes }
}

const main = async files => {
    const { pathToFileURL } = await import('node:url')
    const { resolve } = await import('node:path')
    for (const file of files) {
        let line
        try {
            const m = await import(pathToFileURL(resolve(file)).href)
            line = { file, value: dump(m.default) }
        } catch (e) {
            line = { file, error: String(e && e.message || e) }
        }
        process.stdout.write(JSON.stringify(line) + '\n')
    }
}

// Whether node runs this file as its main module. Paths are compared after
// resolving symbolic links: node runs the real path of the main module, so a
// script reached through a link has an `import.meta.url` unlike its argv[1].
const isMain = async () => {
    if (typeof process === 'undefined' || !process.argv[1]) { return false }
    const { realpathSync } = await import('node:fs')
    const { fileURLToPath } = await import('node:url')
    try {
        return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))
    } catch {
        return false
    }
}

if (await isMain()) {
    await main(process.argv.slice(2))
}
