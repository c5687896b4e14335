throw new RangeError('thrown while evaluating throws.mjs')
