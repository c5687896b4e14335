// The syntax tree that the parser (parser.f.mjs) builds and the code
// generator (codegen.f.mjs) lowers to bytecode.
//
// Expressions (each has `start`, the code unit offset of its first token):
//
//   { kind: 'lit', rope, size, height }  a literal whose bytecode is known
//        (a sized rope, see bytecode.f.mjs); `height` is how many levels of
//        arrays and objects it nests; numbers also carry `number`, bigints
//        `bigint` and `negative`, for constant negation, strings `units`
//   { kind: 'name', name, bare }         a reference; `bare` when it is a
//        lone identifier (it may become an arrow function's parameter)
//   { kind: 'op', tag, args }            an operation of fixed arity
//        (docs/bytecode.md, "Operations"), its operands in order
//   { kind: 'array', items, spread }     an array literal that is not a
//        literal; items may be `spread` nodes
//   { kind: 'object', props, dynamic }   props: { kind: 'prop', key, value }
//        (key: code units), { kind: 'computed', key, value }, or `spread`
//   { kind: 'call', callee, args, spread }
//   { kind: 'spread', node }             `...node` in an array, object or call
//   { kind: 'fn', length, params, body, block }  an arrow function: `params`
//        maps names to { arg: true, index }; `body` is its expression, or
//        null and `block` its block body
//
// Flags: `paren` (written in parentheses) and `arrow` (an arrow function
// not in parentheses: nothing may follow it).
//
// A block is { stmts, exits, start }: statements
//
//   { kind: 'const', name, value }
//   { kind: 'if', test, then, else, exits }   then/else: blocks (else may be null)
//   { kind: 'return', value }
//
// and `exits`, the number of places where control falls off its end
// (codegen.f.mjs lowers the statements to expressions).

import bc from './bytecode.f.mjs'

const tag = bc.tag

/** Binary operators: [precedence, tag]. Logical ones too; `??` is lowest. */
const binary = {
    '??': [1, tag.nullish], '||': [2, tag.or], '&&': [3, tag.and],
    '|': [4, tag.bitOr], '^': [5, tag.bitXor], '&': [6, tag.bitAnd],
    '===': [7, tag.strictEq], '!==': [7, tag.strictNe],
    '<': [8, tag.lt], '>': [8, tag.gt], '<=': [8, tag.le], '>=': [8, tag.ge],
    '<<': [9, tag.shl], '>>': [9, tag.shr], '>>>': [9, tag.ushr],
    '+': [10, tag.add], '-': [10, tag.sub],
    '*': [11, tag.mul], '/': [11, tag.div], '%': [11, tag.rem],
    '**': [12, tag.pow],
}

/** Prefix operators and their tags. */
const unary = { '!': tag.not, '-': tag.negate, '+': tag.toNumber, '~': tag.bitNot, typeof: tag.typeof }

/** A literal of the sized rope `s`. */
const literal = (s, start) => ({ kind: 'lit', rope: s.rope, size: s.size, height: 0, start })

const number = (x, start) => ({ ...literal(bc.number(x), start), number: x })

const bigint = (negative, n, start) => ({ ...literal(bc.bigintValue(negative, n), start), bigint: n, negative })

const string = (units, start) => ({ ...literal(bc.stringValue(units), start), units })

const max = (a, b) => a > b ? a : b

/** The array literal of literal items. */
const literalArray = (items, start) => ({
    kind: 'lit', ...bc.array(items), height: 1 + items.reduce((h, i) => max(h, i.height), 0), start,
})

/** The object literal of properties `{ key, value }` whose values are literals. */
const literalObject = (props, start) => ({
    kind: 'lit',
    ...bc.object(props.map(p => bc.property(p.key, p.value))),
    height: 1 + props.reduce((h, p) => max(h, p.value.height), 0),
    start,
})

const op = (t, args, start) => ({ kind: 'op', tag: t, args, start })

/** The prefix operator `operator` applied to `v`; a minus before a numeric literal is folded. */
const prefix = (operator, v, start) =>
    operator === '-' && v.kind === 'lit' && v.number !== undefined ? number(-v.number, start)
    : operator === '-' && v.kind === 'lit' && v.bigint !== undefined ? bigint(!v.negative, v.bigint, start)
    : op(unary[operator], [v], start)

/** Whether `n` is `a && b` or `a || b` outside parentheses (which may not meet `??`). */
const isBareLogical = n => n.kind === 'op' && (n.tag === tag.and || n.tag === tag.or) && n.paren !== true

const ifStatement = (test, then, otherwise, start) => ({
    kind: 'if', test, then, else: otherwise, start,
    exits: then.exits + (otherwise === null ? 1 : otherwise.exits),
})

export default {
    binary, unary, literal, number, bigint, string, literalArray, literalObject, op, prefix,
    isBareLogical, ifStatement,
}
