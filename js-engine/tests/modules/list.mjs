import shared from './shared.mjs'

export default [shared, shared, 1n, -(2n ** 70n)]
