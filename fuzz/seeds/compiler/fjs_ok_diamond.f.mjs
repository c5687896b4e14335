// Two imports share a third module: its value is one value in the bundle too.
import left from '../lib/left.f.mjs'
import right from '../lib/right.f.mjs'
import shared from '../lib/shared.f.mjs'

export default { left, right, shared, same: left.shared === right.shared && right.shared === shared }
