// Functions may refer to constants defined after them, in a module and in a block.
const area = r => pi * square(r)
const square = x => x * x
const pi = 3

const local = x => {
    const first = () => second() + 1
    const second = () => x * 10
    return first()
}

export default { area: area(2), local: local(4) }
