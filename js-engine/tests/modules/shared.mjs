// Imported twice (directly and through list.mjs): one module instance, so
// one object.
export default { name: 'shared', n: -0 }
