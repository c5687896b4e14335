import shared from './shared.f.mjs'
import math from './math.f.mjs'

export default { side: 'right', shared, total: math.sum(shared.items) }
