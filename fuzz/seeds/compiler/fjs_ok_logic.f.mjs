// && || ?? ! and short-circuit evaluation.
const values = [0, -0, 1, '', 'x', null, undefined, 0 / 0, [], {}, false, true, 0n]

const never = () => never.fails.here

export default {
    and: values.map(a => values.map(b => a && b)),
    or: values.map(a => values.map(b => a || b)),
    nullish: values.map(a => a ?? 'default'),
    not: values.map(a => !a),
    short: [false && never(), true || never(), 1 ?? never(), (null ?? 0) || 'z', (0 || null) ?? 'w'],
}
