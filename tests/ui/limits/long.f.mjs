const s = 'abcdefghijklmnopqrstuvwxyz'
export default s + s + s
