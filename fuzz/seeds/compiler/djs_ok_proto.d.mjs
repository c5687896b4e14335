const inner = { ["__proto__"]: null }
export default [inner, { ["__proto__"]: inner, "__proto": 1 }, [{ ["__proto__"]: [] }]]
