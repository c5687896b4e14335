// Closures reach the arguments and constants of every enclosing function.
const adder = a => b => c => a + b + c

const make = base => {
    const scale = base * 10
    const at = i => {
        const offset = i + scale
        return j => [base, scale, i, offset, j, offset + j]
    }
    return at
}

const compose = (f, g) => x => f(g(x))

const twice = f => compose(f, f)

export default {
    sums: [adder(1)(2)(3), adder('a')('b')('c')],
    made: [make(1)(2)(3), make(5)(0)(-1)],
    composed: [twice(x => x * 3)(2), twice(twice(x => x + '!'))('hi')],
}
