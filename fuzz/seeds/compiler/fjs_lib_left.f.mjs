import shared from './shared.f.mjs'

export default { side: 'left', shared, first: shared.items[0] }
