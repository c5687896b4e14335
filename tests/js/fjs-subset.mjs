// Checks that the compiler's source (nanvm-core/fjs/*.f.mjs) is written
// in the FunctionalScript subset of docs/fjs.md, so that the compiler can
// compile itself and a small VM can run it:
//
// - only the syntax listed there (node types of the JavaScript parser acorn,
//   which node ships and exposes with --expose-internals);
// - only the globals and builtins listed in its "Builtins" table.
//
// Run: node --expose-internals tests/js/fjs-subset.mjs [DIR]
// (DIR defaults to nanvm-core/fjs).
// Prints one line per violation (`file:line:column: message`) and exits
// with status 1 if there is any.

import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const acorn = require('internal/deps/acorn/acorn/dist/acorn')

const root = new URL('../../', import.meta.url)
const { pathToFileURL } = await import('node:url')
const dir = process.argv[2] === undefined
    ? new URL('nanvm-core/fjs/', root)
    : pathToFileURL(process.argv[2].replace(/\/?$/, '/'))

// The builtins table of docs/fjs.md: rows whose first cell is `Name` or
// `Type.prototype.name` in backquotes.
const doc = readFileSync(new URL('docs/fjs.md', root), 'utf8')
const section = doc.slice(doc.indexOf('## Builtins'))
const documented = new Set(
    [...section.matchAll(/^\| `([A-Za-z_$][\w$.]*)`/gm)].map(m => m[1]))
const globals = new Set([...documented].filter(name => !name.includes('.')))
const statics = new Set([...documented].filter(name => name.split('.').length === 2))
const methods = new Set([...documented]
    .filter(name => name.includes('.prototype.'))
    .map(name => name.split('.prototype.')[1]))

// Property names that the engine's builtins answer to: a call of one of
// these on a value that is not an imported module must be documented.
const builtinNames = new Set([Array, String, Number, BigInt, Object, Function, Boolean, Symbol]
    .flatMap(c => [...Object.getOwnPropertyNames(c.prototype), ...Object.getOwnPropertyNames(c)]))

const binary = new Set(['+', '-', '*', '/', '%', '**', '<', '<=', '>', '>=', '===', '!==',
    '&', '|', '^', '<<', '>>', '>>>'])
const logical = new Set(['&&', '||', '??'])
const unary = new Set(['!', '-', '+', '~', 'typeof'])

const violations = []

