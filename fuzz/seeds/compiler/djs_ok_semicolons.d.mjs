;
const a = 1; const b = [a];;
export
default
[a, b,];;
