// Values every server starts from.
export default {
    timeout_ms: 2500,
    retries: 3,
    greeting: "h\u00e9llo, w\u00f6rld",
}
