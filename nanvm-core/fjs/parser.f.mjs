// The parser: a state machine over tokens (see lexer.f.mjs) that builds the
// module's syntax tree (ast.f.mjs); codegen.f.mjs turns it into bytecode.
//
// Everything that nests lives on an explicit stack of frames, so the parser
// never recurses on the input: arrays, objects, calls, parentheses, blocks,
// and the operators still waiting for their right operand. Expressions are
// read by precedence climbing on that stack: a binary operator first
// reduces the frames of the operators that bind at least as tightly, then
// waits for its right operand in a frame of its own; a token that cannot
// continue the expression reduces them all and goes to the frame that
// holds the expression (an array, a call, a statement, …).
//
// Each frame records `level`, the depth in the bytecode's expression tree
// at which its operands sit (at least: lowering if statements adds more).
// Beyond `maxDepth` is an error, as the bytecode reader limits nesting; the
// code generator checks the exact depth again.
//
// State `p`:
//   want      what the next token may be (the grammar state)
//   stack     the frames: { kind, level, next, … }
//   value     the expression just read (want 'after')
//   pending   a token or record the next state needs
//   names     the module's declared names (map.f.mjs) to
//             { arg: true, index } (imports) or { arg: false, seg: 0, index } (consts)
//   imports, importCount   the import specifiers (a list.f.mjs builder of ropes)
//   consts, constCount     the module's constants { name, start, value }
//   spec      the specifier token of an import or require(…) being read
//   exportValue, result    the module's value; the module, once the end is reached

import list from './list.f.mjs'
import map from './map.f.mjs'
import chars from './chars.f.mjs'
import bc from './bytecode.f.mjs'
import number from './number.f.mjs'
import names from './names.f.mjs'
import specifier from './specifier.f.mjs'
import ast from './ast.f.mjs'

/** The deepest nesting of the expression tree (the bytecode reader's default limit). */
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
    : t.kind === 'template' ? 'a template'
    : 'a string'

const fail = (t, message) => ({ error: { index: t.start, message } })

const unexpected = (t, expected) => fail(t, `unexpected ${describe(t)}: expected ${expected}`)

const protoMessage = {
    djs: `a '__proto__' key sets the prototype in JavaScript: write ["__proto__"] for a property`,
    json5: `a '__proto__' key sets the prototype in JavaScript (JSON5 has no computed keys)`,
}

/** Reserved words that start a construct FJS leaves out, and what to say about it. */
const notFjs = [
    ['this', `'this' is not FJS`],
    ['new', `'new' is not FJS (no classes or constructors)`],
    ['function', 'function expressions are not FJS: write an arrow function'],
    ['class', 'classes are not FJS'],
    ['void', `'void' is not FJS`],
    ['delete', `'delete' is not FJS (values are never mutated)`],
    ['await', `'await' is not FJS`],
    ['yield', `'yield' is not FJS`],
    ['import', 'dynamic import is not FJS'],
    ['super', `'super' is not FJS`],
]

/** Statements FJS leaves out, by their first word. */
const notStatements = [
    ['let', `'let' is not FJS: write const`],
    ['var', `'var' is not FJS: write const`],
    ['for', 'loops are not FJS: fold with reduce'],
    ['while', 'loops are not FJS: fold with reduce'],
    ['do', 'loops are not FJS: fold with reduce'],
    ['throw', 'exceptions are not FJS'],
    ['try', 'exceptions are not FJS'],
    ['switch', `'switch' is not FJS: write if or ?:`],
    ['function', 'function declarations are not FJS: write const name = (…) => …'],
    ['class', 'classes are not FJS'],
    ['break', `'break' is not FJS`],
    ['continue', `'continue' is not FJS`],
    ['import', 'imports come first in a module'],
    ['export', `'export' belongs at the end of a module`],
]

/** The message paired with `word` in `table`, or `undefined`. */
const lookup = (table, word) => table.filter(row => row[0] === word).map(row => row[1])[0]

const assignments = ['=', '+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??=']

