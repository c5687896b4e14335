import config from '../../../fixtures/macros/config/main.d.mjs'
export default config
