// Methods of plain objects and of builtins, by name and by computed key.
const tools = { double: x => x * 2, name: 'tools', nested: { triple: x => x * 3 } }
const m = 'double'

export default [tools.double(2), tools[m](3), (tools.double)(4), tools.nested.triple(5), tools['nested']['triple'](6), 'abc'['charCodeAt'](1), [3, 1, 2]['slice'](1)]
