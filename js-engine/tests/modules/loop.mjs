// Never finishes: for the time limit.
let n = 0
for (;;) {
    n += 1
}
