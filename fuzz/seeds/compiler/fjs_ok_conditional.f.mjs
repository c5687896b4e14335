// ?: chains nest to the right; only one branch is evaluated.
const sign = x => x > 0 ? 'positive' : x < 0 ? 'negative' : x === 0 ? 'zero' : 'NaN'

const grade = n => n >= 90 ? 'A' : n >= 80 ? 'B' : n >= 70 ? 'C' : 'D'

const fail = () => fail.x.y

export default {
    signs: [3, -2, 0, -0, 0 / 0].map(sign),
    grades: [95, 85, 75, 10].map(grade),
    lazy: [true ? 1 : fail(), false ? fail() : 2],
    inner: [0, 1, 2, 3].map(i => i & 1 ? i & 2 ? 'odd-high' : 'odd-low' : 'even'),
}
