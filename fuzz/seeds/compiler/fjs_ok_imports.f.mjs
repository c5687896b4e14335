import math from '../lib/math.f.mjs'
import data from '../lib/data.d.mjs'
import table from '../lib/table.json' with { type: 'json' }

const primes = data.primes

export default {
    squares: primes.map(math.square),
    sum: math.sum(primes),
    gcds: math.range(6).map(i => math.gcd(i * 4, 6)),
    rows: table.rows.map(r => `${r[0]}=${r[1]}`),
    same: data === data,
    primes,
}
