import data from "../lib/data.json" with { type: "json" }
import again from '../lib/data.json'
    with { 'type': 'json', }
export default { data, again, same: [data] }
