// Recursion and mutual recursion through module constants defined later.
const isEven = n => n === 0 ? true : isOdd(n - 1)

const isOdd = n => n === 0 ? false : isEven(n - 1)

const fib = n => n < 2 ? n : fib(n - 1) + fib(n - 2)

const ackermann = (m, n) => m === 0 ? n + 1 : n === 0 ? ackermann(m - 1, 1) : ackermann(m - 1, ackermann(m, n - 1))

const hanoi = (n, from, to, via) => n === 0 ? [] : [...hanoi(n - 1, from, via, to), [from, to], ...hanoi(n - 1, via, to, from)]

export default { even: [0, 1, 10, 15].map(isEven), fib: [0, 1, 2, 10, 20].map(fib), ackermann: ackermann(2, 3), hanoi: hanoi(3, 'a', 'c', 'b') }
