// The parser: a state machine over tokens (see lexer.f.mjs) that writes
// bytecode ropes (see bytecode.f.mjs) as values complete.
//
// Arrays and objects being read are frames on an explicit stack, so the
// parser never recurses on nesting; nesting deeper than `maxDepth` is an
// error, as the bytecode reader limits it the same way.
//
// State `p`:
//   want      what the next token may be (the grammar state)
//   goal      what the value being read is: 'top' (a JSON/JSON5 text),
//             'const' (a const's initializer) or 'export' (the module value)
//   stack     the open arrays/objects: { kind, count, items, key, depth, next }
//   names     declared names (map.f.mjs) to ['local', i] or ['arg', i]
//   imports, importCount   the import specifiers (a list.f.mjs builder of ropes)
//   consts, constCount     the constants of the code block (ropes)
//   declared  the name token the current statement declares
//   pending   a sign token, or a key identifier that may be a shorthand property
//   spec      the specifier token of an import or require(…) being read
//   result    the module's bytes, once the end is reached

import list from './list.f.mjs'
import map from './map.f.mjs'
import chars from './chars.f.mjs'
import bc from './bytecode.f.mjs'
import number from './number.f.mjs'
import names from './names.f.mjs'
import specifier from './specifier.f.mjs'

/** The deepest nesting of arrays and objects (the bytecode reader's default limit). */
const maxDepth = 1000

const isPunct = (t, value) => t.kind === 'punct' && t.value === value

const isWord = (t, name) => t.kind === 'ident' && !t.escaped && t.name === name

/** `s`, cut to 40 characters for a message. */
const shorten = s => s.length > 40 ? `${s.slice(0, 40)}…` : s

const describe = t =>
    t.kind === 'eof' ? 'end of input'
    : t.kind === 'punct' ? `'${t.value}'`
    : t.kind === 'ident' ? `'${shorten(t.name)}'`
    : t.kind === 'number' ? 'a number'
    : 'a string'

const fail = (t, message) => ({ error: { index: t.start, message } })

const unexpected = (t, expected) => fail(t, `unexpected ${describe(t)}: expected ${expected}`)

const protoMessage = {
    djs: `a '__proto__' key sets the prototype in JavaScript: write ["__proto__"] for a property`,
    json5: `a '__proto__' key sets the prototype in JavaScript (JSON5 has no computed keys)`,
}

/**
 * The code units of an identifier token, `\uXXXX` escapes decoded; `null`
 * if an escape stands for a code unit that cannot be at its place in an
 * identifier (the other characters were checked by the lexer).
 */
const identUnits = t => {
    const decoded = chars.units(t.name).reduce(
        (s, c) => {
            const value = s.value * 16 + chars.hexValue(c)
            const fits = s.count === 0 ? chars.isIdStartCodePoint(value) : chars.isIdPartCodePoint(value)
            return s.hex === -2 ? { ...s, hex: 4, value: 0 }
                : s.hex > 1 ? { ...s, hex: s.hex - 1, value }
                : s.hex === 1 ? { units: list.push(s.units, value), count: s.count + 1, hex: -1, value: 0, ok: s.ok && fits }
                : c === 0x5c ? { ...s, hex: -2 }
                : { ...s, units: list.push(s.units, c), count: s.count + 1 }
        },
        { units: list.empty, count: 0, hex: -1, value: 0, ok: true })
    return decoded.ok ? list.flatten(decoded.units) : null
}

