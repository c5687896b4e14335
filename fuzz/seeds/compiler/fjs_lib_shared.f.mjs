// One value that two modules import: it must stay one value.

export default { name: 'shared', items: [1, 2, 3] }
