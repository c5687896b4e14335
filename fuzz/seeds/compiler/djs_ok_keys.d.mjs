const name = "shared"
const __proto__ = [1]
export default {
    plain: 1, "string": 2, 'single': 3, ["computed"]: 4, [ /* a comment */ 'computed2' ]: 5,
    class: 6, default: 7, import: 8, true: 9, false: 10, null: 11, undefined: 12, if: 13,
    $: 14, _: 15, $_a1: 16,
    "10": 17, "2": 18, a: 19, "1": 20, "-1": 21, "01": 22, "4294967295": 23, "4294967294": 24,
    plain: "last value wins, first position stays",
    ["__proto__"]: "an own property",
    "\u0070roto": "escaped key",
    name,
    __proto__,
    "": "empty key",
}