const check = file => {
    const text = readFileSync(new URL(file, dir), 'utf8')
    const ast = acorn.parse(text, { ecmaVersion: 'latest', sourceType: 'module', locations: true })
    const bad = (node, message) =>
        violations.push(`${new URL(file, dir).pathname}:${node.loc.start.line}:${node.loc.start.column + 1}: ${message}`)
    const imports = new Set()
    const declared = new Set()

    // Names declared anywhere in the module (consts, parameters, imports).
    const declare = node => {
        if (node.type === 'ImportDefaultSpecifier') { imports.add(node.local.name); declared.add(node.local.name) }
        if (node.type === 'VariableDeclarator') { declared.add(node.id.name) }
        if (node.type === 'ArrowFunctionExpression') { node.params.forEach(p => declared.add(p.name)) }
    }

    const visit = (node, parent) => {
        if (node === null) { return }
        declare(node)
        const children = []
        switch (node.type) {
            case 'Program':
                node.body.forEach(s => {
                    if (!['ImportDeclaration', 'VariableDeclaration', 'ExportDefaultDeclaration'].includes(s.type)) {
                        bad(s, `a module holds imports, consts and one export default, not ${s.type}`)
                    }
                })
                children.push(...node.body)
                break
            case 'ImportDeclaration':
                if (node.specifiers.length !== 1 || node.specifiers[0].type !== 'ImportDefaultSpecifier' || node.attributes?.length) {
                    bad(node, 'only `import name from "./path.f.mjs"`')
                }
                if (!/^\.\.?\//.test(node.source.value)) { bad(node, 'import paths are relative') }
                children.push(...node.specifiers)
                break
            case 'ImportDefaultSpecifier':
                break
            case 'ExportDefaultDeclaration':
                children.push(node.declaration)
                break
            case 'VariableDeclaration':
                if (node.kind !== 'const') { bad(node, `no ${node.kind}, only const`) }
                children.push(...node.declarations)
                break
            case 'VariableDeclarator':
                if (node.id.type !== 'Identifier' || node.init === null) { bad(node, 'const name = expression (no destructuring)') }
                children.push(node.init)
                break
            case 'ArrowFunctionExpression':
                if (node.async || node.generator) { bad(node, 'no async or generator functions') }
                node.params.forEach(p => { if (p.type !== 'Identifier') { bad(p, 'parameters are plain names') } })
                children.push(node.body)
                break
            case 'BlockStatement':
                if (!(parent.type === 'ArrowFunctionExpression' || parent.type === 'IfStatement')) {
                    bad(node, 'a block is a function body or a branch of if')
                }
                node.body.forEach(s => {
                    if (!['VariableDeclaration', 'IfStatement', 'ReturnStatement'].includes(s.type)) {
                        bad(s, `a block holds const, if and return, not ${s.type}`)
                    }
                })
                children.push(...node.body)
                break
            case 'IfStatement':
                children.push(node.test, node.consequent, node.alternate)
                if (node.consequent.type !== 'BlockStatement' || (node.alternate && !['BlockStatement', 'IfStatement'].includes(node.alternate.type))) {
                    bad(node, 'if branches are blocks')
                }
                break
            case 'ReturnStatement':
                if (node.argument === null) { bad(node, 'return a value') }
                children.push(node.argument)
                break
            case 'CallExpression':
                if (node.optional) { bad(node, 'no optional calls') }
                children.push(node.callee, ...node.arguments)
                break
            case 'MemberExpression':
                if (node.optional) { bad(node, 'no optional chaining') }
                children.push(node.object, node.computed ? node.property : null)
                break
            case 'ConditionalExpression':
                children.push(node.test, node.consequent, node.alternate)
                break
            case 'LogicalExpression':
            case 'BinaryExpression':
                if (!(node.type === 'LogicalExpression' ? logical : binary).has(node.operator)) {
                    bad(node, `no operator ${node.operator}`)
                }
                children.push(node.left, node.right)
                break
            case 'UnaryExpression':
                if (!unary.has(node.operator)) { bad(node, `no operator ${node.operator}`) }
                children.push(node.argument)
                break
            case 'Literal':
                if (node.regex) { bad(node, 'no regular expressions') }
                break
            case 'TemplateLiteral':
                children.push(...node.expressions)
                break
            case 'ArrayExpression':
                node.elements.forEach(e => { if (e === null) { bad(node, 'no array holes') } })
                children.push(...node.elements)
                break
            case 'ObjectExpression':
                children.push(...node.properties)
                break
            case 'Property':
                if (node.kind !== 'init' || node.method) { bad(node, 'no getters, setters or methods') }
                children.push(node.computed ? node.key : null, node.value)
                break
            case 'SpreadElement':
                children.push(node.argument)
                break
            case 'Identifier':
                break
            default:
                bad(node, `no ${node.type}`)
        }
        children.forEach(c => visit(c, node))
    }
    visit(ast, null)

    // Second pass: globals and builtins, now that every declaration is known.
    const uses = (node, parent) => {
        if (node === null || typeof node !== 'object') { return }
        if (Array.isArray(node)) { node.forEach(n => uses(n, parent)); return }
        if (node.type === 'Identifier' && !declared.has(node.name)) {
            const isKey = parent && ((parent.type === 'Property' && parent.key === node && !parent.computed)
                || (parent.type === 'MemberExpression' && parent.property === node && !parent.computed))
            if (!isKey && !globals.has(node.name)) { bad(node, `global ${node.name} is not in the builtins of docs/fjs.md`) }
        }
        if (node.type === 'MemberExpression' && !node.computed) {
            const name = node.property.name
            if (node.object.type === 'Identifier' && !declared.has(node.object.name)) {
                const full = `${node.object.name}.${name}`
                if (!statics.has(full)) { bad(node, `${full} is not in the builtins of docs/fjs.md`) }
            } else if (parent && parent.type === 'CallExpression' && parent.callee === node
                && !(node.object.type === 'Identifier' && imports.has(node.object.name))
                && builtinNames.has(name) && !methods.has(name)) {
                bad(node, `method ${name} is not in the builtins of docs/fjs.md`)
            }
        }
        for (const [key, value] of Object.entries(node)) {
            if (key !== 'loc' && value && typeof value === 'object') { uses(value, node) }
        }
    }
    uses(ast, null)
}

const files = readdirSync(dir).filter(f => f.endsWith('.f.mjs')).sort()
files.forEach(check)
violations.forEach(v => process.stdout.write(v + '\n'))
process.stdout.write(`${files.length} files checked, ${violations.length} violations\n`)
process.exitCode = violations.length === 0 ? 0 : 1
