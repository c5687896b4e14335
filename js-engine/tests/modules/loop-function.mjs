export default () => { for (;;) { } }
