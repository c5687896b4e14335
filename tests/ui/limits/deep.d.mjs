export default [[[[{ "a": "deep string" }]]]]