/** The parser of `language` (language.f.mjs): `{ init, step }`. */
const parser = language => {
    const djs = language.keys === 'djs'
    const json5 = language.keys === 'json5'
    const trailingCommas = language.keys !== 'json'
    const numberRules = number[language.numbers]

    /** A value is complete: add it to the open container, or finish the statement. */
    const complete = (p, rope) => {
        const frame = p.stack
        return frame === null ? finishValue(p, rope)
            : frame.kind === 'array'
                ? { ...p, want: 'itemNext', stack: { ...frame, count: frame.count + 1, items: list.push(frame.items, rope) } }
                : { ...p, want: 'propNext', stack: { ...frame, count: frame.count + 1, items: list.push(frame.items, bc.property(frame.key, rope)), key: null } }
    }

    const finishValue = (p, rope) => {
        const q = { ...p, consts: list.push(p.consts, rope), constCount: p.constCount + 1 }
        return p.goal === 'const'
            ? { ...q, want: 'stmtEnd', names: map.set(p.names, p.declared.name, ['local', p.constCount]) }
            : { ...q, want: 'end' }
    }

    const open = (p, t, kind) => {
        const depth = p.stack === null ? 1 : p.stack.depth + 1
        return depth > maxDepth ? fail(t, `nesting deeper than ${maxDepth} arrays and objects`)
            : { ...p, want: kind === 'array' ? 'item0' : 'key0', stack: { kind, count: 0, items: list.empty, key: null, depth, next: p.stack } }
    }

    const close = p => {
        const frame = p.stack
        const items = list.rope(frame.items)
        return complete({ ...p, stack: frame.next },
            frame.kind === 'array' ? bc.array(frame.count, items) : bc.object(frame.count, items))
    }

    /** A numeric literal, negated when `negative`. */
    const numberValue = (p, t, negative) => {
        const n = number.literal(numberRules, t.text)
        return n === null ? fail(t, `invalid number '${shorten(t.text)}'`)
            : n[0] === 'bigint' ? complete(p, bc.bigintValue(negative, n[1]))
            : complete(p, bc.number(negative ? -n[1] : n[1]))
    }

    /** An identifier in a value position: a literal or a reference to a declared name. */
    const identValue = (p, t) => {
        const name = t.name
        const binding = djs ? map.get(p.names, name) : undefined
        return t.escaped ? fail(t, 'an identifier with escapes is not a value')
            : name === 'true' || name === 'false' ? complete(p, bc.bool(name === 'true'))
            : name === 'null' ? complete(p, bc.nullValue)
            : json5 && name === 'Infinity' ? complete(p, bc.number(1 / 0))
            : json5 && name === 'NaN' ? complete(p, bc.number(0 / 0))
            : !djs ? unexpected(t, 'a value')
            : name === 'undefined' ? complete(p, bc.undefinedValue)
            : binding !== undefined ? complete(p, binding[0] === 'local' ? bc.localRef(binding[1]) : bc.argRef(binding[1]))
            : names.reserved.includes(name) ? fail(t, `'${name}' is a reserved word, not a value`)
            : language.module === 'cjs' && name === 'require' ? fail(t, `require is only allowed as const name = require("./path")`)
            : fail(t, `'${shorten(name)}' is not declared before this point`)
    }

    const value = (p, t) =>
        isPunct(t, '{') ? open(p, t, 'object')
        : isPunct(t, '[') ? open(p, t, 'array')
        : t.kind === 'string' ? complete(p, bc.stringValue(t.units))
        : t.kind === 'number' ? numberValue(p, t, false)
        : t.kind === 'ident' ? identValue(p, t)
        : isPunct(t, '-') || isPunct(t, '+') && json5 ? { ...p, want: 'signed', pending: t }
        : unexpected(t, 'a value')

    /** The token after a sign: JSON and JSON5 want it right after the sign, as one literal. */
    const signed = (p, t) => {
        const sign = p.pending
        const negative = sign.value === '-'
        return !djs && t.start !== sign.end ? fail(t, `expected a number right after '${sign.value}'`)
            : t.kind === 'number' ? numberValue(p, t, negative)
            : json5 && (isWord(t, 'Infinity') || isWord(t, 'NaN'))
                ? complete(p, bc.number(t.name === 'NaN' ? 0 / 0 : negative ? -1 / 0 : 1 / 0))
            : unexpected(t, `a number after '${sign.value}'`)
    }

    const withKey = (p, key, want, pending) => ({ ...p, want, pending, stack: { ...p.stack, key } })

    /** A property key (after `{` or `,`). */
    const key = (p, t) => {
        if (t.kind === 'string') {
            const isProto = chars.unitsEqual(t.units, '__proto__')
            return isProto && json5 ? fail(t, protoMessage.json5)
                : isProto && djs ? fail(t, protoMessage.djs)
                : withKey(p, t.units, 'colon', null)
        }
        if (t.kind === 'ident' && language.keys !== 'json') {
            const units = t.escaped ? identUnits(t) : chars.units(t.name)
            return units === null ? fail(t, 'invalid identifier')
                : json5 && chars.unitsEqual(units, '__proto__') ? fail(t, protoMessage.json5)
                : withKey(p, units, 'colon', djs ? t : null)
        }
        return isPunct(t, '[') && djs ? { ...p, want: 'computed' }
            : unexpected(t, language.keys === 'json' ? 'a string key' : 'a property key')
    }

    /** After a key: `:`, or (DJS) `,` or `}` when the key is a shorthand property `{ name }`. */
    const colon = (p, t) => {
        const short = p.pending
        return isPunct(t, ':')
            ? (short !== null && short.name === '__proto__' ? fail(short, protoMessage.djs) : { ...p, want: 'value', pending: null })
            : short !== null && (isPunct(t, ',') || isPunct(t, '}'))
                ? (short.name === 'true' || short.name === 'false' || short.name === 'null'
                    ? fail(short, `'${short.name}' is not a shorthand property`)
                    : again(identValue({ ...p, pending: null }, short), t))
            : unexpected(t, `':'`)
    }

    /** Reads `t` again in state `p` (unless `p` is an error). */
    const again = (p, t) => p.error !== undefined ? p : step(p, t)

    const declare = (p, t, want) => {
        const error = t.kind === 'ident' ? names.declarationError(language, t.name) : null
        return t.kind !== 'ident' ? unexpected(t, 'a name')
            : error !== null ? fail(t, error)
            : map.get(p.names, t.name) !== undefined ? fail(t, `'${shorten(t.name)}' is already declared`)
            : { ...p, want, declared: t }
    }

    /** Adds the import of specifier token `t` (with the JSON attribute when `json`), bound to the declared name. */
    const addImport = (p, t, json) => {
        const error = specifier.importError(language, t.units, json)
        return error !== null ? fail(t, error) : {
            ...p,
            want: 'stmtEnd',
            imports: list.push(p.imports, bc.string(t.units)),
            importCount: p.importCount + 1,
            names: map.set(p.names, p.declared.name, ['arg', p.importCount]),
        }
    }

    /** After an import's specifier: `with { type: "json" }`, or the end of the statement. */
    const importWith = (p, t) =>
        isWord(t, 'with') ? { ...p, want: 'attrOpen' } : again(addImport(p, p.spec, false), t)

    const isString = (t, s) => t.kind === 'string' && chars.unitsEqual(t.units, s)

    const statement = (p, t) =>
        isPunct(t, ';') ? p
        : t.kind === 'eof' ? fail(t, language.module === 'esm' ? `missing 'export default'` : `missing 'module.exports ='`)
        : isWord(t, 'const') ? { ...p, want: 'constName' }
        : isWord(t, 'import') && language.module === 'esm'
            ? (p.constCount === 0 ? { ...p, want: 'importName' } : fail(t, 'imports must come before consts'))
        : isWord(t, 'export') && language.module === 'esm' ? { ...p, want: 'exportDefault' }
        : isWord(t, 'module') && language.module === 'cjs' ? { ...p, want: 'moduleDot' }
        : unexpected(t, language.module === 'esm' ? `'import', 'const' or 'export default'` : `'const' or 'module.exports ='`)

    const expect = (p, t, ok, want, expected) => ok ? { ...p, want } : unexpected(t, expected)

    const finish = p => ({
        ...p,
        want: 'done',
        result: bc.module(p.importCount, list.rope(p.imports), list.rope(p.consts)),
    })

    const step = (p, t) => {
        const w = p.want
        return w === 'itemNext' ? (isPunct(t, ',') ? { ...p, want: 'itemComma' } : isPunct(t, ']') ? close(p) : unexpected(t, `',' or ']'`))
            : w === 'propNext' ? (isPunct(t, ',') ? { ...p, want: 'keyComma' } : isPunct(t, '}') ? close(p) : unexpected(t, `',' or '}'`))
            : w === 'value' ? value(p, t)
            : w === 'colon' ? colon(p, t)
            : w === 'item0' ? (isPunct(t, ']') ? close(p) : value(p, t))
            : w === 'itemComma' ? (isPunct(t, ']') && trailingCommas ? close(p) : value(p, t))
            : w === 'key0' ? (isPunct(t, '}') ? close(p) : key(p, t))
            : w === 'keyComma' ? (isPunct(t, '}') && trailingCommas ? close(p) : key(p, t))
            : w === 'signed' ? signed(p, t)
            : w === 'computed' ? (t.kind === 'string' ? withKey(p, t.units, 'computedClose', null) : unexpected(t, 'a string literal (a computed key is one string)'))
            : w === 'computedClose' ? expect(p, t, isPunct(t, ']'), 'colon', `']'`)
            : w === 'stmt' ? statement(p, t)
            : w === 'stmtEnd' ? (isPunct(t, ';') ? { ...p, want: 'stmt' } : t.nl || t.kind === 'eof' ? statement(p, t) : unexpected(t, `a line break or ';' after the statement`))
            : w === 'constName' ? declare(p, t, 'constEq')
            : w === 'constEq' ? (isPunct(t, '=') ? { ...p, want: language.module === 'cjs' ? 'constValue' : 'value', goal: 'const' } : unexpected(t, `'='`))
            : w === 'constValue' ? (isWord(t, 'require') ? { ...p, want: 'requireOpen' } : value({ ...p, want: 'value' }, t))
            : w === 'requireOpen' ? expect(p, t, isPunct(t, '('), 'requireSpec', `'('`)
            : w === 'requireSpec' ? (t.kind === 'string' ? { ...p, want: 'requireClose', spec: t } : unexpected(t, 'a string'))
            : w === 'requireClose' ? (isPunct(t, ')') ? addImport(p, p.spec, false) : unexpected(t, `')'`))
            : w === 'importName' ? declare(p, t, 'importFrom')
            : w === 'importFrom' ? expect(p, t, isWord(t, 'from'), 'importSpec', `'from'`)
            : w === 'importSpec' ? (t.kind === 'string' ? { ...p, want: 'importWith', spec: t } : unexpected(t, 'a string'))
            : w === 'importWith' ? importWith(p, t)
            : w === 'attrOpen' ? expect(p, t, isPunct(t, '{'), 'attrKey', `'{'`)
            : w === 'attrKey' ? expect(p, t, isWord(t, 'type') || isString(t, 'type'), 'attrColon', `'type' (the only import attribute is type: "json")`)
            : w === 'attrColon' ? expect(p, t, isPunct(t, ':'), 'attrValue', `':'`)
            : w === 'attrValue' ? expect(p, t, isString(t, 'json'), 'attrClose', `"json"`)
            : w === 'attrClose' ? (isPunct(t, '}') ? addImport(p, p.spec, true) : expect(p, t, isPunct(t, ','), 'attrEnd', `'}'`))
            : w === 'attrEnd' ? (isPunct(t, '}') ? addImport(p, p.spec, true) : unexpected(t, `'}'`))
            : w === 'exportDefault' ? (isWord(t, 'default') ? { ...p, want: 'value', goal: 'export' } : unexpected(t, `'default'`))
            : w === 'moduleDot' ? expect(p, t, isPunct(t, '.'), 'moduleExports', `'.'`)
            : w === 'moduleExports' ? expect(p, t, isWord(t, 'exports'), 'moduleEq', `'exports'`)
            : w === 'moduleEq' ? (isPunct(t, '=') ? { ...p, want: 'value', goal: 'export' } : unexpected(t, `'='`))
            : w === 'end' ? (t.kind === 'eof' ? finish(p) : isPunct(t, ';') && language.module !== null ? p
                : unexpected(t, language.module === null ? 'the end of the input' : 'the end of the module'))
            : unexpected(t, 'the end of the input')
    }

    const init = {
        want: language.module === null ? 'value' : 'stmt',
        goal: 'top',
        stack: null,
        names: map.empty,
        imports: list.empty,
        importCount: 0,
        consts: list.empty,
        constCount: 0,
        declared: null,
        pending: null,
        spec: null,
        result: null,
    }

    return { init, step }
}

export default { parser, maxDepth }
