// Sizes beyond 2^53: bigints keep every digit.
export default {
    max_upload_bytes: 18446744073709551616n,
    max_requests: 1000000,
}
