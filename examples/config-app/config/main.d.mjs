// The application's configuration: one module graph, three files.
import defaults from './defaults.d.mjs'
import limits from './limits.d.mjs'

/* One object, reached from both servers: the same value, not a copy. */
const tls = { cert: "certs/site.pem", protocols: ["TLSv1.2", "TLSv1.3"] }

export default {
    name: "config-app",
    servers: [
        { host: "a.example.com", port: 443, tls },
        { host: "b.example.com", port: 8443, tls },
    ],
    defaults,
    limits,
}
