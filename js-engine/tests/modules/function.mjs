// A function of JSON arguments, as the bootstrapped compiler will be.
export default (text, n) => ({ text, length: text.length, units: Array.from(text, c => c.charCodeAt(0)), n: n * 2, lone: '\udc00' })
