const f = x => x

export default [typeof 1, typeof 'a', typeof true, typeof undefined, typeof null, typeof [], typeof {}, typeof f, typeof 1n, typeof Array, typeof typeof 1, typeof f === 'function']