/** Frames of operators waiting for their operand: the token ending an expression reduces them. */
const operatorFrames = ['unary', 'binary', 'else', 'arrow', 'spread']

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
    const fjs = language.fjs
    const djs = language.keys === 'djs'
    const json5 = language.keys === 'json5'
    const trailingCommas = language.keys !== 'json'
    const numberRules = number[language.numbers]

    /** Reads `t` again in state `p` (unless `p` is an error). */
    const again = (p, t) => p.error !== undefined ? p : step(p, t)

    const expect = (p, t, ok, want, expected) => ok ? { ...p, want } : unexpected(t, expected)

    // ---- the stack

    /** The level of the statements of a block: each if before them nests them once more. */
    const contentLevel = f => f.kind === 'block' ? f.level + f.ifs : f.level

    /** The level at which the operand being read sits. */
    const level = p => p.stack === null ? 0 : contentLevel(p.stack)

    /** Pushes `frame`, whose operands sit `deeper` levels below the current operand. */
    const push = (p, t, frame, deeper, want) => {
        const l = level(p) + deeper
        return l > maxDepth ? fail(t, `nesting deeper than ${maxDepth} levels`)
            : { ...p, want, value: null, stack: { ...frame, level: l, next: p.stack } }
    }

    const pop = p => ({ ...p, stack: p.stack.next, value: null })

    /** The expression `node` is read: what follows may continue it. */
    const operand = (p, node) => ({ ...p, want: 'after', value: node })

    // ---- operands

    const openArray = (p, t) =>
        push(p, t, { kind: 'array', items: list.empty, count: 0, lit: true, spread: false, start: t.start }, 1, 'item0')

    const openObject = (p, t) =>
        push(p, t, { kind: 'object', props: list.empty, lit: true, dynamic: false, key: null, start: t.start }, 1, 'key0')

    /** A numeric literal, negated when `negative`. */
    const numberOperand = (p, t, negative, start) => {
        const n = number.literal(numberRules, t.text)
        return n === null ? fail(t, `invalid number '${shorten(t.text)}'`)
            : n[0] === 'bigint' ? operand(p, ast.bigint(negative, n[1], start))
            : operand(p, ast.number(negative ? -n[1] : n[1], start))
    }

    /** Why the reserved word `name` is not a value. */
    const reservedMessage = name => {
        const special = fjs ? lookup(notFjs, name) : undefined
        return special !== undefined ? special : `'${name}' is a reserved word, not a value`
    }

    /** An identifier as an operand: a literal, a prefix operator or a reference. */
    const identOperand = (p, t) => {
        const name = t.name
        return t.escaped ? fail(t, 'an identifier with escapes is not a value')
            : name === 'true' || name === 'false' ? operand(p, ast.literal(bc.bool(name === 'true'), t.start))
            : name === 'null' ? operand(p, ast.literal(bc.nullValue, t.start))
            : json5 && name === 'Infinity' ? operand(p, ast.number(1 / 0, t.start))
            : json5 && name === 'NaN' ? operand(p, ast.number(0 / 0, t.start))
            : language.module === null ? unexpected(t, 'a value')
            : name === 'undefined' ? operand(p, ast.literal(bc.undefinedValue, t.start))
            : fjs && name === 'typeof' ? push(p, t, { kind: 'unary', operator: 'typeof', start: t.start }, 1, 'operand')
            : names.reserved.includes(name) ? fail(t, reservedMessage(name))
            : language.module === 'cjs' && name === 'require' ? fail(t, `require is only allowed as const name = require("./path")`)
            : fjs ? operand(p, { kind: 'name', name, bare: true, start: t.start })
            : dataName(p, t)
    }

    /**
     * A name in DJS: data has no functions, so it must name an import or an
     * earlier const, and the error is reported here, before what follows.
     */
    const dataName = (p, t) => {
        const binding = map.get(p.names, t.name)
        return binding === undefined ? fail(t, `'${shorten(t.name)}' is not declared`)
            : !binding.arg && binding.index >= p.constCount ? fail(t, `'${shorten(t.name)}' is not declared before this point`)
            : operand(p, { kind: 'name', name: t.name, bare: true, start: t.start })
    }

    /** An operand of DJS, JSON or JSON5: data only. */
    const dataOperand = (p, t) =>
        isPunct(t, '{') ? openObject(p, t)
        : isPunct(t, '[') ? openArray(p, t)
        : t.kind === 'string' ? operand(p, ast.string(t.units, t.start))
        : t.kind === 'number' ? numberOperand(p, t, false, t.start)
        : t.kind === 'ident' ? identOperand(p, t)
        : !fjs && (isPunct(t, '-') || isPunct(t, '+') && json5) ? { ...p, want: 'signed', pending: t }
        : unexpected(t, fjs ? 'an expression' : 'a value')

    /** A punctuator starting an FJS operand. */
    const punctOperand = (p, t) => {
        const v = t.value
        return v === '(' ? push(p, t, { kind: 'paren', items: list.empty, count: 0, start: t.start }, 0, 'parenFirst')
            : v === '!' || v === '-' || v === '+' || v === '~'
                ? push(p, t, { kind: 'unary', operator: v, start: t.start }, 1, 'operand')
            : v === '/' || v === '/=' ? fail(t, 'regular expressions are not FJS')
            : v === '++' || v === '--' ? fail(t, `'${v}' is not FJS (no assignment)`)
            : v === '...' ? fail(t, `'...' spreads only into arrays, objects and calls`)
            : dataOperand(p, t)
    }

    /** A template literal: a whole one, or its head (substitutions follow). */
    const templateOperand = (p, t) =>
        t.part === 'full' ? operand(p, ast.string(t.units, t.start))
        : t.part === 'head'
            ? push(p, t, { kind: 'template', acc: t.units.length === 0 ? null : ast.string(t.units, t.start), start: t.start }, 1, 'operand')
        : unexpected(t, 'an expression')

    /** The first token of an operand (an AssignmentExpression in FJS). */
    const startOperand = (p, t) =>
        !fjs ? dataOperand(p, t)
        : t.kind === 'punct' ? punctOperand(p, t)
        : t.kind === 'template' ? templateOperand(p, t)
        : dataOperand(p, t)

    /** After a sign (DJS, JSON5): a numeric literal (JSON5: also Infinity, NaN) must follow. */
    const signed = (p, t) => {
        const sign = p.pending
        const negative = sign.value === '-'
        const q = { ...p, pending: null }
        return !djs && t.start !== sign.end ? fail(t, `expected a number right after '${sign.value}'`)
            : t.kind === 'number' ? numberOperand(q, t, negative, sign.start)
            : json5 && (isWord(t, 'Infinity') || isWord(t, 'NaN'))
                ? operand(q, ast.number(t.name === 'NaN' ? 0 / 0 : negative ? -1 / 0 : 1 / 0, sign.start))
            : unexpected(t, `a number after '${sign.value}'`)
    }

    // ---- after an operand: postfix and binary operators, or the end of the expression

    /** Reduces the operator frame on top of the stack into the value. */
    const reduceTop = p => {
        const f = p.stack
        const v = p.value
        const q = { ...p, stack: f.next }
        return f.kind === 'unary' ? { ...q, value: ast.prefix(f.operator, v, f.start) }
            : f.kind === 'binary' ? { ...q, value: ast.op(f.tag, [f.left, v], f.start) }
            : f.kind === 'else' ? { ...q, value: ast.op(bc.tag.conditional, [f.test, f.then, v], f.start) }
            : f.kind === 'arrow'
                ? { ...q, value: { kind: 'fn', length: f.length, params: f.params, body: v, block: null, arrow: true, start: f.start } }
            : { ...q, value: { kind: 'spread', node: v, start: f.start } }
    }

    /** Reduces the prefix operators and the binary operators binding tighter than `prec`. */
    const reduce = (p, prec, right) => {
        const f = p.stack
        const go = f.kind === 'unary' || f.kind === 'binary' && (f.prec > prec || f.prec === prec && !right)
        return go ? reduce(reduceTop(p), prec, right) : p
    }

    /** `t` cannot continue the expression: reduce the operators, hand the value to its frame. */
    const end = (p, t) => {
        const f = p.stack
        return operatorFrames.includes(f.kind) ? end(reduceTop(p), t)
            : f.kind === 'then'
                ? (isPunct(t, ':') ? { ...p, want: 'operand', value: null, stack: { ...f, kind: 'else', then: p.value } } : unexpected(t, `':'`))
            : deliver(p, t)
    }

    const binaryOperator = (p, t) => {
        const operator = ast.binary[t.value]
        const prec = operator[0]
        const pow = t.value === '**'
        if (pow && p.stack.kind === 'unary') {
            return fail(t, `a prefix operator before '**' needs parentheses, as in (-a) ** b`)
        }
        const q = reduce(p, prec, pow)
        const mixed = t.value === '??' ? ast.isBareLogical(q.value)
            : (t.value === '&&' || t.value === '||') && q.stack.kind === 'binary' && q.stack.tag === bc.tag.nullish
        return mixed ? fail(t, `'??' cannot be mixed with '&&' or '||' without parentheses`)
            : push(q, t, { kind: 'binary', tag: operator[1], prec, left: q.value, start: q.value.start }, 1, 'operand')
    }

    const conditional = (p, t) => {
        const q = reduce(p, 0, false)
        return push(q, t, { kind: 'then', test: q.value, start: q.value.start }, 1, 'operand')
    }

    /** The parameters `items` (name nodes) of an arrow function, then its body. */
    const arrowParams = (p, t, items, start) => {
        const checked = items.reduce((s, item, index) => {
            if (s.error !== null) {
                return s
            }
            const error = item.kind !== 'name' || !item.bare ? 'parameters are plain names (no destructuring, defaults or rest)'
                : names.declarationError({ module: null }, item.name)
            return error !== null ? { ...s, error, at: item }
                : map.get(s.params, item.name) !== undefined ? { ...s, error: `duplicate parameter '${item.name}'`, at: item }
                : { ...s, params: map.set(s.params, item.name, { arg: true, index }) }
        }, { params: map.empty, error: null, at: null })
        return t.nl ? fail(t, `a line break before '=>' is not allowed`)
            : checked.error !== null ? fail(checked.at, checked.error)
            : { ...p, want: 'arrowBody', value: null, pending: { params: checked.params, length: items.length, start } }
    }

    const arrowFromName = (p, t) => {
        const v = p.value
        const f = p.stack
        return v.kind !== 'name' || !v.bare ? unexpected(t, 'an operator')
            : f.kind === 'unary' || f.kind === 'binary' ? fail(t, 'an arrow function is not an operand: put it in parentheses')
            : arrowParams(p, t, [v], v.start)
    }

    const arrowBody = (p, t) => {
        const a = p.pending
        const q = { ...p, pending: null }
        return isPunct(t, '{')
            ? push(q, t, {
                kind: 'block', role: 'body', length: a.length, params: a.params, names: a.params,
                stmts: list.empty, exits: 1, ifs: 0, start: a.start, open: t.start,
            }, 1, 'stmt')
            : again(push(q, t, { kind: 'arrow', length: a.length, params: a.params, start: a.start }, 1, 'operand'), t)
    }

    /** A punctuator after an FJS operand. */
    const punctAfter = (p, t) => {
        const v = t.value
        const value = p.value
        return v === '.' ? { ...p, want: 'member' }
            : v === '?.' ? fail(t, 'optional chaining is not FJS')
            : v === '[' ? push(p, t, { kind: 'index', object: value, start: value.start }, 1, 'operand')
            : v === '(' ? push(p, t, { kind: 'call', callee: value, args: list.empty, spread: false, start: value.start }, 1, 'arg0')
            : v === '=>' ? arrowFromName(p, t)
            : v === '?' ? conditional(p, t)
            : ast.binary[v] !== undefined ? binaryOperator(p, t)
            : v === '==' || v === '!=' ? fail(t, `'${v}' is not FJS: write '${v}='`)
            : assignments.includes(v) ? fail(t, 'assignment is not FJS (values are never mutated)')
            : (v === '++' || v === '--') && !t.nl ? fail(t, `'${v}' is not FJS (no assignment)`)
            : end(p, t)
    }

    /** The token after an operand. */
    const after = (p, t) =>
        !fjs || p.value.arrow === true ? end(p, t)
        : t.kind === 'punct' ? punctAfter(p, t)
        : t.kind === 'template' && (t.part === 'full' || t.part === 'head') ? fail(t, 'tagged templates are not FJS')
        : isWord(t, 'in') || isWord(t, 'instanceof') ? fail(t, `'${t.name}' is not FJS`)
        : p.value.kind === 'name' && p.value.name === 'async' && p.value.bare && t.kind === 'ident' && !t.nl
            ? fail(p.value, 'async functions are not FJS')
        : end(p, t)

    const member = (p, t) =>
        t.kind === 'ident' && !t.escaped
            ? operand(p, ast.op(bc.tag.get, [p.value, ast.string(chars.units(t.name), t.start)], p.value.start))
            : unexpected(t, 'a property name')

    // ---- frames that receive an expression

    const deliver = (p, t) => {
        const f = p.stack
        const k = f.kind
        return k === 'array' ? arrayItem(p, t)
            : k === 'object' ? objectProp(p, t)
            : k === 'call' ? callArg(p, t)
            : k === 'paren' ? parenItem(p, t)
            : k === 'index' ? (isPunct(t, ']') ? operand(pop(p), ast.op(bc.tag.get, [f.object, p.value], f.start)) : unexpected(t, `']'`))
            : k === 'computedKey'
                ? (isPunct(t, ']') ? computedKey(p) : unexpected(t, `']'`))
            : k === 'template' ? templatePart(p, t)
            : k === 'ifTest'
                ? (isPunct(t, ')') ? { ...pop(p), want: 'ifThen', pending: { test: p.value, start: f.start } } : unexpected(t, `')'`))
            : k === 'bconst' || k === 'return' ? blockStatementEnd(p, t)
            : k === 'mconst' ? moduleConstEnd(p, t)
            : again({ ...pop(p), want: 'end', exportValue: p.value }, t) // 'export', 'top'
    }

    /** After `[key]`: a string literal key stays a static key (`["__proto__"]` is an own property). */
    const computedKey = p => {
        const v = p.value
        const units = v.kind === 'lit' && v.units !== undefined ? v.units : null
        return { ...pop(p), want: 'colon', pending: null, stack: { ...p.stack.next, key: { units, node: units === null ? v : null } } }
    }

    const arrayItem = (p, t) => {
        const f = p.stack
        const v = p.value
        const g = {
            ...f, items: list.push(f.items, v), count: f.count + 1,
            lit: f.lit && v.kind === 'lit', spread: f.spread || v.kind === 'spread',
        }
        return isPunct(t, ',') ? { ...p, want: 'itemComma', value: null, stack: g }
            : isPunct(t, ']') ? closeArray(p, g)
            : unexpected(t, `',' or ']'`)
    }

    const closeArray = (p, f) => {
        const items = list.flatten(f.items)
        return operand({ ...p, stack: f.next }, f.lit ? ast.literalArray(items, f.start)
            : { kind: 'array', items, spread: f.spread, start: f.start })
    }

    /** After `[` or `,` in an array. */
    const item = (p, t, close) =>
        close ? closeArray(p, p.stack)
        : fjs && isPunct(t, '...') ? push(p, t, { kind: 'spread', start: t.start }, 0, 'operand')
        : startOperand(p, t)

    const objectProp = (p, t) => {
        const f = p.stack
        const v = p.value
        const prop = v.kind === 'spread' ? v
            : f.key.units !== null ? { kind: 'prop', key: f.key.units, value: v }
            : { kind: 'computed', key: f.key.node, value: v, start: f.key.node.start }
        const g = {
            ...f, props: list.push(f.props, prop), key: null,
            lit: f.lit && prop.kind === 'prop' && v.kind === 'lit', dynamic: f.dynamic || prop.kind !== 'prop',
        }
        return isPunct(t, ',') ? { ...p, want: 'keyComma', value: null, stack: g }
            : isPunct(t, '}') ? closeObject(p, g)
            : unexpected(t, `',' or '}'`)
    }

    const closeObject = (p, f) => {
        const props = list.flatten(f.props)
        return operand({ ...p, stack: f.next }, f.lit ? ast.literalObject(props, f.start)
            : { kind: 'object', props, dynamic: f.dynamic, start: f.start })
    }

    const withKey = (p, units, want, pending) => ({ ...p, want, pending, stack: { ...p.stack, key: { units, node: null } } })

    /** A property key (after `{` or `,`), or (FJS) a computed key or a spread. */
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
        return isPunct(t, '[') && fjs ? push(p, t, { kind: 'computedKey', start: t.start }, 0, 'operand')
            : isPunct(t, '[') && djs ? { ...p, want: 'computed' }
            : isPunct(t, '...') && fjs ? push(p, t, { kind: 'spread', start: t.start }, 0, 'operand')
            : t.kind === 'number' && fjs ? numericKey(p, t)
            : isPunct(t, '*') && fjs ? fail(t, 'generators are not FJS')
            : unexpected(t, language.keys === 'json' ? 'a string key' : 'a property key')
    }

    /**
     * A numeric key (FJS): a computed key holding the number, so that the
     * engine's ToPropertyKey spells it (`0x10` is "16", `1e21` "1e+21").
     */
    const numericKey = (p, t) => {
        const n = number.literal(numberRules, t.text)
        const node = n === null ? null : n[0] === 'bigint' ? ast.bigint(false, n[1], t.start) : ast.number(n[1], t.start)
        return node === null ? fail(t, `invalid number '${shorten(t.text)}'`)
            : { ...p, want: 'colon', pending: null, stack: { ...p.stack, key: { units: null, node } } }
    }

    /** After a key: `:`, or (DJS) `,` or `}` when the key is a shorthand property `{ name }`. */
    const colon = (p, t) => {
        const short = p.pending
        const accessor = short !== null && (short.name === 'get' || short.name === 'set' || short.name === 'async')
        return isPunct(t, ':')
            ? (short !== null && short.name === '__proto__' ? fail(short, protoMessage.djs) : { ...p, want: 'operand', pending: null })
            : short !== null && (isPunct(t, ',') || isPunct(t, '}'))
                ? (short.name === 'true' || short.name === 'false' || short.name === 'null' || short.name === 'typeof'
                    ? fail(short, `'${short.name}' is not a shorthand property`)
                    : again(identOperand({ ...p, pending: null }, short), t))
            : fjs && (isPunct(t, '(') || isPunct(t, '*')) ? fail(t, 'methods are not FJS: write key: (…) => …')
            : fjs && accessor && (t.kind === 'ident' || t.kind === 'string' || isPunct(t, '[')) ? fail(short, 'getters, setters and methods are not FJS')
            : unexpected(t, `':'`)
    }

    const callArg = (p, t) => {
        const f = p.stack
        const v = p.value
        const g = { ...f, args: list.push(f.args, v), spread: f.spread || v.kind === 'spread' }
        return isPunct(t, ',') ? { ...p, want: 'argComma', value: null, stack: g }
            : isPunct(t, ')') ? closeCall(p, g, t)
            : unexpected(t, `',' or ')'`)
    }

    const closeCall = (p, f, t) => {
        const callee = f.callee
        return f.spread && callee.kind === 'op' && callee.tag === bc.tag.get
            ? fail(t, 'spread arguments are not supported in method calls')
            : operand({ ...p, stack: f.next }, { kind: 'call', callee, args: list.flatten(f.args), spread: f.spread, start: f.start })
    }

    /** After `(` or `,` in a call. */
    const arg = (p, t, close) =>
        close ? closeCall(p, p.stack, t)
        : isPunct(t, '...') ? push(p, t, { kind: 'spread', start: t.start }, 0, 'operand')
        : startOperand(p, t)

    const parenItem = (p, t) => {
        const f = p.stack
        const g = { ...f, items: list.push(f.items, p.value), count: f.count + 1 }
        return isPunct(t, ',') ? { ...p, want: 'parenComma', value: null, stack: g }
            : isPunct(t, ')') ? closeParen(p, g, false)
            : unexpected(t, `',' or ')'`)
    }

    const closeParen = (p, f, trailing) =>
        ({ ...p, want: 'afterParen', value: null, stack: f.next, pending: { items: list.flatten(f.items), trailing, start: f.start } })

    /** After `(…)`: arrow function parameters if `=>` follows, else a parenthesized expression. */
    const afterParen = (p, t) => {
        const items = p.pending.items
        const q = { ...p, pending: null }
        return isPunct(t, '=>') ? arrowParams(q, t, items, p.pending.start)
            : items.length === 1 && !p.pending.trailing ? again({ ...q, want: 'after', value: { ...items[0], paren: true, bare: false, arrow: false } }, t)
            : items.length === 0 ? unexpected(t, `'=>' after '()'`)
            : p.pending.trailing ? unexpected(t, `'=>'`)
            : fail(p.pending, 'comma expressions are not FJS')
    }

    /** After `(` or `,` in parentheses. */
    const parenOperand = (p, t, close) =>
        close ? closeParen(p, p.stack, p.stack.count > 0)
        : isPunct(t, '...') ? fail(t, 'rest parameters are not FJS')
        : startOperand(p, t)

    const templatePart = (p, t) => {
        const f = p.stack
        if (t.kind !== 'template' || t.part === 'full' || t.part === 'head') {
            return unexpected(t, `'}' after the substitution`)
        }
        const text = ast.op(bc.tag.toString, [p.value], p.value.start)
        const joined = f.acc === null ? text : ast.op(bc.tag.add, [f.acc, text], f.start)
        const acc = t.units.length === 0 ? joined : ast.op(bc.tag.add, [joined, ast.string(t.units, t.start)], f.start)
        return t.part === 'middle' ? { ...p, want: 'operand', value: null, stack: { ...f, acc } } : operand(pop(p), acc)
    }

    // ---- blocks: const, if, return

    /** Adds a complete statement to the block (or the `else if` holding it). */
    const addStatement = (p, stmt) => {
        const f = p.stack
        return f.kind === 'elseIf'
            ? addStatement(pop(p), ast.ifStatement(f.test, f.then, { stmts: [stmt], exits: stmt.exits, start: stmt.start }, f.start))
            : {
                ...p, want: 'stmt', value: null,
                stack: {
                    ...f, stmts: list.push(f.stmts, stmt),
                    exits: stmt.kind === 'return' ? 0 : stmt.kind === 'if' ? stmt.exits : 1,
                    ifs: f.ifs + (stmt.kind === 'if' ? 1 : 0),
                },
            }
    }

    /** What a statement other than const, if and return is. */
    const statementError = t => {
        const special = t.kind === 'ident' ? lookup(notStatements, t.name) : undefined
        return special !== undefined ? fail(t, special)
            : isPunct(t, '{') ? fail(t, 'nested blocks are not FJS')
            : t.kind === 'eof' || isWord(t, 'else') ? unexpected(t, `'}'`)
            : fail(t, 'expression statements are not FJS: a block holds const, if and return')
    }

    const blockStatement = (p, t) =>
        isPunct(t, '}') ? closeBlock(p)
        : isPunct(t, ';') ? p
        : p.stack.exits === 0 ? fail(t, 'unreachable statement: the code before it always returns')
        : isWord(t, 'const') ? { ...p, want: 'bconstName' }
        : isWord(t, 'if') ? { ...p, want: 'ifOpen', pending: t }
        : isWord(t, 'return') ? { ...p, want: 'returnValue', pending: t }
        : statementError(t)

    const blockConstName = (p, t) => {
        const f = p.stack
        const error = t.kind === 'ident' ? names.declarationError({ module: null }, t.name) : null
        return t.kind !== 'ident' ? unexpected(t, 'a name')
            : error !== null ? fail(t, error)
            : map.get(f.names, t.name) !== undefined ? fail(t, `'${shorten(t.name)}' is already declared`)
            : { ...p, want: 'bconstEq', pending: t, stack: { ...f, names: map.set(f.names, t.name, true) } }
    }

    const blockStatementEnd = (p, t) => {
        const f = p.stack
        const stmt = f.kind === 'bconst'
            ? { kind: 'const', name: f.name, value: p.value, start: f.start }
            : { kind: 'return', value: p.value, exits: 0, start: f.start }
        const q = addStatement(pop(p), stmt)
        return isPunct(t, ';') ? q
            : isPunct(t, '}') || t.nl ? again(q, t)
            : unexpected(t, `a line break or ';' after the statement`)
    }

    const returnValue = (p, t) =>
        isPunct(t, ';') || isPunct(t, '}') || t.kind === 'eof' ? fail(p.pending, `'return' needs a value`)
        : t.nl ? fail(t, `the value of 'return' must start on its line (JavaScript would return undefined)`)
        : again(push({ ...p, pending: null }, t, { kind: 'return', start: p.pending.start }, 0, 'operand'), t)

    const newBlock = (fields, t) =>
        ({ ...fields, kind: 'block', names: map.empty, stmts: list.empty, exits: 1, ifs: 0, open: t.start })

    const ifThen = (p, t) => {
        const test = p.pending.test
        return isPunct(t, '{') ? push({ ...p, pending: null }, t, newBlock({ role: 'then', test, ifStart: p.pending.start }, t), 1, 'stmt')
            : fail(t, 'the branches of if are blocks: write if (…) { … }')
    }

    const afterThen = (p, t) => {
        const i = p.pending
        return isWord(t, 'else') ? { ...p, want: 'elseBody' }
            : again(addStatement({ ...p, pending: null }, ast.ifStatement(i.test, i.then, null, i.start)), t)
    }

    const elseBody = (p, t) => {
        const i = p.pending
        const q = { ...p, pending: null }
        return isPunct(t, '{') ? push(q, t, newBlock({ role: 'else', test: i.test, then: i.then, ifStart: i.start }, t), 1, 'stmt')
            : isWord(t, 'if') ? { ...push(q, t, { kind: 'elseIf', test: i.test, then: i.then, start: i.start }, 1, 'ifOpen'), pending: t }
            : unexpected(t, `'{' or 'if' after else`)
    }

    const closeBlock = p => {
        const f = p.stack
        const node = { stmts: list.flatten(f.stmts), exits: f.exits, start: f.open }
        const q = pop(p)
        return f.role === 'body'
            ? operand(q, { kind: 'fn', length: f.length, params: f.params, body: null, block: node, arrow: true, start: f.start })
            : f.role === 'then' ? { ...q, want: 'afterThen', pending: { test: f.test, then: node, start: f.ifStart } }
            : addStatement(q, ast.ifStatement(f.test, f.then, node, f.ifStart))
    }

    // ---- module statements

    const declare = (p, t, want) => {
        const error = t.kind === 'ident' ? names.declarationError(language, t.name) : null
        return t.kind !== 'ident' ? unexpected(t, 'a name')
            : error !== null ? fail(t, error)
            : map.get(p.names, t.name) !== undefined ? fail(t, `'${shorten(t.name)}' is already declared`)
            : { ...p, want, pending: t }
    }

    /** The initializer of the const being declared starts: the name is bound to the next constant. */
    const constValue = (p, t) => {
        const name = p.pending
        const q = { ...p, pending: null, names: map.set(p.names, name.name, { arg: false, seg: 0, index: p.constCount }) }
        return push(q, t, { kind: 'mconst', name: name.name, start: name.start }, 0, 'operand')
    }

    const moduleConstEnd = (p, t) => {
        const f = p.stack
        const q = {
            ...pop(p), want: 'stmt',
            consts: list.push(p.consts, { name: f.name, value: p.value, start: f.start }),
            constCount: p.constCount + 1,
        }
        return isPunct(t, ';') ? q
            : t.nl || t.kind === 'eof' ? statement(q, t)
            : unexpected(t, `a line break or ';' after the statement`)
    }

    /** Adds the import of specifier token `t` (with the JSON attribute when `json`), bound to the declared name. */
    const addImport = (p, t, json) => {
        const error = specifier.importError(language, t.units, json)
        return error !== null ? fail(t, error) : {
            ...p,
            want: 'stmtEnd',
            imports: list.push(p.imports, bc.string(t.units)),
            importCount: p.importCount + 1,
            names: map.set(p.names, p.pending.name, { arg: true, index: p.importCount }),
            pending: null,
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

    const finish = p => ({
        ...p,
        want: 'done',
        result: {
            importCount: p.importCount,
            imports: list.rope(p.imports),
            names: p.names,
            consts: list.flatten(p.consts),
            value: p.exportValue,
        },
    })

    const step = (p, t) => {
        const w = p.want
        return w === 'after' ? after(p, t)
            : w === 'operand' ? startOperand(p, t)
            : w === 'item0' ? item(p, t, isPunct(t, ']'))
            : w === 'itemComma' ? item(p, t, isPunct(t, ']') && trailingCommas)
            : w === 'key0' ? (isPunct(t, '}') ? closeObject(p, p.stack) : key(p, t))
            : w === 'keyComma' ? (isPunct(t, '}') && trailingCommas ? closeObject(p, p.stack) : key(p, t))
            : w === 'colon' ? colon(p, t)
            : w === 'member' ? member(p, t)
            : w === 'arg0' || w === 'argComma' ? arg(p, t, isPunct(t, ')'))
            : w === 'parenFirst' || w === 'parenComma' ? parenOperand(p, t, isPunct(t, ')'))
            : w === 'afterParen' ? afterParen(p, t)
            : w === 'arrowBody' ? arrowBody(p, t)
            : w === 'signed' ? signed(p, t)
            : w === 'computed' ? (t.kind === 'string' ? withKey(p, t.units, 'computedClose', null) : unexpected(t, 'a string literal (a computed key is one string)'))
            : w === 'computedClose' ? expect(p, t, isPunct(t, ']'), 'colon', `']'`)
            // blocks
            : w === 'stmt' && p.stack !== null ? blockStatement(p, t)
            : w === 'bconstName' ? blockConstName(p, t)
            : w === 'bconstEq' ? (isPunct(t, '=') ? push({ ...p, pending: null }, t, { kind: 'bconst', name: p.pending.name, start: p.pending.start }, 0, 'operand') : unexpected(t, `'='`))
            : w === 'returnValue' ? returnValue(p, t)
            : w === 'ifOpen' ? (isPunct(t, '(') ? push({ ...p, pending: null }, t, { kind: 'ifTest', start: p.pending.start }, 1, 'operand') : unexpected(t, `'('`))
            : w === 'ifThen' ? ifThen(p, t)
            : w === 'afterThen' ? afterThen(p, t)
            : w === 'elseBody' ? elseBody(p, t)
            // module statements
            : w === 'stmt' ? statement(p, t)
            : w === 'stmtEnd' ? (isPunct(t, ';') ? { ...p, want: 'stmt' } : t.nl || t.kind === 'eof' ? statement(p, t) : unexpected(t, `a line break or ';' after the statement`))
            : w === 'constName' ? declare(p, t, 'constEq')
            : w === 'constEq' ? (!isPunct(t, '=') ? unexpected(t, `'='`) : language.module === 'cjs' ? { ...p, want: 'constValue' } : constValue(p, t))
            : w === 'constValue' ? (isWord(t, 'require') ? { ...p, want: 'requireOpen' } : again(constValue(p, t), t))
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
            : w === 'exportDefault' ? (isWord(t, 'default') ? push(p, t, { kind: 'export' }, 0, 'operand') : unexpected(t, `'default'`))
            : w === 'moduleDot' ? expect(p, t, isPunct(t, '.'), 'moduleExports', `'.'`)
            : w === 'moduleExports' ? expect(p, t, isWord(t, 'exports'), 'moduleEq', `'exports'`)
            : w === 'moduleEq' ? (isPunct(t, '=') ? push(p, t, { kind: 'export' }, 0, 'operand') : unexpected(t, `'='`))
            : w === 'end' ? (t.kind === 'eof' ? finish(p) : isPunct(t, ';') && language.module !== null ? p
                : unexpected(t, language.module === null ? 'the end of the input' : 'the end of the module'))
            : unexpected(t, 'the end of the input')
    }

    const init = {
        want: language.module === null ? 'operand' : 'stmt',
        stack: language.module === null ? { kind: 'top', level: 0, next: null } : null,
        value: null,
        pending: null,
        names: map.empty,
        imports: list.empty,
        importCount: 0,
        consts: list.empty,
        constCount: 0,
        spec: null,
        exportValue: null,
        result: null,
    }

    return { init, step }
}

export default { parser, maxDepth }
