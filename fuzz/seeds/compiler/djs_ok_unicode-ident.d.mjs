const café = 1
const 𝑥‍ = 2 // MATHEMATICAL ITALIC SMALL X, ZWJ
const 中文 = { ümlåût: café, "𝑥": 𝑥‍ }
export default [café, 中文, { 𝑥‍, ª: 1, á: 2 }]
